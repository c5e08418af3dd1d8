"""Reading the free-text values that carry structure: schedules (cron expressions and
intervals, in words) and volumes (a count and a rate)."""

from __future__ import annotations

import pytest

from mailroom.spec.quantities import Volume, parse_volume
from mailroom.spec.schedule import describe_schedule, parse_schedule

# -- schedules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("*/30 * * * *", 1800),
        ("* * * * *", 60),
        ("0 * * * *", 3600),
        ("15,45 * * * *", 1800),
        ("0 */6 * * *", 6 * 3600),
        ("0 2 * * *", 86400),
        ("0 6,18 * * *", 43200),
        ("0 9 * * 1-5", 7 * 86400 / 5),
        ("0 0 1 * *", 30 * 86400),
    ],
)
def test_cron_expressions_are_valid_with_their_rough_interval(text: str, seconds: float) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid, parsed.problem) == ("cron", True, None)
    assert parsed.seconds == pytest.approx(seconds, rel=0.02)  # months are 28 to 31 days


@pytest.mark.parametrize(
    ("macro", "seconds", "words"),
    [
        ("@hourly", 3600, "every hour"),
        ("@daily", 86400, "every day at 00:00"),
        ("@midnight", 86400, "every day at 00:00"),
        ("@weekly", 7 * 86400, "every Sunday at 00:00"),
        ("@monthly", 30 * 86400, "on the cron schedule “0 0 1 * *”"),
        ("@yearly", 365 * 86400, "on the cron schedule “0 0 1 1 *”"),
    ],
)
def test_cron_macros_are_cron(macro: str, seconds: float, words: str) -> None:
    parsed = parse_schedule(macro)
    assert (parsed.kind, parsed.valid) == ("cron", True)
    assert parsed.seconds == pytest.approx(seconds, rel=0.02)
    assert describe_schedule(macro) == words


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("every 30 minutes", 1800),
        ("every 2 weeks", 14 * 86400),
        ("every hour", 3600),
        ("every thirty minutes", 1800),
        ("every weekday", 86400),
        ("nightly at 01:00", 86400),
        ("hourly", 3600),
        ("twice a day", 43200),
        ("3 times per hour", 1200),
        ("PT15M", 900),
        ("P1D", 86400),
    ],
)
def test_intervals_are_read_with_their_length(text: str, seconds: float) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid, parsed.seconds) == ("interval", True, seconds)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("60 * * * *", "the minute field has 60, outside 0-59"),
        ("0 24 * * *", "the hour field has 24, outside 0-23"),
        ("0 0 0 * *", "the day of month field has 0, outside 1-31"),
        ("0 0 * 13 *", "the month field has 13, outside 1-12"),
        ("0 0 * * 8", "the day of week field has 8, outside 0-7"),
        ("0 0 * * 1-9", "the day of week field has 9, outside 0-7"),
        ("*/0 * * * *", "the minute step '/0' must be a whole number above 0"),
        ("0 */x * * *", "the hour step '/x' must be a whole number above 0"),
        ("0 mon * * *", "the hour field has 'mon', which is not a number"),
    ],
)
def test_invalid_cron_says_which_field_is_wrong(text: str, problem: str) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid, parsed.problem, parsed.seconds) == (
        "cron", False, problem, None)
    assert describe_schedule(text) == f"on the schedule “{text}”"


def test_month_and_day_names_are_valid_in_their_own_fields() -> None:
    assert parse_schedule("0 0 1 jan *").valid
    assert parse_schedule("0 9 * * MON-FRI").valid


@pytest.mark.parametrize("text", ["whenever Bob remembers", "@reboot", "soon"])
def test_unreadable_schedules_are_unknown(text: str) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid) == ("unknown", False)
    assert describe_schedule(text) == f"on the schedule “{text}”"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("*/30 * * * *", "every 30 minutes"),
        ("0 * * * *", "every hour"),
        ("15 * * * *", "every hour at 15 minutes past"),
        ("0 */6 * * *", "every 6 hours"),
        ("30 2 * * *", "every day at 02:30"),
        ("0 9 * * 1-5", "every weekday at 09:00"),
        ("0 9 * * 1", "every Monday at 09:00"),
        ("0 9 * * 7", "every Sunday at 09:00"),
        ("0 0 1 * *", "on the cron schedule “0 0 1 * *”"),
        ("every 2 weeks", "every 2 weeks"),
        ("PT30M", "every 30 minutes"),
        ("P1D", "every day"),
        ("PT90M", "every 90 minutes"),
    ],
)
def test_schedules_are_described_in_words(text: str, words: str) -> None:
    assert describe_schedule(text) == words


@pytest.mark.parametrize(
    ("text", "words"), [("*/1 * * * *", "every minute"), ("0 */1 * * *", "every hour")])
def test_a_step_of_one_reads_in_the_singular(text: str, words: str) -> None:
    assert describe_schedule(text) == words


def test_a_five_word_interval_is_an_interval() -> None:
    parsed = parse_schedule("every 2 hours on weekdays")
    assert (parsed.kind, parsed.valid, parsed.seconds) == ("interval", True, 7200)


def test_an_hour_range_counts_each_hour() -> None:
    assert parse_schedule("0 8-17 * * *").seconds == 86400 / 10


# -- volumes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "per_day", "daily"),
    [
        ("200 records/day", 200, 1.0, 200),
        ("50k rows a night", 50_000, 1.0, 50_000),
        ("1,500 records per hour", 1500, 24.0, 36_000),
        ("12 records a minute", 12, 1440.0, 17_280),
        ("10 000 rows/month", 10_000, 1 / 30, 10_000 / 30),
        ("2.5k records a week", 2500, 1 / 7, 2500 / 7),
        ("5 million records", 5_000_000, None, None),
        ("500 records per run", 500, None, None),
        ("200", 200, None, None),
    ],
)
def test_volumes_are_read_as_count_and_rate(
    text: str, count: float, per_day: float | None, daily: float | None
) -> None:
    volume = parse_volume(text)
    assert volume is not None
    assert volume.count == count
    assert volume.per_day == pytest.approx(per_day)
    assert volume.daily == pytest.approx(daily)


@pytest.mark.parametrize("text", [None, "", "lots", "a few a day"])
def test_volumes_without_a_number_are_not_guessed(text: str | None) -> None:
    assert parse_volume(text) is None


def test_a_volume_is_a_plain_value() -> None:
    assert parse_volume("200 records/day") == Volume(200.0, 1.0)
