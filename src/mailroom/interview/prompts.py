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

from mailroom.interview import prompt_text
from mailroom.interview.prepared import BACK, REVIEW, Asked
from mailroom.printable import fill, printable, width

REVIEW_KEY = "c-r"  # Ctrl-R: every answer so far, to change one
_REVIEW = "\x12review"
_UNKNOWN, _BACK, _OTHER = prompt_text.UNKNOWN, prompt_text.BACK_CHOICE, prompt_text.OTHER
UNKNOWN_WORD, BACK_WORD = prompt_text.UNKNOWN_WORD, prompt_text.BACK_WORD
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
        text = printable(text)  # stakeholders' text: control characters shown, not obeyed
        if kind == "heading":
            rule = max(0, min(prompt_text.screen_width(), 72) - width(text) - 4)
            text = f"\n── {text} " + "─" * rule
        elif kind == "list":  # lines of their own, each wrapped under itself
            text = "\n".join(fill(line, prompt_text.screen_width() - 1, subsequent_indent=" " * 9)
                             for line in text.split("\n"))
        elif "\n" not in text:  # one paragraph: wrapped (a report comes laid out already)
            indent = "  " if kind in ("note", "problem", "sentence") else ""
            text = fill(text, prompt_text.screen_width() - 1, subsequent_indent=indent)
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
            reply = self._text(asked, prompt_text.message(asked), prompt_text.text_default(asked))
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
        elif isinstance(reply, list) and asked.type == "multi-select":
            answer = ", ".join(asked.label_of(v) for v in reply) or "(nothing ticked)"
        elif asked.continues is not None and reply in ("", None):
            answer = "(no more)"
        elif asked.type == "text" and reply == "" and asked.optional:
            answer = "(skipped)"
        else:
            answer = asked.label_of(reply)
        lines = prompt_text.echo_lines(asked.text, answer, prompt_text.screen_width() - 1)
        print_formatted_text(FormattedText(lines),
                             style=_PRINT_STYLE, output=self._output)

    def _text(self, asked: Asked, message: str, default: str) -> Any:
        keeps_unknown = prompt_text.keeps_unknown(asked)

        def validate(text: str) -> bool | str:
            word = text.strip()
            if word == BACK_WORD and asked.can_go_back or word == UNKNOWN_WORD and asked.unknown:
                return True
            if word == _REVIEW:
                return True
            if not word and keeps_unknown:
                return True
            problem = asked.parse(word).problem
            if problem is not None and _too_long(problem):
                return True  # the toolbar has one line: said in full below, then asked again
            return True if problem is None else problem

        question = questionary.text(
            message, default=default, validate=validate, qmark="?", style=STYLE,
            instruction=prompt_text.instruction(asked, typed=True) + "\n›", erase_when_done=True,
            **self._io,
        )
        _add_keys(question, asked, untouched=default)
        self._run_after_draw(question)
        word = question.unsafe_ask().strip()
        if word == _REVIEW:
            return REVIEW
        if word == BACK_WORD and asked.can_go_back:
            return BACK
        if word == UNKNOWN_WORD and asked.unknown or not word and keeps_unknown:
            return None
        problem = asked.parse(word).problem
        if problem is not None:  # too long for the toolbar: wrapped here, the text kept
            self.say("problem", problem)
            return self._text(asked, message, word)
        return word

    def _list(self, asked: Asked) -> Any:
        """Entries typed one by one, each checked as it is typed; Enter on an empty line
        ends the list (on the first, skips it)."""
        from mailroom.interview.replies import parse_item

        typed: list[str] = []
        while True:
            first = not typed
            message = prompt_text.message(asked) if first else f"  Next one ({len(typed) + 1})?"

            def validate(text: str, first: bool = first) -> bool | str:
                word = text.strip()
                if not word or word == _REVIEW or first and word in (UNKNOWN_WORD, BACK_WORD):
                    return True
                problem = parse_item(asked.question, word).problem
                return True if problem is None else problem

            question = questionary.text(
                message, validate=validate, qmark="?" if first else " ", style=STYLE,
                instruction=(prompt_text.instruction(asked, typed=True) if first else
                             "(Enter when there are no more)") + "\n›",
                erase_when_done=True, **self._io)
            _add_keys(question, asked, untouched="")
            if first:
                self._run_after_draw(question)
            word = question.unsafe_ask().strip()
            if word == _REVIEW:
                return REVIEW
            if first and word == BACK_WORD and asked.can_go_back:
                return BACK
            if first and word == UNKNOWN_WORD:
                return None
            if not word:
                return typed
            typed.append(word)

    def _select(self, asked: Asked) -> Any:
        while True:
            choices = prompt_text.choices(asked)
            question = questionary.select(
                prompt_text.message(asked), choices=choices,
                default=prompt_text.select_default(asked, choices),
                qmark="?", style=STYLE, instruction=prompt_text.instruction(asked, typed=False),
                erase_when_done=True, **self._io,
            )
            _add_keys(question, asked)
            self._run_after_draw(question)
            picked = question.unsafe_ask()
            if picked == _UNKNOWN:
                return None
            if picked == _BACK:
                return BACK
            if picked == _REVIEW:
                return REVIEW
            if picked != _OTHER:
                return asked.options[picked].value
            typed = self._typed_other(asked)
            if typed is not BACK:
                return typed

    def _typed_other(self, asked: Asked) -> Any:
        current = asked.default
        typed_before = isinstance(current, str) and current not in prompt_text.values(asked)
        default = current if typed_before else ""
        word = questionary.text(
            "Type it:", default=default, qmark="  ›", style=STYLE,
            instruction=f"({BACK_WORD} to choose again)", erase_when_done=True, **self._io,
        ).unsafe_ask().strip()
        return BACK if word in ("", BACK_WORD) else word

    def _checkbox(self, asked: Asked) -> Any:
        ticked = asked.default if isinstance(asked.default, list) else []
        width = prompt_text.label_width(asked.options)
        choices = [
            Choice(title=prompt_text.title(o, width, lead=7), value=i,
                   checked=o.value in ticked, disabled=o.disabled)
            for i, o in enumerate(asked.options)
        ]
        question = questionary.checkbox(
            prompt_text.message(asked), choices=choices, qmark="?", style=STYLE,
            instruction=prompt_text.instruction(asked, typed=False, ticks=True),
            erase_when_done=True,
            **self._io,
        )
        _add_keys(question, asked)
        self._run_after_draw(question)
        picked = question.unsafe_ask()
        if picked == _UNKNOWN:
            return None
        if picked == _BACK:
            return BACK
        if picked == _REVIEW:
            return REVIEW
        return [asked.options[i].value for i in picked]


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
    if prompt_text.can_review(asked):
        keys.add(REVIEW_KEY, eager=True)(_exit_with(_REVIEW))

    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), keys])


def _exit_with(value: Any) -> Any:
    def handler(event: KeyPressEvent) -> None:
        event.app.exit(result=value)

    return handler


def _too_long(problem: str) -> bool:
    """A refusal that would be cut off at the screen's edge in the prompt's one-line
    validation toolbar."""
    return "\n" in problem or width(problem) > prompt_text.screen_width() - 1
