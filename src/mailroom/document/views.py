"""The document as view objects: everything the templates show, prepared from the
spec's facts (mailroom.facts) and the findings of `mailroom check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mailroom import __version__
from mailroom.checks import Finding, run_checks, with_catalog
from mailroom.checks.open_questions import CODE as OPEN_QUESTION
from mailroom.diagrams import Diagram, context_diagram, flow_sequence, middle_sequence
from mailroom.document.flows import FlowView, flow_heading, flow_view
from mailroom.document.markdown import slug
from mailroom.document.parts import (
    Asks,
    DiagramView,
    Fact,
    FindingView,
    Question,
    file_part,
)
from mailroom.document.protection import TITLE as PROTECTION
from mailroom.document.protection import ProtectionSummary, protection_summary
from mailroom.document.risks import build_risks, runtime_risks
from mailroom.document.systems import (
    Responsibility,
    SystemView,
    interface_notes,
    responsibilities,
    system_views,
)
from mailroom.document.unknown import NOT_DECIDED
from mailroom.document.vendor_facts import vendor_topic
from mailroom.spec.meanings import GLOSSARY

if TYPE_CHECKING:
    from mailroom.catalog.loading import Catalog
    from mailroom.facts.spec_facts import SpecFacts


@dataclass(frozen=True)
class QuestionGroup:
    """Open questions that go together: the whole spec's, or one flow's."""

    title: str
    anchor: str | None  # the flow section it belongs to
    questions: list[Question]


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one severity, in words: each with the flow it is about (None: the
    whole integration)."""

    title: str
    findings: list[tuple[FindingView, FlowView | None]]


# The findings section's groups, most serious first.
FINDING_GROUPS = (
    ("error", "Errors: to resolve before signing"),
    ("warning", "Warnings: risks to accept, or to design away"),
    ("info", "Notes"),
)


@dataclass(frozen=True)
class Stakeholder:
    """A person who answered, for the sign-off table."""

    name: str
    role: str
    organisation: str


@dataclass
class DocumentView:
    """The whole document, ready for the templates."""

    title: str
    date: str
    status: str
    source: str  # the spec file's name
    generator: str
    why: str | None
    why_questions: list[Question]
    sentences: list[tuple[FlowView, str]]
    middles: list[str]
    context: DiagramView
    middle_diagrams: list[DiagramView]
    systems: list[SystemView]
    interfaces: list[str]
    system_questions: list[Question]
    flows: list[FlowView]
    responsibilities: list[tuple[FlowView, list[Responsibility]]]
    responsibilities_ask: str | None  # where it is asked, when no flow has rows yet
    protection: ProtectionSummary  # personal data across the flows
    build_risks: list[str]
    runtime_risks: list[str]
    findings: list[FindingView]
    finding_groups: list[FindingGroup]
    question_groups: list[QuestionGroup]
    stakeholders: list[Stakeholder]
    stakeholder_questions: list[Question]
    signatories: list[Fact]  # who signs (value) for whom (label), besides the stakeholders
    signature_rows: list[tuple[Fact, str]]  # the sign-off table: who, and as what
    glossary: list[Fact]
    flows_ask: str | None = None  # where the document asks for flows, while it has none
    not_decided: str = NOT_DECIDED
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Diagrams:
    """The diagrams a spec's document holds, before they are drawn."""

    context: Diagram
    flows: list[Diagram | None]  # by flow, in order; None when roles are not decided
    middles: list[Diagram]

    def all(self) -> list[Diagram]:
        return [self.context, *[d for d in self.flows if d], *self.middles]


def plan_diagrams(facts: SpecFacts) -> Diagrams:
    flows = [flow_sequence(facts, flow, f"flow{flow.number}-{file_part(flow.id)}")
             for flow in facts.flows]
    middles = [middle_sequence(facts, m, f"middle-{file_part(m.system)}") for m in facts.middles]
    return Diagrams(context_diagram(facts), flows, [m for m in middles if m])


def document_view(
    facts: SpecFacts, *, source: str, date: str, diagrams: Diagrams, files: dict[str, str],
    catalog: Catalog | None = None,
) -> DocumentView:
    """`files` names the SVG file of every diagram that was drawn; `catalog` is what the
    vendors document (mailroom's own entries when None)."""
    spec = facts.spec
    catalog, facts = with_catalog(spec, catalog, facts)
    findings = run_checks(spec, catalog, facts)
    questions = _number_questions(facts, findings)
    other = [FindingView.of(f) for f in findings if f.code != OPEN_QUESTION]
    asks = Asks(questions, other, facts.documented)

    def view(diagram: Diagram) -> DiagramView:
        return DiagramView(diagram.name, diagram.title, files.get(diagram.name), diagram.dot,
                           diagram.mermaid)

    flows = [
        flow_view(facts, flow, [q for q in questions if q.flow == flow.id],
                  [f for f in other if f.flow == flow.id],
                  view(diagram) if diagram else None, asks)
        for flow, diagram in zip(facts.flows, diagrams.flows, strict=True)
    ]
    for flow_facts, shown in zip(facts.flows, flows, strict=True):
        documented = vendor_topic(facts, flow_facts, catalog)
        if documented is not None:
            shown.topics.append(documented)
    general = [q for q in questions if q.flow not in {f.id for f in spec.flows}]
    return DocumentView(
        title=spec.title or "Integration requirements (title not decided yet)",
        date=date,
        status=_status(findings),
        source=source,
        generator=f"mailroom {__version__}",
        why=spec.why,
        why_questions=[q for q in general if q.field in ("why", "title")],
        sentences=[(f, f.sentence_with_roles) for f in flows],
        middles=list(facts.middle_sentences),
        context=view(diagrams.context),
        middle_diagrams=[view(d) for d in diagrams.middles],
        systems=system_views(facts, asks),
        interfaces=interface_notes(facts, asks),
        system_questions=[q for q in general if (q.field or "").startswith("systems")
                          or q.field == "flows"],
        flows=flows,
        responsibilities=[(view, rows) for view, rows in zip(
            flows, [responsibilities(facts, f, asks) for f in facts.flows], strict=True)
            if rows],
        responsibilities_ask=asks.first_flow_ask("mail_person", "source", "destination"),
        protection=protection_summary([(f.number, f.anchor, t) for f in flows
                                       for t in f.topics if t.title == PROTECTION]),
        build_risks=build_risks(facts, asks),
        runtime_risks=runtime_risks(facts, asks),
        findings=other,
        finding_groups=_finding_groups(other, flows),
        question_groups=_question_groups(facts, questions),
        stakeholders=[Stakeholder(s.name or NOT_DECIDED, s.role or "", s.organisation or "")
                      for s in spec.stakeholders],
        stakeholder_questions=[q for q in general if q.field == "stakeholders"],
        signatories=(signatories := [asks.fact(s.signs_for, s.name, None, s.field)
                                     for s in facts.signatories]),
        signature_rows=_signature_rows(spec.stakeholders, signatories),
        glossary=[Fact(term, text) for term, text in GLOSSARY],
        counts=_counts(findings),
        flows_ask=asks(None, "flows"),
    )


def _signature_rows(stakeholders: Sequence[Any], signatories: list[Fact]
                    ) -> list[tuple[Fact, str]]:
    """One row per person who signs: a stakeholder who also signs for a system's owner or
    for data protection ("Ingrid Solberg (HR operations lead)" is the stakeholder Ingrid
    Solberg) signs once, for both."""
    rows: list[tuple[Fact, str]] = [(Fact("Name", s.name or NOT_DECIDED), s.role or "")
                                    for s in stakeholders]
    for signatory in signatories:
        who = signatory.value
        same = next((n for n, (person, _) in enumerate(rows) if who and person.value and (
            who == person.value or who.startswith(f"{person.value} ("))), None)
        if same is None:
            rows.append((signatory, signatory.label))
        else:
            person, role = rows[same]
            rows[same] = (person, f"{role}; for {signatory.label}" if role else signatory.label)
    return rows


def _number_questions(facts: SpecFacts, findings: list[Finding]) -> list[Question]:
    """Open questions numbered in the order the Open questions section lists them."""
    flow_ids = [f.id for f in facts.flows]
    asked = [f for f in findings if f.code == OPEN_QUESTION]
    ordered = [f for f in asked if f.flow not in flow_ids]
    ordered += [f for flow_id in flow_ids for f in asked if f.flow == flow_id]
    return [Question(n, f.message, f.field, f.flow) for n, f in enumerate(ordered, start=1)]


def _question_groups(facts: SpecFacts, questions: list[Question]) -> list[QuestionGroup]:
    groups = []
    general = [q for q in questions if q.flow not in {f.id for f in facts.flows}]
    if general:
        groups.append(QuestionGroup("The whole integration", None, general))
    for flow in facts.flows:
        asked = [q for q in questions if q.flow == flow.id]
        if asked:
            heading = flow_heading(facts, flow)
            groups.append(QuestionGroup(heading, slug(heading), asked))
    return groups


def _finding_groups(findings: list[FindingView], flows: list[FlowView]) -> list[FindingGroup]:
    by_id = {f.id: f for f in flows}
    groups = []
    for severity, title in FINDING_GROUPS:
        found = [(f, by_id.get(f.flow or "")) for f in findings if f.severity == severity]
        if found:
            groups.append(FindingGroup(title, found))
    return groups


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "notes": sum(f.severity == "info" and f.code != OPEN_QUESTION for f in findings),
        "questions": sum(f.code == OPEN_QUESTION for f in findings),
    }


def _status(findings: list[Finding]) -> str:
    counts = _counts(findings)
    parts = []
    if counts["errors"]:
        parts.append(_plural(counts["errors"], "error") + " to resolve")
    if counts["questions"]:
        parts.append(_plural(counts["questions"], "open question"))
    if parts:
        return "Draft: " + " and ".join(parts)
    if counts["warnings"]:
        return f"Ready for sign-off, with {_plural(counts['warnings'], 'risk')} to accept"
    return "Ready for sign-off"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")

