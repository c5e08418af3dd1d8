"""The mail person and the mailbox: the two ends of a flow, and who starts it.

"It comes down to grammar. The subject of the sentence — X will pull; X will
push — initiates the integration. The subject is the mail person."
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailroom.checks.registry import Finding, flow_rule, spec_rule
from mailroom.facts.grammar import REASON_WORDS, VERBS, possessive

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts


@flow_rule("source-is-destination", "error", "destination")
def source_is_destination(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """A flow moves data from one system to another."""
    spec, flow = facts.spec, flow_facts.flow
    if flow.source is not None and flow.source == flow.destination:
        return (
            f"The source and the destination are both {spec.label(flow.source)}; a flow moves "
            "data between two systems. Correct one of them, or drop the flow if it is work "
            "inside one system."
        )
    return None


@flow_rule("roles-same-system", "error", "mailbox")
def same_system(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """The mail person and the mailbox are two different systems."""
    spec, flow = facts.spec, flow_facts.flow
    if flow.mail_person is not None and flow.mail_person == flow.mailbox:
        return (
            f"{spec.label(flow.mail_person)} is both the mail person and the mailbox. The mail "
            "person is the system whose code starts the exchange; the mailbox is the other end, "
            "whose API or folder the data is put into or taken from. Decide which end is which."
        )
    return None


@flow_rule("roles-not-ends", "error", "mail_person")
def roles_not_ends(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """The mail person and the mailbox are the flow's source and destination."""
    spec, flow = facts.spec, flow_facts.flow
    ends = {flow.source, flow.destination} - {None}
    if len(ends) < 2:
        return None
    strays = [
        f"the {word} is {spec.label(value)}"
        for word, value in (("mail person", flow.mail_person), ("mailbox", flow.mailbox))
        if value is not None and value not in ends
    ]
    if not strays:
        return None
    return (
        f"This flow goes from {spec.label(flow.source)} to {spec.label(flow.destination)}, but "
        f"{' and '.join(strays)}. A flow is one leg: the mail person and the mailbox are its two "
        "ends. If a third system carries the data (a platform in the middle), describe it as "
        "two flows, one into the platform and one out of it."
    )


@flow_rule("direction-mismatch", "error", "direction")
def direction_mismatch(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """A stated push or pull must agree with who the mail person is."""
    spec, flow = facts.spec, flow_facts.flow
    derived = flow_facts.direction
    if flow.direction is None or derived is None or derived == flow.direction:
        return None
    mail_person = spec.label(flow_facts.mail_person)
    if flow.direction == "push":
        meant = f"{spec.label(flow.source)} pushes (it would be the mail person)"
    else:
        meant = f"{spec.label(flow.destination)} pulls (it would be the mail person)"
    return (
        f"The direction says {flow.direction}, but the mail person is {mail_person}, so "
        f"{mail_person} {VERBS[derived]}. These are different jobs for different developers. "
        f"Decide which sentence is true: “{mail_person} {VERBS[derived]}” (then the stated "
        f"direction becomes {derived}) or “{meant}” (then change the mail person and the "
        "mailbox)."
    )


@flow_rule("webhook-is-push", "error", "transport")
def webhook_is_push(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """A webhook is the source pushing to a URL; the destination cannot pull by webhook."""
    spec, flow = facts.spec, flow_facts.flow
    if "webhook-pull" not in flow_facts.contradictions:
        return None
    source, mail_person = spec.label(flow.source), spec.label(flow_facts.mail_person)
    return (
        f"A webhook is {source} calling a URL when something happens, so {source} is the mail "
        f"person and pushes. Here {mail_person} pulls. Decide: make {source} the mail person "
        "(a webhook push), or keep the pull and let the data travel another way: through "
        "an API, an SFTP folder or a database."
    )


@spec_rule("platform-not-mail-person", "warning")
def platform_not_mail_person(facts: SpecFacts) -> Iterator[Finding]:
    """A platform in the middle pushes its outbound legs itself (its inbound legs may be
    pushed to it by the source)."""
    spec = facts.spec
    for flow_facts in facts.flows:
        flow, mail_person = flow_facts.flow, flow_facts.mail_person
        system = spec.system(flow.source)
        if system is not None and system.platform and mail_person not in (None, flow.source):
            yield Finding(
                "warning",
                "platform-not-mail-person",
                f"{system.label} is an integration platform, yet {spec.label(mail_person)} pulls "
                f"from it. A platform in the middle usually carries the data itself and pushes "
                f"to the destination. Decide: let {system.label} push, or confirm that "
                f"{possessive(spec.label(mail_person))} developers will build this pull.",
                flow.id,
                "mail_person",
            )


@flow_rule("mail-person-inferred", "info", "mail_person")
def mail_person_inferred(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A mail person nobody stated, but the other answers leave no choice about, is
    inferred and said so: "a webhook from the source means the source pushes"."""
    role = flow.roles.mail_person
    if not role.inferred:
        return None
    name = facts.label(role.system)
    return (
        f"Nobody stated which system is the mail person; it is {name}, inferred: "
        f"{REASON_WORDS[role.reason or 'other-end']}. Confirm with the stakeholders that "
        f"{name} starts each exchange and carries the data, or change the answers it follows "
        "from."
    )
