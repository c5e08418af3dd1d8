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
from mailroom.interview.option import Option
from mailroom.interview.view import MISSING, View
from mailroom.questionnaire.model import Question, Rule
from mailroom.spec.secrets import secret_in_text

_NUMBER = re.compile(r"^(?:about|around|roughly|approx\.?|~)?\s*(\d[\d,_ ]*(?:\.\d+)?)\s*(k)?$",
                     re.IGNORECASE)
_LEADING_NUMBER = re.compile(r"^\D*?(\d[\d,]*(?:\.\d+)?)")


class _Back:
    """The reply that means "take me to the previous question"."""

    def __repr__(self) -> str:
        return "BACK"


BACK = _Back()


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    problem: str | None = None


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
        if isinstance(value, bool):
            return "yes" if value else "no"
        if self.question.confirms is not None:
            return "yes"  # the confirmed fact, stored in the field
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


def options(view: View, slot: Slot) -> tuple[Option, ...]:
    question = slot.question
    if question.type == "confirm":
        found = [Option(True, "yes"), Option(False, "no")]
    elif question.choices_from == "systems":
        found = [Option(sid, name) for sid, name in view.systems]
    else:
        found = []
        if question.choices_from == "catalog":
            from mailroom.interview.suggest import catalog_options

            found = catalog_options(view, slot)
        for choice in question.choices:
            value: Any = choice.value
            if isinstance(value, str) and "{" in value:
                value = view.render_strict(slot.scope, value)
                if value is None:
                    continue  # names an end not known yet
            label = view.render(slot.scope, choice.label) if choice.label else str(value)
            explain = view.render(slot.scope, choice.explain) if choice.explain else None
            found.append(Option(value, label, explain))
    unique = list({repr(o.value): o for o in found}.values())
    from mailroom.interview.suggest import mark_documented

    return tuple(mark_documented(view, slot, _mark_unavailable(view, slot, unique)))


def _mark_unavailable(view: View, slot: Slot, found: list[Option]) -> list[Option]:
    reasons: dict[str, str] = {}
    for rule in slot.question.unavailable:
        if not view.holds(slot.scope, rule.when):
            continue
        value: Any = rule.value
        if isinstance(value, str) and "{" in value:
            value = view.render_strict(slot.scope, value)
        if value is not None:
            reasons.setdefault(repr(value), view.render(slot.scope, rule.reason))
    return [
        Option(o.value, o.label, o.explain, reasons[repr(o.value)]) if repr(o.value) in reasons
        else o
        for o in found
    ]


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
        return _broken_rule(view, slot, value) is None
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
    return value


# -- answers ------------------------------------------------------------------


def parse_answer(view: View, slot: Slot, raw: Any) -> Parsed:
    question = slot.question
    if raw is None:
        if question.unknown or not question.required:
            return Parsed(None)
        return Parsed(problem="This one needs an answer.")
    if question.type in ("text", "number"):
        return _parse_typed(view, slot, str(raw).strip())
    if question.type == "multi-select":
        return _parse_ticked(question, list(raw))
    if question.type == "select" and not _choosable(view, slot, raw):
        return Parsed(problem=f"{raw!r} is not one of the choices here.")
    if question.confirms is not None and raw is True:
        fact = view.lookup(slot.scope, question.confirms)  # "yes": what was read back
        return Parsed(None if fact is MISSING else fact)
    if isinstance(raw, str):
        found = secret_in_text(raw)
        if found:
            return Parsed(problem=_secret_problem(found))
    return Parsed(raw)


def _parse_ticked(question: Question, picked: list[Any]) -> Parsed:
    if not picked:
        if not question.required:
            return Parsed(None)
        return Parsed(problem="Tick at least one, or choose “don't know yet”.")
    return Parsed(question.join.join(picked) if question.join else picked)


def _choosable(view: View, slot: Slot, value: Any) -> bool:
    for option in options(view, slot):
        if repr(option.value) == repr(value):
            return option.disabled is None
    return slot.question.other is not None and isinstance(value, str)


def _parse_typed(view: View, slot: Slot, text: str) -> Parsed:
    question = slot.question
    if not text:
        if not question.required:
            return Parsed(None)
        hint = ", or ? if you don't know yet" if question.unknown else ""
        return Parsed(problem=f"Type an answer{hint}.")
    found = secret_in_text(text)
    if found:
        return Parsed(problem=_secret_problem(found))
    value: Any = text
    if question.type == "number":
        number = _number(text)
        if number is None:
            return Parsed(problem="Type a number, such as 200 or 5000"
                          + (" (or ? if you don't know yet)." if question.unknown else "."))
        value = number
    broken = _broken_rule(view, slot, value)
    if broken is not None:
        return Parsed(problem=broken)
    if question.type == "number" and question.unit:
        value = f"{value} {question.unit}"
    return Parsed(value)


def _number(text: str) -> int | float | None:
    match = _NUMBER.match(text)
    if match is None:
        return None
    number = float(re.sub(r"[,_ ]", "", match.group(1))) * (1000 if match.group(2) else 1)
    return int(number) if number.is_integer() else number


def _secret_problem(what: str) -> str:
    return (f"That looks like {what}. Never type a secret here: a spec records only the "
            "method, and at most the name of the place the secret is kept.")


def _broken_rule(view: View, slot: Slot, value: Any) -> str | None:
    for rule in slot.question.validate_:
        problem = _breaks(view, slot, rule, value)
        if problem is not None:
            extra = {"value": value, "problem": problem}
            return view.render(slot.scope, rule.message, extra)
    return None


def _breaks(view: View, slot: Slot, rule: Rule, value: Any) -> str | None:  # noqa: C901
    """What is wrong with the value under one rule, or None when it keeps it."""
    from mailroom.spec.model import ID_PATTERN

    if rule.rule == "id" and not re.fullmatch(ID_PATTERN, str(value)):
        return "not an id"
    if rule.rule == "unique" and _taken(view, slot, value):
        return "taken"
    if rule.rule == "schedule":
        from mailroom.spec.schedule import parse_schedule

        parsed = parse_schedule(str(value))
        if parsed.kind == "unknown":
            return "it is neither an interval nor a cron expression"
        if parsed.problem:
            return parsed.problem
    if rule.pattern is not None and not re.fullmatch(rule.pattern, str(value)):
        return "no match"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if rule.min is not None and value < rule.min:
            return "too small"
        if rule.max is not None and value > rule.max:
            return "too large"
    return None


def _taken(view: View, slot: Slot, value: Any) -> bool:
    group, index = slot.scope
    question_id = slot.question.id
    return any(
        view.answers_in((group, other)).get(question_id) == value
        for other in range(view.count(group))
        if other != index
    )
