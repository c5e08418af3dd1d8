"""Which vendor-shaped webhook a workflow receives: the payload (mailroom.vendors.webhooks)
of the catalog system pushing into its webhook trigger, when that system's dialect
documents how it signs its webhooks and what they carry; and such a webhook for a made-up
record (what simulate's mock senders send, and the stub's input.example.json)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from mailroom.catalog.loading import entry_id
from mailroom.stub.examples import timestamp
from mailroom.stub.vendor import sender_signing
from mailroom.vendors import DIALECTS
from mailroom.vendors.outbound import (
    CONTENT_TYPE,
    example_message,
    notifications_xml,
    sobject_fields,
)
from mailroom.vendors.webhooks import PAYLOADS, Payload

if TYPE_CHECKING:
    from mailroom.spec.model import Spec
    from mailroom.stub.plan import Workflow
    from mailroom.vendors import Dialect


def sender_payload(spec: Spec, workflow: Workflow) -> tuple[Dialect, Payload] | None:
    """The sender's dialect and the shape of what it sends into the workflow's trigger."""
    found = sender_signing(spec, workflow)
    dialect = found[0] if found is not None else _unsigned_sender(spec, workflow)
    payload = PAYLOADS.get(dialect.id) if dialect is not None else None
    return (dialect, payload) if dialect is not None and payload is not None else None


def _unsigned_sender(spec: Spec, workflow: Workflow) -> Dialect | None:
    """The dialect of a catalog system that pushes into the workflow's trigger without a
    signature (Salesforce's outbound messages), when its webhooks are described."""
    if workflow.inbound is None:
        return None
    system = spec.system(workflow.inbound.flow.flow.source)
    found = entry_id(system) if system is not None else None
    dialect = DIALECTS.get(found) if found else None
    return dialect if dialect is not None and dialect.signing is None \
        and dialect.id in PAYLOADS else None


def vendor_call(spec: Spec, workflow: Workflow) -> tuple[Dialect, Payload] | None:
    """The dialect and webhook shape of a catalog system pushing by webhook straight into
    a receiver that is neither a platform's trigger nor a vendor's API: the vendor itself
    sends (configured on its side), so the workflow's job is not what it sends."""
    if workflow.inbound is not None or workflow.trigger.kind == "cron":
        return None
    pushes = [s for s in workflow.steps if s.kind == "push" and s.target is not None]
    if len(pushes) != 1 or pushes[0].flow.transport != "webhook" \
            or pushes[0].target is None or pushes[0].target.dialect is not None:
        return None
    system = spec.system(pushes[0].flow.mail_person)
    found = entry_id(system) if system is not None else None
    dialect = DIALECTS.get(found) if found else None
    payload = PAYLOADS.get(dialect.id) if dialect is not None else None
    return (dialect, payload) if dialect is not None and payload is not None else None


STRIPE_OBJECT = "customer"  # the stand-in of the Stripe dialect's OBJECT constant
STRIPE_API_VERSION = "2024-06-20"  # made up for the mock: the account's API version


def _digest(*parts: object, size: int = 24) -> str:
    """A made-up id that is the same for the same parts (so both engines see one run)."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:size]


def _uuid(*parts: object) -> str:
    h = _digest(*parts, size=32)
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def vendor_record(payload: Payload, record: dict[str, Any], n: int) -> dict[str, Any]:
    """The record as the vendor writes it: WooCommerce's carries date_modified_gmt,
    Shopify's updated_at, Stripe's its object name."""
    if payload is PAYLOADS["woocommerce"]:
        return {**record, "date_modified_gmt": timestamp(n).removesuffix("Z")}
    if payload is PAYLOADS["shopify"]:
        return {**record, "updated_at": timestamp(n).replace("Z", "+00:00")}
    if payload.style == "event":
        return {"id": record.get("id"), "object": STRIPE_OBJECT,
                **{k: v for k, v in record.items() if k != "id"}}
    if payload.style == "soap":  # a Salesforce sObject: its fields, its Id Salesforce's
        return sobject_fields(record, n, "record")
    if payload.style == "batch":  # a HubSpot event: the object's id and one changed property
        name, value = next(((k, v) for k, v in record.items() if k != "id"), ("email", None))
        return {"eventId": 1000 + n, "subscriptionId": 12345, "portalId": 62515,
                "appId": 54321, "occurredAt": (1714550400 + n * 60) * 1000,
                "subscriptionType": "contact.propertyChange", "attemptNumber": 0,
                "objectId": 500 + n, "propertyName": name, "propertyValue": value,
                "changeSource": "CRM"}
    return dict(record)


def delivery(payload: Payload, flow: str, record: dict[str, Any], n: int, send: int
             ) -> tuple[Any, dict[str, str]]:
    """The body and headers (besides the signature) the vendor sends for record n; `send`
    counts the requests, so what changes between two deliveries of one event (WooCommerce's
    delivery id) changes, and what does not (an event id) stays."""
    when = 1714550400 + n * 60  # the event's time, Unix seconds: timestamp(n)
    stand_ins = dict(payload.stand_ins)
    if payload.style == "soap":  # one Notification a message here, its Id the same again
        return notifications_xml(example_message(flow, [(n, record)])), \
            {"Content-Type": CONTENT_TYPE}
    if payload.style == "event":
        fields = [k for k in record if k not in ("id", "object")]
        body = {"id": f"evt_{_digest(flow, n)}", "object": "event",
                "api_version": STRIPE_API_VERSION, "created": when,
                "data": {"object": record,
                         "previous_attributes": ({fields[0]: f"(before) {record[fields[0]]}"}
                                                 if fields else {})},
                "livemode": False, "pending_webhooks": 1,
                "request": {"id": None, "idempotency_key": None},
                "type": f"{STRIPE_OBJECT}.updated"}
        return body, {}
    if payload.style == "batch":  # one event a request here; a retry counts its attempt
        return [{**record, "attemptNumber": 0 if send == n else 1}], {}
    headers = {name: stand_ins.get(name, "") for name in payload.headers
               if name in stand_ins}
    if payload.delivery_header == "X-Shopify-Webhook-Id":
        headers.update({"X-Shopify-Webhook-Id": _uuid(flow, "delivery", n),
                        "X-Shopify-Event-Id": _uuid(flow, "event", n),
                        "X-Shopify-Triggered-At": timestamp(n)})
    elif payload.delivery_header is not None:  # Zendesk
        headers[payload.delivery_header] = str(8350205582 + n)
    if "X-WC-Webhook-Delivery-ID" in payload.headers:
        headers["X-WC-Webhook-Delivery-ID"] = _digest(flow, "delivery", send, size=32)
    return record, headers


def request_state(body: Any, headers: dict[str, str], path: str) -> dict[str, Any]:
    """The input state Lightning makes of a webhook request: the body under data, the
    request's method, path, headers (lower-case names, as Plug gives them) and query
    under request (docs.openfn.org's Input and output state, Webhook triggered runs)."""
    if isinstance(body, list):  # Plug's JSON parser: "JSON arrays are parsed into a "_json" key"
        body = {"_json": body}
    elif isinstance(body, str):  # SOAP text: Lightning's Plug.Parsers would pass it unread,
        body = {"soap": body}    # so the relay in front of the trigger forwards it as JSON
    return {"data": body,
            "request": {"method": "POST", "path": [p for p in path.split("/") if p],
                        "headers": {k.lower(): v for k, v in headers.items()},
                        "query_params": {}}}
