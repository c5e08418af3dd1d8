"""The engine is a pure function of (questionnaire, answers so far): no terminal, no files."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap
from tests.interview_support import CATALOG, MIDDLE, PULL, PUSH, answered_until, give, replay

from mailroom.interview import engine, specmap
from mailroom.interview.answers import Answers
from mailroom.interview.prepared import Asked
from mailroom.interview.view import MISSING
from mailroom.questionnaire.loading import load_questionnaire, parse_questionnaire
from mailroom.spec.reading import parse_tree

QN = load_questionnaire()

# Two systems the catalog does not know, described by hand: an HR system exporting files
# to SFTP and a platform with no way in of its own.
OWN_SYSTEMS: dict[str, Any] = {
    "title": "New employees", "why": "The intranet lists every new employee.",
    "answered_by": "Dana Ortiz (project manager)",
    "systems[0].name": "HR system", "systems[0].kind": "HR system",
    "systems[0].way_in": "sftp", "systems[0].runs": False, "systems[0].owner": "",
    "systems[1].name": "Flowhub", "systems[1].kind": "integration platform",
    "systems[1].way_in": "none", "systems[1].runs": True, "systems[1].owner": "Flowhub Ltd",
    "systems[1].signatory": "",
    "systems[2].name": "",
}


def until(key: str, script: dict[str, Any] = PUSH) -> Answers:
    return answered_until(key, script, QN)


def ask(answers: Answers) -> Asked:
    asked = engine.next_question(QN, answers, catalog=CATALOG)
    assert asked is not None
    return asked


def answer(answers: Answers, key: str, value: Any) -> engine.Change:
    return engine.answer(QN, answers, key, value, catalog=CATALOG)


def keys_of(script: dict[str, Any]) -> list[str]:
    return [a.key for a in replay(script)[1]]


# -- the path ----------------------------------------------------------------------


def test_a_one_flow_push_asks_these_questions_in_this_order():
    answers, asked = replay(PUSH)
    assert [a.key for a in asked] == list(PUSH)
    assert [a.key for a in asked][14:] == [
        "flows[0].data", "flows[0].ends", "flows[0].fields", "flows[0].latency",
        "flows[0].trigger", "flows[0].event", "flows[0].events", "flows[0].skills",
        "flows[0].business_logic", "flows[0].pattern", "flows[0].personal_data",
        "flows[0].personal_fields", "flows[0].personal_kinds", "flows[0].agreement",
        "flows[0].stored", "flows[0].sends",
        "flows[0].volume", "flows[0].error_handling", "flows[0].alert_to",
        "flows[0].alert_within", "flows[0].resend_by", "flows[0].details", "flows[0].where",
        "flows[0].transport", "flows[0].format", "flows[0].auth", "flows[0].notes",
        "flows[1].data",  # "what other data moves?": Enter, there is none
        "data_protection_contact",  # personal data travels: who signs for data protection
    ]
    values = answers.values
    assert values["flows[0].volume"] == ["200 records/day",
                                         "2000 records/day at the end of the quarter"]
    assert values["flows[0].error_handling"] == (
        "retry automatically with growing delays; alert someone")
    assert values["flows[0].notes"] is None  # asked, nothing to add
    assert (values["systems[1].another"], values["flows[0].another"]) == (False, False)


def test_what_follows_from_earlier_answers_is_worked_out_not_asked():
    answers, asked = replay(PUSH)
    keys = {a.key for a in asked}
    worked_out = {
        "systems[0].id": "salesforce", "systems[1].id": "netsuite",
        "flows[0].id": "salesforce-to-netsuite",
        "flows[0].sender": "salesforce",  # sends on its own event: the mail person
        "flows[0].mailbox": "netsuite",  # the end that is not the mail person
        "systems[0].api": True,  # it has a way in: a REST API
    }
    for key, value in worked_out.items():
        assert key not in keys
        assert answers.values[key] == value, key


def test_a_catalog_system_costs_its_name_the_confirmation_and_who_runs_it():
    """Its kind and its way in are what its vendor documents: not asked."""
    answers, asked = replay(PUSH)
    salesforce = [a for a in asked if a.key.startswith("systems[0].")]
    assert [a.key for a in salesforce] == ["systems[0].name", "systems[0].catalog",
                                           "systems[0].runs", "systems[0].owner",
                                           "systems[0].signatory"]
    # who keeps it running, and (an owner named) who signs for them: Enter skips
    assert salesforce[-2].optional and salesforce[-1].optional
    values = answers.values
    assert (values["systems[0].kind"], values["systems[0].way_in"]) == ("CRM", "rest")
    assert (values["systems[1].kind"], values["systems[1].way_in"]) == ("ERP", "rest")
    assert values["systems[0].not_platform"] is False


def test_a_system_the_catalog_does_not_know_is_described_by_the_person():
    answers = until("flows[0].data", OWN_SYSTEMS)
    keys = [k for k in OWN_SYSTEMS if k.startswith("systems[0].")]
    assert keys == ["systems[0].name", "systems[0].kind", "systems[0].way_in",
                    "systems[0].runs", "systems[0].owner"]
    values = answers.values
    assert values["systems[0].id"] == "hr-system"
    # What follows from the kind and the way in is worked out: a platform, an API.
    assert (values["systems[0].not_platform"], values["systems[0].api"]) == (False, True)
    assert (values["systems[1].platform"], values["systems[1].no_api"]) == (True, False)


def test_no_this_is_another_system_asks_what_the_catalog_would_have_said():
    script = {**PUSH, "systems[1].catalog": False, "systems[1].kind": "ERP",
              "systems[1].way_in": "soap"}
    script = {k: script[k] for k in [*list(PUSH)[:9], "systems[1].kind", "systems[1].way_in",
                                     *list(PUSH)[9:]]}
    answers, asked = replay(script)
    assert [a.key for a in asked][9:13] == ["systems[1].catalog", "systems[1].kind",
                                            "systems[1].way_in", "systems[1].runs"]
    assert answers.values["systems[1].way_in"] == "soap"


def test_another_system_is_asked_as_the_next_ones_name():
    asked = ask(until("systems[2].name"))
    assert asked.text == "What is system 3 called? Press Enter if there are no more."
    assert asked.continues == "systems[1].another"
    assert asked.default is MISSING and asked.optional and not asked.unknown
    # Two systems at least: the second system's name is asked plainly.
    second = ask(until("systems[1].name"))
    assert (second.text, second.continues) == ("What is system 2 called?", None)


def test_enter_ends_the_systems_and_a_name_adds_one():
    answers = until("systems[2].name")
    asked = ask(answers)
    no_more = give(QN, answers, asked, asked.parse("").value)
    assert no_more.values["systems[1].another"] is False
    assert ask(no_more).key == "flows[0].data"
    third = give(QN, answers, asked, asked.parse("HubSpot").value)
    assert third.values["systems[1].another"] is True
    assert third.values["systems[2].name"] == "HubSpot"
    assert ask(third).key == "systems[2].catalog"  # HubSpot is in the catalog


def test_enter_ends_the_flows():
    asked = ask(until("flows[1].data"))
    assert asked.text == "What other data moves? Press Enter if there is none."
    assert asked.continues == "flows[0].another"
    answers = give(QN, until("flows[1].data"), asked, asked.parse("").value)
    last = ask(answers)  # the flow carries personal data: who signs for data protection
    assert last.key == "data_protection_contact"
    answers = give(QN, answers, last, None)
    assert engine.next_question(QN, answers, catalog=CATALOG) is None


def test_a_platform_in_the_middle_is_two_flows_and_three_systems():
    answers, asked = replay(MIDDLE)
    keys = [a.key for a in asked]
    assert keys == list(MIDDLE)
    assert answers.values["flows[1].id"] == "openfn-to-dhis2"
    assert answers.values["systems[1].platform"] is True  # the catalog: a platform
    # The mail person's people: developers for CommCare, workflows for the platform.
    assert "flows[0].skills" in keys and "flows[1].skills_platform" in keys
    assert "flows[1].skills" not in keys
    assert "flows[0].webhook_registration" in keys  # a webhook only
    assert "flows[1].webhook_registration" not in keys
    # OpenFn is the destination of one flow and the source of the other: the agreement
    # is asked where personal data reaches another organisation, not where it leaves it.
    assert "flows[0].agreement" in keys and "flows[1].agreement" not in keys


def test_questions_follow_the_trigger_and_the_direction():
    keys = keys_of(PULL)
    asked = ["flows[0].schedule", "flows[0].mail_person", "flows[0].skills",
             "flows[0].change_detection"]
    assert [k for k in keys if k in asked] == asked
    assert "flows[0].event" not in keys and "flows[0].events" not in keys
    demand: dict[str, Any] = {}
    for key, value in PULL.items():
        if key == "flows[0].trigger":
            demand |= {key: "on-demand", "flows[0].demand": "an employee logs in"}
        elif key == "flows[0].change_detection":
            demand["flows[0].caching"] = True
        elif key != "flows[0].schedule":
            demand[key] = value
    keys = keys_of(demand)
    assert keys.index("flows[0].demand") < keys.index("flows[0].mail_person") < keys.index(
        "flows[0].caching")
    assert "flows[0].change_detection" not in keys and "flows[0].schedule" not in keys


def test_the_technical_details_wait_behind_one_question():
    keys = keys_of(PULL)  # "do you know the technical details now?" no
    assert keys[-3:] == ["flows[0].details", "flows[1].data", "time_zone"]
    details = ask(until("flows[0].details", PULL))
    assert details.default is False and not details.unknown
    assert details.text == (
        "Do you know the technical details now: where Salesforce's way in is, how the data "
        "travels, in what format, and how NetSuite proves who it is?")
    assert not {"flows[0].transport", "flows[0].format", "flows[0].auth"} & set(keys)


# -- questions about a system, asked in a flow ------------------------------------------------


def test_what_a_flow_asks_about_a_system_is_asked_once_for_each_system():
    """A second flow from Salesforce into NetSuite: whether Salesforce announces events,
    whether there are Salesforce developers and where NetSuite's way in is were answered
    in the first flow."""
    second = {k.replace("flows[0]", "flows[1]"): v for k, v in PUSH.items()
              if k.startswith("flows[0].")}
    script = {**PUSH, **second, "flows[1].data": "Won opportunities",
              "flows[1].id": "won-opportunities", "flows[2].data": ""}
    answers, asked = replay(script)
    keys = [a.key for a in asked]
    for name in ("events", "skills", "where"):
        assert f"flows[0].{name}" in keys and f"flows[1].{name}" not in keys
    from mailroom.interview.view import View

    salesforce = View(QN, answers.values, CATALOG).record(("systems", 0))
    assert (salesforce["events"], salesforce["skills"]) == (True, True)


def test_what_a_flow_asks_about_a_system_is_written_into_the_system():
    answers, _ = replay(PUSH)
    tree = specmap.write(QN, answers, CommentedMap())
    salesforce, netsuite = tree["systems"]
    assert (salesforce["events"], salesforce["skills"]) == (True, True)
    assert netsuite["interface"] == "SuiteTalk REST web services (/record/v1/customer)"
    flow = tree["flows"][0]
    assert not {"events", "skills", "interface"} & set(flow)


def test_a_source_that_cannot_announce_events_cannot_start_a_later_flow_on_one():
    second = {"flows[1].data": "Won opportunities", "flows[1].ends": ["salesforce", "netsuite"],
              "flows[1].id": "won-opportunities", "flows[1].fields": []}
    script = {**PUSH, "flows[0].events": False, **second}
    asked = ask(until("flows[1].latency", script))
    answers = give(QN, until("flows[1].latency", script), asked, "1 hour")
    trigger = ask(answers)
    assert trigger.key == "flows[1].trigger"
    event = next(o for o in trigger.options if o.value == "event")
    assert event.disabled == ("Salesforce cannot announce events; a schedule or a request "
                              "must start it")


# -- texts, defaults, choices ------------------------------------------------------------


def test_texts_name_the_systems_and_say_unknowns_in_words():
    assert ask(until("flows[0].latency")).text == "How fresh must the data be in NetSuite?"
    answers = give(QN, until("flows[0].fields"), ask(until("flows[0].ends")), None)
    asked = ask(answers)
    assert asked.key == "flows[0].fields"
    assert asked.text == ('Field by field, if you know it: the first field, as "name in the '
                          'source -> name in the destination, how it changes, personal".')


def test_a_system_id_is_its_name_as_an_id():
    answers = answer(until("systems[0].name"), "systems[0].name", "Sales Force (EU)!").answers
    assert answers.values["systems[0].id"] == "sales-force-eu"
    assert ask(answers).key == "systems[0].kind"  # not the id: it is worked out


def test_an_id_is_asked_only_when_two_systems_would_share_it():
    script = {**OWN_SYSTEMS, "systems[1].name": "HR-System"}
    answers = until("systems[1].name", script)
    assert answers.values["systems[0].id"] == "hr-system"
    answers = answer(answers, "systems[1].name", "HR-System").answers
    asked = ask(answers)
    assert asked.key == "systems[1].id"
    assert asked.text == "What short id should HR-System have?"
    assert not asked.unknown
    assert asked.parse("hr-system").problem == (
        'Another system already has the id "hr-system"; choose a different one.')
    assert asked.parse("HR EU").problem == (
        'Use lowercase letters, digits and dashes only, starting with a letter or digit, '
        'for example "hr-eu".')
    assert asked.parse(None).problem == "This one needs an answer."
    answers = answer(answers, "systems[1].id", "hr-system-eu").answers
    assert ask(answers).key == "systems[1].kind"


def test_a_flow_id_is_asked_only_when_two_flows_would_share_it():
    assert "flows[0].id" not in keys_of(PUSH)
    second = {"flows[1].data": "Won opportunities", "flows[1].ends": ["salesforce", "netsuite"]}
    answers = until("flows[1].fields", {**PUSH, **second, "flows[1].id": "won-opportunities"})
    assert answers.values["flows[1].id"] == "won-opportunities"
    asked = ask(until("flows[1].id", {**PUSH, **second}))
    assert asked.default == "salesforce-to-netsuite"
    assert asked.help is not None and asked.help.startswith(
        "Another flow already goes from Salesforce to NetSuite.")
    assert asked.parse("salesforce-to-netsuite").problem == (
        'Another flow already has the id "salesforce-to-netsuite"; choose a different one.')


def test_the_ends_are_every_way_between_two_systems():
    asked = ask(until("flows[0].ends"))
    assert [(o.value, o.label) for o in asked.options] == [
        (["salesforce", "netsuite"], "Salesforce → NetSuite"),
        (["netsuite", "salesforce"], "NetSuite → Salesforce"),
    ]
    answers = answer(until("flows[0].ends"), "flows[0].ends", ["netsuite", "salesforce"]).answers
    from mailroom.interview.view import View

    record = View(QN, answers.values, CATALOG).record(("flows", 0))
    assert (record["source"], record["destination"]) == ("netsuite", "salesforce")
    assert answers.values["flows[0].id"] == "netsuite-to-salesforce"


def test_the_mail_person_is_the_source_when_it_sends_on_its_own_event():
    answers = until("flows[0].event")
    assert answers.values["flows[0].sender"] == "salesforce"
    assert answers.values["flows[0].mailbox"] == "netsuite"


def test_the_mailbox_is_the_end_that_is_not_the_mail_person():
    answers = answer(until("flows[0].mail_person", PULL), "flows[0].mail_person",
                     "netsuite").answers
    assert answers.values["flows[0].mailbox"] == "salesforce"
    assert ask(answers).text == "Do you have developers who can build in NetSuite?"


def test_the_mail_person_choices_explain_themselves_with_the_flows_systems():
    asked = ask(until("flows[0].mail_person", PULL))
    assert [(o.value, o.label, o.explain) for o in asked.options] == [
        ("salesforce", "Salesforce", "Salesforce sends the data out to NetSuite"),
        ("netsuite", "NetSuite", "NetSuite fetches the data from Salesforce"),
    ]


def test_schedules_slower_than_the_freshness_cannot_be_chosen():
    asked = ask(until("flows[0].schedule", PULL))  # the data is needed within 15 minutes
    assert [(o.value, o.disabled) for o in asked.options] == [
        ("every 5 minutes", None), ("every 15 minutes", None),
        ("every hour", "too slow for data needed within 15 minutes"),
        ("every 4 hours", "too slow for data needed within 15 minutes"),
        ("nightly", "too slow for data needed within 15 minutes"),
        ("weekly", "too slow for data needed within 15 minutes"),
    ]
    assert asked.other == "another schedule (type it)"
    assert asked.parse("every hour").problem == "'every hour' is not one of the choices here."
    assert asked.parse("every 10 minutes").value == "every 10 minutes"  # typed


def test_the_pattern_is_asked_in_plain_words():
    asked = ask(until("flows[0].pattern"))
    assert [(o.value, o.label) for o in asked.options] == [
        ("embed", "to show it"), ("pull", "to look it up"), ("clone", "to keep a copy"),
        ("synthesize", "to combine it"), ("push", "to send it out")]
    words = " ".join(f"{o.label} {o.explain}" for o in asked.options).split()
    assert not {"push", "pull", "pushes", "pulls"} & set(words)


def test_a_webhook_is_not_offered_for_a_pull():
    asked = ask(until("flows[0].transport", {**PULL, "flows[0].details": True,
                                             "flows[0].where": ""}))
    webhook = next(o for o in asked.options if o.value == "webhook")
    assert webhook.disabled == "a webhook is Salesforce calling out, so it is always a push"


def test_nothing_is_guessed_a_choice_without_a_suggestion_has_no_default():
    """Nothing follows from earlier answers, a vendor's documents or the domain: no
    default (the prompt then starts on "don't know yet")."""
    for key, script in (("systems[0].kind", OWN_SYSTEMS), ("systems[0].way_in", OWN_SYSTEMS),
                        ("systems[0].runs", PUSH), ("flows[0].latency", PUSH),
                        ("flows[0].trigger", PUSH), ("flows[0].business_logic", PUSH),
                        ("flows[0].pattern", PUSH), ("flows[0].personal_data", PUSH),
                        ("flows[0].mail_person", PULL), ("flows[0].events", PUSH),
                        ("flows[0].skills", PUSH)):
        asked = ask(until(key, script))
        assert asked.default is MISSING, key


def test_what_the_vendor_documents_is_suggested_with_its_page():
    transport = ask(until("flows[0].transport"))
    assert transport.default == "rest"
    assert "docs.oracle.com" in (transport.default_source or "")
    auth = ask(until("flows[0].auth"))
    assert auth.default == "oauth2-client-credentials"  # the first NetSuite documents
    assert "docs.oracle.com" in (auth.default_source or "")
    documented = [o.value for o in auth.options if "documented by NetSuite" in (o.explain or "")]
    assert "oauth2-client-credentials" in documented and "api-key" not in documented
    catalog = ask(until("systems[1].catalog"))
    assert catalog.text == "NetSuite is in mailroom's catalog. Is it this system?"
    assert [o.value for o in catalog.options] == ["netsuite", False]
    assert catalog.default == "netsuite"


# -- answers: don't know, validation ---------------------------------------------------------


def test_dont_know_is_an_answer():
    asked = ask(until("flows[0].trigger"))
    assert asked.parse(None).value is None and asked.parse(None).problem is None


@pytest.mark.parametrize(("key", "typed", "problem"), [
    ("flows[0].volume", "lots", 'Type how many records move on a typical day, such as 300, and '
     'the most on a peak day if there is one: "300, up to 3000 on Black Friday".'),
    ("title", "", "Type an answer, or ? if you don't know yet."),
    ("flows[0].data", "Leads, token Bearer abcdefghijklmnopqrstuvwxyz123456",
     "That looks like a bearer token. Never type a secret here: a spec records only the method, "
     "and at most the name of the place the secret is kept."),
    ("flows[0].fields", ["email -> Email", "api_key=sk_live_abcdefghijklmnop1234"],
     "That looks like an API secret key. Never type a secret here: a spec records only the method, "
     "and at most the name of the place the secret is kept."),
])
def test_answers_are_checked_with_a_message(key, typed, problem):
    assert ask(until(key)).parse(typed).problem == problem


@pytest.mark.parametrize(("typed", "stored"), [
    ("200", ["200 records/day"]),
    ("1,200", ["1200 records/day"]),
    ("about 2k", ["2000 records/day"]),
    ("300, up to 3000 on Black Friday", ["300 records/day", "3000 records/day on Black Friday"]),
    ("about 300 a day, 3000 on peak days", ["300 records/day", "3000 records/day on peak days"]),
    ("50 an hour, 400 at peak", ["50 records/hour", "400 records/hour at peak"]),
])
def test_a_volume_is_read_with_its_peak(typed, stored):
    assert ask(until("flows[0].volume")).parse(typed).value == stored


def test_the_data_is_typed_field_by_field():
    asked = ask(until("flows[0].fields"))
    assert asked.type == "list" and asked.optional
    fields = asked.parse(["email -> Email, lower case, personal", "total -> Amount"]).value
    assert [(f["source_field"], f["destination_field"], f.get("transform"), f.get("personal"))
            for f in fields] == [("email", "Email", "lower case", True),
                                 ("total", "Amount", None, None)]
    assert asked.parse([]).value is None  # Enter at once skips it


def test_a_value_typed_after_something_else_keeps_the_questions_rules():
    questionnaire = parse_questionnaire("""\
questionnaire: 1
name: tiny
title: Tiny
items:
  - group: flows
    heading: ["Flow {n}"]
    another: {prompt: Another flow?}
    questions:
      - {id: id, field: id, unknown: false, prompt: Flow id}
      - id: schedule
        field: schedule
        type: select
        other: another schedule (type it)
        prompt: How often?
        choices:
          - {value: nightly, explain: at night}
        validate:
          - rule: schedule
            message: mailroom cannot read "{value}" as a schedule ({problem}).
""", "tiny.yaml")
    answers = engine.answer(questionnaire, Answers(), "flows[0].id", "f").answers
    asked = engine.next_question(questionnaire, answers)
    assert asked is not None and asked.key == "flows[0].schedule"
    assert asked.parse("nightly").value == "nightly"
    assert asked.parse("every 30 minutes").value == "every 30 minutes"
    assert asked.parse("61 * * * *").problem == (
        'mailroom cannot read "61 * * * *" as a schedule (the minute field has 61, outside '
        '0-59).')


# -- changing an earlier answer -----------------------------------------------------------


def test_changing_the_mail_person_asks_again_what_depended_on_it():
    answers = until("flows[0].business_logic", PULL)
    change = answer(answers, "flows[0].mail_person", "salesforce")  # a scheduled push
    assert [s.key for s in change.retracted] == ["flows[0].skills"]  # now about Salesforce
    assert "flows[0].change_detection" in change.dropped  # a push needs none
    after = change.answers
    assert after.values["flows[0].mailbox"] == "netsuite"
    assert after.values["flows[0].trigger"] == "schedule"  # still fits: kept
    asked = ask(after)
    assert (asked.key, asked.text) == ("flows[0].skills",
                                       "Do you have developers who can build in Salesforce?")


def test_an_answer_worked_out_the_same_again_takes_nothing_back():
    """The transport is one of what the roles are read from; answering it works the mailbox
    out again, to the same system: where its way in is stays answered."""
    answers = until("flows[0].transport")
    change = answer(answers, "flows[0].transport", "rest")
    assert change.retracted == () and change.dropped == ()
    assert ask(change.answers).key == "flows[0].format"


def test_a_flow_id_follows_its_ends():
    answers = until("flows[0].pattern")
    change = answer(answers, "flows[0].ends", ["netsuite", "salesforce"])
    values = change.answers.values
    assert values["flows[0].id"] == "netsuite-to-salesforce"
    assert values["flows[0].sender"] == "netsuite" and values["flows[0].mailbox"] == "salesforce"
    # What was asked about Salesforce as the source is asked about NetSuite now.
    assert [s.key for s in change.retracted] == ["flows[0].events", "flows[0].skills"]
    assert ask(change.answers).text == "Can NetSuite announce when something happens in it?"


def test_renaming_a_system_works_out_again_what_followed_from_its_name():
    answers = until("flows[0].fields")
    change = answer(answers, "systems[1].name", "Acme ERP")  # not NetSuite: not in the catalog
    values = change.answers.values
    assert values["systems[1].id"] == "acme-erp"
    assert "systems[1].catalog" in change.dropped
    assert [s.key for s in change.retracted][:2] == ["systems[1].kind", "systems[1].way_in"]
    asked = ask(change.answers)
    assert asked.text == "What kind of system is Acme ERP?"


def test_fewer_systems_takes_back_the_systems_that_went():
    answers, _ = replay(MIDDLE)
    change = answer(answers, "systems[1].another", False)
    assert "systems[2].name" in change.dropped
    assert "systems[2].name" in change.answers.drafts
    asked = ask(change.answers)
    assert asked.key == "flows[1].ends"  # it named DHIS2, which is gone
    assert [o.label for o in asked.options] == ["CommCare → OpenFn", "OpenFn → CommCare"]


# -- going back ---------------------------------------------------------------------------


def test_going_back_reopens_the_previous_answer_with_it_as_default():
    answers = until("flows[0].trigger")
    back = engine.go_back(QN, answers, "flows[0].trigger", catalog=CATALOG)
    asked = ask(back)
    assert (asked.key, asked.default, asked.revisiting) == ("flows[0].latency", "15 minutes",
                                                            True)
    twice = engine.go_back(QN, back, "flows[0].latency", catalog=CATALOG)
    assert ask(twice).key == "flows[0].fields"
    # Keeping the answers walks forward again to where the person was.
    again = answer(twice, "flows[0].fields", answers.values["flows[0].fields"]).answers
    again = answer(again, "flows[0].latency", "15 minutes").answers
    assert ask(again).key == "flows[0].trigger"


def test_going_back_skips_what_was_worked_out():
    answers = until("flows[0].fields")  # the flow's id was worked out after its ends
    back = engine.go_back(QN, answers, "flows[0].fields", catalog=CATALOG)
    assert ask(back).key == "flows[0].ends"


def test_there_is_nothing_before_the_first_question():
    assert engine.go_back(QN, Answers(), "title", catalog=CATALOG) is None
    assert ask(Answers()).can_go_back is False
    assert ask(until("why")).can_go_back is True


def test_going_back_from_the_end_asks_again_whether_there_is_more():
    answers, _ = replay(PUSH)
    assert engine.next_question(QN, answers, catalog=CATALOG) is None
    asked = ask(engine.go_back(QN, answers, None, catalog=CATALOG))
    assert asked.key == "data_protection_contact"  # the last question, asked after the flows
    asked = ask(engine.go_back(QN, answers, "data_protection_contact", catalog=CATALOG))
    assert (asked.key, asked.continues) == ("flows[1].data", "flows[0].another")


# -- answers from a spec ----------------------------------------------------------------------


@pytest.mark.parametrize("script", [PUSH, MIDDLE, PULL], ids=["push", "middle", "pull"])
def test_a_spec_the_interview_wrote_answers_every_question_when_read_back(script):
    answers, _ = replay(script)
    tree = specmap.write(QN, answers, CommentedMap())
    seeded = engine.complete(QN, specmap.seed(QN, tree, CATALOG), catalog=CATALOG)
    assert engine.missing(QN, seeded, catalog=CATALOG) == []  # a complete answers file
    assert specmap.write(QN, seeded, CommentedMap()) == tree
    left = engine.next_question(QN, seeded, catalog=CATALOG)
    if script is PULL:  # no technical details in the file: in a terminal, offered again
        assert left is not None and left.key == "flows[0].details"
    else:
        assert left is None


def test_a_partial_spec_leaves_the_rest_to_ask():
    tree = parse_tree("spec: 1\ntitle: Leads\nwhy: null\nsystems:\n  - {id: crm, name: CRM}\n",
                      "a.yaml")
    answers = engine.complete(QN, specmap.seed(QN, tree, CATALOG), catalog=CATALOG)
    assert answers.values["why"] is None  # null is "don't know yet": answered
    assert answers.values["systems[0].name"] == "CRM"
    missing = [slot.key for slot in engine.missing(QN, answers, catalog=CATALOG)]
    assert missing[:3] == ["systems[0].kind", "systems[0].way_in", "systems[0].runs"]
    assert "systems[1].name" in missing
    assert ask(answers).key == "answered_by"


def test_a_system_whose_id_is_a_catalog_entry_is_that_entry():
    """A spec without `catalog:` whose system's id is an entry's: read as that entry, so
    what its vendor documents is not asked."""
    tree = parse_tree("spec: 1\nsystems:\n  - {id: salesforce, name: Salesforce}\n"
                      "  - {id: erp, name: Our ERP}\n", "a.yaml")
    answers = engine.complete(QN, specmap.seed(QN, tree, CATALOG), catalog=CATALOG)
    assert answers.values["systems[0].catalog"] == "salesforce"
    assert "systems[1].catalog" not in answers.values
    missing = [slot.key for slot in engine.missing(QN, answers, catalog=CATALOG)]
    assert "systems[0].kind" not in missing and "systems[0].way_in" not in missing
    assert "systems[1].kind" in missing and "systems[1].way_in" in missing


def test_missing_values_are_distinct_from_unknown():
    assert MISSING is not None and not MISSING


def test_an_interview_of_unknowns_still_reaches_the_end():
    """Don't know the roles or the trigger: nothing that depends on them is asked."""
    script = {**PULL, "flows[0].trigger": None, "flows[0].mail_person": None}
    del script["flows[0].schedule"], script["flows[0].skills"]
    del script["flows[0].change_detection"]
    answers, asked = replay(script)
    keys = [a.key for a in asked]
    assert "flows[0].event" not in keys and "flows[0].schedule" not in keys
    assert "flows[0].skills" not in keys  # whose developers? not known yet
    assert answers.values["flows[0].id"] == "salesforce-to-netsuite"
    assert "flows[0].mailbox" not in answers.values


def test_a_flow_whose_ends_are_not_known_yet_is_still_a_flow():
    script = {**PULL, "flows[0].ends": None, "flows[0].trigger": None,
              "flows[0].mail_person": None}
    del script["flows[0].schedule"], script["flows[0].skills"]
    del script["flows[0].change_detection"]
    answers, _ = replay(script)
    assert answers.values.get("flows[0].id") == "flow-1"
