"""What a diagram is, and how text typed by stakeholders is made safe inside one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailroom.printable import clip
from mailroom.printable import wrap as wrap_columns

# Both installed by scripts/setup: DejaVu Sans (fonts-dejavu-core) for Latin, Greek,
# Cyrillic, Arabic and Hebrew; Noto Sans CJK (fonts-noto-cjk) for Chinese, Japanese and
# Korean. dot measures each character with the first family that has it, and the SVG's
# font-family names the same list, so weasyprint and browsers draw what dot measured.
FONT = "DejaVu Sans,Noto Sans CJK JP"


@dataclass(frozen=True)
class Diagram:
    """One picture, as graphviz source and as Mermaid."""

    name: str  # the file name's end: "context", "flow-salesforce-to-netsuite"
    title: str  # "Context: every system and who starts each flow"
    dot: str  # graphviz source
    mermaid: str  # the same picture for Markdown viewers


def dot_string(text: str) -> str:
    """A quoted DOT string showing `text` literally, one diagram line per '\\n'.

    Graphviz reads entities such as &lt; inside labels, and backslash escapes such
    as \\N (the node's name): both are neutralised so typed text stays text.
    """
    lines = []
    for line in text.split("\n"):
        line = line.replace("&", "&amp;").replace("\\", "\\\\").replace('"', '\\"')
        lines.append(line)
    return '"' + "\\n".join(lines) + '"'


# Mermaid reads these as syntax or HTML inside a quoted label, a message or an alias
# (";" ends a statement, "|" an edge label, '"' a label, "<" starts a tag, "#" an entity,
# "%%" a comment or, as `%%{init: …}%%`, a directive that changes the theme and CSS of
# the page showing the diagram, wherever it stands in the text).
_MERMAID_UNSAFE = re.compile(r"[#\"<>&;|`\\%]")


def mermaid_text(text: str) -> str:
    """Text for a Mermaid label, message or participant: characters Mermaid would read as
    syntax or HTML become numeric entity codes (#60; for <), which Mermaid shows as text."""
    flat = " ".join(text.split())
    return _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group())};", flat)


def wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Text cut into lines for a box or an arrow; a very long text ends with '…'."""
    # Only what can show is wrapped (textwrap's time grows with the square of a long
    # word): max_lines lines hold fewer than width * (max_lines + 1) characters, so a
    # longer text still comes out cut, with its '…'.
    # Widths are counted in columns, as a terminal would: a Chinese, Japanese or Korean
    # character takes two, so such a label is cut into lines as wide as a Latin one.
    flat = " ".join(text.split())[: width * (max_lines + 1)]
    lines = wrap_columns(flat, width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = clip(lines[-1], width - 1).rstrip() + "…"
    return "\n".join(lines)


def short_data(data: str | None) -> str:
    """'Converted leads (name, email)' -> 'Converted leads': the arrow's label stays short."""
    if not data:
        return "data not described yet"
    text = re.sub(r"\s*[(（][^)）]*[)）]", "", data).strip() or data.strip()
    return text.rstrip(".")
