"""Odoo in its own dialect: the JSON-2 API's search_read (POST /json/2/{model}/search_read
with the named parameters domain, fields, order, offset and limit; the answer the list of
records; errors as {name, message, arguments, context, debug} with a 4xx/5xx status) and
its write side (search on a key field, then write or create: Odoo has no upsert), for
the mock (a route answering as Odoo's external API page documents it) and for the Python
engine (the job's pull, request for request). mailroom.vendors.workplace holds the one
description the job template reads too."""

from __future__ import annotations

import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.routes import Delivery, DestinationRoute
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


# -- the write side: search on the key, then write or create -----------------------------


class OdooWriteRoute(DestinationRoute):
    """One model's search, write and create: a record is found by KEY_FIELD, then updated,
    or created with the key."""

    vendor = True
    words = ("answers search on the key field (the ids), write (ids, vals) and create "
             "(vals_list) at POST /json/2/<model>/<method>, as Odoo's external API page and "
             "ORM reference document them; errors as {name, message, arguments, context, "
             "debug} (which status a refused record gets is not documented: the mock's)")
    duplicate_words = ("repeated deliveries updated the record they created (a search on the "
                       "key field, then write)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/json/2/{model}/{method}", caller, auth, faults, label)
        faults.generic = False
        assert dialect.push is not None
        self.key_field = dialect.push.constants["KEY_FIELD"][0]
        self.rows: dict[int, dict[str, Any]] = {}  # id -> values, the key among them

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if "application/json" not in request.headers.get("content-type", ""):
            return odoo_error(415, "werkzeug.exceptions.UnsupportedMediaType",
                              "Content-Type must be application/json (mock)")
        body = request.body if isinstance(request.body, dict) else {}
        method = params.get("method")
        if method == "search":
            return self._search(body)
        if method == "write":
            ids, vals = body.get("ids"), body.get("vals")
            if not isinstance(ids, list) or not ids or not isinstance(vals, dict) \
                    or any(i not in self.rows for i in ids):
                return odoo_error(400, "odoo.exceptions.MissingError",
                                  "write needs the ids of existing records and vals (mock)")
            key = str(self.rows[ids[0]].get(self.key_field))
            if (fault := self._fault(key)) is not None:
                return fault
            for ident in ids:
                self.rows[ident].update(vals)
            self.duplicates.append(key)
            return Answer(200, True, note="written: a record with this key was there")
        if method == "create":
            vals_list = body.get("vals_list")
            if not isinstance(vals_list, list) or len(vals_list) != 1 \
                    or not isinstance(vals_list[0], dict) \
                    or not vals_list[0].get(self.key_field):
                return odoo_error(400, "builtins.ValueError",
                                  f"the mock creates one record a call, {self.key_field} set")
            vals = vals_list[0]
            key = str(vals[self.key_field])
            if (fault := self._fault(key)) is not None:
                return fault
            ident = len(self.rows) + 1
            self.rows[ident] = dict(vals)
            self.deliveries.append(Delivery(key, vals))
            return Answer(200, [ident], note=f"created: id {ident}")
        return odoo_error(404, "werkzeug.exceptions.NotFound",
                          f"the mock answers search, write and create, not {method}")

    def _search(self, body: dict[str, Any]) -> Answer:
        domain = body.get("domain")
        if not (isinstance(domain, list) and len(domain) == 1 and isinstance(domain[0], list)
                and domain[0][:2] == [self.key_field, "="] and len(domain[0]) == 3):
            return odoo_error(400, "builtins.ValueError",
                              f"the mock searches [[{self.key_field!r}, '=', key]] only")
        ids = [i for i, row in self.rows.items() if row.get(self.key_field) == domain[0][2]]
        limit = body.get("limit")
        found = ids[:limit] if isinstance(limit, int) else ids
        return Answer(200, found, note=f"{len(found)} id(s) with this key")

    def _fault(self, key: str) -> Answer | None:
        status = self.faults.next(key)
        if status is None:
            return None
        if status >= 500:
            return odoo_error(status, "builtins.Exception", "injected")
        refused = odoo_error(status, "odoo.exceptions.ValidationError",
                             "The operation cannot be completed (injected)")
        refused.note = f"injected permanent {status}: ValidationError"
        return refused


def push_odoo(context: Context, step: Step, key: str, body: Any, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[HttpAnswer, bool, str]:
    """The job's delivery of one record: search on the key, then write or create."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    key_field = dialect.push.constants["KEY_FIELD"][0]
    headers = odoo_headers(dialect, headers)
    model = urllib.parse.quote(dialect.constants["MODEL"][0], safe="!*'()")

    def call(method: str, payload: dict[str, Any]) -> HttpAnswer:
        return send_with_retries("POST", f"{context.base_url}/json/2/{model}/{method}",
                                 settings, context.deadline, body=payload, headers=headers)

    vals = body if isinstance(body, dict) else {}
    answer = call("search", {"domain": [[key_field, "=", key]], "limit": 1})
    if 200 <= answer.status < 300:
        ids = answer.body if isinstance(answer.body, list) else []
        answer = (call("write", {"ids": ids, "vals": vals}) if ids
                  else call("create", {"vals_list": [{**vals, key_field: key}]}))
    return answer, 200 <= answer.status < 300, odoo_reason(answer)
