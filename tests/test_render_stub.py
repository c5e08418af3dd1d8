"""render also writes the runnable stub beside the document (issue: "also written by render")."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SAMPLES

SAMPLE = str(SAMPLES / "lead-push-salesforce-netsuite.yaml")


def test_render_writes_the_stub_into_outdir(run, tmp_path: Path):
    result = run("render", SAMPLE, "-o", str(tmp_path), "--format", "md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "stub" / "project.yaml").is_file()
    assert (tmp_path / "stub" / "README.md").is_file()
    assert f"{tmp_path}/stub/" in result.stdout


def test_no_stub_writes_only_the_document(run, tmp_path: Path):
    result = run("render", SAMPLE, "-o", str(tmp_path), "--format", "md", "--no-stub")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "stub").exists()
    assert (tmp_path / "lead-push-salesforce-netsuite.md").is_file()


def test_a_hand_edited_stub_is_kept_and_the_document_still_comes_out(run, tmp_path: Path):
    assert run("render", SAMPLE, "-o", str(tmp_path), "--format", "md").exit_code == 0
    edited = tmp_path / "stub" / "README.md"
    edited.write_text("my notes\n")
    result = run("render", SAMPLE, "-o", str(tmp_path), "--format", "md")
    assert result.exit_code == 0
    assert edited.read_text() == "my notes\n"
    assert "Warning: stub not written:" in result.stderr
    assert (tmp_path / "lead-push-salesforce-netsuite.md").is_file()
