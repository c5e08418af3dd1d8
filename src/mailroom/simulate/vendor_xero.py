"""Xero's Accounting API in its own dialect (GET /api.xro/2.0/{Endpoint} with the
If-Modified-Since header, page and pageSize, the xero-tenant-id header, the records under
the endpoint's name with a pagination element, times as /Date(<ms>+0000)/, errors as
{ErrorNumber, Type, Message, Elements}), for the mock (a route answering as Xero's
published OpenAPI file documents it) and for the Python engine (the job's pull, request
for request). mailroom.vendors.ledgers holds the one description the job template reads
too."""

from __future__ import annotations

import calendar
import re
import time
import urllib.parse
import uuid
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    get_page,
    js_string,
    reason_of,
    send_with_retries,
)

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

PAGE_SIZE = 100  # the job's; Xero's pages hold up to 100 records
_DATE = re.compile(r"^/Date\((-?\d+)(?:[+-]\d{4})?\)/$")
_SINCE = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def xero_date(when: str) -> str:
    """2024-05-01T08:05:00Z as Xero writes a time in JSON: /Date(1714550700000+0000)/."""
    seconds = calendar.timegm(time.strptime(when.removesuffix("Z")[:19], "%Y-%m-%dT%H:%M:%S"))
    return f"/Date({seconds * 1000}+0000)/"


def xero_millis(value: Any) -> int | None:
    found = _DATE.match(str(value))
    return int(found.group(1)) if found else None


def xero_since(value: Any) -> str:
    """The job's xeroSince(): the cursor's UTC time, to the second, for If-Modified-Since."""
    millis = xero_millis(value) or 0
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(millis // 1000))


def xero_record(dialect: Dialect, number: int, modified: str,
                fields: dict[str, Any]) -> dict[str, Any]:
    """A record as the endpoint serves it: its id (a GUID) and UpdatedDateUTC."""
    return {dialect.constants["ID_FIELD"][0]: f"00000000-0000-4000-8000-{number:012d}",
            **fields, "UpdatedDateUTC": xero_date(modified)}


def changed_xero_record(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    return {**record, field: f"{record.get(field)} (changed)", "UpdatedDateUTC": xero_date(when)}


def xero_error(message: str) -> Answer:
    """A 400 in the OpenAPI file's Error shape (its example: ErrorNumber 10, a
    ValidationException)."""
    return Answer(400, {"ErrorNumber": 10, "Type": "ValidationException",
                        "Message": message, "Elements": []}, note=f"refused: {message}")


def _since(text: str) -> int | None:
    found = _SINCE.match(text)
    if found is None:
        return None
    seconds = calendar.timegm(time.strptime(found.group(1), "%Y-%m-%dT%H:%M:%S"))
    zone = found.group(2) or "Z"
    if zone != "Z":
        sign = 1 if zone[0] == "+" else -1
        seconds -= sign * (int(zone[1:3]) * 3600 + int(zone[4:6]) * 60)
    return seconds * 1000


class XeroListRoute(Route):
    """An Accounting API endpoint that pages: If-Modified-Since, page and pageSize."""

    kind = "source"
    vendor = True
    words = ("lists an Accounting API endpoint's records created or updated since "
             "If-Modified-Since (on or after it here: Xero's page says 'since'), page by page "
             "(up to 100 a page, pageSize), under the endpoint's name with a pagination "
             "element, only to a request naming its organisation in xero-tenant-id and asking "
             "for JSON, as Xero's OpenAPI file documents it (the order of records is the "
             "mock's: by UpdatedDateUTC; the refusals' texts are the mock's)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/api.xro/2.0/{endpoint}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        headers, query = request.headers, request.query
        if not headers.get("xero-tenant-id"):
            return Answer(403, "no xero-tenant-id header: which organisation? (the mock's "
                          "refusal; Xero's own is not modelled)",
                          note="refused: no xero-tenant-id header")
        if "application/json" not in headers.get("accept", ""):
            return Answer(406, "the mock answers JSON only; without Accept: application/json "
                          "Xero answers XML", note="refused: no Accept: application/json")
        page, size = _int(query.get("page"), 1), _int(query.get("pageSize"), PAGE_SIZE)
        if page is None or size is None or page < 1 or not 1 <= size <= PAGE_SIZE:
            return xero_error("page and pageSize take whole numbers (mock)")
        since_text = headers.get("if-modified-since")
        since = _since(since_text) if since_text else None
        if since_text and since is None:
            return xero_error("If-Modified-Since is not a date-time (mock)")
        key = "" if since is None else f"/Date({since}+0000)/"
        status = self.faults.next(f"{key}|{page}")
        if status is not None:
            # Xero's rate limit (429) and an unhandled error (500): their bodies and
            # headers are not modelled
            return Answer(status, None, note=f"injected {status}")
        chosen = sorted((r for r in self.records
                         if since is None or (xero_millis(r["UpdatedDateUTC"]) or 0) >= since),
                        key=lambda r: (xero_millis(r["UpdatedDateUTC"]) or 0,
                                       str(r.get(self.dialect.pull.id_field if
                                                 self.dialect.pull else ""))))
        found = chosen[(page - 1) * size:page * size]
        count = -(-len(chosen) // size)
        return Answer(200, {"Id": str(uuid.uuid4()), "Status": "OK",
                            "ProviderName": "mailroom simulate",
                            "DateTimeUTC": f"/Date({int(time.time() * 1000)})/",
                            "pagination": {"page": page, "pageSize": size, "pageCount": count,
                                           "itemCount": len(chosen)},
                            params["endpoint"]: found},
                      note=f"{len(found)} record(s) of {len(chosen)}, page {page}")


def _int(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    return int(text) if text.isdigit() else None


def pull_xero(context: Context, step: Step, state: State, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """What the job's pullRecords() asks: the records created or updated since the cursor's
    second, page by page until a page comes back short; the cursor as it was (the engine
    takes the latest UpdatedDateUTC after, skipping those taken at the cursor)."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    cursor = state.get("cursor")
    asked = {**headers, "xero-tenant-id": constants["TENANT_ID"][0],
             "Accept": "application/json"}
    if cursor is not None:
        asked["If-Modified-Since"] = xero_since(cursor)
    size = min(settings.get("pageSize") or PAGE_SIZE, PAGE_SIZE)
    endpoint = constants["ENDPOINT"][0]
    path = "/api.xro/2.0/" + urllib.parse.quote(endpoint, safe="!*'()")
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, asked, path,
                          {"page": page, "pageSize": size}, page, xero_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        found = body.get(endpoint) or []
        records.extend(found)
        if len(found) < size:
            break
    return records, cursor


def xero_reason(answer: HttpAnswer) -> str:
    """The job's xeroReason()."""
    body = answer.body if isinstance(answer.body, dict) else {}
    if "Type" not in body and "Message" not in body:
        return reason_of(answer)
    elements = body.get("Elements") or [{}]
    first = elements[0] if isinstance(elements[0], dict) else {}
    errors = first.get("ValidationErrors") or [{}]
    detail = errors[0].get("Message") if isinstance(errors[0], dict) else None
    text = f"{js_string(body.get('Type'))}: {js_string(body.get('Message'))}"
    return text + (f" ({detail})" if detail else "")


# -- the write side: create records with an Idempotency-Key ------------------------------

KEY_LIMIT = 128  # Idempotency-Key: "128 character max"


class XeroCreateRoute(DestinationRoute):
    """An Accounting API endpoint's create (POST /api.xro/2.0/{endpoint}, a body
    {<Endpoint>: [...]}), keyed by the Idempotency-Key header."""

    vendor = True
    words = ("creates the records of a body {<Endpoint>: [...]} and answers them under the "
             "endpoint's name; a request whose Idempotency-Key it has seen is not processed "
             "again (answered here as the first time: Xero's own answer to a repeat is not "
             "documented in its OpenAPI file); 400 as an Error {ErrorNumber, Type, Message, "
             "Elements}, as Xero's OpenAPI file documents it")
    duplicate_words = ("repeated deliveries were not processed again (the same "
                       "Idempotency-Key)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/api.xro/2.0/{endpoint}", caller, auth, faults, label)
        faults.generic = False
        self.answers: dict[str, Answer] = {}
        self.id_field = dialect.constants["ID_FIELD"][0]  # the created records' id

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        headers, endpoint = request.headers, params.get("endpoint", "")
        if not headers.get("xero-tenant-id"):
            return Answer(403, "no xero-tenant-id header: which organisation? (the mock's "
                          "refusal; Xero's own is not modelled)",
                          note="refused: no xero-tenant-id header")
        body = request.body if isinstance(request.body, dict) else {}
        records = body.get(endpoint)
        if not isinstance(records, list) or not records:
            return xero_error(f"no {endpoint} in the body (mock)")
        key = headers.get("idempotency-key", "")
        if len(key) > KEY_LIMIT:
            return xero_error(f"Idempotency-Key longer than {KEY_LIMIT} characters (mock)")
        status = self.faults.next(key)
        if status is not None and status < 500 and status != 429:
            refused = xero_error("A validation exception occurred")
            assert isinstance(refused.body, dict)
            refused.body["Elements"] = [{**records[0], "ValidationErrors": [
                {"Message": "Please enter a unique Name. (injected)"}]}]
            refused.note = f"injected permanent {status}: ValidationException"
            return refused
        if status is not None:
            return Answer(status, None, note=f"injected {status}")
        if key and key in self.answers:
            self.duplicates.append(key)
            again = self.answers[key]
            return Answer(again.status, again.body,
                          note="repeat: this Idempotency-Key was processed before; not again")
        number = len(self.deliveries) + 1
        created = [{**r, self.id_field: f"00000000-0000-4000-9000-{number:012d}"}
                   for r in records]
        self.deliveries.append(Delivery(key, records[0]))
        answer = Answer(200, {"Id": str(uuid.uuid4()), "Status": "OK",
                              "ProviderName": "mailroom simulate",
                              "DateTimeUTC": f"/Date({int(time.time() * 1000)})/",
                              endpoint: created}, note="created")
        if key:
            self.answers[key] = answer
        return answer


def push_xero(context: Context, step: Step, key: str, body: Any, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[HttpAnswer, bool, str]:
    """The job's delivery of one record: POST {<Endpoint>: [record]} with summarizeErrors
    and the record's key as Idempotency-Key; a key over 128 characters is not sent."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    if len(key) > KEY_LIMIT:
        return (HttpAnswer(0, {}, None, attempts=0), False,
                f"its key is longer than the {KEY_LIMIT} characters Xero's Idempotency-Key "
                "takes")
    endpoint = constants["ENDPOINT"][0]
    path = "/api.xro/2.0/" + urllib.parse.quote(endpoint, safe="!*'()")
    asked = {**headers, "xero-tenant-id": constants["TENANT_ID"][0],
             "Accept": "application/json", "Idempotency-Key": key}
    answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                               query={"summarizeErrors": "true"}, body={endpoint: [body]},
                               headers=asked)
    return answer, 200 <= answer.status < 300, xero_reason(answer)
