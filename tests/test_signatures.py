"""Who signs: each system's owner, each organisation that receives the data and, where
personal data travels, a data-protection contact (issue "Schedules, dates, files and
signatures as people say them", point 5). An unknown signatory is an open question."""

from __future__ import annotations

from typing import Any

from tests.interview_support import CATALOG, PUSH, answered_until, replay
from tests.rule_support import SYSTEMS, make_spec

from mailroom.document.output import Options
from mailroom.document.render import render
from mailroom.facts.spec_facts import facts_of
from mailroom.interview import engine
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.spec.saving import dump_spec

# Two systems described by the person: the first one's owner is not given, the second's is.
OWN_SYSTEMS: dict[str, Any] = {
    "title": "New employees", "why": "The intranet lists every new employee.",
    "answered_by": "Dana Ortiz (project manager)",
    "systems[0].name": "HR system", "systems[0].kind": "HR system",
    "systems[0].way_in": "sftp", "systems[0].runs": False, "systems[0].owner": "",
    "systems[1].name": "Flowhub", "systems[1].kind": "integration platform",
    "systems[1].way_in": "none", "systems[1].runs": True, "systems[1].owner": "Flowhub Ltd",
    "systems[1].signatory": "Lee Park (Flowhub account manager)",
    "systems[2].name": "",
}


def _asked(spec_facts, field):
    return [q for q in spec_facts.questions if q.field == field]


def test_every_system_owner_and_data_protection_sign_when_all_is_known():
    facts = facts_of(make_spec())
    assert [(s.signs_for, s.name) for s in facts.signatories] == [
        ("Sales operations, which runs Salesforce", "Sam Lee (head of sales operations)"),
        ("Finance systems, which runs NetSuite", "Ida Berg (finance director)"),
        ("Data protection", "Ola Hansen (data-protection officer)"),
    ]
    assert not [q for q in facts.questions if "agree" in q.text]


def test_an_unknown_signatory_is_an_open_question():
    spec = make_spec(systems={"netsuite": {"signatory": None}},
                     top={"data_protection_contact": None})
    facts = facts_of(spec)
    [netsuite] = _asked(facts, "systems.netsuite.signatory")
    assert netsuite.text == ("Who must agree to this document for Finance systems, which runs "
                             "NetSuite? A name and role.")
    [protection] = _asked(facts, "data_protection_contact")
    assert "for data protection" in protection.text
    assert not _asked(facts, "systems.salesforce.signatory")


def test_the_receiving_organisation_signs_for_the_data_it_receives():
    spec = make_spec(systems={"netsuite": {"third_party": True, "owner": "Acme Payroll Ltd",
                                           "signatory": None}})
    [question] = _asked(facts_of(spec), "systems.netsuite.signatory")
    assert "Acme Payroll Ltd, the organisation that runs NetSuite and receives the data" in \
        question.text


def test_no_data_protection_signature_where_no_personal_data_travels():
    facts = facts_of(make_spec(personal_data=False, personal_fields=None,
                               top={"data_protection_contact": None}))
    assert [s.signs_for for s in facts.signatories] == [
        "Sales operations, which runs Salesforce", "Finance systems, which runs NetSuite"]
    assert not _asked(facts, "data_protection_contact")


def test_a_system_in_no_flow_signs_for_nothing():
    extra = {**SYSTEMS["netsuite"], "id": "hubspot", "name": "HubSpot", "signatory": None}
    facts = facts_of(make_spec(add_systems=(extra,)))
    assert not _asked(facts, "systems.hubspot.signatory")


def test_the_cover_and_the_sign_off_table_name_every_signatory(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))
    spec = make_spec(systems={"netsuite": {"signatory": None}})
    path = tmp_path / "spec.yaml"
    path.write_text(dump_spec(spec))
    [result] = render([path], tmp_path / "out",
                      Options(formats=("md", "html"), date="2026-01-01", stub=False), jobs=1)
    assert result.error is None, result.error
    md = (tmp_path / "out" / "spec.md").read_text()
    sign_off = md[md.index("## Stakeholders and sign-off"):md.index("## Glossary")]
    assert "| Sales operations, which runs Salesforce | Sam Lee (head of sales operations) |" \
        in sign_off
    assert "| Finance systems, which runs NetSuite | *not decided yet* (Q1) |" in sign_off
    assert "| Data protection | Ola Hansen (data-protection officer) |" in sign_off
    # the signature table: the person interviewed, then every signatory
    assert "| Dana Ortiz | project manager | | |" in sign_off
    assert "| Sam Lee (head of sales operations) | Sales operations, which runs Salesforce " \
           "| | |" in sign_off
    html = (tmp_path / "out" / "spec.html").read_text()
    cover = html[html.index('<header class="cover">'):html.index("</header>")]
    assert "Who must agree" in cover
    assert "Ola Hansen (data-protection officer)" in cover
    assert "<em>Not decided yet</em> (Q1)" in cover


def test_who_signs_is_asked_once_an_owner_is_named():
    answers = answered_until("systems[0].signatory", PUSH)
    asked = engine.next_question(load_questionnaire(), answers, catalog=CATALOG)
    assert asked is not None and asked.key == "systems[0].signatory"
    assert asked.text == ("Who must agree to this document for Sales operations, which runs "
                          "Salesforce? A name and role.")
    assert asked.optional


def test_who_signs_is_not_asked_while_the_owner_is_not_known():
    answers = answered_until("flows[0].data", OWN_SYSTEMS)
    assert "systems[0].signatory" not in answers.values  # no owner given: not asked
    assert answers.values["systems[1].signatory"] == "Lee Park (Flowhub account manager)"


def test_data_protection_is_asked_only_where_personal_data_travels():
    with_personal = answered_until("data_protection_contact", PUSH)
    asked = engine.next_question(load_questionnaire(), with_personal, catalog=CATALOG)
    assert asked is not None and asked.key == "data_protection_contact"
    without = {**PUSH, "flows[0].personal_data": False}
    for key in ("flows[0].personal_fields", "flows[0].agreement", "flows[0].stored",
                "flows[0].sends", "data_protection_contact"):
        without.pop(key)
    answers, asked = replay(without)
    assert "data_protection_contact" not in [a.key for a in asked]
    assert "data_protection_contact" not in answers.values



def test_a_stakeholder_who_also_signs_for_an_owner_signs_once(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))
    spec = make_spec(top={"stakeholders": [{"name": "Sam Lee", "role": "sales lead"}]})
    path = tmp_path / "spec.yaml"
    path.write_text(dump_spec(spec))
    [result] = render([path], tmp_path / "out",
                      Options(formats=("md",), date="2026-01-01", stub=False), jobs=1)
    assert result.error is None, result.error
    md = (tmp_path / "out" / "spec.md").read_text()
    table = md[md.index("| Name | Role, or signs for |"):md.index("## Glossary")]
    assert "| Sam Lee | sales lead; for Sales operations, which runs Salesforce | | |" in table
    assert "| Sam Lee (head of sales operations) |" not in table
