"""What is still unknown and matters, asked as the question a project manager puts next.

Unknown is a legal answer; it is never guessed. Only the questions that matter for
this spec are asked: no schedule question for an event-driven push, no question
about a system's API when no flow uses it as a mailbox. This is the one list: check
reports it, the document numbers it, the brief picks from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.facts.grammar import data_words, possessive
from mailroom.facts.words import TRANSPORT

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.signatures import Signatory
    from mailroom.facts.systems import SystemFacts
    from mailroom.spec.model import Flow, Spec


@dataclass(frozen=True)
class Question:
    """An open question: where it belongs (a flow's id, or None) and the field it fills."""

    flow: str | None
    field: str  # a flow's field ("trigger", "auth.method"), or "systems.<id>.<field>"
    text: str


def open_questions(spec: Spec, systems: Sequence[SystemFacts],
                   flows: Sequence[FlowFacts],
                   signatories: Sequence[Signatory] = ()) -> list[Question]:
    questions = list(_spec_questions(spec))
    questions += [q for s in systems for q in _system_questions(s)]
    questions += [Question(None, s.field, s.question) for s in signatories if s.name is None]
    questions += [Question(f.id, field, text) for f in flows
                  for field, text in [*_flow_questions(spec, f), *_design_questions(spec, f)]]
    return questions


def _spec_questions(spec: Spec) -> Iterator[Question]:
    if not spec.title:
        yield Question(None, "title", "What is this integration called?")
    if not spec.why:
        yield Question(None, "why",
                       "Why does the data move? Name the business requirement it serves.")
    if not spec.stakeholders:
        yield Question(None, "stakeholders",
                       "Who are the stakeholders who must agree to this and sign it?")
    if not spec.flows:
        yield Question(None, "flows", "Which data moves between which systems? No flow yet.")


def _system_questions(facts: SystemFacts) -> Iterator[Question]:  # noqa: C901 - one per field
    system, name = facts.system, facts.label
    field = f"systems.{system.id}"
    if system.name is None:
        yield Question(None, f"{field}.name", f"What is the name of the system '{system.id}'?")
    if system.kind is None:
        yield Question(None, f"{field}.kind", (
            f"What kind of system is {name} (a CRM, an ERP, an SFTP area, a database, an "
            "integration platform…)?"))
    if system.owner is None:
        yield Question(None, f"{field}.owner", (
            f"Who owns {name}: which team or organisation keeps it running and answers for "
            "its side?"))
    if system.third_party is None:
        yield Question(None, f"{field}.third_party", (
            f"Is {name} run by us, or by another organisation (a software vendor's service "
            "or a partner counts)?"))
    if facts.api.open:
        yield Question(None, f"{field}.interface_kind", _way_in_question(facts))
    if facts.interface_needed:
        yield Question(None, f"{field}.interface", (
            f"Where exactly is {possessive(name)} mailbox for this data: which endpoint, folder or "
            "table?"))
    if facts.events.open:
        yield Question(None, f"{field}.events",
                       f"Can {name} emit events or call webhooks when something happens?")
    if facts.skills.open and system.platform:
        yield Question(None, f"{field}.skills", (
            f"Does the team have someone who can set up and look after workflows in {name} "
            "(an integration platform: configured rather than coded)?"))
    elif facts.skills.open:
        yield Question(None, f"{field}.skills",
                       f"Does the team have developers who can build in {name}?")


def _way_in_question(facts: SystemFacts) -> str:
    """Whether a mailbox has a way in, and of which kind: one question for both, since the
    kind answers whether ("none yet" is no)."""
    name = facts.label
    if facts.way_in_kinds:
        planned = " or ".join(TRANSPORT.get(k, "none yet") for k in facts.way_in_kinds)
        return (f"Does {name} already offer the way in this data is to use ({planned}), or "
                "none yet? That is its mailbox; adding one has a cost.")
    return (f"Does {name} have a way in for this data (its mailbox), and of which kind: a "
            "REST, SOAP or GraphQL API, a webhook receiver URL, an SFTP folder, a shared file "
            "folder, a database, a queue, something else, or none yet? Adding one has a "
            "cost.")


def _flow_questions(spec: Spec, facts: FlowFacts) -> Iterator[tuple[str, str]]:  # noqa: C901
    flow, roles = facts.flow, facts.roles
    src, dst = spec.label(flow.source), spec.label(flow.destination)
    if flow.data is None:
        yield "data", "What data moves in this flow: which records, which fields?"
    if flow.source is None:
        yield "source", "Which system does the data come from (the source)?"
    if flow.destination is None:
        yield "destination", "Which system does the data go to (the destination)?"
    if not roles.mail_person.known:
        yield "mail_person", (
            f"Which system starts the exchange and carries the data (the mail person): "
            f"{src} pushing it, or {dst} pulling it?"
        )
    elif not roles.mailbox.known:
        yield "mailbox", "Whose API or folder is the data put into or taken from (the mailbox)?"
    if flow.trigger is None and facts.direction == "pull":
        yield "trigger", (
            f"When does {dst} pull: on a schedule (polling), or on demand when a person or a "
            "request needs the data?"
        )
    elif flow.trigger is None:
        yield "trigger", (
            f"What starts the movement: an event in {src}, a schedule, or a person or "
            "request (on demand)?"
        )
    if flow.trigger == "event" and not flow.event:
        yield "event", f"Which event in {src} starts the flow (e.g. “a lead is converted”)?"
    if flow.trigger == "schedule" and not flow.schedule:
        yield "schedule", "How often does it run (a cron expression, or “every 30 minutes”)?"
    if facts.polling is not None and facts.polling.change_detection is None:
        yield "change_detection", (
            f"How does {spec.label(facts.mail_person)} find what is new or changed in "
            f"{spec.label(facts.mailbox)} since its last run: a last-modified timestamp, the "
            "highest id seen, or a full fetch compared with what was stored last time?"
        )
    if facts.webhook is not None and facts.webhook.registration is None:
        yield "webhook_registration", (
            f"How does {possessive(spec.label(facts.webhook.receiver))} receiver URL get into "
            f"{spec.label(facts.webhook.caller)}: registered through its API, or copied in "
            "by hand?"
        )
    if facts.transport is None:
        yield "transport", "How does the data travel: REST, SOAP, GraphQL, webhook, SFTP, " \
            "database, queue or file?"
    if flow.format is None:
        yield "format", "In what format is the data sent (JSON, XML, CSV…)?"
    if facts.credential.method is None:
        holder = facts.credential.holder
        who = spec.label(holder.system) if holder.known else "the mail person"
        yield "auth.method", (
            f"How does {who} prove who it is to the mailbox (API key, OAuth2, basic, "
            "mTLS, SSH key)? Record the method only, never the secret."
        )


def _design_questions(spec: Spec, facts: FlowFacts) -> Iterator[tuple[str, str]]:
    flow = facts.flow
    src, dst = spec.label(flow.source), spec.label(flow.destination)
    if flow.business_logic is None:
        platforms = [s for s in (spec.system(flow.source), spec.system(flow.destination))
                     if s is not None and s.platform]
        other = "another system" if platforms else "an integration platform"
        yield "business_logic", (
            f"Where do the mapping, transformation and decisions live: {src}, {dst} or "
            f"{other}? Usually in the system you have invested in most."
        )
    if flow.pattern is None:
        yield "pattern", (
            f"What is this flow for: {dst} shows {possessive(src)} data as it is (embed), looks "
            f"it up when needed and acts on it (pull), keeps its own copy (clone) or combines it "
            f"with other systems' data (synthesize); or {src} sends its own data out (push)?"
        )
    yield from _personal_questions(spec, facts)
    if facts.file is not None:
        yield from _file_questions(spec, facts)
    if facts.effective is not None and facts.effective.act_on is None:
        date = facts.effective.field or "the date the data takes effect"
        yield "effective_date.act_on", (
            f"Must the integration act when a record is entered, or on its {date}?"
            if facts.effective.field else
            f"Must the integration act when a record is entered, or on {date}?")
    if flow.volume is None:
        yield "volume", "How much data moves (records per day, or per run)?"
    if flow.latency is None:
        yield "latency", "How fresh must the data be at the destination (minutes, hours, a day)?"
    if flow.error_handling is None:
        yield "error_handling", (
            "What happens when a delivery fails: how many retries, and where do failed "
            "records go?"
        )
    if flow.alert_to is None:
        yield "alert_to", (
            f"Who is told when moving {_the_data(spec, flow)} fails, and acts on it: which "
            "person or team?"
        )
    if facts.lookup is not None and facts.lookup.caching is None:
        yield "caching", f"Does {dst} keep a cache of what it fetches from {src}?"


def _personal_questions(spec: Spec, facts: FlowFacts) -> Iterator[tuple[str, str]]:
    """Personal data, and for data that reaches another organisation what covers it there
    and where it is kept: asked only where an earlier answer makes it matter."""
    flow, personal = facts.flow, facts.personal
    if personal is None:
        if flow.personal_data is None:
            yield "personal_data", \
                "Does the data include personal data (names, emails, health…)?"
        return
    if not personal.fields_known:
        yield "personal_fields", (
            f"Which fields of {_the_data(spec, flow)} are personal data (names, e-mail "
            "addresses, health…)? Only the data that is needed should travel."
        )
    if not personal.kinds_said:
        yield "personal_data_kinds", (
            f"Which kinds of personal data do {_the_data(spec, flow)} hold: contact details, "
            "identity numbers, financial data (bank details, salary), health data; and are "
            "they about children?"
        )
    if personal.other_organisation is not True:
        return
    receiver = spec.label(personal.receiver)
    if personal.agreement is None:
        yield "personal_data_agreement", (
            f"Another organisation holds {possessive(receiver)} data: what covers the personal "
            "data it receives there: a data-processing agreement, another lawful basis, or "
            "nothing yet?"
        )
    if personal.stored is None:
        yield "personal_data_stored", (
            f"Where does the organisation that runs {receiver} keep the personal data it "
            "receives (a country, a service)?"
        )


def _file_questions(spec: Spec, facts: FlowFacts) -> Iterator[tuple[str, str]]:
    """A file flow's file: its name, what happens to one not collected, encryption while it
    waits (where it holds personal data), who collects it and how long it is kept."""
    file, folder = facts.file, f"{possessive(spec.label(facts.mailbox))} folder"
    assert file is not None
    if file.name is None:
        example = f"{facts.flow.id}-YYYY-MM-DD"
        yield "file.name", (
            "What is each file called? A name of its own for each run (with the date, as in "
            f"'{example}') keeps a file not yet collected from being overwritten.")
    if file.if_not_collected is None:
        yield "file.if_not_collected", (
            f"When the next file is due and the last one still waits in {folder}, what "
            "happens: the new one replaces it, both wait, or the run waits and tells "
            "someone?")
    if file.encrypted is None and facts.personal is not None:
        yield "file.encrypted", (
            f"Is each file encrypted while it waits in {folder} (PGP, for instance)?")
    if file.collected_by is None:
        yield "file.collected_by", (
            f"Who collects each file from {folder}, and who archives or removes it?")
    if file.kept_for is None:
        yield "file.kept_for", "How long is a file kept, once collected or if never collected?"


_DETERMINERS = ("the ", "a ", "an ", "this ", "these ", "each ", "every ", "all ", "our ",
                "their ")


def _the_data(spec: Spec, flow: Flow) -> str:
    """"the converted leads", or "this data" while what moves is not described."""
    if not flow.data:
        return "this data"
    words = data_words(spec, flow)
    return words if words.lower().startswith(_DETERMINERS) else f"the {words}"
