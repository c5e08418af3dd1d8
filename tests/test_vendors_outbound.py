"""Salesforce outbound messages as Salesforce sends them (mailroom.vendors.outbound): a
SOAP notifications message with several Notifications, what a stakeholder typed escaped
in it, read back field for field; the mock receiver checks the organisation id, keeps a
notification once by its Notification Id and answers notificationsResponse Ack true; a
message without an Ack is sent again, as Salesforce resends it."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

from mailroom.simulate.mocks import FaultPlan, Journal, MockServer
from mailroom.simulate.vendor_salesforce_outbound import (
    OutboundReceiverRoute,
    post_until_acknowledged,
)
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
