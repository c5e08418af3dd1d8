"""A catalog fact's source: a link to the public page that documents it.

Apart from the entry's model, so that validating an entry from the schema cache
(spec/validation.py) runs this check without importing pydantic.
"""

from __future__ import annotations

import re

_URL = re.compile(r"^https://[^\s/$.?#].[^\s]*$")
_HEADER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def check_url(value: str) -> str:
    """A fact's source: a public https:// page."""
    if not _URL.match(value):
        raise ValueError("must be an https:// link to the public documentation")
    return value


def check_quote(value: str) -> str:
    """The vendor's own sentence a fact rests on: a sentence, not a word or a placeholder."""
    text = " ".join(value.split())
    if len(text) < 20 or " " not in text:
        raise ValueError("must be the vendor's own sentence the fact rests on, copied from "
                         "the source page")
    return text


def check_header(value: str) -> str:
    """An HTTP header's name, as the vendor spells it."""
    if not _HEADER.match(value):
        raise ValueError("must be an HTTP header name (letters, digits and dashes)")
    return value
