"""Reading volumes as people write them: "200 records/day", "50k rows a night"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = re.compile(r"(?P<n>\d[\d,_ ]*(?:\.\d+)?)\s*(?P<mult>k|m|thousand|million)?\b", re.I)
_PERIODS = {
    "minute": 1440.0,
    "min": 1440.0,
    "hour": 24.0,
    "hr": 24.0,
    "day": 1.0,
    "night": 1.0,
    "run": 0.0,  # per run: depends on the schedule
    "week": 1 / 7,
    "wk": 1 / 7,
    "fortnight": 1 / 14,
    "month": 1 / 30,
    "mo": 1 / 30,
    "quarter": 1 / 91,
    "year": 1 / 365,
    "yr": 1 / 365,
}
# The period's name as a volume says it: "wk" is a week, "mo" a month.
PERIOD_NAMES = {"min": "minute", "hr": "hour", "wk": "week", "mo": "month", "yr": "year"}
_PER = re.compile(r"(?:/|\bper\b|\ba\b|\ban\b|\beach\b|\bevery\b)\s*(?P<unit>" +
                  "|".join(sorted(_PERIODS, key=len, reverse=True)) + r")s?\b", re.I)


def volume_period(text: str) -> str | None:
    """The period a volume is counted over ("about 10 a week": "week"), or None when it
    names none (then it is the count of a day, or of a run, as the question asked)."""
    per = _PER.search(text)
    if per is None:
        return None
    unit = per.group("unit").lower()
    return PERIOD_NAMES.get(unit, unit)


@dataclass(frozen=True)
class Volume:
    """A volume read from words: how many records, and how often."""

    count: float  # how many records
    per_day: float | None  # runs of that count per day; None for a total (a data set's size)

    @property
    def daily(self) -> float | None:
        return self.count * self.per_day if self.per_day else None


def parse_volume(text: str | None) -> Volume | None:
    if not text:
        return None
    match = _NUMBER.search(text)
    if not match:
        return None
    count = float(re.sub(r"[,_ ]", "", match.group("n")))
    mult = (match.group("mult") or "").lower()
    count *= {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get(mult, 1)
    per = _PER.search(text[match.end():])
    per_day = _PERIODS[per.group("unit").lower()] if per else None
    return Volume(count, per_day or None)
