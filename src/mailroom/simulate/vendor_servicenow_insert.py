"""ServiceNow's Table API as a destination (POST /api/now/table/{tableName}, which only
inserts; mailroom.vendors.writes holds the description and its page): the mock's route,
which inserts every record it is sent, a repeat too, and answers the job's look-up of a key
(GET with sysparm_query=<field>=<value>); and the Python engine's delivery of one record,
request for request what templates/stub/vendors/servicenow-insert.js.j2 does."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect


def servicenow_error(status: int, message: str) -> Answer:
    """The mock's refusal: ServiceNow's own error bodies are not modelled."""
    return Answer(status, {"error": {"message": message, "detail": "(the mock's shape)"}},
                  note=f"injected {status}" if message == "injected" else f"{status} {message}")


class ServiceNowInsertRoute(DestinationRoute):
    """POST /api/now/table/{table} inserts (201, result); GET with sysparm_query
    <field>=<value> lists the records whose field holds that value."""

    vendor = True
    words = ("inserts every record it is sent (POST, 201 with the record under result), a "
             "repeat too: the Table API has no upsert; answers a look-up by one field "
             "(sysparm_query=<field>=<value>), as ServiceNow documents its Table API (its "
             "error bodies are the mock's). Its injected failures come before the insert")
    skipped_by_the_job = ("ServiceNow's Table API only inserts: the repeated event was "
                          "skipped by the job itself, which looked its key up first and found "
                          "the record; the Table API would have inserted a second one. Two "
                          "runs at the same moment could both insert one record.")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/api/now/table/{tableName}", caller, auth, faults, label)
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        assert dialect.push is not None
        self.field = dialect.push.constants["KEY_FIELD"][0]  # where the job puts its key

    def match(self, method: str, path: str) -> dict[str, str] | None:
        found = super().match("POST", path)
        if found is None or method not in ("GET", "POST"):
            return None
        return {**found, "method": method}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if params["method"] == "GET":
            field, equals, value = request.query.get("sysparm_query", "").partition("=")
            if not equals or not field or "^" in value:
                return servicenow_error(400, "the mock answers a look-up by one field only")
            found = [{"sys_id": r["sys_id"]} for r in self.records
                     if js_string(r.get(field)) == value]
            return Answer(200, {"result": found}, note=f"{len(found)} record(s) with {field}")
        body = request.body if isinstance(request.body, dict) else None
        if body is None:
            return servicenow_error(400, "the body is not a JSON object")
        key = js_string(body.get(self.field))
        status = self.faults.next(key)
        if status is not None:
            return servicenow_error(status, "injected" if status == 429 or status >= 500
                                    else f"the record {key} was refused (injected)")
        created = {**body, "sys_id": f"{len(self.records) + 1:032x}",
                   "sys_created_on": "2024-05-01 08:00:00"}
        if any(js_string(r.get(self.field)) == key for r in self.records):
            self.duplicates.append(key)
        self.records.append(created)
        self.deliveries.append(Delivery(key, body))
        return Answer(201, {"result": created},
                      headers={"Location": f"/api/now/table/{params['tableName']}/"
                                           f"{created['sys_id']}"},
                      note=f"201 inserted {created['sys_id'][-6:]}")


def push_servicenow(context: Context, step: Step, key: str, body: Any,
                    headers: dict[str, str], settings: dict[str, Any]
                    ) -> tuple[HttpAnswer, bool, str]:
    """Look the key up; insert the record, its key in KEY_FIELD, when none holds it."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    field = dialect.push.constants["KEY_FIELD"][0]
    path = f"/api/now/table/{_component(dialect.constants['TABLE'][0])}"
    found = send_with_retries("GET", context.base_url + path, settings, context.deadline,
                              query={"sysparm_query": f"{field}={key}", "sysparm_limit": 1,
                                     "sysparm_fields": "sys_id"}, headers=headers)
    if not 200 <= found.status < 300:
        return found, False, _reason(found)
    result = found.body.get("result") if isinstance(found.body, dict) else None
    if isinstance(result, list) and result:
        return found, True, ""
    answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                               body={**(body if isinstance(body, dict) else {}), field: key},
                               headers=headers)
    return answer, 200 <= answer.status < 300, _reason(answer)


def _component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict) and "message" in error:
        return js_string(error["message"])
    return reason_of(answer)
