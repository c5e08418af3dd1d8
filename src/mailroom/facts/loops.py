"""Two flows that move the same data both ways between the same two systems: each
side's changes travel to the other and back (an echo loop), and an edit made on both
sides at once conflicts. Each field then needs a system of record.

"The same data" is read from the flows' own words: the same words before any details in
brackets, whatever the case ("Contacts (name, email)" and "contacts"). A flow whose data
is not described yet is compared with nothing: unknown stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailroom.spec.model import Flow


@dataclass(frozen=True)
class TwoWay:
    """Two flows moving the same data in opposite directions between two systems."""

    there: str  # the first flow's id, in the spec's order
    back: str  # the flow that moves the same data the other way
    systems: tuple[str, str]  # the first flow's source and destination


def same_data(a: str | None, b: str | None) -> bool:
    """The same data in the flows' own words: equal before any brackets, ignoring case,
    spaces and a final full stop; never when either is not described."""
    key_a, key_b = _key(a), _key(b)
    return bool(key_a) and key_a == key_b


def two_ways(flows: Sequence[Flow]) -> list[TwoWay]:
    found = []
    for index, there in enumerate(flows):
        for back in flows[index + 1:]:
            if (there.source is not None and there.destination is not None
                    and there.source != there.destination
                    and (back.source, back.destination) == (there.destination, there.source)
                    and same_data(there.data, back.data)):
                found.append(TwoWay(there.id, back.id, (there.source, there.destination)))
    return found


def _key(data: str | None) -> str:
    if not data:
        return ""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", data).lower()
    return " ".join(text.split()).strip(" .;:,")
