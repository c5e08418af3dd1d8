"""QuickBooks Online's query operation in its own dialect (GET
/v3/company/{realmId}/query?query=SELECT * FROM <entity> WHERE MetaData.LastUpdatedTime >=
'<cursor>' ORDERBY MetaData.LastUpdatedTime STARTPOSITION n MAXRESULTS m, the records in
QueryResponse.<entity>, faults as {Fault: {Error: [{Message, Detail, code}], type}}), for
the mock (a route answering as Intuit's page and SDK document it) and for the Python
engine (the job's pull, request for request). mailroom.vendors.ledgers holds the one
description the job template reads too."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from datetime import UTC, datetime, timedelta, timezone
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

PAGE_SIZE = 100  # the job's MAXRESULTS
_OFFSET = timezone(timedelta(hours=-7))  # the mock company's UTC offset, as Intuit's examples
_QUERY = re.compile(r"^SELECT \* FROM (\w+)(?: WHERE MetaData\.LastUpdatedTime >= '([^']+)')?"
                    r" ORDERBY MetaData\.LastUpdatedTime STARTPOSITION (\d+) MAXRESULTS (\d+)$")


def qbo_time(when: str) -> str:
    """2024-05-01T08:05:00Z as the mock company writes it: 2024-05-01T01:05:00-07:00."""
    moment = datetime.strptime(when.removesuffix("Z")[:19], "%Y-%m-%dT%H:%M:%S")
    return moment.replace(tzinfo=UTC).astimezone(_OFFSET).isoformat()


def _moment(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def updated_of(record: dict[str, Any]) -> Any:
    meta = record.get("MetaData")
    return meta.get("LastUpdatedTime") if isinstance(meta, dict) else None


def qbo_record(number: int, modified: str, fields: dict[str, Any]) -> dict[str, Any]:
    """An entity as the query answers it: Id, SyncToken and MetaData with its times."""
    stamp = qbo_time(modified)
    return {"Id": str(number), "SyncToken": "0", **fields,
            "MetaData": {"CreateTime": stamp, "LastUpdatedTime": stamp}}


def changed_qbo_record(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    return {**record, field: f"{record.get(field)} (changed)",
            "SyncToken": str(int(record.get("SyncToken") or 0) + 1),
            "MetaData": {**record["MetaData"], "LastUpdatedTime": qbo_time(when)}}


def qbo_fault(status: int, kind: str, message: str, detail: str) -> Answer:
    """A fault in the shape of Intuit's schema (Fault: Error[] with Message, Detail and a
    code; its type one of FaultTypeEnum). The codes here are the mock's."""
    return Answer(status, {"Fault": {"Error": [{"Message": message, "Detail": detail,
                                                "code": "0"}], "type": kind},
                           "time": datetime.now(_OFFSET).isoformat(timespec="milliseconds")},
                  note=f"injected {status}" if message == "injected" else f"refused: {detail}")


class QboQueryRoute(Route):
    """The query operation: the select statement in `query`, paged by STARTPOSITION and
    MAXRESULTS."""

    kind = "source"
    vendor = True
    words = ("answers select statements on MetaData.LastUpdatedTime (>=, ORDERBY), paged by "
             "STARTPOSITION and MAXRESULTS, in QueryResponse.<entity>, faults as {Fault: "
             "{Error: [{Message, Detail, code}], type}}, as Intuit's page and SDK document "
             "them (a statement of another shape is refused here, not by Intuit's rules; the "
             "faults' codes are the mock's)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/v3/company/{realmId}/query", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        found = _QUERY.match(request.query.get("query", "").strip())
        if found is None:
            return qbo_fault(400, "ValidationFault", "Error parsing query",
                             "a statement of a shape the mock does not model (mock)")
        entity, since_text, start, size = (found.group(1), found.group(2),
                                           int(found.group(3)), int(found.group(4)))
        since = _moment(since_text) if since_text else None
        if since_text and since is None:
            return qbo_fault(400, "ValidationFault", "Error parsing query",
                             "MetaData.LastUpdatedTime is not a date-time with an offset (mock)")
        page = (start - 1) // max(size, 1) + 1
        status = self.faults.next(f"{since_text or ''}|{page}")
        if status is not None:
            return qbo_fault(status, "SystemFault", "injected", "injected by the mock")
        chosen = sorted((r for r in self.records
                         if since is None or (_moment(updated_of(r)) or since) >= since),
                        key=lambda r: (_moment(updated_of(r)), int(r["Id"])))
        batch = chosen[start - 1:start - 1 + size]
        answer: dict[str, Any] = {"startPosition": start, "maxResults": len(batch)}
        if batch:
            answer[entity] = batch
        return Answer(200, {"QueryResponse": answer,
                            "time": datetime.now(_OFFSET).isoformat(timespec="milliseconds")},
                      note=f"{len(batch)} {entity}(s) of {len(chosen)} from {start}")


def pull_quickbooks(context: Context, step: Step, state: State, headers: dict[str, str],
                    settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """What the job's pullRecords() asks: the entities updated on or after the cursor,
    page after page until one comes back short."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    cursor = state.get("cursor")
    entity = constants["ENTITY"][0]
    size = settings.get("pageSize") or PAGE_SIZE
    where = "" if cursor is None else f" WHERE MetaData.LastUpdatedTime >= '{cursor}'"
    path = "/v3/company/" + urllib.parse.quote(constants["REALM_ID"][0], safe="!*'()") + "/query"
    asked = {**headers, "Accept": "application/json"}
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        statement = (f"SELECT * FROM {entity}{where} ORDERBY MetaData.LastUpdatedTime "
                     f"STARTPOSITION {(page - 1) * size + 1} MAXRESULTS {size}")
        answer = get_page(context, step, settings, asked, path, {"query": statement}, page,
                          qbo_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        response = body.get("QueryResponse")
        found = (response.get(entity) if isinstance(response, dict) else None) or []
        records.extend(found)
        if len(found) < size:
            break
    return records, cursor


def after_qbo_pull(state: State, records: list[dict[str, Any]], cursor: Any) -> State:
    """The job's cursor step: the entities of the cursor's moment already taken are
    skipped; the next cursor is the latest MetaData.LastUpdatedTime taken."""
    at_cursor = [str(i) for i in state.get("atCursor") or []]
    known = set(at_cursor)
    fresh = [r for r in records
             if not (updated_of(r) == cursor and js_string(r.get("Id")) in known)]
    next_cursor = cursor
    for record in fresh:
        later = _moment(updated_of(record))
        if next_cursor is None or (later is not None and later > (_moment(next_cursor)
                                                                   or later)):
            next_cursor = updated_of(record)
    next_at = [js_string(r.get("Id")) for r in fresh if updated_of(r) == next_cursor]
    if next_cursor == cursor:
        next_at = [*at_cursor, *next_at]
    return {**state, "data": fresh, "fetched": len(records),
            "duplicatesSkipped": len(records) - len(fresh), "nextCursor": next_cursor,
            "nextAtCursor": next_at, "deadLetters": [], "delivered": []}


def qbo_reason(answer: HttpAnswer) -> str:
    """The job's qboReason()."""
    body = answer.body if isinstance(answer.body, dict) else {}
    fault = body.get("Fault")
    errors = fault.get("Error") if isinstance(fault, dict) else None
    first = errors[0] if isinstance(errors, list) and errors else None
    if not isinstance(first, dict) or not isinstance(fault, dict):
        return reason_of(answer)
    text = (f"{js_string(fault.get('type'))} {js_string(first.get('code'))}: "
            f"{js_string(first.get('Message'))}")
    return text + (f" ({first['Detail']})" if first.get("Detail") else "")


def qbo_trail(records: list[dict[str, Any]], changed: dict[str, Any]) -> list[Any]:
    """The cursors after the scenario's three polls: the latest LastUpdatedTime taken."""
    def latest(found: list[dict[str, Any]]) -> Any:
        stamps = [updated_of(r) for r in found]
        return max(stamps, key=lambda t: (_moment(t) or datetime.min.replace(tzinfo=_OFFSET)))
    later = [*records[:7], changed]
    return [latest(records[:5]), latest(later), latest(later)]



# -- the write side: create an entity with a requestid ----------------------------------

REQUEST_ID_LIMIT = 50  # "The RequestID can have a maximum of 50 characters"


def request_id(key: str) -> str:
    """The job's requestid: the MD5 of the record's key, in hex (32 characters, within
    Intuit's 50, the same for the same key)."""
    return hashlib.md5(key.encode()).hexdigest()


class QboCreateRoute(DestinationRoute):
    """The create operation (POST /v3/company/{realmId}/{entity}), keyed by requestid."""

    vendor = True
    words = ("creates the entity of the body and answers it under its name; a request whose "
             "requestid it has seen is not performed again and gets the same response, as "
             "Intuit documents the RequestID; faults as {Fault: {Error: [{Message, Detail, "
             "code}], type}} (the codes are the mock's)")
    duplicate_words = "repeated deliveries got the first response again (the same requestid)"

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/v3/company/{realmId}/{entity}", caller, auth, faults, label)
        faults.generic = False
        self.entity = dialect.constants["ENTITY"][0]
        self.answers: dict[str, Answer] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if params.get("entity") != self.entity.lower():
            return qbo_fault(400, "ValidationFault", "Unsupported Operation",
                             f"the mock creates {self.entity.lower()} only (mock)")
        key = request.query.get("requestid", "")
        if len(key) > REQUEST_ID_LIMIT:
            return qbo_fault(400, "ValidationFault", "Invalid requestid",
                             f"requestid longer than {REQUEST_ID_LIMIT} characters (mock)")
        status = self.faults.next(key)
        if status is not None and status < 500:
            refused = qbo_fault(status, "ValidationFault", "Duplicate Name Exists Error",
                                "The name supplied already exists. (injected)")
            refused.note = f"injected permanent {status}: ValidationFault"
            return refused
        if status is not None:
            return qbo_fault(status, "SystemFault", "injected", "injected by the mock")
        if key and key in self.answers:
            self.duplicates.append(key)
            again = self.answers[key]
            return Answer(again.status, again.body,
                          note="repeat: this requestid was seen; the same response, not again")
        body = request.body if isinstance(request.body, dict) else {}
        self.deliveries.append(Delivery(key, body))
        created = {**body, "Id": str(len(self.deliveries)), "SyncToken": "0"}
        answer = Answer(200, {self.entity: created,
                              "time": datetime.now(_OFFSET).isoformat(timespec="milliseconds")},
                        note="created")
        if key:
            self.answers[key] = answer
        return answer


def push_quickbooks(context: Context, step: Step, key: str, body: Any,
                    headers: dict[str, str], settings: dict[str, Any]
                    ) -> tuple[HttpAnswer, bool, str]:
    """The job's delivery of one record: POST the entity with the key's requestid."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    realm = urllib.parse.quote(constants["REALM_ID"][0], safe="!*'()")
    entity = urllib.parse.quote(constants["ENTITY"][0].lower(), safe="!*'()")
    answer = send_with_retries("POST", f"{context.base_url}/v3/company/{realm}/{entity}",
                               settings, context.deadline, query={"requestid": request_id(key)},
                               body=body, headers={**headers, "Accept": "application/json"})
    return answer, 200 <= answer.status < 300, qbo_reason(answer)
