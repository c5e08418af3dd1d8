"""One section per flow: roles, trigger and timing, data, volume, transport,
authentication, business logic, error handling, data protection and pattern.

Every fact comes from the facts layer (mailroom.facts); an unknown stays unknown,
says where the document asks about it, and brings its open questions along.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.diagrams.model import short_data
from mailroom.document import protection
from mailroom.document.data import data_facts, mapping_table, volume_facts
from mailroom.document.markdown import Md, code, slug
from mailroom.document.parts import (
    Asks,
    DiagramView,
    Fact,
    FindingView,
    Question,
    Topic,
    yes_no,
)
from mailroom.facts.grammar import inferred_words, possessive
from mailroom.spec.calendar import has_zone, in_zone, read_calendar
from mailroom.spec.meanings import (
    AUTH_CREDENTIAL,
    AUTH_SHORT,
    CHANGE_DETECTION_WORDS,
    FOLDER_CHANGE_DETECTION_WORDS,
    PATTERN_IMPLICATIONS,
    PATTERN_WORDS,
    REGISTRATION_WORDS,
    TRANSPORT_WORDS,
    TRIGGER_WORDS,
)
from mailroom.spec.schedule import describe_schedule, parse_schedule, zone_of

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.roles import Role
    from mailroom.facts.spec_facts import SpecFacts

# Which spec fields each topic answers: its open questions and findings go with it.
TOPIC_FIELDS: dict[str, tuple[str, ...]] = {
    "Roles": ("mail_person", "mailbox", "direction", "source", "destination", "id"),
    "Trigger and timing": ("trigger", "event", "schedule", "change_detection",
                           "webhook_registration", "caching", "effective_date"),
    "Data": ("data", "fields", "sends"),
    "Volume and latency": ("volume", "volume_peak", "latency"),
    "Transport and format": ("transport", "format"),
    "Authentication": ("auth",),
    "Business logic": ("business_logic",),
    "Error handling": ("error_handling", "alert_to", "alert_within", "resend_by"),
    protection.TITLE: protection.FIELDS,
    "Pattern": ("pattern",),
    "File": ("file",),
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
    no_diagram: str  # why there is no sequence diagram (when there is none), and where asked
    findings: list[FindingView]
    notes: str | None


def flow_heading(facts: SpecFacts, flow: FlowFacts) -> str:
    spec_flow = flow.flow
    return (f"Flow {flow.number}: {short_data(spec_flow.data)} from "
            f"{facts.label(spec_flow.source)} to {facts.label(spec_flow.destination)}")


def topic_of(field: str | None, flow: FlowFacts | None = None) -> str:
    """The topic a field's questions and findings go with. What each movement carries is
    said under Personal data when the flow carries personal data."""
    root = (field or "").split(".")[0]
    if root == "sends" and flow is not None and protection.carries_personal_data(flow):
        return protection.TITLE
    return next((title for title, fields in TOPIC_FIELDS.items() if root in fields), "Roles")


Built = tuple[list[Fact], list[str]]
Builder = Callable[["SpecFacts", "FlowFacts", Asks], Built]


def flow_view(
    facts: SpecFacts, flow: FlowFacts, questions: list[Question],
    findings: list[FindingView], diagram: DiagramView | None, asks: Asks,
) -> FlowView:
    builders: list[tuple[str, Builder]] = [
        ("Roles", _roles), ("Trigger and timing", _timing), ("Data", _data),
        ("Volume and latency", volume_facts), ("Transport and format", _transport),
        ("Authentication", _auth), ("Business logic", _logic),
        ("Error handling", _errors), (protection.TITLE, protection.protection_facts),
        ("Pattern", _pattern),
    ]
    if flow.file is not None:  # the file specification, after how the data travels
        builders.insert(5, ("File", _file))
    topics = []
    for title, build in builders:
        shown, notes = build(facts, flow, asks)
        topics.append(Topic(
            title, shown, notes,
            [q for q in questions if topic_of(q.field, flow) == title],
            [f for f in findings if topic_of(f.field, flow) == title],
            mapping_table(facts, flow.flow) if title == "Data" else None,
        ))
    heading = flow_heading(facts, flow)
    return FlowView(
        id=flow.id, number=flow.number, heading=heading, anchor=slug(heading),
        sentence=flow.sentence, sentence_with_roles=flow.sentence_with_roles,
        topics=topics, diagram=diagram, no_diagram=_no_diagram(flow, asks),
        findings=findings, notes=flow.flow.notes,
    )


def _no_diagram(flow: FlowFacts, asks: Asks) -> str:
    where = asks(flow.id, "mail_person", "mailbox", "source", "destination", "direction")
    where = f" ({where})" if where else ""
    if flow.mail_person is not None and flow.mailbox is not None:
        return ("The sequence can be drawn once who pushes and who pulls adds up" + where
                + ".")
    return ("Not decided yet: the sequence can be drawn once the mail person and the mailbox "
            "are decided" + where + ".")


def _inferred(role: Role) -> str:
    return f" ({inferred_words(role)})" if role.inferred else ""


def _roles(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    roles, spec_flow, fid = flow.roles, flow.flow, flow.id
    mail_person = mailbox = direction = None
    if roles.mail_person.known:
        mail_person = (f"{facts.label(flow.mail_person)}: its code starts the exchange and "
                       f"carries the data{_inferred(roles.mail_person)}")
    if roles.mailbox.known:
        system = facts.spec.system(flow.mailbox)
        interface = system.interface if system and system.interface else None
        mailbox = facts.label(flow.mailbox) + (f": {interface}" if interface else "")
    if flow.direction == "push":
        direction = (f"Push: {facts.label(flow.mail_person)}, the source, places the data into "
                     f"{facts.label(flow.mailbox)}")
    elif flow.direction == "pull":
        direction = (f"Pull: {facts.label(flow.mail_person)}, the destination, retrieves the "
                     f"data from {facts.label(flow.mailbox)}")
    elif flow.mail_person is not None and flow.mailbox is not None:
        where = asks(fid, "mail_person", "mailbox", "direction")
        direction = (f"Neither: {facts.label(flow.mail_person)} is named the mail person and "
                     f"{facts.label(flow.mailbox)} the mailbox, which does not add up"
                     + (f" ({where})" if where else ""))
    ends = None
    if spec_flow.source and spec_flow.destination:
        ends = f"{facts.label(spec_flow.source)} → {facts.label(spec_flow.destination)}"
    notes = []
    if roles.mailbox.inferred and not roles.mail_person.inferred:
        notes.append(f"The mailbox is not stated; a flow is one leg, so it is the other end, "
                     f"{facts.label(flow.mailbox)}.")
    shown = [
        asks.fact("Data moves", ends, fid, "source", "destination"),
        asks.fact("Mail person", mail_person, fid, "mail_person", "source", "destination"),
        asks.fact("Mailbox", mailbox, fid, "mailbox", "mail_person", "source", "destination"),
        asks.fact("Direction", direction, fid, "mail_person", "direction", "mailbox"),
    ]
    return shown, notes


def _timing(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    spec_flow, fid = flow.flow, flow.id
    shown = [asks.fact("Trigger", TRIGGER_WORDS.get(spec_flow.trigger or ""), fid, "trigger")]
    notes = []
    if spec_flow.trigger == "event":
        shown.append(asks.fact("Event", spec_flow.event, fid, "event"))
        if flow.direction == "push":
            notes.append(f"{facts.label(flow.mail_person)} acts the moment it happens: only the "
                         "system where an event happens can start at once, which is why this is "
                         "a push.")
    elif spec_flow.trigger == "schedule":
        zone = zone_of(facts.spec, spec_flow)
        said = in_zone(spec_flow.schedule, zone) if spec_flow.schedule else None
        shown.append(asks.fact("Schedule", _schedule(said), fid, "schedule"))
        if said and parse_schedule(said).valid:
            shown.append(Fact("Runs as (cron, in UTC)", _cron_words(said)))
    elif spec_flow.trigger == "on-demand":
        shown.append(Fact("Demand", spec_flow.event or "a person or a request asks for it"))
    if flow.effective is not None:
        shown.append(asks.fact("Acts", _acts(flow), fid, "effective_date.act_on"))
    if flow.webhook is not None:
        shown.append(asks.fact("Webhook registration", _registration(facts, flow), fid,
                               "webhook_registration"))
    if flow.polling is not None:
        mp, mb = facts.label(flow.mail_person), facts.label(flow.mailbox)
        notes.append(f"{mp} polls {mb}: a pull cannot start on an event in {mb}, so each run "
                     "asks for what is new or changed since the last one.")
        words = FOLDER_CHANGE_DETECTION_WORDS if flow.is_folder else CHANGE_DETECTION_WORDS
        shown.append(asks.fact("Change detection", words.get(
            flow.polling.change_detection or ""), fid, "change_detection"))
    if flow.lookup is not None:
        host, remote = facts.label(flow.mail_person), facts.label(flow.mailbox)
        notes.append(f"{host} fetches while it does its own work, so {remote} must be up at "
                     "that moment (see the runtime risks).")
        shown.append(asks.fact("Caching", yes_no(
            flow.lookup.caching, f"Yes: {host} keeps what it fetched and re-fetches only when "
            f"it may have changed", "No: every request goes to " + remote), fid, "caching"))
    return shown, notes


def _acts(flow: FlowFacts) -> str | None:
    """When the integration acts on data that takes effect on a date."""
    effective = flow.effective
    assert effective is not None
    date = f" ({effective.field})" if effective.field else ""
    if effective.act_on == "effective-day":
        return f"On the day the data takes effect{date}"
    if effective.act_on == "entered":
        return f"When the record is entered, whatever the date it takes effect{date}"
    return None


def _cron_words(schedule: str) -> str:
    """The cron the schedule becomes, as the stub's trigger runs it (in UTC), and what it
    does not say exactly; a time with no zone stated is taken as UTC, and said so."""
    from mailroom.spec.schedule import cron_for

    cron, todo = cron_for(schedule)
    words = cron
    if read_calendar(schedule) is not None and " at " in f" {schedule.lower()} " and \
            not has_zone(schedule):
        words += ": no time zone is stated, so the times are taken as UTC"
    return f"{words}; {todo}" if todo else words


def _registration(facts: SpecFacts, flow: FlowFacts) -> str | None:
    assert flow.webhook is not None
    words = REGISTRATION_WORDS.get(flow.webhook.registration or "")
    return words.format(caller=facts.label(flow.webhook.caller)) if words else None


def _schedule(text: str | None) -> str | None:
    if not text:
        return None
    described = describe_schedule(text)
    return described if text.strip() in described else f"{described} ({text.strip()})"


def _data(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    return data_facts(facts, flow, asks, sends=not protection.carries_personal_data(flow))


def _transport(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    mailbox = facts.spec.system(flow.mailbox)
    transport = TRANSPORT_WORDS.get(flow.transport or "")
    if transport is not None and flow.transport_inferred and mailbox is not None:
        transport += f" ({possessive(mailbox.label)} way in)"
    shown = [asks.fact("Transport", transport, flow.id, "transport"),
             asks.fact("Format", flow.flow.format, flow.id, "format")]
    if mailbox is not None and mailbox.interface:
        shown.append(Fact("The mailbox's interface", mailbox.interface))
    return shown, []


UNCOLLECTED_WORDS = {
    "overwritten": "the new file replaces it",
    "kept": "both wait, each under its own name",
    "run-waits": "the run writes nothing and tells someone",
}


def _file(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    """The file specification of a file flow."""
    file, fid = flow.file, flow.id
    assert file is not None
    unique = yes_no(file.unique_per_run, "Yes: each run's file has the date in its name",
                    "No: every run writes the same name")
    shown = [
        asks.fact_or("File name", file.name, fid, "file.name"),
        Fact("A name of its own for each run", unique) if unique else
        asks.fact_or("A name of its own for each run", None, fid, "file.name"),
        asks.fact_or("When the last file is not collected yet",
                     UNCOLLECTED_WORDS.get(file.if_not_collected or ""), fid,
                     "file.if_not_collected"),
        asks.fact_or("Encrypted while it waits", yes_no(file.encrypted), fid,
                     "file.encrypted"),
        asks.fact_or("Collected and archived by", file.collected_by, fid,
                     "file.collected_by"),
        asks.fact_or("Kept for", file.kept_for, fid, "file.kept_for"),
    ]
    notes = []
    if file.overwrites:
        notes.append("A file not yet collected is overwritten by the next run's file: its "
                     "records are lost to the receiver.")
    return shown, notes


def _auth(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    credential, fid = flow.credential, flow.id
    method = credential.method
    held = None
    if credential.holder.known:
        to = facts.label(flow.mailbox) if flow.mailbox else "the mailbox"
        held = (f"{facts.label(credential.holder.system)} (the mail person"
                f"{', inferred' if credential.holder.inferred else ''}), to call {to}'s "
                "interface")
    shown = [
        asks.fact("Method", AUTH_SHORT.get(method or ""), fid, "auth.method"),
        Fact("Credential", documented) if (documented := asks.documented(fid, "auth.credential"))
        else asks.fact("Credential", AUTH_CREDENTIAL.get(method or ""), fid, "auth.method"),
        asks.fact("Held by", held, fid, "mail_person", "source", "destination"),
    ]
    # Names as the systems spell them, shown as code: a developer types them as they are.
    if credential.name:
        shown.append(Fact("Kept as", Md(f"{code(credential.name)} (a name, not the secret)")))
    if credential.scopes:
        shown.append(Fact("Permissions", Md(", ".join(code(s) for s in credential.scopes))))
    auth = flow.flow.auth
    notes = [auth.notes] if auth and auth.notes else []
    notes.append("Secret values never appear in the spec or in this document.")
    return shown, notes


def _logic(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    spec_flow = flow.flow
    system = facts.spec.system(spec_flow.business_logic)
    where = None
    if spec_flow.business_logic:
        where = facts.label(spec_flow.business_logic)
        if system is not None and system.platform:
            where += " (the integration platform)"
        elif spec_flow.business_logic in (spec_flow.source, spec_flow.destination):
            where += " (the " + ("source" if spec_flow.business_logic == spec_flow.source
                                 else "destination") + ")"
    notes = []
    if where:
        notes.append("Mapping, transformation and decisions live here, so this system changes "
                     "most as the business changes; it is usually best placed where the most "
                     "has been invested and will be.")
    return [asks.fact("Lives in", where, flow.id, "business_logic")], notes


def _errors(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    """What happens when a delivery fails, and the people it falls to: who is alerted, how
    soon, and who re-sends. A name nobody has given is said only where it is asked."""
    spec_flow, fid = flow.flow, flow.id
    shown = [asks.fact("When a delivery fails", spec_flow.error_handling, fid,
                       "error_handling")]
    for label, value, field in (("Who is alerted", spec_flow.alert_to, "alert_to"),
                                ("How soon", spec_flow.alert_within, "alert_within"),
                                ("Who re-sends", spec_flow.resend_by, "resend_by")):
        if value or asks.asked(fid, field):
            shown.append(asks.fact(label, value, fid, field))
    return shown, []


def _pattern(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    pattern = flow.pattern
    if pattern is None:
        return [asks.fact("Pattern", None, flow.id, "pattern")], []
    host = (f"{facts.label(pattern.host)} (the system the integration is for)"
            if pattern.host else None)
    host_fact = asks.fact("Host", host, flow.id, "source", "destination")
    if pattern.contradicted:
        # The pattern's promise is not this design's: say what was chosen, not what it means.
        where = asks(flow.id, "pattern")
        chosen = (f"{pattern.pattern.capitalize()} was chosen, but this flow's design "
                  "contradicts it" + (f" ({where})" if where else ""))
        return [Fact("Pattern", chosen), host_fact], []
    said = [text for key, text in PATTERN_IMPLICATIONS[pattern.pattern] if key in pattern.holds]
    return ([Fact("Pattern", PATTERN_WORDS[pattern.pattern]), host_fact],
            [" ".join(said)] if said else [])
