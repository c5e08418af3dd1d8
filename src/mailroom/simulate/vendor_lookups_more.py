"""More real-time lookups in the vendor's dialect (mailroom.vendors.lookups_more): the
mocks that answer the read of one record as the vendor documents it, the records they
keep, and the Python engine's lookup, request for request as the job's lookUp makes it.
LOOKUPS here holds simulate/vendor_lookups.py's and these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.step_tools import (
    Context,
    HttpAnswer,
    State,
    StepFailed,
    js_string,
    looked_up,
    reason_of,
    send_with_retries,
)
from mailroom.simulate.vendor_bamboohr import encode_component
from mailroom.simulate.vendor_dataverse import dataverse_error
from mailroom.simulate.vendor_hubspot import hubspot_error
from mailroom.simulate.vendor_lookups import LOOKUPS as FIRST_LOOKUPS
from mailroom.simulate.vendor_lookups import (
    LookupFn,
    RecordsFn,
    RouteFn,
    VendorLookupRoute,
)
from mailroom.simulate.vendor_writes import _KEYED, _ODATA
from mailroom.simulate.vendor_zendesk_users import zendesk_error
from mailroom.stub.examples import fake_value

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

_STAMP = "2026-01-05T09:30:00.000Z"


class HubSpotObjectRoute(VendorLookupRoute):
    """HubSpot's read of one CRM object: GET /crm/v3/objects/{objectType}/{id}
    ?idProperty=...&properties=..., answering {id, properties, createdAt, updatedAt,
    archived}; 404 with {message, correlationId, category} for a key it does not know."""

    words = ("answers the read of one object by a unique property (idProperty) with {id, "
             "properties: {the properties asked for}, createdAt, updatedAt, archived}, "
             "ignoring properties the object does not have, and 404 with {message, "
             "correlationId, category} for a key it does not know, as HubSpot's OpenAPI "
             "file documents it (the 404's category is the mock's: none is documented)")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/crm/v3/objects/{object}/{id}", caller, auth, faults)

    unknown = "mr-9999"

    def key_of(self, record: dict[str, Any]) -> str:
        return str(record["properties"][self.dialect.constants["ID_PROPERTY"][0]])

    def answered(self, record: dict[str, Any]) -> dict[str, Any]:
        unique = self.dialect.constants["ID_PROPERTY"][0]
        return {**record, "properties": {k: v for k, v in record["properties"].items()
                                         if k != unique}}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params["id"]
        status = self.faults.next(key)
        if status is not None:
            return hubspot_error(status, "injected", "injected")
        unique = self.dialect.constants["ID_PROPERTY"][0]
        # asked by HubSpot's own id instead: the mock keeps its records by the key only
        record = self.records.get(key) if request.query.get("idProperty") == unique else None
        if record is None or params["object"] != self.dialect.constants["OBJECT_TYPE"][0]:
            missing = hubspot_error(404, "OBJECT_NOT_FOUND",  # the mock's words
                                    f"the mock knows no object {key}")
            return Answer(404, missing.body, note=f"OBJECT_NOT_FOUND: no object {key}")
        asked = [f for f in request.query.get("properties", "").split(",") if f]
        props = record["properties"]
        chosen = {f: props[f] for f in asked if f in props} if asked else props
        return Answer(200, {**record, "properties": chosen}, note=f"object {key}")


def hubspot_objects(step: Step, count: int) -> list[dict[str, Any]]:
    """Objects with HubSpot's numeric ids, the key in the unique property, the flow's
    fields as properties (strings, as HubSpot answers them)."""
    assert step.target is not None and step.target.dialect is not None
    unique = step.target.dialect.constants["ID_PROPERTY"][0]
    return [{"id": str(5100 + n), "properties": {
                unique: f"mr-{n}", **{f: js_string(fake_value(f, n)) for f in step.flow.fields}},
             "createdAt": _STAMP, "updatedAt": _STAMP, "archived": False}
            for n in range(1, count + 1)]


def lookup_hubspot(context: Context, step: Step, state: State,
                   headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET /crm/v3/objects/<type>/<key>?idProperty=&properties=."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    fields = list(step.flow.fields)
    query = {"idProperty": constants["ID_PROPERTY"][0]}
    if fields:
        query["properties"] = ",".join(fields)
    answer = send_with_retries("GET", context.base_url + f"/crm/v3/objects/"
                               f"{encode_component(constants['OBJECT_TYPE'][0])}/"
                               f"{encode_component(ident)}", settings, context.deadline,
                               query=query, headers=headers)
    return looked_up(step.target.label, state, ident, answer)


class ZendeskUserSearchRoute(VendorLookupRoute):
    """Zendesk's Search Users by external_id: GET /api/v2/users/search?external_id=...,
    answering {users: [...]} (an empty array for a key no user holds)."""

    words = ("answers the search of users by external_id with {users: [the users holding "
             "it]}, an empty array for a key no user holds, as Zendesk's Search Users "
             "documents it; errors as {error, description}")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/api/v2/users/search", caller, auth, faults)

    unknown = "mr-9999"

    def key_of(self, record: dict[str, Any]) -> str:
        return str(record["external_id"])

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = request.query.get("external_id", "")
        if not key and not request.query.get("query"):
            return zendesk_error(400, "InvalidValue", "neither query nor external_id (mock)")
        status = self.faults.next(key)
        if status is not None:
            return zendesk_error(status, "InternalError", "injected")
        record = self.records.get(key)
        users = [record] if record is not None else []
        return Answer(200, {"users": users, "next_page": None, "previous_page": None,
                            "count": len(users)},
                      note=f"user {key}" if users else f"no user with external_id {key}")


def zendesk_users(step: Step, count: int) -> list[dict[str, Any]]:
    """Users with Zendesk's numeric ids, the key in external_id, the flow's fields."""
    return [{"id": 36000 + n, "external_id": f"mr-{n}",
             **{f: js_string(fake_value(f, n)) for f in step.flow.fields}}
            for n in range(1, count + 1)]


def lookup_zendesk(context: Context, step: Step, state: State,
                   headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET /api/v2/users/search?external_id=<key>; the first user."""
    assert step.target is not None
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    answer = send_with_retries("GET", context.base_url + "/api/v2/users/search", settings,
                               context.deadline, query={"external_id": ident},
                               headers=headers)
    if answer.status in (401, 403):
        raise StepFailed(f"{step.target.label} refused the credentials ({answer.status})")
    body = answer.body if isinstance(answer.body, dict) else {}
    users = body.get("users") if 200 <= answer.status < 300 else None
    users = users if isinstance(users, list) else None
    if users:
        return {**state, "data": users[0], "deadLetters": []}
    if users is not None:
        reason = f"no user with external_id {ident}"
    elif isinstance(body.get("error"), str):
        described = body.get("description")
        reason = f"{body['error']}: {'' if described is None else js_string(described)}"
    else:
        reason = reason_of(answer)
    return {**state, "data": None,
            "deadLetters": [{"key": ident, "status": answer.status,
                             "attempts": answer.attempts, "reason": reason}]}


class DataverseRetrieveRoute(VendorLookupRoute):
    """Dataverse's read of one row by alternate key: GET /api/data/v9.2/<entity set>
    (<key column>='<value>')?$select=..., answering the columns asked for; 404 with
    {error: {code, message}} for a key no row holds."""

    words = ("answers the read of one row named by an alternate key (<entity set>(<key "
             "column>='<value>')) with its etag, primary key and the columns asked for in "
             "$select, and 404 with {error: {code, message}} for a key no row holds, as "
             "Microsoft documents the Web API (the 404's code is the mock's: none is "
             "documented)")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/api/data/v9.2/{row}", caller, auth, faults)

    unknown = "mr-9999"

    def _column(self) -> str:
        assert self.dialect.push is not None
        return self.dialect.push.constants["KEY_COLUMN"][0]

    def key_of(self, record: dict[str, Any]) -> str:
        return str(record[self._column()])

    def answered(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k != self._column()}  # not in $select

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        found = _KEYED.match(params.get("row", ""))
        column = self._column()
        if found is None or found.group(2) != column:
            return dataverse_error(400, "", "the row is not named <entity set>(<key "
                                   f"column {column}>='<value>') (mock)")
        value = found.group(3).replace("''", "'")
        status = self.faults.next(value)
        if status is not None:
            return dataverse_error(status, "", "injected")
        record = self.records.get(value)
        if record is None or found.group(1) != self.dialect.constants["ENTITY_SET"][0]:
            return dataverse_error(404, "", f"no row with {column}='{value}' (mock)")
        shown = self.answered(record)
        asked = [f for f in request.query.get("$select", "").split(",") if f]
        keep = {"@odata.etag", self.dialect.constants["ID_COLUMN"][0], *asked}
        return Answer(200, {k: v for k, v in shown.items() if k in keep} if asked else shown,
                      note=f"row {value}")


def dataverse_rows(step: Step, count: int) -> list[dict[str, Any]]:
    """Rows with a GUID primary key, the key in the alternate key column, the flow's
    columns."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    id_column = dialect.constants["ID_COLUMN"][0]
    return [{dialect.push.constants["KEY_COLUMN"][0]: f"mr-{n}", "@odata.etag": f'W/"{1000 + n}"',
             id_column: f"00000000-0000-4000-8000-{n:012d}",
             **{f: js_string(fake_value(f, n)) for f in step.flow.fields}}
            for n in range(1, count + 1)]


def lookup_dataverse(context: Context, step: Step, state: State,
                     headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET .../<entity set>(<key column>='<key>')?$select=<fields>."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    literal = encode_component(ident.replace("'", "''"))
    path = (f"/api/data/v9.2/{encode_component(dialect.constants['ENTITY_SET'][0])}"
            f"({dialect.push.constants['KEY_COLUMN'][0]}='{literal}')")
    fields = list(step.flow.fields)
    answer = send_with_retries("GET", context.base_url + path, settings, context.deadline,
                               query={"$select": ",".join(fields)} if fields else None,
                               headers={**headers, **_ODATA})
    return looked_up(step.target.label, state, ident, answer, _dataverse_reason)


def _dataverse_reason(answer: HttpAnswer) -> str:
    """A Dataverse refusal, {error: {code, message}}: the code first, when there is one."""
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if not isinstance(error, dict):
        return reason_of(answer)
    message = js_string(error.get("message"))
    return f"{js_string(error['code'])}: {message}" if error.get("code") else message


# style -> (the mock's route, its records, the engine's lookup): vendor_lookups.py's and these
LOOKUPS: dict[str, tuple[RouteFn, RecordsFn, LookupFn]] = {
    **FIRST_LOOKUPS,
    "hubspot-object": (HubSpotObjectRoute, hubspot_objects, lookup_hubspot),
    "zendesk-user-search": (ZendeskUserSearchRoute, zendesk_users, lookup_zendesk),
    "dataverse-retrieve": (DataverseRetrieveRoute, dataverse_rows, lookup_dataverse),
}
