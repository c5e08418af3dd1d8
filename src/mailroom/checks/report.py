"""Findings for people (grouped by flow, each with what to decide) and for programs (JSON)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from mailroom.checks.open_questions import CODE as OPEN_QUESTION
from mailroom.checks.registry import Finding
from mailroom.printable import fill

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts

WIDTH = 88
_LABELS = {"error": "error", "warning": "warning", "info": "note"}


def as_json(findings: Iterable[Finding]) -> str:
    return json.dumps({"findings": [f.as_json() for f in findings]}, indent=2, ensure_ascii=False)


def as_text(facts: SpecFacts, findings: list[Finding], name: str) -> str:
    spec = facts.spec
    lines = [f"{name}: {spec.title or '(untitled spec)'}", ""]
    general = [f for f in findings if f.flow is None or f.flow not in {x.id for x in spec.flows}]
    if general or facts.middle_sentences:
        lines.append("The whole spec")
        lines += [_wrap(text, "  ") for text in facts.middle_sentences]
        lines += [_finding(f) for f in general]
        lines.append("")
    for flow in facts.flows:
        lines.append(f"Flow {flow.id}")
        lines.append(_wrap(flow.sentence, "  "))
        lines += [_finding(f) for f in findings if f.flow == flow.id]
        lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def summary(findings: list[Finding]) -> str:
    counts = {
        "error": sum(f.severity == "error" for f in findings),
        "warning": sum(f.severity == "warning" for f in findings),
        "note": sum(f.severity == "info" and f.code != OPEN_QUESTION for f in findings),
        "open question": sum(f.code == OPEN_QUESTION for f in findings),
    }
    parts = [_plural(n, word) for word, n in counts.items() if n]
    if not parts:
        return "No problems and no open questions."
    return ", ".join(parts) + "."


def _finding(finding: Finding) -> str:
    if finding.code == OPEN_QUESTION:
        return _wrap(finding.message, "      ", f"  ? {finding.field}: ")
    head = f"  {_LABELS[finding.severity]} [{finding.code}] {finding.field or ''}".rstrip()
    return head + "\n" + _wrap(finding.message, "      ")


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return fill(text, WIDTH, initial_indent=first if first is not None else indent,
                subsequent_indent=indent)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")
