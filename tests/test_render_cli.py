"""`mailroom render`: files, formats, folders of specs, templates, and no `dot`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import SAMPLES
from tests.render_specs import HOSTILE_SPEC

from mailroom.diagrams import dot_program

LEAD = SAMPLES / "lead-push-salesforce-netsuite.yaml"
needs_dot = pytest.mark.skipif(dot_program() is None, reason="graphviz's dot is not installed")


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@needs_dot
def test_one_spec_writes_markdown_html_and_svg_into_the_folder(run, tmp_path):
    out = tmp_path / "out"
    result = run("render", str(LEAD), "-o", str(out), "--format", "md,html",
                 "--date", "2026-01-15")
    assert result.exit_code == 0, result.output
    stem = LEAD.stem
    assert names(out) == sorted([f"{stem}.md", f"{stem}.html", f"{stem}-context.svg",
                                 f"{stem}-flow1-salesforce-to-netsuite.svg", "stub"])
    assert result.stdout == (f"{LEAD}: wrote {out / (stem + '.md')}, "
                             f"{out / (stem + '.html')}, {out / 'stub'}/ and 2 diagrams\n")
    assert "2026-01-15" in (out / f"{stem}.md").read_text()


def test_unknown_format_is_refused(run, tmp_path):
    result = run("render", str(LEAD), "-o", str(tmp_path), "--format", "md,docx")
    assert result.exit_code == 2
    assert result.stderr == "Error: --format: expected a comma list of md, html, pdf, " \
        "got 'md,docx'\n"


def test_bad_date_is_refused(run, tmp_path):
    result = run("render", str(LEAD), "-o", str(tmp_path), "--date", "15/01/2026")
    assert result.exit_code == 2
    assert result.stderr == "Error: --date: expected YYYY-MM-DD, got '15/01/2026'\n"


def test_a_bad_spec_gets_the_loaders_message_and_exit_2(run, write, tmp_path):
    spec = write("bad.yaml", "spec: 1\nflows:\n  - id: a\n    trigger: sometimes\n")
    result = run("render", spec, "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {spec}:4: flows[0].trigger: expected one of event, "
                             "schedule, on-demand, got 'sometimes'\n")


def test_source_date_epoch_sets_the_date(run, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    run("render", str(LEAD), "-o", str(tmp_path), "--format", "md")
    assert "Integration requirements document · 2026-01-01 ·" in \
        (tmp_path / f"{LEAD.stem}.md").read_text()


def test_a_render_without_dot_still_writes_the_document(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no dot anywhere
    specs = [str(LEAD), str(SAMPLES / "commcare-openfn-dhis2.yaml")]
    result = run("render", *specs, "-o", str(tmp_path / "out"), "--format", "md,html")
    assert result.exit_code == 0, result.output
    warning = "Warning: graphviz's `dot` is not installed"
    assert result.stderr.count(warning) == 1  # said once, not once per spec or diagram
    md = (tmp_path / "out" / LEAD.stem / f"{LEAD.stem}.md").read_text()
    assert "```dot\ndigraph context {" in md and "```mermaid\nflowchart LR" in md
    assert ".svg)" not in md
    html = (tmp_path / "out" / LEAD.stem / f"{LEAD.stem}.html").read_text()
    assert '<div class="diagram-source"><pre><code class="language-dot">digraph' in html
    assert not list((tmp_path / "out").rglob("*.svg"))


def test_a_folder_of_specs_goes_into_one_folder_per_spec(run, tmp_path):
    result = run("render", str(SAMPLES), "-o", str(tmp_path / "out"), "--format", "md",
                 "--jobs", "2")
    assert result.exit_code == 0, result.output
    stems = sorted(p.stem for p in SAMPLES.glob("*.yaml"))
    assert names(tmp_path / "out") == stems
    for stem in stems:
        assert (tmp_path / "out" / stem / f"{stem}.md").is_file()
    assert not list((tmp_path / "out").rglob("*.tmp"))


def test_two_specs_with_one_stem_are_refused(run, write, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / LEAD.name).write_text(LEAD.read_text())
    result = run("render", str(LEAD), str(tmp_path / "a" / LEAD.name), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "would both be rendered into" in result.stderr


def test_an_interrupted_render_leaves_the_old_files_whole(run, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{LEAD.stem}.md").write_text("the old document\n")

    def interrupted(html: str) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr("mailroom.document.pdf.pdf_bytes", interrupted)
    result = run("render", str(LEAD), "-o", str(out))
    assert result.exit_code == 130
    assert names(out) == [f"{LEAD.stem}.md"]
    assert (out / f"{LEAD.stem}.md").read_text() == "the old document\n"


def test_user_templates_replace_the_packaged_ones(run, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "document.md.j2").write_text(
        "# {{ doc.title }}\n\n## Flows\n\n{% for f in doc.flows %}- {{ f.sentence }}\n"
        "{% endfor %}")
    result = run("render", str(LEAD), "-o", str(tmp_path / "out"), "--format", "md,html",
                 "--templates", str(templates))
    assert result.exit_code == 0, result.output
    md = (tmp_path / "out" / f"{LEAD.stem}.md").read_text()
    assert md.startswith("# Converted leads from Salesforce to NetSuite\n\n## Flows\n\n- ")
    html = (tmp_path / "out" / f"{LEAD.stem}.html").read_text()
    assert '<h2 id="flows">Flows</h2>' in html  # the packaged HTML shell wraps it


def test_user_templates_run_in_the_sandbox(run, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "document.md.j2").write_text(
        "{{ doc.__class__.__init__.__globals__['os'].system('touch pwned') }}")
    result = run("render", str(LEAD), "-o", str(tmp_path / "out"), "--format", "md",
                 "--templates", str(templates))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: template")
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


@needs_dot
def test_diagram_labels_escape_typed_markup(run, write, tmp_path):
    spec = write("hostile.yaml", HOSTILE_SPEC)
    result = run("render", spec, "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 0, result.output
    context = (tmp_path / "out" / "hostile-context.svg").read_text()
    assert "<script" not in context and "<i>" not in context
    assert ">Orders | with</text>" in context and "&lt;script&gt;pipes&lt;/script&gt;" in context
    assert "CRM &lt;i&gt;x&lt;/i&gt;" in context
    md = (tmp_path / "out" / "hostile.md").read_text()
    mermaid = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert "<" not in mermaid.replace("-->", "")
    assert 's0["CRM #60;i#62;x#60;/i#62;"]' in mermaid
    assert 's1["ERP #38; #34;Ledger#34;"]' in mermaid  # a typed quote cannot end the label


def test_weasyprint_is_imported_only_for_a_pdf(tmp_path):
    code = (
        "import sys; from mailroom.document.output import Options;"
        "from mailroom.document.render import render;"
        f"render([{str(LEAD)!r}], {str(tmp_path)!r}, Options(formats=('md', 'html')));"
        "print('weasyprint' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "MAILROOM_CACHE_DIR": str(tmp_path / "c")})
    assert out.stdout.strip() == "False", out.stderr


def test_an_output_path_that_is_a_file_is_refused(run, write, tmp_path):
    target = write("taken", "not a folder")
    result = run("render", str(LEAD), "-o", target, "--format", "md")
    assert result.exit_code == 2
    assert "is a file" in result.stderr


def test_a_folder_that_cannot_be_written_is_reported(run, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run("render", str(LEAD), "-o", str(locked), "--format", "md")
    assert result.exit_code == 2
    assert "cannot be written" in result.stderr


def test_rendering_again_leaves_unchanged_files_alone_and_rewrites_changed_ones(
        run, write, tmp_path):
    spec = write("lead.yaml", LEAD.read_text())
    out = tmp_path / "out"
    args = ("render", spec, "-o", str(out), "--format", "md,html", "--date", "2026-01-15")
    assert run(*args).exit_code == 0
    files = [p for p in out.rglob("*") if p.is_file()]
    for path in files:
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert run(*args).exit_code == 0
    assert {p.name for p in files if p.stat().st_mtime != 1_000_000_000} == set()

    Path(spec).write_text(LEAD.read_text().replace(
        "title: Converted leads", "title: Every converted lead"))
    assert run(*args).exit_code == 0
    changed = {p.name for p in files if p.stat().st_mtime != 1_000_000_000}
    assert {"lead.md", "lead.html", "README.md", "project.yaml"} <= changed
    assert "# Every converted lead" in (out / "lead.md").read_text()
