"""The pattern must fit the design: what the integration is for, from the host's side,
and how the data actually moves (domain article 001).

The document states a pattern's promise only where the design keeps it (the facts
layer says which); these rules say where the design contradicts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule
from mailroom.facts.grammar import join, possessive

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
        f"The pattern is pull: {host} retrieves {possessive(remote)} data when it needs it "
        f"and acts on it. But {remote} pushes the data to {host}, so {host} does not fetch it "
        f"at that moment. Decide which is meant: {host} keeps what it is sent (a clone), or {host} "
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


_USE_WORDS = {
    "keeps": "{host} keeps it: the data is delivered into {host} {when}",
    "acts": "{host} acts on it: the mapping and decisions live in {host}",
    "changes": "it is changed on the way: {fields} transformed",
}


@flow_rule("embed-host-keeps", "warning", "pattern")
def embed_host_keeps(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """An embed shows the remote's content as it is: the host neither keeps it, nor acts on
    it, nor changes it."""
    pattern = flow.pattern
    if pattern is None or "embed-host-keeps" not in pattern.contradicted:
        return None
    host, remote = facts.label(pattern.host), facts.label(pattern.remote)
    spec_flow = flow.flow
    when = "when something happens" if spec_flow.trigger == "event" else "on a schedule"
    changed = list(pattern.changed_fields)
    fields = join(changed) + (" is" if len(changed) == 1 else " are")
    found = [_USE_WORDS[use].format(host=host, when=when, fields=fields)
             for use in pattern.host_uses]
    return (
        f"The pattern is embed: {host} only shows {possessive(remote)} content as it is, without "
        f"understanding or acting on it, so what users see is as fresh and as available as "
        f"{remote} makes it. But {'; and '.join(found)}. Decide which is meant: {host} shows "
        f"{possessive(remote)} content live, as it is, when a page is shown (an embed); or "
        f"{host} keeps its own copy, to use or to show (a clone: a detached copy, as fresh as "
        "the last delivery)."
    )


@flow_rule("synthesize-single-remote", "warning", "pattern")
def synthesize_single_remote(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Synthesize brings several remotes together: with one, there is nothing to combine."""
    pattern = flow.pattern
    if pattern is None or "synthesize-single-remote" not in pattern.contradicted:
        return None
    host, only = facts.label(pattern.host), facts.label(pattern.remotes[0])
    return (
        f"The pattern is synthesize: {host} gathers data from several systems and uses it "
        f"together, often for reporting. But in this spec only {only} sends data to {host}, "
        "so there is nothing to combine it with. Decide: add the flows from the other "
        f"systems {host} is to bring together; or, with one system to draw on, call it what "
        f"it is: {host} keeps its own copy (a clone)."
    )
