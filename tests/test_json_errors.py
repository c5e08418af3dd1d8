"""`check --format json` and `compare --format json` on a file that cannot be read: a
program still gets JSON on standard output, `{"errors": [...]}`, with exit code 2
(issue 13, item 9)."""

from __future__ import annotations

import json

from tests.conftest import SAMPLES

from mailroom.spec.problems import problem

BAD_TRIGGER = """\
spec: 1
title: Leads
flows:
  - id: a
    trigger: sometimes
"""


def test_check_json_on_an_invalid_spec_names_file_line_and_field(run, write):
    path = write("bad.yaml", BAD_TRIGGER)
    result = run("check", "--format", "json", path)
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert {"file": path, "line": 5, "field": "flows[0].trigger",
            "message": "expected one of event, schedule, on-demand, got 'sometimes'"} in errors
    assert result.stderr.startswith(f"Error: {path}:")  # people still read it there


def test_check_json_on_a_missing_file(run, tmp_path):
    path = str(tmp_path / "nothere.yaml")
    result = run("check", "--format", "json", path)
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {"errors": [
        {"file": path, "line": None, "field": None, "message": "no such file"}]}


def test_check_json_on_a_file_that_is_not_text(run, write):
    path = write("latin.yaml", b"spec: 1\ntitle: Caf\xe9\n")
    result = run("check", "--format", "json", path)
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert (error["file"], error["line"], error["field"]) == (path, 2, None)
    assert error["message"].startswith("is not UTF-8 text")


def test_check_text_prints_nothing_on_standard_output(run, tmp_path):
    result = run("check", str(tmp_path / "nothere.yaml"))
    assert (result.exit_code, result.stdout) == (2, "")


def test_compare_json_names_every_file_that_cannot_be_read(run, write, tmp_path):
    bad = write("bad.yaml", BAD_TRIGGER)
    missing = str(tmp_path / "nothere.yaml")
    good = str(SAMPLES / "compare" / "dana-pm.yaml")
    result = run("compare", "--format", "json", bad, good, missing)
    assert result.exit_code == 2
    errors = json.loads(result.stdout)["errors"]
    assert [(e["file"], e["field"]) for e in errors] == [
        (bad, "flows[0].trigger"), (missing, None)]
    assert result.stderr.splitlines()[-1] == f"Error: {missing}: no such file"


def test_a_message_is_taken_apart():
    assert problem("a.yaml:3: systems[1].auth.method: unknown", "a.yaml") == {
        "file": "a.yaml", "line": 3, "field": "systems[1].auth.method", "message": "unknown"}
    assert problem("a.yaml: is a folder, not a spec file", "a.yaml") == {
        "file": "a.yaml", "line": None, "field": None, "message": "is a folder, not a spec file"}
    assert problem("a.yaml:1: the file is empty; a spec starts with `spec: 1`", "a.yaml")[
        "field"] is None
    assert problem("cat/x.yaml:4: vendor: missing", "a.yaml") == {
        "file": "cat/x.yaml", "line": 4, "field": "vendor", "message": "missing"}
