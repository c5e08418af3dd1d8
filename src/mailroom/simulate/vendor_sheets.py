"""Google Sheets' spreadsheets.values.get as the mock answers it (GET
/v4/spreadsheets/{spreadsheetId}/values/{range}: the whole range in one ValueRange,
{range, majorDimension: "ROWS", values: [[...], ...]}, empty trailing cells left out). The
mock's sheet holds a heading row, then one row a record. Errors in the shape Google's APIs
share, {error: {code, message, status}}. The pages these rest on are the dialect's
sources (mailroom.vendors.tables.GOOGLE_SHEETS)."""

from __future__ import annotations

from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.stub.shape import Cursor
from mailroom.vendors import Dialect

_STATUS = {429: "RESOURCE_EXHAUSTED", 400: "INVALID_ARGUMENT", 500: "INTERNAL",
           503: "UNAVAILABLE"}


def sheets_record(dialect: Dialect, number: int, fields: dict[str, Any]) -> dict[str, Any]:
    """A row as the mock keeps it: its cells by heading, the id column first."""
    return {dialect.constants["ID_COLUMN"][0]: f"row-{number:04d}",
            **{k: v for k, v in fields.items() if not isinstance(v, (dict, list))}}


def changed_sheets_record(record: dict[str, Any], field: str) -> dict[str, Any]:
    return {**record, field: f"{record.get(field)} (changed)"}


def sheets_error(status: int, message: str) -> Answer:
    return Answer(status, {"error": {"code": status, "message": message,
                                     "status": _STATUS.get(status, "UNKNOWN")}},
                  note=f"injected {status}" if message == "injected" else f"refused: {message}")


def _cell(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool)) else ""


class SheetsValuesRoute(Route):
    """spreadsheets.values.get: the heading row and every record's row, in one answer."""

    kind = "source"
    vendor = True
    words = ("answers spreadsheets.values.get with the whole range in one ValueRange (a "
             "heading row, then a row a record, empty trailing cells left out), as the Sheets "
             "API documents it; errors in the {error: {code, message, status}} shape Google's "
             "APIs share (not found on a Sheets page; its messages are the mock's)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/v4/spreadsheets/{spreadsheetId}/values/{range}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0
        self.polls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        if request.query.get("majorDimension", "ROWS") not in ("ROWS", "COLUMNS"):
            return sheets_error(400, "majorDimension is ROWS or COLUMNS")
        self.polls += 1
        # the mock's fault keys are per page; a sheet has one page a poll: the second
        # poll's read is "page 2" for the busy answer
        status = self.faults.next(f"|{self.polls}")
        if status is not None:
            self.polls -= 1
            return sheets_error(status, "injected")
        headings = list(dict.fromkeys(k for r in self.records for k in r))
        rows = [headings]
        for record in self.records:
            row = [_cell(record.get(h, "")) for h in headings]
            while row and row[-1] == "":
                row.pop()  # empty trailing cells are left out
            rows.append(row)
        body = {"range": f"{params['range']}!A1:{chr(64 + max(len(headings), 1))}{len(rows)}",
                "majorDimension": "ROWS", "values": rows}
        return Answer(200, body, note=f"{len(rows) - 1} row(s) under a heading row")
