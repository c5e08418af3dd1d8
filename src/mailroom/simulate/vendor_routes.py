"""Mock mailboxes shaped like the vendor: the paths, paging, change filters, token
endpoint and error bodies each vendor documents (mailroom.vendors holds the one
description the jobs read too). What a route cannot know of the real system (which
object, which program) it does not check, and says so where it answers.
"""

from __future__ import annotations

import base64
import calendar
import re
import time
import urllib.parse
from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.vendor_destinations import salesforce_error, salesforce_fault
from mailroom.simulate.vendor_forms import changed_form_record, form_record, form_source
from mailroom.simulate.vendor_netsuite import filter_day
from mailroom.simulate.vendor_sap import sap_cursor_key
from mailroom.simulate.vendor_tables import changed_table_record, table_record, table_source
from mailroom.stub.examples import timestamp
from mailroom.stub.shape import Cursor
from mailroom.vendors import SALESFORCE_VERSION, Dialect
from mailroom.vendors.wire import soql_after, soql_datetime

MOCK_BATCH = 3  # records per answer where the vendor picks the batch size: paging shows

_COMMCARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}Z|T\d{2}:\d{2}:\d{2}(\.\d{1,6})?)?$")


# -- records as the vendor serves them -----------------------------------------------


def _number(record_id: Any) -> int:
    digits = re.sub(r"\D", "", str(record_id))
    return int(digits[-9:]) if digits else 0


def vendor_record(dialect: Dialect, record: dict[str, Any], n: int) -> dict[str, Any]:
    """A made-up record (mailroom.stub.examples) as the vendor would serve it: its own
    id and last-modified fields, its own envelope."""
    number = _number(record.get("id")) or n
    modified = str(record.get("modified_at") or timestamp(number))
    fields = {k: v for k, v in record.items() if k not in ("id", "modified_at")}
    assert dialect.pull is not None
    if dialect.pull.style == "soql":
        sobject = dialect.constants["SOBJECT"][0]
        ident = f"001SIM{number:012d}"
        return {"attributes": {"type": sobject,
                               "url": f"/services/data/{SALESFORCE_VERSION}/sobjects/"
                                      f"{sobject}/{ident}"},
                "Id": ident, "LastModifiedDate": modified.replace("Z", ".000+0000"), **fields}
    if (row := table_record(dialect, number, modified, fields)) is not None:
        return row  # ServiceNow's, Airtable's or Dataverse's
    if (submission := form_record(dialect, number, modified, fields)) is not None:
        return submission  # ODK Central's or KoboToolbox's
    if dialect.pull.style == "zendesk-cursor":
        return {"id": number, "created_at": modified, "updated_at": modified,
                "generated_timestamp": _epoch(modified), **fields}
    if dialect.pull.style == "stripe-events":
        return stripe_event(dialect, number, "created", _epoch(modified),
                            {"id": f"cus_SIM{number:08d}", "created": _epoch(modified),
                             **fields})
    form_id = f"00000000-0000-4000-8000-{number:012d}"
    when = modified.replace("Z", ".000000Z")
    return {"id": form_id, "domain": dialect.constants["DOMAIN"][0], "archived": False,
            "received_on": when, "server_modified_on": when, "indexed_on": when,
            "form": {**fields, "meta": {"instanceID": form_id}}}


def changed_vendor_record(dialect: Dialect, record: dict[str, Any], field: str,
                          when: str) -> dict[str, Any]:
    """The record as someone edits it in the vendor's system: a new value, a new time."""
    assert dialect.pull is not None
    changed = dict(record)
    if dialect.pull.style == "soql":
        changed[field] = f"{record.get(field)} (changed)"
        changed["LastModifiedDate"] = when.replace("Z", ".000+0000")
    elif dialect.pull.style == "stripe-events":
        before = record["data"]["object"]
        changed = stripe_event(dialect, _number(record["id"]) + 1000, "updated", _epoch(when),
                               {**before, field: f"{before.get(field)} (changed)"})
    elif (edited_row := changed_table_record(dialect, record, field, when)) is not None:
        changed = edited_row
    elif (edited := changed_form_record(dialect, record, field, when)) is not None:
        changed = edited
    elif dialect.pull.style == "zendesk-cursor":
        changed.update({field: f"{record.get(field)} (changed)", "updated_at": when,
                        "generated_timestamp": _epoch(when)})
    else:
        changed["form"] = {**record["form"], field: f"{record['form'].get(field)} (changed)"}
        stamp = when.replace("Z", ".000000Z")
        changed.update(received_on=record["received_on"], server_modified_on=stamp,
                       indexed_on=stamp)
    return changed


def request_cursor(dialect: Dialect, value: Any) -> str:
    """A cursor as it appears in the request the job makes (the mock's fault keys)."""
    if value is None:
        return ""
    assert dialect.pull is not None
    if dialect.pull.style == "soql":
        return soql_datetime(str(value))
    if dialect.pull.style == "netsuite-records":  # the day its filter names
        return filter_day(str(value))
    if dialect.pull.style == "sap-odata":  # the day and time its filter names
        return sap_cursor_key(str(value))
    if dialect.pull.style in ("zendesk-cursor", "stripe-events", "odk-odata"):
        return str(value)  # Zendesk's own after_cursor; a Stripe event's created
    return str(value).removesuffix("Z")


def stripe_event(dialect: Dialect, number: int, verb: str, created: int,
                 obj: dict[str, Any]) -> dict[str, Any]:
    """An event as Stripe's Events API lists it: the object as it was, in data.object."""
    kind = dialect.constants["OBJECT"][0]
    return {"id": f"evt_SIM{number:08d}", "object": "event", "type": f"{kind}.{verb}",
            "created": created, "livemode": False,
            "data": {"object": {**obj, "object": kind}}}


def zendesk_cursor(records: list[dict[str, Any]]) -> str:
    """The after_cursor the mock gives after the last of these tickets, in the form of
    Zendesk's documented example (base64 of "<generated_timestamp>.0||<id>|")."""
    last = max(records, key=lambda r: (r["generated_timestamp"], r["id"]))
    return _zendesk_position(last["generated_timestamp"], last["id"])


def _zendesk_position(stamp: int, ident: int) -> str:
    return base64.b64encode(f"{stamp}.0||{ident}|".encode()).decode()


def _epoch(when: str) -> int:
    return calendar.timegm(time.strptime(when, "%Y-%m-%dT%H:%M:%SZ"))


# -- sources -------------------------------------------------------------------------


class _VendorSource(Route):
    kind = "source"
    vendor = True

    def __init__(self, dialect: Dialect, method: str, path: str, caller: str,
                 auth: AuthCheck | None, cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__(method, path, caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0


class SoqlRoute(_VendorSource):
    """Salesforce's query resource: SOQL in `q`, batches linked by nextRecordsUrl."""

    words = ("answers SOQL queries (WHERE LastModifiedDate > …, ORDER BY LastModifiedDate) "
             "in batches linked by nextRecordsUrl, as Salesforce documents it")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__(dialect, "GET", path, caller, auth, cursor, faults)
        self.locators: dict[str, tuple[str, int, int]] = {}  # locator -> (after, page, start)

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != "GET":
            return None
        if path.rstrip("/") == self.path:
            return {}
        head, _, locator = path.rpartition("/")
        return {"locator": locator} if head == self.path and locator else None

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        if "locator" in params:
            found = self.locators.get(params["locator"])
            if found is None:
                return salesforce_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
            after, page, start = found
        else:
            query = request.query.get("q", "")
            if not re.match(r"^\s*SELECT\s.+\sFROM\s+\S+", query, re.IGNORECASE | re.DOTALL):
                return salesforce_error(400, "MALFORMED_QUERY", "not a SOQL query")
            after, page, start = soql_after(query) or "", 1, 0
        status = self.faults.next(f"{after}|{page}")
        if status is not None:
            return salesforce_fault(status)
        chosen = sorted((r for r in self.records
                         if not after or soql_datetime(r["LastModifiedDate"]) > after),
                        key=lambda r: (r["LastModifiedDate"], r["Id"]))
        batch = chosen[start:start + MOCK_BATCH]
        body: dict[str, Any] = {"totalSize": len(chosen), "done": True, "records": batch}
        note = f"{len(batch)} record(s), done"
        if start + MOCK_BATCH < len(chosen):
            locator = f"01gSIM{len(self.locators) + 1:09d}-{start + MOCK_BATCH}"
            self.locators[locator] = (after, page + 1, start + MOCK_BATCH)
            body.update(done=False, nextRecordsUrl=f"{self.path}/{locator}")
            note = f"{len(batch)} record(s), done: false, nextRecordsUrl"
        return Answer(200, body, note=note)


class CommCareFormsRoute(_VendorSource):
    """CommCare's form data API: limit/offset pages linked by meta.next, filtered by
    indexed_on_start (on or after), ordered by order_by=indexed_on."""

    words = ("lists forms by indexed_on_start (on or after) with limit and offset, linked by "
             "meta.next, as CommCare documents it")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__(dialect, "GET", "/a/{domain}/api/form/v1", caller, auth, cursor,
                         faults)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        start_at = query.get("indexed_on_start")
        if start_at is not None and not _COMMCARE_DATE.match(start_at):
            return Answer(400, {"error": f"Cannot parse {start_at!r} as a date"},
                          note="refused: indexed_on_start in a format CommCare does not take")
        limit = max(min(_int(query.get("limit"), 20), 1000), 1)
        offset = max(_int(query.get("offset"), 0), 0)
        page = offset // limit + 1
        status = self.faults.next(f"{start_at or ''}|{page}")
        if status is not None:
            return Answer(status, None if status >= 500 else {"error": "injected"},
                          note=f"injected {status}")
        chosen = [r for r in self.records
                  if start_at is None or r["indexed_on"].removesuffix("Z") >= start_at]
        if query.get("order_by") == "indexed_on":
            chosen.sort(key=lambda r: (r["indexed_on"], r["id"]))
        objects = chosen[offset:offset + limit]
        following = None
        if offset + limit < len(chosen):
            rest = {k: v for k, v in query.items() if k != "offset"}
            following = (f"/a/{params.get('domain')}/api/form/v1/?"
                         + urllib.parse.urlencode({**rest, "offset": offset + limit}))
        meta = {"limit": limit, "offset": offset, "next": following,
                "previous": None, "total_count": len(chosen)}
        return Answer(200, {"meta": meta, "objects": objects},
                      note=f"{len(objects)} form(s)" + (", meta.next" if following
                                                        else ", meta.next null"))

    def match(self, method: str, path: str) -> dict[str, str] | None:
        return super().match(method, path.rstrip("/"))


class ZendeskExportRoute(_VendorSource):
    """Zendesk's cursor-based incremental export: start_time on the first request, then
    after_cursor, until end_of_stream; what was created or changed since, in the order of
    generated_timestamp."""

    words = ("exports what was created or changed since start_time, then since each "
             "after_cursor, until end_of_stream, as Zendesk documents it (the refusal's body "
             "is the generic mock's: Zendesk's own is not modelled)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__(dialect, "GET", "/api/v2/incremental/{resource}/cursor", caller, auth,
                         cursor, faults)
        self.chains: dict[str, tuple[str, int]] = {}  # a mid-export cursor -> (start, page)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        resource = params.get("resource", "")
        if "cursor" in query:
            position = _zendesk_decode(query["cursor"])
            if position is None:
                return Answer(400, {"error": "invalid cursor"},
                              note="refused: a cursor Zendesk never gave")
            start, page = self.chains.get(query["cursor"], (query["cursor"], 1))
            chosen = [r for r in self._ordered() if (r["generated_timestamp"], r["id"]) > position]
            fallback = query["cursor"]
        elif (query.get("start_time") or "").isdigit():
            since = int(query["start_time"])
            if since > time.time() - 60:
                return Answer(400, {"error": "start_time must be at least a minute ago"},
                              note="refused: start_time within the last minute")
            start, page = "", 1
            chosen = [r for r in self._ordered() if r["generated_timestamp"] >= since]
            fallback = _zendesk_position(since, 0)
        else:
            return Answer(400, {"error": "start_time or cursor is required"},
                          note="refused: neither start_time nor cursor")
        status = self.faults.next(f"{start}|{page}")
        if status is not None:
            return Answer(status, None if status >= 500 else {"error": "injected"},
                          note=f"injected {status}")
        batch = chosen[:MOCK_BATCH]
        after = zendesk_cursor(batch) if batch else fallback
        end = len(chosen) <= MOCK_BATCH
        if not end:
            self.chains[after] = (start, page + 1)
        body = {resource: batch, "after_cursor": after,
                "after_url": f"/api/v2/incremental/{resource}/cursor.json?cursor={after}",
                "before_cursor": None, "before_url": None, "end_of_stream": end}
        return Answer(200, body, note=f"{len(batch)} {resource}, "
                      + ("end_of_stream" if end else "end_of_stream: false, after_cursor"))

    def _ordered(self) -> list[dict[str, Any]]:
        return sorted(self.records, key=lambda r: (r["generated_timestamp"], r["id"]))


class StripeEventsRoute(_VendorSource):
    """Stripe's Events API: events of the types asked for, created[gte], newest first (as
    Stripe's lists are), limit and starting_after, has_more."""

    words = ("lists events by types[n] and created[gte], newest first, paged by limit and "
             "starting_after while has_more, as Stripe documents it; errors as "
             "{error: {type, message}}")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__(dialect, "GET", "/v1/events", caller, auth, cursor, faults)
        self.pages: dict[tuple[str, str], int] = {}  # (created[gte], starting_after) -> page

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        limit = _int(query.get("limit"), 10)
        if not 1 <= limit <= 100:
            return _stripe_error(400, "invalid_request_error",
                                 "limit must be between 1 and 100")
        since = query.get("created[gte]", "")
        if since and not since.isdigit():
            return _stripe_error(400, "invalid_request_error",
                                 "created[gte] must be a Unix timestamp")
        if "type" in query and any(k.startswith("types[") for k in query):
            return _stripe_error(400, "invalid_request_error",
                                 "You may pass either type or types, but not both")
        types = {v for k, v in query.items() if k.startswith("types[")}
        after = query.get("starting_after", "")
        page = self.pages.get((since, after), 1 if not after else 0)
        if page == 0:
            return _stripe_error(400, "invalid_request_error",
                                 f"No such event: '{after}'")
        status = self.faults.next(f"{since}|{page}")
        if status is not None:
            return _stripe_error(status, "api_error" if status >= 500 else
                                 "invalid_request_error", "injected")
        chosen = sorted((e for e in self.records
                         if (not types or e["type"] in types)
                         and (not since or e["created"] >= int(since))),
                        key=lambda e: (e["created"], e["id"]), reverse=True)
        start = next((i + 1 for i, e in enumerate(chosen) if e["id"] == after), 0)
        data = chosen[start:start + min(limit, MOCK_BATCH)]
        more = start + len(data) < len(chosen)
        if more and data:
            self.pages[(since, data[-1]["id"])] = page + 1
        return Answer(200, {"object": "list", "url": "/v1/events", "has_more": more,
                            "data": data},
                      note=f"{len(data)} event(s)" + (", has_more" if more else ""))


def _stripe_error(status: int, kind: str, message: str) -> Answer:
    note = f"injected {status}" if message == "injected" else f"{status} {kind}"
    return Answer(status, {"error": {"type": kind, "message": message}}, note=note)


def _zendesk_decode(text: str) -> tuple[int, int] | None:
    try:
        stamp, _, rest = base64.b64decode(text, validate=True).decode().partition(".0||")
        return int(stamp), int(rest.rstrip("|"))
    except (ValueError, UnicodeDecodeError):
        return None


def vendor_source(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                  cursor: Cursor, faults: FaultPlan
                  ) -> _VendorSource:
    """The vendor's list endpoint (`path`: the job's, at the spec's API version)."""
    assert dialect.pull is not None
    if dialect.pull.style == "soql":
        return SoqlRoute(dialect, path, caller, auth, cursor, faults)
    if dialect.pull.style == "zendesk-cursor":
        return ZendeskExportRoute(dialect, path, caller, auth, cursor, faults)
    if dialect.pull.style == "stripe-events":
        return StripeEventsRoute(dialect, path, caller, auth, cursor, faults)
    if (form := form_source(dialect, path, caller, auth, cursor, faults)) is not None:
        return form  # type: ignore[return-value]  # shaped like a _VendorSource
    if (table := table_source(dialect, path, caller, auth, cursor, faults)) is not None:
        return table  # type: ignore[return-value]  # ServiceNow's, Airtable's, Dataverse's
    return CommCareFormsRoute(dialect, path, caller, auth, cursor, faults)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
