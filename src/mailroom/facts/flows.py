"""Everything that follows from one flow's answers: its roles, what the mail person
does, how a poll finds what is new, whether a webhook's receiver URL must be
registered, who holds the credential, what the pattern promises here (patterns.py),
its personal data (privacy.py), how often it runs against how fresh the data must be,
and who builds each side. Unknown stays unknown (None), never a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mailroom.facts.dates import EffectiveDate, effective_date_of
from mailroom.facts.files import FileFacts, file_facts
from mailroom.facts.grammar import sentence
from mailroom.facts.patterns import PatternFacts, is_realtime_pull, pattern_facts
from mailroom.facts.privacy import PersonalData, personal_data_of
from mailroom.facts.roles import Role, Roles, roles_of
from mailroom.spec.schedule import freshness_seconds, parse_schedule
from mailroom.spec.vocabulary import (
    AuthMethod,
    ChangeDetection,
    Direction,
    Transport,
    WebhookRegistration,
)

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec, System

# Transports whose mailbox is a folder: files are listed, read and written.
FOLDER_TRANSPORTS = frozenset({"sftp", "file"})
# What the mail person does: push (or upload a file), poll (or fetch files), look up.
Action = Literal["push", "upload", "poll", "fetch-files", "lookup"]
Skills = Literal["present", "missing", "not-needed", "unknown"]
# What the side's work is: code, a platform's workflow, an interface to add, nothing, or
# (a mail person) a feature the system has built in, set up by the organisation that
# runs it: another organisation's own webhook calling our receiver.
Work = Literal["code", "workflow", "built-in", "interface", "nothing", "unknown"]
# Roles or answers that contradict a domain rule (their checks say what to decide).
Contradiction = Literal["event-pull", "webhook-pull"]


@dataclass(frozen=True)
class Polling:
    """A scheduled pull: how it finds what is new or changed since the last run."""

    change_detection: ChangeDetection | None  # None: not decided


@dataclass(frozen=True)
class Lookup:
    """A real-time pull (on demand): the host fetches while it works, so it needs the
    remote up at that moment."""

    caching: bool | None


@dataclass(frozen=True)
class Webhook:
    """A push to a receiver URL: the caller must be told the URL, through its API or by
    hand ("Webhooks need a receiver URL and a way to register it")."""

    caller: str | None  # the mail person, whose settings hold the URL
    receiver: str | None  # the mailbox, whose URL it is
    registration: WebhookRegistration | None  # None: not decided


@dataclass(frozen=True)
class Credential:
    """"Credentials are held by the mail person for the mailbox's interface.\""""

    holder: Role
    mailbox: Role
    method: AuthMethod | None
    name: str | None  # where the secret is kept, by name; never a value
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class Timing:
    """How often a scheduled flow runs, against how fresh the data must be ("a schedule
    must be able to meet the freshness the business needs")."""

    every: float | None  # seconds between scheduled runs; None: not scheduled, or unreadable
    freshness: float | None  # how old the data may be on arrival, in seconds; None: not
    # given, or unreadable

    @property
    def slower_by(self) -> float | None:
        """How many times slower the schedule is than the freshness allows (above 1: too
        slow); None when either is not known."""
        if self.every is None or self.freshness is None or self.freshness <= 0:
            return None
        return self.every / self.freshness


@dataclass(frozen=True)
class Side:
    """One side of a flow and who builds it."""

    role: Literal["mail person", "mailbox", "business logic"]
    system: str | None
    work: Work  # code or a platform's workflow (mail person), an interface to add, nothing
    skills: Skills


@dataclass(frozen=True)
class FlowFacts:
    """One flow as every output tells it."""

    flow: Flow
    number: int  # 1-based, in the spec's order
    roles: Roles
    sentence: str  # the mail person as the subject
    sentence_with_roles: str  # "… (mail person) … (mailbox)", inferred roles marked
    action: Action | None
    undecided: tuple[str, ...]  # why the action cannot be said yet
    contradictions: tuple[Contradiction, ...]
    polling: Polling | None
    lookup: Lookup | None
    webhook: Webhook | None
    credential: Credential
    pattern: PatternFacts | None
    sides: tuple[Side, ...]  # mail person, mailbox, business logic: in that order
    timing: Timing
    personal: PersonalData | None  # None: no personal data, or not known whether there is
    transport: Transport | None = None  # how the data travels: the flow's answer, else the
    # mailbox's one way in; None when neither is known
    transport_inferred: bool = False  # taken from the mailbox's way in, not stated
    middle: str | None = None  # the platform in the middle this flow is a leg of
    file: FileFacts | None = None  # the file, when the data travels as files
    effective: EffectiveDate | None = None  # data that takes effect on a date, when said

    @property
    def id(self) -> str:
        return self.flow.id

    @property
    def mail_person(self) -> str | None:
        return self.roles.mail_person.system

    @property
    def mailbox(self) -> str | None:
        return self.roles.mailbox.system

    @property
    def direction(self) -> Direction | None:
        return self.roles.direction

    @property
    def is_folder(self) -> bool:
        return self.transport in FOLDER_TRANSPORTS

    def side(self, role: str) -> Side | None:
        return next((s for s in self.sides if s.role == role), None)


def flow_facts(spec: Spec, flow: Flow, number: int) -> FlowFacts:
    roles = roles_of(flow)
    transport = transport_of(spec, flow, roles)
    action, undecided = _action(flow, roles, transport)
    return FlowFacts(
        flow=flow,
        number=number,
        roles=roles,
        sentence=sentence(spec, flow, roles, transport),
        sentence_with_roles=sentence(spec, flow, roles, transport, with_roles=True),
        action=action,
        undecided=undecided,
        contradictions=_contradictions(flow, roles),
        polling=Polling(flow.change_detection) if action in ("poll", "fetch-files") else None,
        lookup=Lookup(flow.caching) if is_realtime_pull(flow, roles) else None,
        webhook=_webhook(flow, roles, transport),
        credential=_credential(flow, roles),
        pattern=pattern_facts(spec, flow, roles),
        sides=_sides(spec, flow, roles, transport),
        timing=_timing(flow),
        personal=personal_data_of(spec, flow),
        transport=transport,
        transport_inferred=flow.transport is None and transport is not None,
        file=file_facts(flow) if transport in FOLDER_TRANSPORTS else None,
        effective=effective_date_of(flow, roles),
    )


def transport_of(spec: Spec, flow: Flow, roles: Roles) -> Transport | None:
    """How the data travels: the flow's answer, else the mailbox's way in when its kind
    is known ("the mail person knocks on the mailbox's door": an SFTP-only warehouse is
    reached over SFTP). A webhook receiver can only be pushed to; "none yet" and an
    unknown kind say nothing."""
    if flow.transport is not None:
        return flow.transport
    mailbox = spec.system(roles.mailbox.system)
    kind = mailbox.interface_kind if mailbox is not None else None
    if kind is None or kind == "none" or (kind == "webhook" and roles.direction != "push"):
        return None
    return kind


def _action(flow: Flow, roles: Roles, transport: Transport | None
            ) -> tuple[Action | None, tuple[str, ...]]:
    """What the mail person does, or why that cannot be said yet."""
    folder = transport in FOLDER_TRANSPORTS
    if roles.direction is None:
        if roles.mail_person.known:
            return None, ("who pushes and who pulls does not add up (mailroom check: "
                          "roles-not-ends)",)
        return None, ("who is the mail person (and so push or pull) is not decided",)
    if roles.direction == "push":
        return ("upload" if folder else "push"), ()
    if flow.transport == "webhook":
        return None, ("a webhook is the source calling out, so it cannot be pulled (mailroom "
                      "check: webhook-is-push)",)
    if flow.trigger == "event":
        return None, ("a pull cannot start on an event (mailroom check: event-needs-push)",)
    if flow.trigger == "on-demand" and folder:
        return None, (f"a real-time pull from a {transport} folder: mailroom writes folder "
                      "reads for scheduled pulls only; decide how the file is read on demand",)
    if flow.trigger == "on-demand":
        return "lookup", ()
    if flow.trigger is None:
        return None, ("when the pull runs (schedule or on demand) is not decided",)
    return ("fetch-files" if folder else "poll"), ()


def _contradictions(flow: Flow, roles: Roles) -> tuple[Contradiction, ...]:
    found: list[Contradiction] = []
    if flow.trigger == "event" and roles.direction == "pull":
        found.append("event-pull")
    if flow.transport == "webhook" and roles.direction == "pull":
        found.append("webhook-pull")
    return tuple(found)


def _webhook(flow: Flow, roles: Roles, transport: Transport | None) -> Webhook | None:
    """A receiver URL to register: the data travels by webhook, as a push."""
    if transport != "webhook" or roles.direction != "push":
        return None
    return Webhook(roles.mail_person.system, roles.mailbox.system, flow.webhook_registration)


def _credential(flow: Flow, roles: Roles) -> Credential:
    auth = flow.auth
    return Credential(
        holder=roles.mail_person,
        mailbox=roles.mailbox,
        method=auth.method if auth is not None else None,
        name=auth.credential_name if auth is not None else None,
        scopes=tuple(auth.scopes or ()) if auth is not None else (),
    )


def _timing(flow: Flow) -> Timing:
    every = None
    if flow.trigger == "schedule" and flow.schedule:
        every = parse_schedule(flow.schedule).seconds
    return Timing(every, freshness_seconds(flow.latency))


def _sides(spec: Spec, flow: Flow, roles: Roles, transport: Transport | None
           ) -> tuple[Side, ...]:
    """Who builds each side: the mail person's code (or a platform's workflow), the
    mailbox's interface when it has none, and the business logic."""
    mail_person = spec.system(roles.mail_person.system)
    mailbox = spec.system(roles.mailbox.system)
    logic = spec.system(flow.business_logic)
    builder: tuple[Work, Skills] = ("built-in", "not-needed") \
        if _their_webhook(transport, roles, mail_person) else _builder(mail_person)
    sides = [Side("mail person", roles.mail_person.system, *builder)]
    way_in = has_way_in(mailbox) if mailbox is not None else None
    if mailbox is None:
        sides.append(Side("mailbox", roles.mailbox.system, "unknown", "unknown"))
    elif way_in is None:  # whether work is needed is open; the team's skills are not
        sides.append(Side("mailbox", mailbox.id, "unknown", skills_of(mailbox)))
    elif way_in:
        sides.append(Side("mailbox", mailbox.id, "nothing", "not-needed"))
    else:
        sides.append(Side("mailbox", mailbox.id, "interface", skills_of(mailbox)))
    if flow.business_logic is not None:
        work: Work = "workflow" if logic is not None and logic.platform else "code"
        sides.append(Side("business logic", flow.business_logic, work, _logic_skills(logic)))
    return tuple(sides)


def has_way_in(system: System) -> bool | None:
    """Does the system offer a usable way in (a mailbox): its answer, else what the kind
    of its way in says ("none yet" is no); None when neither is known."""
    if system.api is not None:
        return system.api
    if system.interface_kind is not None:
        return system.interface_kind != "none"
    return None


def _their_webhook(transport: Transport | None, roles: Roles, system: System | None
                   ) -> bool:
    """The mail person is another organisation's system (not a platform we configure)
    whose own webhook pushes the data: they switch it on; nobody of ours writes code for
    that side."""
    return (system is not None and system.third_party is True and not system.platform
            and transport == "webhook" and roles.direction == "push")


def _builder(system: System | None) -> tuple[Work, Skills]:
    """The mail person's side: a platform's workflow is configured, not coded, so it
    needs no developers ("it doesn't require developers to use"), but whether someone
    can configure it is still a question while it is unknown."""
    if system is None:
        return "unknown", "unknown"
    if system.platform:
        return "workflow", "present" if system.skills else (
            "unknown" if system.skills is None else "not-needed")
    return "code", skills_of(system)


def _logic_skills(system: System | None) -> Skills:
    if system is None:
        return "unknown"
    if system.platform and system.skills is False:
        return "not-needed"
    return skills_of(system)


def skills_of(system: System) -> Skills:
    if system.skills is None:
        return "unknown"
    return "present" if system.skills else "missing"
