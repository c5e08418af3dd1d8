"""Systems and their mailboxes, and who builds which side of each flow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.document.parts import NOT_RECORDED, Asks, Fact, way_in_fields, yes_no
from mailroom.facts.grammar import join
from mailroom.spec.meanings import INTERFACE_KIND_WORDS

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts, Side
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.facts.systems import Answer, SystemFacts
    from mailroom.spec.model import System

NOT_NEEDED = "Not needed here"
# What the mail person's side brings, by the kind of work it is.
_MAIL_PERSON_WORK = {
    "workflow": "Configures the workflow that starts each exchange and carries the data; "
                "holds the credential",
    "built-in": "Its own webhook starts each exchange and carries the data, once the "
                "organisation that runs it switches it on; holds the credential",
    "code": "Writes and runs the code that starts each exchange and carries the data, with "
            "its retries; holds the credential",
}
SKILL_WORDS = {"present": "Yes", "missing": "No"}


@dataclass(frozen=True)
class SystemView:
    """One system as the document's tables of systems show it."""

    name: str
    kind: Fact
    way_in: Fact  # its interface (its mailbox): what kind, and where it is
    owner: Fact
    run_by: Fact  # whether another organisation holds its data
    api: Fact
    events: Fact
    skills: Fact


@dataclass(frozen=True)
class Responsibility:
    """Who does what for a flow: a system's role and the work it brings."""

    flow: str
    role: str  # mail person, mailbox, business logic
    system: str
    work: str
    owner: Fact
    skills: Fact


def system_views(facts: SpecFacts, asks: Asks) -> list[SystemView]:
    views = []
    for s in facts.systems:
        system, field = s.system, f"systems.{s.id}"
        kind = system.kind
        if system.platform and "platform" not in (kind or "").lower():
            kind = f"{kind}, integration platform" if kind else None
        views.append(SystemView(
            name=s.label,
            kind=asks.fact_or("Kind", kind, None, f"{field}.kind"),
            way_in=_way_in(s, asks),
            owner=asks.fact_or("Owner", system.owner, None, f"{field}.owner"),
            run_by=asks.fact_or("Its data held by", _run_by(system.third_party), None,
                                f"{field}.third_party"),
            api=_answer("Usable API", s.api, asks, *way_in_fields(s.id)),
            events=_answer("Events", s.events, asks, f"{field}.events"),
            skills=_answer("Developers", s.skills, asks, f"{field}.skills"),
        ))
    return views


def _run_by(third_party: bool | None) -> str | None:
    return yes_no(third_party, "Another organisation", "Us")


def _way_in(facts: SystemFacts, asks: Asks) -> Fact:
    """The system's interface: its kind in words and where it is ("REST API:
    /record/v1/customer"); a part not known says where it is asked, if it is."""
    system, field = facts.system, f"systems.{facts.id}"
    kind = INTERFACE_KIND_WORDS.get(system.interface_kind or "")
    where = system.interface
    if kind is not None and where:  # "REST API v2 (/orders)" says its kind already
        said = re.search(rf"\b{re.escape(kind.split()[0])}\b", where, re.IGNORECASE)
        return Fact("Way in", where if said else f"{kind}: {where}")
    if kind is not None:
        ask = asks(None, f"{field}.interface")
        return Fact("Way in", kind + (f"; where exactly is not decided yet ({ask})" if ask
                                      else ""))
    if where:
        ask = asks(None, f"{field}.interface_kind")
        return Fact("Way in", where + (f"; what kind is not decided yet ({ask})" if ask
                                       else ""))
    if facts.api.value is False:
        return Fact("Way in", "None usable for this data")
    if asks.asked(None, *way_in_fields(facts.id), f"{field}.interface"):
        return asks.fact("Way in", None, None, *way_in_fields(facts.id), f"{field}.interface")
    if not facts.mailbox_of and facts.api.waits_on is not None:  # it may yet be a mailbox
        return asks.fact("Way in", None, facts.api.waits_on, "mail_person", "mailbox")
    if not facts.mailbox_of:
        return Fact("Way in", NOT_NEEDED)
    return Fact("Way in", NOT_RECORDED)


def _answer(label: str, answer: Answer, asks: Asks, *fields: str) -> Fact:
    """The answer as given; an unknown that no flow depends on is not asked, and one that
    depends on roles still open points to the question that decides them."""
    if answer.value is None and not answer.needed and answer.waits_on is not None:
        return asks.fact(label, None, answer.waits_on, "mail_person", "mailbox")
    if answer.value is None and not answer.needed:
        return Fact(label, NOT_NEEDED)
    return asks.fact(label, yes_no(answer.value), None, *fields)


def interface_notes(facts: SpecFacts, asks: Asks) -> list[str]:
    """Which mailboxes exist, which are missing, and what adding one means."""
    numbers = {f.id: f.number for f in facts.flows}
    return [_interface_note(s, asks, numbers) for s in facts.systems]


def _interface_note(facts: SystemFacts, asks: Asks, numbers: dict[str, int]) -> str:
    system, name = facts.system, facts.label
    as_mailbox = ("the mailbox of " + join([f"flow {numbers[n]}" for n in facts.mailbox_of])
                  if facts.mailbox_of else "")
    if facts.api.value is True:
        if system.interface:
            offers = f"{name}: {system.interface} exists"
        elif facts.interface_needed:
            where = asks(None, f"systems.{facts.id}.interface")
            offers = (f"{name} has a usable {_kind_words(system)}; where exactly is not "
                      "decided yet" + (f" ({where})" if where else ""))
        else:
            offers = f"{name} has a usable {_kind_words(system)}"
        return offers + "; " + (f"it is {as_mailbox}." if as_mailbox
                                else "no flow here uses it as a mailbox.")
    if facts.api.value is False and facts.mailbox_of:
        return (f"{name} has no usable interface for this data, yet it is {as_mailbox}. Adding "
                "one means building and maintaining an API, folder or table in it, at a cost "
                "the business purpose must justify; or the roles can be swapped so that "
                f"{name} becomes the mail person.")
    if facts.api.value is False:
        return (f"{name} has no usable interface, and needs none here: it is never the "
                "mailbox; its own code carries the data out.")
    if not facts.mailbox_of and facts.api.waits_on is not None:
        where = asks(facts.api.waits_on, "mail_person", "mailbox")
        return (f"Whether {name} needs to offer an interface depends on who is the mail "
                "person, which is not decided yet" + (f" ({where})" if where else "") + ".")
    if not facts.mailbox_of:
        return f"Whether {name} offers a usable interface is not asked: no flow here uses it " \
               "as a mailbox."
    where = asks(None, *way_in_fields(facts.id))
    return (f"Whether {name} offers a usable interface is not decided yet"
            + (f" ({where})" if where else "") + f"; it is {as_mailbox}.")


def _kind_words(system: System) -> str:
    """"webhook receiver URL" when its kind is known, else "interface"."""
    kind = system.interface_kind
    return INTERFACE_KIND_WORDS[kind] if kind not in (None, "none", "other") else "interface"


def responsibilities(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> list[Responsibility]:
    """Who builds the mail person's side, who keeps the mailbox, who holds the logic."""
    return [row for side in flow.sides if (row := _row(facts, flow, side, asks)) is not None]


def _skills_words(side: Side) -> str | None:
    if side.skills == "not-needed" and side.role == "mailbox":
        return "Not needed: its interface exists"
    if side.skills == "not-needed" and side.work == "built-in":
        return "Not needed: its own webhook does it, switched on by its owner"
    if side.skills == "not-needed":
        return "Not needed: configured, not coded (integration platform)"
    return SKILL_WORDS.get(side.skills)


def _row(facts: SpecFacts, flow: FlowFacts, side: Side, asks: Asks) -> Responsibility | None:
    system = facts.spec.system(side.system)
    if system is None:
        return None
    field = f"systems.{system.id}"
    owner = asks.fact("Owner", system.owner, None, f"{field}.owner")
    skills = asks.fact("Skills", _skills_words(side), None, f"{field}.skills",
                       *way_in_fields(system.id))
    if side.role == "mail person":
        work = _MAIL_PERSON_WORK.get(side.work, _MAIL_PERSON_WORK["code"])
        return Responsibility(flow.id, "Mail person", system.label, work, owner, skills)
    if side.role == "mailbox":
        if side.work == "interface":
            work = "Has no interface for this data yet: one must be added"
        elif side.work == "nothing":
            work = ("Provides and keeps the interface"
                    + (f" ({system.interface})" if system.interface else "")
                    + "; issues the credential")
        else:
            where = asks(None, *way_in_fields(system.id))
            work = ("Whether it offers an interface for this data is not decided yet"
                    + (f" ({where})" if where else ""))
        return Responsibility(flow.id, "Mailbox", system.label, work, owner, skills)
    return Responsibility(flow.id, "Business logic", system.label,
                          "Holds the mapping, transformation and decisions", owner, skills)
