"""Google Sheets as a destination (values.append; mailroom.vendors.writes holds the
description and its page): the mock's route, which appends every row it is sent, a repeat
too, as Sheets does, and answers values.get on the same range so the job can read the keys
already there; and the Python engine's delivery of one record, request for request what
templates/stub/vendors/sheets-append.js.j2 does."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries
from mailroom.simulate.vendor_sheets import sheets_error

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

_INPUT = ("RAW", "USER_ENTERED")
_INSERT = ("OVERWRITE", "INSERT_ROWS")


class SheetsAppendRoute(DestinationRoute):
    """POST /v4/spreadsheets/{id}/values/{range}:append adds the rows after the range's
    table, whatever they hold; GET .../values/{range} reads the range back."""

    vendor = True
    words = ("appends every row it is sent after the range's table (values.append, "
             "valueInputOption RAW or USER_ENTERED, insertDataOption), a repeated row too: "
             "Sheets keeps no key; values.get reads the range back; as Google documents it, "
             "errors in the {error: {code, message, status}} shape Google's APIs share. Its "
             "injected failures come before the row is written")
    skipped_by_the_job = ("Google Sheets keeps no key: the repeated event was skipped by the "
                          "job itself, which read the range first and found its key in the "
                          "first column; Sheets would have appended a second row. Two runs "
                          "at the same moment could both append one record.")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/v4/spreadsheets/{spreadsheetId}/values/{range}", caller,
                         auth, faults, label)
        faults.generic = False
        self.rows: list[list[Any]] = []

    def match(self, method: str, path: str) -> dict[str, str] | None:
        found = super().match("POST", path)
        if found is None or method not in ("GET", "POST"):
            return None
        appending = found["range"].endswith(":append")
        if (method == "POST") != appending:
            return None
        return {**found, "range": found["range"].removesuffix(":append"), "method": method}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        width = max((len(r) for r in self.rows), default=1)
        table = f"{params['range']}!A1:{chr(64 + min(width, 26))}{max(len(self.rows), 1)}"
        if params["method"] == "GET":
            body: dict[str, Any] = {"range": table, "majorDimension": "ROWS"}
            if self.rows:
                body["values"] = self.rows
            return Answer(200, body, note=f"{len(self.rows)} row(s)")
        query = request.query
        if query.get("valueInputOption") not in _INPUT:
            return sheets_error(400, "valueInputOption is RAW or USER_ENTERED (mock)")
        if query.get("insertDataOption", "OVERWRITE") not in _INSERT:
            return sheets_error(400, "insertDataOption is OVERWRITE or INSERT_ROWS (mock)")
        values = request.body.get("values") if isinstance(request.body, dict) else None
        if not isinstance(values, list) or not all(isinstance(r, list) and r for r in values):
            return sheets_error(400, "values is a list of rows (mock)")
        for row in values:
            status = self.faults.next(js_string(row[0]))
            if status is not None:
                return sheets_error(status, "injected" if status == 429 or status >= 500
                                    else f"the row {js_string(row[0])} was refused (injected)")
        first = len(self.rows) + 1
        for row in values:
            self.rows.append(row)
            self.deliveries.append(Delivery(js_string(row[0]), row))
        last = len(self.rows)
        updated = f"{params['range']}!A{first}:{chr(64 + min(len(values[0]), 26))}{last}"
        return Answer(200, {"spreadsheetId": params["spreadsheetId"], "tableRange": table,
                            "updates": {"spreadsheetId": params["spreadsheetId"],
                                        "updatedRange": updated, "updatedRows": len(values),
                                        "updatedColumns": len(values[0]),
                                        "updatedCells": sum(len(r) for r in values)}},
                      note=f"appended at {updated}")


def push_sheets(context: Context, step: Step, key: str, body: Any,
                headers: dict[str, str], settings: dict[str, Any]
                ) -> tuple[HttpAnswer, bool, str]:
    """Read the range; a record whose key is in its first column is not sent again;
    else its row (the key, then the mapped fields) is appended."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    values = f"/v4/spreadsheets/{_component(dialect.constants['SPREADSHEET_ID'][0])}/values/" \
             f"{_component(dialect.constants['RANGE'][0])}"
    read = send_with_retries("GET", context.base_url + values, settings, context.deadline,
                             query={"majorDimension": "ROWS"}, headers=headers)
    if not 200 <= read.status < 300:
        return read, False, _reason(read)
    rows = read.body.get("values") if isinstance(read.body, dict) else None
    if any(isinstance(r, list) and r and js_string(r[0]) == key for r in rows or []):
        return read, True, ""
    row = [key, *(body if isinstance(body, dict) else {}).values()]
    answer = send_with_retries(
        "POST", context.base_url + values + ":append", settings, context.deadline,
        query={"valueInputOption": dialect.push.constants["VALUE_INPUT_OPTION"][0],
               "insertDataOption": "INSERT_ROWS"},
        body={"majorDimension": "ROWS", "values": [row]}, headers=headers)
    return answer, 200 <= answer.status < 300, _reason(answer)


def _component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        return f"{js_string(error.get('status'))}: {js_string(error.get('message'))}"
    return reason_of(answer)
