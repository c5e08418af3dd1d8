"""The engine is a pure function of (questionnaire, answers so far): no terminal, no files."""

from __future__ import annotations

import pytest
from tests.interview_support import MIDDLE, PUSH, answered_until, replay

from mailroom.interview import engine, specmap
from mailroom.interview.answers import Answers
from mailroom.interview.view import MISSING
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.spec.reading import load_spec, parse_tree

QN = load_questionnaire()


def until(key: str, script: dict = PUSH) -> Answers:
    return answered_until(key, script, QN)


def ask(answers: Answers):
    asked = engine.next_question(QN, answers)
    assert asked is not None
    return asked


def give(answers: Answers, key: str, value) -> Answers:
    return engine.answer(QN, answers, key, value).answers


# -- the path ----------------------------------------------------------------------


def test_a_one_flow_push_asks_these_questions_in_this_order():
    answers, asked = replay(PUSH)
    keys = [a.key for a in asked]
    assert keys[:4] == ["title", "why", "answered_by", "systems[0].name"]
    assert keys[-21:] == [
        "systems[1].another", "flows[0].source", "flows[0].destination", "flows[0].id",
        "flows[0].data", "flows[0].mail_person", "flows[0].mailbox", "flows[0].roles_ok",
        "flows[0].trigger", "flows[0].event", "flows[0].transport", "flows[0].format",
        "flows[0].auth", "flows[0].business_logic", "flows[0].pattern",
        "flows[0].personal_data", "flows[0].volume", "flows[0].latency",
        "flows[0].error_handling", "flows[0].notes", "flows[0].another",
    ]
    assert len(keys) == 40
    assert keys[4] == "systems[0].catalog"  # Salesforce is in the catalog: is it that one?
    assert answers.values["flows[0].volume"] == "200 records/day"
    assert answers.values["flows[0].error_handling"] == (
        "retry automatically with growing delays; alert the owner of the flow")
    assert answers.values["flows[0].notes"] is None


def test_a_platform_in_the_middle_is_two_flows_and_three_systems():
    answers, asked = replay(MIDDLE)
    keys = [a.key for a in asked]
    assert "systems[2].name" in keys and "flows[1].id" in keys
    assert "systems[1].skills_platform" in keys and "systems[1].skills" not in keys
    assert "flows[0].webhook_registration" in keys
    assert "flows[1].webhook_registration" not in keys


def test_questions_follow_the_trigger_and_the_direction():
    pull = {**PUSH, "flows[0].mail_person": "netsuite", "flows[0].mailbox": "salesforce",
            "flows[0].trigger": "schedule", "flows[0].schedule": "every 30 minutes",
            "flows[0].change_detection": "modified-since"}
    keys = [a.key for a in replay(pull)[1]]
    assert "flows[0].schedule" in keys and "flows[0].change_detection" in keys
    assert "flows[0].event" not in keys
    demand = {**pull, "flows[0].trigger": "on-demand", "flows[0].demand": "an employee logs in",
              "flows[0].caching": True}
    keys = [a.key for a in replay(demand)[1]]
    assert "flows[0].caching" in keys and "flows[0].demand" in keys
    assert "flows[0].change_detection" not in keys


# -- texts, defaults, choices ------------------------------------------------------------


def test_texts_name_the_systems_and_say_unknowns_in_words():
    asked = ask(until("flows[0].data"))
    assert asked.text == "What data moves from Salesforce to NetSuite?"
    answers = give(until("flows[0].destination"), "flows[0].source", None)
    assert ask(answers).text == "Where does the data from the source go?"


def test_a_system_id_defaults_to_its_name_as_an_id():
    answers = give(until("systems[0].name"), "systems[0].name", "Sales Force (EU)!")
    asked = ask(answers)
    assert (asked.key, asked.default) == ("systems[0].id", "sales-force-eu")


def test_a_flow_id_defaults_to_source_to_destination():
    assert ask(until("flows[0].id")).default == "salesforce-to-netsuite"


def test_the_mailbox_defaults_to_the_end_that_is_not_the_mail_person():
    answers = give(until("flows[0].mail_person"), "flows[0].mail_person", "netsuite")
    asked = ask(answers)
    assert (asked.key, asked.default) == ("flows[0].mailbox", "salesforce")
    assert [(o.value, o.disabled) for o in asked.options] == [
        ("netsuite", "it is the mail person; the mailbox is the other end"),
        ("salesforce", None),
    ]


def test_a_flow_cannot_go_from_a_system_to_itself():
    options = ask(until("flows[0].destination")).options
    assert [(o.label, o.disabled) for o in options] == [
        ("Salesforce", "it is the source; a flow moves data between two systems"),
        ("NetSuite", None),
    ]


def test_a_pull_cannot_start_on_an_event_and_says_why():
    answers = until("flows[0].mail_person")
    for key, value in (("flows[0].mail_person", "netsuite"), ("flows[0].mailbox", "salesforce"),
                       ("flows[0].roles_ok", True)):
        answers = give(answers, key, value)
    asked = ask(answers)
    assert asked.key == "flows[0].trigger"
    assert asked.options[0].disabled == (
        "NetSuite pulls, and only a push can start on an event in Salesforce")
    assert [o.disabled for o in asked.options[1:]] == [None, None]


def test_the_readback_is_the_sentence_with_the_mail_person_as_subject():
    asked = ask(until("flows[0].roles_ok"))
    assert asked.text == ("So: Salesforce (mail person) pushes converted leads into NetSuite "
                          "(mailbox). Is that right?")


def test_choices_explain_themselves_with_the_flows_systems():
    asked = ask(until("flows[0].mail_person"))
    assert [(o.label, o.explain) for o in asked.options] == [
        ("Salesforce", "Salesforce starts it and sends the data out (a push)"),
        ("NetSuite", "NetSuite starts it and fetches the data (a pull)"),
    ]


# -- answers: don't know, validation ---------------------------------------------------------


def test_dont_know_is_an_answer_except_for_ids():
    asked = ask(until("flows[0].trigger"))
    assert asked.parse(None).value is None and asked.parse(None).problem is None
    asked = ask(until("flows[0].id"))
    assert asked.parse(None).problem == "This one needs an answer."


@pytest.mark.parametrize(("key", "typed", "problem"), [
    ("systems[0].id", "Sales Force", 'Use lowercase letters, digits and dashes only, starting with '
     'a letter or digit, for example "sales-force".'),
    ("systems[1].id", "salesforce",
     'Another system already has the id "salesforce"; choose a different one.'),
    ("flows[0].volume", "lots", "Type a number, such as 200 or 5000 (or ? if you don't know yet)."),
    ("flows[0].volume", "-5", "Type a number, such as 200 or 5000 (or ? if you don't know yet)."),
    ("title", "", "Type an answer, or ? if you don't know yet."),
    ("flows[0].data", "Leads, token Bearer abcdefghijklmnopqrstuvwxyz123456",
     "That looks like a bearer token. Never type a secret here: a spec records only the method, "
     "and at most the name of the place the secret is kept."),
])
def test_answers_are_checked_with_a_message(key, typed, problem):
    assert ask(until(key)).parse(typed).problem == problem


def test_a_schedule_must_be_one_a_scheduler_can_use():
    script = {**PUSH, "flows[0].mail_person": "netsuite", "flows[0].mailbox": "salesforce",
              "flows[0].trigger": "schedule"}
    asked = ask(until("flows[0].schedule", script))
    assert asked.parse("every 30 minutes").value == "every 30 minutes"
    assert asked.parse("61 * * * *").problem == (
        'mailroom cannot read "61 * * * *" as a schedule (the minute field has 61, outside '
        '0-59). Write an interval such as "every 30 minutes" or "nightly at 01:00", or a cron '
        'expression such as "0 2 * * *".')
    assert "neither an interval nor a cron expression" in asked.parse("when it rains").problem


@pytest.mark.parametrize(("typed", "stored"), [
    ("200", "200 records/day"), ("1,200", "1200 records/day"), ("about 2k", "2000 records/day"),
])
def test_numbers_are_read_generously(typed, stored):
    assert ask(until("flows[0].volume")).parse(typed).value == stored


# -- changing an earlier answer -----------------------------------------------------------


def test_changing_the_mail_person_asks_again_what_depended_on_it():
    answers = until("flows[0].transport")
    change = engine.answer(QN, answers, "flows[0].mail_person", "netsuite")
    retracted = [s.key for s in change.retracted]
    assert retracted == ["flows[0].mailbox", "flows[0].roles_ok", "flows[0].trigger"]
    assert "flows[0].event" in change.dropped  # no trigger, no event question
    after = change.answers
    assert "flows[0].data" in after.values  # not touched
    asked = ask(after)
    assert (asked.key, asked.default) == ("flows[0].mailbox", "salesforce")


def test_a_still_valid_answer_is_kept_when_an_earlier_one_changes():
    answers = until("flows[0].transport", {**PUSH, "flows[0].trigger": "schedule",
                                           "flows[0].schedule": "hourly"})
    change = engine.answer(QN, answers, "flows[0].mail_person", "netsuite")
    assert "flows[0].trigger" not in [s.key for s in change.retracted]
    assert change.answers.values["flows[0].trigger"] == "schedule"


def test_a_flow_id_follows_its_ends():
    answers = until("flows[0].mail_person")
    change = engine.answer(QN, answers, "flows[0].destination", "salesforce")
    change = engine.answer(QN, change.answers, "flows[0].source", "netsuite")
    asked = ask(engine.answer(QN, change.answers, "flows[0].destination", "salesforce").answers)
    assert (asked.key, asked.default) == ("flows[0].id", "netsuite-to-salesforce")


def test_renaming_a_system_id_asks_again_where_flows_named_it():
    answers = until("flows[0].data")
    change = engine.answer(QN, answers, "systems[1].id", "ns")
    assert [s.key for s in change.retracted][:1] == ["flows[0].destination"]
    asked = ask(change.answers)
    assert asked.key == "flows[0].destination"
    assert [o.value for o in asked.options] == ["salesforce", "ns"]


def test_fewer_systems_takes_back_the_systems_that_went():
    answers, _ = replay(MIDDLE)
    change = engine.answer(QN, answers, "systems[1].another", False)
    assert "systems[2].name" in change.dropped
    assert "systems[2].name" in change.answers.drafts
    asked = ask(change.answers)
    assert asked.key == "flows[1].destination"  # it named DHIS2, which is gone


def test_no_to_the_readback_asks_the_roles_again():
    answers = until("flows[0].roles_ok")
    after = engine.answer(QN, answers, "flows[0].roles_ok", False).answers
    assert "flows[0].mail_person" not in after.values
    assert "flows[0].roles_ok" not in after.values
    assert ask(after).key == "flows[0].mail_person"


# -- going back ---------------------------------------------------------------------------


def test_going_back_reopens_the_previous_answer_with_it_as_default():
    answers = until("flows[0].trigger")
    back = engine.go_back(QN, answers, "flows[0].trigger")
    asked = ask(back)
    assert (asked.key, asked.default, asked.revisiting) == ("flows[0].roles_ok", True, True)
    twice = engine.go_back(QN, back, "flows[0].roles_ok")
    assert ask(twice).key == "flows[0].mailbox"
    # Keeping the answers walks forward again to where the person was.
    again = give(twice, "flows[0].mailbox", "netsuite")
    again = give(again, "flows[0].roles_ok", True)
    assert ask(again).key == "flows[0].trigger"


def test_there_is_nothing_before_the_first_question():
    assert engine.go_back(QN, Answers(), "title") is None
    assert ask(Answers()).can_go_back is False
    assert ask(until("why")).can_go_back is True


def test_going_back_from_the_end():
    answers, _ = replay(PUSH)
    assert engine.next_question(QN, answers) is None
    assert ask(engine.go_back(QN, answers, None)).key == "flows[0].another"


# -- answers from a spec ----------------------------------------------------------------------


def test_a_sample_spec_answers_every_required_question(samples=None):
    from tests.conftest import SAMPLES

    for path in sorted(SAMPLES.glob("*.yaml")):
        answers = specmap.seed(QN, load_spec(path).tree)
        assert engine.missing(QN, answers) == [], path.name


def test_a_partial_spec_leaves_the_rest_to_ask():
    tree = parse_tree("spec: 1\ntitle: Leads\nwhy: null\nsystems:\n  - {id: crm, name: CRM}\n",
                      "a.yaml")
    answers = specmap.seed(QN, tree)
    assert answers.values["why"] is None  # null is "don't know yet": answered
    assert answers.values["systems[0].name"] == "CRM"
    missing = [slot.key for slot in engine.missing(QN, answers)]
    assert missing[:3] == ["systems[0].api", "systems[0].events", "systems[0].skills"]
    assert "systems[1].name" in missing
    asked = ask(answers)
    assert asked.key == "answered_by"


def test_missing_values_are_distinct_from_unknown():
    assert MISSING is not None and not MISSING


def test_an_interview_of_unknowns_still_reaches_the_end():
    """Don't know the ends, the roles or the trigger: nothing that depends on them is asked,
    and the flow is still saved with its id."""
    script = {**PUSH, "flows[0].source": None, "flows[0].destination": None,
              "flows[0].id": "leads", "flows[0].mail_person": None, "flows[0].mailbox": None,
              "flows[0].trigger": None}
    answers, asked = replay(script)
    keys = [a.key for a in asked]
    assert "flows[0].roles_ok" not in keys and "flows[0].event" not in keys
    mail_person = next(a for a in asked if a.key == "flows[0].mail_person")
    assert mail_person.options == ()  # no end to name: only "don't know yet" is left
    assert answers.values["flows[0].id"] == "leads"
