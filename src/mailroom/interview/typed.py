"""Typed answers that hold more than one value, read as people write them.

A volume with its peak: "about 300 a day, 3000 on Black Friday" is a typical day and
a peak day with its occasion. A field of the data: "email -> Email, lower case,
personal" is where it comes from, where it goes, what is done to it on the way, and
whether it is personal data.
"""

from __future__ import annotations

import re
from typing import Any

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "twenty": 20, "fifty": 50,
          "a hundred": 100, "a thousand": 1000}
_NUMBER = re.compile(r"(\d[\d,_]*(?:\.\d+)?)\s*(k\b|thousand\b)?|\b("
                     + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_FILLER = re.compile(r"^(?:[\s,;:./-]+|\b(?:up to|peak(?:s|ing)?(?: of| at)?|at most|"
                     r"max(?:imum)?|and|but|or|records?|rows?|a|an|per|each|every|day)\b)*",
                     re.IGNORECASE)
_ARROW = re.compile(r"\s*(?:->|→|=>|>)\s*")


def read_volume(text: str) -> tuple[list[str] | None, str | None]:
    """(["300 records/day", "3000 records/day on Black Friday"], None), or (None, what is
    wrong). The peak is left out when the text gives only one number."""
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return None, ("Type how many records move on a typical day, such as 300, and the "
                      "most on a peak day if there is one: \"300, up to 3000 on Black Friday\".")
    from mailroom.spec.quantities import volume_period

    unit = f"records/{volume_period(text) or 'day'}"  # the spec's reader reads it back
    typical = f"{_number(numbers[0])} {unit}"
    if len(numbers) == 1:
        return [typical], None
    peak = f"{_number(numbers[1])} {unit}"
    occasion = _FILLER.sub("", text[numbers[1].end():]).strip(" ,;.")
    return [typical, f"{peak} {occasion}".strip() if occasion else peak], None


def _number(match: re.Match[str]) -> str:
    if match.group(3):  # "ten a week"
        return str(_WORDS[match.group(3).lower()])
    value = float(re.sub(r"[,_]", "", match.group(1)))
    if match.group(2):
        value *= 1000
    return str(int(value)) if value.is_integer() else str(value)


def read_field(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """One field of the data: "email -> Email, lower case, personal"."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts:
        return None, "Type a field, such as \"email -> Email, lower case, personal\"."
    personal = None
    if parts[-1].lower() in ("personal", "personal data"):
        personal, parts = True, parts[:-1]
    elif parts[-1].lower() in ("not personal", "no personal data"):
        personal, parts = False, parts[:-1]
    if not parts:
        return None, "Name the field first, then say whether it is personal."
    ends = _ARROW.split(parts[0], maxsplit=1)
    source = ends[0].strip() or None
    destination = ends[1].strip() if len(ends) > 1 and ends[1].strip() else None
    transform = ", ".join(parts[1:]) or None
    field = {"source_field": source, "destination_field": destination, "transform": transform,
             "personal": personal}
    if source is None:
        field["name"] = destination
    return {key: value for key, value in field.items() if value is not None}, None


def field_in_words(field: Any) -> str:
    """A field as the person typed it, to show it back."""
    if not isinstance(field, dict):
        return str(field)
    text = field.get("source_field") or field.get("name") or "?"
    if field.get("destination_field"):
        text += f" → {field['destination_field']}"
    if field.get("transform"):
        text += f", {field['transform']}"
    if field.get("personal"):
        text += ", personal"
    return text
