"""Salesforce outbound messages, as Salesforce documents them: a SOAP 1.1 message whose
body is a `notifications` element in the http://soap.sforce.com/2005/09/outbound namespace
(OrganizationId, ActionId, SessionId, EnterpriseUrl, PartnerUrl, then up to 100
`Notification` elements, each an `Id` and an `sObject` of the object's type holding the
fields chosen in Setup), answered by a `notificationsResponse` whose `Ack` is true; an
unacknowledged message is resent for up to 24 hours, and one may arrive more than once,
its Notification Id telling the repeat. Made here (for the mock sender) and read here
(for the mock receiver and the Python engine), every value escaped."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

WSDL_PAGE = ("https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/"
             "sforce_api_om_outboundmessaging_wsdl.htm")
NOTIFICATIONS_PAGE = ("https://developer.salesforce.com/docs/atlas.en-us.246.0.api.meta/api/"
                      "sforce_api_om_outboundmessaging_notifications.htm")
SECURITY_PAGE = ("https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/"
                 "sforce_api_om_outboundmessaging_security.htm")

OUTBOUND_NS = "http://soap.sforce.com/2005/09/outbound"
SOBJECT_NS = "urn:sobject.enterprise.soap.sforce.com"  # the sObject's fields (ens)
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CONTENT_TYPE = "text/xml; charset=utf-8"  # SOAP 1.1 travels as text/xml
MAX_NOTIFICATIONS = 100  # the WSDL's maxOccurs="100"

# What each fact rests on, as Salesforce's pages say it.
QUOTES = {
    "shape": (WSDL_PAGE, '<element name="Notification" maxOccurs="100" '
                         'type="tns:OpportunityNotification" />'),
    "ack": (WSDL_PAGE, "This element is the schema for sending an acknowledgment (ack) "
                       "response to Salesforce."),
    "ack_all": (WSDL_PAGE, "You acknowledge all notifications in the message if there's "
                           "more than one."),
    "repeat": (WSDL_PAGE, "Use the object ID to track redelivery attempts of notifications "
                          "you've already processed."),
    "resend": (NOTIFICATIONS_PAGE, "If the endpoint is unavailable, messages stay in the "
                                   "queue until sent successfully, or until they’re 24 "
                                   "hours old."),
    "twice": (NOTIFICATIONS_PAGE, "While each message is usually delivered one time, it "
                                  "can sometimes be delivered more than one time."),
    "security": (SECURITY_PAGE, "To use outbound messaging, ensure that no third party can "
                                "send messages to the endpoint while pretending to be from "
                                "Salesforce."),
}

# A Salesforce field's API name: a letter, then letters, digits and underscores.
FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


OBJECT = "TODO_Object"  # the object an outbound message is defined on: the spec does not
#                         name it (the Salesforce dialect's stand-in too)


def salesforce_id(prefix: str, *parts: object) -> str:
    """A made-up 18-character Salesforce id with the key prefix of its kind (00D an
    organisation, 04l a notification, 04k an action), the same for the same parts."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest().upper()
    return (prefix + digest)[:18]


def sobject_fields(record: dict[str, Any], n: int, flow: str) -> dict[str, Any]:
    """A made-up record as an sObject's fields: its Id a Salesforce id; the spec's field
    names standing in for the fields chosen in Setup (one that cannot be a Salesforce
    field name stands as Field_<i>)."""
    fields: dict[str, Any] = {"Id": salesforce_id("006", flow, "record", n)}
    for i, (name, value) in enumerate(((k, v) for k, v in record.items() if k != "id"), 1):
        fields[name if FIELD_NAME.match(name) else f"Field_{i}"] = value
    return fields


def example_message(flow: str, notes: list[tuple[int, dict[str, Any]]]) -> Message:
    """A made-up message from one organisation and one action, a Notification for each
    (number, sObject fields), its Id the same for the same number (a redelivery's too)."""
    org = salesforce_id("00D", flow, "organisation")
    base = f"https://example.my.salesforce.com/services/Soap/{{}}/62.0/{org}"
    return Message(org, salesforce_id("04k", flow, "action"), None, base.format("c"),
                   base.format("u"),
                   [Notification(salesforce_id("04l", flow, "notification", n), OBJECT, f)
                    for n, f in notes])


class OutboundError(ValueError):
    """What a received message lacks, in words a transcript can show."""


@dataclass
class Notification:
    id: str  # the Notification's Id: the same on every delivery of it
    object_type: str  # the sObject's type (xsi:type without its prefix), when given
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Message:
    organization_id: str
    action_id: str
    session_id: str | None
    enterprise_url: str
    partner_url: str
    notifications: list[Notification]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _field_xml(name: str, value: Any) -> str:
    if not FIELD_NAME.match(name):
        raise OutboundError(f"field {name!r} is not a Salesforce field name (a letter, then "
                            "letters, digits and underscores), so it cannot be an element of "
                            "the sObject")
    if value is None:
        return f'<sf:{name} xsi:nil="true"/>'
    return f"<sf:{name}>{escape(_text(value))}</sf:{name}>"


def notifications_xml(message: Message) -> str:
    """The SOAP message Salesforce posts: every value escaped, a field without a value
    sent as xsi:nil, the sObject typed with xsi:type as the WSDL types it."""
    if not 1 <= len(message.notifications) <= MAX_NOTIFICATIONS:
        raise OutboundError(f"a message holds 1 to {MAX_NOTIFICATIONS} notifications, not "
                            f"{len(message.notifications)}")
    items = []
    for note in message.notifications:
        if not FIELD_NAME.match(note.object_type):
            raise OutboundError(f"object type {note.object_type!r} is not a Salesforce "
                                "object name")
        fields = "".join(_field_xml(k, v) for k, v in note.fields.items())
        items.append(f"<Notification><Id>{escape(note.id)}</Id>"
                     f"<sObject xsi:type={quoteattr('sf:' + note.object_type)} "
                     f"xmlns:sf={quoteattr(SOBJECT_NS)}>{fields}</sObject></Notification>")
    session = (f"<SessionId>{escape(message.session_id)}</SessionId>"
               if message.session_id is not None else '<SessionId xsi:nil="true"/>')
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<soapenv:Envelope xmlns:soapenv={quoteattr(SOAP_NS)} '
            f'xmlns:xsi={quoteattr(XSI_NS)}><soapenv:Body>'
            f"<notifications xmlns={quoteattr(OUTBOUND_NS)}>"
            f"<OrganizationId>{escape(message.organization_id)}</OrganizationId>"
            f"<ActionId>{escape(message.action_id)}</ActionId>{session}"
            f"<EnterpriseUrl>{escape(message.enterprise_url)}</EnterpriseUrl>"
            f"<PartnerUrl>{escape(message.partner_url)}</PartnerUrl>"
            f"{''.join(items)}</notifications></soapenv:Body></soapenv:Envelope>")


def _parse(text: str | bytes) -> ET.Element:
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    if "<!DOCTYPE" in raw.upper():  # SOAP 1.1: a message must not hold a DTD; no entities
        raise OutboundError("the message holds a document type declaration, which SOAP "
                            "does not allow")
    try:
        return ET.fromstring(raw.encode())
    except ET.ParseError as error:
        raise OutboundError(f"the body is not XML ({error})") from None


def _child(parent: ET.Element, name: str, ns: str = OUTBOUND_NS) -> ET.Element:
    found = parent.find(f"{{{ns}}}{name}")
    if found is None:
        raise OutboundError(f"no {name} element in {parent.tag.split('}')[-1]}")
    return found


def _nil(element: ET.Element) -> bool:
    return element.get(f"{{{XSI_NS}}}nil") == "true"


def read_notifications(text: str | bytes) -> Message:
    """The message as the receiver reads it; OutboundError says what is missing."""
    root = _parse(text)
    if root.tag != f"{{{SOAP_NS}}}Envelope":
        raise OutboundError("the body is not a SOAP 1.1 envelope")
    body = _child(root, "Body", SOAP_NS)
    top = body.find(f"{{{OUTBOUND_NS}}}notifications")
    if top is None:
        raise OutboundError(f"the SOAP body holds no notifications element in {OUTBOUND_NS}")
    notes = []
    for item in top.findall(f"{{{OUTBOUND_NS}}}Notification"):
        sobject = _child(item, "sObject")
        kind = (sobject.get(f"{{{XSI_NS}}}type") or "").split(":")[-1]
        fields: dict[str, Any] = {}
        for element in sobject:
            fields[element.tag.split("}")[-1]] = None if _nil(element) else (element.text or "")
        notes.append(Notification((_child(item, "Id").text or "").strip(), kind, fields))
    if not notes:
        raise OutboundError("the message holds no Notification")
    if not all(n.id for n in notes):
        raise OutboundError("a Notification has no Id to tell a redelivery by")
    session = _child(top, "SessionId")
    return Message((_child(top, "OrganizationId").text or "").strip(),
                   (_child(top, "ActionId").text or "").strip(),
                   None if _nil(session) else (session.text or ""),
                   _child(top, "EnterpriseUrl").text or "", _child(top, "PartnerUrl").text or "",
                   notes)


def message_words(text: str | bytes) -> str:
    """What a message carries, in Salesforce's words (for a transcript)."""
    try:
        message = read_notifications(text)
    except OutboundError as error:
        return f"(not an outbound message: {error})"
    ids = ", ".join(n.id for n in message.notifications)
    kinds = ", ".join(dict.fromkeys(n.object_type for n in message.notifications))
    return f"SOAP notifications, {len(message.notifications)} Notification(s) of {kinds}: {ids}"


def ack_xml(ack: bool = True) -> str:
    """The answer Salesforce waits for: notificationsResponse with Ack."""
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f"<soapenv:Envelope xmlns:soapenv={quoteattr(SOAP_NS)}><soapenv:Body>"
            f"<notificationsResponse xmlns={quoteattr(OUTBOUND_NS)}>"
            f"<Ack>{'true' if ack else 'false'}</Ack></notificationsResponse>"
            "</soapenv:Body></soapenv:Envelope>")


def read_ack(text: Any) -> bool:
    """Whether an answer acknowledges the message: only a SOAP notificationsResponse whose
    Ack is true does (an HTTP 200 with any other body does not)."""
    if not isinstance(text, (str, bytes)) or not text:
        return False
    try:
        root = _parse(text)
        body = _child(root, "Body", SOAP_NS)
        response = _child(body, "notificationsResponse")
        value = (_child(response, "Ack").text or "").strip()
    except OutboundError:
        return False
    return value in ("true", "1")  # xsd:boolean's two spellings of true
