"""Reading how fresh the data must be, as people write it, into seconds: the most the data
may wait. What cannot be read is None (the rule that compares it with the schedule then
stays silent), never a guess."""

from __future__ import annotations

import pytest

from mailroom.spec.schedule import freshness_seconds


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("5 minutes", 300),
        ("within 15 minutes", 900),
        ("1 hour", 3600),
        ("an hour", 3600),
        ("half an hour", 1800),
        ("ten minutes", 600),
        ("1 day", 86400),
        ("1 day (yesterday's figures by 06:00)", 86400),
        ("next day", 86400),
        ("the same day", 86400),
        ("same-day", 86400),
        ("at once", 60),
        ("real time", 60),
        ("Real-time", 60),
        ("immediately", 60),
        ("under 2 seconds at login", 2),
        ("less than 10 min", 600),
        ("24h", 86400),
        ("2-3 hours", 3 * 3600),  # a range counts by its upper end
        ("5 minutes or less", 300),
        ("daily", 86400),
        ("3 business days", 3 * 86400),
        ("within about 5 minutes", 300),
    ],
)
def test_freshness_as_people_write_it(text: str, seconds: float) -> None:
    assert freshness_seconds(text) == seconds


@pytest.mark.parametrize(
    "text",
    [None, "", "as fresh as possible", "a few minutes", "by 06:00", "near real time",
     "minutes", "an hour or two", "soon"],
)
def test_freshness_that_cannot_be_read_is_none(text: str | None) -> None:
    assert freshness_seconds(text) is None
