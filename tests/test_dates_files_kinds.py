"""Dates that take effect later, files described, kinds of personal data (issue
"Schedules, dates, files and signatures as people say them", points 2, 3 and 4): each
rule where it fires and where it must not, and each question where it is asked and where
it is not."""

from __future__ import annotations

from typing import Any

import pytest
from tests.interview_support import CATALOG, PULL, PUSH, answered_until, replay
from tests.rule_support import SYSTEMS, assert_says, covers, make_spec, the_finding, with_code

from mailroom.facts.dates import mentions_effective_date
from mailroom.facts.spec_facts import facts_of
from mailroom.interview import engine
from mailroom.questionnaire.loading import load_questionnaire

THIRD_PARTY = {"netsuite": {"third_party": True, "owner": "Acme Payroll Ltd"}}
# NetSuite's SFTP folder: the leads travel as a CSV file.
FILE: dict[str, Any] = {"transport": "sftp", "auth": {"method": "ssh-key"}, "format": "csv"}
SAFE_FILE = {"name": "leads-{date}.csv", "if_not_collected": "kept", "encrypted": True,
             "collected_by": "Finance systems", "kept_for": "30 days"}


# -- kinds of personal data ----------------------------------------------------------------


@covers("sensitive-file-unencrypted", "fires")
@pytest.mark.parametrize("kind", ["financial", "health", "identity"])
@pytest.mark.parametrize("encrypted", [False, None])
def test_sensitive_data_in_an_unencrypted_file_to_another_organisation(kind, encrypted):
    spec = make_spec(systems=THIRD_PARTY, **FILE, personal_data_kinds=[kind],
                     file={**SAFE_FILE, "encrypted": encrypted})
    message = the_finding(spec, "sensitive-file-unencrypted").message
    assert_says(message, "in a file to NetSuite, which another organisation runs",
                "PGP", "whoever can open the folder can read them")
    assert ("is not encrypted" in message) == (encrypted is False)
    assert ("is not recorded" in message) == (encrypted is None)


@covers("sensitive-file-unencrypted", "quiet")
@pytest.mark.parametrize("change", [
    {"file": SAFE_FILE},  # encrypted while it waits
    {"personal_data_kinds": ["contact"]},  # contact details only
    {"systems": {}},  # it stays with us
    {"transport": "rest", "auth": {"method": "oauth2-client-credentials"},
     "format": "json"},  # no file
])
def test_no_unencrypted_file_warning_where_nothing_sensitive_waits_elsewhere(change):
    base = {"systems": THIRD_PARTY, **FILE, "personal_data_kinds": ["financial"],
            "file": {**SAFE_FILE, "encrypted": False}}
    assert not with_code(make_spec(**{**base, **change}), "sensitive-file-unencrypted")


@covers("sensitive-no-access-control", "fires")
def test_sensitive_data_to_a_system_that_says_nobody_who_can_see_it():
    message = the_finding(make_spec(personal_data_kinds=["identity", "health"]),
                          "sensitive-no-access-control").message
    assert message.startswith("Identity numbers and health data reach NetSuite, and who can "
                              "see them there is not stated.")


@covers("sensitive-no-access-control", "quiet")
def test_access_control_stated_or_nothing_sensitive_is_quiet():
    stated = {"netsuite": {"access_control": "payroll staff only, by role"}}
    assert not with_code(make_spec(systems=stated, personal_data_kinds=["financial"]),
                         "sensitive-no-access-control")
    assert not with_code(make_spec(personal_data_kinds=["contact", "children"]),
                         "sensitive-no-access-control")


def test_which_kinds_is_an_open_question_only_where_personal_data_travels():
    asked = facts_of(make_spec(personal_data_kinds=None)).question(
        "salesforce-to-netsuite", "personal_data_kinds")
    assert asked is not None and "bank details, salary" in asked.text
    quiet = facts_of(make_spec(personal_data=False, personal_fields=None,
                               personal_data_kinds=None))
    assert quiet.question("salesforce-to-netsuite", "personal_data_kinds") is None


def test_kinds_and_children_are_facts():
    personal = facts_of(make_spec(personal_data_kinds=["financial", "children"])).flows[0] \
        .personal
    assert personal is not None
    assert (personal.kinds, personal.about_children, personal.sensitive_data) == (
        ("financial",), True, ("financial",))


# -- files ----------------------------------------------------------------------------------


@covers("file-overwrite-risk", "fires")
@pytest.mark.parametrize("uncollected", ["overwritten", None])
def test_a_fixed_file_name_with_no_collection_check_overwrites(uncollected):
    spec = make_spec(**FILE, file={"name": "leads.csv", "if_not_collected": uncollected})
    message = the_finding(spec, "file-overwrite-risk").message
    assert_says(message, "Every run writes leads.csv into NetSuite's folder under the same name",
                "YYYY-MM-DD", "never reach the receiver")


@covers("file-overwrite-risk", "quiet")
@pytest.mark.parametrize("file", [
    {"name": "leads-{date}.csv", "if_not_collected": "overwritten"},  # dated
    {"name": "leads.csv", "if_not_collected": "run-waits"},  # the run checks
    {"name": "leads.csv", "if_not_collected": "kept"},
    {"name": None},  # not said: an open question, not a finding
])
def test_a_dated_name_or_a_collection_check_is_quiet(file):
    assert not with_code(make_spec(**FILE, file=file), "file-overwrite-risk")


def test_a_file_flow_asks_what_its_file_is_and_others_do_not():
    facts = facts_of(make_spec(**FILE))
    fields = {q.field for q in facts.questions if q.field.startswith("file.")}
    assert fields == {"file.name", "file.if_not_collected", "file.encrypted",
                      "file.collected_by", "file.kept_for"}
    assert not any(q.field.startswith("file.") for q in facts_of(make_spec()).questions)
    described = facts_of(make_spec(**FILE, file=SAFE_FILE))
    assert not any(q.field.startswith("file.") for q in described.questions)
    assert described.flows[0].file.unique_per_run is True


# -- effective dates -------------------------------------------------------------------------


@covers("effective-day-on-change", "fires")
def test_acting_on_the_day_with_a_flow_that_moves_on_change():
    spec = make_spec(effective_date={"field": "start date", "act_on": "effective-day"})
    message = the_finding(spec, "effective-day-on-change").message
    assert_says(message, "must act on the day the data takes effect (start date)",
                "each time the event happens", "a daily run that selects the records whose "
                "start date is today", "or an event Salesforce raises on the date itself")
    polled = make_spec(**{**PULL_SPEC, "effective_date": {"act_on": "effective-day"}})
    assert "only what changed since the last run" in the_finding(
        polled, "effective-day-on-change").message


PULL_SPEC: dict[str, Any] = {"mail_person": "netsuite", "mailbox": "salesforce",
                             "trigger": "schedule", "event": None,
                             "schedule": "*/30 * * * *", "change_detection": "modified-since",
                             "latency": "1 hour"}


@covers("effective-day-on-change", "quiet")
@pytest.mark.parametrize("change", [
    {"effective_date": {"act_on": "entered"}},
    {"effective_date": {"act_on": None}},
    {**PULL_SPEC, "change_detection": "full-fetch",
     "effective_date": {"act_on": "effective-day"}},  # a daily run that reads everything
])
def test_acting_when_entered_or_reading_everything_is_quiet(change):
    assert not with_code(make_spec(**change), "effective-day-on-change")


def test_the_day_is_an_open_question_when_not_decided():
    facts = facts_of(make_spec(effective_date={"field": "leaving date"}))
    asked = facts.question("salesforce-to-netsuite", "effective_date.act_on")
    assert asked is not None
    assert asked.text == "Must the integration act when a record is entered, or on its " \
                         "leaving date?"


@pytest.mark.parametrize(("data", "dated"), [
    ("New hires (name, start date, department)", True),
    ("Leavers (employee id, leaving date)", True),
    ("Prices (item, price, valid from)", True),
    ("Paid orders (order number, total)", False),
    ("Converted leads (name, email, company)", False),
])
def test_whether_the_data_names_a_date_it_takes_effect_on(data, dated):
    assert mentions_effective_date(data) is dated


# -- the interview ---------------------------------------------------------------------------

QN = load_questionnaire()


def _next(answers):
    asked = engine.next_question(QN, answers, catalog=CATALOG)
    assert asked is not None
    return asked


def test_the_day_it_takes_effect_is_asked_only_of_dated_data():
    dated = {**PUSH, "flows[0].data": "New hires (name, start date)"}
    answers = answered_until("flows[0].events", dated)
    assert [k for k in answers.values if "act_on" in k or "effective" in k] == []
    keys = [a.key for a in replay({**dated, "flows[0].act_on": "effective-day",
                                   "flows[0].effective_field": "start date"})[1]]
    assert keys.index("flows[0].act_on") < keys.index("flows[0].effective_field")
    _, asked = replay(PUSH)  # converted leads: no date they take effect on
    assert "flows[0].act_on" not in [a.key for a in asked]


def test_kinds_are_asked_where_personal_data_travels_and_access_only_for_sensitive_kinds():
    keys = [a.key for a in replay(PUSH)[1]]
    assert "flows[0].personal_kinds" in keys and "flows[0].access_control" not in keys
    sensitive = {**PUSH, "flows[0].personal_kinds": ["financial"],
                 "flows[0].access_control": "finance staff only"}
    answers, asked = replay(sensitive)
    assert "flows[0].access_control" in [a.key for a in asked]
    assert "flows[0].personal_kinds" not in [a.key for a in replay(PULL)[1]]


def test_the_file_is_described_only_for_a_file_flow_behind_the_details():
    keys = [a.key for a in replay(PUSH)[1]]
    assert "flows[0].file_name" not in keys  # a REST API
    by_file = {**PUSH, "flows[0].transport": "sftp", "flows[0].auth": "ssh-key",
               "flows[0].format": "csv", "flows[0].file_name": "leads-{date}.csv",
               "flows[0].if_not_collected": "kept", "flows[0].file_encrypted": True,
               "flows[0].collected_by": "Finance systems", "flows[0].kept_for": "30 days"}
    answers, asked = replay(by_file)
    keys = [a.key for a in asked]
    assert keys.index("flows[0].file_name") > keys.index("flows[0].transport")
    assert answers.values["flows[0].file_name"] == "leads-{date}.csv"
    assert SYSTEMS  # the rule specs' systems are not the interview's


# -- the stub's upload step ------------------------------------------------------------------


def _upload_job(tmp_path, **flow: Any) -> str:
    from mailroom.stub import write_stub

    write_stub(make_spec(**FILE, **flow), tmp_path / "stub")
    [job] = [p for p in (tmp_path / "stub" / "workflows").glob("*/*.js")
             if "uploadFile" in p.read_text()]
    return job.read_text()


def test_the_upload_writes_a_dated_name_when_the_spec_gives_one(tmp_path):
    job = _upload_job(tmp_path, file={"name": "leads-YYYY-MM-DD.csv"})
    assert 'const FILE_NAME_PATTERN = "leads-YYYY-MM-DD.csv"; // from the spec' in job
    assert "so a file not yet collected is never overwritten" in job
    assert "harmless" not in job


@pytest.mark.parametrize(("file", "says"), [
    ({"name": "leads.csv", "if_not_collected": "overwritten"},
     "a file not yet collected is overwritten, its records lost to the receiver"),
    ({"name": "leads.csv", "if_not_collected": "run-waits"},
     "has not been collected yet: nothing written; this run waits"),
    ({"name": "leads.csv"}, "TODO(file): the spec does not say what happens to a file not yet "
                            "collected"),
    (None, "TODO(file): the spec does not name the file"),
])
def test_the_upload_says_what_happens_to_a_file_not_yet_collected(tmp_path, file, says):
    job = _upload_job(tmp_path, file=file)
    assert says in job
    assert "harmless" not in job and "FILE_NAME_PATTERN" not in job


# -- volumes per day, week or month, with a peak --------------------------------------------


@pytest.mark.parametrize(("typed", "volumes"), [
    ("about 10 a week", ["10 records/week"]),
    ("200 a month", ["200 records/month"]),
    ("5 per day, 50 at peak", ["5 records/day", "50 records/day at peak"]),
    ("ten a week", ["10 records/week"]),
    ("10/wk", ["10 records/week"]),  # a week, not a day
])
def test_a_volume_per_day_week_or_month_is_accepted_in_the_interview(typed, volumes):
    answers = answered_until("flows[0].volume", PULL)
    asked = engine.next_question(load_questionnaire(), answers, catalog=CATALOG)
    assert asked is not None and asked.key == "flows[0].volume"
    parsed = asked.parse(typed)
    assert (parsed.problem, parsed.value) == (None, volumes)


@pytest.mark.parametrize(("said", "daily"), [
    ("about 10 a week", 10 / 7), ("200 a month", 200 / 30), ("5 per day, 50 at peak", 5.0),
    ("10 records/week", 10 / 7), ("40 records/wk in January", 40 / 7), ("3 a night", 3.0)])
def test_a_volume_has_its_per_day_equivalent(said, daily):
    from mailroom.spec.quantities import parse_volume

    volume = parse_volume(said)
    assert volume is not None and volume.daily == pytest.approx(daily)


@covers("volume-peak-below-typical", "fires")
def test_a_peak_below_the_typical_volume_a_day_is_flagged():
    spec = make_spec(volume="200 a week", volume_peak="20 records/day")
    assert_says(the_finding(spec, "volume-peak-below-typical").message,
                "about 20 records a day", "about 28.6 a day")


@covers("volume-peak-below-typical", "quiet")
@pytest.mark.parametrize(("volume", "peak"), [
    ("about 10 a week", "5 per day"),  # 1.4 a day usually, 5 on a peak day
    ("200 a month", "50 records/week"),
    ("5 per day", "50 records/day at peak"),
    ("2000", "20 records/day"),  # a size, not a rate: not compared
])
def test_a_peak_at_or_above_the_typical_volume_is_quiet(volume, peak):
    assert not with_code(make_spec(volume=volume, volume_peak=peak), "volume-peak-below-typical")
