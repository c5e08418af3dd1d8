"""Schedules as people write them: cron expressions or "every 2 weeks".

A schedule is understood well enough to say whether it is valid, to say it
back in words, and to know roughly how often it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CRON_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day of month", 1, 31),
    ("month", 1, 12),
    ("day of week", 0, 7),
)
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_DAYS = "sun mon tue wed thu fri sat".split()
_DAY_NAMES = "Sunday Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MACROS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
_CRON_ATOM = r"(\*|\?|\d+|[A-Za-z]{3})"
_CRON_PART = rf"{_CRON_ATOM}(-{_CRON_ATOM})?(/\w+)?"
_CRON_TOKEN = re.compile(rf"^{_CRON_PART}(,{_CRON_PART})*$")
_UNIT_SECONDS = {
    "second": 1,
    "minute": 60,
    "hour": 3600,
    "day": 86400,
    "night": 86400,
    "weekday": 86400,
    "business day": 86400,
    "week": 7 * 86400,
    "fortnight": 14 * 86400,
    "month": 30 * 86400,
    "quarter": 91 * 86400,
    "year": 365 * 86400,
}
_WORDS = {
    "hourly": 3600,
    "daily": 86400,
    "nightly": 86400,
    "weekly": 7 * 86400,
    "fortnightly": 14 * 86400,
    "monthly": 30 * 86400,
    "quarterly": 91 * 86400,
    "yearly": 365 * 86400,
}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10,
                 "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30}
_UNITS = "|".join(sorted(_UNIT_SECONDS, key=len, reverse=True))
_EVERY = re.compile(
    rf"^every\s+(?:(?P<n>\d+|{'|'.join(_NUMBER_WORDS)})\s+)?(?P<unit>{_UNITS})s?\b(?P<rest>.*)$",
    re.IGNORECASE,
)
_TIMES_A = re.compile(
    rf"^(?P<n>\d+|once|twice|{'|'.join(_NUMBER_WORDS)})\s*(times)?\s+(a|an|per)\s+(?P<unit>{_UNITS})\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Schedule:
    """A schedule as read: a cron expression, an interval, or text no one can set up."""

    text: str
    kind: str  # "cron", "interval" or "unknown"
    problem: str | None = None  # why a cron expression is invalid
    seconds: float | None = None  # roughly how long between runs

    @property
    def valid(self) -> bool:
        return self.kind != "unknown" and self.problem is None


def parse_schedule(text: str) -> Schedule:
    raw = text.strip()
    cron = _MACROS.get(raw.lower(), raw)
    tokens = cron.split()
    seconds = _interval_seconds(raw)
    if seconds is not None:  # "twice a day at 9 am" has five words, and is no cron
        return Schedule(raw, "interval", None, seconds)
    if len(tokens) == 5 and all(_CRON_TOKEN.match(t) for t in tokens) and re.search(r"[*\d]", cron):
        problem = _cron_problem(tokens)
        return Schedule(raw, "cron", problem, None if problem else _cron_seconds(tokens))
    return Schedule(raw, "unknown")


def _interval_seconds(text: str) -> float | None:
    lowered = text.lower().strip()
    for word, seconds in _WORDS.items():
        if lowered == word or lowered.startswith(word + " "):
            return float(seconds)
    match = _EVERY.match(lowered)
    if match:
        count = _count(match.group("n") or "1")
        return float(count * _UNIT_SECONDS[match.group("unit").lower()])
    match = _TIMES_A.match(lowered)
    if match:
        per = _count(match.group("n"))
        return _UNIT_SECONDS[match.group("unit").lower()] / max(per, 1)
    iso = _ISO.match(text.strip())
    if iso and any(iso.groups()):
        d, h, m, s = (int(g or 0) for g in iso.groups())
        return float(d * 86400 + h * 3600 + m * 60 + s) or None
    return None


def _count(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return {"once": 1, "twice": 2}.get(word, _NUMBER_WORDS.get(word, 1))


# -- cron ---------------------------------------------------------------------


def _cron_problem(tokens: list[str]) -> str | None:
    for token, (name, low, high) in zip(tokens, _CRON_FIELDS, strict=True):
        names = _MONTHS if name == "month" else _DAYS if name == "day of week" else None
        for part in token.split(","):
            problem = _cron_part_problem(part, name, low, high, names)
            if problem:
                return problem
    return None


def _cron_part_problem(
    part: str, name: str, low: int, high: int, names: list[str] | None
) -> str | None:
    base, _, step = part.partition("/")
    if step and not (step.isdigit() and int(step) > 0):
        return f"the {name} step '/{step}' must be a whole number above 0"
    if base in ("*", "?"):
        return None
    for bound in base.split("-", 1):
        value = _cron_value(bound, names)
        if value is None:
            return f"the {name} field has '{bound}', which is not a number"
        if not low <= value <= high:
            return f"the {name} field has {value}, outside {low}-{high}"
    return None


def _cron_value(text: str, names: list[str] | None) -> int | None:
    if text.isdigit():
        return int(text)
    if names and text.lower()[:3] in names and len(text) >= 3:
        offset = 1 if names is _MONTHS else 0
        return names.index(text.lower()[:3]) + offset
    return None


def _cron_seconds(tokens: list[str]) -> float:
    """Roughly the time between runs: a day divided by the runs it holds."""
    minute, hour, dom, _month, dow = tokens
    runs_a_day = _count_values(minute, 0, 59) * _count_values(hour, 0, 23)
    days_a_week = 7.0 if dow in ("*", "?") else float(_count_values(dow, 0, 6, _DAYS))
    if dom not in ("*", "?"):
        days_a_week = 7 * _count_values(dom, 1, 31) / (365 / 12)
    if tokens[3] not in ("*", "?"):
        days_a_week *= _count_values(tokens[3], 1, 12, _MONTHS) / 12
    return 7 * 86400.0 / max(runs_a_day * days_a_week, 1e-9)


def _count_values(token: str, low: int, high: int, names: list[str] | None = None) -> int:
    """How many values a cron field selects: "*/15" in minutes is 4, "8-17" in hours is 10."""
    total = 0
    for part in token.split(","):
        base, _, step = part.partition("/")
        start, end = low, high
        if base not in ("*", "?"):
            first, _, last = base.partition("-")
            start = _or(_cron_value(first, names), low)
            end = _or(_cron_value(last, names), high) if last else (high if step else start)
        total += len(range(start, end + 1, int(step) if step.isdigit() else 1))
    return max(total, 1)


def seconds_in_words(seconds: float) -> str:
    """1800 -> "30 minutes", 86400 -> "day"."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = int(seconds // size)
            return unit if count == 1 else f"{count} {unit}s"
    return f"{int(seconds)} seconds"


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def describe_schedule(text: str) -> str:
    """The schedule in words, for a sentence: "every 30 minutes", "every day at 02:00"."""
    parsed = parse_schedule(text)
    if parsed.kind == "interval":
        if _ISO.match(text.strip()) and parsed.seconds:
            return "every " + seconds_in_words(parsed.seconds)
        return text.strip()
    if parsed.kind == "cron" and parsed.valid:
        return _describe_cron(_MACROS.get(text.strip().lower(), text.strip()).split())
    return f"on the schedule “{text.strip()}”"


def _describe_cron(tokens: list[str]) -> str:
    minute, hour, dom, month, dow = tokens
    plain = f"on the cron schedule “{' '.join(tokens)}”"
    if dom != "*" or month != "*":
        return plain
    if minute.startswith("*/") and hour == "*" and dow == "*":
        return "every " + seconds_in_words(60 * int(minute[2:]))
    if minute.isdigit() and hour == "*" and dow == "*":
        return "every hour" if minute == "0" else f"every hour at {int(minute)} minutes past"
    if minute.isdigit() and hour.startswith("*/") and dow == "*":
        return "every " + seconds_in_words(3600 * int(hour[2:]))
    if minute.isdigit() and hour.isdigit():
        at = f"at {int(hour):02d}:{int(minute):02d}"
        if dow == "*":
            return f"every day {at}"
        if dow in ("1-5", "mon-fri", "MON-FRI"):
            return f"every weekday {at}"
        if dow.isdigit():
            return f"every {_DAY_NAMES[int(dow)]} {at}"
    return plain
