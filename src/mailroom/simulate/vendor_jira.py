"""Jira Cloud in its own dialect: the JQL search (GET /rest/api/3/search/jql, a bounded
query, `updated >= "yyyy-MM-dd HH:mm"`, ORDER BY, `fields`, `maxResults` and
`nextPageToken` paging, answers `{issues, nextPageToken, isLast}`) and create issue (POST
/rest/api/3/issue, 201 with {id, key, self}), errors as {errorMessages, errors}; for the
mock (routes answering as Atlassian's API reference and published OpenAPI file document
them) and for the Python engine (the jobs' requests, request for request).
mailroom.vendors.searches holds the one description the job templates read too."""

from __future__ import annotations

import base64
import functools
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

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

PAGE_SIZE = 100  # the job's maxResults; Jira's default is 50
_JQL = re.compile(r'^project = "((?:[^"\\]|\\.)+)"'
                  r'(?: AND updated >= "(\d{4}-\d\d-\d\d \d\d:\d\d)")?'
                  r"(?: ORDER BY (.+))?$")


def jira_stamp(when: str) -> str:
    """2024-05-01T08:05:00Z as Jira writes a time: 2024-05-01T08:05:00.000+0000."""
    return when.removesuffix("Z") + ".000+0000"


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%f%z")


def jql_minute(stamp: str, zone: str) -> str:
    """The job's jqlMinute(): a time as JQL takes it, to the minute, in the user's zone."""
    return _moment(stamp).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def jira_issue(dialect: Dialect, number: int, modified: str, fields: dict[str, Any]) -> State:
    """An issue as the search lists it: id, key, self and its fields (the flow's, created
    and updated, in the form the API's examples give times)."""
    ident = str(10000 + number)
    stamp = jira_stamp(modified)
    return {"expand": "", "id": ident, "key": f"{dialect.constants['PROJECT_KEY'][0]}-{number}",
            "self": f"/rest/api/3/issue/{ident}",
            "fields": {**fields, "created": stamp, "updated": stamp}}


def changed_jira_issue(record: State, field: str, when: str) -> State:
    fields = dict(record["fields"])
    fields[field] = f"{fields.get(field)} (changed)"
    fields["updated"] = jira_stamp(when)
    return {**record, "fields": fields}


def jira_error(status: int, message: str, note: str = "") -> Answer:
    return Answer(status, {"errorMessages": [message], "errors": {}},
                  note=note or f"{status} {message}")


class JiraSearchRoute(Route):
    """The JQL search: a bounded query (a project clause), an `updated >=` clause to the
    minute, ORDER BY, `fields`, `maxResults` and `nextPageToken`."""

    kind = "source"
    vendor = True
    words = ("searches issues by JQL (a project clause, updated >= a minute, ORDER BY), "
             "refusing an unbounded query, maxResults a page and nextPageToken to the next, "
             "the fields asked for, answering {issues, nextPageToken, isLast}, errors as "
             "{errorMessages, errors}, as Atlassian's API reference and OpenAPI file document "
             "it (other JQL clauses and search lag are not modelled; JQL reads the minute in "
             "UTC here)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/rest/api/3/search/jql", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.tokens: dict[str, tuple[str, int, int]] = {}  # token -> (jql, page, start)
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        jql = query.get("jql", "")
        found = _JQL.match(jql)
        if found is None:
            return jira_error(400, "The mock reads a bounded query: project = \"<key>\", then "
                              "AND updated >= \"yyyy-MM-dd HH:mm\" and ORDER BY (mock)")
        size = query.get("maxResults", "50")
        if not size.isdigit() or not 1 <= int(size) <= 5000:
            return jira_error(400, "maxResults takes 1 to 5000 (mock)")
        page, start = 1, 0
        if "nextPageToken" in query:
            known = self.tokens.get(query["nextPageToken"])
            if known is None or known[0] != jql:
                return jira_error(400, "nextPageToken is not one this search gave (mock)")
            page, start = known[1], known[2]
        since = found.group(2)
        wire = f"{since.replace(' ', 'T')}:00.000+0000" if since else ""  # the poll's cursor
        status = self.faults.next(f"{wire}|{page}")
        if status is not None:
            return jira_error(status, "injected", note=f"injected {status}")
        chosen = [r for r in self.records
                  if r["key"].rsplit("-", 1)[0] == found.group(1).replace('\\"', '"')
                  and (since is None or jql_minute(r["fields"]["updated"], "UTC") >= since)]
        order = [o.strip().split() for o in (found.group(3) or "").split(",") if o.strip()]
        for name, *direction in reversed(order):
            chosen.sort(key=functools.partial(_order_value, name=name),
                        reverse=bool(direction) and direction[0].upper() == "DESC")
        issues = [_with_fields(r, query.get("fields", "id"))
                  for r in chosen[start:start + int(size)]]
        body: dict[str, Any] = {"issues": issues, "isLast": start + len(issues) >= len(chosen)}
        if not body["isLast"]:
            token = base64.b64encode(f"sim:{len(self.tokens) + 1}".encode()).decode()
            self.tokens[token] = (jql, page + 1, start + len(issues))
            body["nextPageToken"] = token
        return Answer(200, body, note=f"{len(issues)} issue(s)"
                      + (", nextPageToken" if "nextPageToken" in body else ", isLast"))


def _order_value(record: State, name: str) -> Any:
    if name == "key":
        project, _, number = record["key"].rpartition("-")
        return project, int(number)
    return _moment(record["fields"][name]) if name in ("updated", "created") else \
        str(record["fields"].get(name, ""))


def _with_fields(record: State, asked: str) -> State:
    """The issue with the fields asked for (the default, `id`, gives none of them)."""
    names = {n.strip() for n in asked.split(",")}
    if names & {"*all", "*navigable"}:
        return record
    return {**record, "fields": {k: v for k, v in record["fields"].items() if k in names}}


class JiraCreateRoute(DestinationRoute):
    """Create issue: every request with a project and an issue type creates one; the same
    record again creates another, as Jira has no create-or-update by a key."""

    vendor = True
    words = ("creates an issue for each request with fields.project and fields.issuetype "
             "(201 with {id, key, self}), errors as {errorMessages, errors}, as Atlassian's "
             "API reference and OpenAPI file document it; like Jira it has no create-or-update "
             "by a key, so a repeat creates a second issue (which fields an issue type "
             "requires is not checked)")
    duplicate_words = ("repeated deliveries recognised as repeats (Jira has none: a repeat "
                       "creates a second issue; TODO(id) in the job)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/rest/api/3/issue", caller, auth, faults, label)
        faults.generic = False
        self.dialect = dialect
        self.issues = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        fields = body.get("fields") if isinstance(body.get("fields"), dict) else None
        if fields is None or not fields.get("project") or not fields.get("issuetype"):
            return Answer(400, {"errorMessages": [], "errors": {
                "project": "Specify a valid project ID or key (mock)",
                "issuetype": "Specify an issue type (mock)"}},
                note="400: no project or issue type")
        key = _key_of(self.dialect, body)
        status = self.faults.next(key)
        if status is not None and status >= 500:
            return jira_error(status, "injected", note=f"injected {status}")
        if status is not None:
            return Answer(status, {"errorMessages": [], "errors": {
                "summary": "You must specify a summary of the issue. (injected)"}},
                note=f"injected permanent {status}")
        self.issues += 1
        ident = str(20000 + self.issues)
        project = fields["project"].get("key", "?") if isinstance(fields["project"], dict) \
            else "?"
        self.deliveries.append(Delivery(key, {k: v for k, v in fields.items()
                                              if k not in ("project", "issuetype")}))
        again = sum(d.key == key for d in self.deliveries) > 1
        return Answer(201, {"id": ident, "key": f"{project}-{self.issues}",
                            "self": f"/rest/api/3/issue/{ident}"},
                      note="created a second issue for the same record" if again else "created")


def _key_of(dialect: Dialect, body: dict[str, Any]) -> str:
    """The record's key, from the issue property the job keeps it in."""
    name = dialect.constants["KEY_PROPERTY"][0]
    for prop in body.get("properties") or []:
        if isinstance(prop, dict) and prop.get("key") == name \
                and isinstance(prop.get("value"), dict):
            return str(prop["value"].get("key") or "")
    return ""


# -- the Python engine: the jobs' requests -------------------------------------------


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    found = body.get("errors")
    errors: dict[str, Any] = found if isinstance(found, dict) else {}
    messages = [*(body.get("errorMessages") or []), *errors.values()]
    return "; ".join(js_string(m) for m in messages) if messages else reason_of(answer)


def pull_jira(context: Context, step: Step, state: State, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The job's JQL search: the project, `updated >=` the cursor's minute, ordered by
    updated and key, `maxResults` a page, then nextPageToken until isLast."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    cursor = state.get("cursor")
    size = settings.get("pageSize") or PAGE_SIZE
    since = "" if cursor is None else \
        f' AND updated >= "{jql_minute(str(cursor), constants["USER_TIME_ZONE"][0])}"'
    project = re.sub(r'(["\\])', r"\\\1", constants["PROJECT_KEY"][0])
    jql = f'project = "{project}"{since} ORDER BY updated ASC, key ASC'
    fields = ",".join(dict.fromkeys(("updated", *step.flow.fields)))
    records: list[dict[str, Any]] = []
    token: str | None = None
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"jql": jql, "fields": fields, "maxResults": size}
        if token is not None:
            query["nextPageToken"] = token
        answer = get_page(context, step, settings, headers, "/rest/api/3/search/jql", query,
                          page, _reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        records.extend(body.get("issues") or [])
        if body.get("isLast") is not False or not body.get("nextPageToken"):
            break
        token = str(body["nextPageToken"])
    return records, cursor


def after_jira_pull(state: State, records: list[dict[str, Any]], cursor: Any) -> State:
    """The search takes the cursor's whole minute again: an issue updated before the
    cursor was taken before, one at the cursor is skipped if its id was taken."""
    at_cursor = [str(i) for i in state.get("atCursor") or []]
    known = set(at_cursor)
    at = _moment(str(cursor)) if cursor is not None else None

    def updated(record: dict[str, Any]) -> str:
        return str((record.get("fields") or {}).get("updated"))

    fresh = [r for r in records if at is None or _moment(updated(r)) > at
             or (_moment(updated(r)) == at and js_string(r.get("id")) not in known)]
    next_cursor = cursor
    for record in fresh:
        if next_cursor is None or _moment(updated(record)) > _moment(str(next_cursor)):
            next_cursor = updated(record)
    next_at = [js_string(r.get("id")) for r in fresh if updated(r) == next_cursor]
    if next_cursor == cursor:
        next_at = [*at_cursor, *next_at]
    return {**state, "data": fresh, "fetched": len(records),
            "duplicatesSkipped": len(records) - len(fresh), "nextCursor": next_cursor,
            "nextAtCursor": next_at, "deadLetters": [], "delivered": []}


def push_jira(context: Context, step: Step, key: str, body: Any, headers: dict[str, str],
              settings: dict[str, Any]) -> tuple[HttpAnswer, bool, str]:
    """One issue created for the record: taken when Jira answers 201."""
    assert step.target is not None and step.target.dialect is not None
    constants = step.target.dialect.constants
    issue = {"fields": {"project": {"key": constants["PROJECT_KEY"][0]},
                        "issuetype": {"name": constants["ISSUE_TYPE"][0]},
                        **(body if isinstance(body, dict) else {})},
             "properties": [{"key": constants["KEY_PROPERTY"][0], "value": {"key": key}}]}
    answer = send_with_retries("POST", context.base_url + "/rest/api/3/issue", settings,
                               context.deadline, body=issue, headers=headers)
    return answer, answer.status == 201, _reason(answer)
