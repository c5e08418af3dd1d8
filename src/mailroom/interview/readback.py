"""What follows from a flow's answers so far, for the interview's conditions and texts:
its direction, the end that is not the mail person, and the flow read back as a
sentence. All three come from the facts layer (mailroom.facts), the one place that
knows the grammar, applied to the answers given so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_FLOW_FIELDS = ("id", "data", "source", "destination", "mail_person", "mailbox", "direction",
                "trigger", "event", "schedule", "transport")
_NO_TIME = " at a time not decided yet."


def flow_fact(record: dict[str, Any], systems: Sequence[tuple[str, str]], name: str) -> Any:
    """A fact of one flow from its answers (record: field -> answer; systems: (id, name)
    of each system named so far); None when it is not known yet."""
    from mailroom.facts.flows import flow_facts

    spec, flow = _partial_spec(record, systems)
    facts = flow_facts(spec, flow, 1)
    if name == "other_end":
        return facts.roles.other_end
    if name == "direction":
        return facts.direction
    if name == "sentence":
        text = facts.sentence_with_roles
        return text[: -len(_NO_TIME)] + "." if text.endswith(_NO_TIME) else text
    raise KeyError(name)


def _partial_spec(record: dict[str, Any], systems: Sequence[tuple[str, str]]) -> Any:
    """A spec of the systems named so far and this one flow, as answered (not validated:
    answers may still be missing)."""
    from mailroom.spec.model import Flow, Spec, System

    fields: dict[str, Any] = {name: record.get(name) for name in _FLOW_FIELDS}
    fields["id"] = fields["id"] or "flow"
    flow = Flow.model_construct(**fields)
    listed = [System.model_construct(id=sid, name=name) for sid, name in systems]
    return Spec.model_construct(systems=listed, flows=[flow]), flow
