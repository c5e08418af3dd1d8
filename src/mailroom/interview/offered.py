"""Choices worked out from earlier answers: every way data can go between the systems
named so far, and schedules, each against how fresh the data must be."""

from __future__ import annotations

from mailroom.interview.option import Option
from mailroom.interview.view import MISSING, Scope, View
from mailroom.spec.schedule import parse_schedule

# Schedules people set up, fastest first. A slower one than the freshness needs is shown
# unavailable, with the reason.
SCHEDULES = (
    "every 5 minutes", "every 15 minutes", "every hour", "every 4 hours", "nightly",
    "weekly",
)


def system_pairs(view: View) -> list[Option]:
    """"Shop → Warehouse": the source and the destination in one answer."""
    return [Option([a, b], f"{name_a} → {name_b}")
            for a, name_a in view.systems for b, _ in view.systems if a != b
            for name_b in [view.label(b)]]


def schedules(view: View, scope: Scope) -> list[Option]:
    """The usual schedules; those slower than the freshness the flow needs, unavailable."""
    latency = view.lookup(scope, "latency")
    needed = freshness_seconds(latency)
    found = []
    for text in SCHEDULES:
        seconds = parse_schedule(text).seconds
        slower = needed is not None and seconds is not None and seconds > needed
        reason = f"too slow for data needed within {latency}" if slower else None
        found.append(Option(text, text, None, reason))
    return found


def freshness_seconds(latency: object) -> float | None:
    """How fresh the data must be, in seconds: "15 minutes", "within an hour", "1 day";
    None when it is not known or cannot be read."""
    if latency is MISSING or not isinstance(latency, str) or not latency.strip():
        return None
    text = latency.lower().strip()
    for lead in ("within ", "in ", "under ", "less than ", "at most "):
        text = text.removeprefix(lead)
    if text in ("at once", "immediately", "real time", "real-time", "instantly"):
        return 60.0
    text = {"next day": "1 day", "the next day": "1 day", "by the next day": "1 day",
            "an hour": "1 hour", "a day": "1 day", "a minute": "1 minute"}.get(text, text)
    return parse_schedule(f"every {text}").seconds
