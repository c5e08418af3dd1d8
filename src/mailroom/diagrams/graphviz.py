"""Drawing DOT as SVG with graphviz's `dot`, and making the SVG fit a page.

All diagrams of a document are started at once (one `dot` process each) and
collected afterwards, so drawing overlaps with the rest of the work.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable

from mailroom.diagrams.model import Diagram
from mailroom.errors import MailroomError

TIMEOUT_SECONDS = 20


class DotMissing(MailroomError):
    """graphviz's `dot` is not installed: documents carry the diagram source instead."""


def dot_program() -> str | None:
    return shutil.which("dot")


class Drawing:
    """`dot` processes started for a set of diagrams; `svgs()` waits for their SVGs.

    Starting them first and collecting them last lets graphviz draw on another core
    while the document is being written. Raises DotMissing when `dot` is not on
    the PATH.
    """

    def __init__(self, diagrams: Iterable[Diagram]) -> None:
        program = dot_program()
        if program is None:
            raise DotMissing(
                "graphviz's `dot` is not installed, so the diagrams are shown as DOT source; "
                "install graphviz (apt-get install graphviz) to draw them"
            )
        self._running: list[tuple[Diagram, subprocess.Popen[bytes]]] = []
        for diagram in diagrams:
            with tempfile.TemporaryFile() as source:  # dot reads it while we go on
                source.write(diagram.dot.encode("utf-8"))
                source.seek(0)
                process = subprocess.Popen(
                    [program, "-Tsvg"], stdin=source, stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            self._running.append((diagram, process))

    @property
    def names(self) -> list[str]:
        return [diagram.name for diagram, _ in self._running]

    def svgs(self) -> dict[str, str]:
        """Each diagram's SVG, by name; a MailroomError when `dot` fails on one."""
        return {diagram.name: _collect(diagram, process) for diagram, process in self._running}


def render_svgs(diagrams: Iterable[Diagram]) -> dict[str, str]:
    """Each diagram's SVG, by name (see Drawing)."""
    return Drawing(diagrams).svgs()


def _collect(diagram: Diagram, process: subprocess.Popen[bytes]) -> str:
    try:
        out, err = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise MailroomError(
            f"graphviz took more than {TIMEOUT_SECONDS} s to draw the diagram "
            f"'{diagram.name}'; rerun with --debug and report it"
        ) from None
    if process.returncode != 0:
        problem = err.decode("utf-8", "replace").strip().splitlines()
        raise MailroomError(
            f"graphviz could not draw the diagram '{diagram.name}': "
            f"{problem[0] if problem else 'exit code ' + str(process.returncode)}"
        )
    return fit_svg(out.decode("utf-8"))


_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.DOTALL)


def fit_svg(svg: str) -> str:
    """The SVG as graphviz drew it, less its comments and DOCTYPE, so the file is the
    same whatever graphviz version drew it.

    graphviz writes a fixed width and height in points; placed as they are, a wide
    diagram runs past the page margin. The size stays in the file (it is the largest
    the drawing should be, and a browser opening the file alone shows it so): the HTML
    shows each diagram as an <img> with max-width: 100% and an automatic height,
    which shrinks it to the column and keeps its proportions through the viewBox.
    """
    return _COMMENT.sub("", _DOCTYPE.sub("", svg))


# -- copies for the PDF -------------------------------------------------------------
#
# weasyprint draws an SVG's text one character after another, left to right: Arabic
# comes out unjoined and backwards, Hebrew backwards. A diagram holding such text is
# drawn for the PDF by graphviz's cairo renderer instead, which lays each label out
# with Pango (joined, in its own direction) and writes the glyphs as outlines. Every
# line starts with a left-to-right mark, so that a label such as
# "2. הנהלת חשבונות pulls" reads left to right as the SVG file (and a browser) shows
# it, rather than in the direction of its first letter. The SVG files and the HTML
# keep the text as text.

_LABEL_LINE = re.compile(r'((?:label|xlabel|taillabel|headlabel)="|\\n|\\l|\\r)')
_LRM = "\u200e"


def needs_shaping(text: str) -> bool:
    """Text weasyprint's SVG drawing gets wrong: right-to-left, or marks that join."""
    return any(unicodedata.bidirectional(c) in ("R", "AL", "AN")
               or unicodedata.category(c) in ("Mn", "Mc") for c in text)


def print_copies(diagrams: Iterable[Diagram], svgs: dict[str, str]) -> dict[str, str]:
    """Each diagram's SVG for the PDF (by name): drawn with glyph outlines where its text
    needs shaping, else the SVG itself. One that cannot be drawn so (graphviz without
    its cairo renderer) keeps its SVG."""
    program = dot_program()
    copies = dict(svgs)
    for diagram in diagrams:
        if program is None or diagram.name not in svgs or not needs_shaping(diagram.dot):
            continue
        source = _LABEL_LINE.sub(lambda m: m.group(1) + _LRM, diagram.dot)
        try:
            drawn = subprocess.run([program, "-Tsvg:cairo"], input=source.encode("utf-8"),
                                   capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError):
            continue
        copies[diagram.name] = fit_svg(drawn.stdout.decode("utf-8"))
    return copies
