"""The interview's engine: which question comes next, and what an answer changes.

Pure: each function takes the questionnaire and the answers so far and returns
new values. Nothing here reads a terminal or touches a file, so the whole
interview can be replayed and tested without either.

When an earlier answer changes, the answers that depended on it are taken
back and asked again: those whose question no longer applies, those whose
choices no longer allow them ("event" once the flow is a pull), and those that
declare `depends_on` the changed field (a flow's id follows its ends).

A question with `ask: false` is never asked: its answer is worked out (from the
catalog, its default, or a select's only choice) as soon as it can be, and worked
out again when what it follows changes. What the catalog documents is given to
these functions as data (`catalog`), never read by them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from mailroom.interview.answers import Answers, Slot, slot_at, walk
from mailroom.interview.prepared import (
    Asked,
    broken_rule,
    documented,
    fits,
    resolve,
    worked_out,
)
from mailroom.interview.vendor_facts import CatalogFacts
from mailroom.interview.view import FACT_INPUTS, MISSING, Scope, View, make_key
from mailroom.questionnaire.model import PLACEHOLDER, Question, Questionnaire

Token = tuple[Any, str]  # (scope, field or question id); ("*", "systems") for any system id
ANY_SYSTEM: Token = ("*", "systems")
SYSTEMS_FACTS = frozenset({"first_system", "last_system"})
_ROUNDS = 500  # a guard: settling ends long before, every round takes or works out an answer

__all__ = ["Answers", "Asked", "Change", "answer", "complete", "go_back", "missing",
           "next_question", "path"]


@dataclass(frozen=True)
class Change:
    """The answers after one answer, and what it took back."""

    answers: Answers
    retracted: tuple[Slot, ...] = ()
    """Answered before, now asked again (their choice no longer fits, or they follow
    the changed answer)."""
    dropped: tuple[str, ...] = ()
    """Keys whose question no longer applies at all."""


def next_question(
    questionnaire: Questionnaire, answers: Answers, *, catalog: CatalogFacts | None = None
) -> Asked | None:
    """The first question on the path that is not answered (or that the person went
    back to), ready to be asked; None when the interview is complete."""
    view = View(questionnaire, answers.values, catalog)
    asked_before = False  # (what is worked out is not gone back to)
    for slot in walk(questionnaire, view):
        if not asks(view, slot):
            continue
        if answers.is_open(slot.key):
            if slot.is_another and slot.group is not None and slot.group.another.first:
                return _continuation(view, answers, slot, can_go_back=asked_before)
            return resolve(view, answers, slot, can_go_back=asked_before)
        asked_before = True
    return None


def _continuation(view: View, answers: Answers, another: Slot, *, can_go_back: bool) -> Asked:
    """ "Another?" asked as the next item's first question: "What is system 3 called?
    Enter if there are no more." """
    group = another.group
    assert group is not None and group.another.first is not None
    scope = (group.group, another.scope[1] + 1)
    first = group.questions[0]
    question = first.model_copy(update={
        "prompt": group.another.first, "required": False, "unknown": False,
        "help": group.another.help or first.help})
    asked = resolve(view, answers, Slot(make_key(scope, first.id), question, scope, group),
                    can_go_back=can_go_back)
    return replace(asked, continues=another.key, revisiting=False,
                   default=MISSING if answers.values.get(another.key) is not True
                   else asked.default)


def path(
    questionnaire: Questionnaire, answers: Answers, *, catalog: CatalogFacts | None = None
) -> list[Slot]:
    """Every question that applies with these answers, in order (asked or worked out)."""
    return list(walk(questionnaire, View(questionnaire, answers.values, catalog)))


def missing(
    questionnaire: Questionnaire, answers: Answers, *, catalog: CatalogFacts | None = None
) -> list[Slot]:
    """The required questions still unanswered (what an answers file must add). A gate
    that fills no field ("do you know the details now?") is not: a file cannot answer it,
    and what it opens is optional."""
    view = View(questionnaire, answers.values, catalog)
    return [
        slot for slot in walk(questionnaire, view)
        if slot.key not in answers.values and slot.question.required
        and asks(view, slot) and not slot.is_another and not _is_gate(slot.question)
    ]


def _is_gate(question: Question) -> bool:
    return question.field is None and not question.on_no


def asks(view: View, slot: Slot) -> bool:
    """Is this question put to the person? Always, unless it is worked out: never asked
    (`ask: false`, unless what is worked out breaks a rule), or documented by the catalog
    (`ask: unless-documented`)."""
    question = slot.question
    if question.ask is True:
        return True
    if question.ask == "unless-documented":
        return documented(view, slot) is MISSING
    return _collides(view, slot)


def _collides(view: View, slot: Slot) -> bool:
    """Is this a question never asked whose worked-out answer breaks one of its rules (an
    id two systems would share)? Then it is asked after all."""
    question = slot.question
    if question.ask is not False or not question.validate_ or slot.key in view.values \
            or not _begun(view, slot):
        return False
    value = worked_out(view, slot)
    return value is not MISSING and broken_rule(view, slot, value) is not None


def go_back(
    questionnaire: Questionnaire, answers: Answers, current: str | None, *,
    catalog: CatalogFacts | None = None,
) -> Answers | None:
    """Reopen the answer before `current` (None: the end of the interview)."""
    view = View(questionnaire, answers.values, catalog)
    keys = [slot.key for slot in walk(questionnaire, view) if asks(view, slot)]
    before = keys[: keys.index(current)] if current in keys else keys
    for key in reversed(before):
        if key in answers.values:
            return replace(answers, revisit=answers.revisit | {key})
    return None


def complete(
    questionnaire: Questionnaire, answers: Answers, *, catalog: CatalogFacts | None = None
) -> Answers:
    """The answers with everything that can be worked out worked out (after reading a
    spec, before anything is asked)."""
    return _settle(questionnaire, answers, "", set(), [], catalog).answers


def answer(
    questionnaire: Questionnaire, answers: Answers, key: str, value: Any, *,
    catalog: CatalogFacts | None = None,
) -> Change:
    """Record one answer (None: don't know yet) and take back what it invalidates."""
    slot = slot_at(questionnaire, key)
    if slot is None:
        raise KeyError(key)
    values, drafts = dict(answers.values), dict(answers.drafts)
    revisit = answers.revisit - {key}
    if slot.question.on_no and value is False:
        # "No, that is not what we mean": the answers it names are asked again.
        names = set(slot.question.on_no)
        reopened = [s for s in _scope_slots(questionnaire, slot.scope) if s.name in names]
        for other in reopened:
            if other.key in values:
                drafts[other.key] = values.pop(other.key)
        values.pop(key, None)
        state = Answers(values, drafts, revisit - {s.key for s in reopened})
        changed = {(slot.scope, s.name) for s in reopened}
        first = reopened[0].key if reopened else key
        return _settle(questionnaire, state, first, changed, [], catalog)
    old = values.get(key, MISSING)
    values[key] = value
    drafts.pop(key, None)
    state = Answers(values, drafts, revisit)
    if old is not MISSING and repr(old) == repr(value):
        return Change(state)
    return _settle(questionnaire, state, key, _tokens(slot), [], catalog)


def _settle(
    questionnaire: Questionnaire, state: Answers, key: str, changed: set[Token],
    retracted: list[Slot], catalog: CatalogFacts | None,
) -> Change:
    values, drafts = dict(state.values), dict(state.drafts)
    dropped: list[str] = []
    refreshed: set[str] = set()  # worked-out answers already worked out again this time
    for _ in range(_ROUNDS):
        view = View(questionnaire, values, catalog)
        slots = list(walk(questionnaire, view))
        keys = [s.key for s in slots]
        on_path = set(keys)
        gone = [k for k in values if k not in on_path]
        for k in gone:
            drafts[k] = values.pop(k)
            dropped.append(k)
        if gone:  # a field another question still fills the same way has not changed
            after = View(questionnaire, values, catalog)
            for k in gone:
                gone_slot = slot_at(questionnaire, k)
                if gone_slot is not None:
                    changed |= {(scope, name) for scope, name in _tokens(gone_slot)
                                if scope == ANY_SYSTEM[0] or after.record(scope).get(name, MISSING)
                                != view.record(scope).get(name, MISSING)}
        stale = _first_stale(view, slots[keys.index(key) + 1 if key in on_path else 0:], changed)
        derived = None if stale is not None or gone else _work_out(
            view, slots, values, (changed, refreshed), drafts)
        if derived is not None:
            changed |= _tokens(derived)
            continue
        if stale is None and not gone:
            break
        if stale is not None:
            drafts[stale.key] = values.pop(stale.key)
            retracted.append(stale)
            changed |= _tokens(stale)
    kept = frozenset(k for k in state.revisit if k in values)
    # What is on the path again (a question that left it and came back) is asked again too.
    again = {s.key for s in retracted} | {s.key for s in slots if s.key in dropped}
    view = View(questionnaire, values, catalog)
    retracted = [s for s in slots if s.key in again and asks(view, s)]
    dropped = [k for k in dropped if k not in again]
    return Change(Answers(values, drafts, kept), tuple(retracted), tuple(dropped))


def _work_out(
    view: View, slots: list[Slot], values: dict[str, Any],
    progress: tuple[set[Token], set[str]], drafts: dict[str, Any],
) -> Slot | None:
    """Work out one answer that is never asked: take back one whose inputs changed (once
    per settling), or fill in one that can now be worked out. `progress`: the fields
    changed so far, and the answers already worked out again. The slot, or None."""
    changed, refreshed = progress
    for slot in slots:
        if asks(view, slot):
            continue
        if slot.key in values and slot.key not in refreshed and _follows_changed(slot, changed):
            refreshed.add(slot.key)
            if repr(worked_out(view, slot)) == repr(values[slot.key]):
                continue  # worked out the same again: nothing that follows it changed
            drafts[slot.key] = values.pop(slot.key)  # the spec file forgets it too
            return slot
        if slot.key not in values and _begun(view, slot):
            value = worked_out(view, slot)
            if value is not MISSING and broken_rule(view, slot, value) is None:
                values[slot.key] = value
                refreshed.add(slot.key)
                return slot
    return None


def _begun(view: View, slot: Slot) -> bool:
    """Has the system or flow this slot belongs to an answer of its own yet? Nothing is
    worked out for one nobody has started on."""
    if slot.group is None:
        return True
    asked = {q.id for q in slot.group.questions if q.ask is not False}
    return any(question_id in asked for question_id in view.answers_in(slot.scope))


def _follows_changed(slot: Slot, changed: set[Token]) -> bool:
    inputs = _inputs(slot.question)
    return any((slot.scope, name) in changed for name in inputs.fields) or (
        inputs.systems and ANY_SYSTEM in changed)


def _first_stale(view: View, slots: list[Slot], changed: set[Token]) -> Slot | None:
    for slot in slots:
        if slot.key not in view.values or not asks(view, slot):
            continue
        inputs = _inputs(slot.question)
        if not any((slot.scope, name) in changed for name in inputs.fields) and not (
            inputs.systems and ANY_SYSTEM in changed
        ):
            continue
        follows = any((slot.scope, name) in changed for name in inputs.follows)
        if follows or not fits(view, slot, view.values[slot.key]):
            return slot
    return None


def _tokens(slot: Slot) -> set[Token]:
    tokens: set[Token] = {(slot.scope, slot.name)} | {
        (slot.scope, name) for name in slot.question.also}
    if slot.scope[0] == "systems" and slot.name == "id":
        tokens.add(ANY_SYSTEM)
    return tokens


def _scope_slots(questionnaire: Questionnaire, scope: Scope) -> list[Slot]:
    group = questionnaire.group(scope[0])
    if group is None:
        return []
    return [Slot(make_key(scope, q.id), q, scope, group) for q in group.questions]


# -- what a question depends on -------------------------------------------------


@dataclass(frozen=True)
class _Inputs:
    fields: frozenset[str]  # any change may make its answer stop fitting
    follows: frozenset[str]  # a change asks it again whatever its answer
    systems: bool  # its choices are the systems


_INPUTS: dict[int, tuple[Question, _Inputs]] = {}


def _inputs(question: Question) -> _Inputs:
    cached = _INPUTS.get(id(question))
    if cached is not None and cached[0] is question:
        return cached[1]
    names: set[str] = set(question.when or {})
    for rule in question.unavailable:
        names |= set(rule.when or {})
        names |= _refs(rule.value)
    for choice in question.choices:
        names |= _refs(choice.value)
    names |= {name.split(".")[0] for name in names if "." in name}  # mail_person.skills
    follows = set(question.depends_on)
    if question.of is not None:  # about the system a field names: asked again if it changes
        follows.add(question.of)
    if question.ask is not True:  # worked out from its default and the catalog: follows them
        defaults = question.default if isinstance(question.default, tuple) else (
            question.default,)
        follows |= set().union(*(_refs(d) for d in defaults)) | names
        if question.catalog is not None:
            follows.add(question.catalog.of or "catalog")
        if question.choices_from == "catalog":
            follows.add("name")
    follows = _expand(follows)
    inputs = _Inputs(
        frozenset(_expand(names) | follows), frozenset(follows),
        # Choices among the systems, or the first and last system: any system's id counts.
        question.choices_from in ("systems", "system-pairs")
        or bool(SYSTEMS_FACTS & (names | follows)),
    )
    _INPUTS[id(question)] = (question, inputs)  # the question is kept, so its id stays its own
    return inputs


def _refs(value: Any) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {m.group(1).removesuffix(".name") for m in PLACEHOLDER.finditer(value)}


def _expand(names: set[str]) -> set[str]:
    """Facts stand for the answers they are worked out from."""
    expanded = set()
    for name in names:
        expanded |= set(FACT_INPUTS.get(name, (name,)))
    return expanded
