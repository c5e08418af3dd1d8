"""The PDF, checked by its properties, never by its bytes: pages, text, vector
diagrams and nothing past the margins. One render (two specs, in parallel) is
shared by the whole module, since printing takes a second or two."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SAMPLES
from tests.render_specs import HOSTILE_SPEC

from mailroom.diagrams import dot_program
from mailroom.document.output import Options
from mailroom.document.render import render
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.reading import load_spec

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or dot_program() is None,
    reason="needs poppler-utils (pdftotext) and graphviz (dot)",
)
SAMPLE = SAMPLES / "commcare-openfn-dhis2.yaml"
MM = 72 / 25.4  # points per millimetre
SIDE_MARGIN = 18 * MM  # print.css: @page margin 22mm 18mm 20mm 18mm


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    hostile = root / "hostile.yaml"
    hostile.write_text(HOSTILE_SPEC, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAILROOM_CACHE_DIR", str(root / "cache"))
        results = render([SAMPLE, hostile], root / "out", Options(formats=("pdf",),
                         date="2026-01-15"), jobs=2)
    assert [r.error for r in results] == [None, None]
    return {r.spec.stem: next(f for f in r.files if f.suffix == ".pdf") for r in results}


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def test_page_count_and_page_numbers(rendered):
    pdf = rendered[SAMPLE.stem]
    pages = page_count(pdf)
    assert 6 <= pages <= 20
    text = pdf_text(pdf)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_cover_comes_first_then_the_contents(rendered):
    pages = pdf_text(rendered[SAMPLE.stem]).split("\f")
    assert "INTEGRATION REQUIREMENTS DOCUMENT" in pages[0]
    assert "Household visits from CommCare" in pages[0] and "Grace Wanjiru" in pages[0]
    assert "Contents" in pages[1] and "Glossary" in pages[1]
    assert "Household visits from CommCare to DHIS2 through OpenFn" in pages[2]  # header


def test_every_flow_sentence_is_in_the_text(rendered):
    text = flat(pdf_text(rendered[SAMPLE.stem]))
    for flow in facts_of(load_spec(SAMPLE).spec).flows:
        assert flat(flow.sentence_with_roles) in text


def test_diagrams_are_vector_not_pictures(rendered):
    pdf = rendered[SAMPLE.stem]
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # no raster image anywhere
    text = pdf_text(pdf)
    # The diagrams' labels are text in the PDF, as only vector drawings keep them.
    assert "(mail person)" in text and "1. CommCare pushes" in text


def test_nothing_is_printed_past_the_side_margins(rendered):
    for pdf in rendered.values():
        out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
        for x_min, x_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)',
                out):
            assert float(x_min) >= SIDE_MARGIN - 1, (pdf.name, word, x_min)
            assert float(x_max) <= width - SIDE_MARGIN + 1, (pdf.name, word, x_max)


def test_typed_markup_is_text_in_the_pdf(rendered):
    text = flat(pdf_text(rendered["hostile"]))
    assert "<script>alert('title')</script> | *stars* & [link](javascript:alert(1))" in text
