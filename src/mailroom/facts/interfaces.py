"""Where in a mailbox's way in the mail person knocks, as far as its `interface` says.

A system's `interface` is free text a person reads ("SuiteTalk REST web services
(/record/v1/customer)", "press release intake API (POST /v2/releases)"). What it states of
an HTTP method and a path (or a folder) is read here, once, for every output that needs
it (the stub's jobs, simulate's mocks, the exports); what it does not state stays None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailroom.spec.model import System

METHOD_PATH = re.compile(
    r"(?:\b(?P<method>GET|POST|PUT|PATCH|DELETE)\s+)?(?P<path>/[\w.~%:{}\-/]*[\w}~%-])"
)


@dataclass(frozen=True)
class StatedEndpoint:
    """What the interface's text says: a method (None: not said) and a path or folder."""

    method: str | None
    path: str | None


def stated_endpoint(system: System | None) -> StatedEndpoint:
    found = METHOD_PATH.search(system.interface or "") if system is not None else None
    if found is None:
        return StatedEndpoint(None, None)
    return StatedEndpoint(found.group("method"), found.group("path"))
