"""Airtable's list records as the mock answers it (GET /v0/{baseId}/{tableIdOrName}: pages
of at most 100 records under `records`, an `offset` while more remain, passed back as the
`offset` query parameter), and its records as it serves them ({id, createdTime, fields}).
Errors as its own library reads them: {error: {type, message}}. The pages these rest on
are the dialect's sources (mailroom.vendors.tables.AIRTABLE)."""

from __future__ import annotations

from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.stub.shape import Cursor
from mailroom.vendors import Dialect

MAX_PAGE = 100  # Airtable's pageSize: 100 by default and at most


def airtable_record(number: int, created: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"recSIM{number:011d}", "createdTime": created.replace("Z", ".000Z"),
            "fields": fields}


def changed_airtable_record(record: dict[str, Any], field: str) -> dict[str, Any]:
    fields = record["fields"]
    return {**record, "fields": {**fields, field: f"{fields.get(field)} (changed)"}}


def airtable_error(status: int, kind: str, message: str) -> Answer:
    return Answer(status, {"error": {"type": kind, "message": message}},
                  note=f"injected {status}" if message == "injected" else f"{status} {kind}")


class AirtableListRoute(Route):
    """Airtable's list records: pageSize, then offset while the answer gives one."""

    kind = "source"
    vendor = True
    words = ("lists a table's records in pages of pageSize (100 at most) under `records`, "
             "with an `offset` while more remain, as Airtable documents it; errors as "
             "{error: {type, message}} (the types of its own refusals, MOCK_..., are the "
             "mock's: Airtable's are not modelled)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/v0/{baseId}/{tableIdOrName}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0
        self.offsets: dict[str, tuple[int, int]] = {}  # an offset it gave -> (start, page)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        size_text = query.get("pageSize", str(MAX_PAGE))
        if not size_text.isdigit() or not 1 <= int(size_text) <= MAX_PAGE:
            return airtable_error(422, "MOCK_INVALID_PAGE_SIZE",
                                  "pageSize must be a number from 1 to 100")
        size = int(size_text)
        start, page = 0, 1
        if "offset" in query:
            found = self.offsets.get(query["offset"])
            if found is None:
                return airtable_error(422, "MOCK_UNKNOWN_OFFSET",
                                      "an offset this table never gave")
            start, page = found
        status = self.faults.next(f"|{page}")
        if status is not None:
            return airtable_error(status, "TOO_MANY_REQUESTS" if status == 429
                                  else "SERVER_ERROR", "injected")
        batch = self.records[start:start + size]
        body: dict[str, Any] = {"records": batch}
        if start + size < len(self.records):
            token = f"itrSIM{len(self.offsets) + 1:011d}/{batch[-1]['id']}"
            self.offsets[token] = (start + size, page + 1)
            body["offset"] = token
        return Answer(200, body, note=f"{len(batch)} record(s)"
                      + (", offset" if "offset" in body else ", no offset: the last page"))
