"""`mailroom check`: every rule the domain articles teach, run over one spec's facts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks import (
    capability,
    catalog_facts,
    open_questions,
    patterns,
    roles,
    safety,
    structure,
    timing,
    topology,
)
from mailroom.checks.registry import CATALOG_RULES, RULES, SEVERITY_ORDER, Finding, Rule
from mailroom.errors import MailroomError
from mailroom.facts.spec_facts import SpecFacts, facts_of

if TYPE_CHECKING:
    from pathlib import Path

    from mailroom.catalog.loading import Catalog
    from mailroom.spec.model import Spec

__all__ = ["RULES", "Finding", "Rule", "check_file", "findings_of_file", "has_errors",
           "run_checks"]
_RULE_MODULES = (structure, roles, timing, capability, patterns, safety, topology,
                 catalog_facts, open_questions)


def run_checks(
    spec: Spec, catalog: Catalog | None = None, facts: SpecFacts | None = None
) -> list[Finding]:
    """All findings, errors first, then in the spec's flow order.

    `facts` are the spec's (facts_of(spec)) when the caller has them already. Without a
    catalog, the packaged one (and MAILROOM_CATALOG's folder) is read for the systems
    this spec names.
    """
    catalog, facts = with_catalog(spec, catalog, facts)
    findings = [finding for rule in RULES for finding in rule.run(facts, catalog)]
    findings += [f for _, _, rule, _ in CATALOG_RULES for f in rule(facts, catalog)]
    flow_order = {flow.id: index for index, flow in enumerate(spec.flows)}
    return sorted(
        findings,
        key=lambda f: (
            -1 if f.flow is None else flow_order.get(f.flow, len(flow_order)),
            SEVERITY_ORDER[f.severity],
            f.code == open_questions.CODE,  # what is found first, then what is still open
        ),
    )


def with_catalog(
    spec: Spec, catalog: Catalog | None = None, facts: SpecFacts | None = None
) -> tuple[Catalog, SpecFacts]:
    """The catalog (the packaged one, and MAILROOM_CATALOG's folder, for the systems this
    spec names, when none is given) and the spec's facts worked out with it: what the
    vendors document is known, not asked, in every output alike."""
    if catalog is None:
        from mailroom.catalog.loading import entry_ids, load_catalog

        catalog = load_catalog(ids=entry_ids(spec))
    if facts is None or facts.catalog is not catalog:
        facts = facts_of(spec, catalog)
    return catalog, facts


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def check_file(
    path: str, output: str = "text", catalog: str | Path | None = None,
    cache: Path | None = None,
) -> tuple[str, bool]:
    """The report on one spec file, and whether it holds an error finding.

    Raises MailroomError (exit 2) when the file cannot be read or is not a spec; for
    `json`, its `stdout` is then `{"errors": [...]}` (spec/problems.py).
    """
    from mailroom.checks import report

    try:
        name, facts, findings = findings_of_file(path, catalog, cache)
    except MailroomError as exc:
        if output == "json":
            from mailroom.spec.problems import errors_json

            exc.stdout = errors_json([(path, exc)])
        raise
    if output == "json":
        text = report.as_json(findings) + "\n"
    else:
        text = report.as_text(facts, findings, name)
    return text, has_errors(findings)


def findings_of_file(
    path: str, catalog: str | Path | None = None, cache: Path | None = None,
) -> tuple[str, SpecFacts, list[Finding]]:
    """One spec file read, with the catalog entries it names: its name as reported, its
    facts and its findings. MailroomError (exit 2) when it cannot be read."""
    from mailroom.catalog.loading import entry_ids, load_catalog
    from mailroom.spec.reading import load_spec

    loaded = load_spec(path, cache)
    entries = load_catalog(catalog, ids=entry_ids(loaded.spec), cache=cache)
    facts = facts_of(loaded.spec, entries)
    return loaded.name, facts, run_checks(loaded.spec, entries, facts)
