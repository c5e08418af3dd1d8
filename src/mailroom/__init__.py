"""mailroom: scope software integrations in plain words."""

__version__ = "0.1.0"
