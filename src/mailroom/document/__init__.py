"""The integration requirements document: Markdown, HTML and PDF, with diagrams.

    spec -> views (facts, findings, open questions) -> Markdown (Jinja)
         -> HTML (markdown-it-py + the HTML shell) -> PDF (weasyprint, print CSS)

`render.render(...)` is the public entry point, and what `mailroom render` calls.
"""
