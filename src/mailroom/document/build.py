"""One spec's document, from the file to the files: the steps in order."""

from __future__ import annotations

from pathlib import Path

from mailroom.catalog.loading import entry_ids, load_catalog
from mailroom.diagrams import DotMissing, Drawing
from mailroom.diagrams.graphviz import print_copies
from mailroom.document.output import STEM, Options, Rendered, render_template, write_output
from mailroom.document.views import document_view, plan_diagrams
from mailroom.errors import MailroomError
from mailroom.facts.spec_facts import facts_of
from mailroom.outfolder import inside, short_name
from mailroom.spec.reading import LoadedSpec, load_spec


def build_document(spec_path: Path, outdir: Path, options: Options) -> Rendered:
    """The document's files, then (unless options.stub is off) the stub's, in OUTDIR/stub."""
    loaded = load_spec(spec_path, options.cache)
    result = Rendered(spec_path)
    _write_document(loaded, spec_path, outdir, options, result)
    if options.stub:
        _write_stub(inside(outdir, "stub"), _stub_files(loaded, spec_path, options.cache), result)
    return result


def _write_document(
    loaded: LoadedSpec, spec_path: Path, outdir: Path, options: Options, result: Rendered
) -> None:
    stem = short_name(spec_path.stem, STEM)
    catalog = load_catalog(options.catalog, ids=entry_ids(loaded.spec), cache=options.cache)
    facts = facts_of(loaded.spec, catalog)
    diagrams = plan_diagrams(facts)
    drawing: Drawing | None = None
    try:
        drawing = Drawing(diagrams.all())  # graphviz draws while the text is written
    except DotMissing as exc:
        result.warnings.append(str(exc))
    # Imported once graphviz is busy: Jinja and markdown-it load while it draws.
    from mailroom.document.direction import isolator
    from mailroom.document.html import html_document
    from mailroom.document.templating import (
        MARKDOWN_TEMPLATE,
        html_environment,
        markdown_environment,
        stylesheet,
    )

    files = {name: f"{stem}-{name}.svg" for name in (drawing.names if drawing else [])}
    view = document_view(facts, source=spec_path.name, date=options.date or "",
                         diagrams=diagrams, files=files, catalog=catalog)
    templates, cache = options.templates, options.cache
    markdown_text = render_template(lambda: markdown_environment(templates, cache).get_template(
        MARKDOWN_TEMPLATE).render(doc=view))
    drawn = drawing.svgs() if drawing else {}
    svgs = {files[name]: svg for name, svg in drawn.items()}
    outputs: dict[str, str | bytes] = dict(svgs)
    if "md" in options.formats:
        outputs[f"{stem}.md"] = markdown_text

    def html_of(pictures: dict[str, str]) -> str:
        return render_template(lambda: html_document(
            view, markdown_text, html_environment(templates, cache), stylesheet(templates),
            pictures, isolator(facts.spec)))

    if "html" in options.formats or "pdf" in options.formats:
        html_text = html_of(svgs)
        if "html" in options.formats:
            outputs[f"{stem}.html"] = html_text
        if "pdf" in options.formats:
            from mailroom.document.pdf import pdf_bytes

            printed = print_copies(diagrams.all(), drawn)
            outputs[f"{stem}.pdf"] = pdf_bytes(html_text if printed == drawn else html_of(
                {files[name]: svg for name, svg in printed.items()}))
    for name, content in outputs.items():
        result.files.append(write_output(outdir, name, content))


def _stub_files(loaded: LoadedSpec, spec_path: Path, cache: Path | None) -> dict[str, str]:
    """The stub's files: the runnable starting point the document promises."""
    from mailroom.stub import build_stub, provenance

    return build_stub(loaded.spec, provenance(loaded, str(spec_path)), cache)[1]


def _write_stub(folder: Path, files: dict[str, str], result: Rendered) -> None:
    try:
        from mailroom.stub.folder import write_folder  # the stub package: only when written

        written = write_folder(folder, files)
        result.files.append(written.outdir)
        result.warnings.extend(f"stub: {warning}" for warning in written.warnings)
    except MailroomError as exc:  # hand-edited stub files are kept; the document still comes out
        result.warnings.append(f"stub not written: {exc}")
