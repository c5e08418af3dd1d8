"""Salesforce's outbound messages on the wire (mailroom.vendors.outbound): the mock
receiver a message is posted to, which checks the organisation id, keeps each
notification once by its Notification Id and answers Salesforce's Ack; and Salesforce's
side, played by mailroom, which resends a message until an answer acknowledges it."""

from __future__ import annotations

import time

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, fault_answer
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, send
from mailroom.vendors.outbound import (
    CONTENT_TYPE,
    QUOTES,
    Message,
    OutboundError,
    ack_xml,
    message_words,
    notifications_xml,
    read_ack,
    read_notifications,
)

WORDS = ("takes Salesforce outbound messages (SOAP notifications, up to 100 a message); "
         "checks the organisation id in each; keeps a notification once by its "
         "Notification Id; answers a notificationsResponse with Ack true, as the "
         f"outbound messaging WSDL defines it ({QUOTES['ack'][0]})")


class OutboundReceiverRoute(DestinationRoute):
    """A receiver Salesforce posts outbound messages to. What Salesforce cannot be told
    apart by (an Idempotency-Key, a signature) it does not ask for: the organisation id
    is the check Salesforce documents that a message can carry."""

    kind = "destination"

    def __init__(self, path: str, caller: str, auth: AuthCheck | None, faults: FaultPlan,
                 label: str, organization_id: str) -> None:
        # faults keyed by the message's first Notification Id; deliveries by Notification Id
        super().__init__("POST", path, caller, auth, faults, label)
        self.organization_id = organization_id
        self.messages = 0
        self.words = WORDS
        self.vendor = True  # shaped like Salesforce's call, not the generic dialect
        self.sender_shaped = True  # ... though the receiver itself is no catalog system
        self.duplicate_words = ("notifications Salesforce delivered again, skipped by the "
                                f"mock of {label} by their Notification Id")

    def describe(self, request: Request) -> str:
        """What a request carried, in Salesforce's words (for the transcript)."""
        return message_words(request.raw)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        try:
            message = read_notifications(request.raw)
        except OutboundError as error:
            return _fault(500, f"not an outbound message: {error}")
        if message.organization_id != self.organization_id:
            return _fault(500, f"refused: OrganizationId {message.organization_id!r} is not "
                               "the organisation this receiver accepts; no Ack")
        status = self.faults.next(message.notifications[0].id)
        if status == 200:  # an injected answer that is no acknowledgment
            return Answer(200, ack_xml(False), {"Content-Type": CONTENT_TYPE},
                          note="injected: notificationsResponse Ack false, so Salesforce "
                               "sends it again")
        if status is not None:
            answer = fault_answer(status, f"{self.label} fails this message")
            answer.note = f"{answer.note}; no Ack, so Salesforce sends it again"
            return answer
        self.messages += 1
        kept, repeated = [], []
        for note in message.notifications:
            if any(d.key == note.id for d in self.deliveries):
                self.duplicates.append(note.id)
                repeated.append(note.id)
            else:
                self.deliveries.append(Delivery(note.id, note.fields))
                kept.append(note.id)
        said = f"{len(kept)} notification(s) kept"
        if repeated:
            said += (f", {len(repeated)} already kept by Notification Id "
                     f"({', '.join(repeated)}): skipped")
        return Answer(200, ack_xml(True), {"Content-Type": CONTENT_TYPE},
                      note=f"{said}; answered notificationsResponse Ack true")


def _fault(status: int, note: str) -> Answer:
    return Answer(status, None, note=note)


def post_until_acknowledged(url: str, message: Message, attempts: int, pause: float,
                            headers: dict[str, str] | None = None,
                            deadline: float | None = None) -> list[HttpAnswer]:
    """Salesforce's side: post the message, and post it again while the answer is not a
    notificationsResponse with Ack true (Salesforce keeps an unacknowledged message up to
    24 hours, retrying at growing intervals; here `attempts` times, `pause` seconds
    apart). Every answer, in order."""
    body = notifications_xml(message)
    answers: list[HttpAnswer] = []
    for _ in range(attempts):
        answer = send("POST", url, body=body, deadline=deadline,
                      headers={**(headers or {}), "Content-Type": CONTENT_TYPE})
        answers.append(answer)
        if answer.status == 200 and read_ack(answer.body):  # the XML, as text
            break
        time.sleep(pause)
    return answers
