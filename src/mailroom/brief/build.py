"""`mailroom brief`: one spec's one-page sales brief, from the file to the files.

The same pipeline as the requirements document: a view object, Markdown from a
template, HTML made from that Markdown, and a PDF printed from the HTML, each file
written atomically as `<stem>-brief.md`, `.html` and `.pdf`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from mailroom.catalog.loading import entry_ids, load_catalog
from mailroom.diagrams import Diagram, DotMissing, Drawing, context_diagram
from mailroom.diagrams.graphviz import print_copies
from mailroom.document.output import STEM, Options, Rendered, render_template, write_output
from mailroom.document.parts import DiagramView
from mailroom.facts.spec_facts import facts_of
from mailroom.outfolder import short_name
from mailroom.spec.reading import load_spec

if TYPE_CHECKING:
    from mailroom.brief.view import BriefView
    from mailroom.document.direction import Isolator
    from mailroom.facts.spec_facts import SpecFacts

SUFFIX = "-brief"


def _fit_to_page(make_html: Callable[[str], str]) -> tuple[str, str, bytes]:
    """The density, the HTML and its PDF at the first density that fits on one A4 page (else
    the densest: a spec with many flows may need two)."""
    from mailroom.brief.view import DENSITIES
    from mailroom.document.pdf import pdf_and_pages

    for density in DENSITIES:
        html = make_html(density)
        pdf, pages = pdf_and_pages(html)
        if pages == 1:
            break
    return density, html, pdf


def build_brief(spec_path: Path, outdir: Path, options: Options) -> Rendered:
    from mailroom.brief.view import brief_view
    from mailroom.document.direction import isolator

    loaded = load_spec(spec_path, options.cache)
    catalog = load_catalog(options.catalog, ids=entry_ids(loaded.spec), cache=options.cache)
    facts = facts_of(loaded.spec, catalog)
    result = Rendered(spec_path)
    stem = short_name(spec_path.stem, STEM) + SUFFIX
    picture, diagram, svgs = _draw(facts, stem, result)
    view = brief_view(facts, source=spec_path.name, date=options.date or "", catalog=catalog,
                      diagram=diagram)
    printed = {name: print_copies([picture], {picture.name: svg})[picture.name]
               for name, svg in svgs.items()}
    outputs = {**svgs, **_documents(view, stem, (svgs, printed), options, isolator(facts.spec))}
    result.files = [write_output(outdir, name, content) for name, content in outputs.items()]
    return result


def _draw(
    facts: SpecFacts, stem: str, result: Rendered
) -> tuple[Diagram, DiagramView, dict[str, str]]:
    """The context diagram as a banner, its view, and its SVG file (none when graphviz is
    missing)."""
    picture = context_diagram(facts, banner=True)
    name = f"{stem}-{picture.name}.svg"
    svgs: dict[str, str] = {}
    if any(flow.source and flow.destination for flow in facts.spec.flows):  # something to draw
        try:
            svgs = {name: Drawing([picture]).svgs()[picture.name]}
        except DotMissing as exc:
            result.warnings.append(str(exc))
    view = DiagramView(picture.name, picture.title, name if svgs else None, picture.dot,
                       picture.mermaid)
    return picture, view, svgs


def _documents(
    view: BriefView, stem: str, pictures: tuple[dict[str, str], dict[str, str]],
    options: Options, isolate: Isolator,
) -> dict[str, str | bytes]:
    """The brief's files; `pictures`: the diagram's SVG for the HTML, and for the PDF (drawn
    with glyph outlines where weasyprint cannot lay its text out: graphviz.print_copies)."""
    from mailroom.brief.view import estimated_density
    from mailroom.document.html import brief_html
    from mailroom.document.templating import (
        BRIEF_MARKDOWN_TEMPLATE,
        BRIEF_STYLESHEET,
        html_environment,
        markdown_environment,
        stylesheet,
    )

    templates, cache = options.templates, options.cache
    markdown_text = render_template(lambda: markdown_environment(templates, cache).get_template(
        BRIEF_MARKDOWN_TEMPLATE).render(brief=view))

    svgs, printed = pictures

    def make_html(density: str, svgs: dict[str, str] = svgs) -> str:
        return render_template(lambda: brief_html(
            replace(view, density=density), markdown_text, html_environment(templates, cache),
            stylesheet(templates, BRIEF_STYLESHEET), svgs, isolate))

    outputs: dict[str, str | bytes] = {}
    if "md" in options.formats:
        outputs[f"{stem}.md"] = markdown_text
    if "pdf" in options.formats:
        density, html_text, outputs[f"{stem}.pdf"] = _fit_to_page(
            lambda density: make_html(density, printed))
        if "html" in options.formats:
            outputs[f"{stem}.html"] = html_text if printed == svgs else make_html(density)
    elif "html" in options.formats:
        outputs[f"{stem}.html"] = make_html(estimated_density(view))
    return outputs
