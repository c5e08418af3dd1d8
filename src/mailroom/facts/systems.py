"""What follows for each system from the flows it takes part in: which of its answers
matter (an unknown that matters is an open question; one that does not is not asked),
whether it is a platform in the middle, and whether it takes part at all ("an
integration platform in the middle has a leg in and a leg out").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mailroom.facts.flows import has_way_in

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
    receives: tuple[str, ...]  # ids of the flows whose destination it is
    sends: tuple[str, ...]  # ids of the flows whose source it is
    api: Answer  # has it a usable way in: its answer, else its way in's kind; needed when
    # it is a mailbox
    events: Answer  # needed when a flow from it may start on an event
    skills: Answer  # needed when it builds something: a mail person's side, the logic,
    # or an interface it lacks
    # The kinds of its way in: its own answer, else how the data of every flow it is the
    # mailbox of travels (all known); empty when not known.
    way_in_kinds: tuple[str, ...]
    interface_needed: bool  # it is a mailbox whose interface (exists or may) is not described
    middle: Middle | None
    unused: bool = False  # in no flow, while every flow's two ends are known
    # A platform with data coming in and no flow out ("in"), or out with nothing in ("out"),
    # while every flow's ends are known.
    one_leg: Literal["in", "out"] | None = None

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
    receives = tuple(f.id for f in flows if f.flow.destination == system.id)
    sends = tuple(f.id for f in flows if f.flow.source == system.id)
    # A flow whose roles are open, with this system at one end: it may be either role.
    open_roles = next((f.id for f in flows if f.mail_person is None
                       and system.id in (f.flow.source, f.flow.destination)), None)
    way_in = has_way_in(system)
    builds = any(_builds(f, system.id) for f in flows) or (
        bool(mailbox_of) and way_in is False)
    may_emit = any(f.flow.source == system.id and f.direction != "pull"
                   and f.flow.trigger in ("event", None) for f in flows)
    return SystemFacts(
        system=system,
        mailbox_of=mailbox_of,
        mail_person_of=mail_person_of,
        receives=receives,
        sends=sends,
        api=Answer(way_in, bool(mailbox_of), open_roles),
        events=Answer(system.events, may_emit),
        skills=Answer(system.skills, builds, open_roles),
        way_in_kinds=_kinds(system, [f for f in flows if f.mailbox == system.id]),
        interface_needed=bool(mailbox_of) and way_in is not False and not system.interface,
        middle=next((m for m in middles if m.system == system.id), None),
        unused=_unused(system.id, flows),
        one_leg=_one_leg(system, flows, receives, sends),
    )


def _kinds(system: System, flows: Sequence[FlowFacts]) -> tuple[str, ...]:
    if system.interface_kind is not None:
        return (system.interface_kind,)
    transports = [f.transport for f in flows]
    if not transports or None in transports:
        return ()
    return tuple(dict.fromkeys(t for t in transports if t is not None))


def _builds(flow: FlowFacts, system: str) -> bool:
    """It builds a side of this flow: the mail person's (unless another organisation's
    own feature does it), or the business logic."""
    side = flow.side("mail person")
    if flow.mail_person == system and side is not None and side.work != "built-in":
        return True
    return flow.flow.business_logic == system


def _ends_known(flows: Sequence[FlowFacts], end: str) -> bool:
    return all(getattr(f.flow, end) is not None for f in flows)


def _unused(system: str, flows: Sequence[FlowFacts]) -> bool:
    """In no flow at all, while no flow's end is still open (it could be that end)."""
    if not flows or not (_ends_known(flows, "source") and _ends_known(flows, "destination")):
        return False
    return not any(system in (f.flow.source, f.flow.destination, f.flow.mail_person,
                              f.flow.mailbox, f.flow.business_logic) for f in flows)


def _one_leg(system: System, flows: Sequence[FlowFacts], receives: tuple[str, ...],
             sends: tuple[str, ...]) -> Literal["in", "out"] | None:
    """A platform has a leg in and a leg out: "in" when data reaches it and no flow carries
    it on, "out" when it sends with nothing coming in; None when a flow's open end could
    be the missing leg."""
    if not system.platform:
        return None
    if receives and not sends and _ends_known(flows, "source"):
        return "in"
    if sends and not receives and _ends_known(flows, "destination"):
        return "out"
    return None
