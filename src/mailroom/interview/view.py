"""A read-only view of the answers so far: what each system and flow holds, the
facts that follow from it (a flow's direction, its sentence), conditions, and
texts with their {placeholders} filled in.

Answers are keyed by where their question sits: `title`, `systems[1].name`,
`flows[0].auth`. None means "don't know yet"; a key that is absent has not been
answered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mailroom.questionnaire.model import (
    FACTS,
    PLACEHOLDER,
    SYSTEM_REFERENCES,
    Group,
    Question,
    Questionnaire,
)

if TYPE_CHECKING:
    from mailroom.interview.vendor_facts import CatalogFacts, Known

Scope = tuple[str, int]  # (group, item index); the top of the spec is ("", 0)
TOP: Scope = ("", 0)
_KEY = re.compile(r"^([a-z_]+)\[(\d+)\]\.([a-z0-9_]+)$")
# A fact depends on these fields of its flow: changing one changes the fact.
_ROLE_INPUTS = ("source", "destination", "mail_person", "mailbox", "direction", "transport",
                "trigger")  # what the roles are stated or inferred from (mailroom.facts.roles)
FACT_INPUTS: dict[str, tuple[str, ...]] = {
    "direction": _ROLE_INPUTS,
    "other_end": _ROLE_INPUTS,
    "sentence": (*_ROLE_INPUTS, "data", "event", "schedule"),
    "catalog_match": ("name",),
    "by_file": ("transport", "mailbox", *_ROLE_INPUTS),
    "sensitive_personal": ("personal_data_kinds",),
    "dated": ("data", "fields"),
    "n": (),
}


class Missing:
    """Not answered (different from None, "don't know yet")."""

    _instance: Missing | None = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING = Missing()


def split_key(key: str) -> tuple[Scope, str]:
    """'flows[0].trigger' -> (('flows', 0), 'trigger'); 'title' -> (TOP, 'title')."""
    match = _KEY.match(key)
    if match is None:
        return TOP, key
    return (match.group(1), int(match.group(2))), match.group(3)


def make_key(scope: Scope, question_id: str) -> str:
    if scope == TOP:
        return question_id
    return f"{scope[0]}[{scope[1]}].{question_id}"


def questions_of(questionnaire: Questionnaire, group: str) -> tuple[Question, ...]:
    if not group:
        return tuple(i for i in questionnaire.items if isinstance(i, Question))
    found = questionnaire.group(group)
    return found.questions if found is not None else ()


class View:
    """The answers as records, one per scope, with facts and texts worked out."""

    def __init__(
        self, questionnaire: Questionnaire, values: Mapping[str, Any],
        catalog: CatalogFacts | None = None,
    ) -> None:
        self.questionnaire = questionnaire
        self.values = values
        self.catalog: CatalogFacts = catalog if catalog is not None else {}
        self._records: dict[Scope, dict[str, Any]] = {}
        self._facts: dict[tuple[Scope, str], Any] = {}

    @cached_property
    def _by_scope(self) -> dict[Scope, dict[str, Any]]:
        scopes: dict[Scope, dict[str, Any]] = {}
        for key, value in self.values.items():
            scope, question_id = split_key(key)
            scopes.setdefault(scope, {})[question_id] = value
        return scopes

    @cached_property
    def _questions(self) -> dict[str, dict[str, Question]]:
        """Per group: question id -> question."""
        groups = [""] + [i.group for i in self.questionnaire.items if isinstance(i, Group)]
        return {group: {q.id: q for q in questions_of(self.questionnaire, group)}
                for group in groups}

    def answers_in(self, scope: Scope) -> dict[str, Any]:
        """Question id -> answer, for one system, one flow or the top."""
        return self._by_scope.get(scope, {})

    def count(self, group: str) -> int:
        """How many items of a group hold at least one answer."""
        indexes = [scope[1] for scope in self._by_scope if scope[0] == group]
        return max(indexes) + 1 if indexes else 0

    def record(self, scope: Scope) -> dict[str, Any]:
        """Field -> answer, for one scope. A question that fills no field (a gate such as
        "answer the details now?") is there under its id; a system's record holds what
        flows asked about it (`of`)."""
        if scope not in self._records:
            record: dict[str, Any] = {}
            questions = self._questions.get(scope[0], {})
            for qid, value in self.answers_in(scope).items():
                question = questions.get(qid)
                if question is None or question.of is not None:
                    continue
                record.update(filled(question, value))
            if scope[0] == "systems":
                for field, value in self._asked_in_flows(record.get("id")).items():
                    record.setdefault(field, value)
            self._records[scope] = record
        return self._records[scope]

    def _asked_in_flows(self, system_id: Any) -> dict[str, Any]:
        """What flows asked about this system (`of` questions), the first flow first."""
        found: dict[str, Any] = {}
        if not isinstance(system_id, str):
            return found
        questions = [q for q in self._questions.get("flows", {}).values() if q.of and q.field]
        for index in range(self.count("flows")):
            scope = ("flows", index)
            answers = self.answers_in(scope)
            names = self.record(scope)
            for question in questions:
                if question.id in answers and names.get(question.of or "") == system_id:
                    found.setdefault(question.field or "", answers[question.id])
        return found

    def asked_elsewhere(self, scope: Scope, question: Question) -> bool:
        """An `of` question whose system's answer is known already, from the system's own
        questions or an earlier flow: it is asked once for each system."""
        system_id = self.record(scope).get(question.of or "")
        if not isinstance(system_id, str) or question.field is None:
            return False
        for index in range(self.count("systems")):
            own = self.answers_in(("systems", index))
            record = self.record(("systems", index))
            if record.get("id") != system_id:
                continue
            questions = self._questions.get("systems", {})
            if any(questions.get(qid) is not None and questions[qid].field == question.field
                   for qid in own):
                return True
        for index in range(scope[1]):
            earlier = ("flows", index)
            if question.id in self.answers_in(earlier) and \
                    self.record(earlier).get(question.of or "") == system_id:
                return True
        return False

    @cached_property
    def systems(self) -> list[tuple[str, str]]:
        """(id, name) of every system that has an id, in order."""
        found = []
        for index in range(self.count("systems")):
            record = self.record(("systems", index))
            system_id = record.get("id")
            if isinstance(system_id, str) and system_id:
                found.append((system_id, record.get("name") or system_id))
        return found

    def label(self, system_id: Any) -> str:
        return next((name for sid, name in self.systems if sid == system_id), str(system_id))

    def lookup(self, scope: Scope, name: str) -> Any:
        """An answer in this scope by field name, or a fact; MISSING if not known."""
        if name in FACTS.get(scope[0], ()):
            key = (scope, name)
            if key not in self._facts:
                self._facts[key] = self._fact(scope, name)
            return self._facts[key]
        if "." in name:  # mail_person.skills: a field of the system a field names
            ref, field = name.split(".", 1)
            if ref in SYSTEM_REFERENCES:
                system_id = self.lookup(scope, ref)
                return self.system_record(system_id).get(field, MISSING)
        return self.record(scope).get(name, MISSING)

    def _fact(self, scope: Scope, name: str) -> Any:
        if name == "n":
            return scope[1] + 1
        if name == "personal_data_travels":  # some flow says its data is personal
            flows = range(self.count("flows"))
            return any(self.record(("flows", i)).get("personal_data") is True for i in flows)
        if name == "scheduled":  # some flow runs on a schedule: its times need a zone
            flows = range(self.count("flows"))
            return any(self.record(("flows", i)).get("trigger") == "schedule" for i in flows)
        if name in ("by_file", "sensitive_personal", "dated"):
            return self._flow_fact(scope, name)
        if name in ("first_system", "last_system"):
            systems = self.systems
            return (systems[0 if name == "first_system" else -1][0] if systems else MISSING)
        if name == "catalog_match":
            typed = self.record(scope).get("name")
            if not isinstance(typed, str) or not typed.strip():
                return MISSING
            from mailroom.interview.vendor_facts import matches

            found = matches(self.catalog, typed)
            return found[0] if found else MISSING
        from mailroom.interview import readback

        value = readback.flow_fact(self.record(scope), self.systems, name)
        return MISSING if value is None else value

    def _flow_fact(self, scope: Scope, name: str) -> Any:
        """Whether the data travels as files (the transport, else the mailbox's way in),
        carries identity, financial or health data, or names a date it takes effect on."""
        record = self.record(scope)
        if name == "sensitive_personal":
            kinds = record.get("personal_data_kinds") or ()
            return any(k in ("identity", "financial", "health") for k in kinds)
        if name == "dated":
            from mailroom.facts.dates import mentions_effective_date

            return mentions_effective_date(record.get("data"), record.get("fields"))
        transport = record.get("transport")
        if transport is None:
            mailbox = self.lookup(scope, "mailbox")
            transport = self.system_record(mailbox).get("interface_kind")
        return transport in ("sftp", "file")

    # -- the catalog -----------------------------------------------------------

    def known(self, scope: Scope, of: str | None = None) -> Known | None:
        """The catalog entry of this system (its `catalog` answer), or, in a flow, of the
        system the field `of` names."""
        record = self.record(scope)
        if of is not None:
            record = self.system_record(record.get(of))
        entry_id = record.get("catalog")
        return self.catalog.get(entry_id) if isinstance(entry_id, str) else None

    def system_record(self, system_id: Any) -> dict[str, Any]:
        """The answers about the system with this id (empty when there is none)."""
        for index in range(self.count("systems")):
            record = self.record(("systems", index))
            if system_id is not None and record.get("id") == system_id:
                return record
        return {}

    # -- conditions -----------------------------------------------------------

    def holds(self, scope: Scope, when: Mapping[str, Any] | None) -> bool:
        """Every entry of the condition is true: `trigger: schedule`, `direction: [push,
        pull]`, `platform: {not: true}`. Not known yet counts as null."""
        if not when:
            return True
        for name, expected in when.items():
            actual = self.lookup(scope, name)
            actual = None if actual is MISSING else actual
            if isinstance(expected, dict):
                if _matches(actual, expected.get("not")):
                    return False
            elif not _matches(actual, expected):
                return False
        return True

    # -- texts ----------------------------------------------------------------

    def render(self, scope: Scope, text: str, extra: Mapping[str, Any] | None = None) -> str:
        """The text with its placeholders filled; what is not known yet is named
        in words ("the source")."""
        return PLACEHOLDER.sub(lambda m: self._fill(scope, m, extra, strict=False) or "", text)

    def render_strict(
        self, scope: Scope, text: str, extra: Mapping[str, Any] | None = None
    ) -> str | None:
        """The text with its placeholders filled, or None if one is not known."""
        unknown = False

        def fill(match: re.Match[str]) -> str:
            nonlocal unknown
            value = self._fill(scope, match, extra, strict=True)
            if value is None:
                unknown = True
                return ""
            return value

        result = PLACEHOLDER.sub(fill, text)
        return None if unknown else result

    def _fill(
        self, scope: Scope, match: re.Match[str], extra: Mapping[str, Any] | None, *, strict: bool
    ) -> str | None:
        ref, filter_ = match.group(1), match.group(2)
        wants_name = ref.endswith(".name") and ref[:-5] in SYSTEM_REFERENCES
        base = ref[:-5] if wants_name else ref
        value = extra[base] if extra and base in extra else self.lookup(scope, base)
        if value is MISSING or value is None or value == "":
            return None if strict else _words(base, scope)
        text = self.label(value) if wants_name else _show(value)
        if filter_ == "slug":
            from mailroom.checks.structure import suggest_id

            text = suggest_id(text)
        return text


def filled(question: Question, value: Any) -> dict[str, Any]:
    """The fields one answer fills: its field (or, filling none, its id), and with `also`
    the others, from a list answer (None: all not known)."""
    if question.field is None:
        return {} if question.id == "another" else {question.id: value}
    if not question.also:
        return {question.field: value}
    fields = (question.field, *question.also)
    values = list(value) if isinstance(value, list | tuple) else [value] * len(fields)
    return dict(zip(fields, values + [None] * (len(fields) - len(values)), strict=False))


def _matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return any(_matches(actual, item) for item in expected)
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    return bool(actual == expected)


def _words(name: str, scope: Scope) -> str:
    """How to say an answer that is not known yet."""
    if name == "name" and scope[0] == "systems":
        return f"system {scope[1] + 1}"
    return "the " + name.replace("_", " ").replace(".", " ")


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
