"""The answers so far, and the path through a questionnaire that they open.

A slot is one question in one place: `flows[1].trigger` is the trigger
question of the second flow. Walking the questionnaire with the answers gives
the slots that apply, in order: a group repeats while "another?" is answered
yes, and a question is skipped when its `when` does not hold.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from mailroom.interview.view import TOP, Scope, View, make_key
from mailroom.questionnaire.model import Group, Question, Questionnaire

ANOTHER = "another"


@dataclass(frozen=True)
class Answers:
    """Everything the interview knows, as plain data (it is what the sidecar saves)."""

    values: Mapping[str, Any] = field(default_factory=dict)
    """Key -> answer; None is "don't know yet"."""
    drafts: Mapping[str, Any] = field(default_factory=dict)
    """Answers taken back because an earlier answer changed: asked again, offered as
    the default while they still fit."""
    revisit: frozenset[str] = frozenset()
    """Answered keys the person went back to: asked again with their answer as default."""

    def is_open(self, key: str) -> bool:
        return key not in self.values or key in self.revisit


@dataclass(frozen=True)
class Slot:
    key: str
    question: Question
    scope: Scope = TOP
    group: Group | None = None

    @property
    def name(self) -> str:
        """The field it fills, or its id for a question that fills none."""
        return self.question.field or self.question.id

    @property
    def is_another(self) -> bool:
        return self.group is not None and self.question.id == ANOTHER


_ANOTHER: dict[tuple[str, str], Question] = {}


def another_question(group: Group) -> Question:
    """The "add another?" question closing each item of a group."""
    cache_key = (group.group, group.another.prompt)
    if cache_key not in _ANOTHER:
        _ANOTHER[cache_key] = Question(
            id=ANOTHER, type="confirm", prompt=group.another.prompt, help=group.another.help,
            default=False, unknown=False,
        )
    return _ANOTHER[cache_key]


def walk(questionnaire: Questionnaire, view: View) -> Iterator[Slot]:
    """The slots that apply with these answers, in the order they are asked. A group
    stops at the first "another?" not answered yes."""
    for item in questionnaire.items:
        if isinstance(item, Group):
            yield from _walk_group(item, view)
        elif view.holds(TOP, item.when):
            yield Slot(item.id, item, TOP)


def _walk_group(group: Group, view: View) -> Iterator[Slot]:
    index = 0
    while True:
        scope = (group.group, index)
        for question in group.questions:
            if not view.holds(scope, question.when):
                continue
            key = make_key(scope, question.id)
            if question.of is not None and (
                    key not in view.values and view.asked_elsewhere(scope, question)):
                continue  # what a flow asks about a system is asked once for each system
            yield Slot(key, question, scope, group)
        if group.max is not None and index + 1 >= group.max:
            return
        if index + 1 >= group.min:
            another = Slot(make_key(scope, ANOTHER), another_question(group), scope, group)
            yield another
            if view.values.get(another.key) is not True:
                return
        index += 1


def slot_at(questionnaire: Questionnaire, key: str) -> Slot | None:
    """The slot a key names, whether or not it applies now."""
    from mailroom.interview.view import split_key

    scope, question_id = split_key(key)
    if scope == TOP:
        question = next((q for q in questionnaire.items
                         if isinstance(q, Question) and q.id == question_id), None)
        return Slot(key, question, TOP) if question is not None else None
    group = questionnaire.group(scope[0])
    if group is None:
        return None
    if question_id == ANOTHER:
        return Slot(key, another_question(group), scope, group)
    question = next((q for q in group.questions if q.id == question_id), None)
    return Slot(key, question, scope, group) if question is not None else None
