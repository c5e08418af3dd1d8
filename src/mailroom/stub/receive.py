"""Which vendor-shaped webhook a workflow receives: the payload (mailroom.vendors.webhooks)
of the catalog system pushing into its webhook trigger, when that system's dialect
documents how it signs its webhooks and what they carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.stub.vendor import sender_signing
from mailroom.vendors.webhooks import PAYLOADS, Payload

if TYPE_CHECKING:
    from mailroom.spec.model import Spec
    from mailroom.stub.plan import Workflow
    from mailroom.vendors import Dialect


def sender_payload(spec: Spec, workflow: Workflow) -> tuple[Dialect, Payload] | None:
    """The sender's dialect and the shape of what it sends into the workflow's trigger."""
    found = sender_signing(spec, workflow)
    if found is None:
        return None
    payload = PAYLOADS.get(found[0].id)
    return (found[0], payload) if payload is not None else None
