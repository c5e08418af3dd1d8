"""Everything that follows from one flow's answers: its roles, what the mail person
does, how a poll finds what is new, whether a webhook's receiver URL must be
registered, who holds the credential, what the pattern promises here, and who
builds each side. Unknown stays unknown (None), never a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from mailroom.facts.grammar import sentence
from mailroom.facts.roles import Role, Roles, roles_of
from mailroom.spec.vocabulary import (
    AuthMethod,
    ChangeDetection,
    Direction,
    Pattern,
    WebhookRegistration,
)

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec, System

# Transports whose mailbox is a folder: files are listed, read and written.
FOLDER_TRANSPORTS = frozenset({"sftp", "file"})
# What the mail person does: push (or upload a file), poll (or fetch files), look up.
Action = Literal["push", "upload", "poll", "fetch-files", "lookup"]
Skills = Literal["present", "missing", "not-needed", "unknown"]
Work = Literal["code", "workflow", "interface", "nothing", "unknown"]
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
class PatternFacts:
    """What the integration is for, from the host's side, and which of the pattern's
    promises this flow's design keeps."""

    pattern: Pattern
    host: str | None  # the source for a push, else the destination
    remote: str | None
    holds: frozenset[str]  # keys of meanings.PATTERN_IMPLICATIONS that are true here
    contradicted: tuple[str, ...]  # what the design contradicts (see the pattern checks)


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
    middle: str | None = None  # the platform in the middle this flow is a leg of

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
        return self.flow.transport in FOLDER_TRANSPORTS

    def side(self, role: str) -> Side | None:
        return next((s for s in self.sides if s.role == role), None)


def flow_facts(spec: Spec, flow: Flow, number: int) -> FlowFacts:
    roles = roles_of(flow)
    action, undecided = _action(flow, roles)
    return FlowFacts(
        flow=flow,
        number=number,
        roles=roles,
        sentence=sentence(spec, flow, roles),
        sentence_with_roles=sentence(spec, flow, roles, with_roles=True),
        action=action,
        undecided=undecided,
        contradictions=_contradictions(flow, roles),
        polling=Polling(flow.change_detection) if action in ("poll", "fetch-files") else None,
        lookup=Lookup(flow.caching) if _realtime(flow, roles) else None,
        webhook=_webhook(flow, roles),
        credential=_credential(flow, roles),
        pattern=_pattern(flow, roles),
        sides=_sides(spec, flow, roles),
    )


def _action(flow: Flow, roles: Roles) -> tuple[Action | None, tuple[str, ...]]:
    """What the mail person does, or why that cannot be said yet."""
    folder = flow.transport in FOLDER_TRANSPORTS
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
        return None, (f"a real-time pull from a {flow.transport} folder: mailroom writes folder "
                      "reads for scheduled pulls only; decide how the file is read on demand",)
    if flow.trigger == "on-demand":
        return "lookup", ()
    if flow.trigger is None:
        return None, ("when the pull runs (schedule or on demand) is not decided",)
    return ("fetch-files" if folder else "poll"), ()


def _realtime(flow: Flow, roles: Roles) -> bool:
    """A pull on demand: the host fetches while it works ("real-time communication")."""
    return roles.direction == "pull" and flow.trigger == "on-demand"


def _contradictions(flow: Flow, roles: Roles) -> tuple[Contradiction, ...]:
    found: list[Contradiction] = []
    if flow.trigger == "event" and roles.direction == "pull":
        found.append("event-pull")
    if flow.transport == "webhook" and roles.direction == "pull":
        found.append("webhook-pull")
    return tuple(found)


def _webhook(flow: Flow, roles: Roles) -> Webhook | None:
    """A receiver URL to register: the data travels by webhook, as a push."""
    if flow.transport != "webhook" or roles.direction != "push":
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


def _pattern(flow: Flow, roles: Roles) -> PatternFacts | None:
    if flow.pattern is None:
        return None
    host, remote = ((flow.source, flow.destination) if flow.pattern == "push"
                    else (flow.destination, flow.source))
    holds, contradicted = _PATTERN_FIT[flow.pattern](flow, roles)
    return PatternFacts(flow.pattern, host, remote, frozenset({"always", *holds}), contradicted)


Fit = tuple[set[str], tuple[str, ...]]  # implications that hold, contradictions


def _starter(flow: Flow, roles: Roles) -> Literal["source", "destination"] | None:
    """Which end starts each transfer: the mail person's, even where the mailbox named does
    not add up (that is an error of its own; who starts is still what the spec says)."""
    system = roles.mail_person.system
    if system is None or flow.source == flow.destination:
        return None
    return "source" if system == flow.source else \
        "destination" if system == flow.destination else None


def _push_fit(flow: Flow, roles: Roles) -> Fit:
    """The host (the source) starts each transfer only if it is the mail person."""
    starter = _starter(flow, roles)
    if starter == "source":
        return {"host-starts"}, ()
    return set(), ("push-host-pulled",) if starter == "destination" else ()


def _pull_fit(flow: Flow, roles: Roles) -> Fit:
    """The host fetches the remote's data; in real time when it pulls on demand."""
    if _realtime(flow, roles):
        return {"realtime"}, ()
    return set(), ("pull-remote-pushes",) if _starter(flow, roles) == "source" else ()


def _clone_fit(flow: Flow, roles: Roles) -> Fit:
    """A detached copy needs no live connection, unless it is fetched on demand."""
    if _realtime(flow, roles):
        return set(), ("clone-live",)
    if flow.trigger is not None and roles.direction is not None:
        return {"not-live"}, ()
    return set(), ()


def _always(flow: Flow, roles: Roles) -> Fit:
    return set(), ()


_PATTERN_FIT = {"push": _push_fit, "pull": _pull_fit, "clone": _clone_fit, "embed": _always,
                "synthesize": _always}


def _sides(spec: Spec, flow: Flow, roles: Roles) -> tuple[Side, ...]:
    """Who builds each side: the mail person's code (or a platform's workflow), the
    mailbox's interface when it has none, and the business logic."""
    mail_person = spec.system(roles.mail_person.system)
    mailbox = spec.system(roles.mailbox.system)
    logic = spec.system(flow.business_logic)
    sides = [Side("mail person", roles.mail_person.system, *_builder(mail_person))]
    if mailbox is None:
        sides.append(Side("mailbox", roles.mailbox.system, "unknown", "unknown"))
    elif mailbox.api is None:  # whether work is needed is open; the team's skills are not
        sides.append(Side("mailbox", mailbox.id, "unknown", skills_of(mailbox)))
    elif mailbox.api:
        sides.append(Side("mailbox", mailbox.id, "nothing", "not-needed"))
    else:
        sides.append(Side("mailbox", mailbox.id, "interface", skills_of(mailbox)))
    if flow.business_logic is not None:
        work: Work = "workflow" if logic is not None and logic.platform else "code"
        sides.append(Side("business logic", flow.business_logic, work, _logic_skills(logic)))
    return tuple(sides)


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
