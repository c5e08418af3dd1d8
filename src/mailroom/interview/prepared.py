"""A question made ready to be put to a person: its texts filled in from earlier
answers, its choices (with those the rules exclude marked unavailable, and why),
its default, and how a typed or chosen answer is checked and stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mailroom.interview.answers import Answers, Slot
from mailroom.interview.choices import options
from mailroom.interview.option import Option
from mailroom.interview.replies import Parsed, broken_rule, parse_answer
from mailroom.interview.view import MISSING, View
from mailroom.questionnaire.model import Question

__all__ = ["BACK", "REVIEW", "Asked", "Parsed", "broken_rule", "choice", "documented", "fits",
           "heading", "options", "resolve", "typed", "worked_out"]

_LEADING_NUMBER = re.compile(r"^\D*?(\d[\d,]*(?:\.\d+)?)")


class _Back:
    """The reply that means "take me to the previous question"."""

    def __repr__(self) -> str:
        return "BACK"


BACK = _Back()


class _Review:
    """The reply that means "show me every answer, to change one"."""

    def __repr__(self) -> str:
        return "REVIEW"


REVIEW = _Review()


@dataclass(frozen=True)
class Asked:
    """What a prompt needs, and nothing it has to work out itself."""

    slot: Slot
    text: str
    help: str | None
    options: tuple[Option, ...]
    default: Any  # MISSING: none; None: "don't know yet" was the answer
    heading: str | None
    revisiting: bool
    can_go_back: bool
    check: Callable[[Any], Parsed]
    default_source: str | None = None  # the catalog page the default comes from
    continues: str | None = None
    """The "another?" key this question answers too: it is the next system's or flow's
    first question, and an empty answer means there are no more."""

    @property
    def key(self) -> str:
        return self.slot.key

    @property
    def question(self) -> Question:
        return self.slot.question

    @property
    def type(self) -> str:
        return self.slot.question.type

    @property
    def unknown(self) -> bool:
        return self.slot.question.unknown

    @property
    def optional(self) -> bool:
        """May a typed answer be left empty?"""
        return not self.slot.question.required

    @property
    def other(self) -> str | None:
        return self.slot.question.other

    def parse(self, raw: Any) -> Parsed:
        """Check an answer as typed or chosen; the value to store, or what is wrong."""
        return self.check(raw)

    def label_of(self, value: Any) -> str:
        """An answer in the words the person saw."""
        if value is None:
            return "don't know yet"
        if isinstance(value, bool) and self.question.type != "select":
            return "yes" if value else "no"
        if self.question.confirms is not None:
            return "yes"  # the confirmed fact, stored in the field
        if isinstance(value, list) and self.question.type in ("list", "text"):
            from mailroom.interview.typed import field_in_words

            return "; ".join(field_in_words(v) for v in value) or "(none)"
        labels = {repr(o.value): o.label for o in self.options}
        return labels.get(repr(value), str(value))


def resolve(view: View, answers: Answers, slot: Slot, *, can_go_back: bool) -> Asked:
    question = slot.question
    opts = options(view, slot)
    default, source = _default(view, answers, slot, opts)
    return Asked(
        slot=slot,
        text=view.render(slot.scope, question.prompt),
        help=view.render(slot.scope, question.help) if question.help else None,
        options=opts,
        default=default,
        heading=heading(view, slot),
        revisiting=slot.key in answers.values,
        can_go_back=can_go_back,
        check=lambda raw: parse_answer(view, slot, raw),
        default_source=source,
    )


def heading(view: View, slot: Slot) -> str | None:
    if slot.group is None:
        return None
    for template in slot.group.heading:
        text = view.render_strict(slot.scope, template)
        if text is not None:
            return text
    return None


# -- choices ------------------------------------------------------------------


def fits(view: View, slot: Slot, value: Any) -> bool:
    """Does an answer still fit the question as the other answers now shape it?"""
    question = slot.question
    if value is None:
        return question.unknown or not question.required
    if question.confirms is not None:
        return bool(value == view.lookup(slot.scope, question.confirms))
    if question.type == "confirm":
        return isinstance(value, bool)
    if question.type == "select":
        enabled = {repr(o.value) for o in options(view, slot) if o.disabled is None}
        return repr(value) in enabled or (question.other is not None and isinstance(value, str))
    if question.type == "text":
        return broken_rule(view, slot, value) is None
    return True


# -- defaults -----------------------------------------------------------------


def _default(
    view: View, answers: Answers, slot: Slot, opts: tuple[Option, ...]
) -> tuple[Any, str | None]:
    """The default and, when it comes from the catalog, the page that documents it."""
    question = slot.question
    source = None
    if slot.key in answers.values:
        value = answers.values[slot.key]
    else:
        from mailroom.interview.suggest import suggestion

        value, source = suggestion(view, slot, opts)
        if value is MISSING and slot.key in answers.drafts:
            value = answers.drafts[slot.key]
    if value is MISSING or value is None:
        return value, None
    if question.type == "select":
        enabled = {repr(o.value) for o in opts if o.disabled is None}
        if repr(value) not in enabled and question.other is None:
            return MISSING, None
    return _shown(question, value), source


def documented(view: View, slot: Slot) -> Any:
    """What the catalog documents as this question's answer; MISSING when it does not."""
    from mailroom.interview.suggest import suggestion

    opts = options(view, slot) if slot.question.type == "select" else ()
    value, source = suggestion(view, slot, opts)
    return value if source is not None else MISSING


def worked_out(view: View, slot: Slot) -> Any:
    """The answer of a question that is never asked (`ask: false`): what it suggests, else
    a select's only available choice; MISSING when nothing can be worked out yet."""
    from mailroom.interview.suggest import suggestion

    opts = options(view, slot) if slot.question.type == "select" else ()
    value, _ = suggestion(view, slot, opts)
    if value is MISSING and slot.question.type == "select":
        enabled = [o.value for o in opts if o.disabled is None]
        value = enabled[0] if len(enabled) == 1 else MISSING
    if value is MISSING or slot.question.type != "select":
        return value
    return value if any(repr(o.value) == repr(value) and o.disabled is None for o in opts) \
        else MISSING


def _shown(question: Question, value: Any) -> Any:
    """A stored answer as the prompt shows it."""
    if question.confirms is not None:
        return True  # the fact it confirmed
    if question.type == "number":
        match = _LEADING_NUMBER.match(str(value))
        return match.group(1).replace(",", "") if match else MISSING
    if question.type == "multi-select":
        if isinstance(value, list):
            return value
        return [part.strip() for part in str(value).split(question.join or ";") if part.strip()]
    if question.parse == "volume" and isinstance(value, list):
        return ", up to ".join(str(v) for v in value if v)
    return value


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


def typed(text: str, *, help: str | None = None) -> Asked:
    """A typed question of the session's own; an empty answer is allowed."""
    question = Question(id="typed", type="text", prompt=text, help=help, unknown=False,
                        required=False)
    return Asked(
        slot=Slot("(session)", question), text=text, help=help, options=(), default=MISSING,
        heading=None, revisiting=False, can_go_back=False, check=Parsed,
    )
