"""`mailroom check`: every rule the domain articles teach, run over one spec."""

from __future__ import annotations

from mailroom.checks import capability, open_questions, roles, safety, structure, timing
from mailroom.checks.registry import RULES, SEVERITY_ORDER, Finding, Rule
from mailroom.model import Spec

__all__ = ["RULES", "Finding", "Rule", "check_file", "has_errors", "run_checks"]
_RULE_MODULES = (structure, roles, timing, capability, safety, open_questions)


def run_checks(spec: Spec) -> list[Finding]:
    """All findings, errors first, then in the spec's flow order."""
    findings = [finding for rule in RULES for finding in rule.run(spec)]
    findings = _drop_answered_questions(findings)
    flow_order = {flow.id: index for index, flow in enumerate(spec.flows)}
    return sorted(
        findings,
        key=lambda f: (
            -1 if f.flow is None else flow_order.get(f.flow, len(flow_order)),
            SEVERITY_ORDER[f.severity],
        ),
    )


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def _drop_answered_questions(findings: list[Finding]) -> list[Finding]:
    """A plain open question is dropped where a sharper finding already covers its field."""
    sharper = {(f.flow, f.field) for f in findings if f.code != open_questions.CODE}
    return [
        f for f in findings if f.code != open_questions.CODE or (f.flow, f.field) not in sharper
    ]


def check_file(path: str, output: str = "text") -> tuple[str, bool]:
    """The report on one spec file, and whether it holds an error finding.

    Raises MailroomError (exit 2) when the file cannot be read or is not a spec.
    """
    from mailroom.checks import report
    from mailroom.specfile import load_spec

    loaded = load_spec(path)
    findings = run_checks(loaded.spec)
    if output == "json":
        text = report.as_json(findings) + "\n"
    else:
        text = report.as_text(loaded.spec, findings, loaded.name)
    return text, has_errors(findings)
