"""The Markdown document: snapshots of every sample, escaping, and unknowns said as such.

The snapshots live in tests/snapshots/render/<name>.md. After a deliberate change
to the document, regenerate them and review the diff:

    MAILROOM_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_render_markdown.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from tests.conftest import REPO, SAMPLES
from tests.render_specs import DETAILED_SPEC, HOSTILE_SPEC, UNKNOWN_SPEC

from mailroom.checks import run_checks
from mailroom.diagrams import dot_program
from mailroom.document.markdown import escape, to_html
from mailroom.document.output import Options
from mailroom.document.render import render
from mailroom.spec.reading import load_spec

SNAPSHOTS = REPO / "tests" / "snapshots" / "render"
UPDATE = os.environ.get("MAILROOM_UPDATE_SNAPSHOTS") == "1"
DATE = "2026-01-15"
needs_dot = pytest.mark.skipif(dot_program() is None, reason="graphviz's dot is not installed")


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def markdown_of(spec: Path, out: Path) -> str:
    [result] = render([spec], out, Options(formats=("md",), date=DATE), jobs=1)
    assert result.error is None, result.error
    return (out / f"{spec.stem}.md").read_text(encoding="utf-8")


def check_snapshot(name: str, text: str) -> None:
    snapshot = SNAPSHOTS / f"{name}.md"
    if UPDATE:
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    if not snapshot.exists():
        pytest.fail(f"no snapshot {snapshot}; write it with MAILROOM_UPDATE_SNAPSHOTS=1")
    assert text == snapshot.read_text(encoding="utf-8"), (
        f"{name}.md differs from its snapshot; if the change is meant, regenerate with "
        "MAILROOM_UPDATE_SNAPSHOTS=1 (see this file's docstring)")


@needs_dot
@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_sample_markdown_matches_its_snapshot(sample, tmp_path):
    check_snapshot(sample.stem, markdown_of(sample, tmp_path))


@needs_dot
@pytest.mark.parametrize("name, text", [("hostile", HOSTILE_SPEC), ("unknowns", UNKNOWN_SPEC),
                                        ("detailed", DETAILED_SPEC)])
def test_edge_case_markdown_matches_its_snapshot(name, text, tmp_path):
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(text, encoding="utf-8")
    check_snapshot(name, markdown_of(spec, tmp_path / "out"))


def test_every_flow_is_its_sentence_with_the_mail_person_first(tmp_path):
    md = markdown_of(SAMPLES / "contacts-poll-netsuite-salesforce.yaml", tmp_path)
    assert ("1. NetSuite (mail person) pulls billing contacts from Salesforce's REST API "
            "(mailbox) every 30 minutes.") in md
    assert "> NetSuite (mail person) pulls billing contacts" in md


def test_unknowns_say_not_decided_and_list_every_open_question(tmp_path):
    spec = tmp_path / "unknowns.yaml"
    spec.write_text(UNKNOWN_SPEC, encoding="utf-8")
    md = markdown_of(spec, tmp_path / "out")
    assert md.count("*Not decided yet*") >= 5
    # Each fact, table cell or section that is not decided says where it is asked (the
    # sentences say it in their own words: "at a time not decided yet").
    cells = re.findall(r"\*[Nn]ot decided yet\*(.{0,12})", md)
    assert cells and all(re.match(r" \((Q\d+|see the)", after) for after in cells), cells
    lines = re.findall(r"^Not decided yet: .*$", md, re.MULTILINE)
    assert lines and all(re.search(r"\((Q\d+|see the)[^)]*\)\.$", line) for line in lines), lines
    questions = [f for f in run_checks(load_spec(spec).spec) if f.code == "open-question"]
    assert questions
    for question in questions:
        assert escape(question.message) in md, question.message
    assert f"**Q{len(questions)}**" in md
    # Nothing is invented: no pattern, trigger or auth method appears as a fact.
    assert "**Method:** *not decided yet* (Q" in md and "**Pattern:**" not in md


def test_a_mailbox_whose_interface_is_open_still_says_what_its_team_can_do(tmp_path):
    """Whether the mailbox must build an interface is open (its question is named); that its
    team has no developers is what the spec says, and the row says it."""
    spec = tmp_path / "lab.yaml"
    spec.write_text(
        "spec: 1\ntitle: Patients to the lab\nsystems:\n"
        "  - {id: clinic, name: Clinic App, api: true, events: true, skills: true}\n"
        "  - {id: lab, name: Lab System, skills: false}\n"
        "flows:\n  - {id: in, data: patients, source: clinic, destination: lab, "
        "trigger: event, event: a patient is registered}\n", encoding="utf-8")
    md = markdown_of(spec, tmp_path / "out")
    [row] = [line for line in md.splitlines() if line.startswith("| Mailbox | Lab System")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    question = re.search(r"\*\*(Q\d+)\*\* Does Lab System have a (?:usable API|way in)", md)
    assert question, md
    assert cells[2] == f"Whether it offers an interface for this data is not decided yet " \
                       f"({question.group(1)})"
    assert cells[4] == "No"


def test_stakeholder_text_cannot_become_markdown(tmp_path):
    spec = tmp_path / "hostile.yaml"
    spec.write_text(HOSTILE_SPEC, encoding="utf-8")
    md = markdown_of(spec, tmp_path / "out")
    assert "# \\<script\\>alert('title')\\</script\\> \\| \\*stars\\* & \\[link" in md
    assert "\\[link\\](javascript:alert(1))" in md
    assert "\n# not a heading" not in md and "\n- not a list" not in md
    assert "| 10 \\| day |" not in md  # volume is in a list, but a cell would be escaped
    assert "Ann \\<img src=x onerror=alert(1)\\>" in md


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "a | b", "*em* _em_ **strong**", "[x](http://e.com)",
    "![i](x.png)", "# heading", "- item", "1. item", "> quote", "`code`", "a\\b",
    "&amp; &#35; &copy;", "line\nbreak", "KEY_NAME snake_case _x_", "~~gone~~", "<http://x>",
])
def test_escaped_text_renders_as_exactly_that_text(text):
    import html

    body = to_html(escape(text), from_first_h2=False).html
    assert body == f"<p>{html.escape(' '.join(text.split()), quote=False)}</p>\n"
