"""One section per flow: roles, trigger and timing, data, volume, transport,
authentication, business logic, error handling, personal data and pattern.

Every fact comes from the spec or from what the domain articles say it implies;
an unknown stays unknown and brings its open questions along.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.derive import credential_holder, is_polling, is_realtime_pull, roles, sentence
from mailroom.diagrams.model import short_data
from mailroom.document.parts import (
    DiagramView,
    Fact,
    FindingView,
    Question,
    Topic,
    slug,
    yes_no,
)
from mailroom.spec.meanings import (
    AUTH_CREDENTIAL,
    AUTH_SHORT,
    CHANGE_DETECTION_WORDS,
    PATTERN_WORDS,
    TRANSPORT_WORDS,
    TRIGGER_WORDS,
)
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

# Which spec fields each topic answers: its open questions and findings go with it.
TOPIC_FIELDS: dict[str, tuple[str, ...]] = {
    "Roles": ("mail_person", "mailbox", "direction", "source", "destination", "id"),
    "Trigger and timing": ("trigger", "event", "schedule", "change_detection",
                           "webhook_registration", "caching"),
    "Data": ("data",),
    "Volume and latency": ("volume", "latency"),
    "Transport and format": ("transport", "format"),
    "Authentication": ("auth",),
    "Business logic": ("business_logic",),
    "Error handling": ("error_handling",),
    "Personal data": ("personal_data",),
    "Pattern": ("pattern",),
}


@dataclass(frozen=True)
class FlowView:
    """Everything the document says about one flow."""

    id: str
    number: int
    heading: str
    anchor: str
    sentence: str
    sentence_with_roles: str
    topics: list[Topic]
    diagram: DiagramView | None
    findings: list[FindingView]
    notes: str | None


def flow_heading(spec: Spec, flow: Flow, number: int) -> str:
    return (f"Flow {number}: {short_data(flow.data)} from {spec.label(flow.source)} "
            f"to {spec.label(flow.destination)}")


def topic_of(field: str | None) -> str:
    root = (field or "").split(".")[0]
    return next((title for title, fields in TOPIC_FIELDS.items() if root in fields), "Roles")


def flow_view(
    spec: Spec, flow: Flow, number: int, questions: list[Question],
    findings: list[FindingView], diagram: DiagramView | None,
) -> FlowView:
    builders: list[tuple[str, Callable[[Spec, Flow], tuple[list[Fact], list[str]]]]] = [
        ("Roles", _roles), ("Trigger and timing", _timing), ("Data", _data),
        ("Volume and latency", _volume), ("Transport and format", _transport),
        ("Authentication", _auth), ("Business logic", _logic),
        ("Error handling", _errors), ("Personal data", _personal), ("Pattern", _pattern),
    ]
    topics = []
    for title, build in builders:
        facts, notes = build(spec, flow)
        topics.append(Topic(
            title, facts, notes,
            [q for q in questions if topic_of(q.field) == title],
            [f for f in findings if topic_of(f.field) == title],
        ))
    heading = flow_heading(spec, flow, number)
    return FlowView(
        id=flow.id, number=number, heading=heading, anchor=slug(heading),
        sentence=sentence(spec, flow), sentence_with_roles=sentence(spec, flow, with_roles=True),
        topics=topics, diagram=diagram, findings=findings, notes=flow.notes,
    )


Built = tuple[list[Fact], list[str]]


def _roles(spec: Spec, flow: Flow) -> Built:
    r = roles(flow)
    mail_person = (f"{spec.label(r.mail_person)}: its code starts the exchange and carries "
                   "the data" if r.mail_person else None)
    mailbox = None
    if r.mailbox:
        system = spec.system(r.mailbox)
        interface = system.interface if system and system.interface else None
        mailbox = spec.label(r.mailbox) + (f": {interface}" if interface else "")
    direction = None
    if r.direction == "push":
        direction = (f"Push: {spec.label(r.mail_person)}, the source, places the data into "
                     f"{spec.label(r.mailbox)}")
    elif r.direction == "pull":
        direction = (f"Pull: {spec.label(r.mail_person)}, the destination, retrieves the data "
                     f"from {spec.label(r.mailbox)}")
    ends = None
    if flow.source and flow.destination:
        ends = f"{spec.label(flow.source)} → {spec.label(flow.destination)}"
    notes = []
    if r.mailbox_inferred:
        notes.append(f"The mailbox is not stated; a flow is one leg, so it is the other end, "
                     f"{spec.label(r.mailbox)}.")
    facts = [Fact("Data moves", ends), Fact("Mail person", mail_person),
             Fact("Mailbox", mailbox), Fact("Direction", direction)]
    return facts, notes


def _timing(spec: Spec, flow: Flow) -> Built:
    src, dst = spec.label(flow.source), spec.label(flow.destination)
    facts = [Fact("Trigger", TRIGGER_WORDS.get(flow.trigger or ""))]
    notes = []
    if flow.trigger == "event":
        facts.append(Fact("Event", flow.event))
        if roles(flow).direction == "push":
            notes.append(f"{src} acts the moment it happens: only the system where an event "
                         "happens can start at once, which is why this is a push.")
        facts += _webhook_facts(spec, flow)
    elif flow.trigger == "schedule":
        facts.append(Fact("Schedule", _schedule(flow.schedule)))
        if is_polling(flow):
            notes.append(f"{dst} polls {src}: a pull cannot start on an event in {src}, so "
                         "each run asks for what is new or changed since the last one.")
            facts.append(Fact("Change detection",
                              CHANGE_DETECTION_WORDS.get(flow.change_detection or "")))
    elif flow.trigger == "on-demand":
        facts.append(Fact("Demand", flow.event or "a person or a request asks for it"))
        if is_realtime_pull(flow):
            notes.append(f"{dst} fetches while it does its own work, so {src} must be up at "
                         "that moment (see the runtime risks).")
            facts.append(Fact("Caching", yes_no(flow.caching, f"Yes: {dst} keeps what it "
                              "fetched and re-fetches only when it may have changed",
                              "No: every request goes to " + src)))
    return facts, notes


def _webhook_facts(spec: Spec, flow: Flow) -> list[Fact]:
    if flow.transport != "webhook":
        return []
    src = spec.label(flow.source)
    registration = {
        "api": f"Through {src}'s API: the receiver URL is registered (and re-registered when "
               "it changes) by a call",
        "manual": f"By hand: the receiver URL is copied into {src}'s settings, and must be "
                  "copied again if it changes",
    }.get(flow.webhook_registration or "")
    return [Fact("Webhook registration", registration)]


def _schedule(text: str | None) -> str | None:
    if not text:
        return None
    described = describe_schedule(text)
    return described if text.strip() in described else f"{described} ({text.strip()})"


def _data(spec: Spec, flow: Flow) -> Built:
    return [Fact("What moves", flow.data)], []


def _volume(spec: Spec, flow: Flow) -> Built:
    return [Fact("Volume", flow.volume), Fact("Latency (how fresh)", flow.latency)], []


def _transport(spec: Spec, flow: Flow) -> Built:
    mailbox = spec.system(roles(flow).mailbox)
    interface = mailbox.interface if mailbox is not None else None
    facts = [Fact("Transport", TRANSPORT_WORDS.get(flow.transport or "")),
             Fact("Format", flow.format)]
    if interface:
        facts.append(Fact("The mailbox's interface", interface))
    return facts, []


def _auth(spec: Spec, flow: Flow) -> Built:
    auth = flow.auth
    method = auth.method if auth else None
    holder = credential_holder(flow)
    mailbox = roles(flow).mailbox
    held = None
    if holder:
        held = (f"{spec.label(holder)} (the mail person), to call "
                f"{spec.label(mailbox) if mailbox else 'the mailbox'}'s interface")
    facts = [
        Fact("Method", AUTH_SHORT.get(method or "")),
        Fact("Credential", AUTH_CREDENTIAL.get(method or "")),
        Fact("Held by", held),
    ]
    if auth and auth.credential_name:
        facts.append(Fact("Kept as", f"{auth.credential_name} (a name, not the secret)"))
    if auth and auth.scopes:
        facts.append(Fact("Permissions", ", ".join(auth.scopes)))
    notes = [auth.notes] if auth and auth.notes else []
    notes.append("Secret values never appear in the spec or in this document.")
    return facts, notes


def _logic(spec: Spec, flow: Flow) -> Built:
    system = spec.system(flow.business_logic)
    where = None
    if flow.business_logic:
        where = spec.label(flow.business_logic)
        if system is not None and system.platform:
            where += " (the integration platform)"
        elif flow.business_logic in (flow.source, flow.destination):
            where += " (the " + ("source" if flow.business_logic == flow.source
                                 else "destination") + ")"
    notes = []
    if where:
        notes.append("Mapping, transformation and decisions live here, so this system changes "
                     "most as the business changes; it is usually best placed where the most "
                     "has been invested and will be.")
    return [Fact("Lives in", where)], notes


def _errors(spec: Spec, flow: Flow) -> Built:
    return [Fact("When a delivery fails", flow.error_handling)], []


def _personal(spec: Spec, flow: Flow) -> Built:
    value = yes_no(flow.personal_data)
    return [Fact("Personal data", value)], []


def _pattern(spec: Spec, flow: Flow) -> Built:
    if flow.pattern is None:
        return [Fact("Pattern", None)], []
    what, implies = PATTERN_WORDS[flow.pattern]
    host = flow.source if flow.pattern == "push" else flow.destination
    facts = [Fact("Pattern", what)]
    if host:
        facts.append(Fact("Host", f"{spec.label(host)} (the system the integration is for)"))
    return facts, [implies]
