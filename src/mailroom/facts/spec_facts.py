"""`facts_of(spec)`: everything the outputs say about a spec, worked out once.

One pure function of the spec, complete or partial, handed to every consumer: the
checks, the document's views, the diagrams, the brief, the stub's plan, simulate's
scenarios and the interview's read-back. A consumer that worked a fact out again
would one day disagree with the others, and the reader would meet a document that
contradicts itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mailroom.facts.flows import FlowFacts, flow_facts
from mailroom.facts.loops import TwoWay, two_ways
from mailroom.facts.middle import Middle, middle_sentence, middles_of
from mailroom.facts.questions import Question, open_questions
from mailroom.facts.signatures import Signatory, signatories_of
from mailroom.facts.systems import SystemFacts, system_facts

if TYPE_CHECKING:
    from mailroom.spec.model import Spec


@dataclass(frozen=True)
class SpecFacts:
    spec: Spec
    flows: tuple[FlowFacts, ...]
    systems: tuple[SystemFacts, ...]
    middles: tuple[Middle, ...]
    middle_sentences: tuple[str, ...]  # "OpenFn is a platform in the middle: it …"
    questions: tuple[Question, ...]  # every open question, in the order they are listed
    two_ways: tuple[TwoWay, ...] = ()  # the same data moved both ways between two systems
    signatories: tuple[Signatory, ...] = ()  # who must agree, besides the stakeholders

    def flow(self, flow_id: str | None) -> FlowFacts | None:
        return next((f for f in self.flows if f.id == flow_id), None)

    def system(self, system_id: str | None) -> SystemFacts | None:
        return next((s for s in self.systems if s.id == system_id), None)

    def label(self, system_id: str | None) -> str:
        return self.spec.label(system_id)

    def question(self, flow: str | None, field: str) -> Question | None:
        return next((q for q in self.questions if q.flow == flow and q.field == field), None)


def facts_of(spec: Spec) -> SpecFacts:
    flows = [flow_facts(spec, flow, n) for n, flow in enumerate(spec.flows, start=1)]
    roles = {f.id: f.roles for f in flows}
    middles = middles_of(spec, roles)
    legs = {flow_id: m.system for m in middles for flow_id in (*m.inbound, *m.outbound)}
    flows = [replace(f, middle=legs.get(f.id)) for f in flows]
    systems = [system_facts(s, flows, middles) for s in spec.systems]
    signatories = signatories_of(spec, systems, flows)
    return SpecFacts(
        spec=spec,
        flows=tuple(flows),
        systems=tuple(systems),
        middles=tuple(middles),
        middle_sentences=tuple(middle_sentence(spec, m, roles) for m in middles),
        questions=tuple(open_questions(spec, systems, flows, signatories)),
        two_ways=tuple(two_ways(spec.flows)),
        signatories=signatories,
    )
