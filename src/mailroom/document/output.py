"""What every render shares: the options of a call, what one spec's render wrote,
writing a file, and running a template with mistakes turned into messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mailroom.errors import MailroomError
from mailroom.fileio import write_if_changed
from mailroom.outfolder import inside

FORMATS = ("md", "html", "pdf")
STEM = 200  # characters of a spec's file name kept in the names of its outputs


@dataclass(frozen=True)
class Options:
    """What to render, the same for every spec of a call."""

    formats: tuple[str, ...] = FORMATS
    templates: Path | None = None
    date: str | None = None  # YYYY-MM-DD; else today
    stub: bool = True  # also write the runnable OpenFn stub into OUTDIR/stub
    catalog: Path | None = None  # the user's own catalog entries, besides mailroom's
    cache: Path | None = None  # where compiled templates are kept between runs


@dataclass
class Rendered:
    """What rendering one spec wrote, or why it could not."""

    spec: Path
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the spec could not be rendered: why


def write_output(outdir: Path, name: str, content: str | bytes) -> Path:
    """Write one output file into outdir (never outside it, see outfolder.inside)."""
    path = inside(outdir, name)
    try:
        write_if_changed(path, content if isinstance(content, bytes) else content.encode("utf-8"))
    except OSError as exc:
        raise MailroomError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return path


def render_template(make: object) -> str:
    """Run a template; a mistake in a user's template becomes a message, not a traceback."""
    assert callable(make)
    import jinja2

    try:
        text: str = make()
    except jinja2.TemplateSyntaxError as exc:
        raise MailroomError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise MailroomError(f"template refused by the sandbox: {exc}") from None
    except jinja2.TemplateError as exc:
        raise MailroomError(f"template error: {exc}") from None
    return text
