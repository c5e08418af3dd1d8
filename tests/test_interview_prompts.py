"""Each kind of prompt, driven by keys through prompt_toolkit's pipe input."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from tests.interview_support import (
    CATALOG,
    CTRL_R,
    DOWN,
    ENTER,
    KILL_LINE,
    PULL,
    PUSH,
    UP,
    asked_at,
    keys_for,
    start_row,
)

from mailroom.interview import engine
from mailroom.interview.answers import Answers
from mailroom.interview.prepared import BACK, REVIEW, Asked
from mailroom.interview.prompts import PromptTerminal
from mailroom.questionnaire.loading import load_questionnaire

# Two systems whose names give the same id: the second one's id is asked.
ALIKE: dict[str, Any] = {
    **{k: v for k, v in PUSH.items() if k in ("title", "why", "answered_by")},
    "systems[0].name": "HR system", "systems[0].kind": "HR system",
    "systems[0].way_in": "sftp", "systems[0].runs": False, "systems[0].owner": "",
    "systems[1].name": "HR-System",
}


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


def revisited(key: str, values: dict[str, Any]) -> Asked:
    """The question `key` asked again (the person went back to it)."""
    asked = engine.next_question(load_questionnaire(), Answers(values, revisit=frozenset({key})),
                                 catalog=CATALOG)
    assert asked is not None and asked.key == key and asked.revisiting
    return asked


# -- typed answers -------------------------------------------------------------------------


def test_text_is_typed_and_confirmed_with_enter(keys):
    assert keys(asked_at("title"), "Converted leads\r") == "Converted leads"


def test_an_answer_asked_again_is_kept_with_enter(keys):
    asked = revisited("why", {"title": "Leads", "why": "Finance needs them."})
    assert asked.default == "Finance needs them."
    assert keys(asked, ENTER) == "Finance needs them."
    assert keys(asked, KILL_LINE + "Finance bills them." + ENTER) == "Finance bills them."


def test_question_mark_is_dont_know_and_less_than_goes_back(keys):
    assert keys(asked_at("why"), "?") is None
    assert keys(asked_at("why"), "<") is BACK
    # With the earlier answer in the line, as long as nothing has been typed.
    assert keys(revisited("why", {"title": "Leads", "why": "Finance."}), "<") is BACK
    # Typed alone and confirmed, too.
    assert keys(asked_at("why"), "x" + KILL_LINE + "?" + ENTER) is None


def test_a_question_mark_inside_an_answer_is_just_text(keys):
    assert keys(asked_at("why"), "Why not? Finance asks.\r") == "Why not? Finance asks."


def test_an_id_offers_no_dont_know(keys):
    asked = asked_at("systems[1].id", ALIKE)
    assert not asked.unknown
    # "?" is only a character here: it is typed, and refused as an id until corrected.
    assert keys(asked, KILL_LINE + "?" + ENTER + KILL_LINE + "hr-eu" + ENTER) == "hr-eu"


def test_a_bad_answer_is_refused_with_its_message_until_it_is_fixed(keys):
    asked = asked_at("systems[1].id", ALIKE)
    # "hr-system" is taken: Enter is refused and the prompt stays; then a good id.
    assert keys(asked, KILL_LINE + "hr-system" + ENTER + KILL_LINE + "hr-system-eu" + ENTER) \
        == "hr-system-eu"


def test_a_volume_with_its_peak(keys):
    asked = asked_at("flows[0].volume")
    assert keys(asked, "300, up to 3000 on Black Friday\r") == "300, up to 3000 on Black Friday"
    assert keys(asked, "lots\r" + KILL_LINE + "300\r") == "300"  # no number: refused


def test_enter_on_the_next_systems_name_means_no_more(keys):
    asked = asked_at("systems[2].name")
    assert asked.continues == "systems[1].another"
    assert keys(asked, ENTER) == ""
    assert keys(asked, "HubSpot\r") == "HubSpot"


# -- lists: one entry a line ------------------------------------------------------------------


def test_the_data_is_typed_field_by_field(keys):
    asked = asked_at("flows[0].fields")
    typed = keys(asked, "email -> Email, lower case, personal\rtotal -> Amount\r\r")
    assert typed == ["email -> Email, lower case, personal", "total -> Amount"]
    assert keys(asked, keys_for(asked, typed)) == typed
    assert keys(asked, ENTER) == []  # Enter at once skips it
    assert keys(asked, "?") is None
    assert keys(asked, "<") is BACK


def test_an_entry_with_a_secret_is_refused_until_it_is_fixed(keys):
    asked = asked_at("flows[0].fields")
    typed = "token -> Token, Bearer abcdefghijklmnopqrstuvwxyz123456\r" + KILL_LINE + "id\r\r"
    assert keys(asked, typed) == ["id"]


# -- select and confirm -------------------------------------------------------------------


def test_a_select_without_a_suggestion_starts_on_dont_know_yet(keys):
    """Nothing guessed: Enter at once is "don't know yet"."""
    asked = asked_at("flows[0].trigger")
    assert start_row(asked) == "(unknown)"
    assert keys(asked, ENTER) is None
    assert keys(asked, UP + ENTER) == "on-demand"  # the choice just above it
    assert keys(asked, UP * 3 + ENTER) == "event"
    assert keys(asked, DOWN + ENTER) is BACK  # "go back" is just below it


def test_a_select_starts_on_the_suggestion(keys):
    catalog = asked_at("systems[1].catalog")  # NetSuite is in the catalog: is it this one?
    assert keys(catalog, ENTER) == "netsuite"
    transport = asked_at("flows[0].transport")  # what NetSuite's vendor documents
    assert transport.default == "rest"
    assert keys(transport, ENTER) == "rest"


def test_select_skips_unavailable_choices(keys):
    script = {**PULL, "flows[0].details": True, "flows[0].where": ""}
    asked = asked_at("flows[0].transport", script)  # a pull: no webhook
    labels = [o.label for o in asked.options]
    assert asked.options[labels.index("webhook")].disabled
    assert keys(asked, ENTER) == "rest"  # Salesforce's way in, as answered for it
    assert keys(asked, DOWN * 3 + ENTER) == "sftp"  # rest, soap, graphql, (webhook), sftp
    assert keys(asked, keys_for(asked, "sftp")) == "sftp"


def test_schedules_slower_than_the_freshness_are_skipped(keys):
    asked = asked_at("flows[0].schedule", PULL)  # needed within 15 minutes
    assert keys(asked, UP + UP + ENTER) == "every 15 minutes"  # (type one), every 15 minutes
    assert keys(asked, UP + UP + UP + ENTER) == "every 5 minutes"
    assert keys(asked, keys_for(asked, "every 10 minutes")) == "every 10 minutes"


def test_a_pair_of_systems_is_one_choice(keys):
    asked = asked_at("flows[0].ends")
    assert keys(asked, keys_for(asked, ["netsuite", "salesforce"])) == ["netsuite", "salesforce"]
    assert keys(asked, UP + UP + ENTER) == ["salesforce", "netsuite"]


def test_select_dont_know_and_go_back_as_keys_and_as_choices(keys):
    asked = asked_at("flows[0].transport")
    assert keys(asked, "?") is None
    assert keys(asked, "<") is BACK
    assert keys(asked, keys_for(asked, None)) is None
    rows = len(asked.options)  # the pointer starts on the first, the suggestion
    assert keys(asked, DOWN * rows + ENTER) is None  # "don't know yet" follows the choices
    assert keys(asked, DOWN * (rows + 1) + ENTER) is BACK


def test_something_else_is_typed(keys):
    asked = asked_at("flows[0].format")
    assert keys(asked, keys_for(asked, "fixed-width text")) == "fixed-width text"
    # "<" in the typing line goes back to the choices, which start where they did.
    assert keys(asked, UP + ENTER + "<" + ENTER + ENTER) is None


def test_confirm_answers_with_y_and_n(keys):
    asked = asked_at("flows[0].personal_data")
    assert keys(asked, "y") is True
    assert keys(asked, "n") is False
    assert keys(asked, "?") is None
    assert keys(asked, ENTER) is None  # no suggestion: "don't know yet"
    assert keys(asked, UP + ENTER) is False


def test_the_details_gate_says_no_unless_told_otherwise(keys):
    asked = asked_at("flows[0].details")
    assert not asked.unknown
    assert keys(asked, ENTER) is False
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


# -- the review, stopping and saying -------------------------------------------------------


@pytest.mark.parametrize("key", ["title", "systems[2].name", "flows[0].fields",
                                 "flows[0].trigger", "flows[0].personal_data",
                                 "flows[0].error_handling"])
def test_ctrl_r_opens_the_review_from_any_prompt(keys, key):
    assert keys(asked_at(key), CTRL_R) is REVIEW


@pytest.mark.parametrize("key", ["title", "flows[0].fields", "flows[0].trigger",
                                 "flows[0].error_handling"])
def test_ctrl_c_stops_any_prompt(keys, key):
    with pytest.raises(KeyboardInterrupt):
        keys(asked_at(key), "\x03")


def test_an_answer_leaves_one_line_with_the_question_and_its_answer():
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(UP + UP + ENTER)
        terminal = PromptTerminal(input=pipe, output=PlainTextOutput(out))
        terminal.ask(asked_at("flows[0].ends"))
        terminal.say("note", "Warning: a long message " * 10)
    text = out.getvalue()
    assert "✔ From which system to which? Salesforce → NetSuite\r\n" in text
    assert text.splitlines()[-1].startswith("  ")  # a long message is wrapped, indented


def test_asked_again_after_dont_know_enter_keeps_it(keys):
    asked = revisited("why", {"title": "Leads", "why": None})
    assert (asked.default, asked.revisiting) == (None, True)
    assert keys(asked, ENTER) is None
    assert keys(asked, "Finance\r") == "Finance"
    trigger = revisited("flows[0].trigger", {**answered("flows[0].trigger"),
                                             "flows[0].trigger": None})
    assert start_row(trigger) == "(unknown)"
    assert keys(trigger, ENTER) is None


def answered(key: str) -> dict[str, Any]:
    from tests.interview_support import answered_until

    return dict(answered_until(key).values)


def test_a_long_answer_line_wraps_between_words():
    from mailroom.interview.prompt_text import echo_lines as _echo_lines

    text = "".join(t for _, t in _echo_lines(
        "So: NetSuite (mail person) pulls billing contacts from Salesforce (mailbox). Is that "
        "right?", "yes", 79))
    assert text == ("✔ So: NetSuite (mail person) pulls billing contacts from Salesforce "
                    "(mailbox).\n  Is that right? yes")


# -- Japanese, Chinese and Korean take two columns a character ---------------------------


def columns(line: str) -> int:
    """The columns a line takes on a terminal, counted the way terminals count them."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_an_answer_in_japanese_wraps_within_the_screen_and_loses_nothing():
    from mailroom.interview.prompt_text import echo_lines as _echo_lines

    answer = ("在庫管理システムから倉庫へ毎晩送られる支払い済みの注文データ"
              "（注文番号、顧客名、住所）")
    text = "".join(t for _, t in _echo_lines("What data moves?", answer, 40))
    lines = text.split("\n")
    assert len(lines) > 2
    assert all(columns(line) <= 40 for line in lines), lines
    assert "".join(line.strip() for line in lines).endswith(answer)


def test_a_message_in_korean_is_wrapped_by_the_columns_it_takes(monkeypatch):
    from mailroom.interview import prompt_text

    monkeypatch.setattr(prompt_text, "screen_width", lambda: 44)
    asked = asked_at("why")
    long = "주문 데이터를 창고로 보냅니다 " * 6 + "왜 데이터가 이동해야 합니까?"
    text = prompt_text.message(dataclasses.replace(asked, text=long))
    assert all(columns(line) <= 40 for line in text.split("\n"))
    assert " ".join(text.split()) == " ".join(long.split())


def test_choice_explanations_line_up_after_labels_in_any_script(monkeypatch):
    from mailroom.interview import prompt_text
    from mailroom.interview.option import Option

    monkeypatch.setattr(prompt_text, "screen_width", lambda: 60)
    options = (Option("a", "在庫システム", explain="受注データを毎晩送ります " * 4),
               Option("b", "Shopwise", explain="sends the orders " * 4))
    width = prompt_text.label_width(options)
    assert width == 12  # six Japanese characters take twelve columns
    rows = [prompt_text.title(o, width) for o in options]
    # the explanation starts at the same column on every row, continues under itself,
    # and no line is wider than the screen once the pointer's columns are added
    starts = [columns(row[: row.index(word)])
              for row, word in zip(rows, ("受注", "sends"), strict=True)]
    assert starts[0] == starts[1] == width + 2
    for row in rows:
        first, *rest = row.split("\n")
        assert all(line.startswith(" " * (width + 5)) for line in rest)
        assert all(columns(line) + 3 <= 60 for line in [first, *rest])



@pytest.mark.parametrize("screen", [44, 60, 80])
def test_no_explanation_runs_past_the_screen_beside_long_labels(monkeypatch, screen):
    """Labels as wide as they come (28 columns): the explanations wrap within the screen,
    beside the labels where there is room, else under each label; no letter is lost."""
    from mailroom.interview import prompt_text
    from mailroom.interview.option import Option

    monkeypatch.setattr(prompt_text, "screen_width", lambda: screen)
    explain = "nothing happens until the date in the record is reached, then it moves"
    options = (Option("a", "on the day it takes effect..", explain=explain),
               Option("b", "when it is entered", explain=explain))
    width = prompt_text.label_width(options)
    assert width == 28
    for option in options:
        first, *rest = prompt_text.title(option, width).split("\n")
        assert columns(first) + 3 <= screen  # the pointer's three columns come first
        assert all(columns(line) <= screen for line in rest)
        assert " ".join(" ".join([first, *rest]).split()).endswith(explain)

@pytest.mark.parametrize("columns", [60, 80])
def test_a_refusal_longer_than_the_screen_is_said_in_full_and_the_text_kept(monkeypatch, columns):
    """The prompt's validation toolbar has one line: a refusal that does not fit (its
    examples at the end) is wrapped above the question, asked again with the text kept."""
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("Europe/Olso" + ENTER + KILL_LINE + "Europe/Oslo" + ENTER)
        terminal = PromptTerminal(input=pipe, output=PlainTextOutput(out))
        answer = terminal.ask(asked_at("time_zone", PULL))
    assert answer == "Europe/Oslo"
    # plain output does not erase the prompt's last line ("› Europe/Olso") as a terminal
    # does: the refusal's lines are measured from where it starts
    start = "“Europe/Olso” is"
    lines = [line.rstrip()[line.find(start) if start in line else 0:] for line in
             out.getvalue().replace("\r", "").split("\n")]
    said = " ".join(line.strip() for line in lines if line.strip())
    assert ("“Europe/Olso” is not a time zone the IANA database knows: write it as "
            "Region/City, e.g. Europe/Oslo, America/New_York, or UTC") in said
    long = [line for line in lines if len(line) >= columns and ("Olso" in line or "UTC" in line)]
    assert not long

