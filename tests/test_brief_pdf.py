"""The brief's PDF, checked by its properties: one A4 page for each sample prospect and for
two-flow specs written to be long, the text a prospect reads, and nothing past the
margins. One render (in parallel) is shared by the module, since printing takes a second."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from mailroom.diagrams import dot_program
from mailroom.document.output import Options
from mailroom.document.render import render_briefs
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.reading import load_spec

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None
    or dot_program() is None,
    reason="needs poppler-utils (pdftotext, pdfinfo) and graphviz (dot)",
)
MM = 72 / 25.4
SIDE_MARGIN = 16 * MM  # brief.css: @page margin 14mm 16mm 13mm 16mm
PROSPECTS = sorted((SAMPLES / "briefs").glob("*.yaml"))

# Two flows between two catalog systems, every text as long as people type them, a
# webhook, and unknowns that bring the vendor's documents and open questions along.
LONG_TWO_FLOWS = """\
spec: 1
title: How Salesforce integrates with NetSuite
answered_by: Dana Ortiz
our_system: salesforce
stakeholders:
  - {name: Dana Ortiz, role: sales engineer for enterprise accounts}
systems:
  - {id: salesforce, name: Salesforce Sales Cloud, catalog: salesforce}
  - {id: netsuite, name: NetSuite OneWorld, catalog: netsuite}
flows:
  - id: salesforce-to-netsuite
    data: Converted leads and their opportunities (account name, billing contact, email,
      phone, billing address, payment terms, expected close date, products and quantities)
    source: salesforce
    destination: netsuite
    mail_person: salesforce
    mailbox: netsuite
    trigger: event
    event: a sales representative converts a qualified lead into an account with an
      opportunity that has at least one product line and a signed quote attached
    transport: rest
    pattern: clone
    latency: 15 minutes, and before the nightly invoicing run at 23:00 at the latest
  - id: netsuite-to-salesforce
    data: Invoice and payment status for every account (invoice number, amount due,
      amount paid, days overdue, credit hold flag, collections owner)
    source: netsuite
    destination: salesforce
    mail_person: netsuite
    mailbox: salesforce
    trigger: event
    event: an invoice is created, paid in part or in full, written off, or put on
      credit hold by the collections team in the finance department
    transport: webhook
    pattern: push
    latency: 1 hour
"""


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("briefs")
    long = root / "long-two-flows.yaml"
    long.write_text(LONG_TWO_FLOWS, encoding="utf-8")
    specs = [*PROSPECTS, SAMPLES / "commcare-openfn-dhis2.yaml", long]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAILROOM_CACHE_DIR", str(root / "cache"))
        results = render_briefs(specs, root / "out", Options(formats=("html", "pdf"),
                                date="2026-01-15"), jobs=2)
    assert [r.error for r in results] == [None] * len(specs)
    return {r.spec.stem: next(f for f in r.files if f.suffix == ".pdf") for r in results}


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(re.findall(r"^([^:]+):\s+(.*)$", out.stdout, re.MULTILINE))


def test_each_brief_is_exactly_one_a4_page(briefs):
    assert len(briefs) == len(PROSPECTS) + 2
    for name, pdf in briefs.items():
        info = pdf_info(pdf)
        assert info["Pages"] == "1", name
        assert info["Page size"].startswith("595.") and " x 841." in info["Page size"], name


def test_a_long_two_flow_spec_is_set_tighter_to_stay_on_one_page(briefs):
    html = briefs["long-two-flows"].with_suffix(".html").read_text(encoding="utf-8")
    assert re.search(r'<body class="(compact|dense|tight)">', html)
    prospect = briefs["clinicflow-dhis2"].with_suffix(".html").read_text(encoding="utf-8")
    assert '<body class="normal">' in prospect


def test_the_page_reads_as_the_answer_to_do_you_integrate_with(briefs):
    for spec_path in [*PROSPECTS, SAMPLES / "commcare-openfn-dhis2.yaml"]:
        spec = load_spec(spec_path).spec
        text = flat(pdf_text(briefs[spec_path.stem]))
        assert flat(spec.title or "") in text or spec_path.stem == "commcare-openfn-dhis2"
        for flow in facts_of(spec).flows:
            assert flat(flow.sentence) in text
        for heading in ("IN SHORT", "THE PATTERN, AND WHAT IT MEANS FOR YOU", "WHAT STARTS IT",
                        "WHAT YOU PROVIDE", "NOT INCLUDED", "TO SETTLE BEFORE A COMMITMENT"):
            assert heading in text, (spec_path.stem, heading)
        assert "Who built it?" in text and "A demo." in text


def test_nothing_is_printed_past_the_side_margins(briefs):
    for pdf in briefs.values():
        out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        width = float(re.search(r'<page width="([\d.]+)"', out).group(1))
        for x_min, x_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)',
                out):
            assert float(x_min) >= SIDE_MARGIN - 1, (pdf.name, word, x_min)
            assert float(x_max) <= width - SIDE_MARGIN + 1, (pdf.name, word, x_max)
