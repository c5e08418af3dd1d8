"""A reply checked and made into the answer that is stored: typed text and numbers,
ticked and chosen options, entries typed one by one; the rules an answer must keep,
and never a secret."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mailroom.interview.answers import Slot
from mailroom.interview.choices import options
from mailroom.interview.view import MISSING, View
from mailroom.questionnaire.model import Question, Rule
from mailroom.spec.secrets import secret_in_text

_NUMBER = re.compile(r"^(?:about|around|roughly|approx\.?|~)?\s*(\d[\d,_ ]*(?:\.\d+)?)\s*(k)?$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    problem: str | None = None




def parse_answer(view: View, slot: Slot, raw: Any) -> Parsed:
    question = slot.question
    if raw is None:
        if question.unknown or not question.required:
            return Parsed(None)
        return Parsed(problem="This one needs an answer.")
    if question.type == "list":
        return _parse_list(question, [str(item).strip() for item in raw if str(item).strip()])
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
        return _parse_chosen_text(view, slot, raw)
    return Parsed(raw)


def _parse_chosen_text(view: View, slot: Slot, raw: str) -> Parsed:
    found = secret_in_text(raw)
    if found:
        return Parsed(problem=_secret_problem(found))
    if slot.question.other is not None and not _offered(view, slot, raw):
        broken = broken_rule(view, slot, raw)  # typed after "something else": its rules
        if broken is not None:
            return Parsed(problem=broken)
    return Parsed(raw)


def _parse_list(question: Question, typed: list[str]) -> Parsed:
    """Entries typed one by one (a field of the data each); none typed: skipped."""
    if not typed:
        return Parsed(None) if not question.required or question.unknown else Parsed(
            problem="Type at least one.")
    found = []
    for text in typed:
        parsed = parse_item(question, text)
        if parsed.problem is not None:
            return parsed
        found.append(parsed.value)
    return Parsed(found)


def parse_item(question: Question, text: str) -> Parsed:
    """One entry of a list answer."""
    secret = secret_in_text(text)
    if secret:
        return Parsed(problem=_secret_problem(secret))
    if question.parse == "field-map":
        from mailroom.interview.typed import read_field

        field, problem = read_field(text)
        return Parsed(field, problem)
    return Parsed(text)


def _parse_ticked(question: Question, picked: list[Any]) -> Parsed:
    if not picked:
        if not question.required:
            return Parsed(None)
        return Parsed(problem="Tick at least one, or choose “don't know yet”.")
    return Parsed(question.join.join(picked) if question.join else picked)


def _offered(view: View, slot: Slot, value: Any) -> bool:
    return any(repr(option.value) == repr(value) for option in options(view, slot))


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
    if question.parse == "volume":
        from mailroom.interview.typed import read_volume

        volumes, problem = read_volume(text)
        return Parsed(volumes, problem)
    if question.type == "number":
        number = _number(text)
        if number is None:
            return Parsed(problem="Type a number, such as 200 or 5000"
                          + (" (or ? if you don't know yet)." if question.unknown else "."))
        value = number
    broken = broken_rule(view, slot, value)
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


def broken_rule(view: View, slot: Slot, value: Any) -> str | None:
    """The message of the first rule the value breaks, or None."""
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
    if rule.rule == "time-zone" and value is not None:
        from mailroom.spec.calendar import zone_problem

        return zone_problem(str(value))
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
