"""The context diagram: every system, every flow, and who starts each one.

The arrow points the way the data moves; a dot marks the mail person, the end
that starts the exchange; a push is a solid blue line, a pull a dashed orange
one, and the label says the sentence's subject and verb ("NetSuite pulls").
"Data goes from A to B" and "A starts it" are two different facts, shown apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.diagrams.model import FONT, Diagram, dot_string, mermaid_text, short_data, wrap
from mailroom.facts.grammar import VERBS

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Spec, System

PUSH_COLOUR = "#1f5fa8"
PULL_COLOUR = "#b35c00"
UNKNOWN_COLOUR = "#7a7a7a"
LEGEND = (
    "The arrow points the way the data moves. ● marks the mail person, the system whose\n"
    "code starts the exchange. Solid blue: a push (the source starts it). Dashed orange:\n"
    "a pull (the destination starts it). Grey: who starts it is not decided yet."
)


def context_diagram(facts: SpecFacts, *, banner: bool = False) -> Diagram:
    """`banner`: one row, left to right, without the legend (the one-page brief says it in
    a line of text), so that it fits across the page without being shrunk."""
    return Diagram(
        name="context",
        title="Context: the systems, where the data goes and who starts each flow",
        dot=_dot(facts, banner=banner),
        mermaid=_mermaid(facts),
    )


def _node_ids(spec: Spec) -> dict[str, str]:
    """Generated node names: a spec's own ids may be invalid, and are never trusted."""
    ids = {system.id: f"s{index}" for index, system in enumerate(spec.systems)}
    for flow in spec.flows:  # a flow naming an unlisted system still gets a box
        for end in (flow.source, flow.destination):
            if end is not None and end not in ids:
                ids[end] = f"s{len(ids)}"
    return ids


def _system_label(spec: Spec, system_id: str) -> str:
    """The box's text: the name, then each note on lines of its own."""
    name, notes = _system_notes(spec, system_id)
    return "\n".join([wrap(name, 24, 2), *(wrap(note, 28, 2) for note in notes)])


def _system_notes(spec: Spec, system_id: str) -> tuple[str, list[str]]:
    """The system's name, and what the picture says about it."""
    system = spec.system(system_id)
    if system is None:
        return spec.label(system_id), ["(not listed under systems)"]
    notes = [system.kind] if system.kind else []
    if system.platform and not system.kind:
        notes.append("integration platform")
    if system.third_party:
        notes.append("another organisation")
    if system.api is False:
        notes.append("no API")
    return spec.label(system_id), notes


def _edge_label(facts: SpecFacts, flow: FlowFacts) -> str:
    data = wrap(short_data(flow.flow.data), 26, 2)
    if flow.direction is None and flow.mail_person is not None:
        return (f"{flow.number}. {data}\n({facts.label(flow.mail_person)} starts it; the roles "
                "do not add up)")
    if flow.direction is None:
        return f"{flow.number}. {data}\n(who starts it: not decided)"
    inferred = " (inferred)" if flow.roles.mail_person.inferred else ""
    return (f"{flow.number}. {facts.label(flow.mail_person)} {VERBS[flow.direction]}"
            f"{inferred}\n{data}")


def _dot(facts: SpecFacts, *, banner: bool = False) -> str:
    spec = facts.spec
    ids = _node_ids(spec)
    # Two systems read best side by side; more would run past a portrait page's width,
    # except in a banner, which has no legend to make it wider.
    across = len(ids) <= 2 or banner
    legend = "" if banner else f", labelloc=b, label={dot_string(LEGEND)}"
    lines = [
        "digraph context {",
        f"  graph [rankdir={'LR' if across else 'TB'}, nodesep=0.6, "
        f"ranksep={(1.3 if len(ids) <= 2 else 0.9) if across else 0.7}, "
        f'pad=0.15, fontname="{FONT}", fontsize=9{legend}];',
        f'  node [shape=box, style="rounded,filled", fillcolor="#f4f6f8", color="#44546a", '
        f'fontname="{FONT}", fontsize=10, margin="0.14,0.07"];',
        f'  edge [fontname="{FONT}", fontsize=9, penwidth=1.4, arrowsize=0.9];',
    ]
    for system_id, node in ids.items():
        lines.append(f"  {node} [{_node_style(spec.system(system_id))}"
                     f"label={dot_string(_system_label(spec, system_id))}];")
    for flow in facts.flows:
        source, destination = flow.flow.source, flow.flow.destination
        if source is None or destination is None:
            continue  # an end not decided yet: the flow is listed in the text, not drawn
        lines.append(f"  {ids[source]} -> {ids[destination]} "
                     f"[{_edge_style(flow)}label={dot_string(_edge_label(facts, flow))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node_style(system: System | None) -> str:
    if system is None:
        return 'style="rounded,dashed", '
    if system.platform:
        return 'fillcolor="#e6f0e0", style="rounded,filled,bold", '
    if system.third_party:
        return 'style="rounded,filled,dashed", '
    return ""


def _edge_style(flow: FlowFacts) -> str:
    direction = flow.direction
    if direction == "push":
        return f'dir=both, arrowtail=dot, color="{PUSH_COLOUR}", fontcolor="{PUSH_COLOUR}", '
    if direction == "pull":
        return (f'arrowhead=normalnonedot, style=dashed, color="{PULL_COLOUR}", '
                f'fontcolor="{PULL_COLOUR}", ')
    return f'style=dotted, color="{UNKNOWN_COLOUR}", fontcolor="{UNKNOWN_COLOUR}", '


def _mermaid(facts: SpecFacts) -> str:
    spec = facts.spec
    ids = _node_ids(spec)
    lines = ["flowchart LR"]
    for system_id, node in ids.items():
        name, notes = _system_notes(spec, system_id)  # Mermaid wraps by itself
        label = mermaid_text(" · ".join(" ".join(part.split()) for part in (name, *notes)))
        lines.append(f'    {node}["{label}"]')
    for flow in facts.flows:
        source, destination = flow.flow.source, flow.flow.destination
        if source is None or destination is None:
            continue
        label = mermaid_text(_edge_label(facts, flow).replace("\n", ": ", 1)
                             .replace("\n", " "))
        arrow = {"push": "-->", "pull": "-.->"}.get(flow.direction or "", "-.->")
        lines.append(f'    {ids[source]} {arrow}|"{label}"| {ids[destination]}')
    lines.append("    %% solid arrow: a push (the source starts it); dotted: a pull or undecided")
    return "\n".join(lines) + "\n"
