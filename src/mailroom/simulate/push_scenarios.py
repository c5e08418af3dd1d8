"""Scenarios of pushes: events one by one (a repeated one among them), scheduled pushes,
and a source pushing into a platform's webhook trigger; the receiver URL registered first,
as the spec says."""

from __future__ import annotations

import json
import secrets
import time
import urllib.parse
from typing import Any

from mailroom.simulate.direct_webhooks import direct
from mailroom.simulate.mocks import FaultPlan
from mailroom.simulate.outbound_scenarios import (
    named_notifications,
    outbound_direct,
    relay_words,
    soap_messages,
)
from mailroom.simulate.routes import ReceiverRoute, RegistrationRoute
from mailroom.simulate.scenario import (
    SETTINGS,
    Expect,
    Run,
    Scenario,
    State,
    caller,
    credentials,
    destination,
    wire_keys,
)
from mailroom.simulate.step_tools import Context, idempotency_key, send, send_with_retries
from mailroom.simulate.steps import auth_headers
from mailroom.simulate.vendor_webhooks import received_key
from mailroom.simulate.world import World
from mailroom.stub.examples import example_record
from mailroom.stub.plan import Step, Workflow
from mailroom.stub.receive import (
    delivery,
    request_state,
    sender_payload,
    vendor_call,
    vendor_record,
)
from mailroom.stub.vendor import records_of, sender_signing
from mailroom.vendors.signing import sign_webhook, signed_over
from mailroom.vendors.webhooks import Payload


def push(world: World, workflow: Workflow) -> Scenario:
    called = _vendor_calls(world, workflow)
    if called is not None:
        return called
    pushes = [s for s in workflow.steps if s.kind == "push"]
    source = workflow.inbound.flow if workflow.inbound else pushes[0].flow
    records = [example_record(source, n) for n in range(1, 5)]
    sender = sender_payload(world.spec, workflow)
    if sender is not None:  # the records as the vendor writes them
        records = [vendor_record(sender[1], r, n) for n, r in enumerate(records, 1)]
    expect = Expect()
    for step in pushes:
        assert step.target is not None
        dialect = step.target.dialect
        keys = [idempotency_key(step.flow.id, r, records_of(workflow)) for r in records]
        if sender is not None and dialect is None:  # keyed by what receiveWebhook reads
            keys = [f"{step.flow.id}:{received_key(sender[1], source.id, r, n)}"
                    for n, r in enumerate(records, 1)]
        wire = wire_keys(workflow, step, keys, records)
        busy = dialect.transient_status if dialect is not None else 429
        refused = dialect.permanent_status if dialect is not None else 422
        faults = FaultPlan({wire[1]: busy, wire[2]: 500}, {wire[3]: refused})
        route = destination(world, step, faults)
        expect.stored.append((route, wire[:3]))
        # a repeat the job itself skips (it read the key there) never reaches the mock
        early = getattr(route, "skipped_by_the_job", "")
        expect.duplicates.append((route, 0 if early else 1))
        if early:
            expect.notes.append(early)
        expect.dead.append(keys[3])
        expect.retried += [(f"{route.label} answered {busy}", faults, wire[1]),
                           (f"{route.label} answered 500", faults, wire[2])]
    scenario = Scenario(workflow, [], expect, credentials(world, workflow))
    sends = [*records, records[0]]
    receiver = _receiving_step(workflow)
    url = world.server(receiver.target.system).url + receiver.target.endpoint.path \
        if receiver.target else ""
    if workflow.registration is not None:
        url = _register(world, workflow, scenario, receiver, url)
        if workflow.inbound is None and receiver.target is not None:
            scenario.credentials[receiver.target.credential.name]["baseUrl"] = _origin(url)
    if workflow.trigger.kind == "cron":
        scenario.runs = [Run("Run 1: a scheduled push", {"data": records[:3]}),
                         Run("Run 2: the next scheduled push", {"data": records[2:]})]
    elif workflow.inbound is not None:
        scenario.runs = _inbound(world, workflow, sends, scenario, url)
    else:
        scenario.runs = [_event_run(workflow, n, record) for n, record in enumerate(sends, 1)]
    return scenario


def _vendor_calls(world: World, workflow: Workflow) -> Scenario | None:
    """A catalog system calling a receiver that is not a platform, as it calls: played
    by mailroom, no job runs (Salesforce's outbound messages; the others' webhooks). The
    receiver URL gets into the vendor first, as the spec says."""
    called = vendor_call(world.spec, workflow)
    if called is None:
        return None
    step = _receiving_step(workflow)
    assert step.target is not None
    url = world.server(step.target.system).url + step.target.endpoint.path
    before = Scenario(workflow, [], Expect(), {})
    if workflow.registration is not None:
        url = _register(world, workflow, before, step, url)
    scenario = outbound_direct(world, workflow, url) if called[1].style == "soap" \
        else direct(world, workflow, *called, url)
    scenario.prelude[:0] = before.prelude
    return scenario


def _receiving_step(workflow: Workflow) -> Step:
    """The step whose target receives what is pushed: a platform's webhook trigger, or
    the first push's mailbox."""
    if workflow.inbound is not None:
        return workflow.inbound
    return next(s for s in workflow.steps if s.kind == "push")


def _event_run(workflow: Workflow, n: int, record: State) -> Run:
    what = workflow.trigger.when.removeprefix("when ")
    again = " again: a repeated delivery of the same event" if n == 5 else ""
    return Run(f"Event {n}: {what} ({record['id']}){again}", {"data": record})


def _inbound(world: World, workflow: Workflow, sends: list[State], scenario: Scenario,
             url: str) -> list[Run]:
    """The source pushes into the platform's webhook trigger; each request is a run."""
    assert workflow.inbound is not None and workflow.inbound.target is not None
    step, target = workflow.inbound, workflow.inbound.target
    leg = step.flow
    check = world.credential(target.credential, target.system, caller(world, leg))
    signed = sender_signing(world.spec, workflow)
    secret = secrets.token_hex(16)  # the signing secret, made up for this run only
    receiver = ReceiverRoute(target.endpoint.path, caller(world, leg), check,
                             signed[1] if signed else None, secret)
    world.server(target.system).add(receiver)
    config = world.configurations[(target.credential.name, target.system)]
    headers = auth_headers(Context(config, world.folder, world.deadline), step, SETTINGS)
    sender = caller(world, leg)
    shaped = sender_payload(world.spec, workflow)
    numbers = [*range(1, len(sends)), 1]  # the last request repeats the first event
    wire = [delivery(shaped[1], leg.id, record, n, i) if shaped else (record, {})
            for i, (record, n) in enumerate(zip(sends, numbers, strict=True), 1)]
    if shaped is not None and shaped[1].style == "soap":  # two notifications in one message
        wire = soap_messages(leg.id, sends)
    if signed is not None:
        # A delivery changed after it was signed: the signature no longer holds.
        raw = _raw(wire[0][0])
        send("POST", url, body=_raw(_forged(wire[0][0])).decode(),
             headers={**headers, "Content-Type": "application/json", **wire[0][1],
                      **sign_webhook(signed[1], secret, raw, int(time.time()), "POST", url)})
    for record, vendor_headers in wire:
        body: Any = record
        if isinstance(record, str):  # Salesforce's SOAP text: no key header, none signed
            extra = dict(vendor_headers)
        elif signed is None:
            extra = {"Idempotency-Key": idempotency_key(leg.id, record)}
        else:
            raw = _raw(record)
            body = raw.decode()
            extra = {"Content-Type": "application/json", **vendor_headers,
                     **sign_webhook(signed[1], secret, raw, int(time.time()), "POST", url)}
        send_with_retries("POST", url, SETTINGS, world.deadline, body=body,
                          headers={**headers, **extra})
    shape = "in the generic shape, not " + f"{sender}'s own payload format"
    if shaped is not None:
        shape = (f"in the shape {shaped[0].name} documents: "
                 f"{shaped[1].body}; {shaped[1].source}")
    if signed is None:
        scenario.prelude.append(
            f"{sender} pushes {len(wire)} times into {target.label}'s webhook "
            f"trigger (flow {leg.id}; played by mailroom: {sender}'s own side, not "
            f"part of this workflow, sending made-up records {shape}). Each request starts "
            "one run:")
    else:
        dialect, signing = signed
        scenario.prelude.append(
            f"{sender} pushes {len(wire) + 1} times into {target.label}'s webhook trigger "
            f"(flow {leg.id}; played by mailroom: {sender}'s own side, not part of this "
            f"workflow, sending made-up records {shape}, each signed as {dialect.name} "
            f"documents it: {signing.header}, {signing.signed}, with {signing.secret}; "
            f"{signing.source}).")
        scenario.prelude.append(
            f"The signatures were checked over {signed_over(signing)} by mailroom, standing in for "
            f"the check in front of {target.label}'s webhook trigger (which itself checks "
            f"only an API key or basic auth, sent here with each request as that check would "
            f"add it; the stub's README says where the check goes): "
            f"{receiver.verified} verified; {len(receiver.refused)} refused with 401 and "
            "started no run (" + "; ".join(receiver.refused) + "). Each accepted request "
            "starts one run:")
    if shaped is not None:
        scenario.prelude.insert(-1, _receiving_words(shaped[0].name, shaped[1]))
    if shaped is not None and shaped[1].style == "soap":
        scenario.prelude.insert(-1, relay_words(sender, target.label))
    return [Run(f"Run {n}: what {caller(world, leg)} sent ({_named(body)})"
                + (", sent again" if n == 5 else ""),
                request_state(body, _documented(shaped[1], headers), target.endpoint.path)
                if shaped else {"data": body})
            for n, (body, headers) in enumerate(zip(receiver.received, receiver.headers,
                                                    strict=True), 1)
            if isinstance(body, dict) or (shaped and isinstance(body, (list, str)))]


def _named(body: Any) -> str:
    """What a run's label names: the body's id, or a batch's events' object ids."""
    if isinstance(body, str):
        return named_notifications(body)
    if isinstance(body, list):
        return "events on " + ", ".join(str(e.get("objectId")) for e in body
                                        if isinstance(e, dict))
    return str(body.get("id"))


def _forged(body: Any) -> Any:
    """A delivery changed after it was signed."""
    if isinstance(body, list):
        return [{**e, "objectId": f"{e.get('objectId')}-forged"} for e in body]
    return {**body, "id": f"{body.get('id')}-forged"}


def _documented(payload: Payload, headers: dict[str, str]) -> dict[str, str]:
    """The headers of a request the vendor documents (and the content type): the trigger's
    own API key, which the request also carries, is kept out of the run's state."""
    names = {h.lower() for h in payload.headers} | {"content-type"}
    return {k: v for k, v in headers.items() if k.lower() in names}


def _receiving_words(name: str, payload: Payload) -> str:
    where = ".".join(payload.record) or "the body itself"
    if payload.style == "batch":
        where = f"each element of the array in state.data.{where} (each event a record)"
    todo = f" Marked in the job: {payload.todo}." if payload.todo else ""
    return (f"The first job's receiveWebhook reads the record from {where} and keys each "
            f"delivery by {payload.dedup}, as {name} documents it ({payload.dedup_source}): "
            f"the repeated delivery carries the key of the first, and the mailbox skips "
            f"it.{todo}")


def _register(world: World, workflow: Workflow, scenario: Scenario, receiver: Step,
              url: str) -> str:
    """Before any event, the receiver's URL gets into the source as the spec says; the
    URL the source will call is returned."""
    registration = workflow.registration
    assert registration is not None
    owner = world.spec.label(registration.registrar)
    source = world.spec.label(receiver.flow.mail_person)
    if registration.how == "api" and registration.api is not None:
        api = registration.api
        route = RegistrationRoute(api.endpoint.path, owner)
        world.server(api.system).add(route)
        send("POST", world.server(api.system).url + api.endpoint.path,
             body={"url": url, "events": [receiver.flow.flow.event or "changes"]})
        scenario.prelude.append(f"{owner} registers its receiver URL with {api.label}'s "
                                f"webhook API, and {source} calls the URL it was given:")
        return route.urls[-1] if route.urls else "http://127.0.0.1:9/not-registered"
    how = "is copied by hand into" if registration.how == "manual" else \
        "(registration not decided) is given by mailroom to"
    scenario.prelude.append(f"{owner}'s receiver URL {how} {source}'s settings.")
    return url


def _raw(record: State) -> bytes:
    """A record as the bytes a sender puts on the wire (what its signature is made over)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
