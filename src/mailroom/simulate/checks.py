"""Did the mail person behave? Each check is read off the mailboxes and the final states.

The same checks hold whatever engine ran the workflow: the mocks saw what was
sent, and the final states say what the mail person kept and gave up on.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mailroom.simulate.mocks import Exchange, Journal
from mailroom.simulate.scenario import Run, Scenario
from mailroom.simulate.step_tools import RunResult


@dataclass
class Outcome:
    """One run as it happened."""

    run: Run
    input: dict[str, Any]
    result: RunResult | None  # None when the host answered from its cache
    exchanges: list[Exchange] = field(default_factory=list)
    before: str | None = None  # what changed in the world first


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    # Judged by a generic mock: one HTTP dialect for every system (paths, paging, tokens,
    # an Idempotency-Key header), not the vendor's own API; the transcript says so.
    by_mock: bool = False


def check_scenario(scenario: Scenario, outcomes: list[Outcome], journal: Journal,
                   exchanges: list[Exchange]) -> list[Check]:
    expect = scenario.expect
    reports = {step.id for step in scenario.workflow.steps if step.kind == "report"}
    # A vendor that calls a receiver itself (played by mailroom) runs no job: no run check.
    checks = [_runs_completed(outcomes, reports)] if scenario.runs else []
    generic = [_generic(route) for route, _ in expect.stored]
    for route, keys in expect.stored:
        checks.append(_stored_once(route.label, [d.key for d in route.deliveries], keys,
                                   _generic(route),
                                   getattr(route, "once_words", "exactly once")))
    for route, count in expect.duplicates:
        if count:
            got = len(route.duplicates)
            words = getattr(route, "duplicate_words", None) or (
                f"repeated deliveries skipped by the mock of {route.label}, by their "
                "idempotency key")
            checks.append(Check(got == count, f"{words}: {got} (expected {count})",
                                by_mock=_generic(route)))
    if expect.dead:
        checks.append(_dead_lettered(outcomes, expect.dead,
                                     any(generic) or not generic
                                     if expect.dead_generic is None else expect.dead_generic))
    for what, plan, key in expect.retried:
        attempts = plan.tries(key)
        checks.append(Check(attempts >= 2, f"retried after {what} ({attempts} attempt(s))",
                            by_mock=plan.generic))
    if expect.cursors is not None:
        checks.append(_cursor_trail(outcomes, expect.cursors))
    if expect.skipped is not None:
        checks.append(_skipped_trail(outcomes, expect.skipped))
    checks += [_answer(outcomes, index, want) for index, want in expect.answers]
    if expect.files is not None:
        checks.append(_files(*expect.files))
    checks.append(_credentials(exchanges))
    checks.append(Check(not journal.limit_hit,
                        "every mock stayed within its request and time limits"
                        + (f" (hit: {', '.join(journal.limit_hit)})" if journal.limit_hit
                           else "")))
    return checks


def _runs_completed(outcomes: list[Outcome], reports: set[str]) -> Check:
    """Every run completed; one that gave up on records ended failed in its report step,
    as it must, so that the platform's failure alert fires."""
    failed = [o for o in outcomes if o.result is not None and not o.result.ok
              and not _alerted(o.result, reports)]
    alerted = [o for o in outcomes if o.result is not None and _alerted(o.result, reports)]
    ran = sum(o.result is not None for o in outcomes)
    if not failed:
        text = f"every run completed ({ran})"
        if alerted:
            assert alerted[0].result is not None
            why = next(s.get("error") for s in alerted[0].result.steps.values()
                       if not s.get("ok"))
            text += (f"; {len(alerted)} ended failed, as it must, so the platform's failure "
                     f"alert fires: “{why}”")
        return Check(True, text)
    first = failed[0]
    assert first.result is not None
    why = first.result.error or next(
        (s.get("error") for s in first.result.steps.values() if not s.get("ok")), "unknown")
    return Check(False, f"{len(failed)} run(s) failed; first: {first.run.label}: {why}")


def _alerted(result: RunResult, reports: set[str]) -> bool:
    """The run failed in its report step only: records were given up on and reported."""
    failing = [step for step, s in result.steps.items() if not s.get("ok")]
    return bool(failing) and result.error is None and set(failing) <= reports


def _generic(route: Any) -> bool:
    """Is this mock the generic dialect, not shaped like its vendor?"""
    return not getattr(route, "vendor", False)


def _stored_once(label: str, got: list[str], want: list[str], generic: bool = True,
                 once: str = "exactly once") -> Check:
    """Each record reached the mailbox once; `once` says how a mailbox that keeps no key
    (Slack) counts a repeat."""
    counts = Counter(got)
    twice = sorted(k for k, n in counts.items() if n > 1)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    ok = not twice and not missing and not extra
    text = (f"every record to be delivered reached {label} {once} "
            f"({len(set(got) & set(want))} of {len(want)})")
    for what, keys in (("missing", missing), ("stored twice", twice), ("unexpected", extra)):
        if keys:
            text += f"; {what}: {', '.join(keys[:3])}" + (" …" if len(keys) > 3 else "")
    return Check(ok, text, by_mock=generic)


def _dead_lettered(outcomes: list[Outcome], keys: list[str], generic: bool = True) -> Check:
    letters = [letter for o in outcomes if o.result is not None and o.result.state
               for letter in o.result.state.get("deadLetters") or []]
    found = {str(letter.get("key")): letter for letter in letters}
    missing = [k for k in keys if k not in found]
    retried = [k for k in keys if k in found and found[k].get("attempts") != 1]
    ok = not missing and not retried
    text = (f"permanent failure dead-lettered at once, not retried: "
            f"{', '.join(sorted(set(keys)))}")
    if missing:
        text += f"; not dead-lettered: {', '.join(missing)}"
    if retried:
        text += f"; retried although permanent: {', '.join(retried)}"
    return Check(ok, text, by_mock=generic)


def _cursor_trail(outcomes: list[Outcome], want: list[Any]) -> Check:
    got = [o.result.state.get("cursor") if o.result and o.result.state else None
           for o in outcomes]
    return Check(got == want, "the cursor moved forward with what was saved: "
                 + " → ".join(str(v) for v in got)
                 + ("" if got == want else f" (expected {' → '.join(str(v) for v in want)})"))


def _skipped_trail(outcomes: list[Outcome], want: list[int]) -> Check:
    got = [int(o.result.state.get("duplicatesSkipped") or 0) if o.result and o.result.state
           else -1 for o in outcomes]
    return Check(got == want, "duplicates skipped by the duplicate check, poll by poll: "
                 + ", ".join(map(str, got))
                 + ("" if got == want else f" (expected {', '.join(map(str, want))})"))


def _answer(outcomes: list[Outcome], index: int, want: Any) -> Check:
    outcome = outcomes[index]
    got = outcome.result.state.get("data") if outcome.result and outcome.result.state else None
    same = json.dumps(got, sort_keys=True) == json.dumps(want, sort_keys=True)
    what = "no answer, so the fallback" if want is None else "the record asked for"
    return Check(same, f"{outcome.run.label.split(':')[0]} got {what}")


def _files(folder: Any, wanted: list[tuple[str, str]], why: str) -> Check:
    """The folder holds exactly the files the spec says, each with its content."""
    found = sorted((p.name, p.read_text(encoding="utf-8")) for p in folder.iterdir()
                   if p.is_file() and not p.name.startswith("."))
    names = ", ".join(dict.fromkeys(name for name, _ in wanted))
    held = ", ".join(name for name, _ in found) or "nothing"
    ok = found == sorted(wanted)
    return Check(ok, f"the folder holds {why}: {names}" + ("" if ok else f"; it holds {held}"))


def _bad_signature(exchange: Exchange) -> bool:
    """A delivery refused because its sender's signature did not hold: the refusal the
    scenario means to show, not a credential the job got wrong."""
    return getattr(exchange.route, "signing", None) is not None \
        and exchange.answer.body == {"error": "invalid signature"}


def _credentials(exchanges: list[Exchange]) -> Check:
    refused = [e for e in exchanges if e.answer.status == 401 and not _bad_signature(e)]
    checking = [e for e in exchanges if e.route.auth is not None and e.route.auth.checked]
    generic = any(_generic(e.route) for e in checking) or not checking
    if refused:
        return Check(False, f"{len(refused)} request(s) refused for their credentials",
                     by_mock=generic)
    if not checking:
        return Check(True, "no credentials to check here (see the mailbox notes)")
    unsigned = any(e.route.kind == "token"
                   and (getattr(getattr(e.route, "check", None), "method", None)
                        == "oauth2-jwt-bearer"
                        or getattr(getattr(e.route, "check", None), "client_assertion", False))
                   for e in exchanges)
    return Check(True, "every request carried the credentials the spec's method needs"
                 + ("; the token endpoint took the credential's stored JWT assertion as it is "
                    "and checks no signature (the job's TODO(auth): sign it)" if unsigned
                    else ""), by_mock=generic)
