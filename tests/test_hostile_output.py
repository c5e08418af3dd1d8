"""Stakeholders' text cannot drive a terminal or a Mermaid viewer (issue 13, items 6 and 7).

Control characters (escape sequences such as `ESC ] 52` (clipboard), `ESC ] 8` (a hidden
link), `ESC ] 0` (the window title), C1 codes, carriage returns, bidirectional overrides)
are printed as `\\u001b` codes by every command; `%%{init: …}%%` in a label stays text."""

from __future__ import annotations

import json
import re

import pytest
from prompt_toolkit.output.plain_text import PlainTextOutput
from tests.conftest import CONTRACT_SPEC
from tests.interview_support import asked_at

from mailroom.diagrams.model import mermaid_text
from mailroom.document.output import Options
from mailroom.document.render import render
from mailroom.interview.prompts import PromptTerminal
from mailroom.printable import printable

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
LINK = "\x1b]8;;https://evil.example/\x1b\\Docs\x1b]8;;\x1b\\"
TITLE = "\x1b]0;owned\x07"
C1 = "\x9b31m\x9d0;t\x9c"
HOSTILE = CLIPBOARD + LINK + TITLE + C1 + "\r\u202eevil"
# What a terminal would obey: ESC, BEL, C1, CR and the bidirectional override.
OBEYED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _yaml_text(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted scalar holds the characters escaped


def hostile_spec(write, name: str = "spec.yaml") -> str:
    text = CONTRACT_SPEC.replace(
        "title: Converted leads from Salesforce to NetSuite",
        f"title: {_yaml_text('Leads ' + HOSTILE)}").replace(
        "    name: Salesforce\n", f"    name: {_yaml_text('Salesforce ' + HOSTILE)}\n").replace(
        "event: a lead is converted", f"event: {_yaml_text('a lead is converted ' + HOSTILE)}")
    return write(name, text)


def test_printable_shows_every_control_character_as_its_code():
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable(CLIPBOARD) == "\\u001b]52;c;ZWNobyBwd25lZA==\\u0007"
    assert printable("\x9b\x7f\r\u202e\u2066") == "\\u009b\\u007f\\u000d\\u202e\\u2066"
    assert printable("Zoë → 東京") == "Zoë → 東京"
    # Inside a JSON string the codes are JSON escapes: the text reads back unchanged.
    assert json.loads(printable(json.dumps(HOSTILE, ensure_ascii=False))) == HOSTILE


@pytest.mark.parametrize("command", [["check"], ["check", "--format", "json"], ["simulate"]])
def test_check_and_simulate_print_no_control_character(write, run, command):
    path = hostile_spec(write)
    result = run(*command, path)
    assert result.exit_code in (0, 1), result.output
    if "json" in command:
        json.loads(result.stdout)  # still JSON
    assert not OBEYED.search(result.stdout), result.stdout
    assert not OBEYED.search(result.stderr), result.stderr


def test_check_shows_the_sequence_as_codes(write, run):
    result = run("check", hostile_spec(write))
    assert "Leads \\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\u001b]8;;https://evil.example/" in (
        result.stdout)


def test_compare_prints_no_control_character(write, run):
    one = hostile_spec(write, "one.yaml")
    other = write("other.yaml", CONTRACT_SPEC.replace("direction: push", "direction: pull"))
    result = run("compare", one, other)
    assert result.exit_code in (0, 1), result.output
    assert not OBEYED.search(result.output), result.output


def test_an_error_message_prints_no_control_character(write, run):
    path = write("spec.yaml", CONTRACT_SPEC.replace(
        "trigger: event", f"trigger: {_yaml_text('often' + HOSTILE)}"))
    result = run("check", path)
    assert result.exit_code == 2
    assert not OBEYED.search(result.stderr), result.stderr


def test_the_interview_says_and_echoes_no_control_character():
    import io

    screen = io.StringIO()
    terminal = PromptTerminal(output=PlainTextOutput(screen))
    terminal.say("sentence", f"So: Salesforce {HOSTILE} pushes leads")
    terminal._echo(asked_at("title"), f"Leads {HOSTILE}")
    assert "\\u001b]52;c;" in screen.getvalue()
    assert not OBEYED.search(screen.getvalue().replace("\r\n", "")), screen.getvalue()


# -- Mermaid -------------------------------------------------------------------------------


def test_a_mermaid_directive_in_a_label_stays_text():
    label = mermaid_text("CRM %%{init: {'theme': 'dark', 'themeCSS': 'body{display:none}'}}%%")
    assert "%" not in label
    assert label.startswith("CRM #37;#37;{init:")


def test_the_documents_mermaid_holds_no_directive_from_a_label(write, tmp_path):
    directive = "%%{init: {'theme': 'forest', 'themeCSS': '.node rect{fill:red}'}}%%"
    path = write("spec.yaml", CONTRACT_SPEC.replace(
        "    name: Salesforce\n", f"    name: {_yaml_text('Salesforce ' + directive)}\n").replace(
        "event: a lead is converted", f"event: {_yaml_text('a lead ' + directive)}"))
    [result] = render([path], tmp_path / "out", Options(formats=("md",), stub=False), jobs=1)
    assert result.error is None, result.error
    markdown = (tmp_path / "out" / "spec.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```mermaid\n(.*?)```", markdown, re.DOTALL)
    assert blocks
    for block in blocks:
        assert "%%{" not in block and "init:" not in block.replace("#37;#37;{init:", "")


def test_a_label_of_one_huge_word_is_cut_after_its_last_line():
    from mailroom.diagrams.model import wrap

    # Only what can show is wrapped: a 2 MB word took textwrap seconds (tests/test_fuzz.py).
    assert wrap("a" * 2_000_000, 20, 3) == "\n".join(["a" * 20, "a" * 20, "a" * 19 + "…"])
    assert wrap("short words here", 20, 3) == "short words here"
    assert wrap("x " * 40, 10, 2) == "x x x x x\nx x x x x…"
