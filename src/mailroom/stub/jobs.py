"""The code of each step: an OpenFn job, in two forms from one source.

A job is a list of operations run in series on a state object. The platform
(Lightning) takes the job as written by people, `fn(...)` calls at the top
level; the runtime takes it compiled, an ES module that imports its adaptor
and exports the operations as `export default [...]`. Both forms are made here
from the same helpers and operations, so what runs locally is what deploys.
"""

from __future__ import annotations

import functools
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from mailroom.cache import jinja_bytecode_cache
from mailroom.facts.files import NAME_FILLS
from mailroom.facts.grammar import sentence_start_lowered
from mailroom.resources import packaged
from mailroom.stub.plan import HTTP_ADAPTOR, Step, Workflow
from mailroom.stub.receive import sender_payload
from mailroom.stub.shape import HTTP_TRANSPORTS, alert_words, upload_name, waits_for_collection
from mailroom.stub.vendor import records_of
from mailroom.vendors.shopify import shopify_view

if TYPE_CHECKING:
    from mailroom.spec.model import Spec

_WIDTH = 88
_AUTH_TEMPLATES = {
    "api-key", "basic", "oauth2-client-credentials", "oauth2-jwt-bearer",
    "oauth2-authorization-code", "mtls", "none",
}
_OPERATIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # kind: (operations, adaptor functions they and their helpers use)
    "push": (("fn(state => deliverRecords(state))",), ("fn", "request")),
    "poll": (("fn(state => pullRecords(state))",), ("fn", "request")),
    "lookup": (("fn(state => lookUp(state))",), ("fn", "request")),
    "report": (("fn(state => reportFailures(state))",), ("fn",)),
    "collect": (("fn(state => collectRecords(state))",), ("fn",)),
    "todo": (("fn(state => undecided(state))",), ("fn",)),
    "fetch-files": (("list(FOLDER)", "fn(state => readRows(state))"), ("fn", "getCSV", "list")),
    "upload": (("fn(state => uploadFile(state))",), ("fn", "putCSV")),
}
# An upload that waits while the last file is not collected: the data is kept aside, the
# folder listed (language-sftp's list puts the listing in state.data), then the upload.
_UPLOAD_WAITING = (("fn(state => ({ ...state, upload: state.data }))", "list(FOLDER)",
                    "fn(state => uploadFile(state))"), ("fn", "putCSV", "list"))
_HTTP_KINDS = {"push", "poll", "lookup"}
# a DHIS2 object's values by data element (events) or attribute (tracked entities): the
# helper templates/stub/jobs/map.js.j2 writes for it
TRACKER_VALUES = "trackerValues(record)"


@dataclass(frozen=True)
class Job:
    """A job's code in parts: the adaptor, imports, helpers and operations."""

    step: Step
    adaptor: str
    imports: tuple[str, ...]
    helpers: str  # constants and functions, shared by both forms
    operations: tuple[str, ...]

    def compiled(self, header: str) -> str:
        """The ES module the OpenFn runtime executes."""
        names = ", ".join(self.imports)
        ops = "".join(f"  {op},\n" for op in self.operations)
        return (
            f"{header}\n"
            f"import {{ {names} }} from '{self.adaptor}';\n"
            f"export * from '{self.adaptor}';\n\n"
            f"{self.helpers}\n"
            f"export default [\n{ops}];\n"
        )

    def source(self) -> str:
        """The job as people write it in the platform: operations at the top level."""
        ops = "".join(f"{op};\n" for op in self.operations)
        return f"{self.helpers}\n{ops}"


def build_job(spec: Spec, workflow: Workflow, step: Step, templates: jinja2.Environment) -> Job:
    """One step's job (`templates`: environment(cache))."""

    def _render(name: str, context: dict[str, Any]) -> str:
        return templates.get_template(name).render(**context)

    operations, imports = _OPERATIONS[step.kind]
    if step.kind == "upload" and waits_for_collection(step.flow.flow):
        operations, imports = _UPLOAD_WAITING  # list the folder first
    context = _context(spec, workflow, step)
    parts = []
    receiving = sender_payload(spec, workflow) if step is workflow.steps[0] else None
    if receiving is not None:  # the first job reads what the vendor's webhook carries
        operations = ("fn(state => receiveWebhook(state))", *operations)
        imports = imports if "fn" in imports else ("fn", *imports)
        parts.append(_render("stub/vendors/webhook-receive.js.j2",
                             {"sender": receiving[0], "payload": receiving[1]}))
    if step.kind in _HTTP_KINDS:
        parts.append(_render("stub/jobs/http.js.j2", context))
        parts.append(_render(_auth_template(step), context))
    parts.append(_render(_step_template(step), context))
    helpers = "\n".join(part.strip("\n") + "\n" for part in parts)
    return Job(step, step.adaptor, imports, helpers, operations)


def _auth_template(step: Step) -> str:
    method = step.target.credential.method if step.target is not None else None
    dialect = step.target.dialect if step.target is not None else None
    if method == "api-key" and dialect is not None and dialect.key_auth is not None:
        return "stub/vendors/key-auth.js.j2"
    if method == "oauth2-client-credentials" and dialect is not None \
            and dialect.client_assertion:
        return "stub/vendors/client-assertion.js.j2"
    return f"stub/auth/{method if method in _AUTH_TEMPLATES else 'unknown'}.js.j2"


def _step_template(step: Step) -> str:
    """The vendor's own calls where the step's mailbox speaks a vendor dialect."""
    dialect = step.target.dialect if step.target is not None else None
    if dialect is not None and step.kind == "poll" and dialect.pull is not None:
        return f"stub/vendors/{dialect.pull.style}.js.j2"
    if dialect is not None and step.kind == "push" and dialect.push is not None:
        return f"stub/vendors/{dialect.push.style}.js.j2"
    if dialect is not None and step.kind == "lookup" and dialect.lookup is not None:
        return f"stub/vendors/{dialect.lookup.style}.js.j2"
    return f"stub/jobs/{step.kind}.js.j2"


def record_fields_expression(workflow: Workflow) -> str:
    """Where a record's own fields are, in the job: CommCare's forms keep them in `form`."""
    return {"commcare-forms": "(record.form || {})",
            "stripe-events": "((record.data || {}).object || {})",
            "airtable-list": "(record.fields || {})",
            "hubspot-search": "(record.properties || {})",
            "jira-jql": "(record.fields || {})",
            "mailchimp-members": "({ ...record, ...(record.merge_fields || {}) })",
            "tracker-export": TRACKER_VALUES}.get(
        _pull_style(workflow) or "", "record")


def _pull_style(workflow: Workflow) -> str | None:
    for step in workflow.steps:
        dialect = step.target.dialect if step.target is not None else None
        if step.kind == "poll" and dialect is not None and dialect.pull is not None:
            return dialect.pull.style
    return None


def _context(spec: Spec, workflow: Workflow, step: Step) -> dict[str, Any]:
    shape, flow = step.flow, step.flow.flow
    target = step.target
    credential = target.credential if target is not None else shape.credential
    dialect = target.dialect if target is not None else None
    id_field, modified_field = records_of(workflow)
    cursor = workflow.flows[0].cursor
    return {
        "dialect": dialect,
        "id_field": id_field,
        "modified_field": modified_field,
        "record_fields": record_fields_expression(workflow),
        "at_cursor": _pull_style(workflow) in ("commcare-forms", "stripe-events", "jira-jql",
                                               "netsuite-records", "sap-odata", "tracker-export",
                                               "servicenow-table", "kobo-data", "hubspot-search",
                                               "dataverse-odata", "xero-accounting",
                                               "qbo-query")
        and cursor is not None
        and cursor.kind == "modified-since" and not cursor.stand_in,
        "soql_fields": list(dict.fromkeys(("Id", "LastModifiedDate", *shape.fields))),
        "shopify": shopify_view(dialect, shape.fields),
        "sobjects_path": (target.endpoint.path.split("/{SOBJECT}")[0]
                          if target is not None and dialect is not None else ""),
        "step": step,
        "target": target,
        "credential": credential,
        "method": credential.method,
        "scopes": " ".join(flow.auth.scopes) if flow.auth and flow.auth.scopes else "",
        "mail_person": spec.label(shape.mail_person) if shape.mail_person else "the mail person",
        "mailbox": spec.label(shape.mailbox) if shape.mailbox else "the mailbox",
        "data": _plain_data(flow.data),
        "when": workflow.trigger.when,
        "cursor": shape.cursor,
        "caching": bool(flow.caching),
        "transport": (shape.transport or "an undecided transport").upper(),
        "format": (flow.format or "data").upper(),
        "extension": (flow.format or "csv").lower(),
        "file_name": upload_name(flow),
        "name_fills": [list(fill) for fill in NAME_FILLS],  # the rule the simulation follows
        "key_prefix": flow.id,
        "idempotency_header": "Idempotency-Key",
        "commits_cursor": step.id == workflow.cursor_step,
        "mapping_note": _mapping_note(spec, step),
        "mapping": shape.mapping,
        "webhook_key": sender_payload(spec, workflow) is not None,  # receiveWebhook's key
        "fallback_note": _quoted("The spec's error handling", flow.error_handling),
        "alert_note": _quoted("The spec's error handling", flow.error_handling),
        "alert": alert_words(flow),
        "alert_named": bool(flow.alert_to),
        "problem": shape.problems[0] if shape.problems else "",
        "transport_note": _transport_note(shape.transport) if target and not target.own else "",
    }


def _transport_note(transport: str | None) -> str:
    if transport in HTTP_TRANSPORTS:
        return ""
    if transport is None:
        return ("the spec does not say how the data travels; this job speaks HTTP as a "
                "placeholder.")
    return (f"the mailbox is reached by {transport.upper()}; this job speaks HTTP as "
            "a placeholder. Use the OpenFn adaptor for that transport and keep the shape: "
            "retries, dead letters, idempotency keys, the cursor.")


def _mapping_note(spec: Spec, step: Step) -> str:
    flow = step.flow.flow
    lines = []
    if flow.data:
        lines.append(f"The spec's data: {flow.data}.")
    if flow.business_logic:
        lines.append(f"Business logic lives in {spec.label(flow.business_logic)} (the spec's "
                     "business_logic): keep decisions there, and only the mapping here.")
    if flow.notes:
        lines.append(f"Notes: {flow.notes}")
    return " ".join(lines)


def _quoted(what: str, text: str | None) -> str:
    if not text:
        return f"{what} is not written yet: ask who is told, and how."
    return f"{what}: “{' '.join(text.split())}”"


def _plain_data(data: str | None) -> str:
    """The data as the job's comments name it, lowered as the sentences lower it."""
    text = re.split(r"[(（]", data or "records")[0].strip()
    return sentence_start_lowered(text, set(), evidence=data)


# -- templates ------------------------------------------------------------------------


class _Comment(str):
    """Comment lines the `comment` filter made: their line breaks are its own."""


def _comment(text: str, indent: int = 0) -> str:
    """Text as `//` comment lines, wrapped; never a line a comment could escape from."""
    prefix = " " * indent + "// "
    lines = textwrap.wrap(" ".join(str(text).split()), _WIDTH - len(prefix)) or [""]
    return _Comment("\n".join((prefix + line).rstrip() for line in lines))


def _one_line(value: Any) -> Any:
    """No value a template prints may end a `//` comment and start code: a name from the
    spec with a line break in it stays on its line. (JSON from `tojson` has none; the
    `comment` filter's lines each begin with `//`.)"""
    if isinstance(value, str) and not isinstance(value, _Comment):
        return value.replace("\r", " ").replace("\n", " ").replace("\u2028", " ") \
            .replace("\u2029", " ")
    return value


def _load(name: str) -> str:
    return packaged("templates").joinpath(name).read_text(encoding="utf-8")


@functools.lru_cache(maxsize=4)
def environment(cache: Path | None = None) -> jinja2.Environment:
    """The stub's templates: code, not HTML, so nothing is escaped; every value a
    template puts into code goes through `tojson`, every text into `comment`. With a
    cache folder, compiled templates are kept there, as the document's are."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_one_line,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        bytecode_cache=jinja_bytecode_cache(cache),
    )
    env.filters["comment"] = _comment
    return env


def is_http_step(step: Step) -> bool:
    return step.adaptor == HTTP_ADAPTOR and step.kind in _HTTP_KINDS
