"""A catalog system's webhooks straight into a receiver that is not a platform (Stripe,
Shopify, WooCommerce, Zendesk or HubSpot calling the prospect's own endpoint): mailroom,
playing the vendor, sends the body, headers and signature the vendor documents
(mailroom.vendors.webhooks, stub.receive's delivery), resends a delivery that failed, and
delivers one event again; the receiver's mock checks the signature and tells a repeat by
what the vendor documents for it (its event or delivery id, or the record's version),
not by an Idempotency-Key the vendor never sends. No job of this workflow runs."""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, fault_answer
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.scenario import SETTINGS, Expect, Scenario, caller, credentials
from mailroom.simulate.step_tools import StepFailed, send_with_retries
from mailroom.simulate.vendor_webhooks import receive
from mailroom.simulate.world import World
from mailroom.stub.examples import example_record
from mailroom.stub.plan import Workflow
from mailroom.stub.receive import delivery, request_state, vendor_record
from mailroom.vendors import Dialect, Signing
from mailroom.vendors.signing import sign_webhook, signed_over, verify_webhook
from mailroom.vendors.webhooks import Payload


class VendorReceiverRoute(DestinationRoute):
    """The receiver a vendor's webhooks reach: checks the vendor's signature when it signs,
    and keeps each delivery once by the key the vendor documents for telling a repeat."""

    def __init__(self, path: str, caller: str, auth: AuthCheck | None, faults: FaultPlan,
                 label: str, payload: Payload, signing: Signing | None, secret: str) -> None:
        super().__init__("POST", path, caller, auth, faults, label)
        self.payload = payload
        self.signing = signing
        self.secret = secret
        self.sender = caller
        self.vendor = True  # what it reads is the vendor's own call
        self.sender_shaped = True
        self.duplicate_words = (f"repeated deliveries skipped by the mock of {label}, by "
                                f"{payload.dedup}")
        checked = (f"checks {signing.header} over {signed_over(signing)}; " if signing
                   else "")
        self.words = (f"takes {caller}'s webhooks as {caller} sends them; {checked}keeps a "
                      f"delivery once by {payload.dedup} (no Idempotency-Key: {caller} "
                      f"sends none); its own answers are mailroom's ({label} has no "
                      "catalog entry)")

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if self.signing is not None:
            url = f"http://{request.headers.get('host', '')}{request.path}"
            why = verify_webhook(self.signing, self.secret, request.raw, request.headers,
                                 int(time.time()), request.method, url)
            if why is not None:
                return Answer(401, {"error": "invalid signature"}, note=f"refused: {why}")
        try:
            got = receive(self.payload, self.sender,
                          request_state(request.body, request.headers, request.path))
        except StepFailed as error:
            return Answer(400, {"error": str(error)}, note=f"refused: {error}")
        records = got["data"] if isinstance(got["data"], list) else [got["data"]]
        keys: list[str] = got["webhook"]["keys"]
        status = self.faults.next(keys[0])
        if status is not None:
            return fault_answer(status, f"{self.label} fails this delivery")
        kept = 0
        for key, record in zip(keys, records, strict=True):
            if any(d.key == key for d in self.deliveries):
                self.duplicates.append(key)
            else:
                self.deliveries.append(Delivery(key, record))
                kept += 1
        if not kept:
            return Answer(200, {"duplicate": True},
                          note=f"duplicate: {', '.join(keys)} kept before; skipped")
        return Answer(200, {"received": kept}, note=f"stored, keyed by {', '.join(keys)}")


def direct(world: World, workflow: Workflow, dialect: Dialect, payload: Payload,
           url: str) -> Scenario:
    step = next(s for s in workflow.steps if s.kind == "push")
    assert step.target is not None
    target, flow = step.target, step.flow
    sender = caller(world, flow)
    records = [vendor_record(payload, example_record(flow, n), n) for n in range(1, 5)]
    numbers = [1, 2, 3, 4, 1]  # the last delivery repeats the first event
    wire = [delivery(payload, flow.id, records[n - 1], n, i)
            for i, n in enumerate(numbers, 1)]
    keys = [receive(payload, sender, request_state(body, headers, "/"))["webhook"]["keys"][0]
            for body, headers in wire[:4]]
    faults = FaultPlan({keys[2]: 500})
    faults.generic = False
    secret = secrets.token_hex(16)  # the signing secret, made up for this run only
    world.credential(target.credential, target.system, sender)  # the run's configuration
    route = VendorReceiverRoute(target.endpoint.path, sender, None, faults, target.label,
                                payload, dialect.signing, secret)
    world.server(target.system).add(route)
    for body, headers in wire:
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        signature: dict[str, Any] = {}
        if dialect.signing is not None:
            signature = sign_webhook(dialect.signing, secret, raw, int(time.time()), "POST",
                                     url)
        send_with_retries("POST", url, SETTINGS, world.deadline, body=raw.decode(),
                          headers={"Content-Type": "application/json", **headers,
                                   **signature})
    expect = Expect(stored=[(route, keys)], duplicates=[(route, 1)],
                    retried=[(f"{target.label} answered 500", faults, keys[2])])
    scenario = Scenario(workflow, [], expect, credentials(world, workflow))
    signed = (f", each signed as {dialect.name} documents it: {dialect.signing.header}, "
              f"{dialect.signing.signed}; {dialect.signing.source}"
              if dialect.signing is not None else "")
    todo = f" Open in the shape: {payload.todo}." if payload.todo else ""
    method = flow.flow.auth.method if flow.flow.auth is not None else None
    carried = (f" The spec names {method} for flow {flow.id}; {dialect.name}'s webhooks carry "
               "no such credential, so none is sent (the signature is what the receiver "
               "checks)." if method and dialect.signing is not None else "")
    scenario.prelude.append(
        f"{sender} calls {target.label} directly (flow {flow.id}; played by mailroom: "
        f"{sender} itself sends, so no job of this workflow runs): {len(wire)} webhooks "
        f"of made-up records in the shape {sender} documents: {payload.body}; "
        f"{payload.source}{signed}. A delivery answered 500 is sent again (mailroom's "
        f"resend stands in for {sender}'s retry schedule), and the last repeats the "
        f"first event. {target.label}'s mock tells a repeat by {payload.dedup}, as "
        f"{sender} documents it ({payload.dedup_source}).{todo}{carried}")
    return scenario
