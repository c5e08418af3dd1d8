"""ServiceNow's Table API as the mock answers it (GET /api/now/table/{tableName}: an
encoded query in sysparm_query, pages of sysparm_limit records skipping sysparm_offset,
the records under `result`), and its records as it serves them (sys_id, sys_updated_on
as "YYYY-MM-DD HH:MM:SS"). The pages these rest on are the dialect's sources
(mailroom.vendors.SERVICENOW)."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.stub.shape import Cursor
from mailroom.vendors import Dialect

DEFAULT_LIMIT = 10000  # the Table API's sysparm_limit when none is sent

_CLAUSE = re.compile(r"^sys_updated_on(>=|>)(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})$")


def servicenow_datetime(when: str) -> str:
    """2024-05-01T08:05:00Z as the Table API writes it: 2024-05-01 08:05:00 (UTC)."""
    return when.replace("T", " ").removesuffix("Z")


def servicenow_record(number: int, modified: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A record as the Table API lists it (sysparm_display_value=false: actual values)."""
    sys_id = hashlib.md5(f"sim-{number}".encode()).hexdigest()  # 32 hex digits, as sys_ids
    stamp = servicenow_datetime(modified)
    return {"sys_id": sys_id, "sys_created_on": stamp, "sys_updated_on": stamp, **fields}


def changed_servicenow_record(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    return {**record, field: f"{record.get(field)} (changed)",
            "sys_updated_on": servicenow_datetime(when)}


class ServiceNowTableRoute(Route):
    """The Table API's list of a table's records: sysparm_query's sys_updated_on clause
    and ORDERBY clauses, sysparm_limit and sysparm_offset."""

    kind = "source"
    vendor = True
    words = ("lists a table's records by sysparm_query (sys_updated_on>=…, ORDERBY clauses), "
             "sysparm_limit records a page skipping sysparm_offset, under `result`, as the "
             "Table API documents it (what the query does not say is ignored, as ServiceNow "
             "ignores an invalid part of a query; the refusal's body is the generic mock's: "
             "ServiceNow's own is not modelled)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/api/now/table/{tableName}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        limit, offset = _number(query.get("sysparm_limit")), _number(query.get("sysparm_offset"))
        if limit is None or offset is None:
            return Answer(400, {"error": "sysparm_limit and sysparm_offset take whole numbers"},
                          note="refused: sysparm_limit or sysparm_offset not a number")
        limit = limit or DEFAULT_LIMIT
        since, inclusive, order = _read_query(query.get("sysparm_query", ""))
        page = offset // limit + 1
        status = self.faults.next(f"{since or ''}|{page}")
        if status is not None:
            return Answer(status, None if status >= 500 else {"error": "injected"},
                          note=f"injected {status}")
        chosen = [r for r in self.records if since is None
                  or (r["sys_updated_on"] >= since if inclusive else r["sys_updated_on"] > since)]
        if order:
            chosen.sort(key=lambda r: tuple(str(r.get(f, "")) for f in order))
        result = chosen[offset:offset + limit]
        return Answer(200, {"result": result}, headers={"X-Total-Count": str(len(chosen))},
                      note=f"{len(result)} record(s) of {len(chosen)}, sysparm_offset {offset}")


def _read_query(text: str) -> tuple[str | None, bool, list[str]]:
    """The sys_updated_on bound (and whether it is >=) and the ORDERBY fields of an encoded
    query; other clauses are not modelled."""
    since, inclusive, order = None, False, []
    for clause in text.split("^"):
        found = _CLAUSE.match(clause)
        if found:
            since, inclusive = found.group(2), found.group(1) == ">="
        elif clause.startswith("ORDERBY") and not clause.startswith("ORDERBYDESC"):
            order.append(clause.removeprefix("ORDERBY"))
    return since, inclusive, order


def _number(text: str | None) -> int | None:
    if text is None or text == "":
        return 0
    return int(text) if text.isdigit() else None
