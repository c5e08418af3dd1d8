"""Platforms in the middle: a system that takes data in on some flows and carries it
on to others itself. "An integration platform in the middle has a leg in and a leg
out"; each leg is a flow of its own, with its own mail person and mailbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mailroom.facts.grammar import join

if TYPE_CHECKING:
    from mailroom.facts.roles import Roles
    from mailroom.spec.model import Spec


@dataclass(frozen=True)
class Middle:
    """A system between others: the flows arriving at it and the flows leaving it."""

    system: str
    inbound: tuple[str, ...] = field(default_factory=tuple)  # flow ids arriving at it
    outbound: tuple[str, ...] = field(default_factory=tuple)  # flow ids leaving it


def middles_of(spec: Spec, roles: Mapping[str, Roles]) -> list[Middle]:
    """Every system that carries data on from one system to another: it has flows in and
    out, and it is a platform or the mail person of at least two of them. A round trip
    with one other system (pull from it, push back to it) is two flows, not a middle."""
    middles = []
    for system in spec.systems:
        inbound = [f for f in spec.flows if f.destination == system.id]
        outbound = [f for f in spec.flows if f.source == system.id]
        carries = [f for f in spec.flows if roles[f.id].mail_person.system == system.id]
        ends = {f.source for f in inbound} | {f.destination for f in outbound}
        if inbound and outbound and (len(carries) >= 2 or system.platform) and len(ends) > 1:
            middles.append(Middle(system.id, tuple(f.id for f in inbound),
                                  tuple(f.id for f in outbound)))
    return middles


def middle_sentence(spec: Spec, middle: Middle, roles: Mapping[str, Roles]) -> str:
    """"OpenFn is a platform in the middle: it pulls from CommCare and pushes to DHIS2.\""""
    flows = {f.id: f for f in spec.flows}
    parts = []
    for flow_id in middle.inbound:
        flow, leg = flows[flow_id], roles[flow_id]
        if leg.direction == "pull" and leg.mail_person.system == middle.system:
            verb = "pulls from"
        elif leg.direction == "push":
            verb = "is pushed to by"
        else:
            verb = "receives from"
        parts.append(f"{verb} {spec.label(flow.source)}{_muddled(spec, leg)}")
    for flow_id in middle.outbound:
        flow, leg = flows[flow_id], roles[flow_id]
        if leg.direction == "push":
            verb = "pushes to"
        elif leg.direction == "pull":
            verb = "is pulled from by"
        else:
            verb = "sends to"
        parts.append(f"{verb} {spec.label(flow.destination)}{_muddled(spec, leg)}")
    return f"{spec.label(middle.system)} is a platform in the middle: it {join(parts)}."


def _muddled(spec: Spec, leg: Roles) -> str:
    """A leg whose named mail person makes neither a push nor a pull says so."""
    if leg.direction is not None or not leg.mail_person.known:
        return ""
    return (f" ({spec.label(leg.mail_person.system)} is named to start it, but the roles do "
            "not add up)")
