"""The interview as a session: every answer on disk at once, stop and resume, go back,
review and change any answer, contradictions explained when they arise. A scripted
terminal stands in for the person."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.conftest import CONTRACT_SPEC
from tests.interview_support import MIDDLE, PULL, PUSH, Scripted, Then

from mailroom.interview.journal import read_journal, sidecar_path
from mailroom.interview.prepared import BACK, REVIEW
from mailroom.interview.run import InterviewStopped, run_interview
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.spec.reading import load_spec

QN = load_questionnaire()
# The next system's or flow's first question answers "another?": "" there is "no more".
NO_MORE = {"systems[2].name": "systems[1].another", "flows[1].data": "flows[0].another"}
# What the contract's example leaves out, and the interview asks.
CONTRACT_REST: dict[str, Any] = {
    "answered_by": "Lee", "systems[0].runs": True, "systems[0].owner": "",
    "systems[1].runs": False, "systems[1].owner": "", "flows[0].fields": [],
    "flows[0].personal_fields": ["email"], "flows[0].personal_kinds": ["contact"],
    "flows[0].sends": "changes",
    "flows[0].agreement": "dpa", "flows[0].stored": "",
    "flows[0].alert_to": "the NetSuite admin", "flows[0].resend_by": "the NetSuite admin",
    "flows[0].details": True, "flows[0].where": "", "flows[0].notes": "",
    "data_protection_contact": "",
}


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def interview(path, script, **kwargs):
    terminal = kwargs.pop("terminal", None) or Scripted(script)
    result = run_interview(path, terminal=terminal, **kwargs)
    return result, terminal


def said_before(terminal: Scripted, key: str) -> list[tuple[str, str]]:
    """What the session had said when the question `key` was first asked."""
    return terminal.said[:terminal.asked_when[key]]


class Watching(Scripted):
    """A scripted terminal that notes how much had been said when each question came."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked_when: dict[str, int] = {}

    def ask(self, asked):  # type: ignore[no-untyped-def]
        self.asked_when.setdefault(asked.key, len(self.said))
        return super().ask(asked)


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
    assert "    mail_person: salesforce\n    mailbox: netsuite\n" in text
    assert "    auth:\n      method: oauth2-client-credentials\n" in text
    assert "    notes: null\n" in text  # asked, and nothing to add
    assert not sidecar_path(path).exists()  # finished: the spec holds it all
    said = terminal.text()
    assert ("Flow salesforce-to-netsuite\n  Salesforce pushes converted leads into NetSuite's "
            "REST API") in said
    assert "Next: " in said


def test_the_spec_holds_what_the_document_needs(tmp_path):
    """The systems described (kind, way in, who runs them), what flows said about each
    system, the data field by field, the volume with its peak, personal data in detail
    and who is told of failures."""
    path = tmp_path / "spec.yaml"
    interview(path, PUSH)
    spec = load_spec(path).spec
    salesforce, netsuite = spec.systems
    assert (salesforce.catalog, salesforce.kind, salesforce.interface_kind) == (
        "salesforce", "CRM", "rest")
    assert (salesforce.third_party, salesforce.owner) == (True, "Sales operations")
    assert (salesforce.events, salesforce.skills) == (True, True)  # asked in the flow
    assert netsuite.interface == "SuiteTalk REST web services (/record/v1/customer)"
    assert (netsuite.kind, netsuite.api, netsuite.platform) == ("ERP", True, False)
    flow = spec.flows[0]
    assert [(f.source_field, f.destination_field, f.transform, f.personal)
            for f in flow.fields] == [("email", "Email", "lower case", True),
                                      ("company", "Company name", None, None)]
    assert (flow.volume, flow.volume_peak) == ("200 records/day",
                                               "2000 records/day at the end of the quarter")
    assert flow.personal_fields == ["name", "email"]
    assert (flow.personal_data_agreement, flow.personal_data_stored, flow.sends) == (
        "dpa", "in the EU (Frankfurt)", "changes")
    assert (flow.alert_to, flow.alert_within, flow.resend_by) == (
        "the NetSuite admin", "within an hour", "the flow itself")


def test_a_platform_in_the_middle(tmp_path):
    path = tmp_path / "middle.yaml"
    result, terminal = interview(path, MIDDLE)
    spec = load_spec(path).spec
    assert [f.id for f in spec.flows] == ["commcare-to-openfn", "openfn-to-dhis2"]
    assert [f.mail_person for f in spec.flows] == ["commcare", "openfn"]
    assert spec.systems[1].platform is True
    assert spec.systems[1].skills is True  # someone to build its workflows
    assert "OpenFn is a platform in the middle: it is pushed to by CommCare and pushes to " \
        "DHIS2." in terminal.text()


def test_the_flow_is_said_back_once_its_mail_person_is_known(tmp_path):
    """No question to confirm the roles: the sentence is said, with the mail person as its
    subject, as soon as the answer that names it is given."""
    terminal = Watching(PULL)
    interview(tmp_path / "spec.yaml", PULL, terminal=terminal)
    sentence = ("sentence", "So: NetSuite (mail person) pulls converted leads from "
                            "Salesforce's REST API (mailbox) every 15 minutes.")
    assert sentence not in said_before(terminal, "flows[0].mail_person")
    assert said_before(terminal, "flows[0].skills")[-1] == sentence


@pytest.mark.parametrize("stop_at", ["why", "systems[1].catalog", "systems[2].name",
                                     "flows[0].ends", "flows[0].trigger", "flows[1].data"])
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
    given = [NO_MORE.get(key, key) for key in list(PUSH)[: list(PUSH).index(stop_at)]]
    assert [key for key in journal.answers.values if key in given] == given
    worked_out = [key for key in journal.answers.values if key not in given]
    assert all(key.rsplit(".", 1)[1] in ("id", "kind", "way_in", "api", "not_platform",
                                         "sender", "mailbox") for key in worked_out), worked_out
    load_spec(path)  # the spec on disk is valid at every moment
    if stop_at == "flows[0].ends":  # ends not known yet: still a flow, numbered
        assert journal.answers.values["flows[0].data"].startswith("Converted leads")
        assert "  - id: flow-1\n    data: Converted leads (name" in path.read_text()


def test_stopped_before_the_first_answer_leaves_nothing(tmp_path):
    path = tmp_path / "spec.yaml"
    with pytest.raises(InterviewStopped) as stopped:
        interview(path, PUSH, terminal=Scripted(PUSH, stop_at="title"))
    assert str(stopped.value) == "Stopped before the first answer; nothing was saved."
    assert not path.exists() and not sidecar_path(path).exists()


@pytest.mark.parametrize("stop_at", ["systems[1].catalog", "systems[2].name", "flows[0].events",
                                     "flows[0].notes", "flows[1].data"])
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
        if target == path and "id: salesforce-to-netsuite" in text:
            raise KeyboardInterrupt  # as if killed between the two writes
        real(target, text)

    monkeypatch.setattr(session, "atomic_write_text", flaky)
    with pytest.raises(InterviewStopped):
        interview(path, PUSH)
    monkeypatch.setattr(session, "atomic_write_text", real)
    assert read_journal(path).answers.values["flows[0].id"] == "salesforce-to-netsuite"
    assert "salesforce-to-netsuite" not in path.read_text()  # the spec is one answer behind
    interview(None, PUSH, resume=path)
    assert path.read_text() == uninterrupted


def test_a_spec_edited_by_hand_wins_on_resume(tmp_path):
    path = tmp_path / "spec.yaml"
    with pytest.raises(InterviewStopped):
        interview(path, PUSH, terminal=Scripted(PUSH, stop_at="flows[0].ends"))
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
    """NetSuite fetches; back two questions, Salesforce sends instead: whether there are
    developers is asked again, about Salesforce now, and how NetSuite finds what changed
    is no longer asked."""
    path = tmp_path / "spec.yaml"
    script = {
        **PULL,
        "flows[0].mail_person": Then("netsuite", "salesforce"),
        "flows[0].skills": Then(False, BACK, True),
        "flows[0].change_detection": BACK,
    }
    _, terminal = interview(path, script)
    keys = terminal.keys
    first = keys.index("flows[0].mail_person")
    assert keys[first:first + 7] == [
        "flows[0].mail_person", "flows[0].skills", "flows[0].change_detection",
        "flows[0].skills", "flows[0].mail_person", "flows[0].skills",
        "flows[0].business_logic"]
    assert terminal.asked[first + 5].text == "Do you have developers who can build in Salesforce?"
    assert "So this is asked again:\n  Do you have developers who can build in Salesforce?" \
        in terminal.text()
    spec = load_spec(path).spec
    flow = spec.flows[0]
    assert (flow.mail_person, flow.mailbox, flow.change_detection) == (
        "salesforce", "netsuite", None)
    # What was said about each system stays true of it.
    assert [(s.id, s.skills) for s in spec.systems] == [("salesforce", True), ("netsuite", False)]


def test_review_lists_every_answer_under_its_system_or_flow(tmp_path):
    """Ctrl-R in any question: every answer given, numbered, under the heading of its
    system or flow (what was worked out is not listed); Enter carries on."""
    script = {**PUSH, "flows[0].pattern": Then(REVIEW, "clone")}
    terminal = Scripted(script, session_replies=[""])
    interview(tmp_path / "spec.yaml", script, terminal=terminal)
    lists = [text for kind, text in terminal.said if kind == "list"]
    assert [text.splitlines()[0] for text in lists] == [
        "The integration", "System 1: Salesforce", "System 2: NetSuite",
        "Flow 1: Salesforce → NetSuite"]
    lines = "\n".join(lists).splitlines()
    assert "    6  Who runs Salesforce and holds its data?  → another organisation" in lines
    assert "   15  From which system to which?  → Salesforce → NetSuite" in lines
    assert lines[-1] == ("   22  Where do the mapping, transformation and decisions live?  → "
                         "NetSuite")  # the last answer before Ctrl-R
    assert not any("short id" in line or "What kind of system" in line for line in lines)
    ask_number = terminal.asked[terminal.keys.index("(session)")]
    assert ask_number.text == "Which answer do you want to change? Type its number; Enter " \
                              "carries on."
    after = terminal.keys[terminal.keys.index("(session)") + 1]
    assert after == "flows[0].pattern"  # nothing picked: where it was


def test_an_answer_picked_in_the_review_is_asked_again_and_what_followed_it(tmp_path):
    """Halfway through the flow, the person reviews and says NetSuite fetches the data
    after all: the mail person is asked again, then what followed from it, then the
    interview carries on where it was."""
    path = tmp_path / "spec.yaml"
    script = {**PULL, "flows[0].mail_person": Then("salesforce", "netsuite"),
              "flows[0].skills": True, "flows[0].pattern": Then(REVIEW, "clone")}
    terminal = Scripted(script, session_replies=["99", "20"])
    interview(path, script, terminal=terminal)
    keys = terminal.keys
    review = keys.index("(session)")
    assert keys[review:review + 6] == [
        "(session)", "(session)",  # 99 is not on the list: asked again
        "flows[0].mail_person", "flows[0].skills", "flows[0].change_detection",
        "flows[0].pattern"]
    assert "There is no answer 99 on the list." in terminal.text()
    assert terminal.asked[review + 2].default == "salesforce"  # the answer it had
    assert terminal.asked[review + 3].text == "Do you have developers who can build in NetSuite?"
    flow = load_spec(path).spec.flows[0]
    assert (flow.mail_person, flow.mailbox, flow.change_detection) == (
        "netsuite", "salesforce", "modified-since")


def test_the_last_screen_offers_the_review(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {**PUSH, "systems[1].runs": Then(True, False)}
    terminal = Scripted(script, session_replies=[REVIEW, "11", True])
    interview(path, script, terminal=terminal)
    last = next(a for a in terminal.asked if a.text == "Save the spec and run the checks?")
    assert [(o.value, o.label) for o in last.options] == [
        (True, "yes, finish"), (REVIEW, "review the answers, to change one")]
    keys = terminal.keys
    assert keys[-4:] == ["(session)", "(session)", "systems[1].runs", "(session)"]
    # NetSuite is run by our organisation now: no agreement covers data that stays in.
    flow = load_spec(path).spec.flows[0]
    assert load_spec(path).spec.systems[1].third_party is False
    assert (flow.personal_data_agreement, flow.personal_data_stored) == (None, None)
    assert "personal_data_agreement" not in path.read_text()


def test_two_systems_that_would_share_an_id_are_told_apart(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {
        "title": "Staff", "why": "Both HR systems must agree.", "answered_by": "Dana",
        "systems[0].name": "HR system", "systems[0].kind": "HR system",
        "systems[0].way_in": "sftp", "systems[0].runs": False, "systems[0].owner": "",
        "systems[1].name": "HR-System", "systems[1].id": Then("hr-system", "hr-system-eu"),
        "systems[1].kind": "HR system", "systems[1].way_in": "rest", "systems[1].runs": True,
        "systems[1].owner": "", "systems[2].name": "",
        "flows[0].data": "Employees", "flows[0].ends": ["hr-system", "hr-system-eu"],
        "flows[0].fields": [], "flows[0].latency": "1 day", "flows[0].trigger": None,
        "flows[0].mail_person": None, "flows[0].business_logic": None,
        "flows[0].pattern": None, "flows[0].personal_data": None, "flows[0].volume": None,
        "flows[0].error_handling": None, "flows[0].details": False, "flows[1].data": "",
    }
    _, terminal = interview(path, script)
    assert terminal.keys.count("systems[0].id") == 0
    assert terminal.keys.count("systems[1].id") == 2  # the id taken is refused
    assert 'Another system already has the id "hr-system"; choose a different one.' in \
        terminal.text()
    spec = load_spec(path).spec
    assert [(s.id, s.name) for s in spec.systems] == [("hr-system", "HR system"),
                                                     ("hr-system-eu", "HR-System")]
    assert spec.flows[0].id == "hr-system-to-hr-system-eu"


def test_a_warning_is_explained_when_its_answer_is_given(tmp_path):
    terminal = Watching(PULL)  # NetSuite fetches, and there are no NetSuite developers
    interview(tmp_path / "spec.yaml", PULL, terminal=terminal)
    before = said_before(terminal, "flows[0].change_detection")
    warning = next(text for kind, text in before if "NetSuite is the mail person" in text)
    assert ("note", warning) in before
    assert warning.startswith("Warning (flow salesforce-to-netsuite): NetSuite is the mail "
                              "person, so the code that moves this data is written")
    assert not any("NetSuite is the mail person" in text
                   for _, text in said_before(terminal, "flows[0].skills"))


def test_a_contradiction_is_explained_when_it_arises(tmp_path):
    """Personal data goes to NetSuite, run by another organisation; the person then says
    NetSuite asks for no authentication: the check's error comes at once."""
    script = {**PUSH, "flows[0].auth": "none"}
    terminal = Watching(script)
    result, _ = interview(tmp_path / "spec.yaml", script, terminal=terminal)
    errors = [text for kind, text in said_before(terminal, "flows[0].notes")
              if kind == "problem"]
    assert errors and errors[0].startswith("Error (flow salesforce-to-netsuite): ")
    assert "personal data" in errors[0] and "authentication" in errors[0]
    assert not [text for kind, text in said_before(terminal, "flows[0].auth")
                if kind == "problem"]
    assert result.has_errors


def test_a_contradiction_in_the_answers_file_is_offered_for_resolution(tmp_path):
    """The file says NetSuite fetches, on the event of a lead converted in Salesforce."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(CONTRACT_SPEC.replace("mail_person: salesforce", "mail_person: netsuite")
                       .replace("mailbox: netsuite", "mailbox: salesforce")
                       .replace("direction: push", "direction: pull"))
    path = tmp_path / "spec.yaml"
    script = {**CONTRACT_REST, "flows[0].trigger": "schedule",
              "flows[0].schedule": "every 5 minutes", "flows[0].mail_person": "netsuite",
              "flows[0].change_detection": "modified-since", "flows[0].skills": False,
              "flows[0].alert_within": "at once", "time_zone": ""}
    terminal = Scripted(script, session_replies=["flows[0].trigger"])
    result, _ = interview(path, script, answers=answers, terminal=terminal)
    resolution = next(a for a in terminal.asked if a.key == "(session)")
    assert resolution.text == "What do you want to do?"
    assert [o.label for o in resolution.options] == [
        "change: What starts each movement of the data?",
        "leave it for now (mailroom check will report it)"]
    assert "only a push can start on an event" in terminal.text()
    assert not result.has_errors
    flow = load_spec(path).spec.flows[0]
    assert (flow.trigger, flow.schedule, flow.mail_person) == (
        "schedule", "every 5 minutes", "netsuite")


def test_dont_know_becomes_an_open_question(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {**PULL, "flows[0].trigger": None, "flows[0].mail_person": None}
    del script["flows[0].schedule"], script["flows[0].skills"]
    del script["flows[0].change_detection"]
    result, terminal = interview(path, script)
    text = path.read_text()
    assert "    trigger: null\n" in text and "    mail_person: null\n" in text
    assert "    event:" not in text and "    schedule:" not in text  # they follow the trigger
    assert "? trigger: What starts the movement" in result.report


def test_a_secret_is_refused_and_asked_again(tmp_path):
    path = tmp_path / "spec.yaml"
    script = {**PUSH, "flows[0].notes": Then("The key is sk_live_abcdefghijklmnop1234", "")}
    _, terminal = interview(path, script)
    assert terminal.keys.count("flows[0].notes") == 2
    assert ("problem", "That looks like an API secret key. Never type a secret here: a spec "
            "records only the method, and at most the name of the place the secret is "
            "kept.") in terminal.said
    assert "sk_live" not in path.read_text()


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
    interview(lee, PULL, person="Lee Chen (NetSuite developer)")
    result = run("compare", "--format", "json", str(dana), str(lee))
    conflicts = {c["field"]: c["answers"] for c in json.loads(result.stdout)["conflicts"]}
    assert conflicts["mail_person"] == {"Dana Ortiz": "salesforce", "Lee Chen": "netsuite"}
    assert conflicts["trigger"] == {"Dana Ortiz": "event", "Lee Chen": "schedule"}


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
    assert "why: null" in before and "    volume: null\n    volume_peak: null\n" in before
    keep = Scripted({}, session_replies=[True])
    keep.script = {"why": lambda asked: asked.default, "flows[0].volume": lambda a: a.default}
    result, _ = interview(None, {}, resume=path, terminal=keep)
    assert keep.keys == ["why", "flows[0].volume", "(session)"]  # not the skipped note
    assert "2 questions were answered \"don't know yet\"" in keep.text()
    assert path.read_text() == before  # Enter kept "don't know yet"
    fill = Scripted({"why": "Finance bills from NetSuite.",
                     "flows[0].volume": "250, up to 900 in December"}, session_replies=[True])
    interview(None, {}, resume=path, terminal=fill)
    spec = load_spec(path).spec
    assert (spec.why, spec.flows[0].volume, spec.flows[0].volume_peak) == (
        "Finance bills from NetSuite.", "250 records/day", "900 records/day in December")


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
