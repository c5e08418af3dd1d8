"""Diagrams of a spec: the context of all systems and a sequence per flow.

Each diagram is described once (`Diagram`: DOT for graphviz and Mermaid for
Markdown readers on GitHub and GitLab); `graphviz.render_svgs` draws the SVGs.
"""

from __future__ import annotations

from mailroom.diagrams.context import context_diagram
from mailroom.diagrams.graphviz import DotMissing, Drawing, dot_program, render_svgs
from mailroom.diagrams.model import Diagram
from mailroom.diagrams.sequence import flow_sequence, middle_sequence

__all__ = [
    "Diagram",
    "DotMissing",
    "Drawing",
    "context_diagram",
    "dot_program",
    "flow_sequence",
    "middle_sequence",
    "render_svgs",
]
