"""Questionnaires are data: the packaged one loads, and a broken one says file:line: what."""

from __future__ import annotations

import pytest

from mailroom.checks import RULES
from mailroom.errors import MailroomError
from mailroom.questionnaire.loading import (
    load_questionnaire,
    packaged_names,
    parse_questionnaire,
)
from mailroom.questionnaire.model import Group, Question

GOOD = """\
questionnaire: 1
name: tiny
title: A tiny questionnaire
items:
  - id: title
    field: title
    prompt: What is it called?
  - group: systems
    heading: ["System {n}"]
    min: 1
    another: {prompt: Another system?}
    questions:
      - id: id
        field: id
        unknown: false
        prompt: Id of system {n}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(MailroomError) as exc:
        parse_questionnaire(text, "q.yaml")
    return str(exc.value).splitlines()


def test_the_scoping_questionnaire_is_packaged_and_valid():
    assert "scoping" in packaged_names()
    questionnaire = load_questionnaire("scoping")
    assert questionnaire.name == "scoping"
    groups = [item.group for item in questionnaire.items if isinstance(item, Group)]
    assert groups == ["systems", "flows"]


# Reported to the questionnaire's owner: "How soon must … know?" has no help and its
# choices no explanation yet. No other question may join it.
WITHOUT_HELP = {"alert_within"}


def test_every_question_has_help_and_every_choice_an_explanation():
    questionnaire = load_questionnaire()
    questions = [q for item in questionnaire.items
                 for q in (item.questions if isinstance(item, Group) else [item])]
    assert len(questions) > 30
    lacking = set()
    for question in questions:
        if question.ask is False:
            continue  # worked out, never shown
        if not question.help or not all(choice.explain for choice in question.choices):
            lacking.add(question.id)
    assert lacking <= WITHOUT_HELP


def test_the_mail_person_is_asked_with_the_analogy_and_the_rest_is_worked_out():
    flows = load_questionnaire().group("flows")
    assert flows is not None
    by_id = {q.id: q for q in flows.questions}
    assert "mail carrier" in (by_id["mail_person"].help or "")
    assert by_id["mail_person"].when == {"trigger": {"not": "event"}}
    # Sending on its own event makes the source the mail person; the mailbox is the
    # other end; the id is the two ends. None of them is asked.
    assert (by_id["sender"].ask, by_id["sender"].default) == (False, "{source}")
    assert (by_id["mailbox"].ask, by_id["mailbox"].default) == (False, "{other_end}")
    assert (by_id["id"].ask, by_id["id"].default) == (
        False, ("{source}-to-{destination}", "flow-{n}"))


def test_the_resolutions_name_real_check_codes():
    codes = {rule.code for rule in RULES}
    flows = load_questionnaire().group("flows")
    assert flows is not None
    assert set(flows.resolve) <= codes


def test_only_ids_and_the_details_gate_refuse_dont_know():
    """The gate is about the person ("do you know the details now?"): no is the answer."""
    questionnaire = load_questionnaire()
    refusing = {q.id for item in questionnaire.items
                for q in (item.questions if isinstance(item, Group) else [item])
                if not q.unknown}
    assert refusing == {"id", "details"}


def test_a_small_questionnaire_loads_from_text():
    questionnaire = parse_questionnaire(GOOD, "q.yaml")
    assert isinstance(questionnaire.items[0], Question)
    assert questionnaire.items[0].prompt == "What is it called?"


def test_a_loaded_questionnaire_is_cached(monkeypatch, tmp_path):
    parse_questionnaire(GOOD, "q.yaml", tmp_path)

    def no_yaml(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr("mailroom.spec.reading.parse_tree", no_yaml)
    assert parse_questionnaire(GOOD, "q.yaml", tmp_path).name == "tiny"
    with pytest.raises(AssertionError, match="parsed again"):  # without a cache folder: read
        parse_questionnaire(GOOD, "q.yaml")


def test_a_change_to_mailrooms_code_is_not_answered_from_the_cache(monkeypatch, tmp_path):
    """The cache key holds mailroom's code: a questionnaire cached as valid is read and
    checked again once the code changes (here, a new rule refusing it)."""
    import mailroom.questionnaire.check as check
    import mailroom.questionnaire.loading

    parse_questionnaire(GOOD, "q.yaml", tmp_path)
    monkeypatch.setattr(check, "check_questionnaire", lambda *a: ["q.yaml:1: a new rule"])
    assert parse_questionnaire(GOOD, "q.yaml", tmp_path).name == "tiny"  # same code: cached
    monkeypatch.setattr(mailroom.questionnaire.loading, "code_digest", lambda: "other code")
    with pytest.raises(MailroomError) as exc:
        parse_questionnaire(GOOD, "q.yaml", tmp_path)
    assert str(exc.value) == "q.yaml:1: a new rule"


def test_the_code_digest_follows_every_source_file(tmp_path):
    from mailroom.cache import code_digest

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "sub" / "b.py").write_text("B = 1\n")
    before = code_digest(tmp_path)
    (tmp_path / "sub" / "b.py").write_text("B = 2\n")
    code_digest.cache_clear()
    assert code_digest(tmp_path) != before
    code_digest.cache_clear()


def test_yaml_errors_name_the_line():
    assert problems(GOOD.replace("  - id: title\n", "  - id: title\n   oops\n")) == [
        "q.yaml:7: is not valid YAML: mapping values are not allowed here; put quotes around "
        "text that contains ': '",
    ]


def test_an_unknown_key_names_file_line_and_place():
    assert problems(GOOD.replace("prompt: What is", "promt: What is")) == [
        "q.yaml:5: items[0].prompt: is required",
        "q.yaml:7: items[0].promt: unknown key 'promt'",
    ]


def test_an_unknown_question_type_lists_the_types():
    assert problems(GOOD.replace("    field: title\n", "    field: title\n    type: essay\n")) == [
        "q.yaml:7: items[0].type: expected one of 'text', 'select', 'multi-select', 'confirm', "
        "'number' or 'list', got 'essay'",
    ]


def test_a_field_that_is_not_in_the_spec():
    [problem] = problems(GOOD.replace("field: title", "field: titel"))
    assert problem.startswith("q.yaml:6: items[0].field: 'titel' is not a field of Spec; the "
                              "fields are: spec, title, why, ")


def test_a_condition_on_an_unknown_answer_suggests_the_right_one():
    text = GOOD.replace("    prompt: What is it called?\n",
                        "    prompt: What is it called?\n    when: {titel: x}\n")
    assert problems(text) == [
        "q.yaml:8: items[0].when.titel: 'titel' is not an answer or a fact in this part of the "
        "questionnaire; did you mean 'title'?",
    ]


def test_a_placeholder_that_names_nothing():
    assert problems(GOOD.replace("Id of system {n}", "Id of {nmae}")) == [
        "q.yaml:16: items[1].questions[0].prompt: {nmae}: 'nmae' is not an answer or a fact in "
        "this part of the questionnaire; known here: catalog_match, id, n",
    ]


def test_a_choice_outside_a_closed_vocabulary():
    text = GOOD + """\
  - group: flows
    heading: ["Flow {n}"]
    another: {prompt: Another flow?}
    questions:
      - id: id
        field: id
        unknown: false
        prompt: Flow id
      - id: trigger
        field: trigger
        type: select
        prompt: What starts it?
        choices:
          - {value: event, explain: it happens}
          - {value: sometimes, explain: now and then}
"""
    assert problems(text) == [
        "q.yaml:31: items[2].questions[1].choices[1].value: 'sometimes' is not allowed in "
        "trigger; expected one of event, schedule, on-demand",
    ]


def test_an_id_question_must_refuse_dont_know():
    assert problems(GOOD.replace("        unknown: false\n", "")) == [
        "q.yaml:13: items[1].questions[0].unknown: an id cannot be 'don't know yet'; add "
        "`unknown: false`",
    ]


def test_mistakes_with_the_keys_of_several_fields_are_reported():
    text = GOOD + """\
  - group: flows
    heading: ["Flow {n}"]
    another: {prompt: Another flow?, first: What other data moves?}
    questions:
      - {id: id, field: id, unknown: false, prompt: Flow id}
      - id: ends
        field: source
        type: select
        choices_from: system-pairs
        prompt: From which to which?
      - id: volume
        field: volume
        parse: volume
        prompt: How many?
      - id: fields
        field: fields
        parse: field-map
        prompt: Field by field?
      - id: skills
        field: skills
        of: data
        type: confirm
        prompt: Developers?
      - id: kind
        field: kind
        ask: unless-documented
        of: source
        prompt: Kind?
"""
    assert problems(text) == [
        "q.yaml:22: items[2].questions[1].also: a pair of systems fills two fields: the "
        "source, also the other",
        "q.yaml:29: items[2].questions[2].parse: a volume is a text question that fills its "
        "peak too (`also`)",
        "q.yaml:33: items[2].questions[3].parse: a field map is read entry by entry: use "
        "`type: list`",
        "q.yaml:37: items[2].questions[4].of: only a flow's question fills a field of a "
        "system, named by one of source, destination, mail_person, mailbox",
        "q.yaml:42: items[2].questions[5].ask: only a question with a catalog fact can be "
        "taken from the catalog",
    ]


def test_unknown_packaged_name_lists_the_packaged_ones():
    with pytest.raises(MailroomError) as exc:
        load_questionnaire("scopin")
    assert str(exc.value) == ("no questionnaire named 'scopin'; the packaged ones are: "
                              "sales-brief, scoping (or give the path of a .yaml file)")


def test_a_questionnaire_file_by_path(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD)
    assert load_questionnaire(str(path)).name == "tiny"
