"""Each kind of prompt, driven by keys through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from tests.interview_support import DOWN, ENTER, KILL_LINE, UP, asked_at, keys_for

from mailroom.interview.prepared import BACK
from mailroom.interview.prompts import PromptTerminal

PULL = {"flows[0].mail_person": "netsuite", "flows[0].mailbox": "salesforce"}


@pytest.fixture
def keys() -> Iterator:
    """Type keys into a PromptTerminal; returns what `ask` returned. The input ends
    after the keys, so a prompt still waiting fails (EOFError) instead of hanging."""

    def answer(asked, typed: str):
        with create_pipe_input() as pipe:
            pipe.send_text(typed)
            pipe.close()
            return PromptTerminal(input=pipe, output=DummyOutput()).ask(asked)

    yield answer


def script(**overrides):
    from tests.interview_support import PUSH

    return {**PUSH, **{k.replace("__", "."): v for k, v in overrides.items()}}


# -- text and number ------------------------------------------------------------------


def test_text_is_typed_and_confirmed_with_enter(keys):
    assert keys(asked_at("title"), "Converted leads\r") == "Converted leads"


def test_text_default_is_kept_with_enter(keys):
    asked = asked_at("systems[0].id")
    assert asked.default == "salesforce"
    assert keys(asked, ENTER) == "salesforce"
    assert keys(asked, KILL_LINE + "sfdc" + ENTER) == "sfdc"


def test_question_mark_is_dont_know_and_less_than_goes_back(keys):
    assert keys(asked_at("why"), "?") is None
    assert keys(asked_at("why"), "<") is BACK
    # With a suggestion in the line, as long as nothing has been typed.
    assert keys(asked_at("flows[0].id"), "<") is BACK
    # Typed alone and confirmed, too.
    assert keys(asked_at("why"), "x" + KILL_LINE + "?" + ENTER) is None


def test_a_question_mark_inside_an_answer_is_just_text(keys):
    assert keys(asked_at("why"), "Why not? Finance asks.\r") == "Why not? Finance asks."


def test_ids_offer_no_dont_know(keys):
    asked = asked_at("flows[0].id")
    assert not asked.unknown
    # "?" is only a character here: it is typed, and refused as an id until corrected.
    assert keys(asked, KILL_LINE + "?" + ENTER + KILL_LINE + "leads" + ENTER) == "leads"


def test_a_bad_answer_is_refused_with_its_message_until_it_is_fixed(keys):
    asked = asked_at("systems[1].id")
    # "salesforce" is taken: Enter is refused and the prompt stays; then a good id.
    assert keys(asked, KILL_LINE + "salesforce" + ENTER + KILL_LINE + "netsuite" + ENTER) == \
        "netsuite"


def test_a_number(keys):
    asked = asked_at("flows[0].volume")
    assert keys(asked, "1,200\r") == "1,200"
    assert asked.parse("1,200").value == "1200 records/day"
    assert keys(asked, "lots\r" + KILL_LINE + "300\r") == "300"


# -- select and confirm -------------------------------------------------------------------


def test_select_moves_with_arrows_and_skips_unavailable_choices(keys):
    asked = asked_at("flows[0].trigger", script(**{"flows[0].mail_person": "netsuite",
                                                   "flows[0].mailbox": "salesforce"}))
    assert asked.options[0].disabled  # event, on a pull
    assert keys(asked, ENTER) == "schedule"  # the pointer starts on the first available one
    assert keys(asked, DOWN + ENTER) == "on-demand"
    assert keys(asked, UP + ENTER) is BACK  # "event" is skipped: up wraps to the last row


def test_select_dont_know_and_go_back_as_keys_and_as_choices(keys):
    asked = asked_at("flows[0].transport")
    assert keys(asked, "?") is None
    assert keys(asked, "<") is BACK
    rows = len(asked.options)
    assert keys(asked, DOWN * rows + ENTER) is None  # "don't know yet" follows the choices
    assert keys(asked, DOWN * (rows + 1) + ENTER) is BACK


def test_select_starts_on_the_default(keys):
    asked = asked_at("flows[0].mailbox")
    assert asked.default == "netsuite"
    assert keys(asked, ENTER) == "netsuite"


def test_something_else_is_typed(keys):
    asked = asked_at("flows[0].format")
    assert keys(asked, keys_for(asked, "fixed-width text")) == "fixed-width text"
    # "<" in the typing line goes back to the choices.
    rows = len(asked.options)
    assert keys(asked, DOWN * rows + ENTER + "<" + ENTER + ENTER) == "json"


def test_confirm_answers_with_y_and_n(keys):
    asked = asked_at("flows[0].personal_data")
    assert keys(asked, "y") is True
    assert keys(asked, "n") is False
    assert keys(asked, "?") is None
    assert keys(asked, DOWN + ENTER) is False


def test_another_has_no_dont_know(keys):
    asked = asked_at("systems[1].another")
    assert not asked.unknown
    assert keys(asked, ENTER) is False  # the default
    assert keys(asked, "y") is True


# -- multi-select ---------------------------------------------------------------------------


def test_multi_select_ticks_with_space(keys):
    asked = asked_at("flows[0].error_handling")
    picked = keys(asked, " " + DOWN + DOWN + " " + ENTER)
    assert picked == ["retry automatically with growing delays",
                      "keep failed records for someone to re-send"]
    assert asked.parse(picked).value == (
        "retry automatically with growing delays; keep failed records for someone to re-send")
    assert keys(asked, "?") is None
    assert keys(asked, "<") is BACK


# -- stopping and saying --------------------------------------------------------------------


@pytest.mark.parametrize("key", ["title", "flows[0].trigger", "flows[0].error_handling"])
def test_ctrl_c_stops_any_prompt(keys, key):
    with pytest.raises(KeyboardInterrupt):
        keys(asked_at(key), "\x03")


def test_an_answer_leaves_one_line_with_the_question_and_its_answer():
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(ENTER)
        terminal = PromptTerminal(input=pipe, output=PlainTextOutput(out))
        terminal.ask(asked_at("flows[0].mailbox"))
        terminal.say("note", "Warning: a long message " * 10)
    text = out.getvalue()
    assert "✔ Who is the mailbox? NetSuite\r\n" in text
    assert text.splitlines()[-1].startswith("  ")  # a long message is wrapped, indented


def test_asked_again_after_dont_know_enter_keeps_it(keys):
    from mailroom.interview import engine
    from mailroom.interview.answers import Answers
    from mailroom.questionnaire.loading import load_questionnaire

    answers = Answers(values={"title": "Leads", "why": None}, revisit=frozenset({"why"}))
    asked = engine.next_question(load_questionnaire(), answers)
    assert (asked.key, asked.default, asked.revisiting) == ("why", None, True)
    assert keys(asked, ENTER) is None
    assert keys(asked, "Finance\r") == "Finance"


def test_a_long_answer_line_wraps_between_words():
    from mailroom.interview.prompt_text import echo_lines as _echo_lines

    text = "".join(t for _, t in _echo_lines(
        "So: NetSuite (mail person) pulls billing contacts from Salesforce (mailbox). Is that "
        "right?", "yes", 79))
    assert text == ("✔ So: NetSuite (mail person) pulls billing contacts from Salesforce "
                    "(mailbox).\n  Is that right? yes")
