"""Who is the mail person and who is the mailbox: stated, or inferred and from what.

This is the one place the roles are worked out. "It comes down to grammar. The
subject of the sentence (X will pull; X will push) initiates the integration. The
subject is the mail person." A role a stakeholder answered is *stated*. A role the
other answers leave no choice about is *inferred*, and says from what:

- a flow is one leg, so once one end is the mail person the other is the mailbox
  (and the other way round);
- a stated direction names the subject: push means the source, pull the destination;
- a webhook is the source calling a URL at the destination: the source pushes;
- an event happens in the source, and only the system where it happens can act on
  it at once: a flow started by an event is a push, so the source is the mail person.

Anything else stays unknown: an open question, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mailroom.spec.vocabulary import Direction

if TYPE_CHECKING:
    from mailroom.spec.model import Flow

Basis = Literal["stated", "inferred", "unknown"]
# What an inferred role follows from (see the module's docstring).
Reason = Literal["other-end", "direction", "webhook", "event"]


@dataclass(frozen=True)
class Role:
    """One end's role: the system (an id), and whether it was stated or inferred."""

    system: str | None
    basis: Basis
    reason: Reason | None = None  # for an inferred role

    @property
    def known(self) -> bool:
        return self.system is not None

    @property
    def inferred(self) -> bool:
        return self.basis == "inferred"


UNKNOWN = Role(None, "unknown")


@dataclass(frozen=True)
class Roles:
    """A flow's mail person and mailbox, and the direction they make."""

    mail_person: Role
    mailbox: Role
    direction: Direction | None  # None: undecided, or roles that do not add up
    other_end: str | None  # the end that is not the mail person (whatever the mailbox says)

    @property
    def inferred(self) -> bool:
        return self.mail_person.inferred or self.mailbox.inferred


def roles_of(flow: Flow) -> Roles:
    mail_person = _mail_person(flow)
    mailbox = _mailbox(flow, mail_person)
    other = other_end(flow, mail_person.system) if mail_person.system is not None else None
    return Roles(mail_person, mailbox, _direction(flow, mail_person.system, mailbox.system),
                 other)


def _mail_person(flow: Flow) -> Role:
    if flow.mail_person is not None:
        return Role(flow.mail_person, "stated")
    source, destination = flow.source, flow.destination
    if flow.mailbox is not None and source is not None and destination is not None:
        other = other_end(flow, flow.mailbox)
        return Role(other, "inferred", "other-end") if other is not None else UNKNOWN
    if flow.direction is not None:
        subject = source if flow.direction == "push" else destination
        return Role(subject, "inferred", "direction") if subject is not None else UNKNOWN
    if source is None:
        return UNKNOWN
    if flow.transport == "webhook":
        return Role(source, "inferred", "webhook")
    if flow.trigger == "event":
        return Role(source, "inferred", "event")
    return UNKNOWN


def _mailbox(flow: Flow, mail_person: Role) -> Role:
    if flow.mailbox is not None:
        return Role(flow.mailbox, "stated")
    if mail_person.system is None or flow.source is None or flow.destination is None:
        return UNKNOWN
    other = other_end(flow, mail_person.system)
    return Role(other, "inferred", "other-end") if other is not None else UNKNOWN


def other_end(flow: Flow, end: str) -> str | None:
    """The end of the flow that is not `end` (None when `end` is not one of two ends)."""
    if end == flow.source and end != flow.destination:
        return flow.destination
    if end == flow.destination and end != flow.source:
        return flow.source
    return None


def _direction(flow: Flow, mail_person: str | None, mailbox: str | None) -> Direction | None:
    """Push when the mail person is the source, pull when it is the destination; the
    mailbox must be the other end (an end still unknown cannot contradict it)."""
    if mail_person is None or mail_person == mailbox:
        return None
    if mail_person == flow.source and mailbox in (None, flow.destination or mailbox):
        return "push"
    if mail_person == flow.destination and mailbox in (None, flow.source or mailbox):
        return "pull"
    return None
