"""Sequence diagrams: one per flow, and one per platform in the middle (both legs).

Steps are described once (`Sequence`) and drawn twice: as DOT, with a lifeline
under each system, and as a Mermaid sequenceDiagram. The mail person's lifeline
is on the left: every call goes left to right, from the system that starts it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from mailroom.diagrams.model import FONT, Diagram, dot_string, mermaid_text, short_data, wrap
from mailroom.facts.grammar import role_mark, sentence_start_lowered, system_names
from mailroom.spec.meanings import AUTH_SHORT, CALL_VERBS
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.middle import Middle
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Flow

StepKind = Literal["note", "call", "reply"]


@dataclass(frozen=True)
class Step:
    """One arrow or note of a sequence diagram."""

    kind: StepKind
    actor: str  # system id: the note's lifeline, or the caller
    text: str
    target: str | None = None  # the system called or answered


@dataclass
class Sequence:
    """A sequence diagram being built: its lifelines and steps in order."""

    participants: list[tuple[str, str]] = field(default_factory=list)  # (system id, label)
    steps: list[Step] = field(default_factory=list)


def flow_sequence(facts: SpecFacts, flow: FlowFacts, name: str) -> Diagram | None:
    """The flow's exchange, step by step; None while the mail person is unknown."""
    mail_person, mailbox = flow.mail_person, flow.mailbox
    if mail_person is None or mailbox is None or flow.direction is None:
        return None
    roles = flow.roles
    sequence = Sequence(
        participants=[
            (mail_person, _participant(facts, mail_person,
                                       role_mark("mail person", roles.mail_person))),
            (mailbox, _participant(facts, mailbox, role_mark("mailbox", roles.mailbox)))],
        steps=list(_steps(facts, flow)),
    )
    return Diagram(name, f"Sequence of flow {flow.number}", _dot(sequence), _mermaid(sequence))


def middle_sequence(facts: SpecFacts, middle: Middle, name: str) -> Diagram | None:
    """Both legs through a platform in the middle, in one picture."""
    legs = [f for i in [*middle.inbound, *middle.outbound] if (f := facts.flow(i)) is not None]
    if any(f.direction is None for f in legs):
        return None
    order = [f.flow.source for f in legs if f.id in middle.inbound]
    order += [middle.system] + [f.flow.destination for f in legs if f.id in middle.outbound]
    seen: list[str] = []
    for system_id in order:
        if system_id is not None and system_id not in seen:
            seen.append(system_id)
    sequence = Sequence(participants=[(s, _participant(facts, s, "")) for s in seen])
    for leg in legs:
        sequence.steps.extend(_steps(facts, leg))
    title = f"Sequence: both legs through {facts.label(middle.system)}"
    return Diagram(name, title, _dot(sequence), _mermaid(sequence))


def _participant(facts: SpecFacts, system_id: str, mark: str) -> str:
    """The lifeline's head: the name, and its role on a line of its own."""
    name = wrap(facts.label(system_id), 22, 2)
    return f"{name}\n{mark.strip()}" if mark else name


# -- the steps ----------------------------------------------------------------


def _steps(facts: SpecFacts, flow_facts: FlowFacts) -> Iterator[Step]:
    mp, mb, flow = flow_facts.mail_person, flow_facts.mailbox, flow_facts.flow
    assert mp is not None and mb is not None
    # the short data as it reads inside a step ("ask for paid orders"), lowered only
    # where the whole description shows its capital just starts it (facts/grammar.py)
    data = sentence_start_lowered(short_data(flow.data), system_names(facts.spec),
                                  evidence=flow.data)
    lookup = flow_facts.lookup
    yield from _registration(facts, flow_facts)
    yield Step("note", mp, _trigger_note(flow))
    if flow_facts.direction == "push":
        yield Step("call", mp, f"{_call(flow_facts, data)}\n{_auth(flow)}", mb)
        # a folder only says the file is written; whether it is imported is another matter
        yield Step("reply", mb, "file written, or an error" if flow_facts.is_folder
                   else "accepted, or an error", mp)
    elif flow_facts.polling is not None:
        yield from _poll(flow_facts, mp, mb, data)
    else:
        if lookup is not None and lookup.caching:
            yield Step("note", mp, "look in the cache first; fetch only what is missing or stale")
        yield Step("call", mp, f"ask for {data}\n{_auth(flow)}", mb)
        yield Step("reply", mb, f"{data}{_format(flow)}", mp)
        if lookup is not None:
            yield Step("note", mp, "use it at once" + {
                True: ", and keep it in the cache", False: ", without keeping it",
                None: "; caching: not decided yet"}[lookup.caching])
    yield Step("note", mp, _failure_note(flow))


def _registration(facts: SpecFacts, flow: FlowFacts) -> Iterator[Step]:
    """A webhook works only once the receiver URL is known to the caller."""
    webhook = flow.webhook
    if webhook is None or webhook.caller is None or webhook.receiver is None:
        return
    caller, receiver = webhook.caller, webhook.receiver
    if webhook.registration == "api":
        yield Step("call", receiver,
                   f"register the receiver URL\n(through {facts.label(caller)}'s API)", caller)
        yield Step("reply", caller, "subscription confirmed", receiver)
    elif webhook.registration == "manual":
        yield Step("note", caller, "once, by hand: the receiver URL is pasted into its settings")
    else:
        yield Step("note", caller, "registering the receiver URL: not decided yet")


def _poll(flow_facts: FlowFacts, mp: str, mb: str, data: str) -> Iterator[Step]:
    flow = flow_facts.flow
    assert flow_facts.polling is not None
    detection = flow_facts.polling.change_detection
    if detection == "modified-since":
        yield Step("note", mp, "read the cursor: the last modified time seen")
        ask, answer, after = (f"ask for {data} modified since the cursor",
                              f"{data} changed since then", "store them; move the cursor forward")
    elif detection == "incremental-id":
        yield Step("note", mp, "read the cursor: the highest id seen")
        ask, answer, after = (f"ask for {data} with a higher id", f"new {data}",
                              "store them; remember the highest id")
    elif detection == "full-fetch":
        ask, answer, after = (f"ask for all {data}", f"all {data}",
                              "compare with what was stored last time; keep only what is new")
    else:
        ask, answer, after = (f"ask for {data}", data,
                              "how new or changed records are found: not decided yet")
    yield Step("call", mp, f"{ask}\n{_auth(flow)}", mb)
    yield Step("reply", mb, f"{answer}{_format(flow)}", mp)
    yield Step("note", mp, after)


def _trigger_note(flow: Flow) -> str:
    if flow.trigger == "event":
        return f"event: {flow.event}" if flow.event else "event: not decided yet"
    if flow.trigger == "schedule":
        return (f"schedule: {describe_schedule(flow.schedule)}" if flow.schedule
                else "schedule: not decided yet")
    if flow.trigger == "on-demand":
        return f"on demand: {flow.event}" if flow.event else "on demand"
    return "what starts it: not decided yet"


def _call(flow: FlowFacts, data: str) -> str:
    verb = CALL_VERBS.get(flow.transport or "", "send")
    return f"{verb} {data}{_format(flow.flow)}"


def _format(flow: Flow) -> str:
    return f" ({flow.format})" if flow.format else ""


def _auth(flow: Flow) -> str:
    method = flow.auth.method if flow.auth else None
    return "credential: " + (AUTH_SHORT.get(method, method) if method else "not decided yet")


def _failure_note(flow: Flow) -> str:
    return "on failure: see Error handling" if flow.error_handling else \
        "on failure: not decided yet"


# -- drawing ------------------------------------------------------------------


def _dot(sequence: Sequence) -> str:
    columns = {system_id: index for index, (system_id, _) in enumerate(sequence.participants)}
    count = len(columns)
    lines = [
        "digraph sequence {",
        f'  graph [splines=false, nodesep=0.25, ranksep=0.18, pad=0.15, newrank=true, '
        f'fontname="{FONT}"];',
        f'  node [fontname="{FONT}", fontsize=10];',
        f'  edge [fontname="{FONT}", fontsize=9];',
    ]
    heads = [f"h{i}" for i in range(count)]
    for index, (_, label) in enumerate(sequence.participants):
        fill = "#dbe7f5" if "(mail person" in label else "#f4f6f8"
        lines.append(f'  h{index} [shape=box, style="rounded,filled", fillcolor="{fill}", '
                     f"margin=\"0.14,0.06\", label={dot_string(label)}];")
    lines.append(f"  {{rank=same; {' -> '.join(heads)} [style=invis, minlen=5];}}"
                 if count > 1 else "")
    steps = _spaced(sequence.steps)
    rows = len(steps)
    for row, step in enumerate(steps, start=1):
        cells = [f"r{row}_{col}" for col in range(count)]
        for col, cell in enumerate(cells):
            lines.append(f"  {cell} {_cell_style(step, col, columns)};")
        lines.append(f"  {{rank=same; {'; '.join(cells)};{_message(step, row, columns)}}}")
    for col in range(count):
        chain = " -> ".join([f"h{col}"] + [f"r{row}_{col}" for row in range(1, rows + 1)])
        lines.append(f'  {chain} [style=dashed, arrowhead=none, color="#9a9a9a", weight=100];')
    lines.append("}")
    return "\n".join(line for line in lines if line) + "\n"


def _spaced(steps: list[Step]) -> list[Step | None]:
    """The rows of the drawing: an empty row before each message (dot puts a flat edge's
    label above it, where it would cover a note in the row before) and one at the end."""
    rows: list[Step | None] = []
    for step in steps:
        if step.kind != "note":
            rows.append(None)
        rows.append(step)
    return [*rows, None]


def _cell_style(step: Step | None, col: int, columns: dict[str, int]) -> str:
    if step is not None and step.kind == "note" and columns[step.actor] == col:
        return (f'[shape=box, style=filled, fillcolor="#fff5cc", color="#c9a227", fontsize=9, '
                f'width=0, height=0, margin="0.08,0.04", label={dot_string(wrap(step.text, 34))}]')
    return '[shape=point, width=0, height=0, style=invis, label=""]'


def _message(step: Step | None, row: int, columns: dict[str, int]) -> str:
    if step is None or step.kind == "note" or step.target is None:
        return ""
    label = "\n".join(wrap(line, 40, 2) for line in step.text.split("\n"))
    style = "solid" if step.kind == "call" else "dashed"
    colour = "#1f5fa8" if step.kind == "call" else "#555555"
    return (f" r{row}_{columns[step.actor]} -> r{row}_{columns[step.target]} [style={style}, "
            f'color="{colour}", weight=0, label={dot_string(label)}];')


def _mermaid(sequence: Sequence) -> str:
    ids = {system_id: f"p{index}" for index, (system_id, _) in enumerate(sequence.participants)}
    lines = ["sequenceDiagram"]
    for system_id, label in sequence.participants:
        lines.append(f"    participant {ids[system_id]} as {mermaid_text(label)}")
    for step in sequence.steps:
        text = mermaid_text(step.text.replace("\n", " · "))
        if step.kind == "note" or step.target is None:
            lines.append(f"    Note over {ids[step.actor]}: {text}")
        else:
            arrow = "->>" if step.kind == "call" else "-->>"
            lines.append(f"    {ids[step.actor]}{arrow}{ids[step.target]}: {text}")
    return "\n".join(lines) + "\n"
