"""`mailroom brief`: the one-page answer to "Do you integrate with X?" — its view,
its lists (what the prospect provides, what is not included, what to settle) and
its pipeline to one printed page."""
