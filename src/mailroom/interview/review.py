"""The review screen: every answer given so far, grouped by system and flow and
numbered, so that the person can pick any one and change it. What followed from it is
then asked again (the engine takes it back), and the interview carries on from there.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailroom.interview import engine
from mailroom.interview.answers import Answers, Slot
from mailroom.interview.prepared import heading, resolve
from mailroom.interview.vendor_facts import CatalogFacts
from mailroom.interview.view import View
from mailroom.questionnaire.model import Questionnaire


@dataclass(frozen=True)
class Line:
    """One answer on the review screen: its number, question and answer in words."""

    number: int
    key: str
    question: str
    answer: str


@dataclass(frozen=True)
class Part:
    """The answers about the whole spec, one system or one flow, under its heading."""

    heading: str
    lines: tuple[Line, ...]


def review(
    questionnaire: Questionnaire, answers: Answers, catalog: CatalogFacts | None = None
) -> list[Part]:
    """Every answer the person gave (not those worked out), in the order asked."""
    view = View(questionnaire, answers.values, catalog)
    parts: list[Part] = []
    lines: list[Line] = []
    heading = "The integration"
    scope: tuple[str, int] | None = None
    for slot in engine.path(questionnaire, answers, catalog=catalog):
        if slot.key not in answers.values or slot.is_another or not engine.asks(view, slot):
            continue
        if slot.scope != scope:
            if lines:
                parts.append(Part(heading, tuple(lines)))
            lines, scope = [], slot.scope
            heading = _heading(view, slot)
        asked = resolve(view, answers, slot, can_go_back=False)
        number = sum(len(p.lines) for p in parts) + len(lines) + 1
        lines.append(Line(number, slot.key, asked.text, asked.label_of(answers.values[slot.key])))
    if lines:
        parts.append(Part(heading, tuple(lines)))
    return parts


def _heading(view: View, slot: Slot) -> str:
    return heading(view, slot) or "The integration"


def key_of(parts: list[Part], number: int) -> str | None:
    """The answer with this number on the screen."""
    return next((line.key for part in parts for line in part.lines if line.number == number),
                None)
