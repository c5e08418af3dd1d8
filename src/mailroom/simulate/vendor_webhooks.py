"""The Python engine's receiveWebhook() (mailroom.vendors.webhooks): it reads the record
and the delivery's key from what a vendor's webhook carries (made by stub.receive's
delivery(), which the mock senders put on the wire) as the generated job does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.simulate.step_tools import State, StepFailed, js_string
from mailroom.stub.receive import delivery, request_state, sender_payload
from mailroom.vendors.webhooks import Payload

if TYPE_CHECKING:
    from mailroom.spec.model import Spec
    from mailroom.stub.plan import Workflow


def receive(payload: Payload, sender: str, state: State) -> State:
    """The job's receiveWebhook(): the record from where the vendor puts it, and the key
    a redelivery repeats (the delivery's id, or the record's id and version)."""
    body = state.get("data")
    request = state.get("request")
    headers = request.get("headers") if isinstance(request, dict) else None
    headers = headers if isinstance(headers, dict) else {}
    record: Any = body
    for part in payload.record:
        record = record.get(part) if isinstance(record, dict) else None
    where = ".".join(payload.record) or "the body"
    if not isinstance(record, dict):
        raise StepFailed(f"what {sender} sent carries no record in {where}")
    found: Any = None
    if payload.delivery_field is not None:
        found = body.get(payload.delivery_field) if isinstance(body, dict) else None
    elif payload.delivery_header is not None:
        found = headers.get(payload.delivery_header.lower())
    if payload.version_field is not None:
        version = record.get(payload.version_field)
        key = f"{js_string(record.get('id'))}@{js_string(version)}" if version else None
    else:
        key = js_string(found) if found else None
    if not key:
        raise StepFailed(f"what {sender} sent carries nothing to key the delivery by "
                         f"({payload.dedup})")
    return {**state, "data": record,
            "webhook": {"sender": sender, "delivery": js_string(found) if found else None,
                        "key": key}}



def received_key(payload: Payload, flow: str, record: dict[str, Any], n: int) -> str:
    """The key receiveWebhook reads from the delivery of record n (the same for each
    delivery of one event)."""
    body, headers = delivery(payload, flow, record, n, n)
    return str(receive(payload, "", request_state(body, headers, "/"))["webhook"]["key"])


def webhook_receivers(spec: Spec, workflows: list[Workflow]) -> dict[str, tuple[str, Payload]]:
    """For each workflow a catalog system pushes into, the sender's name and what its
    webhooks carry: the Python engine reads them as the first job's receiveWebhook does."""
    found = {w.id: sender_payload(spec, w) for w in workflows}
    return {ident: (pair[0].name, pair[1]) for ident, pair in found.items() if pair}
