"""Answers and spec files are the same thing: each question fills one spec field.

`seed` reads a spec (an answers file, or a file being resumed) into answers:
a field that is present, even as `null`, is answered. `write` lays answers
over a spec's YAML tree in place, keeping its comments, its order and every
field no question asks about; "don't know yet" is written as an explicit
`null` so that it reads as an open question.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from mailroom.interview.answers import ANOTHER, Answers, Slot, slot_at, walk
from mailroom.interview.vendor_facts import CatalogFacts
from mailroom.interview.view import TOP, Scope, View, split_key
from mailroom.questionnaire.model import Group, Questionnaire
from mailroom.spec.model import Auth, Flow, Offer, Prospect, Spec, System

_ORDER: dict[str, tuple[str, ...]] = {
    "": tuple(Spec.model_fields),
    "systems": tuple(System.model_fields),
    "flows": tuple(Flow.model_fields),
    "auth": tuple(Auth.model_fields),
    "prospect": tuple(Prospect.model_fields),
    "offer": tuple(Offer.model_fields),
}
_PERSON = re.compile(r"^\s*(?P<name>[^()]*?)\s*(?:\((?P<role>[^()]*)\))?\s*$")


def parse_person(text: str) -> tuple[str, str | None]:
    """'Dana Ortiz (project manager)' -> ('Dana Ortiz', 'project manager')."""
    match = _PERSON.match(text)
    if match is None or not match.group("name"):
        return text.strip(), None
    role = (match.group("role") or "").strip() or None
    return match.group("name"), role


# -- reading ------------------------------------------------------------------


def seed(
    questionnaire: Questionnaire, tree: CommentedMap, catalog: CatalogFacts | None = None
) -> Answers:
    """The answers a spec already gives. A list of systems or flows that is there is
    taken as complete; questions it leaves out are still to ask. `catalog`: what decides
    whether the questions about catalog entries apply."""
    values: dict[str, Any] = {}
    for item in questionnaire.items:
        if isinstance(item, Group):
            count = len(_items(tree, item.group))
            last = count if item.max is None else min(count, item.max - 1)
            for index in range(item.min - 1, last):
                values[f"{item.group}[{index}].{ANOTHER}"] = index < count - 1
    while True:  # a pass per level of conditions: an answer can open later questions
        added = False
        for slot in walk(questionnaire, View(questionnaire, dict(values), catalog)):
            if slot.key not in values:
                found, value = read(tree, slot)
                if not found and slot.question.choices_from == "catalog":
                    found, value = _catalog_by_id(tree, slot, catalog)
                if found:
                    values[slot.key] = value
                    added = True
        if not added:
            return Answers(values)


def _catalog_by_id(
    tree: CommentedMap, slot: Slot, catalog: CatalogFacts | None
) -> tuple[bool, Any]:
    """A system that names no catalog entry is the entry with its id, if there is one
    (the spec's own rule): in a file, that is its answer to "is it this system?"."""
    system = _item(tree, slot.scope)
    system_id = system.get("id") if isinstance(system, dict) else None
    if catalog is None or not isinstance(system_id, str) or system_id not in catalog:
        return False, None
    return True, system_id


def read(tree: CommentedMap, slot: Slot) -> tuple[bool, Any]:
    """(present, value) of the field a slot fills."""
    question = slot.question
    container = _item(tree, slot.scope)
    if container is None:
        return False, None
    if question.field is None:
        if question.on_no:
            # A confirmation of answers the file states (the roles): confirmed by the file.
            stated = all(_get(container, name)[0] for name in question.on_no)
            return (True, True) if stated else (False, None)
        # A gate ("answer the details now?"): opened if the file answers what it opens.
        opened = [q.field for q in (slot.group.questions if slot.group else ())
                  if q.field and q.when and question.id in q.when]
        return (True, True) if any(_get(container, f)[0] for f in opened) else (False, None)
    if question.person:
        return _read_person(tree)
    if question.of is not None:
        system = _system_item(tree, container.get(question.of))
        return _get(system, question.field) if system is not None else (False, None)
    found, value = _get(container, question.field)
    if not found or not question.also:
        return found, value
    more = []  # what the file holds of the other fields, in order, until one is absent
    for name in question.also:
        present, other = _get(container, name)
        if not present:
            break
        more.append(other)
    both = [value, *more]
    # All null is how "don't know yet" is written: read back as that one answer, so that
    # resuming asks it again.
    return True, None if all(v is None for v in both) else both


def _system_item(tree: CommentedMap, system_id: Any) -> Any:
    return next((s for s in _items(tree, "systems")
                 if isinstance(s, dict) and system_id is not None and s.get("id") == system_id),
                None)


def _read_person(tree: CommentedMap) -> tuple[bool, Any]:
    if "answered_by" not in tree:
        return False, None
    name = tree["answered_by"]
    if name is None:
        return True, None
    role = next((s.get("role") for s in tree.get("stakeholders") or []
                 if isinstance(s, dict) and s.get("name") == name), None)
    return True, f"{name} ({role})" if role else str(name)


def _get(container: Any, field: str) -> tuple[bool, Any]:
    node = container
    parts = field.split(".")
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict) and parts[-1] in node:
        return True, _plain(node[parts[-1]])
    return False, None


def _plain(value: Any) -> Any:
    """ruamel's scalars as plain Python values (they are saved in the sidecar as JSON)."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _items(tree: CommentedMap, group: str) -> list[Any]:
    found = tree.get(group)
    return found if isinstance(found, list) else []


def _item(tree: CommentedMap, scope: Scope) -> Any:
    if scope == TOP:
        return tree
    items = _items(tree, scope[0])
    if scope[1] < len(items) and isinstance(items[scope[1]], dict):
        return items[scope[1]]
    return None


# -- writing ------------------------------------------------------------------


def write(
    questionnaire: Questionnaire, answers: Answers, tree: CommentedMap,
    forget: Iterable[str] = (),
) -> CommentedMap:
    """Lay the answers over the tree, in place. A system or flow appears once its
    id is answered; answers taken back (and `forget`) are removed."""
    if "spec" not in tree:
        tree.insert(0, "spec", 1)
    for group in (i for i in questionnaire.items if isinstance(i, Group)):
        _sync_items(tree, group.group, answers)
    for key in [*answers.drafts, *forget]:
        slot = slot_at(questionnaire, key)
        if slot is not None and key not in answers.values:
            _remove(tree, slot)
    view = View(questionnaire, answers.values)
    for key, value in answers.values.items():
        slot = slot_at(questionnaire, key)
        if slot is not None and slot.question.field is not None:
            _set(tree, slot, value, view)
    return tree


def _sync_items(tree: CommentedMap, group: str, answers: Answers) -> None:
    """The list has one item per answered id: new ones appended, dropped ones removed."""
    count = 0
    while f"{group}[{count}].id" in answers.values:
        count += 1
    existing = _items(tree, group)
    if not count and not existing:
        return
    if group not in tree:
        _put(tree, group, CommentedSeq(), _ORDER[""])
    items = tree[group]
    del items[count:]
    while len(items) < count:
        items.append(CommentedMap())


def _set(tree: CommentedMap, slot: Slot, value: Any, view: View) -> None:
    container = _item(tree, slot.scope)
    if container is None:
        return  # an item still without an id lives in the sidecar only
    question = slot.question
    if question.person:
        _set_person(tree, value)
        return
    if question.of is not None:  # about the system the flow's field names
        system = _system_item(tree, view.record(slot.scope).get(question.of))
        if system is not None and question.field:
            _put(system, question.field, value, _ORDER["systems"])
        return
    if question.also:
        values = list(value) if isinstance(value, list | tuple) else [value] * (
            1 + len(question.also))
        for name, item in zip((question.field or "", *question.also), values, strict=False):
            _set_field(container, name, item, slot.scope[0])
        return
    _set_field(container, question.field or "", value, slot.scope[0])


def _set_field(container: Any, field: str, value: Any, group: str) -> None:
    parts = field.split(".")
    order = _ORDER[group]
    for part in parts[:-1]:
        if not isinstance(container.get(part), dict):
            _put(container, part, CommentedMap(), order)
        container, order = container[part], _ORDER.get(part, ())
    _put(container, parts[-1], value, order)


def _set_person(tree: CommentedMap, value: Any) -> None:
    if value is None:
        _put(tree, "answered_by", None, _ORDER[""])
        return
    name, role = parse_person(str(value))
    _put(tree, "answered_by", name, _ORDER[""])
    if not isinstance(tree.get("stakeholders"), list):
        _put(tree, "stakeholders", CommentedSeq(), _ORDER[""])
    people = tree["stakeholders"]
    known = next((p for p in people if isinstance(p, dict) and p.get("name") == name), None)
    if known is None:
        person = CommentedMap([("name", name)] + ([("role", role)] if role else []))
        person.fa.set_flow_style()
        people.append(person)
    elif role and not known.get("role"):
        known["role"] = role


def _remove(tree: CommentedMap, slot: Slot) -> None:
    container = _item(tree, slot.scope)
    if container is None or slot.question.field is None:
        return
    if slot.question.person:
        container.pop("answered_by", None)
        return
    if slot.question.of is not None:
        return  # what was said about a system stays true of it when the flow changes
    for field in (slot.question.field, *slot.question.also):
        parts = field.split(".")
        node = container
        for part in parts[:-1]:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(parts[-1], None)


def _put(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """Set a key; a new key goes where the spec's field order puts it. An unchanged
    value is left alone, so it keeps its style (a folded `>-` block stays one)."""
    if key in mapping and _same(mapping[key], value):
        return
    if key in mapping or key not in order:
        mapping[key] = value
        return
    rank = order.index(key)
    for position, existing in enumerate(mapping):
        if existing in order and order.index(existing) > rank:
            mapping.insert(position, key, value)
            return
    mapping[key] = value


def fingerprint(tree: CommentedMap) -> str:
    """The tree's content as text, to tell cheaply whether an answer changed the spec."""
    return json.dumps(_plain(tree), ensure_ascii=False)


def _same(old: Any, new: Any) -> bool:
    return type(_plain(old)) is type(_plain(new)) and _plain(old) == _plain(new)


def item_index(answers: Answers, group: str, item_id: str) -> int | None:
    """The index of the system or flow with this id."""
    for key, value in answers.values.items():
        scope, question_id = split_key(key)
        if scope[0] == group and question_id == "id" and value == item_id:
            return scope[1]
    return None

