"""Schedules as people write them, each with the cron it becomes (in UTC, as OpenFn's
Lightning runs it) or exactly what the cron cannot say (issue "Schedules, dates, files and
signatures as people say them": a table-driven test of at least 40 phrasings, the README's
table too). Taken from the interview's examples, the samples, and how people write them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mailroom.spec.schedule import cron_for, parse_schedule

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")

# (as said, the cron, what the cron cannot say: None when it runs at exactly those times)
PHRASINGS: list[tuple[str, str, str | None]] = [
    ('nightly at 02:00', '0 2 * * *', None),
    ('every night at 2am', '0 2 * * *', None),
    ('daily at noon', '0 12 * * *', None),
    ('every day at 6:30 pm', '30 18 * * *', None),
    ('every day at midnight', '0 0 * * *', None),
    ('every Friday at 09:00', '0 9 * * 5', None),
    ('weekly on Friday at 09:00', '0 9 * * 5', None),
    ('on Fridays at 9am', '0 9 * * 5', None),
    ('each Monday at 08:30', '30 8 * * 1', None),
    ('every Saturday at midnight', '0 0 * * 6', None),
    ('every Wednesday at 14:00', '0 14 * * 3', None),
    ('weekdays at 18:00', '0 18 * * 1-5', None),
    ('every weekday at 7am', '0 7 * * 1-5', None),
    ('at 7:00 on weekdays', '0 7 * * 1-5', None),
    ('every working day at 08:00', '0 8 * * 1-5', None),
    ('on business days at 17:30', '30 17 * * 1-5', None),
    ('Mondays and Thursdays at 9am', '0 9 * * 1,4', None),
    ('every Tuesday and Friday at 06:00', '0 6 * * 2,5', None),
    ('Mon, Wed and Fri at 12:00', '0 12 * * 1,3,5', None),
    ('at 09:00 and 17:00 every weekday', '0 9,17 * * 1-5', None),
    ('every day at 6 am and 6 pm', '0 6,18 * * *', None),
    ('twice a day', '0 */12 * * *', None),
    ('every hour between 8 and 18', '0 8-18 * * *', None),
    ('every 2 hours between 8 and 18 on weekdays', '0 8-18/2 * * 1-5', None),
    ('hourly from 9am to 5pm', '0 9-17 * * *', None),
    ('every 15 minutes', '*/15 * * * *', None),
    ('every 5 minutes', '*/5 * * * *', None),
    ('every hour', '0 * * * *', None),
    ('hourly', '0 * * * *', None),
    ('every 2 hours', '0 */2 * * *', None),
    ('monthly on the 1st at 06:00', '0 6 1 * *', None),
    ('the 15th of each month at 23:30', '30 23 15 * *', None),
    ('on the first day of every month at 05:00', '0 5 1 * *', None),
    ('nightly at 2 UTC', '0 2 * * *', None),
    ('0 2 * * *', '0 2 * * *', None),
    ('*/30 * * * *', '*/30 * * * *', None),
    ('every Friday', '0 0 * * 5', 'the time of day is not stated: midnight (UTC) stands in'),
    ('nightly', '0 0 * * *', 'the time of day is not stated: midnight (UTC) stands in'),
    ('weekly', '0 0 * * 1',
     'the day of the week is not stated: Monday stands in; the time of day is not stated: '
     'midnight (UTC) stands in'),
    ('monthly', '0 0 1 * *',
     'the day of the month is not stated: the 1st stands in; the time of day is not '
     'stated: midnight (UTC) stands in'),
    ('every day at 9:15 and 17:45', '15 9 * * *',
     'also at 17:45: each needs a cron line of its own'),
    ('monthly on the 31st at 6', '0 6 31 * *', 'months without a day 31 get no run'),
    ('first Monday of the month at 07:00', '0 7 1-7 * *',
     'the first Monday of the month cannot be said in cron: it runs every day from the 1st'
     ' to the 7th; the job must go on only on a Monday'),
    ('second Tuesday of the month at 10:00', '0 10 8-14 * *',
     'the second Tuesday of the month cannot be said in cron: it runs every day from the '
     '8th to the 14th; the job must go on only on a Tuesday'),
    ('the last Friday of the month at 17:00', '0 17 22-31 * *',
     'the last Friday of the month cannot be said in cron: it runs every day from the 22nd'
     ' to the 31st; the job must go on only on a Friday with no other after it in the '
     'month'),
    ('every 2 weeks on Tuesday at 08:00', '0 8 * * 2',
     'every 2 weeks cannot be said in cron: it runs every week; the job must skip the '
     'weeks in between'),
    ('every other Wednesday at 14:00', '0 14 * * 3',
     'every 2 weeks cannot be said in cron: it runs every week; the job must skip the '
     'weeks in between'),
    ('fortnightly on Monday', '0 0 * * 1',
     'every 2 weeks cannot be said in cron: it runs every week; the job must skip the '
     'weeks in between; the time of day is not stated: midnight (UTC) stands in'),
    ('every 3 weeks on Thursday at 9am', '0 9 * * 4',
     'every 3 weeks cannot be said in cron: it runs every week; the job must skip the '
     'weeks in between'),
    ('every 2 weeks', '0 0 * * *',
     '“every 2 weeks” has no exact cron; daily at midnight (UTC) stands in'),
    ('every day at 02:00 Europe/Oslo', '0 1 * * *',
     '02:00 Europe/Oslo is 01:00 UTC in standard (winter) time: in summer time the run comes '
     'at 03:00 Oslo time, unless the cron is changed when summer time starts and ends'),
    ('every Friday at 09:00 Europe/Oslo', '0 8 * * 5',
     '09:00 Europe/Oslo is 08:00 UTC in standard (winter) time: in summer time the run comes '
     'at 10:00 Oslo time, unless the cron is changed when summer time starts and ends'),
    ('monthly on the 1st at 00:30 Europe/Oslo', '30 0 1 * *',
     'the times are in Europe/Oslo; cron runs in UTC on the platform: shift them (and again '
     'when summer time starts or ends)'),
]


def test_there_are_at_least_forty():
    assert len(PHRASINGS) >= 40
    assert len({said for said, _, _ in PHRASINGS}) == len(PHRASINGS)


@pytest.mark.parametrize(("said", "cron", "todo"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_each_phrasing_becomes_its_cron_or_says_what_cron_cannot(said, cron, todo):
    assert cron_for(said) == (cron, todo)
    assert parse_schedule(said).valid  # none is refused: each is read, or says what differs


def _row(said: str, cron: str, todo: str | None) -> str:
    said = said.replace("*", "\\*")  # Markdown would read a star as emphasis
    return f"| {said} | `{cron}` | {todo or 'runs at exactly those times'} |"


@pytest.mark.parametrize(("said", "cron", "todo"), PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_the_readme_shows_each_phrasing(said, cron, todo):
    rows = re.findall(r"^\| .* \| `.*` \| .* \|$", README, re.MULTILINE)
    assert _row(said, cron, todo) in rows


def test_the_document_reads_each_schedule_back_as_its_cron_in_utc(tmp_path, monkeypatch):
    from tests.rule_support import PULL, make_spec

    from mailroom.document.output import Options
    from mailroom.document.render import render
    from mailroom.spec.saving import dump_spec

    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))
    said = {"plain": "every Friday at 09:00", "oslo": "every Friday at 09:00 Europe/Oslo"}
    for name, schedule in said.items():
        (tmp_path / f"{name}.yaml").write_text(dump_spec(make_spec(**{
            **PULL, "schedule": schedule, "latency": "1 week"})))
    render([tmp_path / f"{n}.yaml" for n in said], tmp_path / "out",
           Options(formats=("md",), date="2026-01-01", stub=False), jobs=1)
    plain = (tmp_path / "out" / "plain" / "plain.md").read_text()
    assert ("**Runs as (cron, in UTC):** 0 9 \\* \\* 5: no time zone is stated, so the times "
            "are taken as UTC") in plain
    oslo = (tmp_path / "out" / "oslo" / "oslo.md").read_text()
    assert ("**Runs as (cron, in UTC):** 0 8 \\* \\* 5; 09:00 Europe/Oslo is 08:00 UTC in "
            "standard (winter) time: in summer time the run comes at 10:00 Oslo time") in oslo
