"""What a finding is, and how a rule is declared.

A rule is one small function with a stable code and a severity. Flow rules
look at one flow's facts and return a message (or None); spec rules look at the
whole spec's facts and yield findings. Rules read the facts layer
(mailroom.facts): none works a fact out again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from mailroom.catalog.loading import Catalog
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One thing a check found: what to decide about it, and where."""

    severity: Severity
    code: str
    message: str
    flow: str | None = None
    field: str | None = None

    def as_json(self) -> dict[str, str | None]:
        data = asdict(self)
        return {k: data[k] for k in ("severity", "flow", "field", "code", "message")}


SpecRule = Callable[["SpecFacts"], Iterator[Finding]]
CatalogRule = Callable[["SpecFacts", "Catalog"], Iterator[Finding]]
FlowCheck = Callable[["SpecFacts", "FlowFacts"], str | None]
# A flow rule whose severity grows with what it finds, and which may read what the
# vendors document (the catalog) where the spec's own answer is unknown: it returns the
# finding's severity and message, or None.
GradedCheck = Callable[["SpecFacts", "FlowFacts", "Catalog"], tuple["Severity", str] | None]
RunRule = Callable[["SpecFacts", "Catalog"], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """A check of the registry: its stable code, severity and function (the most severe
    it reports, for a rule whose severity grows with what it finds)."""

    code: str
    severity: Severity
    run: RunRule
    doc: str


RULES: list[Rule] = []
CATALOG_RULES: list[tuple[str, Severity, CatalogRule, str]] = []


def spec_rule(code: str, severity: Severity) -> Callable[[SpecRule], SpecRule]:
    """Register a rule that looks at the whole spec and yields findings."""

    def register(func: SpecRule) -> SpecRule:
        def run(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
            return func(facts)

        RULES.append(Rule(code, severity, run, (func.__doc__ or "").strip()))
        return func

    return register


def flow_rule(code: str, severity: Severity, field: str) -> Callable[[FlowCheck], FlowCheck]:
    """Register a rule about one flow: it returns the message, or None when all is well."""

    def register(check: FlowCheck) -> FlowCheck:
        def run(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
            for flow in facts.flows:
                message = check(facts, flow)
                if message:
                    yield Finding(severity, code, message, flow.id, field)

        RULES.append(Rule(code, severity, run, (check.__doc__ or "").strip()))
        return check

    return register


def graded_rule(code: str, severity: Severity,
                field: str) -> Callable[[GradedCheck], GradedCheck]:
    """Register a rule about one flow whose severity grows with what it finds (up to
    `severity`) and which may read the catalog; its check returns the severity and the
    message, or None when all is well."""

    def register(check: GradedCheck) -> GradedCheck:
        def run(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
            for flow in facts.flows:
                found = check(facts, flow, catalog)
                if found:
                    yield Finding(found[0], code, found[1], flow.id, field)

        RULES.append(Rule(code, severity, run, (check.__doc__ or "").strip()))
        return check

    return register


def catalog_rule(code: str, severity: Severity) -> Callable[[CatalogRule], CatalogRule]:
    """Register a rule that compares the spec with the catalog of known systems."""

    def register(func: CatalogRule) -> CatalogRule:
        CATALOG_RULES.append((code, severity, func, (func.__doc__ or "").strip()))
        return func

    return register
