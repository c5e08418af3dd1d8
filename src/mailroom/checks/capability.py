"""Build risk: does the mailbox exist, and can someone build the mail person's side?

"What mailboxes exist? … If not, does the business purpose justify the cost of
adding that functionality to the API? What skill sets are available to you?"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule
from mailroom.facts.grammar import possessive

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts


@flow_rule("mailbox-missing", "warning", "mailbox")
def mailbox_missing(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """The mailbox must have a usable interface, or someone pays to add one."""
    side = flow.side("mailbox")
    if side is None or side.work != "interface":
        return None
    mailbox = facts.label(side.system)
    other = facts.label(flow.mail_person)
    return (
        f"{mailbox} is the mailbox, but it has no usable API or other interface for this "
        f"data. Someone must add one, at a cost. Decide: does the business purpose justify "
        f"building that interface in {mailbox}, or can the roles be swapped so that "
        f"{mailbox} becomes the mail person and uses {possessive(other)} interface instead?"
    )


@flow_rule("build-skills-missing", "warning", "mail_person")
def build_skills_missing(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Someone must be able to write the mail person's code (no skills and no platform is
    a risk)."""
    side = flow.side("mail person")
    if side is None or side.skills != "missing":
        return None
    name = facts.label(side.system)
    return (
        f"{name} is the mail person, so the code that moves this data is written in or for "
        f"{name}, and the team has no developers for it. Decide: hire or contract that skill, "
        "swap the roles so the side you can build does the work, or put an integration "
        f"platform in the middle (two flows) so no one codes in {name}."
    )


@flow_rule("business-logic-off-flow", "warning", "business_logic")
def business_logic_off_flow(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Business logic normally lives at one end of the flow, or in a platform."""
    spec_flow = flow.flow
    logic = facts.spec.system(spec_flow.business_logic)
    if logic is None or logic.id in (spec_flow.source, spec_flow.destination) or logic.platform:
        return None
    source, destination = facts.label(spec_flow.source), facts.label(spec_flow.destination)
    return (
        f"The mapping and decisions for this flow are placed in {logic.label}, which is neither "
        f"end of the flow nor an integration platform. Confirm that this is deliberate, or "
        f"place the logic in {source} or {destination}."
    )


@flow_rule("business-logic-no-skills", "warning", "business_logic")
def business_logic_no_skills(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """The system holding the business logic will be changed most; it needs people."""
    side = flow.side("business logic")
    if side is None or side.skills != "missing":
        return None
    name = facts.label(side.system)
    return (
        f"The business logic lives in {name}, but the team has no developers for {name}. "
        "Logic usually belongs in the system you have invested in most and will keep "
        "investing in. Decide whether to move it, or to get the skill."
    )


@flow_rule("foreign-database-write", "warning", "transport")
def foreign_database_write(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Writing straight into another organisation's database bypasses its validation and
    ties the integration to its schema."""
    mailbox = facts.spec.system(flow.mailbox)
    if flow.direction != "push" or mailbox is None or mailbox.third_party is not True:
        return None
    if flow.transport != "database":
        return None
    writer, owner = facts.label(flow.mail_person), mailbox.owner or "its owner"
    return (
        f"{writer} writes straight into {possessive(mailbox.label)} database, and another "
        f"organisation runs {mailbox.label}. Their application's validation is bypassed, "
        "so records it would refuse get in; each upgrade of their schema can break the "
        "integration without warning; and the database must be opened to "
        f"{writer} through their firewall. Decide: ask {owner} for an API or a folder to "
        "deliver into, so their own code checks and stores the data; or agree in writing "
        "which tables may be written, that schema changes are announced in time, and who "
        "opens the firewall."
    )
