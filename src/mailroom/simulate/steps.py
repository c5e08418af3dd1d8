"""What each kind of step does, in Python, as its OpenFn job does it in JavaScript."""

from __future__ import annotations

import base64
import urllib.parse
from datetime import datetime
from typing import Any

from mailroom.simulate.auth import CLIENT_ASSERTION_TYPE
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    PAGE_SIZE,
    Context,
    HttpAnswer,
    State,
    StepFailed,
    StepFunction,
    get_page,
    idempotency_key,
    js_string,
    looked_up,
    read_csv_rows,
    reason_of,
    replace_file,
    send_with_retries,
)
from mailroom.simulate.vendor_dhis2 import tracker_values
from mailroom.simulate.vendor_jira import after_jira_pull
from mailroom.simulate.vendor_lookups_more import LOOKUPS
from mailroom.simulate.vendor_quickbooks import after_qbo_pull
from mailroom.simulate.vendor_steps import (
    PULLS,
    after_commcare_pull,
    after_inclusive_pull,
    key_headers,
    push_one,
)
from mailroom.stub.plan import Step
from mailroom.stub.shape import alert_words, upload_name, waits_for_collection


def auth_headers(context: Context, step: Step, settings: dict[str, Any]) -> dict[str, str]:
    c = context.configuration
    method = step.target.credential.method if step.target else None
    dialect = step.target.dialect if step.target else None
    if method == "api-key" and dialect is not None and dialect.key_auth is not None:
        return key_headers(dialect, c)
    if method == "api-key":
        return {"X-API-Key": str(c.get("apiKey"))}
    if method == "basic":
        pair = f"{c.get('username')}:{c.get('password')}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode()}
    if method == "oauth2-authorization-code":
        return {"Authorization": f"Bearer {c.get('access_token')}"}
    if method in ("oauth2-client-credentials", "oauth2-jwt-bearer"):
        if "access" not in context.token:
            context.token["access"] = _fetch_token(context, step, settings)
        return {"Authorization": f"Bearer {context.token['access']}"}
    return {}


def _fetch_token(context: Context, step: Step, settings: dict[str, Any]) -> str:
    c = context.configuration
    assert step.target is not None
    dialect = step.target.dialect
    if step.target.credential.method == "oauth2-client-credentials" \
            and dialect is not None and dialect.client_assertion:
        form = {"grant_type": "client_credentials",
                "client_assertion_type": CLIENT_ASSERTION_TYPE,
                "client_assertion": c.get("clientAssertion")}
    elif step.target.credential.method == "oauth2-client-credentials":
        form = {"grant_type": "client_credentials", "client_id": c.get("clientId"),
                "client_secret": c.get("clientSecret")}
        flow_auth = step.flow.flow.auth
        if flow_auth is not None and flow_auth.scopes:
            form["scope"] = " ".join(flow_auth.scopes)
    else:
        form = {"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "assertion": c.get("assertion")}
    body = urllib.parse.urlencode({k: js_string(v) for k, v in form.items()},
                                  quote_via=urllib.parse.quote)
    answer = send_with_retries("POST", str(c.get("tokenUrl")), settings, context.deadline,
                               body=body,
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
    token = answer.body.get("access_token") if isinstance(answer.body, dict) else None
    if not (200 <= answer.status < 300) or not token:
        raise StepFailed(f"the token request to {c.get('tokenUrl')} answered {answer.status}; "
                         f"check the credential {step.target.credential.name}")
    return str(token)


def _settings(state: State) -> dict[str, Any]:
    settings = state.get("settings")
    return settings if isinstance(settings, dict) else {}


def _refused(answer: HttpAnswer) -> bool:
    return answer.status in (401, 403)


def _dead_letter(key: str, answer: HttpAnswer) -> dict[str, Any]:
    return {"key": key, "status": answer.status, "attempts": answer.attempts,
            "reason": reason_of(answer)}


def push(context: Context, step: Step, state: State) -> State:
    assert step.target is not None
    settings = _settings(state)
    data = state.get("data")
    records = data if isinstance(data, list) else ([data] if data else [])
    headers = auth_headers(context, step, settings)
    url = context.base_url + step.target.endpoint.path
    delivered, dead = [], list(state.get("deadLetters") or [])
    vendor = step.target.dialect is not None
    webhook = state.get("webhook")
    received = webhook.get("keys") if isinstance(webhook, dict) else None
    for index, record in enumerate(records):
        key = idempotency_key(step.flow.id, record, context.records)
        if not vendor and isinstance(received, list) and index < len(received) \
                and received[index]:
            key = f"{step.flow.id}:{received[index]}"  # receive()'s: a redelivery's too
        if vendor:
            answer, ok, reason = push_one(context, step, key, map_record(step, record, context),
                                          headers, settings)
        else:
            answer = send_with_retries(step.target.endpoint.method, url, settings,
                                       context.deadline, body=map_record(step, record, context),
                                       headers={**headers, "Idempotency-Key": key})
            ok, reason = 200 <= answer.status < 300, reason_of(answer)
        if _refused(answer):
            raise StepFailed(f"{step.target.label} refused the credentials ({answer.status}); "
                             "nothing more is sent in this run")
        if ok:
            delivered.append(key)
        else:
            dead.append({**_dead_letter(key, answer), "reason": reason})
    result = {**state, "deadLetters": dead,
              "delivered": [*(state.get("delivered") or []), *delivered]}
    if step.id == context.cursor_step:
        result = _commit(result)
    return result


def map_record(step: Step, record: dict[str, Any], context: Context | None = None
               ) -> dict[str, Any]:
    """What the job's mapRecord sends: the fields as the spec maps them one by one (those
    it does not place are left out, as in the job), else the record as it is. A CommCare
    form keeps its fields in `form`."""
    mapping = step.flow.mapping
    if not mapping:
        return dict(record)
    fields = record
    if context is not None and context.fields_in == "form":
        form = record.get("form")
        fields = form if isinstance(form, dict) else {}
    if context is not None and context.fields_in == "properties":  # a HubSpot object
        found = record.get("properties")
        fields = found if isinstance(found, dict) else {}
    if context is not None and context.fields_in == "fields":  # an Airtable record
        found = record.get("fields")
        fields = found if isinstance(found, dict) else {}
    if context is not None and context.fields_in == "merge_fields":  # a Mailchimp member
        found = record.get("merge_fields")
        fields = {**record, **found} if isinstance(found, dict) else record
    if context is not None and context.fields_in == "tracker-values":  # a DHIS2 object
        fields = tracker_values(record)
    if context is not None and context.fields_in == "data.object":  # a Stripe event
        data = record.get("data")
        found = data.get("object") if isinstance(data, dict) else None
        fields = found if isinstance(found, dict) else {}
    return {field.target: field_of(fields, field.source) for field in mapping if field.target}


def field_of(fields: dict[str, Any], name: str) -> Any:
    """The job's fieldOf(): a field by its name in the source; a dotted name (Account.Name)
    is a related record's field, nested in the source's answer."""
    if name in fields:
        return fields[name]
    value: Any = fields
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _commit(state: State) -> State:
    """Only when everything was saved or dead-lettered does the cursor move on."""
    result = {k: v for k, v in state.items()
              if k not in ("nextCursor", "nextSeen", "nextAtCursor")}
    if "nextCursor" in state:
        result["cursor"] = state["nextCursor"]
    if "nextSeen" in state:
        result["seen"] = state["nextSeen"]
    if "nextAtCursor" in state:
        result["atCursor"] = state["nextAtCursor"]
    return result


# Pulls whose filter is on or after the cursor: the fields of their records' time and id
_INCLUSIVE = {"stripe-events": ("created", "id"), "kobo-data": ("_submission_time", "_id"),
              "servicenow-table": ("sys_updated_on", "sys_id"),
              "hubspot-search": ("updatedAt", "id"),
              "netsuite-records": ("lastModifiedDate", "id"),
              "sap-odata": ("_changedAt", "BusinessPartner"),  # SAP's: the job's own field
              "tracker-export": ("updatedAt", "event")}  # DHIS2's: OBJECTS' UID field


def _vendor_poll(context: Context, step: Step, state: State, headers: dict[str, str],
                 settings: dict[str, Any]) -> State:
    """A pull in the vendor's dialect, and the state it leaves for the next poll."""
    dialect = step.target.dialect if step.target is not None else None
    assert dialect is not None and dialect.pull is not None and step.flow.cursor is not None
    cursor_kind = step.flow.cursor.kind
    found, cursor = PULLS[dialect.pull.style](context, step, state, headers, settings)
    if cursor_kind == "full-fetch":
        return _skip_seen(state, found, dialect.pull.id_field)
    if dialect.pull.style == "commcare-forms":
        return after_commcare_pull(state, found, cursor)
    if dialect.pull.style == "jira-jql":  # JQL takes the cursor's whole minute again
        return after_jira_pull(state, found, cursor)
    if dialect.pull.style in _INCLUSIVE:
        return after_inclusive_pull(state, found, cursor, *_INCLUSIVE[dialect.pull.style])
    if dialect.pull.style == "dataverse-odata":
        return after_inclusive_pull(state, found, cursor, "modifiedon",
                                    dialect.constants["ID_COLUMN"][0])
    if dialect.pull.style == "xero-accounting":
        return after_inclusive_pull(state, found, cursor, "UpdatedDateUTC",
                                    dialect.constants["ID_FIELD"][0])
    if dialect.pull.style == "qbo-query":  # its cursor field nests: MetaData.LastUpdatedTime
        return after_qbo_pull(state, found, cursor)
    # Zendesk's own cursor, as it gave it; ODK's latest submissionDate/updatedAt taken;
    # the latest BambooHR gave
    if dialect.pull.style in ("zendesk-cursor", "odk-odata", "bamboohr-changed"):
        return {**state, "data": found, "fetched": len(found), "duplicatesSkipped": 0,
                "nextCursor": cursor, "deadLetters": [], "delivered": []}
    return {**state, "data": found, "fetched": len(found), "duplicatesSkipped": 0,
            "nextCursor": _next_cursor(cursor_kind, cursor, found,
                                       dialect.pull.modified_field),
            "deadLetters": [], "delivered": []}


def poll(context: Context, step: Step, state: State) -> State:
    assert step.target is not None and step.flow.cursor is not None
    cursor_kind, param = step.flow.cursor.kind, step.flow.cursor.param
    settings = _settings(state)
    headers = auth_headers(context, step, settings)
    if step.target.dialect is not None and step.target.dialect.pull is not None:
        return _vendor_poll(context, step, state, headers, settings)
    size = settings.get("pageSize") or PAGE_SIZE
    cursor = state.get("cursor") if cursor_kind != "full-fetch" else None
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"page": page, "per_page": size}
        if cursor is not None and param:
            query[param] = cursor
        answer = get_page(context, step, settings, headers, step.target.endpoint.path,
                          query, page)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("records") or [])
        if not body.get("next_page"):
            break
    if cursor_kind == "full-fetch":
        return _skip_seen(state, records)
    return {**state, "data": records, "fetched": len(records), "duplicatesSkipped": 0,
            "nextCursor": _next_cursor(cursor_kind, cursor, records, step.flow.cursor.field),
            "deadLetters": [], "delivered": []}


def _next_cursor(kind: str, cursor: Any, records: list[dict[str, Any]], field: str) -> Any:
    for record in records:
        value = int(record["id"]) if kind == "incremental-id" else record[field]
        if cursor is None or value > cursor:
            cursor = value
    return cursor


def _skip_seen(state: State, records: list[dict[str, Any]], id_field: str = "id") -> State:
    seen = [str(s) for s in state.get("seen") or []]
    known = set(seen)
    fresh = [r for r in records if js_string(r.get(id_field)) not in known]
    return {**state, "data": fresh, "fetched": len(records),
            "duplicatesSkipped": len(records) - len(fresh),
            "nextSeen": [*seen, *(js_string(r.get(id_field)) for r in fresh)],
            "deadLetters": [], "delivered": []}


def lookup(context: Context, step: Step, state: State) -> State:
    assert step.target is not None
    settings = _settings(state)
    data = state.get("data")
    ident = data.get("id") if isinstance(data, dict) else None
    headers = auth_headers(context, step, settings)
    dialect = step.target.dialect
    if dialect is not None and dialect.lookup is not None:  # the vendor's own read
        return LOOKUPS[dialect.lookup.style][2](context, step, state, headers, settings)
    path = step.target.endpoint.path.replace("{id}", urllib.parse.quote(js_string(ident),
                                                                         safe=""))
    answer = send_with_retries("GET", context.base_url + path, settings, context.deadline,
                               headers=headers)
    return looked_up(step.target.label, state, js_string(ident), answer)


def report(context: Context, step: Step, state: State) -> State:
    """Records were given up on: the run ends in error, so it counts as failed and the
    platform's failure alert fires (the job does the same)."""
    letters = state.get("deadLetters") or []
    if letters:
        raise StepFailed(f"{len(letters)} record(s) not delivered: {alert_words(step.flow.flow)}")
    return state


def collect(context: Context, step: Step, state: State) -> State:
    return {**state, "data": state.get("data") or [], "deadLetters": [], "delivered": []}


def todo(context: Context, step: Step, state: State) -> State:
    return state


def fetch_files(context: Context, step: Step, state: State) -> State:
    assert step.target is not None
    folder = context.folders(step.target.system, step.target.endpoint.path)
    rows = read_csv_rows(folder, (step.flow.flow.format or "csv").lower())
    return _skip_seen(state, rows)


def upload(context: Context, step: Step, state: State) -> State:
    assert step.target is not None
    folder = context.folders(step.target.system, step.target.endpoint.path)
    data = state.get("data")
    content = str(data.get("content") or "") if isinstance(data, dict) else ""
    when = state.get("runAt")  # the run's time, as the job reads its clock (UTC)
    name = upload_name(step.flow.flow, datetime.fromisoformat(when) if when else None)
    replaced = (folder / name).exists()  # an upload replaces a file of its name
    if replaced and waits_for_collection(step.flow.flow):  # the job lists the folder first
        error = (f"{step.target.endpoint.path}/{name} has not been collected yet: nothing "
                 "written; this run waits")
        return {**state, "delivered": [], "deadLetters": [{"key": name, "error": error}],
                "waiting": name}
    replace_file(folder / name, content)
    return {**state, "delivered": [name], "deadLetters": [], "replaced": replaced}


STEPS: dict[str, StepFunction] = {
    "push": push, "poll": poll, "lookup": lookup, "report": report, "collect": collect,
    "todo": todo, "fetch-files": fetch_files, "upload": upload,
}
