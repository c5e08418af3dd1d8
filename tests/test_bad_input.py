"""Bad input: one clear message naming file, line and field, exit code 2, never a traceback."""

from __future__ import annotations

import pytest
from tests.conftest import CONTRACT_SPEC


def test_wrong_vocabulary_names_file_line_field_and_choices(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace("trigger: event", "trigger: sometimes"))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:21: flows[0].trigger: expected one of event, schedule, on-demand, "
        "got 'sometimes'\n"
    )
    assert result.stdout == ""


def test_wrong_type_for_a_yes_no_field(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace("personal_data: true", "personal_data: [a]"))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:30: flows[0].personal_data: expected true, false or null "
        "(not known yet), got a list\n"
    )


def test_unknown_field_suggests_the_close_one(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace("    latency:", "    latncy:"))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:32: flows[0].latncy: unknown field 'latncy'; did you mean 'latency'?\n"
    )


def test_every_problem_is_listed_one_per_line(write, run):
    text = CONTRACT_SPEC.replace("trigger: event", "trigger: often").replace(
        "api: true\n", "api: maybe\n", 1
    )
    path = write("spec.yaml", text)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {path}:9: systems[0].api: expected true, false or null (not known yet), "
        "got 'maybe'",
        f"Error: {path}:21: flows[0].trigger: expected one of event, schedule, on-demand, "
        "got 'often'",
    ]


def test_missing_id(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace("  - id: salesforce-to-netsuite\n", "  -\n"))
    result = run("check", path)
    assert result.exit_code == 2
    assert "flows[0].id: is required" in result.stderr


def test_malformed_yaml_gives_the_line(write, run):
    path = write("spec.yaml", "title: x\nsystems:\n  - id: a\n   name: [unclosed\n")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path}:")
    assert "is not valid YAML" in result.stderr
    assert "Traceback" not in result.output


def test_unquoted_cron_gets_a_hint(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace("schedule: null", "schedule: */30 * * * *"))
    result = run("check", path)
    assert result.exit_code == 2
    assert f"{path}:23: is not valid YAML" in result.stderr
    assert 'put quotes around values that start with *, e.g. schedule: "*/30 * * * *"' in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "{path}:1: the file is empty; a spec starts with `spec: 1` and a title\n"),
        ("   \n\n", "{path}:1: the file is empty; a spec starts with `spec: 1` and a title\n"),
        ("# nothing yet\n", "{path}:1: the file has only comments; a spec starts with `spec: 1`\n"),
        ("- a\n- b\n", "{path}:1: expected a mapping at the top (spec:, title:, systems:, "
                       "flows:), got a list\n"),
        ("spec: 2\n", "{path}:1: spec: this mailroom reads spec format 1, got 2\n"),
        ("title: [1, 2]\n", "{path}:1: title: expected text, got a list\n"),
        ("flows: {id: x}\n", "{path}:1: flows: expected a list, got a mapping\n"),
        ("flows:\n  - id: a\n    auth: basic\n",
         "{path}:3: flows[0].auth: expected a mapping such as `auth: {{method: basic}}`, "
         "got text\n"),
    ],
)
def test_file_that_is_not_a_spec(write, run, content, message):
    path = write("spec.yaml", content)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == "Error: " + message.format(path=path)


def test_missing_file(run, tmp_path):
    path = str(tmp_path / "nope.yaml")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: no such file\n"


def test_a_folder_without_specs(run, tmp_path):
    (tmp_path / "notes.txt").write_text("a folder stands for the specs in it: none here")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path}: holds no spec (*.yaml, *.yml or *.json)\n"


def test_binary_file(write, run):
    path = write("image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: is a binary file, not a YAML or JSON spec\n"


def test_not_utf8(write, run):
    path = write("latin1.yaml", "title: ok\nwhy: caf\xe9\n".encode("latin-1"))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:2: is not UTF-8 text; save the file as UTF-8 and try again\n"
    )


def test_huge_file(write, run):
    path = write("huge.yaml", "title: x\n" + "# padding\n" * 300_000)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}: is 2.9 MiB, too large for a spec (the limit is 2.0 MiB); "
        "is this the right file?\n"
    )


def test_json_spec_is_read_too(write, run):
    path = write("spec.json", '{"spec": 1, "title": "J", "flows": [{"id": "a", "trigger": "x"}]}')
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {path}:1: flows[0].trigger: expected one of event, schedule, on-demand, "
        "got 'x'\n"
    )


def test_unexpected_failure_has_no_traceback_without_debug(write, monkeypatch):
    from click.testing import CliRunner

    from mailroom import checks
    from mailroom.cli import main

    def boom(*args):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(checks, "run_checks", boom)
    path = write("spec.yaml", CONTRACT_SPEC)
    result = CliRunner().invoke(main, ["check", path])
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: mailroom failed unexpectedly (RuntimeError: kaboom). "
        "Run again with --debug for the details, and report it.\n"
    )
    debug = CliRunner().invoke(main, ["--debug", "check", path])
    assert isinstance(debug.exception, RuntimeError)
