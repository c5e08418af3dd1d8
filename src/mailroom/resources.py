"""Data shipped inside the package: templates and questionnaires.

Found through importlib.resources so that an installed wheel works exactly
like a checkout (in a checkout, src/mailroom/templates and
src/mailroom/questionnaires are links to the top-level folders).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

FOLDERS = ("templates", "questionnaires", "catalog_data")


def packaged(folder: str) -> Traversable:
    """The packaged folder `templates`, `questionnaires` or `catalog_data`."""
    if folder not in FOLDERS:
        raise ValueError(f"no packaged folder {folder!r}; expected one of {FOLDERS}")
    return resources.files("mailroom").joinpath(folder)
