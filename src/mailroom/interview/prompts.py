"""The one module that talks to the terminal: an Asked becomes a questionary prompt.

Every prompt offers the same two ways out besides an answer: "don't know yet"
(`?`) and going back to the previous question (`<`), listed as choices in a
select and typed alone in a text prompt. When a prompt is answered it is
replaced by one line, the question and its answer, so the screen reads as a
record of the interview.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
import textwrap
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import application as _application
from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.output import Output
from prompt_toolkit.styles import Style
from prompt_toolkit.styles import style as _styles
from questionary import Choice
from questionary.styles import merge_styles_default

from mailroom.interview.option import Option
from mailroom.interview.prepared import BACK, Asked
from mailroom.interview.view import MISSING

UNKNOWN_WORD = "?"
BACK_WORD = "<"
_UNKNOWN, _BACK, _OTHER = "unknown", "back", "other"
STYLE = Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("instruction", ""),
    ("answer", "fg:ansicyan bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansicyan"),
    ("disabled", "fg:ansibrightblack italic"),
    ("text", ""),
    ("heading", "bold"),
    ("note", "fg:ansiyellow"),
    ("problem", "fg:ansired bold"),
    ("done", "fg:ansigreen bold"),
    ("quiet", "fg:ansibrightblack"),
    ("sentence", "bold"),
])
# Every questionary prompt builds one or two prompt_toolkit Applications, and each one
# loads the whole emacs and vi key bindings afresh: some 20 ms a prompt on a slow machine,
# paid between Enter and the next question. The bindings keep no state of their own (their
# filters ask get_app() when a key arrives), so one set serves every prompt.
_application.load_key_bindings = functools.cache(  # type: ignore[attr-defined]
    _application.load_key_bindings)  # type: ignore[attr-defined]

# Likewise, each Application merges prompt_toolkit's default styles with ours and parses
# the few hundred rules again (a select has two Applications): about 20 ms a question.
# The same rules make the same Style, so it is parsed once.
_PARSED_STYLES: dict[tuple[tuple[str, str], ...], Style] = {}


def _shared_merged_style(self: _styles._MergedStyle) -> Style:
    rules = tuple(self.style_rules)
    parsed = _PARSED_STYLES.get(rules)
    if parsed is None:
        parsed = _PARSED_STYLES[rules] = Style(list(rules))
    return parsed


_styles._MergedStyle._merged_style = property(_shared_merged_style)  # type: ignore[assignment]
# Lines printed between prompts use the very rules the prompts use, so they share the parse.
_PRINT_STYLE = merge_styles_default([STYLE])

_SAY_STYLES = {"heading": "class:heading", "note": "class:note", "problem": "class:problem",
               "quiet": "class:quiet", "sentence": "class:sentence", "done": "class:done"}


class PromptTerminal:
    """Asks with questionary and prints with prompt_toolkit. `input` and `output` are
    for tests (a pipe input and a dummy output)."""

    def __init__(self, input: Input | None = None, output: Output | None = None) -> None:
        self._after_draw: list[Callable[[], None]] = []
        self._io: dict[str, Any] = {}
        if input is not None:
            self._io["input"] = input
        if output is not None:
            self._io["output"] = output
        self._output = output

    # -- saying ---------------------------------------------------------------

    def say(self, kind: str, text: str) -> None:
        style = _SAY_STYLES.get(kind, "")
        if kind == "heading":
            text = f"\n── {text} " + "─" * max(0, min(_width(), 72) - len(text) - 4)
        elif "\n" not in text:  # one paragraph: wrapped (a report comes laid out already)
            indent = "  " if kind in ("note", "problem", "sentence") else ""
            text = textwrap.fill(text, _width() - 1, subsequent_indent=indent,
                                 break_on_hyphens=False)
        print_formatted_text(FormattedText([(style, text)]), style=_PRINT_STYLE,
                             output=self._output)

    # -- asking ---------------------------------------------------------------

    def after_draw(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the next question is on screen, in the prompt's own loop:
        the person is reading, nothing waits for it (the session writes the spec's YAML
        then)."""
        self._after_draw.append(callback)

    def _run_after_draw(self, question: questionary.Question) -> None:
        if not self._after_draw:
            return
        callbacks, self._after_draw = self._after_draw, []
        app = question.application

        def run_them() -> None:
            for callback in callbacks:
                try:
                    callback()
                except Exception:  # the session retries what failed, and says why
                    continue
                except BaseException as stop:  # Ctrl-C or a closed terminal, held till now
                    if not app.future or not app.future.done():
                        app.exit(exception=stop)
                    return

        def drawn(_: object) -> None:
            app.after_render -= drawn
            asyncio.get_running_loop().call_soon(run_them)

        app.after_render += drawn

    def ask(self, asked: Asked) -> Any:
        """The answer as chosen or typed; None for "don't know yet"; BACK to go back."""
        if asked.type == "list":
            reply = self._list(asked)
        elif asked.type in ("text", "number"):
            reply = self._text(asked, _message(asked), _text_default(asked))
        elif asked.type == "multi-select":
            reply = self._checkbox(asked)
        else:
            reply = self._select(asked)
        if reply is not BACK:
            self._echo(asked, reply)
        return reply

    def _echo(self, asked: Asked, reply: Any) -> None:
        """The question and its answer, on as many lines as the terminal needs."""
        if isinstance(reply, list) and asked.type == "list":
            answer = "; ".join(reply) or "(skipped)"
        elif isinstance(reply, list):
            answer = ", ".join(asked.label_of(v) for v in reply) or "(nothing ticked)"
        elif asked.continues is not None and reply in ("", None):
            answer = "(no more)"
        elif asked.type == "text" and reply == "" and asked.optional:
            answer = "(skipped)"
        else:
            answer = asked.label_of(reply)
        print_formatted_text(FormattedText(_echo_lines(asked.text, answer, _width() - 1)),
                             style=_PRINT_STYLE, output=self._output)

    def _text(self, asked: Asked, message: str, default: str) -> Any:
        keeps_unknown = _keeps_unknown(asked)

        def validate(text: str) -> bool | str:
            word = text.strip()
            if word == BACK_WORD and asked.can_go_back or word == UNKNOWN_WORD and asked.unknown:
                return True
            if not word and keeps_unknown:
                return True
            problem = asked.parse(word).problem
            return True if problem is None else problem

        question = questionary.text(
            message, default=default, validate=validate, qmark="?", style=STYLE,
            instruction=_instruction(asked, typed=True) + "\n›", erase_when_done=True,
            **self._io,
        )
        _add_keys(question, asked, untouched=default)
        self._run_after_draw(question)
        word = question.unsafe_ask().strip()
        if word == BACK_WORD and asked.can_go_back:
            return BACK
        if word == UNKNOWN_WORD and asked.unknown or not word and keeps_unknown:
            return None
        return word

    def _list(self, asked: Asked) -> Any:
        """Entries typed one by one, each checked as it is typed; Enter on an empty line
        ends the list (on the first, skips it)."""
        from mailroom.interview.replies import parse_item

        typed: list[str] = []
        while True:
            first = not typed
            message = _message(asked) if first else f"  Next one ({len(typed) + 1})?"

            def validate(text: str, first: bool = first) -> bool | str:
                word = text.strip()
                if not word or first and word in (UNKNOWN_WORD, BACK_WORD):
                    return True
                problem = parse_item(asked.question, word).problem
                return True if problem is None else problem

            question = questionary.text(
                message, validate=validate, qmark="?" if first else " ", style=STYLE,
                instruction=(_instruction(asked, typed=True) if first else
                             "(Enter when there are no more)") + "\n›",
                erase_when_done=True, **self._io)
            _add_keys(question, asked, untouched="")
            if first:
                self._run_after_draw(question)
            word = question.unsafe_ask().strip()
            if first and word == BACK_WORD and asked.can_go_back:
                return BACK
            if first and word == UNKNOWN_WORD:
                return None
            if not word:
                return typed
            typed.append(word)

    def _select(self, asked: Asked) -> Any:
        while True:
            choices = _choices(asked)
            question = questionary.select(
                _message(asked), choices=choices, default=_select_default(asked, choices),
                qmark="?", style=STYLE, instruction=_instruction(asked, typed=False),
                erase_when_done=True, **self._io,
            )
            _add_keys(question, asked)
            self._run_after_draw(question)
            picked = question.unsafe_ask()
            if picked == _UNKNOWN:
                return None
            if picked == _BACK:
                return BACK
            if picked != _OTHER:
                return asked.options[picked].value
            typed = self._typed_other(asked)
            if typed is not BACK:
                return typed

    def _typed_other(self, asked: Asked) -> Any:
        current = asked.default
        default = current if isinstance(current, str) and current not in _values(asked) else ""
        word = questionary.text(
            "Type it:", default=default, qmark="  ›", style=STYLE,
            instruction=f"({BACK_WORD} to choose again)", erase_when_done=True, **self._io,
        ).unsafe_ask().strip()
        return BACK if word in ("", BACK_WORD) else word

    def _checkbox(self, asked: Asked) -> Any:
        ticked = asked.default if isinstance(asked.default, list) else []
        choices = [
            Choice(title=_title(o, _label_width(asked.options), lead=7), value=i,
                   checked=o.value in ticked, disabled=o.disabled)
            for i, o in enumerate(asked.options)
        ]
        question = questionary.checkbox(
            _message(asked), choices=choices, qmark="?", style=STYLE,
            instruction=_instruction(asked, typed=False, ticks=True), erase_when_done=True,
            **self._io,
        )
        _add_keys(question, asked)
        self._run_after_draw(question)
        picked = question.unsafe_ask()
        if picked == _UNKNOWN:
            return None
        if picked == _BACK:
            return BACK
        return [asked.options[i].value for i in picked]


# -- building the prompts -------------------------------------------------------


def _echo_lines(question: str, answer: str, width: int) -> list[tuple[str, str]]:
    """"✔ question answer", wrapped without splitting words; the answer keeps its style."""
    words = [("class:question", w) for w in question.split()]
    words += [("class:answer", w) for w in answer.split()] or [("class:answer", "")]
    fragments: list[tuple[str, str]] = [("class:done", "✔")]
    column = 1
    for style, word in words:
        if column + 1 + len(word) > width and column > 2:
            fragments.append(("", "\n "))
            column = 1
        fragments.append((style, " " + word))
        column += 1 + len(word)
    return fragments


def _message(asked: Asked) -> str:
    """The question, wrapped to the terminal (a prompt's first line would be cut off)."""
    return textwrap.fill(asked.text, _width() - 4, subsequent_indent="  ",
                         break_on_hyphens=False)


def _choices(asked: Asked) -> list[Choice]:
    width = _label_width(asked.options)
    choices = [
        Choice(title=_title(option, width), value=index, disabled=option.disabled)
        for index, option in enumerate(asked.options)
    ]
    if asked.other is not None:
        choices.append(Choice(title=asked.other, value=_OTHER))
    if asked.unknown:
        choices.append(Choice(title="don't know yet", value=_UNKNOWN))
    if asked.can_go_back:
        choices.append(Choice(title="← go back", value=_BACK))
    return choices


def _select_default(asked: Asked, choices: list[Choice]) -> Any:
    default = asked.default
    if default is None and asked.revisiting and asked.unknown:
        return _UNKNOWN
    if default is MISSING or default is None:
        return None
    for index, option in enumerate(asked.options):
        if repr(option.value) == repr(default) and option.disabled is None:
            return index
    if asked.other is not None and isinstance(default, str):
        return _OTHER
    return None


def _title(option: Option, width: int, lead: int = 5) -> str:
    """Label and explanation; a long explanation continues under itself. `lead`: the
    columns before the label (the pointer's 3 and the 2 spaces after the label; a
    checkbox's circle adds 2)."""
    if option.disabled is not None or not option.explain:
        return option.label
    indent = " " * (width + lead)
    lines = textwrap.wrap(option.explain, max(30, _width() - len(indent) - 2),
                          break_on_hyphens=False)
    return f"{option.label:<{width}}  " + f"\n{indent}".join(lines)


def _label_width(options: tuple[Option, ...]) -> int:
    return min(28, max((len(o.label) for o in options if o.explain), default=0))


def _instruction(asked: Asked, *, typed: bool, ticks: bool = False) -> str:
    lines = []
    if asked.help:
        lines += textwrap.wrap(asked.help, _width() - 4)
    if asked.default_source:  # the suggestion is what a vendor documents: say where
        lines.append(f"The suggestion is from the catalog: {asked.default_source}")
    keys = []
    if ticks:
        keys.append("Space ticks, Enter confirms")
    if asked.type == "confirm":
        keys.append("y yes · n no")
    if typed and asked.continues is not None:
        keys.append("Enter if there are no more")
    elif typed and _keeps_unknown(asked):
        keys.append("Enter keeps “don't know yet”")
    elif typed and asked.optional:
        keys.append("Enter skips")
    if asked.unknown:
        keys.append(f"{UNKNOWN_WORD} don't know yet")
    if asked.can_go_back:
        keys.append(f"{BACK_WORD} go back")
    keys.append("Ctrl-C stops (answers are kept)")
    lines += textwrap.wrap("[" + " · ".join(keys) + "]", _width() - 4)
    return "\n" + "\n".join("  " + line for line in lines)


def _add_keys(question: questionary.Question, asked: Asked, untouched: str | None = None) -> None:
    """`?` and `<` answer at once (in a text prompt, while nothing has been typed); a
    SIGINT stops the interview like Ctrl-C (a select would ignore it)."""
    keys = KeyBindings()
    typed = untouched is not None
    at_once = Condition(lambda: not typed or get_app().current_buffer.text == untouched)

    @keys.add("<sigint>", eager=True)
    def _interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    if asked.unknown:
        keys.add(UNKNOWN_WORD, eager=True, filter=at_once)(
            _exit_with(UNKNOWN_WORD if typed else _UNKNOWN))
    if asked.can_go_back:
        keys.add(BACK_WORD, eager=True, filter=at_once)(_exit_with(BACK_WORD if typed else _BACK))

    if asked.type == "confirm":
        for key, value in (("y", 0), ("n", 1)):
            keys.add(key, eager=True)(_exit_with(value))

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])


def _exit_with(value: Any) -> Any:
    def handler(event: KeyPressEvent) -> None:
        event.app.exit(result=value)

    return handler


def _keeps_unknown(asked: Asked) -> bool:
    """Asked again after "don't know yet": an empty line keeps that answer."""
    return asked.revisiting and asked.default is None and asked.unknown


def _text_default(asked: Asked) -> str:
    if asked.default is MISSING or asked.default is None:
        return ""
    return str(asked.default)


def _values(asked: Asked) -> list[Any]:
    return [o.value for o in asked.options]


def _width() -> int:
    return max(40, min(shutil.get_terminal_size((100, 24)).columns, 100))
