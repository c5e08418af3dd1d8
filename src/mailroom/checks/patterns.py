"""The pattern must fit the design: what the integration is for, from the host's side,
and how the data actually moves (domain article 001).

The document states a pattern's promise only where the design keeps it (the facts
layer says which); these rules say where the design contradicts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts


@flow_rule("push-pattern-pulled", "warning", "pattern")
def push_pattern_pulled(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A push pattern means the host sends its own data out: it starts each transfer."""
    if flow.pattern is None or "push-host-pulled" not in flow.pattern.contradicted:
        return None
    host, remote = facts.label(flow.pattern.host), facts.label(flow.pattern.remote)
    return (
        f"The pattern is push: {host} sends its own data out to {remote}. But {remote} pulls "
        f"it, so {remote} starts each transfer, not {host}. Decide which is meant: {host} "
        f"pushes (make it the mail person), or {remote} fetches the data to keep or use it "
        "(a clone or a pull, from its side)."
    )


@flow_rule("pull-pattern-pushed", "warning", "pattern")
def pull_pattern_pushed(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A pull pattern means the host retrieves the remote's data when it needs it."""
    if flow.pattern is None or "pull-remote-pushes" not in flow.pattern.contradicted:
        return None
    host, remote = facts.label(flow.pattern.host), facts.label(flow.pattern.remote)
    return (
        f"The pattern is pull: {host} retrieves {remote}'s data when it needs it and acts on "
        f"it. But {remote} pushes the data to {host}, so {host} does not fetch it at that "
        f"moment. Decide which is meant: {host} keeps what it is sent (a clone), or {host} "
        f"fetches it on demand (make {host} the mail person, on demand)."
    )


@flow_rule("clone-fetched-live", "warning", "pattern")
def clone_fetched_live(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A clone is a detached copy that needs no live connection."""
    if flow.pattern is None or "clone-live" not in flow.pattern.contradicted:
        return None
    host, remote = facts.label(flow.pattern.host), facts.label(flow.pattern.remote)
    return (
        f"The pattern is clone: {host} keeps the data as its own records, and needs no live "
        f"connection to {remote}. But {host} fetches it on demand, while it works: that is a "
        f"real-time pull, and {host} depends on {remote} being up at that moment. Decide: "
        f"copy the data on a schedule or when it changes (a clone), or call it a pull and "
        "plan for the runtime risk."
    )
