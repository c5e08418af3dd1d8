"""The buyer's own checks of any integration (article 001: "who built it, who supports
it, how many customers use it, can I see it"), answered from our side when the spec
records it (`offer`), and otherwise left for the prospect to ask us before a commitment.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.brief.vendor import Line
from mailroom.facts.grammar import data_words, join

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Spec

_BUILT_BY = {
    "product": "It is part of {ours} as sold: the same for every customer, and upgraded with it.",
    "partner": "It is a partner's add-on to {ours}: the partner builds and sells it.",
    "project": "It is a project built for you: yours to keep working when either system "
               "changes.",
}


def offered(facts: SpecFacts, ours: str | None) -> list[Line]:
    """What we state about our side: each of the four checks the spec answers."""
    offer = facts.spec.offer
    if offer is None:
        return []
    name = facts.label(ours) if ours else "our product"
    said = [
        ("Who built it?", _BUILT_BY[offer.built_by].format(ours=name) if offer.built_by else None),
        ("Who supports it?", offer.supported_by),
        ("How many use it?", offer.customers),
        ("A demo.", offer.demo),
    ]
    return [Line(_sentence(text), lead=lead) for lead, text in said if text]


def _sentence(text: str) -> str:
    """The person's words on one line, ending as a sentence does."""
    words = " ".join(text.split())
    return words if words[-1] in ".!?" else words + "."


def always_asked(facts: SpecFacts, ours: str | None) -> list[Line]:
    """The checks the spec does not answer from our side: the prospect asks them of us
    before a commitment, whatever else the spec says."""
    offer = facts.spec.offer
    doers = list(dict.fromkeys(facts.label(f.mail_person) for f in facts.flows
                               if f.mail_person))
    where = (f"The work is done in {join(doers)}: is it part of {facts.label(ours)} as sold, "
             "a partner's add-on, or a project built for you?" if doers
             else "Which system does the work, and who wrote it?")
    asked = [
        ("built_by", Line(where, lead="Who built it?")),
        ("supported_by", Line(
            "Who watches it once it runs, who fixes it when a delivery fails, and who keeps it "
            "working when either system releases a new version?", lead="Who supports it?")),
        ("customers", Line("How many customers run it today? Ask to speak to one of them.",
                           lead="How many use it?")),
        ("demo", Line(_demo(facts.spec), lead="A demo.")),
    ]
    return [line for field, line in asked if offer is None or getattr(offer, field) is None]


def for_whom(spec: Spec) -> str | None:
    """"For Fernhill Home, who want to see every paid order in the warehouse"."""
    prospect = spec.prospect
    if prospect is None or not (prospect.organisation or prospect.outcome):
        return None
    who = " ".join((prospect.organisation or "").split())
    want = " ".join((prospect.outcome or "").split()).rstrip(".")
    if who and want:
        return f"For {who}. What you want to achieve: {want}."
    return f"For {who}." if who else f"What you want to achieve: {want}."


def _demo(spec: Spec) -> str:
    flow = next((f for f in spec.flows if f.data and f.source and f.destination), None)
    if flow is None:
        return "See the data in both systems, as your users would meet it."
    return (f"See {data_words(spec, flow)} in {spec.label(flow.source)} and then in "
            f"{spec.label(flow.destination)}, as your users would meet them.")
