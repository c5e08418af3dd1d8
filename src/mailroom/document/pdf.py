"""The PDF, printed by weasyprint from the same HTML with the print stylesheet.

weasyprint takes most of a second to import, so it is imported here, only
when a PDF is asked for. It fetches nothing: the diagrams are inside the HTML.
"""

from __future__ import annotations

from typing import Any


def pdf_bytes(html: str) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=".", url_fetcher=_fetcher(weasyprint))
    data: bytes = document.write_pdf()
    return data


def pdf_and_pages(html: str) -> tuple[bytes, int]:
    """The PDF and how many pages it has (the brief must fit on one)."""
    import weasyprint

    document = weasyprint.HTML(string=html, base_url=".", url_fetcher=_fetcher(weasyprint))
    rendered = document.render()
    data: bytes = rendered.write_pdf()
    return data, len(rendered.pages)


def _fetcher(weasyprint: Any) -> Any:
    """A fetcher for data: URIs only: a document never reaches the network or the disk."""

    class DataOnly(weasyprint.urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"mailroom documents load nothing from outside ({url[:60]})")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols=("data",))
