"""Facts that follow from a spec: who pushes or pulls, and the flow as a sentence.

The grammar is the point: the subject of every sentence is the mail person,
the system whose code starts the exchange. "Salesforce pushes…" and "NetSuite
pulls…" describe different work for different people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mailroom.spec.schedule import describe_schedule
from mailroom.spec.vocabulary import Direction

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

VERBS: dict[str, str] = {"push": "pushes", "pull": "pulls"}
INTERFACE_WORDS: dict[str, str] = {
    "rest": "REST API",
    "soap": "SOAP API",
    "graphql": "GraphQL API",
    "webhook": "webhook receiver",
    "sftp": "SFTP folder",
    "database": "database",
    "queue": "queue",
    "file": "file drop",
    "other": "interface",
}


@dataclass(frozen=True)
class Roles:
    """A flow's two ends as the roles make them, with what had to be inferred."""

    mail_person: str | None
    mailbox: str | None
    direction: Direction | None
    mailbox_inferred: bool = False  # the mailbox was left blank: it is the other end


def roles(flow: Flow) -> Roles:
    """Direction from the roles: push when the mail person is the source, pull when it
    is the destination. When only the mail person is known and it is one end, the
    mailbox is the other end (a flow is exactly one leg)."""
    mail_person, mailbox = flow.mail_person, flow.mailbox
    inferred = False
    ends = (flow.source, flow.destination)
    if mailbox is None and mail_person is not None and None not in ends and mail_person in ends:
        mailbox = flow.destination if mail_person == flow.source else flow.source
        inferred = True
    direction: Direction | None = None
    if mail_person is not None and mail_person != mailbox:
        # The mailbox must be the other end; an end still unknown cannot contradict it.
        if mail_person == flow.source and mailbox in (None, flow.destination or mailbox):
            direction = "push"
        elif mail_person == flow.destination and mailbox in (None, flow.source or mailbox):
            direction = "pull"
    return Roles(mail_person, mailbox, direction, inferred)


def direction(flow: Flow) -> Direction | None:
    return roles(flow).direction


def is_realtime_pull(flow: Flow) -> bool:
    """The host fetches while it works: it needs the remote to be up at that moment."""
    return direction(flow) == "pull" and flow.trigger == "on-demand"


def is_polling(flow: Flow) -> bool:
    return direction(flow) == "pull" and flow.trigger == "schedule"


def sentence(spec: Spec, flow: Flow, *, with_roles: bool = False) -> str:
    """The flow read back with the mail person as the subject.

    "Salesforce pushes converted leads into NetSuite's REST API when a lead is converted."
    """
    r = roles(flow)
    data = _data_phrase(flow.data, _names(spec))
    mail_person = spec.label(r.mail_person) if r.mail_person else None
    mailbox = _mailbox_phrase(spec, flow, r.mailbox)
    if with_roles and mail_person:
        mail_person += " (mail person)"
    if with_roles and r.mailbox:
        mailbox += " (mailbox)"
    if r.direction == "push":
        core = f"{mail_person} pushes {data} into {mailbox}"
    elif r.direction == "pull":
        core = f"{mail_person} pulls {data} from {mailbox}"
    elif mail_person:  # roles that contradict each other: say so rather than choose
        core = (
            f"{mail_person} moves {data} from {spec.label(flow.source)} to "
            f"{spec.label(flow.destination)} (who pushes and who pulls does not add up)"
        )
    else:
        core = (
            f"{data[0].upper()}{data[1:]} move from {spec.label(flow.source)} to "
            f"{spec.label(flow.destination)}"
        )
        return f"{core} {_timing(flow, _names(spec))}; which of them starts it is not decided yet."
    return f"{core} {_timing(flow, _names(spec))}."


def data_words(spec: Spec, flow: Flow) -> str:
    """What moves, as it reads inside a sentence: "converted leads" (details in brackets
    left out, the first letter lowered unless it starts a name)."""
    return _data_phrase(flow.data, _names(spec))


def event_words(spec: Spec, flow: Flow) -> str | None:
    """The event (or the demand) as it reads after "when": "a lead is converted"."""
    return _event_phrase(flow.event, _names(spec))


def _data_phrase(data: str | None, names: set[str]) -> str:
    if not data:
        return "records (not described yet)"
    text = re.sub(r"\s*\([^)]*\)", "", data).strip() or data.strip()
    return _lower_first(text.rstrip("."), names)


def _names(spec: Spec) -> set[str]:
    return {s.label for s in spec.systems}


def _mailbox_phrase(spec: Spec, flow: Flow, mailbox: str | None) -> str:
    if mailbox is None:
        return "a mailbox not decided yet"
    name = spec.label(mailbox)
    system = spec.system(mailbox)
    # The system's own words for its mailbox ("press release intake API") say more than
    # the transport's ("REST API").
    interface = system.interface if system is not None and system.interface else None
    interface = interface or INTERFACE_WORDS.get(flow.transport or "")
    if interface is None:
        return name
    possessive = f"{name}'" if name.endswith("s") else f"{name}'s"
    return f"{possessive} {interface}"


def _timing(flow: Flow, names: set[str]) -> str:
    event = _event_phrase(flow.event, names)
    if flow.trigger == "event":
        if not event:
            return "when an event happens (which event is not decided yet)"
        return f"when {event}"
    if flow.trigger == "schedule":
        if not flow.schedule:
            return "on a schedule not decided yet"
        return describe_schedule(flow.schedule)
    if flow.trigger == "on-demand":
        if event:
            return f"on demand, when {event}"
        return "on demand, when a person or a request asks for it"
    return "at a time not decided yet"


def _event_phrase(event: str | None, names: set[str]) -> str | None:
    if not event or not event.strip():
        return None
    text = event.strip().rstrip(".")
    text = re.sub(r"^(when|whenever)\s+", "", text, flags=re.IGNORECASE)
    return _lower_first(text, names)


def _lower_first(text: str, names: set[str]) -> str:
    """Lower the first letter of an ordinary word, so the phrase fits inside a sentence;
    leave names ("Salesforce accounts") and acronyms ("CSV files", "CommCare forms")."""
    first = text.split()[0] if text.split() else ""
    if not first[:1].isupper() or any(c.isupper() for c in first[1:]):
        return text
    if any(text == name or text.startswith(name + " ") for name in names):
        return text
    return text[0].lower() + text[1:]


# -- platforms in the middle --------------------------------------------------


@dataclass
class Middle:
    """A system that takes data in on some flows and sends it on in others,
    carrying it itself: an integration platform modelled as two legs."""

    system: str
    inbound: list[str] = field(default_factory=list)  # flow ids arriving at it
    outbound: list[str] = field(default_factory=list)  # flow ids leaving it


def platforms_in_the_middle(spec: Spec) -> list[Middle]:
    middles = []
    for system in spec.systems:
        inbound = [f.id for f in spec.flows if f.destination == system.id]
        outbound = [f.id for f in spec.flows if f.source == system.id]
        carries = [f for f in spec.flows if roles(f).mail_person == system.id]
        # It carries data on, from one system to another: a round trip with one other
        # system (pull from it, push back to it) is two flows, not a middle.
        ends = {f.source for f in spec.flows if f.id in inbound}
        ends |= {f.destination for f in spec.flows if f.id in outbound}
        if inbound and outbound and (len(carries) >= 2 or system.platform) and len(ends) > 1:
            middles.append(Middle(system.id, inbound, outbound))
    return middles


def middle_sentence(spec: Spec, middle: Middle) -> str:
    """"OpenFn is a platform in the middle: it pulls from CommCare and pushes to DHIS2.\""""
    flows = {f.id: f for f in spec.flows}
    parts = []
    for flow_id in middle.inbound:
        flow = flows[flow_id]
        verb = "pulls from" if direction(flow) == "pull" else "is pushed to by"
        if roles(flow).mail_person not in (middle.system, flow.source):
            verb = "receives from"
        parts.append(f"{verb} {spec.label(flow.source)}")
    for flow_id in middle.outbound:
        flow = flows[flow_id]
        verb = "pushes to" if direction(flow) == "push" else "is pulled from by"
        parts.append(f"{verb} {spec.label(flow.destination)}")
    return f"{spec.label(middle.system)} is a platform in the middle: it {_join(parts)}."


def credential_holder(flow: Flow) -> str | None:
    """The mail person holds the credentials for the mailbox's interface."""
    return roles(flow).mail_person


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
