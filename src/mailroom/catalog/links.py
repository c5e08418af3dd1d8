"""A catalog fact's source: a link to the public page that documents it.

Apart from the entry's model, so that validating an entry from the schema cache
(spec/validation.py) runs this check without importing pydantic.
"""

from __future__ import annotations

import re

_URL = re.compile(r"^https://[^\s/$.?#].[^\s]*$")


def check_url(value: str) -> str:
    """A fact's source: a public https:// page."""
    if not _URL.match(value):
        raise ValueError("must be an https:// link to the public documentation")
    return value
