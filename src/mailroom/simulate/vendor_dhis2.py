"""DHIS2's tracker export as the mock answers it (GET /api/tracker/{trackedEntities,events,
enrollments}: program and organisation unit parameters, updatedAfter, order, page and
pageSize; the objects under their own name beside a pager of {page, pageSize}; errors as
the Web API's message {httpStatus, httpStatusCode, status, message}), its events as it
serves them, and the Python engine's pull, request for request what
templates/stub/vendors/tracker-export.js.j2 does. The pages these rest on are the
dialect's sources (mailroom.vendors.health.DHIS2_TRACKER_EXPORT)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import MAX_PAGES, PAGE_SIZE, get_page, js_string
from mailroom.vendors.wire import dhis2_uid

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context, State
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

UID_FIELDS = {"trackedEntities": "trackedEntity", "enrollments": "enrollment",
              "events": "event"}
ORG_UNIT_PARAMS = {"trackedEntities": "orgUnits", "enrollments": "orgUnits",
                   "events": "orgUnit"}  # as tracker.md's tables name them
DEFAULT_PAGE_SIZE = 50  # "pageSize ... Defaults to 50"

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?$")
_STATUS = {400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 409: "Conflict",
           500: "Internal Server Error", 503: "Service Unavailable"}


def dhis2_time(when: str) -> str:
    """2024-05-01T08:05:00Z as the tracker export writes a time: 2024-05-01T08:05:00.000
    (the server's time, no zone)."""
    return when.removesuffix("Z") + ".000"


def _value(value: Any) -> str:
    return js_string(value)  # a data value is text in DHIS2's JSON


def dhis2_event(dialect: Dialect, number: int, modified: str,
                fields: dict[str, Any]) -> dict[str, Any]:
    """An event as the tracker export lists it: its data values by data element (the
    spec's field names stand in for the data elements' UIDs)."""
    constants = dialect.pull.constants if dialect.pull is not None else {}
    stamp = dhis2_time(modified)
    values = [{"dataElement": name, "value": _value(value), "createdAt": stamp,
               "updatedAt": stamp, "providedElsewhere": False}
              for name, value in fields.items() if not isinstance(value, (dict, list))]
    return {"event": dhis2_uid(f"sim-event-{number}"), "status": "ACTIVE",
            "program": constants["PROGRAM"][0], "programStage": "SimStage001",
            "orgUnit": constants["ORG_UNIT"][0], "occurredAt": stamp, "createdAt": stamp,
            "updatedAt": stamp, "deleted": False, "followUp": False,
            "dataValues": values, "notes": []}


def changed_dhis2_event(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    """The event as someone edits one of its data values: a new value, a new updatedAt."""
    stamp = dhis2_time(when)
    values = [{**v, "value": f"{v['value']} (changed)", "updatedAt": stamp}
              if v["dataElement"] == field else dict(v) for v in record["dataValues"]]
    return {**record, "dataValues": values, "updatedAt": stamp}


def web_message(status: int, message: str) -> Answer:
    """The Web API's message, as tracker.md shows an error: {httpStatus, httpStatusCode,
    status, message}."""
    return Answer(status, {"httpStatus": _STATUS.get(status, "Error"), "httpStatusCode": status,
                           "status": "ERROR", "message": message},
                  note=f"injected {status}" if message == "injected" else f"refused: {message}")


class TrackerExportRoute(Route):
    """The tracker export's collection endpoints: program and organisation unit required,
    updatedAfter (after, not on, the given time), order, page and pageSize."""

    kind = "source"
    vendor = True
    words = ("exports tracker objects by program and organisation unit, updatedAfter and "
             "order=updatedAt:asc, page and pageSize (50 by default), the objects under their "
             "own name beside a pager of {page, pageSize}, as DHIS2's tracker export documents "
             "it; errors as the Web API's {httpStatus, httpStatusCode, status, message}. It "
             "does not know the instance's programs or organisation units (any UID given is "
             "taken) and reads updatedAfter as strictly after (the documentation does not "
             "say)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/api/tracker/{objects}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        objects = params.get("objects", "")
        if objects not in UID_FIELDS:
            return web_message(404, f"No tracker export at /api/tracker/{objects}")
        query = request.query
        if not query.get("program"):
            return web_message(400, "Program is mandatory (the mock asks it of every export)")
        if not query.get(ORG_UNIT_PARAMS[objects]) and query.get("orgUnitMode") != "ALL":
            return web_message(400, "At least one organisation unit must be specified")
        page, size = _positive(query.get("page"), 1), _positive(query.get("pageSize"),
                                                                 DEFAULT_PAGE_SIZE)
        if page is None or size is None:
            return web_message(400, "page and pageSize take positive whole numbers")
        since = query.get("updatedAfter")
        if since is not None and not _DATETIME.match(since):
            return web_message(400, f"Value {since} is not a valid date for updatedAfter")
        status = self.faults.next(f"{since or ''}|{page}")
        if status is not None:
            return web_message(status, "injected")
        chosen = [r for r in self.records if since is None or r["updatedAt"] > since]
        if query.get("order", "").split(",")[0] in ("updatedAt", "updatedAt:asc"):
            chosen.sort(key=lambda r: r["updatedAt"])  # ties: in the mock's own order
        found = chosen[(page - 1) * size:page * size]
        body: dict[str, Any] = {"pager": {"page": page, "pageSize": size}, objects: found}
        return Answer(200, body, note=f"{len(found)} {objects}, page {page} of pageSize {size}")


def _positive(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    return int(text) if text.isdigit() and int(text) > 0 else None


def pull_dhis2(context: Context, step: Step, state: State, headers: dict[str, str],
               settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The tracker export: the program's objects updated after the cursor, page by page
    until a page holds fewer than pageSize."""
    dialect = step.target.dialect if step.target is not None else None
    assert dialect is not None and dialect.pull is not None and step.flow.cursor is not None
    constants = dialect.pull.constants
    objects = constants["OBJECTS"][0]
    cursor = None if step.flow.cursor.kind == "full-fetch" else state.get("cursor")
    size = settings.get("pageSize") or PAGE_SIZE
    base: dict[str, Any] = {"program": constants["PROGRAM"][0],
                            ORG_UNIT_PARAMS[objects]: constants["ORG_UNIT"][0],
                            "orgUnitMode": constants["ORG_UNIT_MODE"][0],
                            "order": "updatedAt:asc", "pageSize": size}
    if cursor is not None:
        base["updatedAfter"] = cursor
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, f"/api/tracker/{objects}",
                          {**base, "page": page}, page)
        body = answer.body if isinstance(answer.body, dict) else {}
        found = body.get(objects) or []
        records.extend(found)
        if len(found) < size:
            break
    return records, cursor


def tracker_values(record: dict[str, Any]) -> dict[str, Any]:
    """An object's values by data element or attribute (the job's trackerValues)."""
    values: dict[str, Any] = {}
    for item in record.get("dataValues") or []:
        if isinstance(item, dict):
            values[js_string(item.get("dataElement"))] = item.get("value")
    for item in record.get("attributes") or []:
        if isinstance(item, dict):
            values[js_string(item.get("attribute"))] = item.get("value")
    return values
