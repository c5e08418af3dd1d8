"""What the interview says while it runs: the contradictions and warnings an answer
raises, at once and once each, with the answers that would resolve an error; and why
answers are asked again when an earlier one changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from mailroom.interview import engine
from mailroom.interview.answers import Answers, Slot, slot_at
from mailroom.interview.option import Option
from mailroom.interview.prepared import choice
from mailroom.interview.view import View, make_key
from mailroom.questionnaire.model import Questionnaire

if TYPE_CHECKING:
    from mailroom.checks.registry import Finding
    from mailroom.interview.journal import Journal
    from mailroom.interview.session import Terminal
    from mailroom.interview.vendor_facts import CatalogFacts
    from mailroom.spec.model import Spec


class Explainer:
    """The session's explaining half (session.Session is one)."""

    questionnaire: Questionnaire
    catalog: CatalogFacts | None
    journal: Journal
    terminal: Terminal
    _findings: list[Finding]
    _spec: Spec | None

    @property
    def answers(self) -> Answers:
        return self.journal.answers

    def _build(self, answers: Answers | None = None) -> tuple[Spec, str]:
        raise NotImplementedError

    def checks_of(self, spec: Spec) -> list[Finding]:
        raise NotImplementedError

    def _write_journal_only(self) -> None:
        raise NotImplementedError

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
