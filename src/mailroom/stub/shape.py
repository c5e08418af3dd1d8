"""The shape of one flow as code will carry it: endpoint, credential, cursor, records.

Engine-neutral: the OpenFn job files, the Python mail person of `mailroom
simulate` and its mock mailboxes are all built from these shapes, so the three
cannot drift apart. Whatever the spec does not say becomes a placeholder that
is marked as such (`from_spec=False`), never a guess presented as a fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.derive import roles, sentence
from mailroom.spec.vocabulary import AuthMethod, ChangeDetection

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

# Transports whose mailbox is an HTTP endpoint the job calls.
HTTP_TRANSPORTS = frozenset({"rest", "webhook"})
# Transports whose mailbox is a folder: files are listed, read and written.
FOLDER_TRANSPORTS = frozenset({"sftp", "file"})

IDEMPOTENCY_HEADER = "Idempotency-Key"
PAGE_SIZE = 3  # small on purpose: a simulated poll then shows its paging

_METHOD_PATH = re.compile(
    r"(?:\b(?P<method>GET|POST|PUT|PATCH|DELETE)\s+)?(?P<path>/[\w.~%:{}\-/]*[\w}~%-])"
)


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
        return f"{self.env_prefix}_{env_name(_snake(field))}"


@dataclass(frozen=True)
class Cursor:
    """How a poll finds what is new: the query parameter and the record field it reads."""

    kind: ChangeDetection
    param: str | None  # None for a full fetch: everything is read every time
    field: str


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
    fields: tuple[str, ...]  # record fields named in the spec's `data`
    problems: tuple[str, ...]  # why it cannot run as it stands

    @property
    def id(self) -> str:
        return self.flow.id

    @property
    def transport(self) -> str | None:
        return self.flow.transport

    @property
    def is_http(self) -> bool:
        return self.flow.transport in HTTP_TRANSPORTS

    @property
    def is_folder(self) -> bool:
        return self.flow.transport in FOLDER_TRANSPORTS


def flow_shape(spec: Spec, flow: Flow) -> FlowShape:
    r = roles(flow)
    kind, problems = _kind(flow)
    return FlowShape(
        flow=flow,
        sentence=sentence(spec, flow),
        mail_person=r.mail_person,
        mailbox=r.mailbox,
        kind=kind,
        endpoint=mailbox_endpoint(spec, flow, kind),
        credential=flow_credential(spec, flow),
        cursor=_cursor(flow) if kind in ("poll", "fetch-files") else None,
        fields=record_fields(flow.data),
        problems=problems,
    )


def _kind(flow: Flow) -> tuple[str | None, tuple[str, ...]]:
    """What the mail person does, or why that cannot be said yet."""
    direction = roles(flow).direction
    if direction is None:
        return None, ("who is the mail person (and so push or pull) is not decided",)
    if direction == "push":
        return ("upload" if flow.transport in FOLDER_TRANSPORTS else "push"), ()
    if flow.trigger == "event":
        return None, ("a pull cannot start on an event (mailroom check: event-needs-push)",)
    if flow.trigger == "on-demand" and flow.transport in FOLDER_TRANSPORTS:
        return None, (f"a real-time pull from a {flow.transport} folder: mailroom writes folder "
                      "reads for scheduled pulls only; decide how the file is read on demand",)
    if flow.trigger == "on-demand":
        return "lookup", ()
    if flow.trigger is None:
        return None, ("when the pull runs (schedule or on demand) is not decided",)
    return ("fetch-files" if flow.transport in FOLDER_TRANSPORTS else "poll"), ()


def _cursor(flow: Flow) -> Cursor:
    if flow.change_detection == "incremental-id":
        return Cursor("incremental-id", "after_id", "id")
    if flow.change_detection == "modified-since":
        return Cursor("modified-since", "modified_since", "modified_at")
    # Full fetch, and the fallback when the spec has not said (the costly, safe choice).
    return Cursor("full-fetch", None, "id")


def mailbox_endpoint(spec: Spec, flow: Flow, kind: str | None) -> Endpoint | None:
    """The method and path (or folder) in the mailbox, from its interface when it says."""
    system = spec.system(roles(flow).mailbox)
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


def flow_credential(spec: Spec, flow: Flow) -> Credential:
    method = flow.auth.method if flow.auth is not None else None
    named = flow.auth.credential_name if flow.auth is not None else None
    fields = credential_fields(method, flow.transport in FOLDER_TRANSPORTS)
    if named:
        return Credential(named, True, method, fields)
    mailbox = roles(flow).mailbox or flow.destination or "mailbox"
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


def record_fields(data: str | None) -> tuple[str, ...]:
    """"Converted leads (company name, email, phone)" -> ("company_name", "email", "phone")."""
    inside = re.search(r"\(([^)]*)\)", data or "")
    if not inside:
        return ("name",)
    fields = []
    for part in inside.group(1).split(","):
        name = _snake(part.strip())
        if name and name not in fields and name not in ("id", "modified_at"):
            fields.append(name)
    return tuple(fields) or ("name",)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def env_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper() or "X"


def _snake(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)  # baseUrl -> base_Url
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
