"""`mailroom interview` without a terminal (as under CI): answers come from a file."""

from __future__ import annotations

import json

import pytest
from tests.conftest import CONTRACT_SPEC, SAMPLES
from tests.interview_support import PULL, Scripted

from mailroom.interview.run import run_interview
from mailroom.spec.reading import load_spec, parse_tree
from mailroom.spec.records import as_data

# The contract's example with what the interview now asks too: who runs each system and
# what it is, what each movement carries, and who is told of failures and re-sends.
COMPLETE = CONTRACT_SPEC.replace(
    "  - {id: netsuite,", "    platform: false\n    third_party: false\n    kind: CRM\n"
    "    interface_kind: rest\n    owner: Sales operations\n"
    "    signatory: Sam Lee (head of sales operations)\n  - {id: netsuite,"
).replace("skills: false}", "skills: false, platform: false, third_party: false, kind: ERP,\n"
          "     interface_kind: rest, owner: Finance systems,\n"
          "     signatory: Ida Berg (finance director),\n"
          "     interface: REST API (customer records)}").replace(
    "    volume: 200 records/day\n",
    "    volume: 200 records/day\n    volume_peak: 2000 records/day at the end of the quarter\n"
).replace(
    "    personal_data: true\n", "    personal_data: true\n    personal_fields: [name, email]\n"
    "    personal_data_kinds: [contact]\n"
    "    sends: changes\n"
).replace(
    "    error_handling: Retry three times, then alert the NetSuite admin.\n",
    "    error_handling: Retry three times, then alert the NetSuite admin.\n"
    "    alert_to: the NetSuite admin\n    alert_within: at once\n"
    "    resend_by: the NetSuite admin\n    notes: null\n"
) + "data_protection_contact: Ola Hansen (data-protection officer)\n"


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
        "Error:   systems[0].kind: What kind of system is CRM?",
        "Error:   systems[0].interface_kind: What is CRM's way in, for other systems?",
        "Error:   systems[0].third_party: Who runs CRM and holds its data?",
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
    answers = write("answers.json", json.dumps(data))
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", answers, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    spec = load_spec(out).spec
    assert spec.flows[0].mail_person == "salesforce"
    assert spec.flows[0].volume_peak == "2000 records/day at the end of the quarter"


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


def test_a_spec_the_interview_wrote_is_a_complete_answers_file(run, tmp_path):
    """Written with "no" to "do you know the technical details now?": the file has no
    field for that answer, and needs none."""
    written = tmp_path / "written.yaml"
    run_interview(written, terminal=Scripted(PULL))
    out = tmp_path / "spec.yaml"
    result = run("interview", "--answers", str(written), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text() == written.read_text()


class DontKnow(Scripted):
    """Answers "don't know yet" to every question (no to one that cannot be unknown)."""

    def __init__(self) -> None:
        super().__init__({})

    def ask(self, asked):  # type: ignore[no-untyped-def]
        self.asked.append(asked)
        if asked.key == "(session)":
            return asked.default
        return None if asked.unknown else False


def contains(found, given, where="") -> list[str]:
    """Where `found` differs from what `given` says (it may say more)."""
    if isinstance(given, dict):
        if not isinstance(found, dict):
            return [where]
        return [d for key in given for d in contains(found.get(key, "(absent)"), given[key],
                                                     f"{where}.{key}")]
    if isinstance(given, list):
        if not isinstance(found, list) or len(found) != len(given):
            return [where]
        return [d for i, (f, g) in enumerate(zip(found, given, strict=True))
                for d in contains(f, g, f"{where}[{i}]")]
    return [] if found == given else [where]


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.yaml")))
def test_every_sample_given_as_answers_is_kept_as_it_is(tmp_path, sample):
    """A sample as the answers file: what it says is written back unchanged, comments and
    all; only what it leaves open is asked."""
    out = tmp_path / "spec.yaml"
    terminal = DontKnow()
    run_interview(out, answers=SAMPLES / sample, terminal=terminal)
    text = (SAMPLES / sample).read_text()
    given = parse_tree(text, sample)
    assert contains(parse_tree(out.read_text(), "out.yaml"), given) == []
    first_comment = next((line for line in text.splitlines() if line.startswith("#")), None)
    assert first_comment is None or first_comment in out.read_text()
    # What the file states is not asked again.
    asked = {a.key for a in terminal.asked}
    assert not {"title", "why", "systems[0].name", "flows[0].data"} & asked


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
