"""The one place the Jinja environments are built.

Both are strict (an unknown name is an error, never an empty string). The HTML
environment escapes HTML; the Markdown environment escapes Markdown: every
`{{ value }}` is passed through `markdown.escape` unless it is already Markdown
(`Md`), so stakeholders' text can never become a heading, a link or raw HTML.
Templates a user brings with `--templates DIR` run in Jinja's sandbox, with limits on
time, size, ranges, recursion and memory (sandbox.py), and the packaged templates fill
in whatever that folder does not hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    FunctionLoader,
    StrictUndefined,
)
from markupsafe import Markup

from mailroom.cache import jinja_bytecode_cache
from mailroom.document import markdown
from mailroom.document.sandbox import LimitedSandbox
from mailroom.document.unknown import NOT_DECIDED
from mailroom.resources import packaged

MARKDOWN_TEMPLATE = "document.md.j2"
HTML_TEMPLATE = "document.html.j2"
STYLESHEET = "print.css"
# The one-page sales brief (`mailroom brief`).
BRIEF_MARKDOWN_TEMPLATE = "brief.md.j2"
BRIEF_HTML_TEMPLATE = "brief.html.j2"
BRIEF_STYLESHEET = "brief.css"


def markdown_environment(user_dir: Path | None = None, cache: Path | None = None) -> Environment:
    env = _environment(user_dir, cache, autoescape=False, finalize=_markdown_finalize)
    env.filters.update(
        code=markdown.code, fence=markdown.fence, link=markdown.link, md=markdown.Md,
        cell=markdown.cell, url=markdown.url,
    )
    return env


def html_environment(user_dir: Path | None = None, cache: Path | None = None) -> Environment:
    return _environment(user_dir, cache, autoescape=True, finalize=_html_finalize)


def stylesheet(user_dir: Path | None = None, name: str = STYLESHEET) -> str:
    """A stylesheet (print.css, or brief.css): the user's copy when their folder has one."""
    if user_dir is not None and (user_dir / name).is_file():
        return (user_dir / name).read_text(encoding="utf-8")
    return packaged("templates").joinpath(name).read_text(encoding="utf-8")


def _environment(
    user_dir: Path | None, cache: Path | None, *, autoescape: bool, finalize: Any
) -> Environment:
    loaders: list[BaseLoader] = [FunctionLoader(_packaged_source)]
    if user_dir is not None:
        loaders.insert(0, FileSystemLoader(str(user_dir)))
    cls = LimitedSandbox if user_dir is not None else Environment
    return cls(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=autoescape,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        # Compiled code depends on the environment (the sandbox routes operators, calls
        # and attributes through its checks), and the cache is keyed only by a template's
        # source: code compiled for another environment must never run in the sandbox.
        bytecode_cache=jinja_bytecode_cache(cache) if user_dir is None else None,
    )


def _packaged_source(name: str) -> tuple[str, str | None, Any] | None:
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    source = packaged("templates").joinpath(name)
    if not source.is_file():
        return None
    return source.read_text(encoding="utf-8"), None, lambda: True


def _markdown_finalize(value: Any) -> str:
    if value is None:
        return NOT_DECIDED
    if isinstance(value, markdown.Md):
        return value
    return markdown.escape(str(value))


def _html_finalize(value: Any) -> Any:
    if value is None:
        return NOT_DECIDED
    if isinstance(value, markdown.Md):  # Markdown text shown in HTML is shown as text
        return str(value)
    return value if isinstance(value, (str, Markup)) else str(value)

