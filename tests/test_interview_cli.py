"""`mailroom interview` without a terminal (as under CI): answers come from a file."""

from __future__ import annotations

import json

import pytest
from tests.conftest import CONTRACT_SPEC, SAMPLES

from mailroom.spec.reading import load_spec
from mailroom.spec.records import as_data

COMPLETE = CONTRACT_SPEC.replace(
    "  - {id: netsuite,", "    platform: false\n    third_party: false\n    kind: CRM\n"
    "    owner: Sales operations\n  - {id: netsuite,"
).replace("skills: false}", "skills: false, platform: false, third_party: false, kind: ERP,\n"
          "     owner: Finance systems, interface: REST API (customer records)}").replace(
    "    error_handling:", "    notes: null\n    error_handling:")


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def test_no_terminal_and_no_answers_says_which_flags_to_use(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("interview")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: mailroom interview asks its questions in a terminal, and there is none here. "
        "Give the answers in a spec file instead (YAML or JSON, complete or partial; null means "
        "\"don't know yet\"): mailroom interview --answers FILE -o SPEC\n")
    assert not list(tmp_path.glob("*.yaml"))


def test_a_partial_answers_file_names_what_is_missing(run, write, tmp_path):
    answers = write("answers.yaml", "spec: 1\ntitle: Leads\nsystems:\n  - {id: crm, name: CRM, "
                                    "api: true, events: null}\n")
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", answers, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: there is no terminal to ask what {answers} leaves open:",
        "Error:   why: Why does the data need to move?",
        "Error:   systems[0].skills: Do you have developers who can build in CRM?",
        "Error:   systems[1]: not given (a spec needs at least 2 systems)",
        "Error:   flows[0]: not given (a spec needs at least 1 flow)",
        f"Error: Add them to {answers} (null means \"don't know yet\") and run again with "
        f"--answers {answers}, or run mailroom interview in a terminal to be asked.",
    ]
    assert not out.exists()  # nothing half-done is left behind


def test_a_complete_answers_file_writes_the_spec_and_checks_it(run, write, tmp_path):
    answers = write("answers.yaml", COMPLETE)
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", answers, "-o", str(out), "--as", "Kim Lee (architect)")
    assert result.exit_code == 0, result.stderr
    assert f"{out}: Converted leads from Salesforce to NetSuite" in result.stdout
    assert "Next: make the requirements document" in result.stdout
    text = out.read_text()
    assert "# format version" in text  # the answers file's comments come along
    spec = load_spec(out).spec
    assert spec.answered_by == "Kim Lee"
    assert ("Kim Lee", "architect") in [(s.name, s.role) for s in spec.stakeholders]
    assert spec.flows[0] == load_spec(answers).spec.flows[0]
    assert not (tmp_path / "spec.yaml.interview.json").exists()


def test_answers_in_json(run, write, tmp_path):
    data = as_data(load_spec(write("answers.yaml", COMPLETE)).spec)
    data["flows"][0]["notes"] = None
    data["systems"][0].update(platform=False, third_party=False)
    data["systems"][1].update(platform=False, third_party=False)
    answers = write("answers.json", json.dumps(data))
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", answers, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert load_spec(out).spec.flows[0].mail_person == "salesforce"


def test_an_error_in_the_answers_exits_1_after_writing(run, write, tmp_path):
    answers = write("answers.yaml", COMPLETE.replace("mail_person: salesforce",
                                                     "mail_person: netsuite")
                    .replace("mailbox: netsuite", "mailbox: salesforce"))
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", answers, "-o", str(out))
    assert result.exit_code == 1
    assert "error [event-needs-push] trigger" in result.stdout
    assert "Next: resolve the errors." in result.stdout
    assert out.exists()


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_every_sample_is_a_complete_answers_file(run, tmp_path, sample):
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", str(SAMPLES / sample), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert load_spec(out).spec == load_spec(SAMPLES / sample).spec


def test_an_existing_output_is_not_overwritten(run, write):
    existing = write("spec.yaml", "spec: 1\n")
    result = run("interview", "--answers", existing, "-o", existing)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {existing} already exists. To continue it: mailroom interview --resume "
        f"{existing}; to start afresh, choose another file with -o\n")


def test_resume_and_answers_are_one_or_the_other(run, write):
    spec = write("spec.yaml", "spec: 1\n")
    result = run("interview", "--resume", spec, "--answers", spec)
    assert result.exit_code == 2
    assert result.stderr == ("Error: --resume continues a spec and --answers starts one; "
                             "use one\n")


def test_resume_of_a_missing_file(run, tmp_path):
    result = run("interview", "--resume", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {tmp_path / 'nope.yaml'}: no such file, and no interview "
                             "to resume there\n")


def test_an_unreadable_answers_file_names_file_and_line(run, write, tmp_path):
    answers = write("answers.yaml", "spec: 1\nflows:\n  - id: x\n    trigger: sometimes\n")
    result = run("interview", "--answers", answers, "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {answers}:4: flows[0].trigger: expected one of event, "
                             "schedule, on-demand, got 'sometimes'\n")


def test_an_unknown_questionnaire(run, write, tmp_path):
    answers = write("answers.yaml", COMPLETE)
    result = run("interview", "--answers", answers, "-o", str(tmp_path / "o.yaml"),
                 "--questionnaire", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no questionnaire named 'nope'; the packaged ones are:")
