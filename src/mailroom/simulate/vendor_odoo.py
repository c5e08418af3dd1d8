"""Odoo in its own dialect: the JSON-2 API's search_read (POST /json/2/{model}/search_read
with the named parameters domain, fields, order, offset and limit; the answer the list of
records; errors as {name, message, arguments, context, debug} with a 4xx/5xx status), for
the mock (a route answering as Odoo's external API page documents it) and for the Python
engine (the job's pull, request for request). mailroom.vendors.workplace holds the one
description the job template reads too."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    PAGE_SIZE,
    Context,
    HttpAnswer,
    State,
    StepFailed,
    reason_of,
    send_with_retries,
)

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

_ORDER = "write_date asc, id asc"


def odoo_stamp(when: str) -> str:
    """2024-05-01T08:05:00Z as Odoo serializes a Datetime (UTC): 2024-05-01 08:05:00."""
    return when.removesuffix("Z").replace("T", " ")


def odoo_record(number: int, modified: str, fields: dict[str, Any]) -> State:
    return {"id": number, "write_date": odoo_stamp(modified), **fields}


def changed_odoo_record(record: State, field: str, when: str) -> State:
    return {**record, field: f"{record.get(field)} (changed)", "write_date": odoo_stamp(when)}


def odoo_error(status: int, name: str, message: str) -> Answer:
    """An error as the JSON-2 API answers it (its traceback left out: the mock has none)."""
    return Answer(status, {"name": name, "message": message, "arguments": [message, status],
                           "context": {}, "debug": ""},
                  note=f"injected {status}" if message == "injected" else f"{status} {name}")


class OdooSearchReadRoute(Route):
    """search_read on one model: a domain on write_date, fields, order, offset, limit."""

    kind = "source"
    vendor = True
    words = ("answers search_read (POST /json/2/<model>/search_read) with the list of records "
             "whose write_date passes the domain, in the order asked (write_date, id), limit "
             "records skipping offset, only the fields asked for and id, as Odoo's external "
             "API page documents it; errors as {name, message, arguments, context, debug} "
             "(which exception a domain it does not model gets is the mock's)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("POST", "/json/2/{model}/search_read", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        if "application/json" not in request.headers.get("content-type", ""):
            return odoo_error(415, "werkzeug.exceptions.UnsupportedMediaType",
                              "Content-Type must be application/json (mock)")
        body = request.body if isinstance(request.body, dict) else {}
        domain, fields = body.get("domain") or [], body.get("fields") or []
        offset, limit = body.get("offset", 0), body.get("limit")
        after = _write_date_after(domain)
        if after is None or not isinstance(offset, int) or \
                not (limit is None or isinstance(limit, int)):
            return odoo_error(400, "builtins.ValueError",
                              "the mock reads a domain on write_date '>' only, and whole "
                              "numbers for offset and limit (mock)")
        size = limit or len(self.records) or 1
        page = offset // size + 1
        status = self.faults.next(f"{after}|{page}")
        if status is not None:
            return odoo_error(status, "builtins.Exception", "injected")
        chosen = [r for r in self.records if not after or r["write_date"] > after]
        if body.get("order", "id") == _ORDER:
            chosen.sort(key=lambda r: (r["write_date"], r["id"]))
        else:
            chosen.sort(key=lambda r: r["id"])  # the mock's default: by id
        rows = chosen[offset:offset + limit] if limit is not None else chosen[offset:]
        shown = [{"id": r["id"], **{f: r.get(f, False) for f in fields if f != "id"}}
                 if fields else dict(r) for r in rows]
        return Answer(200, shown, note=f"{len(shown)} record(s), offset {offset}")


def _write_date_after(domain: Any) -> str | None:
    """The cursor of a domain [] or [["write_date", ">", <cursor>]]; None otherwise."""
    if domain == []:
        return ""
    if isinstance(domain, list) and len(domain) == 1 and isinstance(domain[0], list) \
            and len(domain[0]) == 3 and domain[0][:2] == ["write_date", ">"]:
        return str(domain[0][2])
    return None


# -- the Python engine's pull ------------------------------------------------------------


def odoo_headers(dialect: Dialect, headers: dict[str, str]) -> dict[str, str]:
    out = {**headers, "Content-Type": "application/json"}
    if dialect.constants["DATABASE"][0]:
        out["X-Odoo-Database"] = dialect.constants["DATABASE"][0]
    return out


def odoo_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "name" in body and "message" in body:
        return f"{body['name']}: {body['message']}"
    return reason_of(answer)


def pull_odoo(context: Context, step: Step, state: State, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The records written after the cursor, limit a call skipping offset, until a call
    answers fewer; the cursor stays as it was (the engine takes the latest write_date)."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    headers = odoo_headers(dialect, headers)
    cursor = state.get("cursor")
    limit = settings.get("pageSize") or PAGE_SIZE
    model = urllib.parse.quote(dialect.constants["MODEL"][0], safe="!*'()")
    url = f"{context.base_url}/json/2/{model}/search_read"
    domain = [] if cursor is None else [["write_date", ">", cursor]]
    fields = list(dict.fromkeys([*step.flow.fields, "write_date"]))
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        body = {"domain": domain, "fields": fields, "order": _ORDER,
                "offset": (page - 1) * limit, "limit": limit}
        answer = send_with_retries("POST", url, settings, context.deadline, body=body,
                                   headers=headers)
        if not 200 <= answer.status < 300:
            raise StepFailed(f"{step.target.label} answered {answer.status} to page {page} "
                             f"({odoo_reason(answer)}); nothing is saved and the next poll "
                             "repeats")
        rows = answer.body if isinstance(answer.body, list) else []
        records.extend(rows)
        if len(rows) < limit:
            break
    return records, cursor
