"""`mailroom check` on several files and folders, as a pre-commit hook calls it: each file's
report under its name, the others still checked when one fails, the worst exit code; and
`--secrets-only`, which refuses a secret in any YAML and judges nothing else."""

from __future__ import annotations

import json

from tests.conftest import CONTRACT_SPEC

# The contract's example where NetSuite pulls on an event: an error finding (exit 1).
PULL_ON_EVENT = CONTRACT_SPEC.replace("mail_person: salesforce", "mail_person: netsuite").replace(
    "mailbox: netsuite", "mailbox: salesforce").replace("direction: push", "direction: pull")
AUTH_LINE = "    auth: {method: oauth2-client-credentials}\n"
SECRET_AUTH = "    auth: {method: basic, password: hunter2-Sup3r}"
WITH_SECRET = CONTRACT_SPEC.replace(AUTH_LINE, SECRET_AUTH + "\n")
SECRET_LINE = WITH_SECRET.splitlines().index(SECRET_AUTH) + 1
NOT_A_SPEC = "spec: 1\ntitle: Half written\nflows: sometimes\n"


def test_each_file_is_reported_under_its_name_and_the_worst_exit_code_wins(write, run):
    good = write("good.yaml", CONTRACT_SPEC)
    bad = write("bad.yaml", PULL_ON_EVENT)
    result = run("check", good, bad)
    assert result.exit_code == 1
    out = result.stdout
    first, second = out.index(f"{good}: Converted leads"), out.index(f"{bad}: Converted leads")
    assert first == 0 and second > first  # in the order given, each under its name
    assert "error [event-needs-push] trigger" in out[second:]
    assert "error [" not in out[:second]  # the good file's findings are its own
    assert out.endswith("\n2 files checked: 1 with an error finding.\n")
    assert run("check", good, good).stdout.endswith("\n1 file checked: no error finding.\n")


def test_a_file_that_cannot_be_read_does_not_stop_the_others(write, run, tmp_path):
    good = write("good.yaml", CONTRACT_SPEC)
    broken = write("broken.yaml", NOT_A_SPEC)
    missing = str(tmp_path / "missing.yaml")
    (tmp_path / "empty").mkdir()
    empty = str(tmp_path / "empty")
    result = run("check", broken, missing, empty, good)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {broken}:3: flows: expected a list, got 'sometimes'",
        f"Error: {missing}: no such file",
        f"Error: {empty}: holds no spec (*.yaml, *.yml or *.json)",
    ]
    assert result.stdout.startswith(f"{good}: Converted leads")
    assert result.stdout.endswith("\n4 files checked: 3 could not be read.\n")
    assert "Traceback" not in result.output


def test_a_folder_stands_for_the_specs_directly_inside_it(write, run, tmp_path):
    write("b.yaml", PULL_ON_EVENT)
    write("a.yml", CONTRACT_SPEC)
    write("notes.txt", "not a spec")
    (tmp_path / "deeper").mkdir()
    write("deeper/c.yaml", NOT_A_SPEC)  # not directly inside: not read
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    names = [line.split(": ")[0] for line in result.stdout.splitlines()
             if line.startswith(str(tmp_path))]
    assert names == [str(tmp_path / "a.yml"), str(tmp_path / "b.yaml")]
    assert result.stderr == ""


def test_json_for_several_files_gives_each_its_findings_or_errors(write, run):
    good = write("good.yaml", CONTRACT_SPEC)
    bad = write("bad.yaml", PULL_ON_EVENT)
    broken = write("broken.yaml", NOT_A_SPEC)
    result = run("check", "--format", "json", good, bad, broken)
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [(f["file"], sorted(f)) for f in files] == [
        (good, ["file", "findings"]), (bad, ["file", "findings"]), (broken, ["errors", "file"])]
    assert not [f for f in files[0]["findings"] if f["severity"] == "error"]
    assert [f["code"] for f in files[1]["findings"] if f["severity"] == "error"] == [
        "event-needs-push"]
    assert files[2]["errors"] == [{"file": broken, "line": 3, "field": "flows",
                                   "message": "expected a list, got 'sometimes'"}]
    # One file named on its own keeps the contract's shape.
    assert list(json.loads(run("check", "--format", "json", bad).stdout)) == ["findings"]


def test_secrets_only_refuses_a_secret_and_judges_nothing_else(write, run):
    bad = write("bad.yaml", PULL_ON_EVENT)  # an error finding is not a secret
    broken = write("broken.yaml", NOT_A_SPEC)  # nor is a spec that is not valid yet
    secret = write("secret.yaml", WITH_SECRET)
    draft = write("draft.yaml", "title: [not closed\nnotes: password: hunter2-Sup3r\n")
    result = run("check", "--secrets-only", bad, broken, secret, draft)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{bad}: no secret found.", f"{broken}: no secret found.",
        "4 files: 2 refused (a secret, or the file cannot be read)."]
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"Error: {secret}:{SECRET_LINE}: flows[0].auth.password: "
                                "holds a value under 'password'; a spec names only the auth")
    assert errors[1].startswith(f"Error: {draft}:2: holds ")  # YAML it cannot read: by line
    assert len(errors) == 2
    assert "hunter2" not in result.output
    assert run("check", "--secrets-only", bad, broken).exit_code == 0


def test_secrets_only_on_one_file_in_json_uses_checks_shapes(write, run):
    secret = write("secret.yaml", WITH_SECRET)
    result = run("check", "--secrets-only", "--format", "json", secret)
    assert result.exit_code == 2
    [error] = json.loads(result.stdout)["errors"]
    assert (error["line"], error["field"]) == (SECRET_LINE, "flows[0].auth.password")
    clean = run("check", "--secrets-only", "--format", "json", write("ok.yaml", CONTRACT_SPEC))
    assert (clean.exit_code, json.loads(clean.stdout)) == (0, {"findings": []})
