"""The transcript: who initiates, which mailbox, what was sent or fetched, what came back.

Written for a project manager: every line says who called whom. Secrets never
appear: no header is shown, token requests and answers are named, not printed.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mailroom.printable import wrap
from mailroom.simulate.mocks import Exchange
from mailroom.vendors.outbound import OUTBOUND_NS, message_words

if TYPE_CHECKING:
    from mailroom.simulate import Report, WorkflowReport
    from mailroom.simulate.checks import Outcome
    from mailroom.stub.plan import Step

_WIDTH = 100
_ENGINES = {
    "python": "python (the mail person's job, run in Python; nothing to install)",
    "openfn": "openfn (the generated OpenFn job files, run on @openfn/runtime)",
}

# Said once per workflow: nobody may mistake the mocks for the vendors' own APIs.
GENERIC = ("Each speaks one generic dialect, the same for every system (its paths, paging, "
           "token endpoint, API-key header and Idempotency-Key), not the vendor's own API: a "
           "check marked \u201cgeneric mock\u201d shows the job's behaviour, not that the real "
           "system accepts it.")


def transcript(report: Report) -> str:
    lines = [f"mailroom simulate {report.source}, engine: {_ENGINES[report.engine]}"]
    if report.title:
        lines.append(report.title)
    lines += _wrap(["How to read it: “A → B  POST /path” is A, the mail person, knocking on B's "
                    "mailbox; “→ 201 stored” is what B answered. Every mailbox is a mock on this "
                    "machine, every record made up, every fault injected on purpose."], "")
    for workflow in report.workflows:
        lines.append("")
        lines += _workflow(workflow)
    lines.append("")
    skipped = [w for w in report.workflows if w.skipped]
    if skipped:
        lines.append(f"{len(skipped)} not simulated: "
                     + ", ".join(w.workflow.id for w in skipped) + " (see above)")
    lines.append(f"Mock mailboxes stopped; {report.elapsed:.1f} s in all.")
    lines.append(f"{report.passed} passed, {report.failed} failed")
    return "\n".join(lines) + "\n"


def _workflow(w: WorkflowReport) -> list[str]:
    workflow = w.workflow
    lines = [f"Workflow {workflow.id}: {workflow.name}"]
    lines += _wrap([f.sentence for f in workflow.flows], "  ")
    first = workflow.flows[0]
    inferred = f" ({first.inferred})" if first.inferred else ""
    who = (f"{workflow.runner} is the mail person{inferred}: it starts every exchange of these "
           "runs." if first.mail_person else "Who is the mail person is not decided yet.")
    lines += _wrap([f"Trigger: {workflow.trigger.words()}. {who}"], "  ")
    if w.skipped:
        return [*lines, f"  NOT SIMULATED: {w.skipped}"]
    vendors = _vendor_mocks(w)
    generic = _has_generic_mock(w)
    lines.append("  Mock mailboxes (127.0.0.1, ephemeral ports, stopped at the end)"
                 + (", generic:" if generic and not vendors else ":"))
    if vendors:
        lines += _wrap([f"Shaped like the vendor: {', '.join(vendors)}'s mock answers in the "
                        "paths, paging, authentication and bodies its vendor documents (the "
                        "stub's README gives the pages); what a mock cannot know of the real "
                        "system (which object, program or fields exist) it does not check."],
                       "    ")
    if generic:
        lines += _wrap([("The others are generic. " if vendors else "") + GENERIC], "    ")
    lines += _wrap(w.mailboxes, "    ")
    assert w.scenario is not None
    if w.scenario.prelude or w.prelude:
        lines.append("  Before the runs")
        lines += _wrap(w.scenario.prelude, "    ")
        lines += _exchanges(w.prelude, "      ")
    for outcome in w.outcomes:
        lines += _outcome(outcome, _folder_step(w), workflow.runner)
    for note in w.scenario.expect.notes:
        lines += _wrap([f"Note: {note}"], "  ")
    lines.append("  Checks")
    lines += [f"    {'✓' if c.ok else '✗'} {c.text}" + (" · generic mock" if c.by_mock else "")
              for c in w.checks]
    lines.append(f"  {'PASS' if w.passed else 'FAIL'} {workflow.id}")
    return lines


def _vendor_mocks(w: WorkflowReport) -> list[str]:
    """The systems of this workflow whose mock speaks their vendor's dialect."""
    found = [s.target.label for s in w.workflow.steps
             if s.target is not None and s.target.dialect is not None]
    return list(dict.fromkeys(found))


def _has_generic_mock(w: WorkflowReport) -> bool:
    """Does any HTTP mock of this workflow speak the generic dialect?"""
    steps = [*w.workflow.steps, *([w.workflow.inbound] if w.workflow.inbound else [])]
    stored = w.scenario.expect.stored if w.scenario is not None else []
    if stored and all(getattr(route, "sender_shaped", False) for route, _ in stored) \
            and w.workflow.inbound is None \
            and not any(r.api is not None for r in w.workflow.registrations):
        return False  # the receiver's mock takes the vendor's own call (Salesforce's)
    return any(s.target is not None and s.target.dialect is None
               and s.kind in ("push", "poll", "lookup") for s in steps) \
        or any(r.api is not None for r in w.workflow.registrations)


def _folder_step(w: WorkflowReport) -> Step | None:
    return next((s for s in w.workflow.steps if s.kind in ("fetch-files", "upload")), None)


def _folder_lines(step: Step | None, state: dict[str, Any], runner: str) -> list[str]:
    """A folder has no journal: say what the mail person did in it."""
    if step is None or step.target is None:
        return []
    who = f"{runner} → {step.target.label}"
    if step.kind == "upload" and state.get("waiting"):
        return _wrap([f"{who}  lists {step.target.endpoint.path}, finds {state['waiting']} not "
                      "collected yet, and writes nothing: this run waits"], "    ")
    if step.kind == "upload":
        done = ", ".join(state.get("delivered") or []) or "nothing"
        how = ", replacing the file of that name" if state.get("replaced") else \
            " (no file of that name there)"
        return _wrap([f"{who}  uploads {done} into {step.target.endpoint.path}{how}"], "    ")
    return _wrap([f"{who}  lists {step.target.endpoint.path} and reads every file: "
                  f"{state.get('fetched', 0)} row(s)"], "    ")


def _outcome(outcome: Outcome, folder: Step | None, runner: str) -> list[str]:
    lines = [f"  {outcome.run.label}"]
    if outcome.before:
        lines += _wrap([outcome.before], "    ")
    if outcome.result is None:
        return [*lines, f"    {outcome.run.cached}."]
    cursor_before = outcome.input.get("cursor")
    state = outcome.result.state or {}
    lines += _folder_lines(folder, state, runner)
    lines += _exchanges(outcome.exchanges, "    ")
    lines += _state_lines(state, cursor_before, "cursor" in state or "nextCursor" in state,
                          "report-failures" in outcome.result.steps)
    if not outcome.result.ok:
        failed = [f"{name}: {s.get('error')}" for name, s in outcome.result.steps.items()
                  if not s.get("ok")] or [outcome.result.error or "unknown error"]
        lines += _wrap([f"Run failed: {'; '.join(failed)}"], "    ")
    return lines


def _state_lines(state: dict[str, Any], cursor_before: Any, has_cursor: bool,
                 reported: bool) -> list[str]:
    lines = []
    if "fetched" in state:
        text = f"Fetched {state.get('fetched')} record(s)"
        if state.get("duplicatesSkipped"):
            text += f", {state['duplicatesSkipped']} skipped as duplicates (already taken)"
        lines.append(f"    {text}.")
    if has_cursor:
        lines.append(f"    Cursor: {_show(cursor_before)} before, {_show(state.get('cursor'))} "
                     "after.")
    if "seen" in state and "fetched" in state:
        lines.append(f"    Ids taken so far (the duplicate check's memory): {len(state['seen'])}.")
    after = (" The report-failures step ran and ended the run in error, so the run counts "
             "as failed (below)." if reported else "")
    for letter in state.get("deadLetters") or []:
        if "error" in letter:  # held back without a request: an upload that waits
            lines += _wrap([f"Dead-lettered: {letter['key']}: {_ended(letter['error'])}{after}"],
                           "    ")
            continue
        lines += _wrap([f"Dead-lettered: {letter.get('key')} (HTTP {letter.get('status')} after "
                        f"{letter.get('attempts')} attempt(s)): "
                        f"{_ended(str(letter.get('reason')))}{after}"],
                       "    ")
    return lines


def _ended(text: str) -> str:
    """A reason as a sentence: its own full stop kept, one added where it has none (a
    vendor's message often ends in one: "Improperly formatted XML.")."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _exchanges(exchanges: list[Exchange], indent: str) -> list[str]:
    lines = []
    last: tuple[int, str] | None = None
    retry = 0
    for exchange in exchanges:
        # A retry is the same request again, straight after; the same record sent again
        # later (a repeated event) is a new delivery, shown in full.
        key = (id(exchange.route), _identity(exchange))
        retry = retry + 1 if key == last else 0
        last = key
        request, answer = _exchange(exchange, retry)
        if len(indent) + len(request) + len(answer) + 2 <= _WIDTH:
            lines.append(f"{indent}{request}  {answer}")
        else:  # a URL is not broken: the answer goes on a line of its own
            lines += [f"{indent}{request}", f"{indent}  {answer}"]
    return lines


def _identity(exchange: Exchange) -> str:
    request = exchange.request
    key = request.headers.get("idempotency-key")
    if key:
        return key
    body = json.dumps(request.body, sort_keys=True) if request.body is not None else ""
    return request.path + "?" + "&".join(f"{k}={v}" for k, v in sorted(request.query.items())) \
        + body


def _exchange(exchange: Exchange, retry: int) -> tuple[str, str]:
    """Who called whom with what, and what came back."""
    request, answer = exchange.request, exchange.answer
    caller = exchange.route.caller or "?"
    target = exchange.route.mailbox_name or exchange.mailbox
    what = f"{request.method} {request.path}"
    if request.query:
        what += "?" + "&".join(f"{k}={v}" for k, v in request.query.items())
    describe = getattr(exchange.route, "describe", None)  # a vendor's body in its words
    if exchange.route.kind == "token":
        what += " (asks for an access token)"
    elif retry:
        what += f" (retry {retry})"
    elif describe is not None:
        what += "  " + str(describe(request))
    elif isinstance(request.body, str) and OUTBOUND_NS in request.body:  # Salesforce's SOAP
        what += "  " + message_words(request.body)
    elif exchange.route.kind in ("destination", "receiver", "registration") and request.body:
        room = _WIDTH - len(f"    {caller} → {target}  {what}  ")
        what += "  " + _excerpt(request.body, max(room, 28))
    note = f" {answer.note}" if answer.note else ""
    return f"{caller} → {target}  {what}", f"→ {answer.status}{note}"


def _excerpt(body: Any, size: int = 48) -> str:
    """The record's id, then the start of the rest: enough to see what was sent."""
    ident = next((k for k in ("id", "Id") if isinstance(body, dict) and k in body), None)
    if isinstance(body, dict) and ident is not None:
        rest = {k: v for k, v in body.items() if k not in (ident, "attributes")}
        text = f"{body[ident]} " + json.dumps(rest, ensure_ascii=False)
    else:
        text = json.dumps(body, ensure_ascii=False) if not isinstance(body, str) else body
    return text if len(text) <= size else text[:size - 1] + "…"


def _show(value: Any) -> str:
    return "none" if value is None else str(value)


def _wrap(texts: list[str], indent: str) -> list[str]:
    lines = []
    for text in texts:
        lines += wrap(text, _WIDTH, initial_indent=indent, subsequent_indent=indent + "  ",
                      break_on_hyphens=True) or [indent]
    return lines
