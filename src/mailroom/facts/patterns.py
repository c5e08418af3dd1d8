"""What the integration is for, from the host's side (domain article 001), and which of
the pattern's promises this flow's design keeps.

The document states a promise only where the design keeps it (`holds`); where the
design contradicts the pattern (`contradicted`), a check says what to decide and no
output states the promise as fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mailroom.spec.vocabulary import Pattern

if TYPE_CHECKING:
    from mailroom.facts.roles import Roles
    from mailroom.spec.model import Flow, Spec

# What the host does with the data, beyond showing it: it keeps it (the data is
# delivered into it on an event or a schedule), acts on it (the business logic lives
# in it) or receives it changed (a field is transformed on the way).
HostUse = Literal["keeps", "acts", "changes"]
# Transformations that leave a field as it is.
_NO_CHANGE = frozenset({"", "as is", "as-is", "none", "no", "unchanged", "-", "same",
                        "copied", "copy", "no change"})


@dataclass(frozen=True)
class PatternFacts:
    """What the integration is for, from the host's side, and which of the pattern's
    promises this flow's design keeps."""

    pattern: Pattern
    host: str | None  # the source for a push, else the destination
    remote: str | None
    holds: frozenset[str]  # keys of meanings.PATTERN_IMPLICATIONS that are true here
    contradicted: tuple[str, ...]  # what the design contradicts (see the pattern checks)
    host_uses: tuple[HostUse, ...] = ()  # what the host does with it (a receiving host)
    remotes: tuple[str, ...] = ()  # every system whose data reaches the host (synthesize;
    # empty when not known)
    changed_fields: tuple[str, ...] = ()  # the fields transformed on the way


def pattern_facts(spec: Spec, flow: Flow, roles: Roles) -> PatternFacts | None:
    if flow.pattern is None:
        return None
    host, remote = ((flow.source, flow.destination) if flow.pattern == "push"
                    else (flow.destination, flow.source))
    uses = () if flow.pattern == "push" else host_uses(flow)
    # A sales brief's spec (it names our product) shows how our product integrates with
    # theirs, not every source their system has: whether it has others is not known there.
    judged = flow.pattern == "synthesize" and spec.our_system is None
    remotes = remotes_of(spec, host) if judged else ()
    holds, contradicted = _FIT[flow.pattern](flow, roles, uses, remotes)
    return PatternFacts(flow.pattern, host, remote, frozenset(holds), contradicted, uses,
                        remotes, changed_fields(flow))


def is_realtime_pull(flow: Flow, roles: Roles) -> bool:
    """A pull on demand: the host fetches while it works ("real-time communication")."""
    return roles.direction == "pull" and flow.trigger == "on-demand"


def host_uses(flow: Flow) -> tuple[HostUse, ...]:
    """What the receiving end (the destination) does with the data beyond showing it. Data
    delivered into it on an event or a schedule is kept there, unless what arrives is a page
    to show as it is (HTML): the article's own embed, an intranet page that "displays the
    current content of this HTML file" the production system publishes every night."""
    found: list[HostUse] = []
    delivered = flow.trigger in ("event", "schedule") and flow.destination is not None
    if delivered and "html" not in (flow.format or "").lower():
        found.append("keeps")
    if flow.business_logic is not None and flow.business_logic == flow.destination:
        found.append("acts")
    if changed_fields(flow):
        found.append("changes")
    return tuple(found)


def changed_fields(flow: Flow) -> tuple[str, ...]:
    """The fields a transformation changes on the way ("as is" changes nothing)."""
    return tuple(dict.fromkeys(
        f.name or f.destination_field or f.source_field or "a field"
        for f in flow.fields or () if changes_value(f.transform)))


def changes_value(transform: str | None) -> bool:
    """Does a field's transformation change it on the way ("as is", "copied" do not)?"""
    return (transform or "").strip().lower() not in _NO_CHANGE


def remotes_of(spec: Spec, host: str | None) -> tuple[str, ...]:
    """Every system whose data reaches the host, through an integration platform in the
    middle too (a platform's own sources count, not the platform); empty when a flow
    into it, or into a platform on the way, has a source not known yet."""
    if host is None:
        return ()
    found: list[str] = []
    seen = {host}
    todo = [host]
    while todo:
        target = todo.pop()
        for flow in spec.flows:
            if flow.destination != target:
                continue
            source = spec.system(flow.source)
            if flow.source is None:
                return ()
            if flow.source in seen:
                continue
            seen.add(flow.source)
            fed = any(f.destination == flow.source for f in spec.flows)
            if source is not None and source.platform and fed:
                todo.append(flow.source)
            else:
                found.append(flow.source)
    return tuple(found)


Fit = tuple[set[str], tuple[str, ...]]  # implications that hold, contradictions
FitCheck = Callable[["Flow", "Roles", tuple[HostUse, ...], tuple[str, ...]], Fit]


def _starter(flow: Flow, roles: Roles) -> Literal["source", "destination"] | None:
    """Which end starts each transfer: the mail person's, even where the mailbox named does
    not add up (that is an error of its own; who starts is still what the spec says)."""
    system = roles.mail_person.system
    if system is None or flow.source == flow.destination:
        return None
    return "source" if system == flow.source else \
        "destination" if system == flow.destination else None


def _push_fit(flow: Flow, roles: Roles, uses: tuple[HostUse, ...],
              remotes: tuple[str, ...]) -> Fit:
    """The host (the source) starts each transfer only if it is the mail person."""
    starter = _starter(flow, roles)
    if starter == "source":
        return {"always", "host-starts"}, ()
    return {"always"}, ("push-host-pulled",) if starter == "destination" else ()


def _pull_fit(flow: Flow, roles: Roles, uses: tuple[HostUse, ...],
              remotes: tuple[str, ...]) -> Fit:
    """The host fetches the remote's data; in real time when it pulls on demand."""
    if is_realtime_pull(flow, roles):
        return {"always", "realtime"}, ()
    return {"always"}, ("pull-remote-pushes",) if _starter(flow, roles) == "source" else ()


def _clone_fit(flow: Flow, roles: Roles, uses: tuple[HostUse, ...],
               remotes: tuple[str, ...]) -> Fit:
    """A detached copy needs no live connection, unless it is fetched on demand."""
    if is_realtime_pull(flow, roles):
        return {"always"}, ("clone-live",)
    if flow.trigger is not None and roles.direction is not None:
        return {"always", "not-live"}, ()
    return {"always"}, ()


def _embed_fit(flow: Flow, roles: Roles, uses: tuple[HostUse, ...],
               remotes: tuple[str, ...]) -> Fit:
    """The host only shows the remote's content as it is: it neither keeps, nor acts on,
    nor changes it. Where it does, the embed's promise is not said."""
    if uses:
        return set(), ("embed-host-keeps",)
    return {"always"}, ()


def _synthesize_fit(flow: Flow, roles: Roles, uses: tuple[HostUse, ...],
                    remotes: tuple[str, ...]) -> Fit:
    """The host brings several remotes together: one alone is nothing to combine."""
    if len(remotes) == 1:
        return set(), ("synthesize-single-remote",)
    return {"always"}, ()


_FIT: dict[str, FitCheck] = {"push": _push_fit, "pull": _pull_fit, "clone": _clone_fit,
                             "embed": _embed_fit, "synthesize": _synthesize_fit}
