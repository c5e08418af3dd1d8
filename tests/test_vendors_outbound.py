"""Salesforce outbound messages as Salesforce sends them (mailroom.vendors.outbound): a
SOAP notifications message with several Notifications, what a stakeholder typed escaped
in it, read back field for field; the mock receiver checks the organisation id, keeps a
notification once by its Notification Id and answers notificationsResponse Ack true; a
message without an Ack is sent again, as Salesforce resends it."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mailroom.simulate import WorkflowReport, simulate
from mailroom.simulate.mocks import FaultPlan, Journal, MockServer
from mailroom.simulate.transcript import transcript
from mailroom.simulate.vendor_salesforce_outbound import (
    OutboundReceiverRoute,
    post_until_acknowledged,
)
from mailroom.spec.reading import load_spec
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
