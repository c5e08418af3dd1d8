"""How the systems are connected: every system takes part, a platform in the middle has a
leg in and a leg out, and data moved both ways needs a system of record per field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailroom.checks.registry import Finding, spec_rule
from mailroom.facts.grammar import data_words, join

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts


def _flows(ids: tuple[str, ...]) -> str:
    return ("flow " if len(ids) == 1 else "flows ") + join(list(ids))


@spec_rule("system-unused", "info")
def system_unused(facts: SpecFacts) -> Iterator[Finding]:
    """A system listed in no flow: a flow is missing, or the system is not part of this
    integration."""
    for system in facts.systems:
        if system.unused:
            yield Finding("info", "system-unused", (
                f"{system.label} takes part in no flow: no data moves to or from it here. "
                "Decide: add the flow it is part of (which data, from where to where), or "
                "take it out of this integration so no one plans work for it."),
                None, f"systems.{system.id}")


@spec_rule("platform-one-leg", "warning")
def platform_one_leg(facts: SpecFacts) -> Iterator[Finding]:
    """An integration platform in the middle has a leg in and a leg out."""
    for system in facts.systems:
        name = system.label
        if system.one_leg == "in":
            message = (
                f"{name} is an integration platform, and data reaches it "
                f"({_flows(system.receives)}), but no flow carries the data on. A platform "
                "in the middle has a leg in and a leg out. Decide: add the flow from "
                f"{name} to the system that needs the data, with who starts it; or, if the "
                f"data is meant to stay in {name}, say so: then it is where the data ends, "
                "not a platform in the middle.")
        elif system.one_leg == "out":
            message = (
                f"{name} is an integration platform and sends data on "
                f"({_flows(system.sends)}), but no flow brings data into it. A platform in "
                "the middle has a leg in and a leg out. Decide: add the flow that brings the "
                f"data from where it is recorded into {name} (pushed to it, or pulled by "
                f"it); or confirm that {name} makes this data itself.")
        else:
            continue
        yield Finding("warning", "platform-one-leg", message, None, f"systems.{system.id}")


@spec_rule("two-way-same-data", "warning")
def two_way_same_data(facts: SpecFacts) -> Iterator[Finding]:
    """Two flows moving the same data both ways between two systems risk echo loops and
    conflicting edits: each field needs a system of record."""
    for pair in facts.two_ways:
        there = facts.flow(pair.there)
        if there is None:
            continue
        a, b = (facts.label(s) for s in pair.systems)
        data = data_words(facts.spec, there.flow)
        yield Finding("warning", "two-way-same-data", (
            f"{a} sends {data} to {b} (flow {pair.there}), and {b} sends the same data back "
            f"to {a} (flow {pair.back}). Each side's changes travel to the other and back "
            "again (an echo loop), and a record edited on both sides at once ends in "
            "conflicting edits. Decide, field by field, which system is the system of record "
            "(where the field is edited; the other side only receives it), and make each flow "
            "ignore the changes the integration itself wrote."), pair.back, "data")
