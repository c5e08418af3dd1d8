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
    reason_of,
    send_with_retries,
)
from mailroom.simulate.vendor_bamboohr import encode_component
from mailroom.simulate.vendor_steps import _salesforce_reason as salesforce_reason
from mailroom.stub.examples import fake_value

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
    if answer.status in (401, 403):
        raise StepFailed(f"{label} refused the credentials ({answer.status})")
    if 200 <= answer.status < 300:
        if not isinstance(answer.body, dict):
            raise StepFailed(f"{label} did not answer employee {ident} in JSON (is Accept: "
                             "application/json sent?)")
        return {**state, "data": answer.body, "deadLetters": []}
    return {**state, "data": None,
            "deadLetters": [{"key": ident, "status": answer.status,
                             "attempts": answer.attempts, "reason": reason_of(answer)}]}


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
    if answer.status in (401, 403):
        raise StepFailed(f"{step.target.label} refused the credentials ({answer.status})")
    if 200 <= answer.status < 300:
        return {**state, "data": answer.body, "deadLetters": []}
    return {**state, "data": None,
            "deadLetters": [{"key": ident, "status": answer.status,
                             "attempts": answer.attempts, "reason": salesforce_reason(answer)}]}


# style -> (the mock's route, its records, the engine's lookup)
LookupFn = Callable[[Context, "Step", State, dict[str, str], dict[str, Any]], State]
RecordsFn = Callable[["Step", int], list[dict[str, Any]]]
RouteFn = Callable[["Dialect", str, "AuthCheck | None", FaultPlan], VendorLookupRoute]
LOOKUPS: dict[str, tuple[RouteFn, RecordsFn, LookupFn]] = {
    "bamboohr-employee": (BambooEmployeeRoute, bamboo_employees, lookup_bamboohr),
    "sobject-retrieve": (SObjectRowsRoute, sobject_records, lookup_salesforce),
}
