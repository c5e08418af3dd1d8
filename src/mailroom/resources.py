"""Data shipped inside the package: templates, questionnaires and the catalog.

Found through importlib.resources so that an installed wheel works exactly
like a checkout (in a checkout, the folders under src/mailroom/data are links
to the top-level templates/, questionnaires/ and catalog/).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

FOLDERS = ("templates", "questionnaires", "catalog")


def packaged(folder: str) -> Traversable:
    """The packaged folder `templates`, `questionnaires` or `catalog`."""
    if folder not in FOLDERS:
        raise ValueError(f"no packaged folder {folder!r}; expected one of {FOLDERS}")
    return resources.files("mailroom").joinpath("data", folder)
