"""Data that takes effect on a date (a start date, a leaving date, a price valid from),
and whether the integration acts when the record is entered or on that day (issue
"Schedules, dates, files and signatures as people say them").

A new hire is entered weeks before the first day; "disable the account the day they
leave" is about the effective date, yet a flow that moves data when the record changes
acts when it is entered. Which is meant is the spec's answer (`effective_date.act_on`);
whether the data names such a date at all decides only whether the interview asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mailroom.spec.vocabulary import ActOn

if TYPE_CHECKING:
    from mailroom.facts.roles import Roles
    from mailroom.spec.model import Flow

# Words that name a date data takes effect on, in the data's description or its fields.
_DATED = re.compile(
    r"\b(?:start(?:ing)?\s+dates?|first\s+(?:working\s+)?days?|leav(?:ing|ers?)\b|"
    r"(?:end|exit|termination|hire|join(?:ing)?|effective|valid(?:ity)?)\s*(?:dates?|from)"
    r"|valid\s+from|effective\b|new\s+hires?|joiners?|leavers?|starters?)",
    re.IGNORECASE)


def mentions_effective_date(data: Any, fields: Any = None) -> bool:
    """Does the data, as described or field by field, name a date it takes effect on?"""
    texts: list[str] = [data] if isinstance(data, str) else []
    if isinstance(fields, Iterable) and not isinstance(fields, str):
        texts += [str(f) for f in fields]
    return any(_DATED.search(t) for t in texts)


@dataclass(frozen=True)
class EffectiveDate:
    field: str | None  # the date: "start date"
    act_on: ActOn | None  # None: not decided
    on_change: bool  # the flow moves data when a record changes (an event, or a poll for
    # changes), so it acts when the record is entered


def effective_date_of(flow: Flow, roles: Roles) -> EffectiveDate | None:
    said = flow.effective_date
    if said is None:
        return None
    return EffectiveDate(said.field or None, said.act_on, moves_on_change(flow, roles))


def moves_on_change(flow: Flow, roles: Roles) -> bool:
    """The data moves when a record changes: on an event, a scheduled run that carries only
    what changed, or a scheduled pull that asks for what changed since the last run."""
    if flow.trigger == "event" or (flow.trigger == "schedule" and flow.sends == "changes"):
        return True
    return (flow.trigger == "schedule" and roles.direction == "pull"
            and flow.change_detection in ("modified-since", "incremental-id"))
