"""The interview's engine: which question comes next, and what an answer changes.

Pure: each function takes the questionnaire and the answers so far and returns
new values. Nothing here reads a terminal or touches a file, so the whole
interview can be replayed and tested without either.

When an earlier answer changes, the answers that depended on it are taken
back and asked again: those whose question no longer applies, those whose
choices no longer allow them ("event" once the flow is a pull), and those that
declare `depends_on` the changed field (a flow's id follows its ends).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from mailroom.interview.asked import Asked, fits, resolve
from mailroom.interview.slots import Answers, Slot, slot_at, walk
from mailroom.interview.view import FACT_INPUTS, MISSING, Scope, View, make_key
from mailroom.questionnaire import PLACEHOLDER, Question, Questionnaire

Token = tuple[Any, str]  # (scope, field or question id); ("*", "systems") for any system id
ANY_SYSTEM: Token = ("*", "systems")

__all__ = ["Answers", "Asked", "Change", "answer", "go_back", "missing", "next_question", "path"]


@dataclass(frozen=True)
class Change:
    """The answers after one answer, and what it took back."""

    answers: Answers
    retracted: tuple[Slot, ...] = ()
    """Answered before, now asked again (their choice no longer fits, or they follow
    the changed answer)."""
    dropped: tuple[str, ...] = ()
    """Keys whose question no longer applies at all."""


def next_question(questionnaire: Questionnaire, answers: Answers) -> Asked | None:
    """The first question on the path that is not answered (or that the person went
    back to), ready to be asked; None when the interview is complete."""
    view = View(questionnaire, answers.values)
    for position, slot in enumerate(walk(questionnaire, view)):
        if answers.is_open(slot.key):
            return resolve(view, answers, slot, can_go_back=position > 0)
    return None


def path(questionnaire: Questionnaire, answers: Answers) -> list[Slot]:
    """Every question that applies with these answers, in order."""
    return list(walk(questionnaire, View(questionnaire, answers.values)))


def missing(questionnaire: Questionnaire, answers: Answers) -> list[Slot]:
    """The required questions still unanswered (what an answers file must add)."""
    return [
        slot for slot in path(questionnaire, answers)
        if slot.key not in answers.values and slot.question.required and not slot.is_another
    ]


def go_back(questionnaire: Questionnaire, answers: Answers, current: str | None) -> Answers | None:
    """Reopen the answer before `current` (None: the end of the interview)."""
    keys = [slot.key for slot in path(questionnaire, answers)]
    before = keys[: keys.index(current)] if current in keys else keys
    for key in reversed(before):
        if key in answers.values:
            return replace(answers, revisit=answers.revisit | {key})
    return None


def answer(questionnaire: Questionnaire, answers: Answers, key: str, value: Any) -> Change:
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
        return _settle(questionnaire, state, first, changed, [])
    old = values.get(key, MISSING)
    values[key] = value
    drafts.pop(key, None)
    state = Answers(values, drafts, revisit)
    if old is not MISSING and repr(old) == repr(value):
        return Change(state)
    return _settle(questionnaire, state, key, _tokens(slot), [])


def _settle(
    questionnaire: Questionnaire, state: Answers, key: str, changed: set[Token],
    retracted: list[Slot],
) -> Change:
    values, drafts = dict(state.values), dict(state.drafts)
    dropped: list[str] = []
    while True:
        view = View(questionnaire, values)
        slots = list(walk(questionnaire, view))
        keys = [s.key for s in slots]
        on_path = set(keys)
        gone = [k for k in values if k not in on_path]
        for k in gone:
            drafts[k] = values.pop(k)
            dropped.append(k)
            gone_slot = slot_at(questionnaire, k)
            if gone_slot is not None:
                changed |= _tokens(gone_slot)
        stale = _first_stale(view, slots[keys.index(key) + 1 if key in on_path else 0:], changed)
        if stale is None and not gone:
            break
        if stale is not None:
            drafts[stale.key] = values.pop(stale.key)
            retracted.append(stale)
            changed |= _tokens(stale)
    kept = frozenset(k for k in state.revisit if k in values)
    # What is on the path again (a question that left it and came back) is asked again too.
    again = {s.key for s in retracted} | {s.key for s in slots if s.key in dropped}
    retracted = [s for s in slots if s.key in again]
    dropped = [k for k in dropped if k not in again]
    return Change(Answers(values, drafts, kept), tuple(retracted), tuple(dropped))


def _first_stale(view: View, slots: list[Slot], changed: set[Token]) -> Slot | None:
    for slot in slots:
        if slot.key not in view.values:
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
    tokens: set[Token] = {(slot.scope, slot.name)}
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
    follows = _expand(set(question.depends_on))
    inputs = _Inputs(
        frozenset(_expand(names) | follows), frozenset(follows),
        question.choices_from == "systems",
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
