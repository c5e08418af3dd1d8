"""Who must agree to the document: a requirements document is worth what its signatures are
worth (issue "Schedules, dates, files and signatures as people say them").

Besides the people interviewed (the stakeholders), one signature for each system's owner
(the team or organisation that keeps it running; for a system another organisation runs
and that receives data, that receiving organisation), and, where personal data travels, a
data-protection contact. Who signs is each system's own answer (`signatory`) and the
spec's (`data_protection_contact`); an unknown signatory is an open question
(questions.py), never filled in with the person who answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.facts.grammar import possessive

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.systems import SystemFacts
    from mailroom.spec.model import Spec

DATA_PROTECTION_FIELD = "data_protection_contact"


@dataclass(frozen=True)
class Signatory:
    """One signature the document needs: for whom it is given, who gives it (None: not
    decided yet), the spec field that says who, and the question that asks it."""

    signs_for: str  # "HR operations, which runs Workday", "data protection"
    name: str | None
    field: str  # "systems.<id>.signatory" or "data_protection_contact"
    question: str


def signatories_of(spec: Spec, systems: Sequence[SystemFacts],
                   flows: Sequence[FlowFacts]) -> tuple[Signatory, ...]:
    """One per system that takes part (a system in no flow signs for nothing), then the
    data-protection contact where any flow carries personal data."""
    found = [_for_system(s, flows) for s in systems if not s.unused]
    if any(f.personal is not None for f in flows):
        found.append(Signatory(
            "Data protection", spec.data_protection_contact or None, DATA_PROTECTION_FIELD,
            "Personal data travels in this integration: who must agree to it for data "
            "protection (a data-protection officer or contact)?"))
    return tuple(found)


def _for_system(facts: SystemFacts, flows: Sequence[FlowFacts]) -> Signatory:
    system, name = facts.system, facts.label
    receives = system.third_party is True and any(
        f.flow.destination == system.id for f in flows)
    if receives:
        who = (f"{system.owner}, the organisation that runs {name} and receives the data"
               if system.owner else f"the organisation that runs {name} and receives the data")
    elif system.owner:
        who = f"{system.owner}, which runs {name}"
    else:
        who = f"{possessive(name)} owner"
    question = (f"Who must agree to this document for {who}? A name and role."
                if system.owner or receives else
                f"Who must agree to this document for {possessive(name)} owner (the team or "
                "organisation that keeps it running)? A name and role.")
    return Signatory(who, system.signatory or None, f"systems.{system.id}.signatory", question)
