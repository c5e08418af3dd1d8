"""`mailroom compare`: the same integration as several stakeholders described it.

Two people who mean different sentences must be shown the difference: every
field on which they disagree, who said what, and each side's sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailroom.errors import MailroomError
from mailroom.facts.spec_facts import facts_of
from mailroom.printable import fill
from mailroom.spec.reading import LoadedSpec, load_spec
from mailroom.spec.records import as_data

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

SPEC_FIELDS = ("title", "why", "our_system")
SYSTEM_REFERENCES = ("source", "destination", "mail_person", "mailbox", "business_logic")
SYSTEM_FIELDS = ("name", "kind", "api", "events", "skills", "platform", "third_party")
Answer = Any


@dataclass
class Conflict:
    flow: str | None
    field: str
    answers: dict[str, Answer]

    def as_json(self) -> dict[str, Any]:
        return {"flow": self.flow, "field": self.field, "answers": self.answers}


@dataclass
class Comparison:
    sides: dict[str, Spec]  # label -> spec, in the order given
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        return not self.conflicts


def compare_files(
    paths: list[str], output: str = "text", cache: Path | None = None
) -> tuple[str, bool]:
    """The comparison report, and whether the specs agree."""
    if len(paths) < 2:
        raise MailroomError("compare needs at least two spec files, one per stakeholder")
    comparison = compare_specs(_labelled(_load_all(paths, output, cache)))
    if output == "json":
        report = {"conflicts": [c.as_json() for c in comparison.conflicts]}
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n", comparison.agree
    return as_text(comparison), comparison.agree


def _load_all(paths: list[str], output: str, cache: Path | None) -> list[LoadedSpec]:
    """Every spec, or one MailroomError naming the problems of every file that cannot be
    read (for `json`, with `{"errors": [...]}` as its stdout)."""
    loaded, failures = [], []
    for path in paths:
        try:
            loaded.append(load_spec(path, cache))
        except MailroomError as exc:
            failures.append((path, exc))
    if not failures:
        return loaded
    error = MailroomError("\n".join(line for _, exc in failures for line in exc.lines))
    if output == "json":
        from mailroom.spec.problems import errors_json

        error.stdout = errors_json(failures)
    raise error


def _labelled(loaded: list[LoadedSpec]) -> dict[str, Spec]:
    names = [label_of(item) for item in loaded]
    sides = {}
    for item, name in zip(loaded, names, strict=True):
        # Two files by the same person: the file name tells them apart.
        if names.count(name) > 1:
            name = f"{name} ({item.name})"
        sides[name] = item.spec
    return sides


def label_of(loaded: LoadedSpec) -> str:
    """Who answered: `answered_by`, else the only stakeholder, else the file name."""
    spec = loaded.spec
    if spec.answered_by:
        return spec.answered_by
    named = [s.name for s in spec.stakeholders if s.name]
    if len(named) == 1:
        return named[0]
    return Path(loaded.name).name


def compare_specs(sides: dict[str, Spec]) -> Comparison:
    comparison = Comparison(sides)
    for name in SPEC_FIELDS:
        _add(comparison, None, name, {k: getattr(s, name) for k, s in sides.items()})
    for system_id in _ids(s.systems for s in sides.values()):
        for name in SYSTEM_FIELDS:
            answers = {k: _attr(s.system(system_id), name) for k, s in sides.items()}
            _add(comparison, None, f"systems.{system_id}.{name}", answers)
    for flow_id in _ids(s.flows for s in sides.values()):
        flows = {k: _flow(s, flow_id) for k, s in sides.items()}
        if any(f is None for f in flows.values()):
            answers = {k: f is not None for k, f in flows.items()}
            comparison.conflicts.append(Conflict(flow_id, "present", answers))
            continue
        for name in vars(next(iter(flows.values()))):  # every field, as the model orders them
            if name in ("id", "auth"):
                continue
            answers = {k: as_data(getattr(f, name)) for k, f in flows.items()}
            if name == "fields":
                _add_fields(comparison, flow_id, answers)
            else:
                _add(comparison, flow_id, name, answers)
        auth = {k: (f.auth.method if f and f.auth else None) for k, f in flows.items()}
        _add(comparison, flow_id, "auth.method", auth)
    return comparison


def _add_fields(comparison: Comparison, flow: str, answers: dict[str, Any]) -> None:
    """The data field by field, matched by name: `fields.email.destination_field`. A field
    one of them lists and another, who lists fields too, does not: `fields.email`."""
    listed = {k: {str(f.get("source_field") or f.get("name")): f for f in v}
              for k, v in answers.items() if isinstance(v, list)}
    names = [n for fields in listed.values() for n in fields]
    for name in dict.fromkeys(names):
        if len(listed) > 1 and not all(name in fields for fields in listed.values()):
            _add(comparison, flow, f"fields.{name}",
                 {k: name in fields for k, fields in listed.items()})
            continue
        for part in ("destination_field", "transform", "personal"):
            _add(comparison, flow, f"fields.{name}.{part}",
                 {k: fields[name].get(part) for k, fields in listed.items() if name in fields})


def _add(comparison: Comparison, flow: str | None, name: str, answers: dict[str, Answer]) -> None:
    """A conflict is two different known answers; "don't know" disagrees with no one."""
    known = {_normal(v) for v in answers.values() if v is not None}
    if len(known) > 1:
        comparison.conflicts.append(Conflict(flow, name, answers))


def _normal(value: Answer) -> Answer:
    if isinstance(value, str):
        return " ".join(value.lower().split()).rstrip(".")
    if isinstance(value, list):  # personal_fields, or the fields one by one
        return tuple(_normal(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _normal(item)) for key, item in value.items()))
    return value


def _ids(groups: Any) -> list[str]:
    seen: list[str] = []
    for group in groups:
        for item in group:
            if item.id not in seen:
                seen.append(item.id)
    return seen


def _flow(spec: Spec, flow_id: str) -> Flow | None:
    return next((f for f in spec.flows if f.id == flow_id), None)


def _attr(obj: Any, name: str) -> Answer:
    return getattr(obj, name) if obj is not None else None


# -- text ---------------------------------------------------------------------


def as_text(comparison: Comparison) -> str:
    sides = comparison.sides
    names = list(sides)
    if comparison.agree:
        return f"{_join(names)} agree on every answer they both gave.\n"
    lines = [f"{_join(names)} disagree on {_count(len(comparison.conflicts), 'answer')}.", ""]
    general = [c for c in comparison.conflicts if c.flow is None]
    if general:
        lines.append("The whole spec")
        lines += [line for c in general for line in _conflict_lines(c, sides)]
        lines.append("")
    for flow_id in dict.fromkeys(c.flow for c in comparison.conflicts if c.flow is not None):
        assert flow_id is not None
        lines.append(f"Flow {flow_id}")
        lines.append("  As each of them reads it:")
        for name, spec in sides.items():
            flow = facts_of(spec).flow(flow_id)
            said = flow.sentence if flow else "(this flow is not in their spec)"
            lines.append(fill(said, 88, initial_indent=f"    {name}: ",
                              subsequent_indent="      ", break_on_hyphens=True))
        lines += [line for c in comparison.conflicts if c.flow == flow_id
                  for line in _conflict_lines(c, sides)]
        lines.append("")
    lines.append("Settle these answers together before estimates are made.")
    return "\n".join(lines) + "\n"


def _conflict_lines(conflict: Conflict, sides: dict[str, Spec]) -> list[str]:
    lines = [f"  {conflict.field}:"]
    for name, value in conflict.answers.items():
        if conflict.field in SYSTEM_REFERENCES and isinstance(value, str):
            value = sides[name].label(value)  # "NetSuite", as people say it
        lines.append(fill(_show(value), 88, initial_indent=f"    {name}: ",
                          subsequent_indent="      ", break_on_hyphens=True))
    return lines


def _show(value: Answer) -> str:
    if value is None:
        return "(don't know)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
