"""Text a stakeholder typed keeps its own direction inside the left-to-right document.

An Arabic or Hebrew name set into an English sentence is right-to-left inside a
left-to-right line. Without a boundary, the bidirectional algorithm lets the two run
into each other: "Owner: فاطمة الزهراء, 300 records" puts the 300 and the comma
inside the Arabic run, and a Hebrew name ending in "!" shows it on the wrong side.
HTML's answer is to isolate each piece of such text (`<bdi>`, or `dir="auto"`): it
is laid out in its own direction, found from its first strong character, and what
comes around it is laid out as if it were one neutral character.

weasyprint, which prints the PDF, isolates a `<bdi>` but does not work out `auto`:
it lays a right-to-left piece out left to right. So the direction is worked out
here, as `dir="auto"` would (the first character with a strong direction), and
written on the element: `<bdi dir="rtl">` for Arabic and Hebrew, a bare `<bdi>`
otherwise (auto, which is left to right for such text).

The pieces are every free text of the spec (names, roles, the title, the reason,
data, events, volumes…) and the phrases the sentences make of them ("paid orders"
from "Paid orders (order number, …)"), found in the HTML's text as whole words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from mailroom.document.unknown import NOT_DECIDED

if TYPE_CHECKING:
    from mailroom.spec.model import Spec

# ids and closed values ("salesforce-to-netsuite", "push", "oauth2-client-credentials")
# are not stakeholders' words in their own script
_ID_LIKE = re.compile(r"[a-z0-9_.:/-]*")


def direction(text: str) -> str | None:
    """"rtl" or "ltr" by the first character with a strong direction (HTML's dir=auto);
    None when there is none (digits and punctuation only)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def bdi(text: Any) -> Markup:
    """A whole piece of stakeholder text, escaped and isolated: `<bdi>` with its direction
    when it is right-to-left. The HTML templates' `bdi` filter."""
    plain = "" if text is None else str(text)
    attribute = ' dir="rtl"' if direction(plain) == "rtl" else ""
    return Markup(f"<bdi{attribute}>{escapeHtml(plain)}</bdi>")


class Isolator:
    """Finds the stakeholders' texts inside a text and isolates each (see the module)."""

    def __init__(self, texts: Iterable[str]) -> None:
        pieces = {" ".join(text.split()) for text in texts}
        pieces = {p for p in pieces if p and not _ID_LIKE.fullmatch(p)}
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(
                re.escape(p) for p in sorted(pieces, key=len, reverse=True)) + r")(?!\w)")
            if pieces else None
        )

    def __call__(self, value: Any) -> Markup:
        """A template's `isolate(value)`: the value as HTML, what stakeholders typed in it
        isolated; None reads as not decided, as `{{ value }}` does."""
        return self.html(NOT_DECIDED if value is None else str(value))

    def html(self, text: str) -> Markup:
        """`text` escaped, each stakeholder's text in it isolated."""
        if self._pattern is None:
            return Markup(escapeHtml(text))
        out, end = [], 0
        for match in self._pattern.finditer(text):
            out += [escapeHtml(text[end:match.start()]), bdi(match.group())]
            end = match.end()
        out.append(escapeHtml(text[end:]))
        return Markup("".join(out))


NO_ISOLATION = Isolator(())


def isolator(spec: Spec) -> Isolator:
    """The isolator of the texts typed into `spec`, and the phrases made of them."""
    from mailroom.facts.grammar import data_words, event_words
    from mailroom.spec.records import as_data

    texts = list(_strings(as_data(spec)))
    for flow in spec.flows:
        if flow.data:
            texts.append(data_words(spec, flow))
        texts.append(event_words(spec, flow) or "")
    texts += [spec.label(system.id) for system in spec.systems]
    return Isolator(texts)


def _strings(tree: Any) -> Iterable[str]:
    if isinstance(tree, str):
        yield tree
    elif isinstance(tree, dict):
        for value in tree.values():
            yield from _strings(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _strings(value)
