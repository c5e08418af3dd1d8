"""Salesforce pushing straight into a receiver that is not a platform: Salesforce calls out
by outbound messages (mailroom.vendors.outbound), so mailroom, playing Salesforce, posts
SOAP messages of notifications (two notifications in the first), resends a message while
the answer carries no Ack true, and delivers one notification again, as Salesforce says
it may; the receiver's mock keeps each notification once by its Notification Id. No job
of this workflow runs: the sender is Salesforce itself, configured in its Setup."""

from __future__ import annotations

import dataclasses
from typing import Any

from mailroom.simulate.mocks import FaultPlan
from mailroom.simulate.scenario import SETTINGS, Expect, Scenario, caller, credentials
from mailroom.simulate.vendor_salesforce_outbound import (
    OutboundReceiverRoute,
    post_until_acknowledged,
)
from mailroom.simulate.world import World
from mailroom.stub.examples import example_record
from mailroom.stub.plan import Workflow
from mailroom.vendors.outbound import (
    CONTENT_TYPE,
    OBJECT,
    QUOTES,
    OutboundError,
    example_message,
    notifications_xml,
    read_notifications,
    sobject_fields,
)

ATTEMPTS = 3  # how often mailroom resends an unacknowledged message (Salesforce: 24 hours)


def outbound_direct(world: World, workflow: Workflow, url: str) -> Scenario:
    step = next(s for s in workflow.steps if s.kind == "push")
    assert step.target is not None
    target, flow = step.target, step.flow
    sender = caller(world, flow)
    records = [example_record(flow, n) for n in range(1, 5)]
    every = example_message(flow.id, [(n, sobject_fields(r, n, flow.id))
                                      for n, r in enumerate(records, 1)])
    org, notes = every.organization_id, every.notifications
    ids = [n.id for n in notes]
    faults = FaultPlan({ids[2]: 500, ids[3]: 200})  # 200: answered with Ack false
    faults.generic = False  # answered as Salesforce's listener must answer
    # An outbound message carries no key, token or signature: the receiver checks the
    # organisation id (and Salesforce's IP ranges or client certificate) instead; the
    # credential is registered for the run's configuration only.
    world.credential(target.credential, target.system, sender)
    route = OutboundReceiverRoute(target.endpoint.path, sender, None, faults, target.label,
                                  org)
    world.server(target.system).add(route)
    messages = [[notes[0], notes[1]], [notes[2]], [notes[3]], [notes[0]]]
    for group in messages:
        post_until_acknowledged(url, dataclasses.replace(every, notifications=group),
                                ATTEMPTS, SETTINGS["delayScale"], deadline=world.deadline)
    expect = Expect(stored=[(route, ids)], duplicates=[(route, 1)],
                    retried=[(f"{target.label} answered 500 (no Ack)", faults, ids[2]),
                             (f"{target.label} answered Ack false", faults, ids[3])])
    expect.notes.append("Salesforce never dead-letters: a message nobody acknowledges is "
                        "resent until it is 24 hours old, then dropped "
                        f"({QUOTES['resend'][0]}).")
    scenario = Scenario(workflow, [], expect, credentials(world, workflow))
    fmt = (flow.flow.format or "").lower()
    said = ""
    if fmt and fmt not in ("xml", "soap", "soap-xml"):
        said = (f" The spec says {flow.flow.format} for flow {flow.id}; Salesforce's "
                "outbound messages are SOAP XML whatever it says, so they are sent as "
                "SOAP here (check flags the flow's format).")
    method = flow.flow.auth.method if flow.flow.auth is not None else None
    if method:
        said += (f" The spec says {method} for flow {flow.id}, which an outbound message "
                 "cannot carry (no header of Salesforce's holds a key or a signature): none "
                 "is sent, and the mock does not ask for one.")
    scenario.prelude.append(
        f"{sender} calls out to {target.label} by outbound messages (flow {flow.id}; played "
        f"by mailroom: {sender} itself sends, configured in its Setup, so no job of this "
        f"workflow runs): {len(messages)} SOAP messages holding {len(notes)} "
        f"notifications of made-up {OBJECT} records (the object and its "
        "fields, chosen in Setup, are stand-ins: the spec's field names, Field_<i> where "
        "a name cannot be a Salesforce field name), the first message holding two; each "
        "message is sent again while the answer is not a notificationsResponse with Ack "
        "true (a 500, an Ack false), and the last delivers "
        f"the first notification again, as Salesforce says it may ({QUOTES['twice'][0]}). "
        f"{target.label}'s mock checks the OrganizationId, the check Salesforce documents "
        f"a message can carry besides its IP ranges and client certificate "
        f"({QUOTES['security'][0]}), and tells a repeat by its Notification Id "
        f"({QUOTES['repeat'][0]}).{said}")
    return scenario


def named_notifications(text: str) -> str:
    """What a run's label names for an outbound message: its Notification Ids."""
    try:
        message = read_notifications(text)
    except OutboundError as error:
        return f"no outbound message: {error}"
    return "Notification " + ", ".join(n.id for n in message.notifications)


def relay_words(sender: str, trigger: str) -> str:
    """What stands between Salesforce and a platform's trigger, said in the transcript."""
    return (f"{sender} waits for a notificationsResponse with Ack true "
            f"({QUOTES['ack'][0]}), which {trigger}'s webhook trigger never answers (Lightning "
            "answers with its own JSON), and Lightning's trigger reads only JSON, form and "
            "multipart bodies: a relay in front of the trigger must answer the Ack and "
            "forward the SOAP text as {soap: <the XML>}. mailroom stands in for it here "
            "(each request below is forwarded that way); the stub does not write it "
            "(TODO(decide) in the job).")


def soap_messages(flow: str, sends: list[dict[str, Any]]) -> list[tuple[str, dict[str, str]]]:
    """Salesforce's messages for records 1 to 4 and the first again (sObject fields):
    the first message holds notifications 1 and 2, as Salesforce batches them; the last
    delivers notification 1 again. Body and headers of each."""
    groups = [[1, 2], [3], [4], [1]]
    return [(notifications_xml(example_message(flow, [(n, sends[n - 1]) for n in group])),
             {"Content-Type": CONTENT_TYPE}) for group in groups]
