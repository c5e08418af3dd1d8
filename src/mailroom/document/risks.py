"""Build risk and runtime risk, as article 001 describes them, flow by flow.

Build risk: someone must be able to write the mail person's side, the mailbox
must exist, and new versions bring breaking changes. Runtime risk: once
connected, each system depends on the other being up, fast and not overloaded.
Every risk is read off the facts layer; what is not known says where it is asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.document.parts import Asks, way_in_fields
from mailroom.facts.grammar import join
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts


def _asked(asks: Asks, flow: str | None, *fields: str) -> str:
    where = asks(flow, *fields)
    return f" ({where})" if where else ""


def build_risks(facts: SpecFacts, asks: Asks) -> list[str]:
    risks = [text for flow in facts.flows for text in _build(facts, flow, asks)]
    names = [s.label for s in facts.systems]
    if names:
        risks.append(
            f"New versions of {join(names)} can bring breaking changes that stop an "
            "integration that worked: agree who follows their release notes and re-tests.")
    return risks


def _build(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> list[str]:
    prefix = f"Flow {flow.number}: "
    builder, mailbox = flow.side("mail person"), flow.side("mailbox")
    system = facts.spec.system(flow.mail_person)
    out = []
    if builder is None or system is None:
        out.append(prefix + "who builds it is open until the mail person is decided"
                   + _asked(asks, flow.id, "mail_person", "source", "destination") + ".")
    elif builder.work == "workflow" and builder.skills == "unknown":
        out.append(prefix + f"{system.label} is an integration platform: the flow is "
                   "configured there; whether the team has someone to set it up and look "
                   "after it is not known yet"
                   + _asked(asks, None, f"systems.{system.id}.skills") + ".")
    elif builder.work == "workflow":
        out.append(prefix + f"{system.label} is an integration platform: the flow is "
                   "configured there, with little or no code.")
    elif builder.skills == "unknown":
        out.append(prefix + f"it is not known whether the team can build in {system.label}, "
                   "the mail person, whose side holds the code"
                   + _asked(asks, None, f"systems.{system.id}.skills") + ".")
    elif builder.skills == "missing":
        out.append(prefix + f"the team has no developers for {system.label}, the mail "
                   "person, whose side holds the code.")
    mailbox_system = facts.spec.system(mailbox.system if mailbox else None)
    if mailbox is not None and mailbox_system is not None and mailbox.work == "interface":
        out.append(prefix + f"{mailbox_system.label} has no usable interface for this data; "
                   "adding one is work and cost that the business purpose must justify.")
    elif mailbox is not None and mailbox_system is not None and mailbox.work == "unknown":
        out.append(prefix + f"whether {mailbox_system.label} offers the interface this flow "
                   "needs is not known yet"
                   + _asked(asks, None, *way_in_fields(mailbox_system.id)) + ".")
    if flow.polling is not None and flow.polling.change_detection == "full-fetch":
        out.append(prefix + "full fetch means comparing every record on every run; the "
                   "duplicate check must be built carefully.")
    return out


def runtime_risks(facts: SpecFacts, asks: Asks) -> list[str]:
    risks = [text for flow in facts.flows for text in _runtime(facts, flow, asks)]
    for middle in facts.middles:
        risks.append(f"{facts.label(middle.system)} is in the path of every leg through it: "
                     "while it is down, nothing moves between the systems on either side.")
    return risks


def _runtime(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> list[str]:
    prefix = f"Flow {flow.number}: "
    if flow.direction is None and flow.mail_person is not None:
        return [prefix + "which system depends on which is open until who pushes and who "
                "pulls adds up" + _asked(asks, flow.id, "mail_person", "mailbox") + "."]
    if flow.direction is None:
        return [prefix + "which system depends on which is open until the mail person is "
                "decided" + _asked(asks, flow.id, "mail_person", "source", "destination") + "."]
    mp, mb = facts.label(flow.mail_person), facts.label(flow.mailbox)
    if flow.lookup is not None:
        if flow.lookup.caching is None:
            cache = ("whether it keeps a cache, which would soften this, is not decided yet"
                     + _asked(asks, flow.id, "caching"))
        elif flow.lookup.caching:
            cache = "it caches what it fetched, which softens this but does not remove it"
        else:
            cache = "without a cache, every request needs " + mb
        return [prefix + f"{mp} depends on {mb} at every request: whenever {mb} is down or "
                f"slow, that part of {mp} stops working; {cache}. Heavy use can also burden "
                f"{mb}."]
    failure = ("the error handling above says what happens then" if flow.flow.error_handling
               else "what happens then is not decided yet"
               + _asked(asks, flow.id, "error_handling"))
    out = [prefix + f"whenever {mb}'s interface is down or slow, {mp} cannot complete the "
           f"exchange; {failure}."]
    if flow.polling is not None:
        schedule = flow.flow.schedule
        every = describe_schedule(schedule) if schedule else "on each run"
        out.append(prefix + f"{mp} calls {mb} {every} whether or not anything changed; that "
                   f"load falls on {mb}.")
    if flow.webhook is not None:
        out.append(prefix + f"the receiver URL at {mb} must stay reachable from {mp}; if it "
                   "moves, it must be registered again.")
    return out
