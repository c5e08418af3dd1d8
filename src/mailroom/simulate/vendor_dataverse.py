"""Microsoft Dataverse's Web API (Dynamics 365's tables) as the mock answers it: GET
/api/data/v9.2/{entitySetName} with $filter on modifiedon (gt or ge), $orderby, pages of
the size asked for in `Prefer: odata.maxpagesize=<n>` (5000 at most, larger asks ignored)
under `value`, an `@odata.nextLink` while more remain; $skip refused, as Dataverse does
not support it. Errors as {error: {code, message}}. The pages these rest on are the
dialect's sources (mailroom.vendors.tables.DYNAMICS_365 and the DATAVERSE_* pages)."""

from __future__ import annotations

import re
import urllib.parse
import uuid
from collections.abc import Callable
from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.stub.shape import Cursor
from mailroom.vendors import Dialect

MAX_PAGE = 5000  # Dataverse's page size when none is asked for, and at most
_FILTER = re.compile(r"^modifiedon (gt|ge) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$")
_PAGE_SIZE = re.compile(r"odata\.maxpagesize=(\d+)")


def dataverse_record(dialect: Dialect, number: int, modified: str,
                     fields: dict[str, Any]) -> dict[str, Any]:
    ident = str(uuid.uuid5(uuid.NAMESPACE_URL, f"mailroom-sim-{number}"))
    return {"@odata.etag": f'W/"{1000 + number}"', dialect.constants["ID_COLUMN"][0]: ident,
            "modifiedon": modified, "createdon": modified, **fields}


def changed_dataverse_record(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    version = int(str(record.get("@odata.etag", 'W/"0"'))[3:-1] or 0) + 1
    return {**record, field: f"{record.get(field)} (changed)", "modifiedon": when,
            "@odata.etag": f'W/"{version}"'}


def dataverse_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, {"error": {"code": code, "message": message}},
                  headers={"Retry-After": "1"} if status == 429 else {},
                  note=f"injected {status}" if message == "injected" else f"refused: {message}")


class DataverseListRoute(Route):
    """An entity set's rows: $filter=modifiedon gt|ge <time>, $orderby, Prefer:
    odata.maxpagesize, then the @odata.nextLink it gave."""

    kind = "source"
    vendor = True
    words = ("lists a table's rows by $filter=modifiedon gt|ge <time> and $orderby, pages of "
             "Prefer: odata.maxpagesize (5000 at most) under `value` with an @odata.nextLink "
             "while more remain, $skip refused, as the Dataverse Web API documents it; errors "
             "as {error: {code, message}} (the codes of its own refusals, MOCK_..., are the "
             "mock's: Dataverse's hexadecimal codes are not modelled; other $filter "
             "expressions are refused, not evaluated)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/api/data/v9.2/{entitySetName}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0
        self.tokens: dict[str, tuple[list[dict[str, Any]], int, int, int]] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        if "$skip" in query:
            return dataverse_error(400, "MOCK_SKIP_NOT_SUPPORTED",
                                   "Dataverse does not support the $skip query option")
        if "$skiptoken" in query:
            found = self.tokens.get(query["$skiptoken"])
            if found is None:
                return dataverse_error(400, "MOCK_UNKNOWN_SKIPTOKEN",
                                       "a $skiptoken this entity set never gave")
            chosen, start, size, page = found
            since = None
        else:
            filtered = self._chosen(query.get("$filter"))
            if isinstance(filtered, Answer):
                return filtered
            chosen, since = filtered
            chosen = _ordered(chosen, query.get("$orderby", ""))
            asked = _PAGE_SIZE.search(request.headers.get("prefer", ""))
            size = int(asked.group(1)) if asked else MAX_PAGE
            size = size if 1 <= size <= MAX_PAGE else MAX_PAGE  # larger asks are ignored
            start, page = 0, 1
        status = self.faults.next(f"{(since or '').removesuffix('Z')}|{page}")
        if status is not None:
            return dataverse_error(status, "MOCK_INJECTED", "injected")
        batch = chosen[start:start + size]
        body: dict[str, Any] = {"@odata.context": "$metadata#" + params["entitySetName"],
                                "value": batch}
        if start + size < len(chosen):
            token = f"%3Ccookie%20pagenumber=%22{page + 1}%22%20sim=%22{len(self.tokens)}%22/%3E"
            self.tokens[urllib.parse.unquote(token)] = (chosen, start + size, size, page + 1)
            host = request.headers.get("host", "localhost")
            body["@odata.nextLink"] = f"http://{host}{request.path}?$skiptoken={token}"
        return Answer(200, body, headers={"Preference-Applied": f"odata.maxpagesize={size}"},
                      note=f"{len(batch)} row(s) of {len(chosen)}"
                      + (", @odata.nextLink" if "@odata.nextLink" in body else ", the last page"))

    def _chosen(self, text: str | None
                ) -> tuple[list[dict[str, Any]], str | None] | Answer:
        if not text:
            return list(self.records), None
        found = _FILTER.match(text.strip())
        if found is None:
            return dataverse_error(400, "MOCK_FILTER_NOT_MODELLED",
                                   f"the mock reads only modifiedon gt|ge <time>, not {text!r}")
        op, since = found.groups()
        return [r for r in self.records
                if (r["modifiedon"] >= since if op == "ge" else r["modifiedon"] > since)], since


def _ordered(rows: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    for part in reversed([p.strip() for p in text.split(",") if p.strip()]):
        name, _, direction = part.partition(" ")
        rows = sorted(rows, key=_by(name), reverse=direction.strip() == "desc")
    return rows


def _by(name: str) -> Callable[[dict[str, Any]], str]:
    return lambda row: str(row.get(name, ""))
