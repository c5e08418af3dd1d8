"""`facts_of(spec)`: everything the outputs say about a spec, worked out once.

One pure function of the spec, complete or partial, handed to every consumer: the
checks, the document's views, the diagrams, the brief, the stub's plan, simulate's
scenarios and the interview's read-back. A consumer that worked a fact out again
would one day disagree with the others, and the reader would meet a document that
contradicts itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from mailroom.facts.documented import Documented, documented_answers
from mailroom.facts.flows import FlowFacts, flow_facts
from mailroom.facts.loops import TwoWay, two_ways
from mailroom.facts.middle import Middle, middle_sentence, middles_of
from mailroom.facts.questions import Question, open_questions
from mailroom.facts.signatures import Signatory, signatories_of
from mailroom.facts.systems import SystemFacts, system_facts

if TYPE_CHECKING:
    from mailroom.catalog.loading import Catalog
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
    # What the catalog's vendors document that answers a question the spec leaves open:
    # known, so stated with its page instead of asked (facts/documented.py).
    documented: tuple[Documented, ...] = ()
    # The catalog entries the facts were worked out with (None: no catalog).
    catalog: Catalog | None = field(default=None, compare=False, repr=False)

    def flow(self, flow_id: str | None) -> FlowFacts | None:
        return next((f for f in self.flows if f.id == flow_id), None)

    def system(self, system_id: str | None) -> SystemFacts | None:
        return next((s for s in self.systems if s.id == system_id), None)

    def label(self, system_id: str | None) -> str:
        return self.spec.label(system_id)

    def question(self, flow: str | None, field: str) -> Question | None:
        return next((q for q in self.questions if q.flow == flow and q.field == field), None)

    def documented_answer(self, flow: str | None, field: str) -> Documented | None:
        """The vendor's documented answer to what the spec leaves open, if there is one."""
        return next((d for d in self.documented if d.flow == flow and d.field == field), None)


def facts_of(spec: Spec, catalog: Catalog | None = None) -> SpecFacts:
    """`catalog`: the entries of the spec's systems (catalog.loading.load_catalog); what
    their vendors document answers the questions the spec leaves open. Without it, every
    unknown is asked."""
    flows = [flow_facts(spec, flow, n) for n, flow in enumerate(spec.flows, start=1)]
    roles = {f.id: f.roles for f in flows}
    middles = middles_of(spec, roles)
    legs = {flow_id: m.system for m in middles for flow_id in (*m.inbound, *m.outbound)}
    flows = [replace(f, middle=legs.get(f.id)) for f in flows]
    systems = [system_facts(s, flows, middles) for s in spec.systems]
    signatories = signatories_of(spec, systems, flows)
    documented = documented_answers(spec, systems, flows, catalog)
    answered = {(d.flow, d.field) for d in documented}
    questions = [q for q in open_questions(spec, systems, flows, signatories)
                 if (q.flow, q.field) not in answered]
    return SpecFacts(
        spec=spec,
        flows=tuple(flows),
        systems=tuple(systems),
        middles=tuple(middles),
        middle_sentences=tuple(middle_sentence(spec, m, roles) for m in middles),
        questions=tuple(questions),
        two_ways=tuple(two_ways(spec.flows)),
        signatories=signatories,
        documented=tuple(documented),
        catalog=catalog,
    )
