"""Schedules as people say them become the cron that runs at the stated times, or the
nearest cron with a TODO naming what it misses (issue "Faithful to the real systems",
Schedules kept; issue "Schedules, dates, files and signatures as people say them")."""

from __future__ import annotations

import pytest

from mailroom.spec.calendar import read_calendar
from mailroom.spec.schedule import cron_for, parse_schedule
from mailroom.stub.plan import Trigger

EXACT = [
    ("nightly at 02:00", "0 2 * * *", 86400),
    ("every day at 6:30 pm", "30 18 * * *", 86400),
    ("daily at noon", "0 12 * * *", 86400),
    ("every Friday at 09:00", "0 9 * * 5", 7 * 86400),
    ("weekly on Friday at 09:00", "0 9 * * 5", 7 * 86400),
    ("weekdays at 18:00", "0 18 * * 1-5", 86400),
    ("every weekday at 7am", "0 7 * * 1-5", 86400),
    ("on Mondays and Thursdays at 9am", "0 9 * * 1,4", 3.5 * 86400),
    ("at 09:00 and 17:00 every weekday", "0 9,17 * * 1-5", 43200),
    ("monthly on the 1st at 06:00", "0 6 1 * *", 30 * 86400),
    ("the 15th of each month at 23:30", "30 23 15 * *", 30 * 86400),
    ("nightly at 2 UTC", "0 2 * * *", 86400),
]


@pytest.mark.parametrize(("text", "cron", "seconds"), EXACT)
def test_a_schedule_with_its_days_and_times_is_the_cron_that_runs_then(text, cron, seconds):
    calendar = read_calendar(text)
    assert calendar is not None
    assert (calendar.cron, calendar.seconds, calendar.todo) == (cron, seconds, None)
    assert parse_schedule(text).valid and parse_schedule(text).seconds == seconds
    assert cron_for(text) == (cron, None)


@pytest.mark.parametrize(("text", "cron", "missing"), [
    ("nightly", "0 0 * * *", "the time of day is not stated"),
    ("every Friday", "0 0 * * 5", "the time of day is not stated"),
    ("every 2 weeks on Tuesday at 08:00", "0 8 * * 2",
     "every 2 weeks cannot be said in cron: it runs every week; the job must skip"),
    ("first Monday of the month at 07:00", "0 7 1-7 * *",
     "the first Monday of the month cannot be said in cron: it runs every day from the 1st "
     "to the 7th; the job must go on only on a Monday"),
    ("the last Friday of the month at 17:00", "0 17 22-31 * *",
     "the job must go on only on a Friday with no other after it in the month"),
    ("every day at 9:15 and 17:45", "15 9 * * *", "also at 17:45: each needs a cron line"),
    ("every day at 02:00 Europe/Oslo", "0 1 * * *",
     "02:00 Europe/Oslo is 01:00 UTC in standard (winter) time: in summer time the run comes "
     "at 03:00 Oslo time"),
    ("monthly on the 1st at 00:30 Europe/Oslo", "30 0 1 * *",
     "the times are in Europe/Oslo; cron runs in UTC on the platform: shift them"),
    ("monthly on the 31st at 6", "0 6 31 * *", "months without a day 31 get no run"),
])
def test_what_cron_cannot_say_is_named_never_dropped(text, cron, missing):
    expression, todo = cron_for(text)
    assert expression == cron
    assert todo is not None and missing in todo


def test_day_of_month_and_day_of_week_are_never_both_restricted():
    """Cron runs when either matches: '1-7 * 1' would run every day of the first week
    and every Monday."""
    for text in ("first Monday of the month at 07:00", "the last Friday of the month"):
        calendar = read_calendar(text)
        assert calendar is not None
        _minute, _hour, dom, _month, dow = calendar.cron.split()
        assert dom == "*" or dow == "*"


@pytest.mark.parametrize("text", ["every 15 minutes", "every hour", "twice a day", "0 2 * * *",
                                  "every day at 25:00", "sometimes"])
def test_what_is_no_calendar_is_left_to_the_interval_and_cron_readers(text):
    assert read_calendar(text) is None


def test_the_stub_says_cron_runs_in_utc():
    assert Trigger("cron", "0 2 * * *", "nightly at 02:00").words() == (
        "cron 0 2 * * * in UTC (nightly at 02:00)")


@pytest.mark.parametrize(("text", "cron"), [
    ("every Friday at 09:00 Europe/Oslo", "0 8 * * 5"),
    ("weekdays at 00:30 Europe/Oslo", "30 23 * * 0,1,2,3,4"),  # the evening before, in UTC
    ("every Monday at 20:00 America/New_York", "0 1 * * 2"),
    ("every day at 09:00 Australia/Sydney", "0 23 * * *"),  # standard time is July's there
])
def test_a_time_in_a_named_zone_is_converted_to_utc_and_summer_time_is_said(text, cron):
    expression, todo = cron_for(text)
    assert expression == cron
    assert todo is not None and "in summer time the run comes at" in todo


def test_a_zone_without_summer_time_converts_exactly():
    assert cron_for("nightly at 02:00 Asia/Kolkata") == ("30 20 * * *", None)
