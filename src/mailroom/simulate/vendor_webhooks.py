"""The Python engine's receiveWebhook() (mailroom.vendors.webhooks): it reads the record
and the delivery's key from what a vendor's webhook carries (made by stub.receive's
delivery(), which the mock senders put on the wire) as the generated job does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.simulate.step_tools import State, StepFailed, js_string
from mailroom.stub.receive import delivery, request_state, sender_payload
from mailroom.vendors.outbound import OutboundError, read_notifications
from mailroom.vendors.webhooks import Payload

if TYPE_CHECKING:
    from mailroom.spec.model import Spec
    from mailroom.stub.plan import Workflow


def receive(payload: Payload, sender: str, state: State) -> State:
    """The job's receiveWebhook(): the record (a batch's records) from where the vendor
    puts it, and for each the key a redelivery repeats (the delivery's id, or the
    record's own id and version)."""
    if payload.style == "soap":
        return _receive_soap(payload, sender, state)
    body = state.get("data")
    request = state.get("request")
    headers = request.get("headers") if isinstance(request, dict) else None
    headers = headers if isinstance(headers, dict) else {}
    found: Any = body
    for part in payload.record:
        found = found.get(part) if isinstance(found, dict) else None
    where = ".".join(payload.record) or "the body"
    records = (found if isinstance(found, list) else []) if payload.style == "batch" \
        else [found]
    if not records or not all(isinstance(r, dict) for r in records):
        raise StepFailed(f"what {sender} sent carries no record in {where}")
    delivery: Any = None
    if payload.delivery_field is not None:
        delivery = body.get(payload.delivery_field) if isinstance(body, dict) else None
    elif payload.delivery_header is not None:
        delivery = headers.get(payload.delivery_header.lower())
    keys = [_key(payload, record, delivery) for record in records]
    if not all(keys):
        raise StepFailed(f"what {sender} sent carries nothing to key the delivery by "
                         f"({payload.dedup})")
    return {**state, "data": records if payload.style == "batch" else records[0],
            "webhook": {"sender": sender, "delivery": js_string(delivery) if delivery else None,
                        "keys": keys}}


def _receive_soap(payload: Payload, sender: str, state: State) -> State:
    """Salesforce's outbound message, forwarded by the relay as {soap: <the XML>}: each
    Notification's sObject fields a record, keyed by the Notification's Id."""
    body = state.get("data")
    text = body.get("soap") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text:
        raise StepFailed(f"what {sender} sent carries no outbound message in soap")
    try:
        message = read_notifications(text)
    except OutboundError as error:
        raise StepFailed(f"what {sender} sent is no outbound message: {error}") from None
    return {**state, "data": [n.fields for n in message.notifications],
            "webhook": {"sender": sender, "delivery": None,
                        "keys": [n.id for n in message.notifications]}}


def _key(payload: Payload, record: dict[str, Any], delivery: Any) -> str | None:
    """The job's keyOf(): the record's key fields joined by '@', else the delivery's id."""
    if payload.key_fields:
        parts = [record.get(name) for name in payload.key_fields]
        return "@".join(js_string(p) for p in parts) \
            if all(p is not None and p != "" for p in parts) else None
    return js_string(delivery) if delivery else None


def received_key(payload: Payload, flow: str, record: dict[str, Any], n: int) -> str:
    """The key receiveWebhook reads from the delivery of record n (the same for each
    delivery of one event)."""
    body, headers = delivery(payload, flow, record, n, n)
    return str(receive(payload, "", request_state(body, headers, "/"))["webhook"]["keys"][0])


def webhook_receivers(spec: Spec, workflows: list[Workflow]) -> dict[str, tuple[str, Payload]]:
    """For each workflow a catalog system pushes into, the sender's name and what its
    webhooks carry: the Python engine reads them as the first job's receiveWebhook does."""
    found = {w.id: sender_payload(spec, w) for w in workflows}
    return {ident: (pair[0].name, pair[1]) for ident, pair in found.items() if pair}
