"""YAML out, through a YAML dumper: whatever a stakeholder typed (quotes, colons, `#`,
`yes`, `null`, line breaks, a leading `*` or `&`) comes back as the same string.

PyYAML's safe dumper, because it quotes what a YAML 1.1 reader would take for something
else (`yes`, `on`, `no`): Backstage, Redocly and the AsyncAPI parser read YAML 1.2, other
tools a team points at these files may read 1.1.
"""

from __future__ import annotations

from typing import Any


def dump(header: list[str], *documents: Any) -> str:
    """The documents as YAML (several: each after a `---`), under `# ` comment lines."""
    import yaml  # type: ignore[import-untyped]

    body = yaml.safe_dump_all(list(documents), allow_unicode=True, sort_keys=False,
                              default_flow_style=False, width=4096,
                              explicit_start=len(documents) > 1)
    comments = "".join(f"# {' '.join(line.split())}\n" for line in header)
    return comments + str(body)
