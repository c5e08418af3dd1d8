"""Text made safe to print on a terminal: control characters shown, never obeyed.

Stakeholders type names, events and notes that mailroom prints back. A terminal obeys
the control characters in them: `ESC ] 52` writes the clipboard, `ESC ] 8` hides a link
behind other text, `ESC ] 0` sets the window title, a carriage return or a C1 `CSI`
(U+009B) rewrites what is already on screen, and the bidirectional overrides reorder
it. Every line mailroom prints goes through `printable` (cli.py's `echo`, and the
interview's terminals), which writes each such character as its code, `\\u001b`: the
person sees that it is there and the terminal does nothing with it. The same escape
is valid inside a JSON string, so JSON output stays JSON and reads back as the
original text.
"""

from __future__ import annotations

import re

# C0 except tab and newline, DEL, C1, and the bidirectional embeddings, overrides and
# isolates (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character but tab and newline written as `\\uXXXX`."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- laying text out by the columns it takes ------------------------------------------
#
# A terminal gives most characters one column, but Chinese, Japanese and Korean
# characters (and emoji) two, and combining marks none: a line of Japanese counted
# with len() takes twice the width it was given and runs off the screen. Everything
# mailroom lays out for a terminal (wrapping, padding a column) counts columns with
# wcwidth instead. Text is made printable first, so no control sequence is left to
# measure.


def width(text: str) -> int:
    """The columns `text` takes on a terminal (one line)."""
    if text.isascii() and text.isprintable():
        return len(text)
    import wcwidth

    return int(wcwidth.width(text))


def wrap(text: str, columns: int, *, initial_indent: str = "", subsequent_indent: str = "",
         break_on_hyphens: bool = False) -> list[str]:
    """`text` as lines of at most `columns` columns (textwrap.wrap's arguments); a word
    wider than a line, as a sentence of Japanese written without spaces is, is cut
    between characters."""
    if text.isascii() and initial_indent.isascii() and subsequent_indent.isascii():
        # one column a character: the standard library's wrap, without loading wcwidth
        # (about 20 ms, which `mailroom check` on a spec in English would pay for nothing)
        import textwrap

        return textwrap.wrap(text, max(1, columns), initial_indent=initial_indent,
                             subsequent_indent=subsequent_indent,
                             break_on_hyphens=break_on_hyphens)
    import wcwidth

    lines: list[str] = wcwidth.wrap(
        text, max(1, columns), initial_indent=initial_indent,
        subsequent_indent=subsequent_indent, break_on_hyphens=break_on_hyphens,
        propagate_sgr=False,
    )
    return lines


def fill(text: str, columns: int, *, initial_indent: str = "", subsequent_indent: str = "",
         break_on_hyphens: bool = False) -> str:
    """`wrap`, joined into one string."""
    return "\n".join(wrap(text, columns, initial_indent=initial_indent,
                          subsequent_indent=subsequent_indent,
                          break_on_hyphens=break_on_hyphens))


def ljust(text: str, columns: int) -> str:
    """`text` padded with spaces to `columns` columns (a wider text is left as it is)."""
    return text + " " * max(0, columns - width(text))


def clip(text: str, columns: int) -> str:
    """The start of `text` that fits in `columns` columns."""
    import wcwidth

    return str(wcwidth.clip(text, 0, columns))
