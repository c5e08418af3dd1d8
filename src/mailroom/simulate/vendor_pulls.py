"""The Python engine's pulls for further vendor dialects (as vendor_steps' PULLS holds
them): what the job templates of the same name do, request for request."""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    StepFailed,
    get_page,
    js_string,
    reason_of,
    send_with_retries,
)

if TYPE_CHECKING:
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

DATAVERSE_PAGE = 200  # the job's PAGE_SIZE


def encode_component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")


def _dialect(step: Step) -> Dialect:
    dialect = step.target.dialect if step.target is not None else None
    assert dialect is not None
    return dialect


def _error_reason(answer: HttpAnswer) -> str:
    """{error: {code, message}}, as Dataverse answers an error."""
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        return f"{js_string(error.get('code'))}: {js_string(error.get('message'))}"
    return reason_of(answer)


def pull_dataverse(context: Context, step: Step, state: State, headers: dict[str, str],
                   settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """Dataverse's Web API: $filter=modifiedon ge the cursor, ordered by modifiedon and
    the primary key, pages asked for by Prefer: odata.maxpagesize, then @odata.nextLink."""
    dialect = _dialect(step)
    assert step.flow.cursor is not None
    ident = dialect.constants["ID_COLUMN"][0]
    full = step.flow.cursor.kind == "full-fetch"
    cursor = None if full else state.get("cursor")
    size = min(settings.get("pageSize") or DATAVERSE_PAGE, 5000)
    sent = {**headers, "Accept": "application/json", "OData-MaxVersion": "4.0",
            "OData-Version": "4.0", "Prefer": f"odata.maxpagesize={size}"}
    path = f"/api/data/v9.2/{dialect.constants['ENTITY_SET'][0]}"
    query: dict[str, Any] | None = {
        "$orderby": f"{ident} asc" if cursor is None else f"modifiedon asc,{ident} asc"}
    if cursor is not None and query is not None:
        query["$filter"] = f"modifiedon ge {cursor}"
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, sent, path, query, page, _error_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("value") or [])
        following = body.get("@odata.nextLink")
        if not following:
            break
        path, query = re.sub(r"^https?://[^/]+", "", str(following)), None
    return records, cursor


def pull_sheets(context: Context, step: Step, state: State, headers: dict[str, str],
                settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """Google Sheets' spreadsheets.values.get: the whole range in one answer; the first
    row names the columns, each further row a record (empty trailing cells left out)."""
    dialect = _dialect(step)
    path = (f"/v4/spreadsheets/{encode_component(dialect.constants['SPREADSHEET_ID'][0])}"
            f"/values/{encode_component(dialect.constants['RANGE'][0])}")
    answer = send_with_retries("GET", context.base_url + path, settings, context.deadline,
                               query={"majorDimension": "ROWS"}, headers=headers)
    if not 200 <= answer.status < 300:
        raise StepFailed(f"{step.target.label if step.target else '?'} answered "
                         f"{answer.status} ({_error_reason(answer)}); nothing is saved and "
                         "the next poll repeats")
    body = answer.body if isinstance(answer.body, dict) else {}
    rows = body.get("values") or []
    headings = [js_string(h) for h in rows[0]] if rows else []
    records = [{h: (row[i] if i < len(row) else "") for i, h in enumerate(headings)}
               for row in rows[1:]]
    return records, None
