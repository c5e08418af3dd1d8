"""HubSpot's CRM in its own dialect: the search (POST /crm/v3/objects/{objectType}/search,
a filter on the last-modified property, one sort, `limit` and `after` paging, at most
10,000 results a search) and the batch upsert by a unique property (POST
/crm/v3/objects/{objectType}/batch/upsert), with errors as {message, correlationId,
category}; for the mock (routes answering as HubSpot's search guide and published OpenAPI
file document it) and for the Python engine (the jobs' requests, request for request).
mailroom.vendors.searches holds the one description the job templates read too."""

from __future__ import annotations

import calendar
import time
import urllib.parse
import uuid
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    StepFailed,
    js_string,
    reason_of,
    send_with_retries,
)

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

PAGE_SIZE = 200  # the job's limit: HubSpot's default is 10 and its maximum 200
RESULTS_CAP = 10000  # what one search gives at most, all pages together
_SAFE = "!*'()"  # what encodeURIComponent leaves as it is
_MODIFIED = ("lastmodifieddate", "hs_lastmodifieddate")  # contacts', and most others'


def hubspot_stamp(when: str) -> str:
    """2024-05-01T08:05:00Z as HubSpot writes a time: 2024-05-01T08:05:00.000Z."""
    return when.removesuffix("Z") + ".000Z" if "." not in when else when


def _millis(stamp: str) -> int:
    """2024-05-01T08:05:00.000Z as milliseconds since 1970, as the job's Date.parse."""
    head, _, rest = stamp.removesuffix("Z").partition(".")
    return calendar.timegm(time.strptime(head, "%Y-%m-%dT%H:%M:%S")) * 1000 + int(
        (rest or "0")[:3].ljust(3, "0"))


def _wire(millis: int) -> str:
    """A filter's milliseconds as the poll scenario names the cursor (request_cursor)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(millis // 1000)) + \
        f".{millis % 1000:03d}"


def hubspot_record(dialect: Dialect, number: int, modified: str,
                   fields: dict[str, Any]) -> State:
    """An object as the search lists it: its id, its properties (the flow's fields, and
    hs_object_id, createdate and the last-modified property), createdAt and updatedAt."""
    stamp = hubspot_stamp(modified)
    ident = str(100450 + number)
    prop = dialect.constants["MODIFIED_PROPERTY"][0]
    return {"id": ident,
            "properties": {**fields, "hs_object_id": ident, "createdate": stamp, prop: stamp},
            "createdAt": stamp, "updatedAt": stamp, "archived": False}


def changed_hubspot_record(dialect: Dialect, record: State, field: str, when: str) -> State:
    stamp = hubspot_stamp(when)
    properties = dict(record["properties"])
    properties[field] = f"{properties.get(field)} (changed)"
    properties[dialect.constants["MODIFIED_PROPERTY"][0]] = stamp
    return {**record, "properties": properties, "updatedAt": stamp}


def hubspot_error(status: int, category: str, message: str) -> Answer:
    return Answer(status, {"message": message, "correlationId": str(uuid.uuid4()),
                           "category": category},
                  note=f"injected {status}" if message == "injected" else f"{status} {category}")


class HubSpotSearchRoute(Route):
    """The CRM search of one object type: a GT/GTE filter on the last-modified property,
    one sort, `limit` (200 at most) and `after`, at most 10,000 results a search."""

    kind = "source"
    vendor = True
    words = ("searches an object's records by a filter on its last-modified property (GTE "
             "or GT, in milliseconds), one sort rule, limit (200 at most) and after from "
             "paging.next.after, refusing a page beyond 10,000 results, errors as {message, "
             "correlationId, category}, as HubSpot's search guide and OpenAPI file document it "
             "(filters on other properties and search lag are not modelled)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("POST", "/crm/v3/objects/{objectType}/search", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        body = request.body if isinstance(request.body, dict) else {}
        limit, after = body.get("limit", 10), str(body.get("after", "0"))
        if not isinstance(limit, int) or not 1 <= limit <= 200 or not after.isdigit():
            return hubspot_error(400, "VALIDATION_ERROR", "limit takes 1 to 200 and after an "
                                 "integer (mock)")
        if int(after) + limit > RESULTS_CAP:
            return hubspot_error(400, "VALIDATION_ERROR", "a search gives at most 10,000 "
                                 "results (mock)")
        sorts = body.get("sorts") or []
        groups = body.get("filterGroups") or []
        if len(sorts) > 1 or len(groups) > 5:
            return hubspot_error(400, "VALIDATION_ERROR", "one sort rule and at most five "
                                 "filterGroups (mock)")
        since, strict = None, False
        for flt in (f for g in groups for f in g.get("filters") or []):
            value = str(flt.get("value", ""))
            if flt.get("propertyName") not in _MODIFIED or flt.get("operator") not in (
                    "GT", "GTE") or not value.isdigit():
                return hubspot_error(400, "VALIDATION_ERROR", "the mock models a GT or GTE "
                                     "filter on the last-modified property, in milliseconds")
            since, strict = int(value), flt["operator"] == "GT"
        page = int(after) // limit + 1
        status = self.faults.next(f"{_wire(since) if since is not None else ''}|{page}")
        if status is not None:
            return hubspot_error(status, "INTERNAL_ERROR" if status >= 500 else
                                 "VALIDATION_ERROR", "injected")
        chosen = [r for r in self.records if since is None
                  or (_millis(r["updatedAt"]) > since if strict
                      else _millis(r["updatedAt"]) >= since)]
        if sorts:  # by the one property asked for; the order of ties is the mock's (by id)
            name = sorts[0].get("propertyName")
            chosen.sort(key=lambda r: (str(r["properties"].get(name, "")), r["id"]),
                        reverse=sorts[0].get("direction") == "DESCENDING")
        else:  # "in order of object creation (oldest first)"
            chosen.sort(key=lambda r: (r["createdAt"], r["id"]))
        start = int(after)
        shown = set(body.get("properties") or []) | {"hs_object_id", "createdate", *_MODIFIED}
        results = [{**r, "properties": {k: v for k, v in r["properties"].items() if k in shown}}
                   for r in chosen[start:start + limit]]
        answer: dict[str, Any] = {"total": len(chosen), "results": results}
        if start + limit < len(chosen):
            following = str(start + limit)
            answer["paging"] = {"next": {"after": following, "link": f"?after={following}"}}
        return Answer(200, answer, note=f"{len(results)} of {len(chosen)} object(s)"
                      + (", paging.next.after" if "paging" in answer else ""))


class HubSpotUpsertRoute(DestinationRoute):
    """The batch upsert of one object type by a unique property: the same id again
    updates the object it created."""

    vendor = True
    words = ("upserts by a unique property (idProperty; 200 with results, new: true when "
             "created, false when updated), errors as {message, correlationId, category}, as "
             "HubSpot's API reference and OpenAPI file document it (whether the property "
             "requires unique values is not checked)")
    duplicate_words = ("repeated deliveries updated the object they created (upsert by a "
                       "unique property)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/crm/v3/objects/{objectType}/batch/upsert", caller, auth,
                         faults, label)
        faults.generic = False
        self.ids: dict[str, str] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        inputs = body.get("inputs")
        if not isinstance(inputs, list) or not inputs or not all(
                isinstance(i, dict) and i.get("id") and i.get("idProperty")
                and isinstance(i.get("properties"), dict) for i in inputs):
            return hubspot_error(400, "VALIDATION_ERROR", "each input needs id, idProperty "
                                 "and properties (mock)")
        results = []
        for item in inputs:
            key = str(item["id"])
            status = self.faults.next(key)
            if status is not None and status >= 500:
                return hubspot_error(status, "INTERNAL_ERROR", "injected")
            if status is not None:
                return hubspot_error(status, "VALIDATION_ERROR",
                                     f"Property values were not valid: {key} (injected)")
            new = key not in self.ids
            if new:
                self.ids[key] = str(900000 + len(self.ids) + 1)
                self.deliveries.append(Delivery(key, item["properties"]))
            else:
                self.duplicates.append(key)
            results.append({"id": self.ids[key], "properties": item["properties"],
                            "archived": False, "new": new})
        note = "created" if all(r["new"] for r in results) else \
            "updated: this unique property value was upserted before"
        return Answer(200, {"status": "COMPLETE", "results": results}, note=note)


# -- the Python engine: the jobs' requests -------------------------------------------


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    errors = body.get("errors")
    error = errors[0] if isinstance(errors, list) and errors else body
    if isinstance(error, dict) and "category" in error:
        return f"{js_string(error.get('category'))}: {js_string(error.get('message'))}"
    return reason_of(answer)


def _object_path(step: Step, tail: str) -> str:
    assert step.target is not None and step.target.dialect is not None
    kind = step.target.dialect.constants["OBJECT_TYPE"][0]
    return f"/crm/v3/objects/{urllib.parse.quote(kind, safe=_SAFE)}/{tail}"


def pull_hubspot(context: Context, step: Step, state: State, headers: dict[str, str],
                 settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The job's search: GTE the cursor on the last-modified property, sorted by it,
    `limit` a page, `after` from paging.next.after, never past 10,000 results."""
    assert step.target is not None and step.target.dialect is not None
    prop = step.target.dialect.constants["MODIFIED_PROPERTY"][0]
    cursor = state.get("cursor")
    limit = min(settings.get("pageSize") or PAGE_SIZE, 200)
    names = list(dict.fromkeys(("hs_object_id", *step.flow.fields)))
    search: dict[str, Any] = {"sorts": [{"propertyName": prop, "direction": "ASCENDING"}],
                              "properties": [*names, prop], "limit": limit}
    if cursor is not None:
        search["filterGroups"] = [{"filters": [{"propertyName": prop, "operator": "GTE",
                                                "value": str(_millis(str(cursor)))}]}]
    path = _object_path(step, "search")
    records: list[dict[str, Any]] = []
    after: str | None = None
    for page in range(1, MAX_PAGES + 1):
        body = search if after is None else {**search, "after": after}
        answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                                   body=body, headers=headers)
        if not 200 <= answer.status < 300:
            raise StepFailed(f"{step.target.label} answered {answer.status} to page {page} "
                             f"({_reason(answer)}); nothing is saved and the next poll repeats")
        found = answer.body if isinstance(answer.body, dict) else {}
        records.extend(found.get("results") or [])
        following = ((found.get("paging") or {}).get("next") or {}).get("after")
        if not following or int(following) + limit > RESULTS_CAP:
            break
        after = str(following)
    return records, cursor


def push_hubspot(context: Context, step: Step, key: str, body: Any, headers: dict[str, str],
                 settings: dict[str, Any]) -> tuple[HttpAnswer, bool, str]:
    """One record upserted by the unique property: taken when HubSpot answers 200 with
    the object in results."""
    assert step.target is not None and step.target.dialect is not None
    unique = step.target.dialect.constants["ID_PROPERTY"][0]
    payload = {"inputs": [{"idProperty": unique, "id": key, "properties": body}]}
    answer = send_with_retries("POST", context.base_url + _object_path(step, "batch/upsert"),
                               settings, context.deadline, body=payload, headers=headers)
    found = answer.body if isinstance(answer.body, dict) else {}
    ok = answer.status == 200 and bool(found.get("results"))
    return answer, ok, _reason(answer)
