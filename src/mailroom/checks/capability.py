"""Build risk: does the mailbox exist, and can someone build the mail person's side?

"What mailboxes exist? … If not, does the business purpose justify the cost of
adding that functionality to the API? What skill sets are available to you?"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule
from mailroom.derive import roles

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec


@flow_rule("mailbox-missing", "warning", "mailbox")
def mailbox_missing(spec: Spec, flow: Flow) -> str | None:
    """The mailbox must have a usable interface, or someone pays to add one."""
    mailbox = spec.system(roles(flow).mailbox)
    if mailbox is None or mailbox.api is not False:
        return None
    other = spec.label(flow.destination if mailbox.id == flow.source else flow.source)
    return (
        f"{mailbox.label} is the mailbox, but it has no usable API or other interface for this "
        f"data. Someone must add one, at a cost. Decide: does the business purpose justify "
        f"building that interface in {mailbox.label}, or can the roles be swapped so that "
        f"{mailbox.label} becomes the mail person and uses {other}'s interface instead?"
    )


@flow_rule("build-skills-missing", "warning", "mail_person")
def build_skills_missing(spec: Spec, flow: Flow) -> str | None:
    """Someone must be able to write the mail person's code."""
    mail_person = spec.system(roles(flow).mail_person)
    if mail_person is None or mail_person.skills is not False or mail_person.platform:
        return None
    return (
        f"{mail_person.label} is the mail person, so the code that moves this data is written "
        f"in or for {mail_person.label}, and the team has no developers for it. Decide: hire or "
        "contract that skill, swap the roles so the side you can build does the work, or put an "
        "integration platform in the middle (two flows) so no one codes in "
        f"{mail_person.label}."
    )


@flow_rule("business-logic-off-flow", "warning", "business_logic")
def business_logic_off_flow(spec: Spec, flow: Flow) -> str | None:
    """Business logic normally lives at one end of the flow, or in a platform."""
    logic = spec.system(flow.business_logic)
    if logic is None or logic.id in (flow.source, flow.destination) or logic.platform:
        return None
    return (
        f"The mapping and decisions for this flow are placed in {logic.label}, which is neither "
        f"end of the flow nor an integration platform. Confirm that this is deliberate, or "
        f"place the logic in {spec.label(flow.source)} or {spec.label(flow.destination)}."
    )


@flow_rule("business-logic-no-skills", "warning", "business_logic")
def business_logic_no_skills(spec: Spec, flow: Flow) -> str | None:
    """The system holding the business logic will be changed most; it needs people."""
    logic = spec.system(flow.business_logic)
    if logic is None or logic.skills is not False or logic.platform:
        return None
    return (
        f"The business logic lives in {logic.label}, but the team has no developers for "
        f"{logic.label}. Logic usually belongs in the system you have invested in most and "
        "will keep investing in. Decide whether to move it, or to get the skill."
    )
