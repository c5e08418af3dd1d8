"""The README of a generated stub: how to run it, and what each TODO means."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mailroom.stub.openfn import Provenance, used_credentials
from mailroom.stub.plan import SFTP_ADAPTOR, SFTP_ADAPTOR_VERSION, Registration, Step, Workflow
from mailroom.stub.receive import sender_payload, vendor_call
from mailroom.stub.vendor import sender_signing

if TYPE_CHECKING:
    import jinja2

    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Spec
    from mailroom.vendors import Signing

TODO_MEANINGS: dict[str, str] = {
    "path": "The spec does not name the endpoint or folder: take it from the mailbox's "
    "API documentation (the simulation uses the placeholder as it is).",
    "auth": "How the credential is presented is a placeholder or a step left to do: "
    "check the mailbox's authentication documentation.",
    "mapping": "Turn the source's record into what the mailbox expects. Decisions stay "
    "where the spec puts the business logic.",
    "id": "Which field identifies a record: it makes the idempotency key and the "
    "duplicate check.",
    "paging": "The query parameters and the shape of the answer when listing records: "
    "use the mailbox's own.",
    "cursor": "The order the mailbox returns records in, so that the cursor can move "
    "forward safely.",
    "save": "Where a pull keeps what it fetched: the mail person's own records.",
    "fields": "The fields' names in the vendor's system (a SOQL query selects them by their "
    "API names); the spec's names stand in.",
    "fallback": "What the mail person does when a real-time lookup gets no answer.",
    "alert": "Who is told about records that could not be delivered, and how.",
    "collect": "What a scheduled push sends each time, read from the mail person's data.",
    "files": "Check the SFTP calls against the adaptor's documentation for the version "
    "you deploy.",
    "file": "The name and content of the file a scheduled upload writes.",
    "verify": "Something the vendor's pages read do not settle (whether a filter is "
    "inclusive, whether a retry keeps its id, ...): check it against the real system before "
    "relying on it; the simulation's mock takes the reading the comment names.",
    "decide": "Something the spec leaves open that the workflow cannot be built "
    "without: settle it, then generate again.",
    "trigger": "What starts the workflow is not decided, or its schedule is not exactly a "
    "cron expression: set it in project.yaml.",
    "transport": "The spec's transport is not HTTP (or not decided): the job is written for "
    "HTTP as a placeholder; use the adaptor for that transport and keep the shape.",
}
_TODO = re.compile(r"TODO\(([a-z]+)\)")


def readme(
    facts: SpecFacts, workflows: list[Workflow], origin: Provenance, files: dict[str, str],
    templates: jinja2.Environment,
) -> str:
    spec = facts.spec
    counts: dict[str, int] = {}
    jobs = [t for n, t in files.items() if n.startswith("workflows/") and n.endswith(".js")]
    notes = [w.trigger.note and "TODO(trigger)" for w in workflows]
    for text in [*jobs, *(n for n in notes if n)]:
        for tag in _TODO.findall(text):
            counts[tag] = counts.get(tag, 0) + 1
    todos = [{"tag": tag, "count": counts[tag], "meaning": TODO_MEANINGS.get(tag, "")}
             for tag in TODO_MEANINGS if tag in counts]
    context = {
        "title": spec.title or origin.source,
        "source": origin.source,
        "provenance_lines": origin.lines(),
        "workflows": [_workflow_view(facts, w, files) for w in workflows],
        "credentials": _credential_views(workflows),
        "todos": todos,
        "todo_total": sum(counts.values()),
        "sftp": any(s.adaptor == SFTP_ADAPTOR for w in workflows for s in w.steps),
        "sftp_version": SFTP_ADAPTOR_VERSION,
        "vendors": _vendor_views(workflows),
        "generic": _generic_steps([w for w in workflows if vendor_call(spec, w) is None]),
    }
    return templates.get_template("stub/README.md.j2").render(**context)


def _vendor_views(workflows: list[Workflow]) -> list[dict[str, Any]]:
    """Each step that speaks its vendor's API: what it calls, the vendor's pages, and the
    dedicated OpenFn adaptor and operation a developer can switch to."""
    views = []
    for workflow in workflows:
        for step in workflow.steps:
            dialect = step.target.dialect if step.target is not None else None
            if dialect is None or step.target is None:
                continue
            views.append({
                "step": f"`{workflow.id}/{step.id}`",
                "vendor": dialect.name,
                "calls": step.target.endpoint.label,
                "adaptor": dialect.adaptor,
                "operation": dialect.operations.get(step.kind, ""),
                "sources": dialect.sources(step.kind, step.target.credential.method),
            })
    return views


def _generic_steps(workflows: list[Workflow]) -> list[str]:
    """HTTP steps whose mailbox has no vendor dialect: their paths, paging and headers are
    the generic placeholders."""
    return [f"`{w.id}/{s.id}`" for w in workflows for s in w.steps
            if s.target is not None and s.target.dialect is None and not s.target.own
            and s.kind in ("push", "poll", "lookup") and s.adaptor != SFTP_ADAPTOR]


def _workflow_view(facts: SpecFacts, workflow: Workflow, files: dict[str, str]) -> dict[str, Any]:
    spec = facts.spec
    trigger = workflow.trigger
    when = trigger.words()
    if trigger.reply_after_completion:
        when += "; the request waits for the answer (`webhook_reply: after_completion`)"
    if trigger.note:
        when += f". TODO(trigger): {trigger.note}"
    sentences = [f.sentence for f in workflow.flows]
    sentences += [text for m, text in zip(facts.middles, facts.middle_sentences, strict=True)
                  if workflow.runner == spec.label(m.system) and len(workflow.flows) > 1]
    return {
        "id": workflow.id,
        "name": workflow.name,
        "sentences": sentences,
        "trigger": when,
        "runner": workflow.runner + _runner_note(spec, workflow),
        "stand_in": _stand_in(spec, workflow),
        "cursor_step": workflow.cursor_step,
        "memory": _memory(workflow),
        "registrations": [_registration(spec, r) for r in workflow.registrations],
        "inbound": _inbound(spec, workflow),
        "signature": _signature(spec, workflow, files),
        "problems": workflow.problems,
        "example": f"workflows/{workflow.id}/input.example.json" in files,
        "webhook_auth": _webhook_auth(spec, workflow),
        "steps": [_step_view(spec, s) for s in workflow.steps],
    }


def _memory(workflow: Workflow) -> str:
    cursor = workflow.flows[0].cursor
    if cursor is not None and cursor.stand_in:
        return ("the ids already taken, for the duplicate check of a full fetch, which stands "
                "in for the change detection the spec has not decided (TODO(decide))")
    if cursor is not None and (cursor.kind == "full-fetch" or workflow.flows[0].is_folder):
        return "the ids already taken, for the duplicate check"
    return "the cursor"


def _runner_note(spec: Spec, workflow: Workflow) -> str:
    system = next((s for s in spec.systems if s.label == workflow.runner), None)
    if system is not None and system.platform:
        return " (an integration platform: this workflow is its job as it is)"
    inferred = workflow.flows[0].inferred
    return f" (the mail person, {inferred})" if inferred else " (the mail person)"


def _stand_in(spec: Spec, workflow: Workflow) -> str | None:
    system = next((s for s in spec.systems if s.label == workflow.runner), None)
    if system is None or system.platform:
        return None
    runner = workflow.runner
    called = vendor_call(spec, workflow)
    if called is not None:
        payload = called[1]
        return (f"{runner} sends these calls itself, set up on its side, as its vendor "
                f"documents them: {payload.body} ({payload.source}); a repeat is told by "
                f"{payload.dedup} ({payload.dedup_source}). This workflow's job does not "
                f"send that shape: it describes the data, not {runner}'s call, and "
                f"`mailroom simulate` plays {runner} as documented instead of running it.")
    if system.third_party:
        return (f"This workflow stands in for {runner}'s own code, which another organisation "
                "runs: hand it over as the executable description of what it sends, and how; "
                "if OpenFn carries the data instead, deploy it as it is.")
    return (f"This workflow stands in for {runner}'s own code: if its developers build the "
            f"job inside {runner}, use it as the executable description of what to build; "
            "if OpenFn carries the data instead, deploy it as it is.")


def _registration(spec: Spec, registration: Registration) -> str:
    owner = spec.label(registration.registrar)
    source = spec.label(registration.caller)
    if registration.how == "api" and registration.api is not None:
        return (f"{owner} registers its receiver URL through {registration.api.label}'s API "
                f"({registration.api.endpoint.label}, TODO(path)).")
    if registration.how == "manual":
        return f"{owner}'s receiver URL is copied by hand into {source}'s settings."
    return (f"TODO(decide): how {owner}'s receiver URL gets into {source} (through its API, "
            "or by hand) is not decided.")


def _inbound(spec: Spec, workflow: Workflow) -> str | None:
    if workflow.inbound is None:
        return None
    leg = workflow.inbound.flow
    said = (f"{spec.label(leg.mail_person)} pushes into this workflow's webhook trigger "
            f"(flow `{leg.id}`); what it sends becomes each run's `state.data`.")
    found = sender_payload(spec, workflow)
    if found is None:
        return said
    dialect, payload = found
    where = f"`{'.'.join(payload.record)}`" if payload.record else "the body itself"
    kept = f" (the relay in front of the trigger forwards `{payload.delivery_header}` " \
        "unchanged)" if payload.delivery_header else ""
    todo = f" TODO: {payload.todo}." if payload.todo else ""
    return (f"{said} As {dialect.name} documents it, that is {payload.body} "
            f"({payload.source}). The first job's `receiveWebhook` takes the record from "
            f"{where} and keys the delivery by {payload.dedup}{kept}, so a redelivery is "
            f"stored once ({payload.dedup_source}).{todo}")


def _signature(spec: Spec, workflow: Workflow, files: dict[str, str]) -> str | None:
    found = sender_signing(spec, workflow)
    path = f"workflows/{workflow.id}/verify-signature.mjs"
    if found is None or path not in files:
        return None
    dialect, signing = found
    return (f"{dialect.name} signs every delivery: `{signing.header}`, {signing.signed}, "
            f"with {signing.secret} ({signing.source}). Lightning's webhook trigger checks "
            "only an API key or basic auth and hands the job the parsed body, not the bytes "
            f"that were signed, so the check goes in front of it: `{path}` "
            f"(`{_call(signing)}`) in whatever receives the request "
            "first and keeps the raw body; a request whose signature does not hold is "
            "answered 401 and never reaches the trigger. `mailroom simulate` signs and "
            "checks the same way.")


def _call(signing: Signing) -> str:
    """How the stub's verifySignature is called: HubSpot's v3 signs the method and URL too."""
    if signing.style == "method-uri-body-timestamp-base64":
        return "verifySignature(rawBody, headers, secret, now, method, url)"
    return "verifySignature(rawBody, headers, secret)"


def _webhook_auth(spec: Spec, workflow: Workflow) -> str | None:
    if workflow.inbound is None:
        return None
    leg = workflow.inbound.flow
    method = leg.credential.method or "an authentication method not decided yet"
    sender = spec.label(leg.mail_person)
    if sender_signing(spec, workflow) is not None:
        return (f"add a webhook authentication method ({method}) to the webhook trigger; "
                f"whatever runs the signature check in front of it (`workflows/{workflow.id}/"
                f"verify-signature.mjs`) adds it when it forwards what {sender} sent, from "
                f"the credential `{leg.credential.name}`.")
    shaped = sender_payload(spec, workflow)
    if shaped is not None and shaped[1].style == "soap":  # Salesforce's outbound messages
        return (f"add a webhook authentication method ({method}) to the webhook trigger; "
                f"{sender}'s outbound messages carry no key or token, so the relay in front "
                f"of it (which answers {sender}'s Ack and forwards the SOAP text) adds it, "
                f"from the credential `{leg.credential.name}`, after checking the "
                "message's OrganizationId.")
    return (f"add a webhook authentication method ({method}) to the webhook trigger; "
            f"{sender} sends it, from its credential `{leg.credential.name}`.")


def _step_view(spec: Spec, step: Step) -> dict[str, str]:
    target = step.target
    what = step.name
    if target is not None:
        what += f": {target.endpoint.label}"
    credential = f"`{target.credential.name}`" if target is not None else "none"
    return {"id": step.id, "what": what, "adaptor": step.adaptor, "credential": credential}


def _credential_views(workflows: list[Workflow]) -> list[dict[str, Any]]:
    views = []
    for credential in used_credentials(workflows):
        users = [f"`{w.id}/{s.id}`" for w in workflows for s in w.steps
                 if s.target is not None and s.target.credential.name == credential.name]
        views.append({
            "name": credential.name,
            "named_by": "the spec" if credential.from_spec else "mailroom (TODO: name it)",
            "used_by": ", ".join(users),
            "fields": ", ".join(f"`{f}`" for f in credential.fields),
            "variables": ", ".join(f"`{credential.env(f)}`" for f in credential.fields),
            "env": [(f, credential.env(f)) for f in credential.fields],
        })
    return views
