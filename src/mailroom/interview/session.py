"""One interview in progress: ask, check the answer, save it, explain what it means.

Every answer is saved the moment it is given: first the sidecar (the journal),
then the spec, each written atomically, with Ctrl-C held back until both are
on disk. When an answer makes a contradiction the checks know, the check's
own message explains it at once, with the answers that would resolve it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mailroom.errors import SpecError
from mailroom.fileio import atomic_write_text
from mailroom.interview import engine
from mailroom.interview.answers import Answers, Slot, slot_at
from mailroom.interview.journal import Journal, write_journal
from mailroom.interview.option import Option
from mailroom.interview.prepared import BACK, Asked, Parsed
from mailroom.interview.view import View, make_key
from mailroom.questionnaire.model import Question, Questionnaire

if TYPE_CHECKING:  # the YAML writer and the checks are imported when the first answer comes
    from ruamel.yaml.comments import CommentedMap

    from mailroom.catalog.loading import Catalog
    from mailroom.checks.registry import Finding
    from mailroom.interview.vendor_facts import CatalogFacts
    from mailroom.spec.model import Spec


class Terminal(Protocol):
    def ask(self, asked: Asked) -> Any:
        """The answer; None for "don't know yet"; BACK to go back."""

    def say(self, kind: str, text: str) -> None:
        """Show a line: heading, note, problem, quiet, sentence, done or plain text."""


class Session:
    def __init__(
        self, questionnaire: Questionnaire, path: Path, tree: CommentedMap | None,
        journal: Journal, terminal: Terminal, on_disk: str | None = None,
        catalog: CatalogFacts | None = None, catalog_dir: Path | None = None,
        cache: Path | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.catalog = catalog  # what the catalog documents, for defaults (read when needed)
        self.catalog_dir = catalog_dir  # the user's own catalog entries, for the checks
        self.cache = cache  # the cache folder (the schema specs are validated with)
        self.path = path
        self.tree = tree
        self.journal = journal
        self.terminal = terminal
        self.asked = 0  # questions put to the person in this session
        self.saved = False  # has anything been written in this session
        self._scope: tuple[str, int] | None = None
        self._findings: list[Finding] = []
        self._spec: Spec | None = None
        self.on_disk = on_disk  # digest of the spec's content as it is on disk
        self._pending: tuple[Spec, str] | None = None
        self._built: tuple[Spec, str] | None = None
        self._content: str | None = None
        self._catalog: tuple[tuple[str, ...], Catalog] | None = None

    @property
    def answers(self) -> Answers:
        return self.journal.answers

    # -- the loop -------------------------------------------------------------

    def run(self, *, confirm_end: bool) -> None:
        """Ask until every question is answered and the person says it is done."""
        while True:
            asked = engine.next_question(self.questionnaire, self.answers, catalog=self.catalog)
            if asked is None:
                if not confirm_end and not self.asked or self._finish():
                    return
                continue
            self._show_heading(asked)
            self.asked += 1
            reply = self.terminal.ask(asked)
            if reply is BACK:
                self.back(asked.key)
            else:
                self.give(asked, reply)

    def give(self, asked: Asked, reply: Any) -> bool:
        """Record one reply; False (and the reason said) when it cannot be used."""
        parsed = asked.parse(reply)
        if parsed.problem is not None:
            self.terminal.say("problem", parsed.problem)
            return False
        self.flush()  # the tree is about to change: the last answer's spec goes first
        change = self._record(asked, parsed.value)
        before = self._findings
        try:
            spec = self.save(change.answers, asked.key)
        except SpecError as exc:
            from mailroom.interview import specmap

            specmap.write(self.questionnaire, self.answers, self._tree(), forget=[asked.key])
            for line in exc.problems:
                self.terminal.say("problem", line.split(": ", 2)[-1])
            return False
        if asked.question.on_no and parsed.value is False:
            self.terminal.say("quiet", "Then let us settle who does what again.")
        self._explain(change, spec, before)
        return True

    def _record(self, asked: Asked, value: Any) -> engine.Change:
        """The answers after this one. The next item's first question answers "another?"
        too: empty, there are no more; else there is one, and this is its first answer."""
        if asked.continues is None:
            return engine.answer(self.questionnaire, self.answers, asked.key, value,
                                 catalog=self.catalog)
        more = value not in (None, "")
        change = engine.answer(self.questionnaire, self.answers, asked.continues, more,
                               catalog=self.catalog)
        if not more:
            return change
        then = engine.answer(self.questionnaire, change.answers, asked.key, value,
                             catalog=self.catalog)
        return replace(then, retracted=change.retracted + then.retracted,
                       dropped=change.dropped + then.dropped)

    def back(self, current: str | None) -> None:
        reopened = engine.go_back(self.questionnaire, self.answers, current, catalog=self.catalog)
        if reopened is None:
            self.terminal.say("quiet", "This is the first question; there is nothing before it.")
            return
        self.journal.answers = reopened
        self._write_journal_only()

    def _finish(self) -> bool:
        spec = self._spec or self._build()[0]
        self.terminal.say("heading", "All questions answered")
        from mailroom.facts.spec_facts import facts_of

        for flow in facts_of(spec).flows:
            self.terminal.say("sentence", f"{flow.id}: {flow.sentence_with_roles}")
        reply = self.terminal.ask(choice(
            "Save the spec and run the checks?", [Option(True, "yes, finish")],
            help="Go back to change any answer.", can_go_back=True,
        ))
        if reply is BACK:
            self.back(None)
            return False
        return True

    def _show_heading(self, asked: Asked) -> None:
        """A heading when the interview moves on to another system or flow."""
        scope = asked.slot.scope
        if asked.heading and scope != self._scope:
            self.terminal.say("heading", asked.heading)
        self._scope = scope

    # -- saving ---------------------------------------------------------------

    def save(self, answers: Answers | None = None, key: str | None = None) -> Spec:
        """Write the answers to the sidecar at once. The spec follows as soon as the next
        question is on screen (`flush`), so its YAML is not written while the person
        waits; without a prompt to wait for, at once."""
        answers = answers if answers is not None else self.answers
        spec, digest = self._build(answers)
        history = self.journal.history + ([key] if key else [])
        journal = replace(
            self.journal, answers=answers, history=history, spec_sha256=digest,
            previous_sha256=self.on_disk,
        )
        with held_interrupts():
            write_journal(self.path, journal)
        self.journal, self._spec, self.saved = journal, spec, True
        if digest != self.on_disk or not self.path.exists():
            self._pending = spec, digest
            after_draw = getattr(self.terminal, "after_draw", None)
            if after_draw is None:
                self.flush()
            else:
                after_draw(self._flush_quietly)
        return spec

    def flush(self) -> None:
        """Write the spec of the last answer, if it is not on disk yet."""
        if self._pending is None:
            return
        from mailroom.spec.saving import dump_spec

        spec, digest = self._pending
        text = dump_spec(spec, self._tree())
        with held_interrupts():
            atomic_write_text(self.path, text)
        self._pending, self.on_disk = None, digest

    def _flush_quietly(self) -> None:
        # Still pending if it fails: tried again before the next answer, which says why.
        with contextlib.suppress(OSError):
            self.flush()

    def _tree(self) -> CommentedMap:
        if self.tree is None:
            from ruamel.yaml.comments import CommentedMap

            self.tree = CommentedMap()
        return self.tree

    def _build(self, answers: Answers | None = None) -> tuple[Spec, str]:
        """The spec the answers make, and a digest of its content."""
        from mailroom.interview import specmap
        from mailroom.spec.reading import validate_tree

        tree = specmap.write(self.questionnaire, answers or self.answers, self._tree())
        content = specmap.fingerprint(tree)
        if content == self._content and self._built is not None:
            return self._built  # many answers (another?, a system without an id) change nothing
        spec = validate_tree(tree, str(self.path), self.cache)
        self._built, self._content = (spec, digest_of(content)), content
        return self._built

    def checks_of(self, spec: Spec) -> list[Finding]:
        """The checks, with the catalog entries of the spec's systems read once."""
        from mailroom.catalog.loading import entry_ids, load_catalog
        from mailroom.checks import run_checks

        ids = entry_ids(spec)
        if self._catalog is None or ids != self._catalog[0]:
            self._catalog = (ids, load_catalog(self.catalog_dir, ids=ids, cache=self.cache))
        return run_checks(spec, self._catalog[1])

    def _write_journal_only(self) -> None:
        with held_interrupts():
            write_journal(self.path, self.journal)

    # -- explaining -----------------------------------------------------------

    def start(self) -> None:
        """Before the first question: what the answers given already raise, errors first
        (each with the answers that would resolve it)."""
        spec = self._build()[0]
        self._spec = spec
        self._findings = self.checks_of(spec)
        fresh = list(self._fresh(self._findings))
        for finding in sorted(fresh, key=lambda f: f.severity != "error"):
            self._tell(finding)

    def _explain(self, change: engine.Change, spec: Spec, before: list[Finding]) -> None:
        findings = self.checks_of(spec)
        if change.retracted:
            self._explain_retracted(change, spec, before)
        self._findings = findings
        for finding in self._fresh(findings):
            self._tell(finding)

    def _explain_retracted(self, change: engine.Change, spec: Spec, before: list[Finding]) -> None:
        """Say why answers are asked again: the contradiction they would make now."""
        stale = _with_stale_values(spec, change, self.answers, self.questionnaire)
        known = {(f.code, f.flow) for f in before}
        for finding in self.checks_of(stale) if stale is not None else []:
            if finding.severity == "error" and (finding.code, finding.flow) not in known:
                self.terminal.say("problem", finding.message)
        view = View(self.questionnaire, self.answers.values, self.catalog)
        again = ["the flow read back as a sentence" if s.question.on_no
                 else view.render(s.scope, s.question.prompt) for s in change.retracted]
        self.terminal.say("quiet", "So this is asked again:\n" + "\n".join(f"  {q}" for q in again))

    def _fresh(self, findings: list[Finding]) -> Iterator[Finding]:
        """Findings not yet shown, about answers already given."""
        from mailroom.checks.open_questions import CODE as OPEN_QUESTION

        open_fields = self._open_fields()
        for finding in findings:
            if finding.code == OPEN_QUESTION or finding.severity == "info":
                continue
            mark = f"{finding.code}:{finding.flow}:{finding.field}"
            if mark in self.journal.shown or (finding.flow, finding.field) in open_fields:
                continue
            self.journal.shown.append(mark)
            yield finding

    def _open_fields(self) -> set[tuple[str | None, str | None]]:
        view = View(self.questionnaire, self.answers.values, self.catalog)
        found: set[tuple[str | None, str | None]] = set()
        for slot in engine.path(self.questionnaire, self.answers, catalog=self.catalog):
            if slot.question.ask is not False and self.answers.is_open(slot.key):
                flow_id = view.record(slot.scope).get("id") if slot.scope[0] == "flows" else None
                found.add((flow_id, slot.question.field))
        return found

    def _tell(self, finding: Finding) -> None:
        kind = "problem" if finding.severity == "error" else "note"
        where = f" (flow {finding.flow})" if finding.flow else ""
        self.terminal.say(kind, f"{finding.severity.capitalize()}{where}: {finding.message}")
        if finding.severity == "error":
            self._offer_resolution(finding)

    def _offer_resolution(self, finding: Finding) -> None:
        """The answers that can resolve an error, to change now or later."""
        targets = self._resolving_slots(finding)
        if not targets:
            return
        view = View(self.questionnaire, self.answers.values, self.catalog)
        options = [Option(s.key, f"change: {view.render(s.scope, s.question.prompt)}")
                   for s in targets]
        options.append(Option(False, "leave it for now (mailroom check will report it)"))
        reply = self.terminal.ask(choice("What do you want to do?", options))
        if isinstance(reply, str):
            self.journal.answers = replace(self.answers, revisit=self.answers.revisit | {reply})
            self._write_journal_only()

    def _resolving_slots(self, finding: Finding) -> list[Slot]:
        from mailroom.interview import specmap

        group = self.questionnaire.group("flows")
        index = specmap.item_index(self.answers, "flows", finding.flow or "")
        if group is None or index is None:
            return []
        names = group.resolve.get(finding.code, ())
        keys = [make_key(("flows", index), name) for name in names]
        return [s for k in keys if k in self.answers.values
                for s in [slot_at(self.questionnaire, k)] if s is not None]


def _with_stale_values(
    spec: Spec, change: engine.Change, answers: Answers, questionnaire: Questionnaire
) -> Spec | None:
    """The spec as it would be had the retracted answers stayed."""
    from mailroom.spec.model import Spec as SpecModel
    from mailroom.spec.records import as_data

    try:
        # A model, not the records a spec is read into: assigning a value validates it.
        stale = SpecModel.model_validate(as_data(spec))
        for slot in change.retracted:
            field = slot.question.field
            flow_id = View(questionnaire, answers.values).record(slot.scope).get("id")
            flow = next((f for f in stale.flows if f.id == flow_id), None)
            value = change.answers.drafts.get(slot.key)
            if flow is not None and field and "." not in field:
                setattr(flow, field, value)
        return stale
    except ValueError:
        return None


def choice(
    text: str, options: list[Option], *, help: str | None = None, can_go_back: bool = False
) -> Asked:
    """A question of the session's own (not from the questionnaire)."""
    question = Question(id="choice", type="select", prompt=text, help=help, unknown=False)
    return Asked(
        slot=Slot("(session)", question), text=text, help=help, options=tuple(options),
        default=options[0].value, heading=None, revisiting=False, can_go_back=can_go_back,
        check=Parsed,
    )


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def digest_of(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@contextmanager
def held_interrupts() -> Iterator[None]:
    """Hold back Ctrl-C (and a closed terminal) until the block is done, so a save is
    never cut in half; then act on it."""
    received: list[int] = []
    watched = [signal.SIGHUP, signal.SIGTERM]
    if not _in_event_loop():  # a prompt's loop turns Ctrl-C into an event already
        watched.append(signal.SIGINT)
    try:
        with signal_handlers(watched, lambda signum, _: received.append(signum)):
            yield
    finally:
        if received:
            signal.raise_signal(received[0])


@contextmanager
def signal_handlers(watched: list[signal.Signals], handler: Any) -> Iterator[None]:
    """Handle these signals with `handler` inside the block, then put back what was there.
    Outside the main thread signals cannot be handled, and the block runs as it is."""
    try:
        previous = {sig: signal.signal(sig, handler) for sig in watched}
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
