"""`mailroom render`: specs in, documents out (Markdown, HTML, PDF and SVG diagrams).

Several specs are rendered in parallel, one process each (up to the number of
CPUs). Every file is written atomically: an interrupted render leaves the old
file or the whole new one under its name, never half of one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from mailroom.document.output import FORMATS, STEM, Options, Rendered
from mailroom.errors import ExitCode, MailroomError
from mailroom.outfolder import inside, short_name
from mailroom.spec.files import find_specs as find_specs  # cli.py calls core.find_specs

Kind = Literal["document", "brief"]


def parse_formats(text: str) -> tuple[str, ...]:
    """'md,pdf' -> ('md', 'pdf'), in the canonical order; a MailroomError names bad ones."""
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [part for part in asked if part not in FORMATS]
    if unknown or not asked:
        raise MailroomError(
            f"--format: expected a comma list of {', '.join(FORMATS)}, got '{text}'",
            ExitCode.BAD_INPUT,
        )
    return tuple(f for f in FORMATS if f in asked)


def document_date(date: str | None, epoch: int | None = None) -> str:
    """The date a document carries: the one asked for, else the day of `epoch` (the
    SOURCE_DATE_EPOCH of reproducible builds), else today."""
    if date is not None:
        try:
            return dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise MailroomError(f"--date: expected YYYY-MM-DD, got '{date}'") from None
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
    return dt.date.today().isoformat()


def output_folders(specs: list[Path], outdir: Path, kind: Kind = "document") -> dict[Path, Path]:
    """One spec: its files go into OUTDIR. Several: each into OUTDIR/<its file stem>/. A brief
    is one page in few files, so briefs all go into OUTDIR, named after their specs."""
    if len(specs) == 1 or kind == "brief":
        _unique_stems(specs, outdir)
        return {spec: outdir for spec in specs}
    _unique_stems(specs, outdir)
    return {spec: inside(outdir, short_name(spec.stem, STEM)) for spec in specs}


def _unique_stems(specs: list[Path], outdir: Path) -> None:
    stems: dict[str, Path] = {}
    for spec in specs:
        if spec.stem in stems:
            raise MailroomError(
                f"{spec} and {stems[spec.stem]} would both be rendered into "
                f"{outdir / spec.stem}; rename one, or render them in separate calls")
        stems[spec.stem] = spec


def render(
    specs: Sequence[Path | str],
    outdir: Path | str,
    options: Options | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[Rendered], None] | None = None,
    kind: Kind = "document",
) -> list[Rendered]:
    """Render each spec's document (or its one-page brief) into outdir; the Python API
    behind `mailroom render` and `mailroom brief`.

    A spec that cannot be read is reported in its Rendered.error and the others are
    still rendered. Raises MailroomError for problems with the call itself.
    """
    paths = find_specs(specs)
    if not paths:
        raise MailroomError("no spec to render")
    if Path(outdir).exists() and not Path(outdir).is_dir():
        raise MailroomError(f"{outdir}: is a file; -o names the folder to write into")
    folders = output_folders(paths, Path(outdir), kind)
    options = options or Options()
    options = replace(options, date=document_date(options.date))
    workers = min(jobs or os.cpu_count() or 1, len(paths))
    if workers <= 1:
        return [_report(render_one(p, folders[p], options, kind), progress) for p in paths]
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if "pdf" in options.formats:
        import weasyprint  # noqa: F401 - imported once here, inherited by the workers

    results: dict[Path, Rendered] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(render_one, p, folders[p], options, kind): p for p in paths}
        for future in as_completed(futures):
            results[futures[future]] = _report(future.result(), progress)
    return [results[p] for p in paths]


def _report(result: Rendered, progress: Callable[[Rendered], None] | None) -> Rendered:
    if progress is not None:
        progress(result)
    return result


def render_one(
    spec_path: Path, outdir: Path, options: Options, kind: Kind = "document"
) -> Rendered:
    """One spec's document in the asked formats, plus its diagrams as SVG; or its brief."""
    try:
        if kind == "brief":
            from mailroom.brief.build import build_brief

            return build_brief(spec_path, outdir, options)
        from mailroom.document.build import build_document

        return build_document(spec_path, outdir, options)
    except MailroomError as exc:
        return Rendered(spec_path, error=str(exc))


def render_briefs(
    specs: Sequence[Path | str],
    outdir: Path | str,
    options: Options | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[Rendered], None] | None = None,
) -> list[Rendered]:
    """Each spec's brief into outdir (a folder stands for the specs in it); the Python API
    behind `mailroom brief`. A spec that cannot be read is reported in its Rendered.error."""
    return render(specs, outdir, options, jobs=jobs, progress=progress, kind="brief")
