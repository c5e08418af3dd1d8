"""Drawing DOT as SVG with graphviz's `dot`, and making the SVG fit a page.

All diagrams of a document are started at once (one `dot` process each) and
collected afterwards, so drawing overlaps with the rest of the work.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable

from mailroom.diagrams.model import Diagram
from mailroom.errors import MailroomError

TIMEOUT_SECONDS = 20


class DotMissing(MailroomError):
    """graphviz's `dot` is not installed: documents carry the diagram source instead."""


def dot_program() -> str | None:
    return shutil.which("dot")


def render_svgs(diagrams: Iterable[Diagram]) -> dict[str, str]:
    """Each diagram's SVG, by name. Raises DotMissing when `dot` is not on the PATH and
    MailroomError when it fails on a diagram."""
    program = dot_program()
    if program is None:
        raise DotMissing(
            "graphviz's `dot` is not installed, so the diagrams are shown as DOT source; "
            "install graphviz (apt-get install graphviz) to draw them"
        )
    running = {}
    for diagram in diagrams:
        process = subprocess.Popen(
            [program, "-Tsvg"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        running[diagram.name] = (diagram, process)
    return {name: _collect(diagram, process) for name, (diagram, process) in running.items()}


def _collect(diagram: Diagram, process: subprocess.Popen[bytes]) -> str:
    try:
        out, err = process.communicate(diagram.dot.encode("utf-8"), timeout=TIMEOUT_SECONDS)
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
