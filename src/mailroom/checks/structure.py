"""Ids and references: every name a flow uses must point at one system."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailroom.checks.registry import Finding, spec_rule
from mailroom.facts.grammar import join
from mailroom.facts.words import SYSTEM_FIELDS as SYSTEM_WORDS
from mailroom.spec.vocabulary import ID_PATTERN

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts

_ID = re.compile(ID_PATTERN)
SYSTEM_FIELDS = ("source", "destination", "mail_person", "mailbox", "business_logic")


@spec_rule("id-invalid", "error")
def invalid_ids(facts: SpecFacts) -> Iterator[Finding]:
    """Ids are lowercase letters, digits and dashes, so they work in files and URLs."""
    spec = facts.spec
    for kind, items in (("system", spec.systems), ("flow", spec.flows)):
        for item in items:
            if not _ID.fullmatch(item.id):
                yield Finding(
                    "error",
                    "id-invalid",
                    f"The {kind} id '{item.id}' may only use lowercase letters, digits and "
                    f"dashes; rename it, e.g. '{suggest_id(item.id)}', and update every "
                    "reference to it.",
                    item.id if kind == "flow" else None,
                    "id" if kind == "flow" else f"systems.{item.id}.id",
                )


@spec_rule("id-duplicate", "error")
def duplicate_ids(facts: SpecFacts) -> Iterator[Finding]:
    """Two systems or two flows with one id cannot be told apart."""
    spec = facts.spec
    for kind, items in (("system", spec.systems), ("flow", spec.flows)):
        counts = Counter(item.id for item in items)
        for item_id, count in counts.items():
            if count > 1:
                yield Finding(
                    "error",
                    "id-duplicate",
                    f"{count} {kind}s have the id '{item_id}'; give each its own id.",
                    item_id if kind == "flow" else None,
                    "id" if kind == "flow" else f"systems.{item_id}.id",
                )


@spec_rule("unknown-system", "error")
def unknown_systems(facts: SpecFacts) -> Iterator[Finding]:
    """A flow, and `our_system`, may only name systems listed under `systems`."""
    spec = facts.spec
    known = {s.id for s in spec.systems}
    listed = join(sorted(known)) or "none yet"
    if spec.our_system is not None and spec.our_system not in known:
        yield Finding(
            "error", "unknown-system",
            f"Your product is named as '{spec.our_system}', which is not a system in this "
            f"spec (its systems: {listed}); name the system that is your product.",
            None, "our_system",
        )
    for flow in spec.flows:
        for field in SYSTEM_FIELDS:
            value = getattr(flow, field)
            if value is not None and value not in known:
                yield Finding(
                    "error",
                    "unknown-system",
                    f"{SYSTEM_WORDS[field]} is given as '{value}', which is not a system in "
                    f"this spec (its systems: {listed}); add it to the systems or correct "
                    "the id.",
                    flow.id,
                    field,
                )


def suggest_id(text: str) -> str:
    """A valid id close to the given text: 'Sales Force!' -> 'sales-force'."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "system"
