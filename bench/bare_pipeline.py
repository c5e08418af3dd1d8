"""The floor `mailroom render --format md,html` is measured against: the same work done
by the libraries alone, as one process, with none of mailroom's logic.

    python bench/bare_pipeline.py INPUTS OUT

INPUTS holds what mailroom's render of a spec produced: the Markdown (`document.md`)
and each diagram's graphviz source (`*.dot`). This script renders the Markdown as a
Jinja template, turns it into HTML with markdown-it-py, draws every diagram with
graphviz's `dot` (all started at once, as mailroom does), and writes the Markdown, an
HTML page holding the SVGs, and the SVG files into OUT. bench/render.py prepares
INPUTS and times this against mailroom.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt


def main() -> int:
    inputs, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    drawing = [(source, subprocess.Popen(["dot", "-Tsvg", str(source)], stdout=subprocess.PIPE))
               for source in sorted(inputs.glob("*.dot"))]
    text = jinja2.Environment(autoescape=False).from_string(
        (inputs / "document.md").read_text(encoding="utf-8")).render()
    body = MarkdownIt("commonmark").enable("table").render(text)
    svgs = {}
    for source, process in drawing:
        svgs[source.stem] = process.communicate()[0].decode("utf-8")
        (out / f"{source.stem}.svg").write_text(svgs[source.stem], encoding="utf-8")
    (out / "document.md").write_text(text, encoding="utf-8")
    page = f"<!DOCTYPE html><html><body>{body}{''.join(svgs.values())}</body></html>\n"
    (out / "document.html").write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
