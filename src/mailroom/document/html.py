"""The HTML document: the Markdown's body in the HTML shell, with the print stylesheet."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import TYPE_CHECKING

from jinja2 import Environment
from markupsafe import Markup

from mailroom.document.direction import NO_ISOLATION, Isolator
from mailroom.document.markdown import to_html
from mailroom.document.templating import BRIEF_HTML_TEMPLATE, HTML_TEMPLATE
from mailroom.document.views import DocumentView

if TYPE_CHECKING:
    from mailroom.brief.view import BriefView


def html_document(
    view: DocumentView, markdown_text: str, env: Environment, css: str,
    svgs: Mapping[str, str], isolate: Isolator = NO_ISOLATION,
) -> str:
    """`svgs` maps each SVG file name to its text; the HTML embeds them, so it stands alone.
    `isolate` keeps what stakeholders typed in its own direction (direction.py), in the
    body and, as `isolate(value)`, in the template."""
    images = {name: svg_data_uri(svg) for name, svg in svgs.items()}
    body = to_html(markdown_text, images, isolate=isolate)
    return env.get_template(HTML_TEMPLATE).render(
        doc=view, body=Markup(body.html), toc=body.toc, css=Markup(_style_safe(css)),
        isolate=isolate,
    )


def brief_html(
    view: BriefView, markdown_text: str, env: Environment, css: str, svgs: Mapping[str, str],
    isolate: Isolator = NO_ISOLATION,
) -> str:
    """The sales brief: its Markdown's body under a header, with the one-page stylesheet and
    its diagram embedded (`isolate`: as for the document)."""
    body = to_html(markdown_text, {name: svg_data_uri(svg) for name, svg in svgs.items()},
                   isolate=isolate)
    return env.get_template(BRIEF_HTML_TEMPLATE).render(
        brief=view, body=Markup(body.html), css=Markup(_style_safe(css)), isolate=isolate,
    )


def svg_data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _style_safe(css: str) -> str:
    """CSS placed inside <style> must not be able to close it."""
    return css.replace("</", "<\\/")
