"""What follows for each system from the flows it takes part in: which of its answers
matter (an unknown that matters is an open question; one that does not is not asked),
and whether it is a platform in the middle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.middle import Middle
    from mailroom.spec.model import System


@dataclass(frozen=True)
class Answer:
    """A yes/no answer about a system, and whether any flow here depends on it."""

    value: bool | None
    needed: bool
    waits_on: str | None = None  # a flow whose undecided roles decide whether it is needed

    @property
    def open(self) -> bool:
        """Unknown, and it matters: an open question."""
        return self.value is None and self.needed


@dataclass(frozen=True)
class SystemFacts:
    system: System
    mailbox_of: tuple[str, ...]  # ids of the flows whose mailbox it is
    mail_person_of: tuple[str, ...]  # ids of the flows it carries
    api: Answer  # needed when it is a mailbox
    events: Answer  # needed when a flow from it may start on an event
    skills: Answer  # needed when it builds something: a mail person's side, the logic,
    # or an interface it lacks
    interface_needed: bool  # it is a mailbox whose interface (exists or may) is not described
    middle: Middle | None

    @property
    def id(self) -> str:
        return self.system.id

    @property
    def label(self) -> str:
        return self.system.label


def system_facts(system: System, flows: Sequence[FlowFacts],
                 middles: Sequence[Middle]) -> SystemFacts:
    mailbox_of = tuple(f.id for f in flows if f.mailbox == system.id)
    mail_person_of = tuple(f.id for f in flows if f.mail_person == system.id)
    # A flow whose roles are open, with this system at one end: it may be either role.
    open_roles = next((f.id for f in flows if f.mail_person is None
                       and system.id in (f.flow.source, f.flow.destination)), None)
    builds = bool(mail_person_of) or any(
        f.flow.business_logic == system.id for f in flows) or (
        bool(mailbox_of) and system.api is False)
    may_emit = any(f.flow.source == system.id and f.direction != "pull"
                   and f.flow.trigger in ("event", None) for f in flows)
    return SystemFacts(
        system=system,
        mailbox_of=mailbox_of,
        mail_person_of=mail_person_of,
        api=Answer(system.api, bool(mailbox_of), open_roles),
        events=Answer(system.events, may_emit),
        skills=Answer(system.skills, builds, open_roles),
        interface_needed=bool(mailbox_of) and system.api is not False and not system.interface,
        middle=next((m for m in middles if m.system == system.id), None),
    )
