"""Data-collection servers in their own dialect: ODK Central's OData submissions feed and
KoboToolbox's data endpoint, for
the mock (a route answering as docs.getodk.org documents it) and for the Python engine
(the job's pull, request for request). mailroom.vendors holds the one description the
job template reads too.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    PAGE_SIZE,
    Context,
    HttpAnswer,
    State,
    get_page,
    js_string,
    reason_of,
)

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

# one comparison of the filter the job sends: __system/<field> gt <date-time>
_TERM = re.compile(r"^__system/(submissionDate|updatedAt) gt (\d{4}-\d{2}-\d{2}T[0-9:.]+Z)$")


# -- records as ODK Central serves them ----------------------------------------------


def odk_submission(number: int, modified: str, fields: dict[str, Any]) -> State:
    """A submission as the OData feed lists it: the form's fields, its instance id in
    __id and meta.instanceID, its metadata in __system (updatedAt null until edited)."""
    ident = f"uuid:00000000-0000-4000-8000-{number:012d}"
    return {"__id": ident, **fields, "meta": {"instanceID": ident},
            "__system": {"submissionDate": _odk_time(modified), "updatedAt": None,
                         "submitterId": "5", "submitterName": "Simulated app user",
                         "attachmentsPresent": 0, "attachmentsExpected": 0, "status": None,
                         "reviewState": None, "deviceId": None, "edits": 0,
                         "formVersion": ""}}


def changed_odk_submission(record: State, field: str, when: str) -> State:
    """The submission as someone edits it on the server: a new value, updatedAt set."""
    system = {**record["__system"], "updatedAt": _odk_time(when),
              "edits": record["__system"]["edits"] + 1}
    return {**record, field: f"{record.get(field)} (changed)", "__system": system}


def odk_stamp(record: State) -> str:
    """When a submission last changed: updatedAt once edited, else its submissionDate."""
    system = record.get("__system") or {}
    return str(system.get("updatedAt") or system.get("submissionDate"))


def _odk_time(when: str) -> str:
    return when.replace("Z", ".000Z") if re.search(r":\d{2}Z$", when) else when


# -- the mock ------------------------------------------------------------------------


class OdkSubmissionsRoute(Route):
    """ODK Central's OData data document for a form's Submissions: $filter on
    __system/submissionDate and __system/updatedAt, $top and $skip; no ordering of its
    own ($orderby is not supported), so rows come in the order they were submitted."""

    kind = "source"
    vendor = True
    words = ("lists a form's submissions by $filter on __system/submissionDate or "
             "__system/updatedAt (gt), paged by $top and $skip, errors as {code, message}, "
             "as docs.getodk.org documents it")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/v1/projects/{project}/forms/{form}.svc/Submissions", caller,
                         auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def match(self, method: str, path: str) -> dict[str, str] | None:
        found = re.fullmatch(r"/v1/projects/(\d+)/forms/([^/]+)\.svc/Submissions/?", path)
        if method != "GET" or found is None:
            return None
        return {"project": found.group(1), "form": found.group(2)}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        unsupported = [k for k in query if k in ("$orderby", "$search", "$apply")]
        if unsupported:
            return _odk_error(501, "501.1", f"The requested feature {unsupported[0]} is not "
                              "supported by this server.")
        since = _since(query.get("$filter"))
        if since is None:
            return _odk_error(501, "501.1", "The requested feature $filter "
                              f"{query.get('$filter')!r} is not supported by mailroom's mock.")
        top = _int(query.get("$top"))
        skip = _int(query.get("$skip")) or 0
        if top is not None and top < 1 or skip < 0:
            return _odk_error(400, "400.11", "$top and $skip take whole numbers.")
        page = skip // top + 1 if top else 1
        status = self.faults.next(f"{since}|{page}")
        if status is not None:
            return _odk_error(status, f"{status}.1", "injected")
        chosen = [r for r in self.records if not since or odk_stamp(r) > since
                  or str(r["__system"]["submissionDate"]) > since]
        rows = chosen[skip:skip + top] if top else chosen[skip:]
        body: dict[str, Any] = {
            "@odata.context": f"/v1/projects/{params['project']}/forms/{params['form']}.svc/"
                              "$metadata#Submissions",
            "value": rows}
        if query.get("$count") == "true":
            body["@odata.count"] = len(chosen)
        return Answer(200, body, note=f"{len(rows)} submission(s) from $skip={skip}")


def _since(text: str | None) -> str | None:
    """The date-time the job's $filter compares with ('' when it sends none), or None for
    a filter this mock does not read."""
    if not text:
        return ""
    found = {_TERM.match(term.strip().strip("()")) for term in text.split(" or ")}
    stamps = {m.group(2) for m in found if m is not None}
    return stamps.pop() if None not in found and len(stamps) == 1 else None


def _odk_error(status: int, code: str, message: str) -> Answer:
    note = f"injected {status}" if message == "injected" else f"{status} {message}"
    return Answer(status, {"code": code, "message": message}, note=note)


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return -1


# -- the Python engine's pull --------------------------------------------------------


def odk_filter(cursor: Any) -> str:
    return f"__system/submissionDate gt {cursor} or __system/updatedAt gt {cursor}"


def pull_odk(context: Context, step: Step, state: State, headers: dict[str, str],
             settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The form's Submissions since the cursor, by $top/$skip; the cursor returned is the
    latest submissionDate or updatedAt taken."""
    assert step.target is not None
    dialect = step.target.dialect
    assert dialect is not None
    cursor = state.get("cursor")
    path = (f"/v1/projects/{dialect.constants['PROJECT_ID'][0]}/forms/"
            f"{dialect.constants['XML_FORM_ID'][0]}.svc/Submissions")
    top = settings.get("pageSize") or PAGE_SIZE
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"$top": top, "$skip": (page - 1) * top}
        if cursor is not None:
            query["$filter"] = odk_filter(cursor)
        answer = get_page(context, step, settings, headers, path, query, page, _odk_reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        rows = body.get("value") or []
        records.extend(rows)
        if len(rows) < top:
            break
    next_cursor = cursor
    for record in records:
        stamp = odk_stamp(record)
        if next_cursor is None or stamp > next_cursor:
            next_cursor = stamp
    return records, next_cursor


def _odk_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "code" in body and "message" in body:
        return f"{js_string(body.get('code'))}: {js_string(body.get('message'))}"
    return reason_of(answer)


# -- KoboToolbox's data endpoint -----------------------------------------------------


def kobo_submission(dialect: Dialect, number: int, modified: str,
                    fields: dict[str, Any]) -> State:
    """A submission as KoboToolbox's data endpoint lists it: the form's fields, _id (a
    number), _uuid, meta/instanceID and _submission_time (to the second, no zone)."""
    uuid = f"00000000-0000-4000-8000-{number:012d}"
    return {"_id": number, **fields, "meta/instanceID": f"uuid:{uuid}", "_uuid": uuid,
            "_xform_id_string": dialect.constants["ASSET_UID"][0],
            "_submission_time": modified.removesuffix("Z"), "_attachments": [],
            "_submitted_by": None}


def changed_kobo_submission(record: State, field: str) -> State:
    """The submission as someone edits it: a new value; _submission_time stays."""
    return {**record, field: f"{record.get(field)} (changed)"}


class KoboDataRoute(Route):
    """KoboToolbox's data endpoint: `query` a MongoDB-style JSON filter, `limit` (at most
    1000) and `start`, the answer's `next` linking the following page."""

    kind = "source"
    vendor = True
    words = ('lists a project\'s submissions by query (JSON, here {"_submission_time": '
             '{"$gte"|"$gt": …}}), paged by limit and start, linked by next, as KoboToolbox '
             "documents it (its refusal bodies are not modelled: the generic mock's)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/api/v2/assets/{uid}/data", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def match(self, method: str, path: str) -> dict[str, str] | None:
        return super().match(method, path.rstrip("/"))

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        try:
            found = json.loads(query["query"]) if "query" in query else {}
        except ValueError:
            return Answer(400, {"detail": "query is not valid JSON"},
                          note="refused: query is not JSON")
        condition = found.get("_submission_time") if isinstance(found, dict) else None
        operator, since = next(iter(condition.items())) if isinstance(condition, dict) \
            and len(condition) == 1 else ("", "")
        if found and (set(found) != {"_submission_time"} or operator not in ("$gt", "$gte")):
            return Answer(400, {"detail": "a query this mock does not read"},
                          note="refused: a query other than _submission_time $gt/$gte")
        limit = min(max(_int(query.get("limit")) or 100, 1), 1000)
        start = max(_int(query.get("start")) or 0, 0)
        page = start // limit + 1
        status = self.faults.next(f"{since}|{page}")
        if status is not None:
            return Answer(status, None if status >= 500 else {"detail": "injected"},
                          note=f"injected {status}")
        chosen = sorted((r for r in self.records if not since
                         or (r["_submission_time"] >= since if operator == "$gte"
                             else r["_submission_time"] > since)),
                        key=lambda r: r["_id"])
        results = chosen[start:start + limit]
        following = None
        if start + limit < len(chosen):
            rest = {k: v for k, v in query.items() if k not in ("start", "limit")}
            host = request.headers.get("host", "kf.kobotoolbox.org")
            following = (f"http://{host}/api/v2/assets/{params['uid']}/data/?"
                         + urllib.parse.urlencode({**rest, "limit": limit,
                                                   "start": start + limit}))
        return Answer(200, {"count": len(chosen), "next": following, "previous": None,
                            "results": results},
                      note=f"{len(results)} submission(s)" + (", next" if following
                                                              else ", next null"))


def kobo_query(cursor: Any) -> str:
    """The query the job sends: JSON as JavaScript's JSON.stringify writes it."""
    return json.dumps({"_submission_time": {"$gte": cursor}}, separators=(",", ":"))


def pull_kobo(context: Context, step: Step, state: State, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The project's submissions received on or after the cursor, by limit and the start
    of each answer's next; oldest first."""
    assert step.target is not None
    dialect = step.target.dialect
    assert dialect is not None
    cursor = state.get("cursor")
    path = f"/api/v2/assets/{dialect.constants['ASSET_UID'][0]}/data/"
    base: dict[str, Any] = {"limit": settings.get("pageSize") or 1000}
    if cursor is not None:
        base["query"] = kobo_query(cursor)
    query = base
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        answer = get_page(context, step, settings, headers, path, query, page)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("results") or [])
        following = body.get("next")
        start = urllib.parse.parse_qs(urllib.parse.urlsplit(str(following)).query).get("start")
        if not following or not start:
            break
        query = {**base, "start": start[0]}
    records.sort(key=lambda r: (str(r.get("_submission_time")), r.get("_id") or 0))
    return records, cursor


# -- what vendor_routes asks of this module ------------------------------------------


def form_record(dialect: Dialect, number: int, modified: str,
                fields: dict[str, Any]) -> State | None:
    """A made-up record as ODK Central or KoboToolbox serves it; None for other vendors."""
    assert dialect.pull is not None
    if dialect.pull.style == "odk-odata":
        return odk_submission(number, modified, fields)
    if dialect.pull.style == "kobo-data":
        return kobo_submission(dialect, number, modified, fields)
    return None


def changed_form_record(dialect: Dialect, record: State, field: str, when: str) -> State | None:
    """The submission as someone edits it (KoboToolbox keeps its _submission_time)."""
    assert dialect.pull is not None
    if dialect.pull.style == "odk-odata":
        return changed_odk_submission(record, field, when)
    if dialect.pull.style == "kobo-data":
        return changed_kobo_submission(record, field)
    return None


def form_source(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                cursor: Cursor, faults: FaultPlan) -> Route | None:
    """The mock of ODK Central's or KoboToolbox's list endpoint; None for other vendors.
    Each is shaped like vendor_routes' sources (records, calls, words)."""
    assert dialect.pull is not None
    if dialect.pull.style == "odk-odata":
        return OdkSubmissionsRoute(dialect, path, caller, auth, cursor, faults)
    if dialect.pull.style == "kobo-data":
        return KoboDataRoute(dialect, path, caller, auth, cursor, faults)
    return None
