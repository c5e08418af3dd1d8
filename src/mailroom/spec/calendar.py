"""Schedules as people say them ("nightly at 02:00", "every Friday at 09:00", "weekdays at
18:00", "monthly on the 1st at 06:00") and the cron that runs at the stated times.

A cron expression is five fields read in the scheduler's time zone (OpenFn's Lightning
runs cron in UTC). What a cron cannot say exactly ("every 2 weeks", "the first Monday of
the month", a time in another zone) is never dropped: the nearest cron comes with a
`todo` that names what it misses, and what the text does not state (the hour of a
nightly run) is named too. Text that is no calendar at all gives None: intervals
("every 15 minutes") and cron expressions are read by mailroom.spec.schedule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DAY_NAMES = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_DAY = r"(?:sun|mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur)(?:day)?s?"
_TIME = re.compile(r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?"
                   r"|(?P<noon>noon|midday)|(?P<midnight>midnight)")
_ONE_TIME = r"(?:\d{1,2}(?:[:.h]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?|noon|midday|midnight)"
_AT = re.compile(rf"\s*\bat\s+(?P<times>{_ONE_TIME}(?:\s*(?:,|and|&)\s*{_ONE_TIME})*)(?![\w:])")
_ZONE = re.compile(r"\s*\b(?:(?P<utc>utc|gmt|z)|(?P<zone>(?:[a-z]+/[a-z_]+)|cet|cest|eet|eest|"
                   r"bst|ist|est|edt|cst|cdt|mst|mdt|pst|pdt|local time|our time))\b\.?\s*$",
                   re.IGNORECASE)
_ORDINAL = r"(?P<dom>\d{1,2})(?:st|nd|rd|th)?"
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4, "last": -1}


@dataclass(frozen=True)
class Calendar:
    """A calendar schedule: its cron, roughly how long between runs, and what the cron
    does not say exactly (None: it runs at exactly the stated times)."""

    cron: str
    seconds: float
    todo: str | None = None


def has_zone(text: str) -> bool:
    """Does the schedule name the time zone its times are in (UTC included)?"""
    return _ZONE.search(" ".join(text.strip().split()).rstrip(".")) is not None


def zone_problem(name: str) -> str | None:
    """Why a time zone is not one the zone database knows (an IANA name such as
    Europe/Oslo, or UTC), or None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return (f"“{name}” is not a time zone the IANA database knows: write it as "
                "Region/City, e.g. Europe/Oslo, America/New_York, or UTC")
    return None


def in_zone(text: str, zone: str | None) -> str:
    """The schedule with the spec's (or the flow's) time zone added where its times name
    none: a zone written in the schedule itself wins."""
    if not zone or has_zone(text) or read_calendar(text) is None or \
            _AT.search(" ".join(text.lower().split())) is None:
        return text
    return f"{text.strip().rstrip('.')} {zone.strip()}"


def read_calendar(text: str) -> Calendar | None:
    """The cron of a calendar schedule, or None when the text is not one."""
    said = " ".join(text.strip().split()).rstrip(".")
    raw = said.lower()
    zone_note, zone_name = None, None
    zone = _ZONE.search(raw)
    if zone:
        if zone.group("zone"):
            zone_name = said[zone.start('zone'):zone.end('zone')]
            zone_note = (f"the times are in {zone_name}; cron runs in UTC on the platform: "
                         "shift them (and again when summer time starts or ends)")
        raw = raw[:zone.start()].rstrip(" ,")
    window = _hourly_window(raw)
    if window is not None:
        cron, seconds, todo = window
        return Calendar(cron, seconds, _join(todo, zone_note))
    times, rest = _times(raw)
    if times is None:
        return None  # an "at …" that is no time
    days = _days(rest)
    if days is None:
        return None
    dom, dow, seconds, todo = days
    runs = max(len(times), 1)  # runs on each of those days
    if len({m for _, m in times}) > 1:  # 09:15 and 17:45: one cron line cannot say both
        todo = _join(todo, "also at " + ", ".join(f"{h:02d}:{m:02d}" for h, m in times[1:])
                     + ": each needs a cron line of its own")
        times = times[:1]
    if zone_name is not None and times:
        shifted = _to_utc(times, dom, dow, zone_name)
        if shifted is not None:
            times, dow, zone_note = shifted
    minute, hours = _minute_hours(times)
    if times == [] and seconds >= 86400:
        todo = _join(todo, "the time of day is not stated: midnight (UTC) stands in")
    cron = f"{minute} {hours} {dom} * {dow}"
    return Calendar(cron, seconds / runs, _join(todo, zone_note))


_WINDOW = re.compile(
    r"(?:(?:every|each)\s+(?:(?P<n>\d{1,2})\s+)?hours?|hourly)\s+(?:between|from)\s+"
    r"(?P<start>\d{1,2})(?::00)?\s*(?P<sap>am|pm)?\s+(?:and|to|until|-)\s+"
    r"(?P<end>\d{1,2})(?::00)?\s*(?P<eap>am|pm)?(?P<days>.*)")


def _hourly_window(text: str) -> tuple[str, float, str | None] | None:
    """"every hour between 8 and 18" (on weekdays): on the hour, from the first hour to
    the last, both included."""
    match = _WINDOW.fullmatch(text)
    if match is None:
        return None
    start, end = (_hour(int(match.group(g)), match.group(ap))
                  for g, ap in (("start", "sap"), ("end", "eap")))
    every = int(match.group("n") or 1)
    if start is None or end is None or start >= end or not 1 <= every < 24:
        return None
    rest = match.group("days").strip(" ,")
    dow, todo = "*", None
    if rest:
        days = _days(re.sub(r"^on\s+", "", rest))
        if days is None or days[0] != "*" or days[3] is not None:
            return None
        dow = days[1]
    step = f"/{every}" if every > 1 else ""
    runs = len(range(start, end + 1, every))  # a day's runs, spread over the day as
    # "at 09:00 and 17:00 every weekday" is
    return f"0 {start}-{end}{step} * * {dow}", 86400.0 / runs, todo


def _hour(hour: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if ampm == "pm" else 0)
    return hour if hour < 24 else None


def _to_utc(times: list[tuple[int, int]], dom: str, dow: str, zone_name: str
            ) -> tuple[list[tuple[int, int]], str, str | None] | None:
    """The times moved from a named time zone (Europe/Oslo) to UTC, by the zone's standard
    (winter) offset, and what that means in summer time; None when the zone is not known or the days
    would have to move in a way one cron line cannot say."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        where = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    offsets = [datetime(2026, month, 15, 12, tzinfo=where).utcoffset() for month in (1, 7)]
    # standard time is the smaller offset (January is summer south of the equator)
    winter, summer = sorted(int(o.total_seconds() // 60) if o is not None else 0
                            for o in offsets)
    moved = [divmod(h * 60 + m - winter, 24 * 60) for h, m in times]
    days = {day for day, _ in moved}
    if len(days) > 1 or (days != {0} and dom != "*"):
        return None  # some times move to another day, or a day of the month would
    shift = days.pop()
    if shift and dow != "*":
        dow = ",".join(str((int(d) + shift) % 7) for d in _expand_days(dow))
    utc = [divmod(minutes, 60) for _, minutes in moved]
    said = ", ".join(f"{h:02d}:{m:02d}" for h, m in times)
    in_utc = ", ".join(f"{h:02d}:{m:02d}" for h, m in utc)
    place = zone_name.split("/")[-1].replace("_", " ")
    if winter == summer:
        return utc, dow, None
    later = ", ".join(f"{(h * 60 + m + summer - winter) // 60 % 24:02d}:{m:02d}"
                      for h, m in times)
    return utc, dow, (
        f"{said} {zone_name} is {in_utc} UTC in standard (winter) time: in summer time the "
        f"run comes at {later} {place} time, unless the cron is changed when summer time "
        "starts and ends")


def _expand_days(dow: str) -> list[int]:
    days: list[int] = []
    for part in dow.split(","):
        first, _, last = part.partition("-")
        days += range(int(first), int(last or first) + 1)
    return days


def _times(text: str) -> tuple[list[tuple[int, int]] | None, str]:
    """The times of day after "at" ("at 02:00", "at 9 am and 5 pm"), and the rest; None
    for a time that is none ("at 25:00")."""
    match = _AT.search(text)
    if not match:
        return [], text
    found: list[tuple[int, int]] = []
    for part in re.split(r"\s*(?:,|and|&)\s*", match.group("times")):
        time = _TIME.fullmatch(part.strip())
        value = _time(time) if time else None
        if value is None:
            return None, text
        found.append(value)
    return found, (text[:match.start()] + " " + text[match.end():]).strip(" ,")


def _time(part: re.Match[str]) -> tuple[int, int] | None:
    if part.group("noon"):
        return 12, 0
    if part.group("midnight"):
        return 0, 0
    hour, minute = int(part.group("h")), int(part.group("m") or 0)
    ampm = (part.group("ampm") or "").replace(".", "")
    if ampm and not 1 <= hour <= 12:
        return None
    if ampm:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def _minute_hours(times: list[tuple[int, int]]) -> tuple[str, str]:
    if not times:
        return "0", "0"
    minutes = sorted({m for _, m in times})
    hours = ",".join(str(h) for h in sorted({h for h, _ in times}))
    return ",".join(str(m) for m in minutes), hours


def _days(text: str) -> tuple[str, str, float, str | None] | None:  # noqa: C901, PLR0911
    """Which days: (day of month, day of week, seconds between runs, what cron misses)."""
    text = re.sub(r"^(?:run\s+|runs\s+)?", "", text).strip()
    if re.fullmatch(r"(?:every|each)\s+(?:day|night)|daily|nightly|every\s+day\s+and\s+night",
                    text):
        return "*", "*", 86400.0, None
    if re.fullmatch(r"(?:every|each|on)?\s*(?:weekday|working day|business day)s?"
                    r"|(?:every|each)\s+(?:weekday|working day|business day)", text):
        return "*", "1-5", 86400.0, None
    match = re.fullmatch(
        rf"(?:(?:every|each)\s+(?P<n>other|second|2|two|3|three|4|four)\s+weeks?"
        rf"|(?P<fortnight>fortnightly|every\s+fortnight|(?:every|each)\s+other(?=\s+{_DAY}))"
        rf"|weekly|(?:every|each)\s+week)?"
        rf"\s*(?:on\s+)?(?:every\s+|each\s+)?(?P<days>{_DAY}(?:\s*(?:,|and|&)\s*{_DAY})*)", text)
    if match:
        days = sorted({_day_number(d) for d in re.findall(_DAY, match.group("days"))})
        dow = ",".join(str(d) for d in days)
        every = {"other": 2, "second": 2, "2": 2, "two": 2, "3": 3, "three": 3, "4": 4,
                 "four": 4}.get(match.group("n") or "", 2 if match.group("fortnight") else 1)
        todo = None if every == 1 else (
            f"every {every} weeks cannot be said in cron: it runs every week; the job must "
            "skip the weeks in between")
        return "*", dow, 7 * 86400.0 * every / len(days), todo
    text = re.sub(r"\b(?:the\s+)?first\s+day\s+of\s+", "the 1st of ", text)
    match = re.fullmatch(rf"(?:monthly|(?:every|each)\s+month)\s+on\s+the\s+{_ORDINAL}"
                         rf"|(?:on\s+)?the\s+{_ORDINAL.replace('dom', 'dom2')}\s+(?:day\s+)?of\s+"
                         r"(?:each|every|the)\s+month", text)
    if match:
        dom = int(match.group("dom") or match.group("dom2"))
        if not 1 <= dom <= 31:
            return None
        todo = None if dom <= 28 else f"months without a day {dom} get no run"
        return str(dom), "*", 30 * 86400.0, todo
    match = re.fullmatch(rf"(?:on\s+)?(?:the\s+)?(?P<nth>{'|'.join(_NTH)})\s+(?P<day>{_DAY})\s+"
                         r"(?:of|in)\s+(?:each|every|the)\s+month", text)
    if match:
        nth, day = _NTH[match.group("nth")], _day_number(match.group("day"))
        name = DAY_NAMES[day].capitalize()
        # cron runs when the day of the month OR the day of the week matches, so the
        # days are a week of dates and the job checks the weekday
        first = 22 if nth == -1 else 7 * (nth - 1) + 1
        last = 31 if nth == -1 else first + 6
        which = "last" if nth == -1 else match.group("nth")
        return f"{first}-{last}", "*", 30 * 86400.0, (
            f"the {which} {name} of the month cannot be said in cron: it runs every day from "
            f"the {_ordinal(first)} to the {_ordinal(last)}; the job must go on only on a "
            f"{name}" + (" with no other after it in the month" if nth == -1 else ""))
    if re.fullmatch(r"monthly|(?:every|each)\s+month", text):
        return "1", "*", 30 * 86400.0, "the day of the month is not stated: the 1st stands in"
    if re.fullmatch(r"weekly|(?:every|each)\s+week", text):
        return "*", "1", 7 * 86400.0, "the day of the week is not stated: Monday stands in"
    return None


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _day_number(word: str) -> int:
    return next(i for i, name in enumerate(DAY_NAMES) if name.startswith(word[:3]))


def _join(first: str | None, second: str | None) -> str | None:
    parts = [p for p in (first, second) if p]
    return "; ".join(parts) if parts else None


def known_zone(name: str) -> str:
    """A spec's time zone, checked against the zone database (the spec model's validator)."""
    problem = zone_problem(name)
    if problem:
        raise ValueError(problem)
    return name.strip()
