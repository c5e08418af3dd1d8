"""Markdown: escaping what stakeholders typed, and turning the document into HTML.

The Markdown file is the source of the document; the HTML is made from it with
markdown-it-py, with raw HTML switched off, so a `<script>` typed into a spec
is shown as text everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mailroom.document.direction import NO_ISOLATION, Isolator


def slug(text: str) -> str:
    """A heading's anchor as GitHub and GitLab make it, so links work there and in HTML."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


class Md(str):
    """Text that is already Markdown, written by the template or by these filters."""

    __slots__ = ()


_SPECIAL = re.compile(r"([\\`*\[\]<>|~!])")
_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(\s*)([#>+=-])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def escape(text: str) -> Md:
    """Plain text as Markdown that shows exactly that text, on one line.

    Whitespace runs (line breaks included) become one space, so typed text cannot
    start a heading, a list or a table row; punctuation Markdown reads as syntax is
    backslash-escaped; an underscore inside a word (API_KEY) is left alone, since
    it cannot start emphasis there.
    """
    flat = " ".join(text.split())
    flat = _SPECIAL.sub(r"\\\1", flat)
    flat = _UNDERSCORE.sub(r"\\_", flat)
    flat = _ENTITY.sub(r"\\&", flat)
    flat = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)
    flat = _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)
    return Md(flat)


def cell(value: Any) -> Md:
    """A table cell: escaped text, or a dash for an empty one."""
    if value is None or value == "":
        return Md("")
    return value if isinstance(value, Md) else escape(str(value))


def code(text: str) -> Md:
    """Inline code: the text verbatim, fenced by more backticks than it holds."""
    flat = " ".join(str(text).split())
    ticks = "`" * (max((len(r) for r in re.findall(r"`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return Md(f"{ticks}{pad}{flat}{pad}{ticks}")


def fence(text: str, language: str = "") -> Md:
    """A fenced block that no line of `text` can close early."""
    longest = max((len(r) for r in re.findall(r"^\s*(`{3,})", text, re.MULTILINE)), default=2)
    ticks = "`" * max(3, longest + 1)
    return Md(f"{ticks}{language}\n{text.rstrip()}\n{ticks}")


def link(text: str, anchor: str) -> Md:
    return Md(f"[{escape(text)}](#{anchor})")


def url(text: str, href: str) -> Md:
    """A link to a page elsewhere (a vendor's documentation), its address kept whole: in
    angle brackets, with what would end them percent-encoded. Only https:// addresses
    become links (the catalog accepts no other)."""
    if not href.startswith("https://"):
        return escape(text)
    safe = "".join(f"%{ord(c):02X}" if c in "<>\\" or c.isspace() else c for c in href)
    return Md(f"[{escape(text)}](<{safe}>)")


# -- Markdown to HTML ---------------------------------------------------------


@dataclass(frozen=True)
class TocEntry:
    """A heading for the table of contents."""

    level: int
    text: str
    anchor: str
    html: str = ""  # the text as HTML, what stakeholders typed in it isolated (direction.py)


@dataclass
class HtmlBody:
    """The document's HTML body and its table of contents."""

    html: str
    toc: list[TocEntry] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("fence", _render_fence)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("text", _render_text)
    return md


def to_html(text: str, images: Mapping[str, str] | None = None, *,
            from_first_h2: bool = True, isolate: Isolator = NO_ISOLATION) -> HtmlBody:
    """The Markdown as HTML, with an id on every heading and a table of contents.

    `images` maps an image's file name to the URL the HTML should use instead (a
    data: URI, so the HTML file stands alone). With `from_first_h2`, what comes
    before the first section (the title block) is left out: the HTML shell shows
    it as its cover. `isolate` marks what stakeholders typed with its own direction.
    """
    md = _parser()
    tokens = md.parse(text)
    if from_first_h2:
        first = next((i for i, t in enumerate(tokens)
                      if t.type == "heading_open" and t.tag == "h2"), len(tokens))
        tokens = tokens[first:]
    env = {"images": dict(images or {}), "isolate": isolate}
    renderer: Any = md.renderer  # the HTML renderer, which renders inline tokens too
    toc = _number_headings(tokens, lambda inline: renderer.renderInline(
        inline.children or [], md.options, env))
    html = md.renderer.render(tokens, md.options, env)
    return HtmlBody(html, toc)


def _number_headings(tokens: list[Token], as_html: Any) -> list[TocEntry]:
    seen: dict[str, int] = {}
    toc = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        text = "".join(child.content for child in inline.children or []
                       if child.type in ("text", "code_inline"))
        anchor = slug(text)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 0
        token.attrSet("id", anchor)
        level = int(token.tag[1])
        if level <= 2:
            toc.append(TocEntry(level, text, anchor, as_html(inline)))
    return toc


def _render_fence(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.info.strip() == "mermaid":
        return ""  # the drawn SVG is already there; Mermaid is for GitHub and GitLab
    html: str = self.fence(tokens, idx, options, env)
    if token.info.strip() == "dot":
        return f'<div class="diagram-source">{html}</div>'
    return html


def _render_text(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    isolate: Isolator = env.get("isolate", NO_ISOLATION)
    return str(isolate.html(tokens[idx].content))


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    source = str(token.attrGet("src") or "")
    token.attrSet("src", env.get("images", {}).get(source, source))
    token.attrSet("class", "diagram")
    html: str = self.image(tokens, idx, options, env)
    return html
