"""Systems and their mailboxes, and who builds which side of each flow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.derive import roles
from mailroom.document.parts import yes_no

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec, System


@dataclass(frozen=True)
class SystemView:
    """One system as the document's table of systems shows it."""

    name: str
    kind: str | None
    owner: str | None
    interface: str | None
    run_by: str | None  # ours, another organisation's, a platform
    api: str | None
    events: str | None
    skills: str | None


@dataclass(frozen=True)
class Responsibility:
    """Who does what for a flow: a system's role and the work it brings."""

    flow: str
    role: str  # mail person, mailbox, business logic
    system: str
    work: str
    owner: str | None
    skills: str | None


def system_views(spec: Spec) -> list[SystemView]:
    return [
        SystemView(
            name=system.label,
            kind=system.kind,
            owner=system.owner,
            interface=system.interface,
            run_by=_run_by(system),
            api=yes_no(system.api),
            events=yes_no(system.events),
            skills="Not needed (integration platform)" if system.platform
            else yes_no(system.skills),
        )
        for system in spec.systems
    ]


def _run_by(system: System) -> str | None:
    if system.third_party is None:
        return "Integration platform" if system.platform else None
    who = "Another organisation" if system.third_party else "Us"
    return who + (" (integration platform)" if system.platform else "")


def interface_notes(spec: Spec) -> list[str]:
    """Which mailboxes exist, which are missing, and what adding one means."""
    notes = []
    for system in spec.systems:
        mailbox_of = [f.id for f in spec.flows if roles(f).mailbox == system.id]
        as_mailbox = ("the mailbox of " + ", ".join(f"flow {i}" for i in mailbox_of)
                      if mailbox_of else "")
        if system.api is True:
            offers = (f"{system.label}: {system.interface} exists" if system.interface
                      else f"{system.label} has a usable interface (not described yet)")
            text = offers + "; " + (
                f"it is {as_mailbox}." if as_mailbox else "no flow here uses it as a mailbox.")
        elif system.api is False and mailbox_of:
            text = (f"{system.label} has no usable interface for this data, yet it is "
                    f"{as_mailbox}. Adding one means building and maintaining an API, folder or "
                    "table in it, at a cost the business purpose must justify; or the roles "
                    f"can be swapped so that {system.label} becomes the mail person.")
        elif system.api is False:
            text = (f"{system.label} has no usable interface, and needs none here: it is never "
                    "the mailbox; its own code carries the data out.")
        else:
            text = (f"Whether {system.label} offers a usable interface is not decided yet"
                    + (f"; it is {as_mailbox}." if as_mailbox else "."))
        notes.append(text)
    return notes


def responsibilities(spec: Spec, flow: Flow) -> list[Responsibility]:
    """Who builds the mail person's side, who keeps the mailbox, who holds the logic."""
    r = roles(flow)
    rows = []
    mail_person = spec.system(r.mail_person)
    if mail_person is not None:
        work = ("Configures the workflow that starts each exchange and carries the data; "
                "holds the credential" if mail_person.platform else
                "Writes and runs the code that starts each exchange and carries the data, with "
                "its retries; holds the credential")
        rows.append(Responsibility(flow.id, "Mail person", mail_person.label, work,
                                   mail_person.owner, _skills(mail_person)))
    mailbox = spec.system(r.mailbox)
    if mailbox is not None:
        if mailbox.api is False:
            work = "Has no interface for this data yet: one must be added"
        else:
            work = ("Provides and keeps the interface"
                    + (f" ({mailbox.interface})" if mailbox.interface else "")
                    + "; issues the credential")
        rows.append(Responsibility(flow.id, "Mailbox", mailbox.label, work, mailbox.owner,
                                   _skills(mailbox)))
    logic = spec.system(flow.business_logic)
    if logic is not None:
        rows.append(Responsibility(flow.id, "Business logic", logic.label,
                                   "Holds the mapping, transformation and decisions",
                                   logic.owner, _skills(logic)))
    return rows


def _skills(system: System) -> str | None:
    if system.platform:
        return "Not needed (platform)"
    return yes_no(system.skills, "Yes", "No")
