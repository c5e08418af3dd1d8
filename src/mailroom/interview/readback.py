"""Facts about a flow that follow from its answers, for conditions and texts.

They come from mailroom.derive, the one place that knows the grammar: the
direction follows from who the mail person is, and the sentence has the mail
person as its subject.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.interview.view import MISSING, Scope

if TYPE_CHECKING:
    from mailroom.interview.view import View

_FLOW_FIELDS = ("id", "data", "source", "destination", "mail_person", "mailbox", "trigger",
                "event", "schedule", "transport")
_NO_TIME = " at a time not decided yet."


def flow_fact(view: View, scope: Scope, name: str) -> Any:
    record = view.record(scope)
    if name == "other_end":
        return other_end(record)
    from mailroom import derive

    flow = _flow(record)
    if name == "direction":
        return derive.roles(flow).direction or MISSING
    if name == "sentence":
        return readback(view, record)
    raise KeyError(name)


def other_end(record: dict[str, Any]) -> Any:
    """The end of the flow that is not the mail person."""
    source, destination = record.get("source"), record.get("destination")
    mail_person = record.get("mail_person")
    if mail_person is None or source is None or destination is None:
        return MISSING
    if mail_person == source:
        return destination
    if mail_person == destination:
        return source
    return MISSING


def readback(view: View, record: dict[str, Any]) -> str:
    """The flow as a sentence with the mail person as its subject, as far as it is known:
    "Salesforce (mail person) pushes converted leads into NetSuite (mailbox)."""
    from mailroom import derive
    from mailroom.spec.model import Spec, System

    systems = [System.model_construct(id=sid, name=name) for sid, name in view.systems]
    spec = Spec.model_construct(systems=systems, flows=[])
    text = derive.sentence(spec, _flow(record), with_roles=True)
    if text.endswith(_NO_TIME):
        text = text[: -len(_NO_TIME)] + "."
    return text


def _flow(record: dict[str, Any]) -> Any:
    from mailroom.spec.model import Flow

    fields: dict[str, Any] = {name: record.get(name) for name in _FLOW_FIELDS}
    fields["id"] = fields["id"] or "flow"
    return Flow.model_construct(**fields)
