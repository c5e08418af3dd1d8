"""BambooHR in its own dialect: the changed-employees list (GET /api/gateway.php/{company}
/v1/employees/changed?since=..., answering {latest, employees: {id: {id, action,
lastChanged}}}) and the read of each employee (GET .../v1/employees/{id}?fields=...), for
the mock (a route answering as BambooHR's pages and its own library document it) and for
the Python engine (the job's pull, request for request). mailroom.vendors.workplace holds
the one description the job template reads too."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
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

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

_BASE = re.compile(r"^/api/gateway\.php/(?P<company>[^/]+)/v1/employees/(?P<rest>[^/]+)/?$")
# since, as BambooHR lists its formats: an offset (+hh:mm, -hh:mm, +hhmm, -hhmm) or Z
_SINCE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:?\d{2})$")
_TYPES = ("inserted", "updated", "deleted")


def bamboo_stamp(when: str) -> str:
    """2024-05-01T08:05:00Z as BambooHR's sample answers write it: ...+00:00."""
    return when.removesuffix("Z") + "+00:00"


def bamboo_employee(number: int, modified: str, fields: dict[str, Any]) -> State:
    """An employee as the mock keeps it: its id (BambooHR's ids are strings of digits),
    its lastChanged, when it was inserted (for the change's action) and its fields."""
    stamp = bamboo_stamp(modified)
    return {"id": str(number), "lastChanged": stamp, "_inserted": stamp, **fields}


def changed_bamboo_employee(record: State, field: str, when: str) -> State:
    return {**record, field: f"{record.get(field)} (changed)", "lastChanged": bamboo_stamp(when)}


def _instant(text: str) -> dt.datetime:
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    elif re.search(r"[+-]\d{4}$", text):
        text = f"{text[:-2]}:{text[-2:]}"
    return dt.datetime.fromisoformat(text)


class BambooChangedRoute(Route):
    """BambooHR's changed-employees list and the read of one employee."""

    kind = "source"
    vendor = True
    words = ("lists the employees changed since `since` as {latest, employees: {id: {id, "
             "action, lastChanged}}} in one answer, and answers each employee's read with "
             "the fields asked for, in JSON when Accept asks for it, as BambooHR's pages and "
             "library document it (taking `since` as strictly after is the mock's choice; "
             "its refusals have no body, BambooHR's are not documented)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/api/gateway.php/{company}/v1/employees/{what}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0
        self.reads = 0  # employee reads since the last list: the fault keys' "page"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        found = _BASE.match(path)
        if method != "GET" or found is None:
            return None
        return {"company": found["company"], "what": found["rest"]}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        if "application/json" not in request.headers.get("accept", ""):
            return Answer(200, "<?xml version=\"1.0\"?><employees/>",
                          note="XML: no Accept: application/json (BambooHR answers JSON "
                               "or XML; the mock writes the XML as a JSON string)")
        if params["what"] == "changed":
            return self._changed(request.query)
        return self._employee(params["what"], request.query)

    def _changed(self, query: dict[str, str]) -> Answer:
        since, kind = query.get("since", ""), query.get("type")
        if not _SINCE.match(since) or (kind is not None and kind not in _TYPES):
            return Answer(400, None, note="400: since missing or not ISO 8601, or a wrong type")
        self.reads = 0
        status = self.faults.next(f"{since}|1")
        if status is not None:
            return Answer(status, None, note=f"injected {status}")
        after = _instant(since)
        chosen = sorted((r for r in self.records if _instant(r["lastChanged"]) > after),
                        key=lambda r: (r["lastChanged"], r["id"]))
        entries = {r["id"]: {"id": r["id"], "lastChanged": r["lastChanged"],
                             "action": ("Inserted" if r["_inserted"] == r["lastChanged"]
                                        else "Updated")}
                   for r in chosen if kind in (None, "inserted", "updated")}
        body: dict[str, Any] = {"employees": entries}
        if chosen:
            body = {"latest": max(r["lastChanged"] for r in chosen), **body}
        return Answer(200, body, note=f"{len(entries)} changed employee(s)")

    def _employee(self, ident: str, query: dict[str, str]) -> Answer:
        self.reads += 1
        status = self.faults.next(f"|{self.reads + 1}")  # the first read after a list: |2
        if status is not None:
            return Answer(status, None, note=f"injected {status}")
        record = next((r for r in self.records if r["id"] == ident), None)
        if record is None:
            return Answer(404, None, note=f"404: no employee {ident}")
        asked = [f for f in query.get("fields", "firstName,lastName").split(",") if f]
        if any(f not in record for f in asked):
            return Answer(406, None, note="406: a field the mock's employees do not have")
        return Answer(200, {"id": ident, **{f: record[f] for f in asked}},
                      note=f"employee {ident}")


# -- the Python engine's pull ------------------------------------------------------------


def pull_bamboohr(context: Context, step: Step, state: State, headers: dict[str, str],
                  settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The job's pullRecords: the changed employees since the cursor, then each one read
    with the flow's fields; the next cursor is the answer's latest."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    headers = {**headers, "Accept": "application/json"}
    cursor = state.get("cursor")
    base = (context.base_url + "/api/gateway.php/"
            f"{encode_component(constants['COMPANY_DOMAIN'][0])}/v1/employees")
    since = constants["FIRST_SINCE"][0] if cursor is None else cursor
    listed = send_with_retries("GET", f"{base}/changed", settings, context.deadline,
                               query={"since": since}, headers=headers)
    label = step.target.label
    if not 200 <= listed.status < 300:
        raise StepFailed(f"{label} answered {listed.status} to the list of changed employees "
                         f"({reason_of(listed)}); nothing is saved and the "
                         "next poll repeats")
    body = listed.body
    if not isinstance(body, dict):
        raise StepFailed(f"{label} did not answer the list of changed employees in JSON (is "
                         "Accept: application/json sent?); nothing is saved")
    found = body.get("employees") or {}
    entries = sorted(found.values() if isinstance(found, dict) else found,
                     key=lambda e: (js_string(e.get("lastChanged")), js_string(e.get("id"))))
    fields = list(step.flow.fields)
    query = {"fields": ",".join(fields)} if fields else None
    records: list[dict[str, Any]] = []
    for entry in entries:
        if js_string(entry.get("action")).lower() == "deleted":
            continue
        ident = js_string(entry.get("id"))
        answer = send_with_retries("GET", f"{base}/{encode_component(ident)}", settings,
                                   context.deadline, query=query, headers=headers)
        if not 200 <= answer.status < 300:
            raise StepFailed(f"{label} answered {answer.status} to employee {ident} "
                             f"({reason_of(answer)}); nothing is saved "
                             "and the next poll repeats")
        employee = answer.body if isinstance(answer.body, dict) else {}
        records.append({**employee, "id": ident, "action": entry.get("action"),
                        "lastChanged": entry.get("lastChanged")})
    return records, body.get("latest") or cursor


def encode_component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")
