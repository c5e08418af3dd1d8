"""The Python engine's steps for a mailbox that speaks its vendor's dialect: what the
vendor templates' jobs (templates/stub/vendors/*.js.j2) do, in Python, request for
request, so that the cross-engine tests hold the two to the same deliveries."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.step_tools import (
    MAX_PAGES,
    PAGE_SIZE,
    Context,
    HttpAnswer,
    State,
    get_page,
    js_string,
    reason_of,
    send_with_retries,
)
from mailroom.simulate.vendor_bamboohr import pull_bamboohr
from mailroom.simulate.vendor_dhis2 import pull_dhis2
from mailroom.simulate.vendor_forms import pull_kobo, pull_odk
from mailroom.simulate.vendor_hubspot import pull_hubspot, push_hubspot
from mailroom.simulate.vendor_jira import pull_jira, push_jira
from mailroom.simulate.vendor_mailchimp import pull_mailchimp
from mailroom.simulate.vendor_netsuite import pull_netsuite, push_netsuite
from mailroom.simulate.vendor_odoo import pull_odoo
from mailroom.simulate.vendor_pulls import pull_dataverse, pull_sheets
from mailroom.simulate.vendor_quickbooks import pull_quickbooks, push_quickbooks
from mailroom.simulate.vendor_sap import pull_sap
from mailroom.simulate.vendor_shop import pull_woocommerce
from mailroom.simulate.vendor_shopify import pull_shopify
from mailroom.simulate.vendor_xero import pull_xero, push_xero
from mailroom.vendors.wire import dhis2_uid, soql_datetime

if TYPE_CHECKING:
    from collections.abc import Callable

    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect


def key_headers(dialect: Dialect, configuration: dict[str, Any]) -> dict[str, str]:
    auth = dialect.key_auth
    assert auth is not None
    return {auth.header: auth.value([js_string(configuration.get(name))
                                     for name in auth.fields])}


def encode_component(text: str) -> str:
    """JavaScript's encodeURIComponent, for the texts keys are made of."""
    return urllib.parse.quote(text, safe="!*'()")


# -- pulls ---------------------------------------------------------------------------


def soql(fields: list[str], sobject: str, cursor: Any) -> str:
    where = "" if cursor is None else f" WHERE LastModifiedDate > {soql_datetime(str(cursor))}"
    return f"SELECT {', '.join(fields)} FROM {sobject}{where} ORDER BY LastModifiedDate, Id"


def _salesforce_reason(answer: HttpAnswer) -> str:
    first = answer.body[0] if isinstance(answer.body, list) and answer.body else None
    if isinstance(first, dict):
        return f"{js_string(first.get('errorCode'))}: {js_string(first.get('message'))}"
    return reason_of(answer)


def pull_soql(context: Context, step: Step, state: State, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    dialect = _dialect(step)
    assert dialect.pull is not None and step.flow.cursor is not None
    full = step.flow.cursor.kind == "full-fetch"
    cursor = None if full else state.get("cursor")
    fields = list(dict.fromkeys(("Id", "LastModifiedDate", *step.flow.fields)))
    sobject = dialect.constants["SOBJECT"][0]
    assert step.target is not None
    path: str = step.target.endpoint.path
    query: dict[str, Any] | None = {"q": soql(fields, sobject, cursor)}
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, path, query, page, _salesforce_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("records") or [])
        if body.get("done") is not False or not body.get("nextRecordsUrl"):
            break
        path, query = str(body["nextRecordsUrl"]), None
    return records, cursor


def pull_commcare(context: Context, step: Step, state: State, headers: dict[str, str],
                  settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    dialect = _dialect(step)
    assert step.flow.cursor is not None
    full = step.flow.cursor.kind == "full-fetch"
    cursor = None if full else state.get("cursor")
    path = f"/a/{dialect.constants['DOMAIN'][0]}/api/form/v1/"
    query: dict[str, Any] = {"limit": settings.get("pageSize") or PAGE_SIZE,
                             "order_by": "indexed_on"}
    if cursor is not None:
        query["indexed_on_start"] = str(cursor).removesuffix("Z")
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, path, query, page)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("objects") or [])
        meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
        following = meta.get("next") if meta else None
        if not following:
            break
        path, _, search = str(following).partition("?")
        query = dict(urllib.parse.parse_qsl(search, keep_blank_values=True))
    return records, cursor


def after_commcare_pull(state: State, records: list[dict[str, Any]], cursor: Any) -> State:
    """The inclusive indexed_on_start: forms at the cursor's moment already taken are
    duplicates; what is taken at the new cursor's moment is remembered (atCursor)."""
    at_cursor = [str(i) for i in state.get("atCursor") or []]
    known = set(at_cursor)
    fresh = [r for r in records
             if not (r.get("indexed_on") == cursor and js_string(r.get("id")) in known)]
    next_cursor = cursor
    for record in fresh:
        if next_cursor is None or record["indexed_on"] > next_cursor:
            next_cursor = record["indexed_on"]
    next_at = [js_string(r.get("id")) for r in fresh if r.get("indexed_on") == next_cursor]
    if next_cursor == cursor:
        next_at = [*at_cursor, *next_at]
    return {**state, "data": fresh, "fetched": len(records),
            "duplicatesSkipped": len(records) - len(fresh), "nextCursor": next_cursor,
            "nextAtCursor": next_at, "deadLetters": [], "delivered": []}


def pull_zendesk(context: Context, step: Step, state: State, headers: dict[str, str],
                 settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """Zendesk's cursor-based incremental export; the cursor returned is the last
    after_cursor, where the next export starts."""
    dialect = _dialect(step)
    resource = dialect.constants["RESOURCE"][0]
    cursor = state.get("cursor")
    path = f"/api/v2/incremental/{resource}/cursor"
    query: dict[str, Any] = ({"start_time": dialect.constants["START_TIME"][0]}
                             if cursor is None else {"cursor": cursor})
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, path, query, page)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get(resource) or [])
        if body.get("after_cursor"):
            cursor = body["after_cursor"]
        if body.get("end_of_stream") is not False or not body.get("after_cursor"):
            break
        query = {"cursor": body["after_cursor"]}
    return records, cursor


def pull_stripe(context: Context, step: Step, state: State, headers: dict[str, str],
                settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """Stripe's Events API: the object's created and updated events since the cursor
    (created[gte]), paged by starting_after while has_more; oldest first."""
    dialect = _dialect(step)
    cursor = state.get("cursor")
    obj = dialect.constants["OBJECT"][0]
    base: dict[str, Any] = {"limit": settings.get("pageSize") or 100,
                            "types[0]": f"{obj}.created", "types[1]": f"{obj}.updated"}
    if cursor is not None:
        base["created[gte]"] = cursor
    query = base
    events: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, "/v1/events", query, page,
                          _stripe_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        data = body.get("data") or []
        events.extend(data)
        if not body.get("has_more") or not data:
            break
        query = {**base, "starting_after": data[-1]["id"]}
    events.sort(key=lambda e: (e["created"], e["id"]))
    return events, cursor


def _stripe_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        return f"{js_string(error.get('type'))}: {js_string(error.get('message'))}"
    return reason_of(answer)


def after_inclusive_pull(state: State, records: list[dict[str, Any]], cursor: Any,
                         field: str, ident: str = "id") -> State:
    """A cursor the vendor compares inclusively (on or after): records at the cursor's
    moment already taken are duplicates; what is taken at the new cursor's moment is
    remembered (atCursor)."""
    at_cursor = [str(i) for i in state.get("atCursor") or []]
    known = set(at_cursor)
    fresh = [r for r in records
             if not (r.get(field) == cursor and js_string(r.get(ident)) in known)]
    next_cursor = cursor
    for record in fresh:
        if next_cursor is None or record[field] > next_cursor:
            next_cursor = record[field]
    next_at = [js_string(r.get(ident)) for r in fresh if r.get(field) == next_cursor]
    if next_cursor == cursor:
        next_at = [*at_cursor, *next_at]
    return {**state, "data": fresh, "fetched": len(records),
            "duplicatesSkipped": len(records) - len(fresh), "nextCursor": next_cursor,
            "nextAtCursor": next_at, "deadLetters": [], "delivered": []}


def pull_servicenow(context: Context, step: Step, state: State, headers: dict[str, str],
                    settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """ServiceNow's Table API: sys_updated_on on or after the cursor, ordered, in pages of
    sysparm_limit skipping sysparm_offset, until a page comes back short."""
    dialect = _dialect(step)
    cursor = state.get("cursor")
    size = settings.get("pageSize") or PAGE_SIZE
    order = "ORDERBYsys_updated_on^ORDERBYsys_id"
    where = order if cursor is None else f"sys_updated_on>={cursor}^{order}"
    path = f"/api/now/table/{encode_component(dialect.constants['TABLE'][0])}"
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        query = {"sysparm_query": where, "sysparm_limit": size,
                 "sysparm_offset": (page - 1) * size}
        answer = get_page(context, step, settings, headers, path, query, page)
        body = answer.body if isinstance(answer.body, dict) else {}
        result = body.get("result") or []
        records.extend(result)
        if len(result) < size:
            break
    return records, cursor


def pull_airtable(context: Context, step: Step, state: State, headers: dict[str, str],
                  settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """Airtable's list records: pageSize, then the answer's offset until it gives none."""
    dialect = _dialect(step)
    path = (f"/v0/{encode_component(dialect.constants['BASE_ID'][0])}/"
            f"{encode_component(dialect.constants['TABLE'][0])}")
    size = min(settings.get("pageSize") or 100, 100)
    query: dict[str, Any] = {"pageSize": size}
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, path, query, page, _stripe_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("records") or [])
        if not body.get("offset"):
            break
        query = {"pageSize": size, "offset": body["offset"]}
    return records, None


PULLS: dict[str, Callable[..., tuple[list[dict[str, Any]], Any]]] = {
    "shopify-graphql": pull_shopify,
    "servicenow-table": pull_servicenow,
    "dataverse-odata": pull_dataverse,
    "netsuite-records": pull_netsuite,
    "sap-odata": pull_sap,
    "sheets-values": pull_sheets,
    "tracker-export": pull_dhis2,
    "airtable-list": pull_airtable,
    "stripe-events": pull_stripe,
    "odk-odata": pull_odk,
    "kobo-data": pull_kobo,
    "woocommerce-orders": pull_woocommerce,
    "hubspot-search": pull_hubspot,
    "jira-jql": pull_jira,
    "mailchimp-members": pull_mailchimp,
    "bamboohr-changed": pull_bamboohr,
    "odoo-search-read": pull_odoo,
    "xero-accounting": pull_xero,
    "qbo-query": pull_quickbooks,
    "soql": pull_soql, "commcare-forms": pull_commcare, "zendesk-cursor": pull_zendesk,
}


# -- pushes --------------------------------------------------------------------------


def push_one(context: Context, step: Step, key: str, body: Any, headers: dict[str, str],
             settings: dict[str, Any]) -> tuple[HttpAnswer, bool, str]:
    """One record into the vendor: the answer, whether it was taken, and why not."""
    dialect = _dialect(step)
    assert dialect.push is not None
    assert step.target is not None
    from mailroom.simulate.vendor_writes import PUSHES
    if dialect.push.style in PUSHES:
        return PUSHES[dialect.push.style](context, step, key, body, headers, settings)
    if dialect.push.style == "hubspot-upsert":
        return push_hubspot(context, step, key, body, headers, settings)
    if dialect.push.style == "netsuite-upsert":
        return push_netsuite(context, step, key, body, headers, settings)
    if dialect.push.style == "jira-create":
        return push_jira(context, step, key, body, headers, settings)
    if dialect.push.style == "xero-create":
        return push_xero(context, step, key, body, headers, settings)
    if dialect.push.style == "qbo-create":
        return push_quickbooks(context, step, key, body, headers, settings)
    if dialect.push.style == "sobject-upsert":
        base = step.target.endpoint.path.split("/{SOBJECT}")[0]
        path = (f"{base}/{dialect.constants['SOBJECT'][0]}/"
                f"{dialect.constants['EXTERNAL_ID_FIELD'][0]}/{encode_component(key)}")
        answer = send_with_retries("PATCH", context.base_url + path, settings,
                                   context.deadline, body=body, headers=headers)
        return answer, 200 <= answer.status < 300, _salesforce_reason(answer)
    objects = dialect.constants["TRACKER_OBJECTS"][0]
    uid_field = {"trackedEntities": "trackedEntity", "enrollments": "enrollment",
                 "events": "event"}[objects]
    payload = {objects: [{**body, uid_field: dhis2_uid(key)}]}
    answer = send_with_retries("POST", context.base_url + dialect.push.path, settings,
                               context.deadline,
                               query={"async": "false", "importStrategy": "CREATE_AND_UPDATE"},
                               body=payload, headers=headers)
    report = answer.body if isinstance(answer.body, dict) else {}
    ok = 200 <= answer.status < 300 and report.get("status") != "ERROR"
    return answer, ok, _import_reason(answer)


def _import_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    validation = body.get("validationReport") if isinstance(body, dict) else None
    errors = validation.get("errorReports") if isinstance(validation, dict) else None
    if errors:
        first = errors[0]
        return f"{js_string(first.get('errorCode'))}: {js_string(first.get('message'))}"
    return reason_of(answer)


def _dialect(step: Step) -> Dialect:
    dialect = step.target.dialect if step.target is not None else None
    assert dialect is not None
    return dialect
