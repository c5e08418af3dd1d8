"""Real-time lookups in the vendor's dialect (mailroom.vendors.lookups): the mock that
answers the read of one record as the vendor documents it (path, fields, not-found
answer), the records it keeps, and the Python engine's lookup, request for request as
the job's lookUp makes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    Context,
    State,
    StepFailed,
    js_string,
    looked_up,
    send_with_retries,
)
from mailroom.simulate.vendor_bamboohr import encode_component
from mailroom.simulate.vendor_steps import _salesforce_reason as salesforce_reason
from mailroom.stub.examples import fake_value
from mailroom.vendors.wire import dhis2_uid

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect


class VendorLookupRoute(Route):
    """A vendor's read of one record: the records it keeps by key, its faults."""

    kind = "lookup"
    vendor = True

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__("GET", path, caller, auth)
        self.dialect = dialect
        self.faults = faults
        faults.generic = False
        self.records: dict[str, dict[str, Any]] = {}

    unknown = "9999"  # a key the vendor does not know, in the shape of its keys

    def answered(self, record: dict[str, Any]) -> dict[str, Any]:
        """What the read answers for a record the mock keeps, asked for the flow's fields."""
        return record

    def key_of(self, record: dict[str, Any]) -> str:
        """The key a lookup asks for this record by."""
        return str(record["id"])


class BambooEmployeeRoute(VendorLookupRoute):
    """BambooHR's read of one employee: GET /api/gateway.php/{company}/v1/employees/{id}
    ?fields=..., answering {id, <field>: <value>} in JSON when Accept asks for it, 404
    for an id it does not know."""

    words = ("answers the read of one employee with its id and the fields asked for, in "
             "JSON when Accept asks for it, and 404 for an id it does not know, as "
             "BambooHR's pages document it (its refusals have no body: BambooHR documents "
             "none)")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/api/gateway.php/{company}/v1/employees/{id}", caller, auth,
                         faults)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if "application/json" not in request.headers.get("accept", ""):
            return Answer(200, "<?xml version=\"1.0\"?><employee/>",
                          note="XML: no Accept: application/json (BambooHR answers JSON "
                               "or XML; the mock writes the XML as a JSON string)")
        key = params["id"]
        status = self.faults.next(key)
        if status is not None:
            return Answer(status, None, note=f"injected {status}")
        record = self.records.get(key)
        if record is None:
            return Answer(404, None, note=f"not found: no employee {key}")
        asked = [f for f in request.query.get("fields", "firstName,lastName").split(",") if f]
        if any(f not in record for f in asked):
            return Answer(406, None, note="406: a field the mock's employees do not have")
        return Answer(200, {"id": key, **{f: record[f] for f in asked}},
                      note=f"employee {key}")


def bamboo_employees(step: Step, count: int) -> list[dict[str, Any]]:
    """The employees the mock keeps: BambooHR's ids are strings of digits; each holds
    the flow's fields, as the read answers them."""
    return [{"id": str(n), **{f: fake_value(f, n) for f in step.flow.fields}}
            for n in range(1, count + 1)]


def lookup_bamboohr(context: Context, step: Step, state: State,
                    headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET .../v1/employees/<id>?fields=<the flow's fields>."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    path = (f"/api/gateway.php/{encode_component(constants['COMPANY_DOMAIN'][0])}"
            f"/v1/employees/{encode_component(ident)}")
    fields = list(step.flow.fields)
    answer = send_with_retries("GET", context.base_url + path, settings, context.deadline,
                               query={"fields": ",".join(fields)} if fields else None,
                               headers={**headers, "Accept": "application/json"})
    label = step.target.label
    if 200 <= answer.status < 300 and not isinstance(answer.body, dict):
        raise StepFailed(f"{label} did not answer employee {ident} in JSON (is Accept: "
                         "application/json sent?)")
    return looked_up(label, state, ident, answer)


class SObjectRowsRoute(VendorLookupRoute):
    """Salesforce's sObject Rows read: GET /services/data/{version}/sobjects/{sobject}/{id}
    ?fields=..., answering the fields asked for; 404 with [{message, errorCode:
    NOT_FOUND}] for an Id it does not know."""

    words = ("answers the read of one record by its Id with the fields asked for, 400 for a "
             "field it does not have, and 404 with [{message, errorCode: NOT_FOUND}] for an "
             "Id it does not know, as Salesforce's REST API documents it (the 400's body is "
             "the mock's)")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/services/data/{version}/sobjects/{sobject}/{id}", caller,
                         auth, faults)

    unknown = "001SIM000000009999"

    def answered(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k != "id"}  # the fields asked for

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params["id"]
        status = self.faults.next(key)
        if status is not None:
            return Answer(status, [{"message": "injected", "errorCode": "UNKNOWN_EXCEPTION"}],
                          note=f"injected {status}")
        record = self.records.get(key)
        if record is None or params["sobject"] != self.dialect.constants["SOBJECT"][0]:
            return Answer(404, [{"message": "The requested resource does not exist",
                                 "errorCode": "NOT_FOUND"}], note=f"NOT_FOUND: no record {key}")
        asked = [f for f in request.query.get("fields", "").split(",") if f]
        if any(f not in record for f in asked):
            return Answer(400, None, note="400: a field the mock's records do not have")
        return Answer(200, {f: record[f] for f in asked} if asked else record,
                      note=f"record {key}")


def sobject_records(step: Step, count: int) -> list[dict[str, Any]]:
    """Records the mock keeps by Salesforce Id (18 characters), with the flow's fields."""
    return [{"id": f"001SIM{n:012d}", **{f: fake_value(f, n) for f in step.flow.fields}}
            for n in range(1, count + 1)]


def lookup_salesforce(context: Context, step: Step, state: State,
                      headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET .../sobjects/<object>/<id>?fields=<the flow's fields>."""
    assert step.target is not None and step.target.dialect is not None
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    sobject = step.target.dialect.constants["SOBJECT"][0]
    path = (step.target.endpoint.path.replace("{SOBJECT}", encode_component(sobject))
            .replace("{id}", encode_component(ident)))
    fields = list(step.flow.fields)
    answer = send_with_retries("GET", context.base_url + path, settings, context.deadline,
                               query={"fields": ",".join(fields)} if fields else None,
                               headers=headers)
    return looked_up(step.target.label, state, ident, answer, salesforce_reason)


class TrackedEntityRoute(VendorLookupRoute):
    """DHIS2's tracked entity read: GET /api/tracker/trackedEntities/{uid}?program=...,
    answering the tracked entity; 404 with the Web API's message for a UID it does not
    know."""

    words = ("answers the read of one tracked entity by its UID (its attributes, the default "
             "fields), and 404 with the Web API's message {httpStatus, httpStatusCode, status, "
             "message} for a UID it does not know, as DHIS2's tracker.md and metadata.md "
             "document it (the message's words are the mock's)")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/api/tracker/trackedEntities/{id}", caller, auth, faults)

    unknown = dhis2_uid("sim-tracked-entity-unknown")

    def key_of(self, record: dict[str, Any]) -> str:
        return str(record["trackedEntity"])

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params["id"]
        status = self.faults.next(key)
        if status is not None:
            return Answer(status, _web_message(status, "injected"), note=f"injected {status}")
        record = self.records.get(key)
        if record is None:
            return Answer(404, _web_message(404, f"TrackedEntity with id {key} could not be "
                                                 "found."),
                          note=f"Not Found: no tracked entity {key}")
        return Answer(200, record, note=f"tracked entity {key}")


def _web_message(status: int, message: str) -> dict[str, Any]:
    words = {404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable"}
    return {"httpStatus": words.get(status, "Error"), "httpStatusCode": status,
            "status": "ERROR", "message": message}


def tracked_entities(step: Step, count: int) -> list[dict[str, Any]]:
    """Tracked entities as the single object endpoint answers them: the spec's field names
    stand in for the attributes' UIDs."""
    out = []
    for n in range(1, count + 1):
        stamp = f"2024-05-01T08:{n:02d}:00.000"
        attributes = [{"attribute": f, "displayName": f, "createdAt": stamp,
                       "updatedAt": stamp, "valueType": "TEXT",
                       "value": js_string(fake_value(f, n))} for f in step.flow.fields]
        out.append({"trackedEntity": dhis2_uid(f"sim-tracked-entity-{n}"),
                    "trackedEntityType": "SimTeType01", "createdAt": stamp,
                    "createdAtClient": stamp, "updatedAt": stamp, "orgUnit": "SimOrgUnit1",
                    "inactive": False, "deleted": False, "potentialDuplicate": False,
                    "attributes": attributes})
    return out


def lookup_tracked_entity(context: Context, step: Step, state: State,
                          headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET /api/tracker/trackedEntities/<uid>?program=<PROGRAM>."""
    assert step.target is not None and step.target.dialect is not None
    lookup = step.target.dialect.lookup
    assert lookup is not None
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    program = lookup.constants["PROGRAM"][0]
    answer = send_with_retries("GET", context.base_url + "/api/tracker/trackedEntities/"
                               + encode_component(ident), settings, context.deadline,
                               query={"program": program} if program else None,
                               headers=headers)
    return looked_up(step.target.label, state, ident, answer)


class ServiceNowRecordRoute(VendorLookupRoute):
    """ServiceNow's Table API read of one record: GET /api/now/table/{table}/{sys_id}
    ?sysparm_fields=..., answering {result: {...}}; 404 for a sys_id it does not know."""

    words = ("answers the read of one record by its sys_id with {result: {the fields asked "
             "for in sysparm_fields}}, and 404 for a sys_id it does not know, as ServiceNow's "
             "Table API documents it (its error bodies are not modelled: the 404's is the "
             "mock's)")

    def __init__(self, dialect: Dialect, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__(dialect, "/api/now/table/{table}/{id}", caller, auth, faults)

    unknown = f"{9999:032x}"

    def answered(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if k != "id"}  # the fields asked for

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params["id"]
        status = self.faults.next(key)
        if status is not None:
            return Answer(status, {"error": "injected"}, note=f"injected {status}")
        record = self.records.get(key)
        if record is None or params["table"] != self.dialect.constants["TABLE"][0]:
            return Answer(404, {"error": f"no record {key}"}, note=f"404: no record {key}")
        asked = [f for f in request.query.get("sysparm_fields", "").split(",") if f]
        chosen = {f: record[f] for f in asked if f in record} if asked else record
        return Answer(200, {"result": chosen}, note=f"record {key}")


def servicenow_records(step: Step, count: int) -> list[dict[str, Any]]:
    """Records by sys_id (32 hexadecimal digits), with the flow's fields."""
    return [{"id": f"{n:032x}", **{f: js_string(fake_value(f, n)) for f in step.flow.fields}}
            for n in range(1, count + 1)]


def lookup_servicenow(context: Context, step: Step, state: State,
                      headers: dict[str, str], settings: dict[str, Any]) -> State:
    """The job's lookUp: GET /api/now/table/<table>/<sys_id>?sysparm_fields=<fields>."""
    assert step.target is not None and step.target.dialect is not None
    data = state.get("data")
    ident = js_string(data.get("id") if isinstance(data, dict) else None)
    table = step.target.dialect.constants["TABLE"][0]
    fields = list(step.flow.fields)
    answer = send_with_retries("GET", context.base_url + f"/api/now/table/"
                               f"{encode_component(table)}/{encode_component(ident)}",
                               settings, context.deadline,
                               query={"sysparm_fields": ",".join(fields)} if fields else None,
                               headers=headers)
    looked = looked_up(step.target.label, state, ident, answer)
    if 200 <= answer.status < 300:
        body = answer.body if isinstance(answer.body, dict) else {}
        result = body.get("result")  # the job's `body.result || null`
        looked["data"] = result if isinstance(result, (dict, list)) or result else None
    return looked


# style -> (the mock's route, its records, the engine's lookup)
LookupFn = Callable[[Context, "Step", State, dict[str, str], dict[str, Any]], State]
RecordsFn = Callable[["Step", int], list[dict[str, Any]]]
RouteFn = Callable[["Dialect", str, "AuthCheck | None", FaultPlan], VendorLookupRoute]
LOOKUPS: dict[str, tuple[RouteFn, RecordsFn, LookupFn]] = {
    "bamboohr-employee": (BambooEmployeeRoute, bamboo_employees, lookup_bamboohr),
    "sobject-retrieve": (SObjectRowsRoute, sobject_records, lookup_salesforce),
    "tracker-entity": (TrackedEntityRoute, tracked_entities, lookup_tracked_entity),
    "servicenow-record": (ServiceNowRecordRoute, servicenow_records, lookup_servicenow),
}
