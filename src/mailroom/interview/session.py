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

from mailroom.errors import MailroomError, SpecError
from mailroom.fileio import atomic_write_text
from mailroom.interview import engine
from mailroom.interview.answers import Answers
from mailroom.interview.explain import Explainer
from mailroom.interview.journal import Journal, sidecar_path, write_journal
from mailroom.interview.lock import cannot_write
from mailroom.interview.option import Option
from mailroom.interview.prepared import BACK, REVIEW, Asked, choice, typed
from mailroom.interview.view import View
from mailroom.questionnaire.model import Questionnaire

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
        """Show a line: heading, note, problem, quiet, sentence, done, list (lines wrapped
        each under itself) or plain text."""


class NotSaved(MailroomError):
    """A file of the interview could not be written: which, why, and the answer that was
    being saved (the question and the answer in words), so that it is not lost."""

    def __init__(self, path: Path, exc: OSError) -> None:
        super().__init__(cannot_write(path, exc))
        self.path = path
        self.reason = exc.strerror or str(exc)
        self.answer: tuple[str, str] | None = None


class Session(Explainer):
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
            elif reply is REVIEW:
                self.review()
            else:
                self.give(asked, reply)

    def give(self, asked: Asked, reply: Any) -> bool:
        """Record one reply; False (and the reason said) when it cannot be used."""
        parsed = asked.parse(reply)
        if parsed.problem is not None:
            self.terminal.say("problem", parsed.problem)
            return False
        before = self._findings
        try:
            self.flush()  # the tree is about to change: the last answer's spec goes first
            change = self._record(asked, parsed.value)
            spec = self.save(change.answers, asked.key)
        except NotSaved as exc:
            exc.answer = (asked.text, asked.label_of(parsed.value))
            raise
        except SpecError as exc:
            from mailroom.interview import specmap

            specmap.write(self.questionnaire, self.answers, self._tree(), forget=[asked.key])
            for line in exc.problems:
                self.terminal.say("problem", line.split(": ", 2)[-1])
            return False
        if asked.question.on_no and parsed.value is False:
            self.terminal.say("quiet", "Then let us settle who does what again.")
        self._read_back(asked.slot.scope, spec)
        self._explain(change, spec, before)
        return True

    def _read_back(self, scope: tuple[str, int], spec: Spec) -> None:
        """Once a flow's mail person is known, and whenever its sentence changes after that:
        the flow read back with the mail person as its subject."""
        if scope[0] != "flows":
            return
        from mailroom.facts.spec_facts import facts_of

        flow_id = View(self.questionnaire, self.answers.values, self.catalog).record(
            scope).get("id")
        flow = next((f for f in facts_of(spec).flows if f.id == flow_id), None)
        if flow is None or flow.roles.mail_person.system is None:
            return
        said = self.journal.shown
        mark = f"sentence:{flow.id}:{flow.sentence_with_roles}"
        if mark not in said:
            said.append(mark)
            self.terminal.say("sentence", f"So: {flow.sentence_with_roles}")

    def review(self) -> None:
        """Every answer, grouped and numbered; the one picked is asked again, and what
        followed from it after that."""
        from mailroom.interview.review import key_of, review

        parts = review(self.questionnaire, self.answers, self.catalog)
        if not parts:
            self.terminal.say("quiet", "Nothing has been answered yet.")
            return
        self.terminal.say("heading", "Your answers")
        for part in parts:
            lines = [f"  {line.number:>3}  {line.question}  → {line.answer}"
                     for line in part.lines]
            self.terminal.say("list", part.heading + "\n" + "\n".join(lines))
        while True:
            reply = self.terminal.ask(typed(
                "Which answer do you want to change? Type its number; Enter carries on."))
            if reply in (None, "", BACK):
                return
            key = key_of(parts, int(reply)) if str(reply).strip().isdigit() else None
            if key is not None:
                self.journal.answers = replace(self.answers,
                                               revisit=self.answers.revisit | {key})
                self._write_journal_only()
                return
            self.terminal.say("problem", f"There is no answer {reply} on the list.")

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
            "Save the spec and run the checks?",
            [Option(True, "yes, finish"), Option(REVIEW, "review the answers, to change one")],
            help="Go back to change the last answer, or review them all.", can_go_back=True,
        ))
        if reply is BACK:
            self.back(None)
            return False
        if reply is REVIEW:
            self.review()
            return False
        return True

    def _show_heading(self, asked: Asked) -> None:
        """A heading when the interview moves on to another system or flow."""
        scope = asked.slot.scope
        if asked.continues is not None:
            return  # "another?": its heading comes with its first answer, if there is one
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
        self._write(sidecar_path(self.path), lambda: write_journal(self.path, journal))
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
        self._write(self.path, lambda: atomic_write_text(self.path, text))
        self._pending, self.on_disk = None, digest

    def _flush_quietly(self) -> None:
        # Still pending if it fails: tried again before the next answer, which says why.
        with contextlib.suppress(NotSaved):
            self.flush()

    @staticmethod
    def _write(path: Path, write: Any) -> None:
        """Write, with Ctrl-C held back; NotSaved, saying why, when the system refuses."""
        try:
            with held_interrupts():
                write()
        except OSError as exc:
            raise NotSaved(path, exc) from None

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
        self._write(sidecar_path(self.path), lambda: write_journal(self.path, self.journal))

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
