"""What is still unknown, asked as the question a project manager puts next.

Unknown is a legal answer; it is never guessed. Only the questions that
matter for this flow are asked: no schedule question for an event-driven push.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailroom.checks.registry import Finding, spec_rule
from mailroom.derive import direction, roles

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

CODE = "open-question"


def _flow_questions(spec: Spec, flow: Flow) -> Iterator[tuple[str, str]]:  # noqa: C901
    src, dst = spec.label(flow.source), spec.label(flow.destination)
    if flow.data is None:
        yield "data", "What data moves in this flow: which records, which fields?"
    if flow.source is None:
        yield "source", "Which system does the data come from (the source)?"
    if flow.destination is None:
        yield "destination", "Which system does the data go to (the destination)?"
    if flow.mail_person is None:
        yield "mail_person", (
            f"Which system starts the exchange and carries the data (the mail person): "
            f"{src} pushing it, or {dst} pulling it?"
        )
    if flow.mail_person is not None and roles(flow).mailbox is None:
        yield "mailbox", "Whose API or folder is the data put into or taken from (the mailbox)?"
    if flow.trigger is None and direction(flow) == "pull":
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
    if flow.transport is None:
        yield "transport", "How does the data travel: REST, SOAP, GraphQL, webhook, SFTP, " \
            "database, queue or file?"
    if flow.format is None:
        yield "format", "In what format is the data sent (JSON, XML, CSV…)?"
    if flow.auth is None or flow.auth.method is None:
        mail_person = spec.label(flow.mail_person) if flow.mail_person else "the mail person"
        yield "auth.method", (
            f"How does {mail_person} prove who it is to the mailbox (API key, OAuth2, basic, "
            "mTLS, SSH key)? Record the method only, never the secret."
        )
    yield from _design_questions(spec, flow)


def _design_questions(spec: Spec, flow: Flow) -> Iterator[tuple[str, str]]:
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
            "What is the integration for: embed (show it), push (send it), pull (fetch and use "
            "it in real time), clone (make it our own records) or synthesize (aggregate many "
            "sources)?"
        )
    if flow.personal_data is None:
        yield "personal_data", "Does the data include personal data (names, emails, health…)?"
    if flow.volume is None:
        yield "volume", "How much data moves (records per day, or per run)?"
    if flow.latency is None:
        yield "latency", "How fresh must the data be at the destination (minutes, hours, a day)?"
    if flow.error_handling is None:
        yield "error_handling", (
            "What happens when a delivery fails: how many retries, who is alerted, where do "
            "failed records go?"
        )
    if direction(flow) == "pull" and flow.trigger == "on-demand" and flow.caching is None:
        yield "caching", f"Does {dst} keep a cache of what it fetches from {src}?"


@spec_rule(CODE, "info")
def open_questions(spec: Spec) -> Iterator[Finding]:
    """Every unknown that matters becomes a question, never a guess."""
    yield from _spec_questions(spec)
    yield from _system_questions(spec)
    for flow in spec.flows:
        for field, question in _flow_questions(spec, flow):
            yield Finding("info", CODE, question, flow.id, field)


def _spec_questions(spec: Spec) -> Iterator[Finding]:
    if not spec.title:
        yield Finding("info", CODE, "What is this integration called?", None, "title")
    if not spec.why:
        yield Finding(
            "info", CODE,
            "Why does the data move? Name the business requirement it serves.", None, "why",
        )
    if not spec.stakeholders:
        yield Finding(
            "info", CODE, "Who are the stakeholders who must agree to this and sign it?",
            None, "stakeholders",
        )
    if not spec.flows:
        yield Finding("info", CODE, "Which data moves between which systems? No flow yet.",
                      None, "flows")


def _system_questions(spec: Spec) -> Iterator[Finding]:
    mailboxes = {roles(f).mailbox for f in spec.flows}
    mail_people = {roles(f).mail_person for f in spec.flows}
    mail_people |= {f.business_logic for f in spec.flows}
    sources = {f.source for f in spec.flows if direction(f) != "pull"}
    for system in spec.systems:
        field = f"systems.{system.id}"
        if system.name is None:
            yield Finding("info", CODE, f"What is the name of the system '{system.id}'?",
                          None, f"{field}.name")
        if system.id in mailboxes and system.api is None:
            yield Finding("info", CODE, (
                f"Does {system.label} have a usable API, folder or table for this data (its "
                "mailbox)? If not, adding one has a cost."), None, f"{field}.api")
        if system.id in sources and system.events is None:
            yield Finding("info", CODE, (
                f"Can {system.label} emit events or call webhooks when something happens?"),
                None, f"{field}.events")
        if system.id in mail_people and system.skills is None and not system.platform:
            yield Finding("info", CODE, (
                f"Does the team have developers who can build in {system.label}?"),
                None, f"{field}.skills")
