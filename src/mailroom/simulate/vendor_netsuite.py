"""NetSuite's SuiteTalk REST record service in its own dialect, for the mock (a route
answering as Oracle's help center documents it) and for the Python engine (the job's
pull, request for request). mailroom.vendors.erp holds the one description the job
template reads too.

A record collection (GET /services/rest/record/v1/{recordType}) lists references only
({links, id}), filtered by q (`lastModifiedDate ON_OR_AFTER "5/1/2024"`), limit records
a page skipping offset, with {links, count, hasMore, items, offset, totalResults}; each
record is then read at /services/rest/record/v1/{recordType}/{id}, its datetimes in ISO
8601, UTC. Errors are {type, title, status, o:errorDetails: [{detail, o:errorCode}]}."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    StepFailed,
    get_page,
    reason_of,
    send_with_retries,
)
from mailroom.simulate.vendor_pulls import encode_component

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

PAGE_SIZE = 200  # the job's limit; NetSuite's default and maximum are 1000
MAX_LIMIT = 1000
_TYPES = "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html"
_FILTER = re.compile(r'^lastModifiedDate (ON_OR_AFTER|AFTER) "(\d{1,2})/(\d{1,2})/(\d{4})"$')
_BASE = "/services/rest/record/v1/"


def filter_day(cursor: str) -> str:
    """The day the job's filter names: the day before the cursor's (UTC) date, written
    M/D/YYYY as Oracle's examples write dates, so that whatever the account's time zone,
    the filter reaches back past the cursor."""
    when = dt.datetime.fromisoformat(cursor.replace("Z", "+00:00")) - dt.timedelta(days=1)
    return f"{when.month}/{when.day}/{when.year}"


def netsuite_record(dialect: Dialect, number: int, modified: str,
                    fields: dict[str, Any]) -> dict[str, Any]:
    """A record as GET /record/v1/{type}/{id} answers it: its internal id, links and
    body fields, datetimes in ISO 8601 and UTC."""
    ident = str(100 + number)
    kind = dialect.constants["RECORD_TYPE"][0]
    return {"links": [{"rel": "self", "href": f"{_BASE}{kind}/{ident}"}], "id": ident,
            "dateCreated": modified, "lastModifiedDate": modified, **fields}


def changed_netsuite_record(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    return {**record, field: f"{record.get(field)} (changed)", "lastModifiedDate": when}


def netsuite_error(status: int, title: str, detail: str, code: str) -> Answer:
    """An error as NetSuite's REST web services write it (Oracle's error-handling page)."""
    return Answer(status, {"type": _TYPES, "title": title, "status": status,
                           "o:errorDetails": [{"detail": detail, "o:errorCode": code}]},
                  note=f"injected {status}" if detail == "injected" else f"{status} {code}")


class NetSuiteRecordsRoute(Route):
    """A record type's collection and its records: two paths, one set of records."""

    kind = "source"
    vendor = True
    words = ('lists a record type\'s references ({links, id}) by q=lastModifiedDate '
             'ON_OR_AFTER|AFTER "M/D/YYYY", limit (1000 at most) and offset, with hasMore, '
             "count, offset and totalResults, and answers each record at its id, as "
             "Oracle's REST web services pages document them; errors as {type, title, "
             "status, o:errorDetails} (the mock's own refusals carry MOCK_ codes; it reads "
             "the filter's day in UTC, where NetSuite reads it in the account's time zone, "
             "lists by internal id, an order Oracle's pages do not give, and refuses other "
             "q expressions instead of evaluating them)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", _BASE + "{recordType}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != "GET" or not path.startswith(_BASE):
            return None
        parts = path[len(_BASE):].strip("/").split("/")
        if len(parts) == 1 and parts[0]:
            return {"recordType": parts[0]}
        if len(parts) == 2 and all(parts):
            return {"recordType": parts[0], "id": parts[1]}
        return None

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        if "id" in params:
            found = next((r for r in self.records if r["id"] == params["id"]), None)
            if found is None:
                return netsuite_error(404, "Not Found", "The record instance does not exist "
                                      "(mock).", "NONEXISTENT_ID")
            return Answer(200, found, note=f"record {params['id']}")
        query = request.query
        limit, offset = _int(query.get("limit"), MAX_LIMIT), _int(query.get("offset"), 0)
        if limit is None or offset is None or not 1 <= limit <= MAX_LIMIT:
            return netsuite_error(400, "Bad Request", "limit takes 1 to 1000, offset a whole "
                                  "number (mock)", "MOCK_INVALID_PAGING")
        chosen = self._chosen(query.get("q"))
        if isinstance(chosen, Answer):
            return chosen
        rows, day = chosen
        status = self.faults.next(f"{day}|{offset // limit + 1}")
        if status is not None:
            return netsuite_error(status, "Internal Server Error", "injected", "MOCK_INJECTED")
        page = rows[offset:offset + limit]
        more = offset + limit < len(rows)
        here = f"{_BASE}{params['recordType']}"
        links = [{"rel": "self", "href": f"{here}?limit={limit}&offset={offset}"}]
        if more:
            following = f"{here}?limit={limit}&offset={offset + limit}"
            links.insert(0, {"rel": "next", "href": following})
        items = [{"links": r["links"], "id": r["id"]} for r in page]
        return Answer(200, {"links": links, "count": len(items), "hasMore": more,
                            "items": items, "offset": offset, "totalResults": len(rows)},
                      note=f"{len(items)} reference(s) of {len(rows)}, offset {offset}"
                      + (", hasMore" if more else ""))

    def _chosen(self, text: str | None) -> tuple[list[dict[str, Any]], str] | Answer:
        rows = sorted(self.records, key=lambda r: int(r["id"]))
        if not text:
            return rows, ""
        found = _FILTER.match(text.strip())
        if found is None:
            return netsuite_error(400, "Bad Request", f"the mock reads only lastModifiedDate "
                                  f'ON_OR_AFTER|AFTER "M/D/YYYY", not {text!r}',
                                  "MOCK_FILTER_NOT_MODELLED")
        op, month, day, year = found.groups()
        try:
            since = dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return netsuite_error(400, "Bad Request", f"not a date: {text!r} (mock)",
                                  "MOCK_INVALID_DATE")
        kept = [r for r in rows if (r["lastModifiedDate"][:10] >= since if op == "ON_OR_AFTER"
                                    else r["lastModifiedDate"][:10] > since)]
        return kept, f"{int(month)}/{int(day)}/{year}"


def _int(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    return int(text) if text.isdigit() else None


def pull_netsuite(context: Context, step: Step, state: State, headers: dict[str, str],
                  settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The references listed since the day before the cursor, limit a page skipping
    offset while hasMore; each record then read by its id; those older than the cursor
    dropped (the engine skips those at the cursor already taken)."""
    assert step.target is not None and step.target.dialect is not None
    assert step.flow.cursor is not None
    cursor = None if step.flow.cursor.kind == "full-fetch" else state.get("cursor")
    size = min(settings.get("pageSize") or PAGE_SIZE, MAX_LIMIT)
    path = _BASE + encode_component(step.target.dialect.constants["RECORD_TYPE"][0])
    ids: list[str] = []
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"limit": size, "offset": (page - 1) * size}
        if cursor is not None:
            query["q"] = f'lastModifiedDate ON_OR_AFTER "{filter_day(str(cursor))}"'
        answer = get_page(context, step, settings, headers, path, query, page, netsuite_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        ids.extend(str(item.get("id")) for item in body.get("items") or [])
        if not body.get("hasMore"):
            break
    records: list[dict[str, Any]] = []
    for ident in ids:
        answer = send_with_retries("GET", f"{context.base_url}{path}/{encode_component(ident)}",
                                   settings, context.deadline, headers=headers)
        if not 200 <= answer.status < 300 or not isinstance(answer.body, dict):
            raise StepFailed(f"{step.target.label} answered {answer.status} to record {ident} "
                             f"({netsuite_reason(answer)}); nothing is saved and the next "
                             "poll repeats")
        records.append(answer.body)
    if cursor is not None:
        records = [r for r in records if str(r.get("lastModifiedDate")) >= str(cursor)]
    return records, cursor


def netsuite_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    details = body.get("o:errorDetails")
    if isinstance(details, list) and details and isinstance(details[0], dict):
        return f"{details[0].get('o:errorCode')}: {details[0].get('detail')}"
    return reason_of(answer)



# -- the write side: an upsert by external id --------------------------------------------

_SAFE = re.compile(r"[A-Za-z0-9-]")


def external_id(key: str) -> str:
    """A record's key as a NetSuite external id, which takes only letters, digits, _ and
    -: every other character (and _ itself) written as _ and its UTF-8 bytes in hex, so
    that two keys never meet in one id."""
    return "".join(c if _SAFE.fullmatch(c) else "".join(f"_{b:02x}" for b in c.encode())
                   for c in key)


def key_of(eid: str) -> str:
    """external_id(), undone."""
    raw, i = bytearray(), 0
    while i < len(eid):
        if eid[i] == "_":
            raw += bytes.fromhex(eid[i + 1:i + 3])
            i += 3
        else:
            raw += eid[i].encode()
            i += 1
    return raw.decode()


class NetSuiteUpsertRoute(DestinationRoute):
    """PUT /services/rest/record/v1/{recordType}/eid:{externalId}: creates the record, or
    updates the one the same external id created."""

    vendor = True
    words = ("upserts by external id (PUT .../<record type>/eid:<external id>, letters, "
             "digits, _ and - only), answering 204 with the record's address in Location "
             "as Oracle documents for a create or an update (the upsert page shows no "
             "answer); errors as {type, title, status, o:errorDetails}")
    duplicate_words = ("repeated deliveries updated the record they created (an upsert by "
                       "external id)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("PUT", _BASE + "{recordType}/{externalId}", caller, auth, faults,
                         label)
        faults.generic = False
        self.ids: dict[str, str] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        given = params.get("externalId", "")
        eid = given.removeprefix("eid:")
        if not given.startswith("eid:") or not re.fullmatch(r"[A-Za-z0-9_-]+", eid):
            return netsuite_error(400, "Bad Request", "an upsert needs eid:<external id> "
                                  "(letters, digits, _ and -) in the path (mock)",
                                  "MOCK_INVALID_EXTERNAL_ID")
        if not isinstance(request.body, dict):
            return netsuite_error(400, "Bad Request", "the body is not a JSON object (mock)",
                                  "MOCK_INVALID_BODY")
        key = key_of(eid)
        status = self.faults.next(key)
        if status is not None and status >= 500:
            return netsuite_error(status, "Internal Server Error", "injected", "MOCK_INJECTED")
        if status is not None:
            refused = netsuite_error(status, "Bad Request", "Error while accessing a resource. "
                                     "You have entered an Invalid Field Value (injected)",
                                     "INVALID_CONTENT")
            refused.note = f"injected permanent {status}: INVALID_CONTENT"
            return refused
        where = {"Location": f"{_BASE}{params['recordType']}/"
                             f"{self.ids.setdefault(key, str(5000 + len(self.ids)))}"}
        if any(d.key == key for d in self.deliveries):
            self.duplicates.append(key)
            return Answer(204, None, headers=where, note="updated: this external id was "
                          "upserted before")
        self.deliveries.append(Delivery(key, request.body))
        return Answer(204, None, headers=where, note="created")


def push_netsuite(context: Context, step: Step, key: str, body: Any,
                  headers: dict[str, str], settings: dict[str, Any]
                  ) -> tuple[HttpAnswer, bool, str]:
    """One record, upserted by its key as the external id."""
    assert step.target is not None and step.target.dialect is not None
    kind = encode_component(step.target.dialect.constants["RECORD_TYPE"][0])
    path = f"{_BASE}{kind}/eid:{external_id(key)}"
    answer = send_with_retries("PUT", context.base_url + path, settings, context.deadline,
                               body=body, headers=headers)
    return answer, 200 <= answer.status < 300, netsuite_reason(answer)
