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
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.stub.examples import timestamp
from mailroom.stub.shape import Cursor
from mailroom.vendors import SALESFORCE_VERSION, Dialect, soql_after, soql_datetime

MOCK_BATCH = 3  # records per answer where the vendor picks the batch size: paging shows

_UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
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
    if dialect.pull.style in ("zendesk-cursor", "stripe-events"):
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
                return _salesforce_error(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
            after, page, start = found
        else:
            query = request.query.get("q", "")
            if not re.match(r"^\s*SELECT\s.+\sFROM\s+\S+", query, re.IGNORECASE | re.DOTALL):
                return _salesforce_error(400, "MALFORMED_QUERY", "not a SOQL query")
            after, page, start = soql_after(query) or "", 1, 0
        status = self.faults.next(f"{after}|{page}")
        if status is not None:
            return _salesforce_fault(status)
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
                  cursor: Cursor, faults: FaultPlan) -> _VendorSource:
    """The vendor's list endpoint (`path`: the job's, at the spec's API version)."""
    assert dialect.pull is not None
    if dialect.pull.style == "soql":
        return SoqlRoute(dialect, path, caller, auth, cursor, faults)
    if dialect.pull.style == "zendesk-cursor":
        return ZendeskExportRoute(dialect, path, caller, auth, cursor, faults)
    if dialect.pull.style == "stripe-events":
        return StripeEventsRoute(dialect, path, caller, auth, cursor, faults)
    return CommCareFormsRoute(dialect, path, caller, auth, cursor, faults)


# -- destinations --------------------------------------------------------------------


class SObjectUpsertRoute(DestinationRoute):
    """Salesforce's sObject rows by external id: PATCH upserts; the same external id
    again updates the record it created."""

    vendor = True
    words = ("upserts by external id (201 created, 200 updated), as Salesforce documents "
             "it; errors as a JSON array of {message, errorCode}")
    duplicate_words = "repeated deliveries updated the record they created (upsert by external id)"

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        path = path.split("/{SOBJECT}")[0] + "/{object}/{field}/{value}"
        super().__init__("PATCH", path, caller, auth, faults, label)
        faults.generic = False
        self.ids: dict[str, str] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params.get("value", "")
        status = self.faults.next(key)
        if status is not None:
            return _salesforce_fault(status)
        if key in self.ids:
            self.duplicates.append(key)
            return Answer(200, {"id": self.ids[key], "success": True, "errors": [],
                                "created": False},
                          note="updated: this external id was upserted before")
        self.ids[key] = f"003SIM{len(self.ids) + 1:012d}"
        self.deliveries.append(Delivery(key, request.body))
        return Answer(201, {"id": self.ids[key], "success": True, "errors": [], "created": True},
                      note="created")


class TrackerImportRoute(DestinationRoute):
    """DHIS2's tracker importer: a synchronous import answers with an import report."""

    vendor = True
    words = ("imports tracker objects synchronously (async=false) and answers with an import "
             "report (status, stats, validationReport; 409 on errors), as DHIS2 documents it")
    duplicate_words = ("repeated deliveries updated the object they created (the same UID, "
                       "importStrategy CREATE_AND_UPDATE)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", path, caller, auth, faults, label)
        faults.generic = False

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if request.query.get("async") != "false":
            return Answer(200, {"httpStatus": "OK", "httpStatusCode": 200, "status": "OK",
                                "message": "Tracker job added",
                                "response": {"id": "SimJob00001"}},
                          note="an asynchronous job was queued: no import report")
        body = request.body if isinstance(request.body, dict) else {}
        strategy = request.query.get("importStrategy", "CREATE_AND_UPDATE")
        objects = [(kind, uid_field, item) for kind, uid_field in _TRACKER_TYPES
                   for item in body.get(kind) or [] if isinstance(item, dict)]
        stats = {"created": 0, "updated": 0, "deleted": 0, "ignored": 0, "total": len(objects)}
        errors: list[dict[str, Any]] = []
        fault: int | None = None
        for kind, uid_field, item in objects:
            uid = str(item.get(uid_field) or "")
            tracker_type = _TRACKER_NAMES[kind]
            status = self.faults.next(uid)
            if status is not None and status >= 500:
                fault = status
                break
            if status is not None:
                errors.append(_report(f"Could not find OrganisationUnit: `{uid}`, linked to "
                                      "Event. (injected)", "E1011", tracker_type, uid))
            elif not _UID.match(uid):
                errors.append(_report(f"Object: `{tracker_type}`, uid: `{uid}`, has an invalid "
                                      "uid format.", "E1048", tracker_type, uid))
            elif any(d.key == uid for d in self.deliveries):
                if strategy == "CREATE":
                    errors.append(_report(f"Event: `{uid}`, already exists.", "E1030",
                                          tracker_type, uid))
                else:
                    stats["updated"] += 1
                    self.duplicates.append(uid)
            else:
                stats["created"] += 1
                self.deliveries.append(Delivery(uid, item))
        if fault is not None:
            return Answer(fault, {"httpStatus": "Internal Server Error", "httpStatusCode": fault,
                                  "status": "ERROR", "message": "injected server error"},
                          note=f"injected {fault}")
        if errors:
            stats["ignored"] = len(objects) - stats["created"] - stats["updated"]
            return Answer(409, {"status": "ERROR",
                                "validationReport": {"errorReports": errors,
                                                     "warningReports": []},
                                "stats": stats},
                          note=f"import report: ERROR, {errors[0]['errorCode']}")
        note = "import report: OK, " + ", ".join(f"{n} {k}" for k, n in stats.items()
                                                 if n and k != "total")
        return Answer(200, {"status": "OK",
                            "validationReport": {"errorReports": [], "warningReports": []},
                            "stats": stats}, note=note)


_TRACKER_TYPES = (("trackedEntities", "trackedEntity"), ("enrollments", "enrollment"),
                  ("events", "event"))
_TRACKER_NAMES = {"trackedEntities": "TRACKED_ENTITY", "enrollments": "ENROLLMENT",
                  "events": "EVENT"}


def _report(message: str, code: str, tracker_type: str, uid: str) -> dict[str, Any]:
    return {"message": message, "errorCode": code, "trackerType": tracker_type, "uid": uid}


def vendor_destination(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                       faults: FaultPlan, label: str) -> DestinationRoute:
    """The vendor's write endpoint (`path`: the job's, at the spec's API version)."""
    assert dialect.push is not None
    if dialect.push.style == "sobject-upsert":
        return SObjectUpsertRoute(dialect, path, caller, auth, faults, label)
    return TrackerImportRoute(dialect, path, caller, auth, faults, label)


def delivery_key(dialect: Dialect | None, key: str) -> str:
    """What a mock keys a delivery by: the upsert's external id is the record's key; a
    DHIS2 object's UID is made from it; the generic mock reads the Idempotency-Key."""
    if dialect is not None and dialect.push is not None \
            and dialect.push.style == "tracker-import":
        from mailroom.vendors import dhis2_uid
        return dhis2_uid(key)
    return key


def _salesforce_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, [{"message": message, "errorCode": code}], note=f"{status} {code}")


def _salesforce_fault(status: int) -> Answer:
    if status >= 500:
        return Answer(status, [{"message": "injected server error",
                                "errorCode": "UNKNOWN_EXCEPTION"}], note=f"injected {status}")
    return Answer(status, [{"message": "Required fields are missing: [TODO] (injected)",
                            "errorCode": "REQUIRED_FIELD_MISSING", "fields": []}],
                  note=f"injected permanent {status} REQUIRED_FIELD_MISSING")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
