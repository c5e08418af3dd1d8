"""Checking a questionnaire beyond its shape: fields that exist in the spec,
conditions and placeholders that name earlier answers, choices in the closed
vocabularies. Each problem is one line, `file:line: where: what`.

Only run when a questionnaire is loaded from its YAML (not from the cache).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap

from mailroom.questionnaire.model import (
    FACTS,
    FILTERS,
    PLACEHOLDER,
    SYSTEM_REFERENCES,
    Group,
    Question,
    Questionnaire,
)
from mailroom.spec.model import (
    VOCABULARIES,
    Auth,
    EffectiveDate,
    FileSpec,
    Flow,
    Offer,
    Prospect,
    Spec,
    System,
)
from mailroom.spec.reading import field_path, line_of

Loc = tuple[str | int, ...]
_MODELS: dict[str, type[BaseModel]] = {"": Spec, "systems": System, "flows": Flow}
_NESTED: dict[str, type[BaseModel]] = {"auth": Auth, "prospect": Prospect, "offer": Offer,
                                       "file": FileSpec, "effective_date": EffectiveDate}
_QUESTION_ID = re.compile(r"[a-z][a-z0-9_]*")
_CHOOSING = ("select", "multi-select")
_MESSAGE_NAMES = ("value", "problem")


def pydantic_problems(exc: ValidationError, tree: CommentedMap, name: str) -> list[str]:
    problems = []
    for err in exc.errors():
        loc: Loc = tuple(p for p in err["loc"] if p not in ("question", "group"))
        text = str(err["msg"])
        if err["type"] == "extra_forbidden":
            text = f"unknown key '{loc[-1]}'"
        elif err["type"] == "missing":
            text = "is required"
        elif err["type"] == "literal_error":
            text = f"expected one of {err['ctx']['expected']}, got {err.get('input')!r}"
        problems.append(f"{name}:{line_of(tree, loc)}: {field_path(loc)}: {text}")
    return problems


def check_questionnaire(q: Questionnaire, tree: CommentedMap, name: str) -> list[str]:
    return [
        f"{name}:{line_of(tree, loc)}: {field_path(loc)}: {message}"
        for loc, message in _problems(q)
    ]


def _problems(q: Questionnaire) -> Iterator[tuple[Loc, str]]:
    top = [item for item in q.items if isinstance(item, Question)]
    yield from _scope(("items",), "", [(i, item) for i, item in enumerate(q.items)
                                       if isinstance(item, Question)], top)
    for index, item in enumerate(q.items):
        if isinstance(item, Group):
            yield from _group(("items", index), item)


def _group(loc: Loc, group: Group) -> Iterator[tuple[Loc, str]]:
    questions = list(enumerate(group.questions))
    yield from _scope((*loc, "questions"), group.group, questions, list(group.questions))
    names = _names(group.group, list(group.questions))
    for i, heading in enumerate(group.heading):
        yield from _template((*loc, "heading", i), heading, names)
    for key in ("prompt", "help"):
        yield from _template((*loc, "another", key), getattr(group.another, key), names)
    ids = {question.id for question in group.questions}
    for code, targets in group.resolve.items():
        for target in targets:
            if target not in ids:
                yield (*loc, "resolve", code), f"no question '{target}' in this group"
    if not any(question.field == "id" for question in group.questions):
        yield loc, f"a {group.group} group needs a question that fills 'id'"
    if group.max is not None and group.max < group.min:
        yield (*loc, "max"), f"is less than min ({group.min})"


def _scope(
    loc: Loc, scope: str, numbered: list[tuple[int, Question]], questions: list[Question]
) -> Iterator[tuple[Loc, str]]:
    names = _names(scope, questions)
    seen: set[str] = set()
    for index, question in numbered:
        where = (*loc, index)
        if not _QUESTION_ID.fullmatch(question.id) or question.id == "another":
            yield (*where, "id"), (f"'{question.id}' is not a usable question id (lowercase "
                                   "letters, digits and _; 'another' is taken)")
        if question.id in seen:
            yield (*where, "id"), f"another question here already has the id '{question.id}'"
        seen.add(question.id)
        yield from _question(where, scope, question, names)


def _names(scope: str, questions: list[Question]) -> set[str]:
    """What conditions and texts can name here: the fields answered (not those a flow
    asks about a system), gates by their id, the facts, and in a flow a field of a system
    a field names (`mail_person.skills`)."""
    fields = {name for q in questions if q.of is None
              for name in ((q.field, *q.also) if q.field else (q.id,))}
    names = fields | set(FACTS[scope])
    if scope == "flows":
        names |= {f"{ref}.{field}" for ref in SYSTEM_REFERENCES if ref in names
                  for field in _MODELS["systems"].model_fields}
    return names


def _question(loc: Loc, scope: str, q: Question, names: set[str]) -> Iterator[tuple[Loc, str]]:
    yield from _fields(loc, scope, q, names)
    yield from _shape(loc, q)
    yield from _catalog(loc, scope, q, names)
    yield from _condition((*loc, "when"), q.when, names)
    for key in ("depends_on", "on_no"):
        for i, ref in enumerate(getattr(q, key)):
            if ref not in names:
                yield (*loc, key, i), _unknown_name(ref, names)
    if q.confirms is not None and q.confirms not in names:
        yield (*loc, "confirms"), _unknown_name(q.confirms, names)
    yield from _texts(loc, q, names)
    yield from _choices(loc, q, names)
    for i, rule in enumerate(q.validate_):
        if rule.pattern is not None:
            try:
                re.compile(rule.pattern)
            except re.error as exc:
                yield (*loc, "validate", i, "pattern"), f"is not a valid regular expression: {exc}"
        yield from _template((*loc, "validate", i, "message"), rule.message,
                             names | set(_MESSAGE_NAMES))


def _fields(loc: Loc, scope: str, q: Question, names: set[str]) -> Iterator[tuple[Loc, str]]:
    """The fields a question fills exist: in its own part, or in the system a flow's field
    names (`of`)."""
    where = "systems" if q.of is not None else scope
    for key, field in [("field", q.field), *(("also", name) for name in q.also)]:
        if field is not None and not _field_exists(where, field):
            model = _MODELS[where]
            yield (*loc, key), (f"'{field}' is not a field of {model.__name__}; the fields "
                                f"are: {', '.join(model.model_fields)}")
    if q.of is not None and (scope != "flows" or q.of not in SYSTEM_REFERENCES
                             or q.of not in names):
        yield (*loc, "of"), ("only a flow's question fills a field of a system, named by one "
                             "of source, destination, mail_person, mailbox")


def _shape(loc: Loc, q: Question) -> Iterator[tuple[Loc, str]]:  # noqa: C901 - one rule a line
    choosing = q.type in _CHOOSING
    if choosing and not q.choices and q.choices_from is None:
        yield (*loc, "choices"), f"a {q.type} question needs choices or choices_from"
    if not choosing and (q.choices or q.choices_from):
        yield (*loc, "choices"), f"a {q.type} question has no choices"
    if q.other is not None and q.type != "select":
        yield (*loc, "other"), "only a select question can let the person type another value"
    if q.unit is not None and q.type != "number":
        yield (*loc, "unit"), "only a number question has a unit"
    if q.join is not None and q.type != "multi-select":
        yield (*loc, "join"), "only a multi-select question is joined into text"
    if q.on_no and q.type != "confirm":
        yield (*loc, "on_no"), "only a confirm question has a No"
    if q.confirms is not None and (q.type != "confirm" or q.field is None):
        yield (*loc, "confirms"), "only a confirm question that fills a field confirms a fact"
    if q.person and (q.type != "text" or q.field != "answered_by"):
        yield (*loc, "person"), "a person question is a text question that fills answered_by"
    if q.field == "id" and q.unknown:
        yield (*loc, "unknown"), "an id cannot be 'don't know yet'; add `unknown: false`"
    if q.field is None and q.type != "confirm":
        yield (*loc, "field"), "only a confirm question may leave out the field it fills"
    if q.also and (q.type not in ("select", "text") or q.field is None):
        yield (*loc, "also"), "only a select or a text question fills more than one field"
    if q.type == "list" and q.choices_from is not None:
        yield (*loc, "type"), "a list question is typed, entry by entry"
    if q.parse == "field-map" and q.type != "list":
        yield (*loc, "parse"), "a field map is read entry by entry: use `type: list`"
    if q.parse == "volume" and (q.type != "text" or not q.also):
        yield (*loc, "parse"), "a volume is a text question that fills its peak too (`also`)"
    if q.choices_from == "system-pairs" and len(q.also) != 1:
        yield (*loc, "also"), "a pair of systems fills two fields: the source, also the other"


def _catalog(loc: Loc, scope: str, q: Question, names: set[str]) -> Iterator[tuple[Loc, str]]:
    """A catalog default names its system; a question never asked can be worked out."""
    ref = q.catalog
    if ref is not None and scope == "":
        yield (*loc, "catalog"), "only a system's or a flow's question takes a catalog fact"
    elif ref is not None and scope == "systems" and ref.of is not None:
        yield (*loc, "catalog", "of"), "a system's question takes the fact of that system; " \
            "leave out `of`"
    elif ref is not None and scope == "flows" and (
            ref.of is None or ref.of not in SYSTEM_REFERENCES or ref.of not in names):
        yield (*loc, "catalog", "of"), ("name the field of this flow whose system it is: one "
                                        "of source, destination, mail_person, mailbox")
    if q.choices_from == "catalog" and scope != "systems":
        yield (*loc, "choices_from"), "only a system's question chooses from the catalog"
    if q.ask is False and q.default is None and ref is None and q.type != "select" \
            and not q.person:
        yield (*loc, "ask"), ("a question that is never asked needs a default, a catalog fact "
                              "or choices to be worked out from")
    if q.ask == "unless-documented" and ref is None:
        yield (*loc, "ask"), "only a question with a catalog fact can be taken from the catalog"


def _field_exists(scope: str, field: str) -> bool:
    model: type[BaseModel] | None = _MODELS[scope]
    for part in field.split("."):
        if model is None or part not in model.model_fields:
            return False
        model = _NESTED.get(part)
    return True


def _condition(loc: Loc, when: dict[str, Any] | None, names: set[str]) -> Iterator[tuple[Loc, str]]:
    for name, expected in (when or {}).items():
        if name not in names:
            yield (*loc, name), _unknown_name(name, names)
            continue
        if isinstance(expected, dict):
            if set(expected) != {"not"}:
                yield (*loc, name), "a condition is a value, a list of values, or {not: value}"
                continue
            expected = expected["not"]
        values = expected if isinstance(expected, list) else [expected]
        allowed = _vocabulary(name)
        for value in values:
            if isinstance(value, dict | list):
                yield (*loc, name), "a condition is a value, a list of values, or {not: value}"
            elif allowed and value is not None and value not in allowed:
                yield (*loc, name), (f"{value!r} is never an answer here; expected one of "
                                     f"{', '.join(allowed)}")


def _vocabulary(name: str) -> tuple[str, ...]:
    if name == "direction":
        return VOCABULARIES["direction"]
    return VOCABULARIES.get(name.split(".")[-1], ())


def _texts(loc: Loc, q: Question, names: set[str]) -> Iterator[tuple[Loc, str]]:
    for key in ("prompt", "help", "other"):
        yield from _template((*loc, key), getattr(q, key), names)
    if isinstance(q.default, str):
        yield from _template((*loc, "default"), q.default, names)
    elif isinstance(q.default, tuple):
        for i, text in enumerate(q.default):
            yield from _template((*loc, "default", i), text, names)


def _choices(loc: Loc, q: Question, names: set[str]) -> Iterator[tuple[Loc, str]]:
    allowed = _vocabulary(q.field or "")
    for i, choice in enumerate(q.choices):
        for key in ("label", "explain"):
            yield from _template((*loc, "choices", i, key), getattr(choice, key), names)
        if isinstance(choice.value, str):
            yield from _template((*loc, "choices", i, "value"), choice.value, names)
            templated = "{" in choice.value
            if allowed and not templated and choice.value not in allowed:
                yield (*loc, "choices", i, "value"), (
                    f"{choice.value!r} is not allowed in {q.field}; expected one of "
                    f"{', '.join(allowed)}")
    for i, rule in enumerate(q.unavailable):
        yield from _condition((*loc, "unavailable", i, "when"), rule.when, names)
        yield from _template((*loc, "unavailable", i, "reason"), rule.reason, names)
        if isinstance(rule.value, str):
            yield from _template((*loc, "unavailable", i, "value"), rule.value, names)


def _template(loc: Loc, text: str | None, names: set[str]) -> Iterator[tuple[Loc, str]]:
    for match in PLACEHOLDER.finditer(text or ""):
        ref, filter_ = match.group(1), match.group(2)
        base = ref.removesuffix(".name")
        if base not in names:
            yield loc, f"{{{ref}}}: {_unknown_name(base, names)}"
        elif ref.endswith(".name") and base not in SYSTEM_REFERENCES:
            yield loc, f"{{{ref}}}: only a field that names a system has a .name"
        if filter_ is not None and filter_ not in FILTERS:
            yield loc, f"{{{ref}|{filter_}}}: unknown filter; the filters are: {', '.join(FILTERS)}"


def _unknown_name(name: str, names: set[str]) -> str:
    message = f"'{name}' is not an answer or a fact in this part of the questionnaire"
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    if close:
        return f"{message}; did you mean '{close[0]}'?"
    return f"{message}; known here: {', '.join(sorted(names))}"
