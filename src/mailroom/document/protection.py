"""Data protection: flow by flow (each flow's Personal data topic) and across the flows (the
document's Data protection section): which fields are personal, whether the data reaches
another organisation, what covers it there and where it is kept, and whether each
movement carries only what changed ("only the data that is needed should travel").

Everything is read off the facts layer (`FlowFacts.personal`): the receiver is the
flow's destination, a platform in the middle like any other; whether another
organisation holds its data is that system's own answer. Nothing is filled in: an
unknown says where it is asked, or that the spec does not record it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.document.data import sends_fact
from mailroom.document.parts import NOT_RECORDED, Asks, Fact, Topic, yes_no
from mailroom.facts.grammar import join
from mailroom.facts.privacy import KIND_WORDS
from mailroom.spec.meanings import AGREEMENT_WORDS

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.privacy import PersonalData
    from mailroom.facts.spec_facts import SpecFacts

Built = tuple[list[Fact], list[str]]
TITLE = "Personal data"
# The spec fields this topic answers: their open questions and findings go with it.
FIELDS = ("personal_data", "personal_fields", "personal_data_kinds", "personal_data_agreement",
          "personal_data_stored", "access_control")
# An agreement or a place of storage for data that stays with us.
NOT_NEEDED_HERE = "Not needed: the data stays with us"


def protection_facts(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    fid, personal = flow.id, flow.personal
    shown = [asks.fact("Personal data", yes_no(flow.flow.personal_data), fid, "personal_data")]
    if personal is None:
        return shown, []
    shown.append(asks.fact_or("Personal fields", join(list(personal.fields)) or None, fid,
                              "personal_fields"))
    shown.append(asks.fact_or("Kinds", _kinds(personal), fid, "personal_data_kinds"))
    shown.append(_reaches(facts, flow, personal, asks))
    if personal.other_organisation is not False or personal.agreement or personal.stored:
        shown.append(asks.fact_or("Covered by", AGREEMENT_WORDS.get(personal.agreement or ""),
                                  fid, "personal_data_agreement"))
        shown.append(asks.fact_or("Where it is kept", personal.stored, fid,
                                  "personal_data_stored"))
    shown += sends_fact(flow, asks) or [Fact("Each movement carries", NOT_RECORDED)]
    notes = []
    if personal.other_organisation:
        notes.append("Personal data that reaches another organisation needs an agreement that "
                     "covers it, and only the data that is needed should travel.")
    return shown, notes


def _kinds(personal: PersonalData) -> str | None:
    """"Contact details, financial data; about children"; None while not said."""
    if not personal.kinds_said:
        return None
    words = [KIND_WORDS[k] for k in personal.kinds]
    text = join(words) if words else "none of contact details, identity numbers, financial " \
        "or health data"
    text = text[:1].upper() + text[1:]
    return text + ("; about children" if personal.about_children else "")


def _reaches(facts: SpecFacts, flow: FlowFacts, personal: PersonalData, asks: Asks) -> Fact:
    """Does the data reach another organisation: the receiving system's own answer."""
    label = "Reaches another organisation"
    receiver = personal.receiver
    if receiver is None or facts.spec.system(receiver) is None:
        return asks.fact_or(label, None, flow.id, "destination")
    name = facts.label(receiver)
    if any(m.system == receiver for m in facts.middles):
        name += " (the platform in the middle)"
    if personal.other_organisation is True:
        return Fact(label, f"Yes: another organisation holds the data in {name}")
    if personal.other_organisation is False:
        return Fact(label, f"No: we hold the data in {name} ourselves")
    return asks.fact_or(label, None, None, f"systems.{receiver}.third_party")


def carries_personal_data(flow: FlowFacts) -> bool:
    return flow.personal is not None


# The summary table of the document's Data protection section: these facts of each flow's
# own Personal data topic, in this order.
COLUMNS = ("Personal fields", "Kinds", "Reaches another organisation", "Covered by",
           "Where it is kept", "Each movement carries")


@dataclass(frozen=True)
class ProtectionSummary:
    """Personal data across the integration: a row per flow that carries it (the flow's
    number, heading anchor, and its facts in COLUMNS' order), and the flows for which
    whether they carry any is still open."""

    rows: list[tuple[int, str, list[Fact]]]
    open: list[tuple[int, str, Fact]]
    none: bool  # every flow says it carries no personal data


def protection_summary(flows: list[tuple[int, str, Topic]]) -> ProtectionSummary:
    """From each flow's (number, anchor, Personal data topic)."""
    rows, undecided = [], []
    for number, anchor, topic in flows:
        facts = {f.label: f for f in topic.facts}
        said = facts.get("Personal data")
        if len(topic.facts) > 1:
            rows.append((number, anchor, [facts.get(label, Fact(label, NOT_NEEDED_HERE))
                                          for label in COLUMNS]))
        elif said is not None and not said.known:
            undecided.append((number, anchor, said))
    none = bool(flows) and not rows and not undecided
    return ProtectionSummary(rows, undecided, none)
