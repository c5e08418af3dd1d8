"""Webhooks shaped like the vendor's (mailroom.vendors.webhooks): a catalog system pushing
into a platform's webhook trigger sends what its documentation says (Stripe an Event with
the record in data.object, Shopify and WooCommerce the resource with their headers,
Zendesk the body its trigger defines, HubSpot an array of events signed with its v3
signature), the generated receiving job reads the record from there and keys each delivery
by what the vendor documents for telling a redelivery (the event id, X-Shopify-Webhook-Id,
the record's version for WooCommerce, Zendesk's invocation id, HubSpot's object and moment),
the redelivery is skipped, and the Python engine does the same.

The OpenFn half needs Node.js and the OpenFn packages (MAILROOM_SKIP_OPENFN=1 skips it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.step_tools import StepFailed
from mailroom.simulate.transcript import transcript
from mailroom.simulate.vendor_webhooks import receive
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.stub.receive import request_state
from mailroom.vendors.signing import sign_webhook, verify_webhook
from mailroom.vendors.webhooks import HUBSPOT_SIGNING, PAYLOADS

# system id in the spec -> catalog entry
SENDERS = {"pay": "stripe", "shop": "shopify", "woo": "woocommerce", "desk": "zendesk",
           "hub": "hubspot"}


def _spec() -> str:
    systems = [f"  - {{id: {s}, catalog: {c}, name: {c.title()}, api: true, events: true}}"
               for s, c in SENDERS.items()]
    systems += [f"  - {{id: hub-{s}, name: Hub {s}, api: true, platform: true, "
                "interface_kind: webhook}" for s in SENDERS]
    flows = []
    for s in SENDERS:
        flows += [
            f"  - {{id: {s}-in, data: Orders (order number), source: {s}, "
            f"destination: hub-{s}, mail_person: {s}, mailbox: hub-{s}, trigger: event, "
            f"event: an order is paid, transport: webhook, "
            f"auth: {{method: api-key, credential_name: HOOK_{s.upper()}}}}}",
            f"  - {{id: {s}-out, data: Orders (order number), source: hub-{s}, "
            f"destination: erp, mail_person: hub-{s}, mailbox: erp, trigger: event, "
            f"event: an order arrives, transport: rest, "
            f"auth: {{method: api-key, credential_name: ERP_{s.upper()}}}}}"]
    return "\n".join(["spec: 1", "title: Vendor-shaped webhooks", "systems:", *systems,
                      "  - {id: erp, name: ERP, api: true}", "flows:", *flows, ""])


@pytest.fixture(scope="module")
def spec_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "webhooks.yaml"
    path.write_text(_spec())
    return path


@pytest.fixture(scope="module")
def python_report(spec_path) -> Report:
    return simulate(load_spec(spec_path).spec, engine="python", source=str(spec_path))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, spec_path) -> Report:
    return simulate(load_spec(spec_path).spec, engine="openfn", source=str(spec_path),
                    openfn=Environment.from_os().openfn)


def _workflow(report: Report, sender: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == f"{sender}-in")


def _to_erp(w: WorkflowReport) -> list[tuple[int, Any]]:
    """(run number, exchange) of every request the receiving job sent to ERP."""
    return [(n, e) for n, o in enumerate(w.outcomes, 1) for e in o.exchanges
            if e.mailbox == "ERP"]


def _inputs(w: WorkflowReport) -> list[dict[str, Any]]:
    return [o.input for o in w.outcomes]


def test_every_sender_passes_on_both_engines_with_the_same_deliveries(python_report,
                                                                      openfn_report):
    assert python_report.failed == 0
    assert_same(python_report, openfn_report)


def test_stripe_sends_an_event_and_the_job_delivers_data_object_keyed_by_the_event_id(
        openfn_report):
    w = _workflow(openfn_report, "pay")
    events = [i["data"] for i in _inputs(w)]
    assert all(e["object"] == "event" and e["id"].startswith("evt_")
               and e["type"] == "customer.updated" and e["data"]["object"]["object"] ==
               "customer" and "previous_attributes" in e["data"] for e in events)
    assert events[4] == events[0]  # the redelivery: the same event, the same id
    sent = _to_erp(w)
    for n, exchange in sent:
        event = events[n - 1]
        assert exchange.request.body == event["data"]["object"]  # the record, not the event
        assert exchange.request.headers["idempotency-key"] == f"pay-out:{event['id']}"
    last = [e for n, e in sent if n == 5]
    assert [e.answer.status for e in last] == [200] and "duplicate" in last[0].answer.note


def test_shopify_sends_the_resource_with_its_headers_keyed_by_the_webhook_id(openfn_report):
    w = _workflow(openfn_report, "shop")
    inputs = _inputs(w)
    for state in inputs:
        headers = state["request"]["headers"]
        assert {"x-shopify-topic", "x-shopify-hmac-sha256", "x-shopify-shop-domain",
                "x-shopify-api-version", "x-shopify-webhook-id",
                "x-shopify-triggered-at"} <= set(headers)
        assert "x-api-key" not in headers  # the trigger's own key stays out of the state
        assert "updated_at" in state["data"] and "object" not in state["data"]
    assert inputs[4]["request"]["headers"]["x-shopify-webhook-id"] == \
        inputs[0]["request"]["headers"]["x-shopify-webhook-id"]
    for n, exchange in _to_erp(w):
        state = inputs[n - 1]
        assert exchange.request.body == state["data"]
        assert exchange.request.headers["idempotency-key"] == \
            f"shop-out:{state['request']['headers']['x-shopify-webhook-id']}"
    assert w.outcomes[4].exchanges[-1].answer.status == 200


def test_woocommerce_redelivery_has_a_new_delivery_id_so_the_key_is_the_orders_version(
        openfn_report):
    w = _workflow(openfn_report, "woo")
    inputs = _inputs(w)
    first, again = (inputs[i]["request"]["headers"] for i in (0, 4))
    assert {"x-wc-webhook-source", "x-wc-webhook-topic", "x-wc-webhook-resource",
            "x-wc-webhook-event", "x-wc-webhook-id", "x-wc-webhook-delivery-id",
            "x-wc-webhook-signature"} <= set(first)
    assert first["x-wc-webhook-delivery-id"] != again["x-wc-webhook-delivery-id"]
    for n, exchange in _to_erp(w):
        order = inputs[n - 1]["data"]
        assert exchange.request.headers["idempotency-key"] == \
            f"woo-out:{order['id']}@{order['date_modified_gmt']}"
    assert "duplicate" in w.outcomes[4].exchanges[-1].answer.note


def test_zendesk_sends_what_its_trigger_defines_keyed_by_the_invocation_id(openfn_report):
    w = _workflow(openfn_report, "desk")
    inputs = _inputs(w)
    assert all(set(i["data"]) == {"id", "order_number"} for i in inputs)  # the spec's fields
    for n, exchange in _to_erp(w):
        invocation = inputs[n - 1]["request"]["headers"]["x-zendesk-webhook-invocation-id"]
        assert exchange.request.headers["idempotency-key"] == f"desk-out:{invocation}"
    assert "duplicate" in w.outcomes[4].exchanges[-1].answer.note


def test_the_transcript_names_the_vendors_shape_its_page_and_what_keys_a_delivery(
        python_report):
    out = " ".join(re.sub(r"-\n\s*", "-", transcript(python_report)).split())
    for catalog in SENDERS.values():
        payload = PAYLOADS[catalog]
        assert payload.source in out and payload.dedup_source in out
        assert f"keys each delivery by {payload.dedup}" in out
    assert "in the generic shape" not in out
    assert "X-HubSpot-Signature-v3 verified over the method, the URL, the raw body and the " \
        "timestamp" in out
    assert "Marked in the job: the body is what the Zendesk trigger's JSON body says" in out


def test_the_receiving_job_reads_the_vendors_shape_and_says_what_is_open(spec_path):
    loaded = load_spec(spec_path)
    _, files = build_stub(loaded.spec, provenance(loaded))
    jobs = {s: next(text for path, text in files.items()
                    if path.startswith(f"workflows/{c}-to-erp") and path.endswith(".js")
                    and "receiveWebhook" in text) for s, c in SENDERS.items()}
    assert 'const RECORD_PATH = ["data", "object"];' in jobs["pay"]
    assert 'const DELIVERY_FIELD = "id";' in jobs["pay"]
    assert "https://docs.stripe.com/webhooks#handle-duplicate-events" in jobs["pay"]
    assert 'const DELIVERY_HEADER = "x-shopify-webhook-id";' in jobs["shop"]
    assert "orders/updated stands in" in " ".join(jobs["shop"].replace("//", "").split())
    assert 'const KEY_FIELDS = ["id", "date_modified_gmt"];' in jobs["woo"]
    assert 'const RECORD_PATH = ["_json"];' in jobs["hub"]
    assert 'const KEY_FIELDS = ["objectId", "occurredAt"];' in jobs["hub"]
    zendesk = " ".join(jobs["desk"].replace("//", "").split())
    assert "TODO(mapping): the body is what the Zendesk trigger's JSON body says" in zendesk
    assert "TODO(verify)" in zendesk
    for job in jobs.values():
        assert job.index("fn(state => receiveWebhook(state))") < \
            job.index("fn(state => deliverRecords(state))")
    readme = " ".join(files["README.md"].split())
    for catalog in SENDERS.values():
        assert f"keys the delivery by {PAYLOADS[catalog].dedup}" in readme
    assert "forwards `X-Shopify-Webhook-Id` unchanged" in readme
    # the example input a developer runs the first job with is the vendor's webhook
    examples = {c: json.loads(next(text for path, text in files.items()
                                   if path.startswith(f"workflows/{c}-to-erp")
                                   and path.endswith("/input.example.json")))
                for c in SENDERS.values()}
    assert examples["shopify"]["request"]["headers"]["x-shopify-webhook-id"]
    assert examples["stripe"]["data"]["object"] == "event"


def test_a_delivery_without_what_keys_it_fails_the_run_with_a_reason():
    stripe, shopify = PAYLOADS["stripe"], PAYLOADS["shopify"]
    with pytest.raises(StepFailed, match="carries no record in data.object"):
        receive(stripe, "Stripe", request_state({"id": "evt_1", "object": "event"}, {}, "/"))
    with pytest.raises(StepFailed,
                       match=r"nothing to key the delivery by \(the X-Shopify-Webhook-Id"):
        receive(shopify, "Shopify", request_state({"id": 1}, {}, "/"))
    got = receive(shopify, "Shopify",
                  request_state({"id": 1}, {"X-Shopify-Webhook-Id": "b54557e4"}, "/i/x"))
    assert got["data"] == {"id": 1} and got["webhook"]["keys"] == ["b54557e4"]
    hubspot = PAYLOADS["hubspot"]
    events = [{"objectId": 7, "occurredAt": 1000}, {"objectId": 8, "occurredAt": 2000}]
    got = receive(hubspot, "HubSpot", request_state(events, {}, "/"))  # under data._json
    assert got["data"] == events and got["webhook"]["keys"] == ["7@1000", "8@2000"]
    with pytest.raises(StepFailed, match="nothing to key the delivery by"):
        receive(hubspot, "HubSpot", request_state([{"objectId": 7}], {}, "/"))


def test_hubspot_sends_an_array_of_events_keyed_by_object_and_moment(openfn_report):
    w = _workflow(openfn_report, "hub")
    inputs = _inputs(w)
    batches = [i["data"]["_json"] for i in inputs]  # a JSON array, as Plug hands it on
    assert all(isinstance(b, list) and {"eventId", "subscriptionId", "portalId", "appId",
                                         "occurredAt", "subscriptionType", "attemptNumber",
                                         "objectId", "changeSource"} <= set(b[0])
               for b in batches)
    assert {"x-hubspot-signature-v3", "x-hubspot-request-timestamp"} <= \
        set(inputs[0]["request"]["headers"])
    # the retry is not byte for byte the first (its attemptNumber counts), its key is
    assert batches[4][0]["attemptNumber"] == 1 and batches[0][0]["attemptNumber"] == 0
    for n, exchange in _to_erp(w):
        event = batches[n - 1][0]
        assert exchange.request.body == event
        assert exchange.request.headers["idempotency-key"] == \
            f"hub-out:{event['objectId']}@{event['occurredAt']}"
    assert "duplicate" in w.outcomes[4].exchanges[-1].answer.note


def test_hubspots_v3_check_in_the_stub_agrees_with_the_simulations(tmp_path, spec_path):
    """verify-signature.mjs for HubSpot, run on Node.js, holds the signature over the
    method, the URL (its listed characters decoded), the raw body and the timestamp, as
    mailroom signs it, and refuses a changed body, another URL and an old timestamp."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node.js")
    loaded = load_spec(spec_path)
    _, files = build_stub(loaded.spec, provenance(loaded))
    [code] = [text for path, text in files.items()
              if path.startswith("workflows/hubspot-") and path.endswith("verify-signature.mjs")]
    module = tmp_path / "verify.mjs"
    module.write_text(code)
    signing = HUBSPOT_SIGNING
    raw = json.dumps([{"objectId": 1, "propertyValue": "café & <b>"}]).encode()
    url = "https://example.org/i/hook?next=a%3Ab"
    now = int(time.time())
    cases = {
        "good": (raw, sign_webhook(signing, "s3cret", raw, now, "POST", url), now, url),
        "encoded-url": (raw, sign_webhook(signing, "s3cret", raw, now, "POST",
                                          "https://example.org/i/hook?next=a:b"), now, url),
        "changed": (raw + b" ", sign_webhook(signing, "s3cret", raw, now, "POST", url), now, url),
        "other-url": (raw, sign_webhook(signing, "s3cret", raw, now, "POST", url), now,
                      "https://example.org/i/other"),
        "old": (raw, sign_webhook(signing, "s3cret", raw, now - 301, "POST", url), now, url),
    }
    script = [f"import {{ verifySignature }} from {json.dumps(str(module))};",
              "const out = {};"]
    for case, (body, headers, when, at) in cases.items():
        lowered = {k.lower(): v for k, v in headers.items()}
        script.append(f"out[{json.dumps(case)}] = verifySignature("
                      f"Buffer.from({json.dumps(list(body))}), {json.dumps(lowered)}, "
                      f"'s3cret', {when}, 'POST', {json.dumps(at)});")
    script.append("console.log(JSON.stringify(out));")
    runner = tmp_path / "run.mjs"
    runner.write_text("\n".join(script))
    done = subprocess.run([node, str(runner)], capture_output=True, text=True, check=True)
    verdicts = json.loads(done.stdout)
    python = {case: verify_webhook(signing, "s3cret", body, headers, when, "POST", at)
              for case, (body, headers, when, at) in cases.items()}
    assert verdicts == python
    assert verdicts["good"] is None and verdicts["encoded-url"] is None
    assert verdicts["changed"] and verdicts["other-url"] and "older than 300" in verdicts["old"]
