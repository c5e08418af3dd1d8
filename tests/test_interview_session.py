"""The interview as a session: every answer on disk at once, stop and resume, go back,
contradictions explained when they arise. A scripted terminal stands in for the person."""

from __future__ import annotations

import json

import pytest
from tests.conftest import CONTRACT_SPEC
from tests.interview_support import MIDDLE, PUSH, Scripted, Then

from mailroom.interview.journal import read_journal, sidecar_path
from mailroom.interview.prepared import BACK
from mailroom.interview.run import InterviewStopped, run_interview
from mailroom.spec.reading import load_spec

# What the contract's example leaves out, and the interview asks.
CONTRACT_REST = {"systems[0].platform": False, "systems[0].third_party": False,
                 "systems[1].platform": False, "systems[1].third_party": False,
                 "systems[0].catalog": "salesforce", "systems[1].catalog": "netsuite",
                 "flows[0].notes": ""}


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def interview(path, script, **kwargs):
    terminal = kwargs.pop("terminal", None) or Scripted(script)
    result = run_interview(path, terminal=terminal, **kwargs)
    return result, terminal


@pytest.fixture
def uninterrupted(tmp_path):
    path = tmp_path / "whole.yaml"
    interview(path, PUSH)
    return path.read_text()


def test_a_whole_interview_writes_the_spec_and_checks_it(tmp_path):
    path = tmp_path / "spec.yaml"
    result, terminal = interview(path, PUSH)
    assert not result.has_errors
    text = path.read_text()
    assert text.startswith("spec: 1\ntitle: Converted leads from Salesforce to NetSuite\n")
    assert "answered_by: Dana Ortiz\nstakeholders:\n  - {name: Dana Ortiz, role: project manager}"\
        in text
    assert "    mail_person: salesforce\n    mailbox: netsuite\n    direction: push\n" in text
    assert "    auth:\n      method: oauth2-client-credentials\n" in text
    assert "    notes: null\n" in text  # asked, and nothing to add
    assert not sidecar_path(path).exists()  # finished: the spec holds it all
    said = terminal.text()
    assert "Flow salesforce-to-netsuite\n  Salesforce pushes converted leads into NetSuite's REST" \
        " API when a lead is converted." in said
    assert "Next: " in said


def test_a_platform_in_the_middle(tmp_path):
    path = tmp_path / "middle.yaml"
    result, terminal = interview(path, MIDDLE)
    spec = load_spec(path).spec
    assert [f.id for f in spec.flows] == ["commcare-to-openfn", "openfn-to-dhis2"]
    assert [f.mail_person for f in spec.flows] == ["commcare", "openfn"]
    assert spec.systems[1].platform is True
    assert "OpenFn is a platform in the middle: it is pushed to by CommCare and pushes to " \
        "DHIS2." in terminal.text()


@pytest.mark.parametrize("stop_at", ["why", "systems[1].id", "flows[0].trigger",
                                     "flows[0].another"])
def test_every_answer_is_on_disk_when_the_interview_is_stopped(tmp_path, stop_at):
    path = tmp_path / "spec.yaml"
    with pytest.raises(InterviewStopped) as stopped:
        interview(path, PUSH, terminal=Scripted(PUSH, stop_at=stop_at))
    assert str(stopped.value) == (
        f"Stopped. Every answer so far is saved in {path}.\n"
        f"To continue where you left off: mailroom interview --resume {path}")
    assert stopped.value.exit_code == 130
    journal = read_journal(path)
    assert journal is not None
    given = list(PUSH)[: list(PUSH).index(stop_at)]
    worked_out = {"systems[0].kind", "systems[1].kind"}  # from the catalog, never asked
    assert [key for key in journal.answers.values if key not in worked_out] == given
    load_spec(path)  # the spec on disk is valid at every moment
    if stop_at == "systems[1].id":  # a system without an id yet lives in the sidecar only
        assert journal.answers.values["systems[1].name"] == "NetSuite"
        assert "name: NetSuite" not in path.read_text()


def test_stopped_before_the_first_answer_leaves_nothing(tmp_path):
    path = tmp_path / "spec.yaml"
    with pytest.raises(InterviewStopped) as stopped:
        interview(path, PUSH, terminal=Scripted(PUSH, stop_at="title"))
    assert str(stopped.value) == "Stopped before the first answer; nothing was saved."
    assert not path.exists() and not sidecar_path(path).exists()


@pytest.mark.parametrize("stop_at", ["systems[1].id", "flows[0].roles_ok", "flows[0].notes"])
def test_resume_continues_at_the_first_unanswered_question(tmp_path, uninterrupted, stop_at):
    path = tmp_path / "spec.yaml"
    with pytest.raises(InterviewStopped):
        interview(path, PUSH, terminal=Scripted(PUSH, stop_at=stop_at))
    result, terminal = interview(None, PUSH, resume=path)
    assert terminal.keys[0] == stop_at
    assert path.read_text() == uninterrupted


def test_a_spec_write_cut_short_is_finished_on_resume(tmp_path, uninterrupted, monkeypatch):
    """The sidecar is written first: an answer it holds is not lost if the spec write fails."""
    path = tmp_path / "spec.yaml"
    import mailroom.interview.session as session

    real = session.atomic_write_text

    def flaky(target, text):
        if target == path and "id: salesforce" in text:
            raise KeyboardInterrupt  # as if killed between the two writes
        real(target, text)

    monkeypatch.setattr(session, "atomic_write_text", flaky)
    with pytest.raises(InterviewStopped):
        interview(path, PUSH)
    monkeypatch.setattr(session, "atomic_write_text", real)
    assert "systems[0].id" in read_journal(path).answers.values
    assert "id: salesforce" not in path.read_text()  # the spec is one answer behind
    interview(None, PUSH, resume=path)
    assert path.read_text() == uninterrupted


def test_a_spec_edited_by_hand_wins_on_resume(tmp_path):
    path = tmp_path / "spec.yaml"
    with pytest.raises(InterviewStopped):
        interview(path, PUSH, terminal=Scripted(PUSH, stop_at="flows[0].source"))
    path.write_text(path.read_text().replace("within minutes", "within 5 minutes"))
    _, terminal = interview(None, PUSH, resume=path)
    assert "within 5 minutes" in path.read_text()
    assert "was edited since the interview saved it" in terminal.text()


def test_resume_without_a_sidecar_reads_the_spec(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("spec: 1\ntitle: Leads\nwhy: null\n")
    _, terminal = interview(None, {**PUSH, "why": None}, resume=path)
    assert terminal.keys[:2] == ["why", "answered_by"]  # "don't know yet" is asked again
    assert "why: null\n" in path.read_text()


def test_going_back_changes_an_answer_and_asks_again_what_followed(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {
        **PUSH,
        "flows[0].trigger": Then(BACK, "schedule"),
        "flows[0].roles_ok": Then(True, BACK, True),
        "flows[0].mailbox": Then("netsuite", BACK, "salesforce"),
        "flows[0].mail_person": Then("salesforce", "netsuite"),
        "flows[0].schedule": "every 30 minutes",
        "flows[0].change_detection": "modified-since",
    }
    _, terminal = interview(path, script)
    flow = load_spec(path).spec.flows[0]
    assert (flow.mail_person, flow.mailbox, flow.trigger) == ("netsuite", "salesforce", "schedule")
    assert flow.change_detection == "modified-since"
    keys = terminal.keys
    first = keys.index("flows[0].trigger")
    assert keys[first:first + 6] == [
        "flows[0].trigger", "flows[0].roles_ok", "flows[0].mailbox", "flows[0].mail_person",
        "flows[0].mailbox", "flows[0].roles_ok"]
    assert "So: NetSuite (mail person) pulls" in terminal.asked[first + 5].text


def test_no_to_the_readback_goes_back_to_the_roles(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {**PUSH, "flows[0].roles_ok": Then(False, True),
              "flows[0].mail_person": Then("netsuite", "salesforce"),
              "flows[0].mailbox": lambda asked: asked.default}
    _, terminal = interview(path, script)
    keys = terminal.keys
    assert keys.count("flows[0].mail_person") == 2 and keys.count("flows[0].roles_ok") == 2
    assert load_spec(path).spec.flows[0].mail_person == "salesforce"


def test_a_warning_is_explained_when_its_answer_is_given(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {**PUSH, "flows[0].mail_person": "netsuite", "flows[0].mailbox": "salesforce",
              "flows[0].trigger": "schedule", "flows[0].schedule": "hourly",
              "flows[0].change_detection": "full-fetch"}
    _, terminal = interview(path, script)
    said = terminal.said
    index = next(i for i, (_, text) in enumerate(said) if "NetSuite is the mail person" in text)
    assert said[index][0] == "note"
    assert said[index][1].startswith("Warning (flow salesforce-to-netsuite): NetSuite is the "
                                     "mail person, so the code that moves this data is written")


def test_a_contradiction_is_explained_when_it_arises(tmp_path):
    """The answers file says the trigger is an event; the person then makes NetSuite the
    mail person: the check's message says why, and the trigger is asked again."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(CONTRACT_SPEC.replace("    mail_person: salesforce\n", "")
                       .replace("    mailbox: netsuite\n", "").replace("direction: push", "")
                       .replace("title:", "answered_by: Lee\ntitle:"))
    path = tmp_path / "spec.yaml"
    script = {**CONTRACT_REST, "flows[0].mail_person": "netsuite",
              "flows[0].mailbox": "salesforce", "flows[0].roles_ok": True,
              "flows[0].trigger": "schedule",
              "flows[0].schedule": "every 15 minutes", "flows[0].change_detection": None}
    _, terminal = interview(path, script, answers=answers)
    text = terminal.text()
    assert ("NetSuite pulls, so it cannot know the moment something happens in Salesforce; "
            "only Salesforce knows, and only a push can start on an event.") in text
    assert "So this is asked again:\n  What starts each movement of the data?" in text
    assert load_spec(path).spec.flows[0].trigger == "schedule"


def test_a_contradiction_in_the_answers_file_is_offered_for_resolution(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(CONTRACT_SPEC.replace("mail_person: salesforce", "mail_person: netsuite")
                       .replace("mailbox: netsuite", "mailbox: salesforce")
                       .replace("direction: push", "direction: pull"))
    path = tmp_path / "spec.yaml"
    script = {**CONTRACT_REST, "answered_by": "Lee", "flows[0].trigger": "schedule",
              "flows[0].schedule": "hourly", "flows[0].change_detection": "modified-since"}
    terminal = Scripted(script, session_replies=["flows[0].trigger"])
    result, _ = interview(path, script, answers=answers, terminal=terminal)
    resolution = next(a for a in terminal.asked if a.key == "(session)")
    assert [o.label for o in resolution.options] == [
        "change: Who is the mail person?", "change: What starts each movement of the data?",
        "leave it for now (mailroom check will report it)"]
    assert not result.has_errors
    assert load_spec(path).spec.flows[0].trigger == "schedule"


def test_dont_know_becomes_an_open_question(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {**PUSH, "flows[0].trigger": None, "systems[1].events": None}
    result, terminal = interview(path, script)
    text = path.read_text()
    assert "    trigger: null\n" in text and "    events: null\n" in text
    assert "    event:" not in text  # not asked: it follows the trigger
    assert "? trigger: What starts the movement" in result.report


def test_as_records_who_answered(tmp_path):
    path = tmp_path / "spec.yaml"
    _, terminal = interview(path, PUSH, person="Lee Chen (NetSuite developer)")
    assert "answered_by" not in terminal.keys
    spec = load_spec(path).spec
    assert spec.answered_by == "Lee Chen"
    assert [(s.name, s.role) for s in spec.stakeholders] == [("Lee Chen", "NetSuite developer")]


def test_two_people_interviewed_separately_are_compared(tmp_path, run):
    dana, lee = tmp_path / "dana.yaml", tmp_path / "lee.yaml"
    interview(dana, PUSH, person="Dana Ortiz (project manager)")
    pull = {**PUSH, "flows[0].mail_person": "netsuite", "flows[0].mailbox": "salesforce",
            "flows[0].trigger": "schedule", "flows[0].schedule": "every 15 minutes",
            "flows[0].change_detection": "modified-since"}
    interview(lee, pull, person="Lee Chen (NetSuite developer)")
    result = run("compare", "--format", "json", str(dana), str(lee))
    conflicts = {c["field"]: c["answers"] for c in json.loads(result.stdout)["conflicts"]}
    assert conflicts["mail_person"] == {"Dana Ortiz": "salesforce", "Lee Chen": "netsuite"}


def test_a_crash_says_how_to_resume(tmp_path, capsys):
    path = tmp_path / "spec.yaml"

    def broken(asked):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        interview(path, {**PUSH, "systems[0].name": broken})
    assert capsys.readouterr().err == (
        f"Your answers so far are saved in {path}; continue with: mailroom interview "
        f"--resume {path}\n")
    assert read_journal(path).answers.values["why"].startswith("Finance")


def test_an_existing_spec_is_not_overwritten(tmp_path):
    path = tmp_path / "spec.yaml"
    path.write_text("spec: 1\n")
    with pytest.raises(Exception) as exc:
        interview(path, PUSH)
    assert str(exc.value) == (f"{path} already exists. To continue it: mailroom interview "
                              f"--resume {path}; to start afresh, choose another file with -o")


def test_resuming_a_finished_spec_asks_its_dont_knows_again(tmp_path):
    path = tmp_path / "spec.yaml"
    interview(path, {**PUSH, "why": None, "flows[0].volume": None, "flows[0].notes": ""})
    before = path.read_text()
    assert "why: null" in before
    keep = Scripted({}, session_replies=[True])
    keep.script = {"why": lambda asked: asked.default, "flows[0].volume": lambda a: a.default}
    result, _ = interview(None, {}, resume=path, terminal=keep)
    assert keep.keys == ["why", "flows[0].volume", "(session)"]  # not the skipped note
    assert "2 questions were answered \"don't know yet\"" in keep.text()
    assert path.read_text() == before  # Enter kept "don't know yet"
    fill = Scripted({"why": "Finance bills from NetSuite.", "flows[0].volume": "250"},
                    session_replies=[True])
    interview(None, {}, resume=path, terminal=fill)
    spec = load_spec(path).spec
    assert (spec.why, spec.flows[0].volume) == ("Finance bills from NetSuite.", "250 records/day")


def test_a_questionnaire_of_your_own_is_remembered_for_resume(tmp_path):
    from tests.test_questionnaire import GOOD

    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD)
    path = tmp_path / "spec.yaml"
    script = {"title": "Tiny", "systems[0].id": "crm", "systems[0].another": False}
    with pytest.raises(InterviewStopped):
        interview(path, script, questionnaire=str(mine),
                  terminal=Scripted(script, stop_at="systems[0].id"))
    assert read_journal(path).questionnaire == str(mine.resolve())
    _, terminal = interview(None, script, resume=path)
    assert terminal.keys[0] == "systems[0].id"
    assert load_spec(path).spec.systems[0].id == "crm"
