"""SAP S/4HANA's OData V2 APIs in their own dialect (the Business Partner API's
A_BusinessPartner), for the mock (a route answering as SAP's EDMX and the SAP Cloud SDK
read them) and for the Python engine (the job's pull, request for request).
mailroom.vendors.erp holds the one description the job template reads too.

GET /sap/opu/odata/sap/{service}/{entitySet} with $filter, $orderby, $top and $skip,
Accept: application/json; the entities under d.results; an Edm.DateTime written
/Date(<milliseconds>)/ and an Edm.Time PT08H05M00S; in a $filter, datetime'<ISO without
Z>' and time'PT08H05M00S'. Errors as {error: {code, message: {lang, value}}}."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    get_page,
    js_string,
    reason_of,
)
from mailroom.simulate.vendor_pulls import encode_component

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

PAGE_SIZE = 200  # the job's $top
_UTC = dt.UTC
_DATE = re.compile(r"^/Date\((-?\d+)\)/$")
_TIME = re.compile(r"^PT(\d{2})H(\d{2})M(\d{2})S$")
_LITERALS = re.compile(r"datetime'(\d{4}-\d{2}-\d{2}T00:00:00\.000)' and LastChangeTime ge "
                       r"time'(PT\d{2}H\d{2}M\d{2}S)'")


def _moment(cursor: str) -> dt.datetime:
    return dt.datetime.fromisoformat(cursor.replace("Z", "+00:00")).astimezone(_UTC)


def sap_date(when: dt.datetime) -> str:
    """An Edm.DateTime day as OData V2 JSON writes it: /Date(<ms of its midnight, UTC>)/."""
    midnight = dt.datetime(when.year, when.month, when.day, tzinfo=_UTC)
    return f"/Date({int(midnight.timestamp()) * 1000})/"


def sap_time(when: dt.datetime) -> str:
    return f"PT{when.hour:02d}H{when.minute:02d}M{when.second:02d}S"


def sap_filter(cursor: str) -> str:
    """Created or last changed on or after the cursor: its day (datetime'...', as the SAP
    Cloud SDK writes one) and its time of day (time'PT..H..M..S')."""
    when = _moment(cursor)
    day = f"datetime'{when.strftime('%Y-%m-%d')}T00:00:00.000'"
    time = f"time'{sap_time(when)}'"
    return (f"(LastChangeDate gt {day} or (LastChangeDate eq {day} and LastChangeTime ge "
            f"{time})) or (CreationDate gt {day} or (CreationDate eq {day} and CreationTime "
            f"ge {time}))")


def sap_cursor_key(cursor: str) -> str:
    """The cursor as the mock's fault keys name it: the filter's day and time."""
    when = _moment(cursor)
    return f"{when.strftime('%Y-%m-%d')}T00:00:00.000 {sap_time(when)}"


def _stamp(day: Any, time: Any) -> str | None:
    found, clock = _DATE.match(str(day or "")), _TIME.match(str(time or ""))
    if found is None:
        return None
    seconds = int(found.group(1)) // 1000
    if clock is not None:
        hours, minutes, secs = (int(g) for g in clock.groups())
        seconds += hours * 3600 + minutes * 60 + secs
    return dt.datetime.fromtimestamp(seconds, _UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def changed_at(entity: dict[str, Any]) -> str | None:
    """The job's _changedAt: the later of the creation and the last change, in UTC."""
    stamps = [s for s in (_stamp(entity.get("CreationDate"), entity.get("CreationTime")),
                          _stamp(entity.get("LastChangeDate"), entity.get("LastChangeTime")))
              if s is not None]
    return max(stamps) if stamps else None


def sap_partner(dialect: Dialect, number: int, modified: str,
                fields: dict[str, Any]) -> dict[str, Any]:
    """A business partner as the entity set serves it, created at `modified` and never
    changed since (no LastChangeDate)."""
    ident = str(1000000 + number)
    when = _moment(modified)
    uri = (f"/sap/opu/odata/sap/{dialect.constants['SERVICE'][0]}/"
           f"{dialect.constants['ENTITY_SET'][0]}('{ident}')")
    return {"__metadata": {"id": uri, "uri": uri,
                           "type": "API_BUSINESS_PARTNER.A_BusinessPartnerType"},
            "BusinessPartner": ident, "CreationDate": sap_date(when),
            "CreationTime": sap_time(when), "LastChangeDate": None,
            "LastChangeTime": "PT00H00M00S", **fields}


def changed_sap_partner(record: dict[str, Any], field: str, when: str) -> dict[str, Any]:
    moment = _moment(when)
    return {**record, field: f"{record.get(field)} (changed)",
            "LastChangeDate": sap_date(moment), "LastChangeTime": sap_time(moment)}


def sap_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, {"error": {"code": code, "message": {"lang": "en", "value": message}}},
                  note=f"injected {status}" if message == "injected" else f"{status} {code}")


class SapODataRoute(Route):
    """An OData V2 entity set: $filter on creation and last change, $orderby by the key,
    $top/$skip, the entities under d.results."""

    kind = "source"
    vendor = True
    words = ("lists an entity set's entities under d.results by $top and $skip, ordered by "
             "$orderby=BusinessPartner, filtered on CreationDate/CreationTime and "
             "LastChangeDate/LastChangeTime (datetime'...' and time'...'), dates as "
             "/Date(ms)/ and times as PT..H..M..S, as SAP's EDMX and Cloud SDK read them; "
             "errors as {error: {code, message: {lang, value}}} (the codes, MOCK_..., are "
             "the mock's; it answers JSON only, reads the day and time in UTC, leaves "
             "LastChangeDate empty on a partner never changed, which SAP's files do not "
             "settle, and refuses other $filter and $orderby expressions)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/sap/opu/odata/sap/{service}/{entitySet}", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        top, skip = _int(query.get("$top"), len(self.records) or 1), _int(query.get("$skip"), 0)
        if top is None or skip is None or top < 1:
            return sap_error(400, "MOCK_INVALID_PAGING", "$top and $skip take whole numbers")
        if query.get("$orderby", "BusinessPartner") not in ("BusinessPartner",
                                                            "BusinessPartner asc"):
            return sap_error(400, "MOCK_ORDERBY_NOT_MODELLED",
                             f"the mock orders only by BusinessPartner, not "
                             f"{query.get('$orderby')!r}")
        chosen = self._chosen(query.get("$filter"))
        if isinstance(chosen, Answer):
            return chosen
        rows, key = chosen
        status = self.faults.next(f"{key}|{skip // top + 1}")
        if status is not None:
            return sap_error(status, "MOCK_INJECTED", "injected")
        page = rows[skip:skip + top]
        return Answer(200, {"d": {"results": page}},
                      note=f"{len(page)} entit{'y' if len(page) == 1 else 'ies'} of "
                      f"{len(rows)}, $skip {skip}")

    def _chosen(self, text: str | None) -> tuple[list[dict[str, Any]], str] | Answer:
        rows = sorted(self.records, key=lambda r: str(r["BusinessPartner"]))
        if not text:
            return rows, ""
        found = _LITERALS.search(text)
        if found is None:
            return sap_error(400, "MOCK_FILTER_NOT_MODELLED",
                             f"the mock reads only the job's filter on the creation and "
                             f"last change, not {text!r}")
        day, clock = found.groups()
        parts = _TIME.match(clock)
        assert parts is not None  # _LITERALS matched it
        hours, minutes, secs = (int(g) for g in parts.groups())
        since = (dt.datetime.fromisoformat(day).replace(tzinfo=_UTC)
                 + dt.timedelta(hours=hours, minutes=minutes, seconds=secs))
        if text != sap_filter(since.strftime("%Y-%m-%dT%H:%M:%SZ")):
            return sap_error(400, "MOCK_FILTER_NOT_MODELLED",
                             f"the mock reads only the job's filter, not {text!r}")
        stamp = since.strftime("%Y-%m-%dT%H:%M:%SZ")

        def after(r: dict[str, Any]) -> bool:
            made = _stamp(r.get("CreationDate"), r.get("CreationTime"))
            changed = _stamp(r.get("LastChangeDate"), r.get("LastChangeTime"))
            return any(s is not None and s >= stamp for s in (made, changed))

        return [r for r in rows if after(r)], f"{day} {clock}"


def _int(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    return int(text) if text.isdigit() else None


def pull_sap(context: Context, step: Step, state: State, headers: dict[str, str],
             settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The entities created or changed on or after the cursor, $top a page skipping
    $skip in key order until a short page; each given its _changedAt."""
    assert step.target is not None and step.target.dialect is not None
    assert step.flow.cursor is not None
    dialect = step.target.dialect
    cursor = None if step.flow.cursor.kind == "full-fetch" else state.get("cursor")
    size = settings.get("pageSize") or PAGE_SIZE
    path = (f"/sap/opu/odata/sap/{encode_component(dialect.constants['SERVICE'][0])}/"
            f"{encode_component(dialect.constants['ENTITY_SET'][0])}")
    sent = {**headers, "Accept": "application/json"}
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"$top": size, "$skip": (page - 1) * size,
                                 "$orderby": "BusinessPartner"}
        if cursor is not None:
            query["$filter"] = sap_filter(str(cursor))
        answer = get_page(context, step, settings, sent, path, query, page, sap_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        found = (body.get("d") or {}).get("results") or []
        records.extend({**r, "_changedAt": changed_at(r)} for r in found)
        if len(found) < size:
            break
    return records, cursor


def sap_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if not isinstance(error, dict):
        return reason_of(answer)
    message = error.get("message")
    if isinstance(message, dict) and "value" in message:
        return f"{js_string(error.get('code'))}: {js_string(message['value'])}"
    return reason_of(answer)


def as_pulled(dialect: Dialect | None, record: dict[str, Any]) -> dict[str, Any]:
    """A record as the job's pull hands it on: an SAP entity with its _changedAt (what
    the push's idempotency key reads); any other as it is."""
    if dialect is None or dialect.pull is None or dialect.pull.style != "sap-odata":
        return record
    return {**record, "_changedAt": changed_at(record)}
