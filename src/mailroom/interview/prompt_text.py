"""How a prompt reads: its message wrapped to the terminal, its choices with their
explanations, where its cursor starts, the line of keys that answer it, and the one line
an answered question leaves behind. Pure text; prompts.py puts it on screen."""

from __future__ import annotations

import shutil
from typing import Any

from mailroom.interview.option import Option
from mailroom.interview.prepared import Asked
from mailroom.interview.view import MISSING
from mailroom.printable import fill, ljust, printable, width, wrap

UNKNOWN_WORD = "?"
BACK_WORD = "<"
UNKNOWN, BACK_CHOICE, OTHER = "unknown", "back", "other"
# The fewest columns an explanation is wrapped into beside the labels; with less room
# it goes under its label (an explanation wider than the screen loses letters at the edge).
NARROWEST = 24


def echo_lines(question: str, answer: str, columns: int) -> list[tuple[str, str]]:
    """"✔ question answer", wrapped without splitting words (counted in the columns they
    take: a Japanese character takes two); a word wider than a line, as Japanese written
    without spaces is, is cut between characters. The answer keeps its style."""
    words = [("class:question", w) for w in printable(question).split()]
    words += [("class:answer", w) for w in printable(answer).split()] or [("class:answer", "")]
    fragments: list[tuple[str, str]] = [("class:done", "✔")]
    column = 1
    for style, whole in words:
        pieces = [whole] if width(whole) <= columns - 2 else wrap(whole, columns - 2)
        for word in pieces:
            if column + 1 + width(word) > columns and column > 2:
                fragments.append(("", "\n "))
                column = 1
            fragments.append((style, " " + word))
            column += 1 + width(word)
    return fragments


def message(asked: Asked) -> str:
    """The question, wrapped to the terminal (a prompt's first line would be cut off)."""
    return fill(printable(asked.text), screen_width() - 4, subsequent_indent="  ")


def choices(asked: Asked) -> list[dict[str, Any]]:
    """A select's rows, as questionary reads them (name, value, disabled): the options, then
    "something else", "don't know yet" and "go back"."""
    columns = label_width(asked.options)
    choices: list[dict[str, Any]] = [
        {"name": title(option, columns), "value": index, "disabled": option.disabled}
        for index, option in enumerate(asked.options)
    ]
    if asked.other is not None:
        choices.append({"name": asked.other, "value": OTHER})
    if asked.unknown:
        choices.append({"name": "don't know yet", "value": UNKNOWN})
    if asked.can_go_back:
        choices.append({"name": "← go back", "value": BACK_CHOICE})
    return choices


def select_default(asked: Asked, choices: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The row the pointer starts on (None: the first that can be chosen)."""
    start = _start_value(asked)
    return next((row for row in choices if row["value"] == start), None)


def _start_value(asked: Asked) -> Any:
    default = asked.default
    if default is MISSING or default is None:
        # Nothing to suggest, or "don't know yet" was the answer: the cursor starts on
        # "don't know yet", never on a guess.
        return UNKNOWN if asked.unknown else None
    for index, option in enumerate(asked.options):
        if repr(option.value) == repr(default) and option.disabled is None:
            return index
    if asked.other is not None and isinstance(default, str):
        return OTHER
    return None


def title(option: Option, columns: int, lead: int = 5) -> str:
    """Label and explanation; a long explanation continues under itself. `lead`: the
    columns before the label (the pointer's 3 and the 2 spaces after the label; a
    checkbox's circle adds 2)."""
    label = printable(option.label)
    if option.disabled is not None or not option.explain:
        return label
    indent = " " * (columns + lead)
    room = screen_width() - len(indent) - 1
    if room < NARROWEST:  # no room beside the labels: each explanation goes under its label
        indent = " " * lead
        lines = wrap(printable(option.explain), max(1, screen_width() - lead - 1))
        return label + "".join(f"\n{indent}{line}" for line in lines)
    lines = wrap(printable(option.explain), room)
    if width(label) > columns:  # a label wider than the others: its explanation goes under it
        return label + "".join(f"\n{indent}{line}" for line in lines)
    return ljust(label, columns) + "  " + f"\n{indent}".join(lines)


def label_width(options: tuple[Option, ...]) -> int:
    """The column the explanations start at: the widest label's, in terminal columns."""
    return min(28, max((width(printable(o.label)) for o in options if o.explain), default=0))


def instruction(asked: Asked, *, typed: bool, ticks: bool = False) -> str:
    """The help, where the suggestion comes from, and the keys that answer."""
    lines = []
    if asked.help:
        lines += wrap(printable(asked.help), screen_width() - 4)
    if asked.default_source:  # the suggestion is what a vendor documents: say where
        lines.append(f"The suggestion is from the catalog: {asked.default_source}")
    lines += wrap("[" + " · ".join(_keys(asked, typed, ticks)) + "]", screen_width() - 4)
    return "\n" + "\n".join("  " + line for line in lines)


def _keys(asked: Asked, typed: bool, ticks: bool) -> list[str]:
    keys = []
    if ticks:
        keys.append("Space ticks, Enter confirms")
    if asked.type == "confirm":
        keys.append("y yes · n no")
    if typed and asked.continues is not None:
        keys.append("Enter if there are no more")
    elif typed and keeps_unknown(asked):
        keys.append("Enter keeps “don't know yet”")
    elif typed and asked.optional:
        keys.append("Enter skips")
    if asked.unknown:
        keys.append(f"{UNKNOWN_WORD} don't know yet")
    if asked.can_go_back:
        keys.append(f"{BACK_WORD} go back")
    if can_review(asked):
        keys.append("Ctrl-R all answers")
    keys.append("Ctrl-C stops (answers are kept)")
    return keys


def can_review(asked: Asked) -> bool:
    """Every question of the questionnaire can open the review (the session's own cannot)."""
    return asked.slot.key != "(session)"


def keeps_unknown(asked: Asked) -> bool:
    """Asked again after "don't know yet": an empty line keeps that answer."""
    return asked.revisiting and asked.default is None and asked.unknown


def text_default(asked: Asked) -> str:
    if asked.default is MISSING or asked.default is None:
        return ""
    return str(asked.default)


def values(asked: Asked) -> list[Any]:
    return [o.value for o in asked.options]


def screen_width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))
