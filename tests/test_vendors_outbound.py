"""Salesforce outbound messages as Salesforce sends them (mailroom.vendors.outbound): a
SOAP notifications message with several Notifications, what a stakeholder typed escaped
in it, read back field for field; the mock receiver checks the organisation id, keeps a
notification once by its Notification Id and answers notificationsResponse Ack true; a
message without an Ack is sent again, as Salesforce resends it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.test_catalog import catalog_findings, webhook_from
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import WorkflowReport, simulate
from mailroom.simulate.mocks import FaultPlan, Journal, MockServer
from mailroom.simulate.transcript import transcript
from mailroom.simulate.vendor_salesforce_outbound import (
    OutboundReceiverRoute,
    post_until_acknowledged,
)
from mailroom.simulate.vendor_webhooks import receive
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.vendors.outbound import (
    OUTBOUND_NS,
    Message,
    Notification,
    OutboundError,
    ack_xml,
    notifications_xml,
    read_ack,
    read_notifications,
)
from mailroom.vendors.webhooks import PAYLOADS

ORG = "00D000000000001AAA"
TYPED = 'Müller & Söhne <GmbH> "quoted" \'single\' 東京 ]]> &amp;'


def _message(*notes: Notification, org: str = ORG) -> Message:
    return Message(org, "04k000000000001AAA", None,
                   "https://example.my.salesforce.com/services/Soap/c/62.0/" + org,
                   "https://example.my.salesforce.com/services/Soap/u/62.0/" + org,
                   list(notes))


def _note(n: int, **fields: object) -> Notification:
    return Notification(f"04l00000000000{n}AAA", "Opportunity",
                        {"Id": f"006000000000{n:03d}AAA", **fields})


def test_the_message_is_salesforces_soap_shape_with_every_typed_value_escaped():
    text = notifications_xml(_message(_note(1, Name=TYPED, Amount=12.5, IsWon=True,
                                            Description=None), _note(2, Name="second")))
    root = ET.fromstring(text.encode())  # well-formed, whatever was typed
    body = root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")
    assert body is not None
    top = body.find(f"{{{OUTBOUND_NS}}}notifications")
    assert top is not None
    assert [c.tag.split("}")[1] for c in top][:5] == \
        ["OrganizationId", "ActionId", "SessionId", "EnterpriseUrl", "PartnerUrl"]
    assert len(top.findall(f"{{{OUTBOUND_NS}}}Notification")) == 2
    assert "<GmbH>" not in text and "&lt;GmbH&gt;" in text and "&amp;amp;" in text
    got = read_notifications(text)
    assert got.organization_id == ORG and got.session_id is None
    assert [n.id for n in got.notifications] == ["04l000000000001AAA", "04l000000000002AAA"]
    first = got.notifications[0]
    assert first.object_type == "Opportunity"
    assert first.fields == {"Id": "006000000000001AAA", "Name": TYPED, "Amount": "12.5",
                            "IsWon": "true", "Description": None}


def test_a_field_name_that_cannot_be_an_element_is_refused_not_sent_broken():
    with pytest.raises(OutboundError, match="is not a Salesforce field name"):
        notifications_xml(_message(_note(1, **{"site address": "x"})))
    with pytest.raises(OutboundError, match="1 to 100 notifications"):
        notifications_xml(_message(*[_note(n) for n in range(101)]))


@pytest.mark.parametrize("text, why", [
    ('{"Id": 1}', "not XML"),
    ("<a/>", "not a SOAP 1.1 envelope"),
    ('<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', "document type declaration"),
    ('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>',
     "no notifications element"),
])
def test_what_is_not_an_outbound_message_is_refused_with_a_reason(text, why):
    with pytest.raises(OutboundError, match=why):
        read_notifications(text)


def test_only_a_notifications_response_with_ack_true_acknowledges():
    assert read_ack(ack_xml(True))
    assert not read_ack(ack_xml(False))
    assert not read_ack('{"ok": true}') and not read_ack("") and not read_ack(None)
    assert not read_ack("<ok/>")


@pytest.fixture
def receiver():
    journal = Journal()
    server = MockServer("crm", "Fieldly", journal, time.monotonic() + 30)
    faults = FaultPlan({"04l000000000003AAA": 500})
    route = OutboundReceiverRoute("/hooks/salesforce", "Salesforce", None, faults, "Fieldly",
                                  ORG)
    server.add(route)
    server.start()
    yield server, route, journal
    server.stop()


def test_the_receiver_acks_keeps_each_notification_once_and_a_missed_ack_is_resent(receiver):
    server, route, journal = receiver
    url = server.url + "/hooks/salesforce"
    first = post_until_acknowledged(url, _message(_note(1, Name=TYPED), _note(2)), 3, 0)
    assert [a.status for a in first] == [200] and read_ack(first[0].body)
    assert first[0].headers["content-type"].startswith("text/xml")
    # the message whose first answer is a 500 carries no Ack: Salesforce sends it again
    again = post_until_acknowledged(url, _message(_note(3), _note(1, Name=TYPED)), 3, 0)
    assert [a.status for a in again] == [500, 200] and read_ack(again[1].body)
    assert [d.key for d in route.deliveries] == \
        ["04l000000000001AAA", "04l000000000002AAA", "04l000000000003AAA"]
    assert route.deliveries[0].body["Name"] == TYPED
    assert route.duplicates == ["04l000000000001AAA"]  # the repeat, told by its Id
    assert "already kept by Notification Id" in journal.exchanges[-1].answer.note
    # a message from another organisation is not acknowledged
    other = post_until_acknowledged(url, _message(_note(4), org="00D999999999999AAA"), 2, 0)
    assert [a.status for a in other] == [500, 500] and not read_ack(other[-1].body)
    assert "OrganizationId" in journal.exchanges[-1].answer.note


SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "briefs" / "fieldly-salesforce.yaml"


def _salesforce_push(spec_text: str, tmp_path: Path) -> tuple[WorkflowReport, str]:
    path = tmp_path / "spec.yaml"
    path.write_text(spec_text, encoding="utf-8")
    report = simulate(load_spec(path).spec, engine="python", source=str(path))
    w = next(w for w in report.workflows if w.workflow.flows[0].id == "salesforce-to-fieldly")
    return w, " ".join(re.sub(r"-\n\s*", "-", transcript(report)).split())


def test_salesforce_pushing_into_a_receiver_sends_outbound_messages_not_json(tmp_path):
    w, out = _salesforce_push(SAMPLE.read_text(encoding="utf-8"), tmp_path)
    assert w.passed and w.outcomes == []  # Salesforce itself sends: no job runs
    sent = [e for e in w.prelude if e.request.method == "POST"]
    assert all(e.request.headers["content-type"].startswith("text/xml") for e in sent)
    assert not any("idempotency-key" in e.request.headers for e in sent)
    messages = [read_notifications(e.request.raw) for e in sent]
    assert [len(m.notifications) for m in messages] == [2, 1, 1, 1, 1, 1]  # 2 resent
    ids = [n.id for m in messages for n in m.notifications]
    assert ids[-1] == ids[0]  # the first notification delivered again
    assert [read_ack(e.answer.body) for e in sent] == [True, False, True, False, True, True]
    route = w.scenario.expect.stored[0][0]
    assert [d.key for d in route.deliveries] == list(dict.fromkeys(ids))
    assert route.duplicates == [ids[0]]
    assert "SOAP notifications, 2 Notification(s) of TODO_Object" in out
    assert "Fieldly's receiver URL (registration not decided) is given by mailroom to " \
        "Salesforce's settings" in out  # the URL gets in first, as for any push
    assert "notificationsResponse Ack false, so Salesforce sends it again" in out
    assert "already kept by Notification Id" in out
    assert "generic mock" not in out.split("Workflow fieldly-to-salesforce")[0]
    assert "Idempotency-Key" not in out.split("Workflow fieldly-to-salesforce")[0]


def test_a_spec_saying_json_or_a_key_is_told_what_salesforce_sends_instead(
        tmp_path):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "    trigger: event\n    event: an opportunity is closed as won\n",
        "    trigger: event\n    event: an opportunity is closed as won\n    format: json\n", 1)
    text = text.replace(  # the names as typed for Salesforce's side
        "    latency: 1 hour\n",
        "    latency: 1 hour\n    fields:\n"
        "      - {source_field: Amount, destination_field: amount}\n"
        "      - {source_field: '現場 <&\">', destination_field: site}\n", 1)
    text = text.replace("      method: null ", "      method: api-key ", 1)
    w, out = _salesforce_push(text, tmp_path)
    assert w.passed  # no key sent, none asked for: the organisation id is checked
    assert not any("x-api-key" in e.request.headers for e in w.prelude)
    assert "The spec says api-key for flow salesforce-to-fieldly, which an outbound " \
        "message cannot carry" in out
    assert "The spec says json for flow salesforce-to-fieldly; Salesforce's outbound " \
        "messages are SOAP XML whatever it says" in out
    first = read_notifications(w.prelude[0].request.raw).notifications[0]
    assert set(first.fields) == {"Id", "Amount", "Field_2"}
    assert "Field_<i> where a name cannot be a Salesforce field name" in out


PLATFORM_SPEC = """spec: 1
title: Salesforce outbound messages into a platform
systems:
  - {id: sf, catalog: salesforce, name: Salesforce, api: true, events: true}
  - {id: hub, name: Hub, api: true, platform: true, interface_kind: webhook}
  - {id: erp, name: ERP, api: true}
flows:
  - {id: sf-in, data: "Opportunities (name, amount)", source: sf, destination: hub,
     mail_person: sf, mailbox: hub, trigger: event, event: an opportunity is won,
     transport: webhook, auth: {method: api-key, credential_name: HOOK_SF}}
  - {id: sf-out, data: "Opportunities (name, amount)", source: hub, destination: erp,
     mail_person: hub, mailbox: erp, trigger: event, event: an opportunity arrives,
     transport: rest, auth: {method: api-key, credential_name: ERP_SF}}
"""


@pytest.fixture(scope="module")
def platform_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("outbound") / "spec.yaml"
    path.write_text(PLATFORM_SPEC, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def platform_python(platform_spec):
    return simulate(load_spec(platform_spec).spec, engine="python", source=str(platform_spec))


@pytest.fixture(scope="module")
def platform_openfn(openfn_modules, platform_spec):
    return simulate(load_spec(platform_spec).spec, engine="openfn", source=str(platform_spec),
                    openfn=Environment.from_os().openfn)


def test_into_a_platform_the_job_reads_the_soap_and_keys_by_notification_id(
        platform_python, platform_openfn):
    """On the OpenFn runtime the generated receiveWebhook parses the outbound message the
    relay forwards ({soap: <the XML>}), takes each sObject's fields and keys the push by
    the Notification Id, so Salesforce's redelivery is skipped; the Python engine agrees."""
    assert platform_python.failed == 0 and platform_openfn.failed == 0
    assert_same(platform_python, platform_openfn)
    (w,) = platform_openfn.workflows
    messages = [read_notifications(o.input["data"]["soap"]) for o in w.outcomes]
    assert [len(m.notifications) for m in messages] == [2, 1, 1, 1]  # two in the first
    assert messages[3].notifications[0].id == messages[0].notifications[0].id
    for message, outcome in zip(messages, w.outcomes, strict=True):
        notes = {f"sf-out:{n.id}": n.fields for n in message.notifications}
        sent = [e for e in outcome.exchanges if e.mailbox == "ERP"]
        assert {e.request.headers["idempotency-key"] for e in sent} == set(notes)
        for exchange in sent:
            key = exchange.request.headers["idempotency-key"]
            assert exchange.request.body["name"] == notes[key]["name"]
    assert "duplicate" in w.outcomes[3].exchanges[-1].answer.note
    out = " ".join(re.sub(r"-\n\s*", "-", transcript(platform_openfn)).split())
    assert "a relay in front of the trigger must answer the Ack and forward the SOAP text" in out
    first = messages[0].notifications[0].id
    second = messages[0].notifications[1].id
    assert f"SOAP notifications, 2 Notification(s) of TODO_Object: {first}, {second}" in out
    assert "keys each delivery by each Notification's Id" in out


def test_the_stubs_receiving_job_and_example_input_are_salesforces(platform_spec):
    loaded = load_spec(platform_spec)
    _, files = build_stub(loaded.spec, provenance(loaded))
    job = next(text for path, text in files.items()
               if path.endswith(".js") and "receiveWebhook" in text)
    assert "const OUTBOUND_NS = 'http://soap.sforce.com/2005/09/outbound';" in job
    assert "TODO(decide)" in " ".join(job.replace("//", "").split())
    example = json.loads(next(text for path, text in files.items()
                              if path.endswith("/input.example.json")))
    assert read_notifications(example["data"]["soap"]).notifications


def test_the_jobs_reader_gives_what_python_reads_on_node(tmp_path, platform_spec):
    """receiveWebhook on Node.js reads typed values (<, &, quotes, Japanese, a field
    without a value, another prefix) as the Python engine reads them."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node.js")
    loaded = load_spec(platform_spec)
    _, files = build_stub(loaded.spec, provenance(loaded))
    job = next(text for path, text in files.items()
               if path.endswith(".js") and "receiveWebhook" in text)
    start = job.index("const SENDER")
    end = job.index("\n}\n", job.index("function receiveWebhook")) + 3
    text = notifications_xml(_message(_note(1, Name=TYPED, Empty=None, Blank=""),
                                      _note(2, Name="二番目 & <b>")))
    text = text.replace("sf:", "ens:").replace("xmlns:sf=", "xmlns:ens=")
    state = {"data": {"soap": text}}
    module = tmp_path / "receive.mjs"
    module.write_text(job[start:end] + "\nconsole.log(JSON.stringify(receiveWebhook("
                      + json.dumps(state) + ")));\n", encoding="utf-8")
    done = subprocess.run([node, str(module)], capture_output=True, text=True, check=True)
    got = json.loads(done.stdout)
    python = receive(PAYLOADS["salesforce"], "Salesforce", state)
    assert got["data"] == python["data"] and got["webhook"]["keys"] == python["webhook"]["keys"]
    assert got["data"][0]["Name"] == TYPED and got["data"][0]["Empty"] is None


DIRECT_SPEC = """spec: 1
title: Vendor webhooks into our receiver
systems:
  - {id: pay, catalog: stripe, name: Stripe, api: true, events: true}
  - {id: shop, catalog: shopify, name: Shopify, api: true, events: true}
  - {id: woo, catalog: woocommerce, name: WooCommerce, api: true, events: true}
  - {id: desk, catalog: zendesk, name: Zendesk, api: true, events: true}
  - {id: hub, catalog: hubspot, name: HubSpot, api: true, events: true}
  - {id: crm, name: Homegrown CRM, api: true, events: true}
  - {id: zd, name: Zedd, api: true, interface_kind: webhook,
     interface: "webhook receiver (/hooks/in)"}
flows:
""" + "".join(
    f"  - {{id: {s}-in, data: \"Orders (order number, email)\", source: {s}, destination: zd,"
    f" mail_person: {s}, mailbox: zd, trigger: event, event: an order changes,"
    f" transport: webhook}}\n" for s in ("pay", "shop", "woo", "desk", "hub", "crm"))


def test_vendor_webhooks_into_a_receiver_are_the_vendors_and_repeats_told_by_its_id(
        tmp_path):
    """Into a receiver that is not a platform, Stripe, Shopify, WooCommerce, Zendesk and
    HubSpot send their own body, headers and signature; the mock keeps a delivery once by
    what the vendor documents; a sender without a described payload stays generic."""
    path = tmp_path / "direct.yaml"
    path.write_text(DIRECT_SPEC, encoding="utf-8")
    report = simulate(load_spec(path).spec, engine="python", source=str(path))
    assert report.failed == 0
    flows = {w.workflow.flows[0].id: w for w in report.workflows}
    for sender, catalog in (("pay", "stripe"), ("shop", "shopify"), ("woo", "woocommerce"),
                            ("desk", "zendesk"), ("hub", "hubspot")):
        w = flows[f"{sender}-in"]
        payload = PAYLOADS[catalog]
        sent = [e for e in w.prelude if e.request.method == "POST"]
        assert w.outcomes == [] and len(sent) == 6  # 5 deliveries, one resent after a 500
        assert not any("idempotency-key" in e.request.headers for e in sent)
        for name in payload.headers:  # the vendor's own headers, signature included
            assert all(name.lower() in e.request.headers for e in sent), (catalog, name)
        route = w.scenario.expect.stored[0][0]
        assert len(route.deliveries) == 4 and len(route.duplicates) == 1
        text = " ".join(re.sub(r"-\n\s*", "-", transcript(report)).split())
        assert f"tells a repeat by {payload.dedup}" in text
    stripe = [e.request.body for e in flows["pay-in"].prelude if e.request.method == "POST"]
    assert stripe[0]["object"] == "event" and stripe[-1]["id"] == stripe[0]["id"]
    woo = [e.request.headers for e in flows["woo-in"].prelude if e.request.method == "POST"]
    assert woo[0]["x-wc-webhook-delivery-id"] != woo[-1]["x-wc-webhook-delivery-id"]
    generic = flows["crm-in"]  # no catalog entry: the generic body and Idempotency-Key
    assert generic.outcomes and all("idempotency-key" in e.request.headers
                                    for o in generic.outcomes for e in o.exchanges)


def test_the_stub_readme_says_the_relay_not_salesforce_adds_the_triggers_key(platform_spec):
    loaded = load_spec(platform_spec)
    _, files = build_stub(loaded.spec, provenance(loaded))
    readme = " ".join(files["README.md"].split())
    assert "Salesforce sends it, from its credential" not in readme
    assert "Salesforce's outbound messages carry no key or token, so the relay in front of " \
        "it (which answers Salesforce's Ack and forwards the SOAP text) adds it" in readme
    assert "keys the delivery by each Notification's Id" in readme


def test_the_stub_says_salesforce_sends_its_calls_itself_not_the_job():
    loaded = load_spec(SAMPLE)
    _, files = build_stub(loaded.spec, provenance(loaded))
    readme = " ".join(files["README.md"].split())
    assert "Salesforce sends these calls itself, set up on its side, as its vendor " \
        "documents them: an outbound message" in readme
    assert "`mailroom simulate` plays Salesforce as documented instead of running it" in readme
    assert "runs them against a generic mock" not in readme  # it plays Salesforce


@pytest.mark.parametrize(("entry_id", "fmt", "warned"), [
    ("salesforce", "json", True),   # outbound messages are SOAP XML
    ("salesforce", "XML", False),
    ("stripe", "json", False),
    ("stripe", None, False),
])
def test_check_flags_a_webhook_format_the_caller_does_not_send(entry_id, fmt, warned):
    found = catalog_findings(webhook_from(entry_id, format=fmt))
    flagged = [m for c, f, m in found if (c, f) == ("catalog-callout", "format")]
    assert bool(flagged) == warned
    if warned:
        assert "are to be json, but the catalog says Salesforce sends them otherwise: " \
            "outbound messages: SOAP XML messages" in flagged[0]
