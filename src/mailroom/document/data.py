"""What moves in a flow: the data in a line, field by field when the spec lists the
fields (the mapping table), what each movement carries, and how much moves, usually and
at peak. Unknowns stay unknown and say where they are asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.document.parts import Asks, Fact, Table, yes_no
from mailroom.spec.meanings import SENDS_WORDS

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import FieldMap, Flow

Built = tuple[list[Fact], list[str]]
EMPTY = "—"  # a cell of the mapping table the spec leaves empty


def data_facts(facts: SpecFacts, flow: FlowFacts, asks: Asks, *, sends: bool) -> Built:
    """What moves; with `sends`, also what each movement carries (said under Data
    protection instead when the flow carries personal data)."""
    shown = [asks.fact("What moves", flow.flow.data, flow.id, "data")]
    if sends:
        shown += sends_fact(flow, asks)
    return shown, []


def sends_fact(flow: FlowFacts, asks: Asks) -> list[Fact]:
    """What each movement carries: only what changed, or everything; said when known or
    asked, left out otherwise (an optional detail nobody has asked for)."""
    value = SENDS_WORDS.get(flow.flow.sends or "")
    if value is None and not asks.asked(flow.id, "sends"):
        return []
    return [asks.fact("Each movement carries", value, flow.id, "sends")]


def mapping_table(facts: SpecFacts, flow: Flow) -> Table | None:
    """The data field by field: its name, where it comes from and goes to, what is done to
    it, and whether it is personal data."""
    if not flow.fields:
        return None
    source, destination = facts.label(flow.source), facts.label(flow.destination)
    rows = [[_cell(f.name), _cell(f.source_field), _cell(f.destination_field),
             _cell(f.transform), _personal(f)] for f in flow.fields]
    note = None
    if any(EMPTY in row for row in rows):
        note = f"A dash ({EMPTY}) marks what the spec does not record."
    return Table(["Field", f"From (in {source})", f"To (in {destination})",
                  "Transformation", "Personal data"], rows, note)


def _cell(text: str | None) -> str:
    return text.strip() if text and text.strip() else EMPTY


def _personal(field: FieldMap) -> str:
    return yes_no(field.personal) or EMPTY


def volume_facts(facts: SpecFacts, flow: FlowFacts, asks: Asks) -> Built:
    """How much moves, usually and at peak ("300 records/day; at peak 3000 records/day on
    Black Friday"), and how fresh it must be."""
    spec_flow, fid = flow.flow, flow.id
    volume, peak = spec_flow.volume, spec_flow.volume_peak
    shown = []
    if volume and peak:
        shown.append(Fact("Volume", f"{volume}; at peak {peak}"))
    else:
        shown.append(asks.fact("Volume", volume, fid, "volume"))
        if peak:
            shown.append(Fact("At peak", peak))
        elif asks.asked(fid, "volume_peak"):
            shown.append(asks.fact("At peak", None, fid, "volume_peak"))
    shown.append(asks.fact("Latency (how fresh)", spec_flow.latency, fid, "latency"))
    return shown, []
