"""The shape of one flow as code will carry it: endpoint, credential, cursor, records.

Engine-neutral: the OpenFn job files, the Python mail person of `mailroom
simulate` and its mock mailboxes are all built from these shapes, so the three
cannot drift apart. What the mail person does, and who it is, come from the facts
layer (mailroom.facts). Whatever the spec does not say becomes a placeholder that
is marked as such (`from_spec=False`, `stand_in=True`), never a guess presented as
a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mailroom.facts.files import run_file_name, unique_per_run
from mailroom.facts.flows import FOLDER_TRANSPORTS
from mailroom.facts.grammar import inferred_words
from mailroom.facts.interfaces import METHOD_PATH as _METHOD_PATH
from mailroom.facts.patterns import changes_value
from mailroom.outfolder import short_name
from mailroom.spec.vocabulary import AuthMethod, ChangeDetection

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts, Webhook
    from mailroom.spec.model import Flow, Spec

# Transports whose mailbox is an HTTP endpoint the job calls.
HTTP_TRANSPORTS = frozenset({"rest", "webhook"})

IDEMPOTENCY_HEADER = "Idempotency-Key"
PAGE_SIZE = 3  # small on purpose: a simulated poll then shows its paging



@dataclass(frozen=True)
class Endpoint:
    """Where in a mailbox the mail person knocks: an HTTP method and path, or a folder."""

    method: str
    path: str
    from_spec: bool  # False: a placeholder the developer must replace

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}" if self.method else self.path


@dataclass(frozen=True)
class Credential:
    """A credential by name and by the fields it holds; never a value."""

    name: str
    from_spec: bool  # named by auth.credential_name, or named by mailroom
    method: AuthMethod | None
    fields: tuple[str, ...]

    @property
    def env_prefix(self) -> str:
        return env_name(self.name)

    def env(self, field: str) -> str:
        """The environment variable that holds one field when running locally."""
        return f"{self.env_prefix}_{env_name(snake_case(field))}"


@dataclass(frozen=True)
class Cursor:
    """How a poll finds what is new: the query parameter and the record field it reads."""

    kind: ChangeDetection
    param: str | None  # None for a full fetch: everything is read every time
    field: str
    stand_in: bool = False  # the spec has not decided: a full fetch stands in, marked so


@dataclass(frozen=True)
class FlowShape:
    """One flow, one leg: who calls whom, where, with which credential."""

    flow: Flow
    sentence: str
    mail_person: str | None
    mailbox: str | None
    kind: str | None  # push, upload, poll, fetch-files, lookup; None when undecided
    endpoint: Endpoint | None
    credential: Credential
    cursor: Cursor | None
    fields: tuple[str, ...]  # record fields: the spec's `fields`, else those its `data` names
    mapping: tuple[Mapped, ...]  # the spec's `fields`, each as the job maps it
    problems: tuple[str, ...]  # why it cannot run as it stands
    webhook: Webhook | None = None  # a receiver URL the caller must be told (the facts')
    transport: str | None = None  # the facts': the flow's, else the mailbox's one way in
    inferred: str | None = None  # why the mail person is what it is, when nobody stated it

    @property
    def id(self) -> str:
        return self.flow.id

    @property
    def is_http(self) -> bool:
        return self.transport in HTTP_TRANSPORTS

    @property
    def is_folder(self) -> bool:
        return self.transport in FOLDER_TRANSPORTS


def flow_shape(spec: Spec, facts: FlowFacts) -> FlowShape:
    flow, kind = facts.flow, facts.action
    return FlowShape(
        flow=flow,
        sentence=facts.sentence,
        mail_person=facts.mail_person,
        mailbox=facts.mailbox,
        kind=kind,
        endpoint=mailbox_endpoint(spec, flow, facts.mailbox, kind),
        credential=flow_credential(flow, facts.mailbox, facts.is_folder),
        cursor=_cursor(facts.polling.change_detection) if facts.polling is not None else None,
        fields=record_fields_of(flow),
        mapping=field_mapping(flow),
        problems=facts.undecided,
        webhook=facts.webhook,
        transport=facts.transport,
        inferred=(inferred_words(facts.roles.mail_person)
                  if facts.roles.mail_person.inferred else None),
    )


def _cursor(change_detection: ChangeDetection | None) -> Cursor:
    if change_detection == "incremental-id":
        return Cursor("incremental-id", "after_id", "id")
    if change_detection == "modified-since":
        return Cursor("modified-since", "modified_since", "modified_at")
    if change_detection == "full-fetch":
        return Cursor("full-fetch", None, "id")
    # Not decided: a full fetch with a duplicate check stands in (it needs nothing of the
    # source's API), and every output that uses it says it is a stand-in.
    return Cursor("full-fetch", None, "id", stand_in=True)


def mailbox_endpoint(
    spec: Spec, flow: Flow, mailbox: str | None, kind: str | None
) -> Endpoint | None:
    """The method and path (or folder) in the mailbox, from its interface when it says."""
    system = spec.system(mailbox)
    found = _METHOD_PATH.search(system.interface or "") if system is not None else None
    if kind in ("upload", "fetch-files"):
        if found:
            return Endpoint("", found.group("path"), True)
        return Endpoint("", f"/TODO/{flow.id}", False)
    if kind is None:
        return None
    default_method = {"push": "POST", "poll": "GET", "lookup": "GET"}[kind]
    if found:
        path = found.group("path")
        if kind == "lookup" and "{" not in path:
            path = path.rstrip("/") + "/{id}"
        return Endpoint(found.group("method") or default_method, path, True)
    # A placeholder names the flow, so that two flows into one system stay apart.
    placeholder = f"/TODO/{flow.id}" + ("/{id}" if kind == "lookup" else "")
    return Endpoint(default_method, placeholder, False)


def flow_credential(flow: Flow, mailbox: str | None, folder: bool) -> Credential:
    method = flow.auth.method if flow.auth is not None else None
    named = flow.auth.credential_name if flow.auth is not None else None
    fields = credential_fields(method, folder)
    if named:
        return Credential(named, True, method, fields)
    mailbox = mailbox or flow.destination or "mailbox"
    return Credential(f"{env_name(mailbox)}_{env_name(flow.id)}", False, method, fields)


def credential_fields(method: AuthMethod | None, folder: bool) -> tuple[str, ...]:
    """The configuration keys a credential of this kind holds (OpenFn's names where
    its adaptors have one: baseUrl, access_token, username, password, tls)."""
    if folder:
        secret = {"ssh-key": ("privateKey",), "basic": ("password",)}.get(method or "", ())
        return ("host", "port", "username", *secret)
    return {
        "api-key": ("baseUrl", "apiKey"),
        "basic": ("baseUrl", "username", "password"),
        "oauth2-client-credentials": ("baseUrl", "tokenUrl", "clientId", "clientSecret"),
        "oauth2-jwt-bearer": ("baseUrl", "tokenUrl", "assertion"),
        "oauth2-authorization-code": ("baseUrl", "access_token"),
        "mtls": ("baseUrl", "tls"),
    }.get(method or "", ("baseUrl",))


def own_records_credential(spec: Spec, system_id: str) -> Credential:
    """The mail person's own store, where a pull keeps what it fetched. The spec
    names no credential for it: the name is mailroom's, and says so."""
    return Credential(f"{env_name(system_id)}_OWN_RECORDS", False, None, ("baseUrl",))


def subscription_credential(system_id: str) -> Credential:
    """For registering a webhook through a source's API; the spec names none."""
    return Credential(f"{env_name(system_id)}_SUBSCRIPTIONS", False, None, ("baseUrl",))


@dataclass(frozen=True)
class Mapped:
    """One field of the data as the spec maps it: its name in the source's records, where
    it goes in the destination (None: not said), what is done to it, whether personal."""

    source: str
    target: str | None
    transform: str | None
    personal: bool


def field_mapping(flow: Flow) -> tuple[Mapped, ...]:
    """Each mapped field, read from the source under the name the spec gives it there
    (`source_field`, as the system spells it: Salesforce's LastName, Mailchimp's FNAME);
    only a name made up from words (`name`) becomes a snake_case stand-in."""
    return tuple(
        Mapped(f.source_field or snake_case(f.name or f.destination_field or "field"),
               f.destination_field, f.transform if changes_value(f.transform) else None,
               bool(f.personal))
        for f in flow.fields or ())


def record_fields_of(flow: Flow) -> tuple[str, ...]:
    """The fields a source record has: those the spec maps one by one, else those its data
    names ("Converted leads (company name, email)")."""
    mapped = tuple(dict.fromkeys(m.source for m in field_mapping(flow)
                                 if m.source not in ("id", "modified_at")))
    return mapped or record_fields(flow.data)


def record_fields(data: str | None) -> tuple[str, ...]:
    """"Converted leads (company name, email, phone)" -> ("company_name", "email", "phone")."""
    inside = re.search(r"\(([^)]*)\)", data or "")
    if not inside:
        return ("name",)
    fields = []
    for part in inside.group(1).split(","):
        name = snake_case(part.strip())
        if name and name not in fields and name not in ("id", "modified_at"):
            fields.append(name)
    return tuple(fields) or ("name",)


def waits_for_collection(flow: Flow) -> bool:
    """Must the upload list the folder first and write nothing while the last file waits:
    one fixed name, and the spec says the run waits (`if_not_collected: run-waits`)?"""
    file = flow.file
    return file is not None and file.if_not_collected == "run-waits" and bool(file.name) \
        and not unique_per_run(file.name or "")


def upload_name(flow: Flow, when: datetime | None = None) -> str:
    """The file an upload puts into the mailbox's folder (the job and the simulation
    alike): the spec's file name when it is one fixed name; a dated name filled in for a
    run at `when` (UTC) by the rule the job follows (facts.files.NAME_FILLS); else the
    flow's id, kept short enough for a file system, and its format."""
    named = flow.file.name if flow.file is not None else None
    if named and when is not None and unique_per_run(named) and "/" not in named:
        return short_name(run_file_name(named, when))
    if named and unique_per_run(named) is False and "/" not in named and named not in (
            ".", ".."):
        return short_name(named)
    return f"{short_name(flow.id)}.{(flow.format or 'txt').lower()}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def env_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper() or "X"


def snake_case(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)  # baseUrl -> base_Url
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def alert_words(flow: Flow) -> str:
    """Whom a run that gave up on records tells, as the spec names them: "tell the
    finance inbox (within an hour)"; a placeholder that says so when it names no one."""
    if not flow.alert_to:
        return "tell whoever must fix them (the spec names no one yet)"
    within = f" ({' '.join(flow.alert_within.split())})" if flow.alert_within else ""
    return f"tell {' '.join(flow.alert_to.split())}{within}"
