"""Schedules and freshness as people write them: cron expressions or "every 2 weeks",
and "within 15 minutes" or "next day".

A schedule is understood well enough to say whether it is valid, to say it
back in words, and to know roughly how often it runs; a freshness requirement
well enough to know how old the data may be, or not at all (None), never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailroom.spec.calendar import in_zone, read_calendar

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
    calendar = read_calendar(raw)  # "every Friday at 09:00", "weekdays at 18:00"
    if calendar is not None:
        return Schedule(raw, "interval", None, calendar.seconds)
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


# -- freshness ------------------------------------------------------------------


# "At once" is never quite zero: a minute is the most a person saying it will accept.
AT_ONCE_SECONDS = 60.0
_AT_ONCE = re.compile(r"^(at once|immediately|instantly|instant|right away|straight away|"
                      r"real time|realtime|live|as soon as possible|asap|seconds)$")
_NEXT_DAY = re.compile(r"^((the )?(next|same) (day|morning|working day|business day)|"
                       r"overnight|tomorrow)$")
_QUALIFIERS = re.compile(
    r"^(within|in|under|below|less than|no more than|not more than|at most|at the most|"
    r"up to|max(imum)?|by|about|around|roughly|approximately|ca\.?|~|<=?|≤)\s*")
_NUMBER = r"\d+(?:[.,]\d+)?"
_SHORT_UNITS = {"sec": 1, "s": 1, "min": 60, "m": 60, "hr": 3600, "h": 3600, "d": 86400,
                "wk": 7 * 86400, "w": 7 * 86400}
_DURATION_UNITS = {**_UNIT_SECONDS, **_SHORT_UNITS}


def _alternatives(words: dict[str, int] | tuple[str, ...]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# "5 minutes", "2-3 hours", "15min", "24h"; in words only with a whole unit: "an hour",
# "ten minutes", "half an hour" (so "as fresh as possible" is not "a" "s").
_DURATION = re.compile(
    rf"^(?:(?P<n>{_NUMBER})(?:\s*(?:-|–|to|or)\s*(?P<upto>{_NUMBER}))?\s*"
    rf"(?P<unit>{_alternatives(_DURATION_UNITS)})"
    rf"|(?P<word>half an?|an?|{_alternatives(tuple(_NUMBER_WORDS))})\s+"
    rf"(?P<wunit>{_alternatives(_UNIT_SECONDS)}))s?\b")


_RANGE_REST = re.compile(rf"^\s*(or|to|-|–)\s*({_NUMBER}|half\b|an?\b|"
                         rf"{_alternatives(tuple(_NUMBER_WORDS))}\b)")


def freshness_seconds(text: str | None) -> float | None:
    """How old the data may be when it arrives, in seconds, from a freshness requirement
    as people write it: "5 minutes", "within 15 minutes", "an hour", "1 day (by 06:00)",
    "next day", "at once" (a minute at most). A range counts by its upper end ("2-3
    hours": 3 hours). None when it is not given or cannot be read: never a guess."""
    if not text:
        return None
    lowered = re.sub(r"\([^)]*\)", " ", text.lower())
    lowered = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", lowered)  # "real-time", "same-day"
    lowered = " ".join(lowered.split()).strip(" .")
    previous = None
    while previous != lowered:  # "within about 5 minutes"
        previous, lowered = lowered, _QUALIFIERS.sub("", lowered, count=1)
    if _AT_ONCE.match(lowered):
        return AT_ONCE_SECONDS
    if _NEXT_DAY.match(lowered):
        return 86400.0
    if lowered in _WORDS:  # "daily", "hourly"
        return float(_WORDS[lowered])
    match = _DURATION.match(lowered)
    if match is None:
        return None
    if _RANGE_REST.match(lowered[match.end():]):
        return None  # "an hour or two": a range in words is not read, so not guessed
    if match.group("word"):
        return _amount(match.group("word")) * _UNIT_SECONDS[match.group("wunit")]
    return _amount(match.group("upto") or match.group("n")) * \
        _DURATION_UNITS[match.group("unit")]


def _amount(word: str) -> float:
    if word.startswith("half"):
        return 0.5
    if word in ("a", "an"):
        return 1.0
    if word[0].isdigit():
        return float(word.replace(",", "."))
    return float(_count(word))


def cron_for(schedule: str | None, zone: str | None = None) -> tuple[str, str | None]:
    """A cron expression for the platform, and a note when it is not exactly the spec's;
    `zone` is the spec's or the flow's time zone, for times the schedule gives none."""
    if not schedule:
        return "0 * * * *", "the spec has no schedule yet; hourly is a placeholder"
    schedule = in_zone(schedule, zone)
    calendar = read_calendar(schedule)
    if calendar is not None:
        return calendar.cron, calendar.todo
    parsed = parse_schedule(schedule)
    if parsed.kind == "cron" and parsed.valid:
        return schedule.strip(), None
    if parsed.kind == "interval" and parsed.seconds:
        return _interval_cron(parsed.seconds, schedule)
    return "0 * * * *", f"“{schedule}” is not a schedule a scheduler accepts; hourly is a " \
                        "placeholder"


def _interval_cron(seconds: float, text: str) -> tuple[str, str | None]:
    minutes = int(seconds // 60)
    if seconds % 60 == 0 and 0 < minutes < 60 and 60 % minutes == 0:
        return f"*/{minutes} * * * *", None
    hours = int(seconds // 3600)
    if seconds % 3600 == 0 and 0 < hours < 24 and 24 % hours == 0:
        return ("0 * * * *" if hours == 1 else f"0 */{hours} * * *"), None
    return "0 0 * * *", f"“{text}” has no exact cron; daily at midnight (UTC) stands in"


def zone_of(spec: object, flow: object) -> str | None:
    """The time zone a flow's schedule is read in: the flow's own, else the spec's."""
    return getattr(flow, "time_zone", None) or getattr(spec, "time_zone", None)
