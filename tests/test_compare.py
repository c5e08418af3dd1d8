"""`mailroom compare`: who said what, flow by flow, and each side's sentence."""

from __future__ import annotations

import json

from tests.conftest import CONTRACT_SPEC, SAMPLES

LEE = (CONTRACT_SPEC.replace("mail_person: salesforce", "mail_person: netsuite")
       .replace("mailbox: netsuite", "mailbox: salesforce")
       .replace("direction: push", "direction: pull")
       .replace("trigger: event", "trigger: schedule")
       .replace("event: a lead is converted", "event: null")
       .replace("schedule: null", 'schedule: "*/30 * * * *"')
       .replace("change_detection: null", "change_detection: modified-since")
       .replace("{name: Dana Ortiz, role: project manager}", "{name: Lee Chen, role: developer}"))


def test_disagreement_names_who_said_what(write, run):
    dana, lee = write("dana.yaml", CONTRACT_SPEC), write("lee.yaml", LEE)
    result = run("compare", dana, lee)
    assert result.exit_code == 1
    assert result.stdout == """\
Dana Ortiz and Lee Chen disagree on 4 answers.

Flow salesforce-to-netsuite
  As each of them reads it:
    Dana Ortiz: Salesforce pushes converted leads into NetSuite's REST API when a lead
      is converted.
    Lee Chen: NetSuite pulls converted leads from Salesforce's REST API every 30
      minutes.
  mail_person:
    Dana Ortiz: Salesforce
    Lee Chen: NetSuite
  mailbox:
    Dana Ortiz: NetSuite
    Lee Chen: Salesforce
  direction:
    Dana Ortiz: push
    Lee Chen: pull
  trigger:
    Dana Ortiz: event
    Lee Chen: schedule

Settle these answers together before estimates are made.
"""


def test_unknown_is_not_a_disagreement_but_is_shown_in_a_conflict(write, run):
    partial = CONTRACT_SPEC.replace("volume: 200 records/day", "volume: null")
    result = run("compare", "--format", "json", write("a.yaml", CONTRACT_SPEC),
                 write("b.yaml", partial.replace("Dana Ortiz", "Sam Roe")))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"conflicts": []}


def test_json_follows_the_contract(write, run):
    result = run("compare", "--format", "json", write("dana.yaml", CONTRACT_SPEC),
                 write("lee.yaml", LEE))
    assert result.exit_code == 1
    conflicts = json.loads(result.stdout)["conflicts"]
    assert conflicts[0] == {"flow": "salesforce-to-netsuite", "field": "mail_person",
                            "answers": {"Dana Ortiz": "salesforce", "Lee Chen": "netsuite"}}
    assert [c["field"] for c in conflicts] == ["mail_person", "mailbox", "direction", "trigger"]


def test_file_name_when_no_one_is_named_and_missing_flows(write, run):
    bare = CONTRACT_SPEC.replace("stakeholders:\n  - {name: Dana Ortiz, role: project manager}\n",
                                 "")
    other = bare.replace("id: salesforce-to-netsuite", "id: sf-to-ns")
    result = run("compare", "--format", "json", write("one.yaml", bare),
                 write("two.yaml", other))
    conflicts = json.loads(result.stdout)["conflicts"]
    assert conflicts == [
        {"flow": "salesforce-to-netsuite", "field": "present",
         "answers": {"one.yaml": True, "two.yaml": False}},
        {"flow": "sf-to-ns", "field": "present", "answers": {"one.yaml": False, "two.yaml": True}},
    ]


def test_system_facts_and_answered_by(write, run):
    a = CONTRACT_SPEC.replace("title:", "answered_by: Dana\ntitle:")
    b = a.replace("answered_by: Dana", "answered_by: Kim").replace("skills: false}",
                                                                  "skills: true}")
    result = run("compare", "--format", "json", write("a.yaml", a), write("b.yaml", b))
    assert json.loads(result.stdout)["conflicts"] == [
        {"flow": None, "field": "systems.netsuite.skills",
         "answers": {"Dana": False, "Kim": True}}]


def test_same_person_twice_is_told_apart_by_file(write, run):
    a = write("monday.yaml", CONTRACT_SPEC)
    b = write("friday.yaml", CONTRACT_SPEC.replace("latency: 5 minutes", "latency: 1 hour"))
    conflicts = json.loads(run("compare", "--format", "json", a, b).stdout)["conflicts"]
    assert conflicts == [{"flow": "salesforce-to-netsuite", "field": "latency",
                          "answers": {f"Dana Ortiz ({a})": "5 minutes",
                                      f"Dana Ortiz ({b})": "1 hour"}}]


def test_needs_two_files(write, run):
    result = run("compare", write("a.yaml", CONTRACT_SPEC))
    assert result.exit_code == 2
    assert result.stderr == ("Error: compare needs at least two spec files, one per "
                             "stakeholder\n")


def test_the_sample_pair_disagrees_on_who_is_the_mail_person(run):
    pair = sorted(str(p) for p in (SAMPLES / "compare").glob("*.yaml"))
    assert len(pair) >= 2
    result = run("compare", "--format", "json", *pair)
    assert result.exit_code == 1
    fields = {c["field"] for c in json.loads(result.stdout)["conflicts"]}
    assert {"mail_person", "trigger"} <= fields


def test_the_data_field_by_field_is_compared_field_by_field(write, run):
    """Two people who map one field differently, and one who lists a field the other does
    not: each difference is named by the field, not shown as two whole lists."""
    fields = ("    fields:\n"
              "      - {source_field: email, destination_field: Email, personal: true}\n"
              "      - {source_field: company, destination_field: CompanyName}\n")
    dana = write("dana.yaml", CONTRACT_SPEC.replace("    source: salesforce\n",
                                                     fields + "    source: salesforce\n", 1))
    lee = write("lee.yaml", CONTRACT_SPEC.replace(
        "    source: salesforce\n",
        fields.replace("Email,", "EmailAddress,").replace(
            "      - {source_field: company, destination_field: CompanyName}\n", "")
        + "    source: salesforce\n", 1).replace("Dana Ortiz", "Lee Chen"))
    result = run("compare", dana, lee, "--format", "json")
    conflicts = {c["field"]: c["answers"] for c in json.loads(result.stdout)["conflicts"]}
    assert conflicts == {
        "fields.email.destination_field": {"Dana Ortiz": "Email", "Lee Chen": "EmailAddress"},
        "fields.company": {"Dana Ortiz": True, "Lee Chen": False},
    }
