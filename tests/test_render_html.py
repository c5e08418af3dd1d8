"""The HTML document: every section there, a table of contents, diagrams embedded,
and everything stakeholders typed shown as text, never as markup."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from tests.conftest import SAMPLES
from tests.render_specs import HOSTILE_SPEC, UNKNOWN_SPEC

from mailroom.diagrams import dot_program
from mailroom.document.output import Options
from mailroom.document.render import render
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.reading import load_spec

SECTIONS = ["summary", "why", "systems-and-their-mailboxes", "responsibilities", "data-protection",
            "risks", "open-questions", "stakeholders-and-sign-off", "glossary"]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def html_of(spec: Path, out: Path) -> str:
    [result] = render([spec], out, Options(formats=("html",), date="2026-01-15"), jobs=1)
    assert result.error is None, result.error
    return (out / f"{spec.stem}.html").read_text(encoding="utf-8")


@pytest.fixture
def hostile(tmp_path) -> str:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    return html_of(spec, tmp_path / "out")


def test_every_section_has_its_heading_and_an_entry_in_the_contents(tmp_path):
    html = html_of(SAMPLES / "commcare-openfn-dhis2.yaml", tmp_path)
    for anchor in [*SECTIONS, "flow-1-household-visit-forms-from-commcare-to-openfn",
                   "flow-2-immunisation-events-from-openfn-to-dhis2"]:
        assert f'<h2 id="{anchor}">' in html, anchor
        assert f'<a href="#{anchor}">' in html, anchor
    for topic in ["Roles", "Trigger and timing", "Data", "Volume and latency",
                  "Transport and format", "Authentication", "Business logic",
                  "Error handling", "Personal data", "Pattern", "Sequence"]:
        assert f">{topic}</h3>" in html, topic
    assert '<header class="cover">' in html and "Ready for sign-off" in html


def test_each_flow_sentence_is_in_the_html(tmp_path):
    spec = SAMPLES / "intranet-hr-office-lookup.yaml"
    html = html_of(spec, tmp_path)
    loaded = load_spec(spec).spec
    inline = re.sub(r"</?bdi[^>]*>", "", html)  # isolation wraps words inside a sentence
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", inline)).split())
    for flow in facts_of(loaded).flows:
        assert flow.sentence_with_roles in text


@pytest.mark.skipif(dot_program() is None, reason="graphviz's dot is not installed")
def test_diagrams_are_embedded_svg_and_mermaid_stays_in_the_markdown(tmp_path):
    html = html_of(SAMPLES / "lead-push-salesforce-netsuite.yaml", tmp_path)
    images = re.findall(r'<img src="([^"]+)" alt="[^"]*" class="diagram"', html)
    assert len(images) == 2
    assert all(src.startswith("data:image/svg+xml;base64,") for src in images)
    assert "mermaid" not in html and "sequenceDiagram" not in html


def test_typed_markup_is_shown_as_text(hostile):
    assert "<script" not in hostile
    assert "<img src=x" not in hostile and "<b>" not in hostile and "<i>x" not in hostile
    assert "<title>&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; | *stars* &amp; " in hostile
    assert ('<h1 class="title"><bdi>&lt;script&gt;alert(\'title\')&lt;/script&gt; | *stars* '
            "&amp; [link](javascript:alert(1))</bdi></h1>") in hostile
    assert 'href="javascript' not in hostile
    assert "Ann &lt;img src=x onerror=alert(1)&gt;" in hostile
    assert "&amp;amp; not an entity" in hostile  # '&amp;' typed stays '&amp;' on screen


def test_a_pipe_in_a_table_cell_stays_in_its_cell(hostile):
    row = re.search(r"<tr>\s*<td><bdi>Ann[^<]*</bdi></td>\s*<td><bdi>([^<]*)</bdi></td>\s*"
                    r"<td><bdi>([^<]*)</bdi></td>", hostile)
    assert row is not None
    assert row.group(1) == "PM | lead" and row.group(2) == "A&amp;B *Corp*"


def test_unknown_spec_is_a_draft_that_lists_its_questions(tmp_path):
    spec = tmp_path / "unknowns.yaml"
    spec.write_text(UNKNOWN_SPEC, encoding="utf-8")
    html = html_of(spec, tmp_path / "out")
    asked = len(facts_of(load_spec(spec).spec).questions)  # what check asks, the document counts
    assert asked >= 15
    assert f"Draft: {asked} open questions" in html
    assert html.count("<em>Not decided yet</em> (Q") >= 5
    assert f"<strong>Q{asked}</strong>" in html
