"""Shopify's GraphQL Admin API as a source (POST /admin/api/<version>/graphql.json, a
connection read with first/after, filtered by the search query updated_at:>'<cursor>' and
sorted by UPDATED_AT; mailroom.vendors.shopify holds the description and its pages): the
records as Shopify serves them, the mock's route, and the Python engine's pull, request
for request what templates/stub/vendors/shopify-graphql.js.j2 does."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    FIRST_DELAY_MS,
    MAX_ATTEMPTS,
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    StepFailed,
    js_string,
    reason_of,
    send_with_retries,
)
from mailroom.vendors.shopify import graphql_fields, pull_query

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

MAX_FIRST = 250  # a connection's page: 250 nodes at most
_SINCE = re.compile(r"^updated_at:>'([^']+)'$")


def shopify_node(dialect: Dialect, number: int, modified: str, fields: dict[str, Any]) -> State:
    """A record as the connection serves it: a global id, updatedAt, the flow's fields."""
    kind = dialect.constants["RESOURCE"][0].removesuffix("s").capitalize()
    return {"id": f"gid://shopify/{kind}/{1000 + number}", "updatedAt": modified, **fields}


def changed_shopify_node(record: State, field: str, when: str) -> State:
    return {**record, field: f"{record.get(field)} (changed)", "updatedAt": when}


def throttled(status: int, body: Any) -> bool:
    """A throttled answer: 429, or errors whose extensions.code is THROTTLED."""
    errors = body.get("errors") if isinstance(body, dict) else None
    codes = [e.get("extensions", {}).get("code") for e in errors or [] if isinstance(e, dict)]
    return status == 429 or "THROTTLED" in codes


class ShopifyGraphQLRoute(Route):
    """POST /admin/api/{version}/graphql.json: the connection's nodes updated after the
    query's updated_at, by UPDATED_AT, first nodes a page after the endCursor it gave."""

    kind = "source"
    vendor = True
    words = ("answers a GraphQL query of a connection (first, after, query updated_at:>'...', "
             "sortKey UPDATED_AT) with edges { node } and pageInfo { hasNextPage endCursor }, "
             "as Shopify documents its GraphQL Admin API; its busy answer is a THROTTLED "
             "error with the query's cost, sent with HTTP 200 (Shopify's pages do not say "
             "which status a throttled query gets; the job takes 200 and 429 alike); it reads "
             "the query's text only for the connection and its arguments")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("POST", "/admin/api/{version}/graphql.json", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0
        self.ends: dict[str, tuple[int, int]] = {}  # an endCursor it gave -> (start, page)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        body = request.body if isinstance(request.body, dict) else {}
        text = str(body.get("query") or "")
        found_variables = body.get("variables")
        variables: dict[str, Any] = found_variables if isinstance(found_variables, dict) else {}
        resource = self.dialect.constants["RESOURCE"][0]
        if f"{resource}(" not in text or "sortKey: UPDATED_AT" not in text:
            return _error(f"the query does not read {resource} sorted by UPDATED_AT (mock)")
        first = variables.get("first")
        if not isinstance(first, int) or not 1 <= first <= MAX_FIRST:
            return _error(f"first takes 1 to {MAX_FIRST}")
        search = variables.get("query")
        since = None
        if search is not None:
            found = _SINCE.match(str(search))
            if found is None:
                return _error("the mock reads only the search query updated_at:>'<time>'")
            since = found.group(1)
        start, page = 0, 1
        if variables.get("after") is not None:
            place = self.ends.get(str(variables["after"]))
            if place is None:
                return _error("after is not an endCursor this connection gave (mock)")
            start, page = place
        status = self.faults.next(f"{(since or '').removesuffix('Z')}|{page}")
        if status is not None and status < 500:
            return Answer(200, {"errors": [{"message": "Throttled",
                                            "extensions": {"code": "THROTTLED"}}],
                                "extensions": {"cost": {"requestedQueryCost": first + 2,
                                                        "actualQueryCost": None,
                                                        "throttleStatus": {
                                                            "maximumAvailable": 1000.0,
                                                            "currentlyAvailable": 0,
                                                            "restoreRate": 100.0}}}},
                          note="THROTTLED (injected)")
        if status is not None:
            return Answer(status, {"errors": "Internal error (injected)"},
                          note=f"injected {status}")
        chosen = sorted((r for r in self.records if since is None or r["updatedAt"] > since),
                        key=lambda r: (r["updatedAt"], r["id"]))
        nodes = chosen[start:start + first]
        more = start + first < len(chosen)
        end = None
        if nodes:
            end = f"eyJsYXN0X2lkIjo{len(self.ends) + 1:04d}"
            self.ends[end] = (start + first, page + 1)
        return Answer(200, {"data": {resource: {
            "edges": [{"cursor": f"c{start + i}", "node": n} for i, n in enumerate(nodes)],
            "pageInfo": {"hasNextPage": more, "endCursor": end}}},
            "extensions": {"cost": {"requestedQueryCost": first + 2,
                                    "actualQueryCost": len(nodes) + 2}}},
            note=f"{len(nodes)} node(s)" + (", hasNextPage" if more else ", the last page"))


def _error(message: str) -> Answer:
    """A query Shopify cannot run: errors beside no data."""
    return Answer(200, {"errors": [{"message": message}]}, note=f"errors: {message}")


def pull_shopify(context: Context, step: Step, state: State, headers: dict[str, str],
                 settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The nodes updated after the cursor, page after page while hasNextPage; the cursor
    stays as it was (the engine takes the latest updatedAt after)."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    resource = dialect.constants["RESOURCE"][0]
    query = pull_query(resource, graphql_fields(step.flow.fields))
    path = f"/admin/api/{dialect.constants['API_VERSION'][0]}/graphql.json"
    cursor = state.get("cursor")
    first = min(settings.get("pageSize") or MAX_FIRST, MAX_FIRST)
    after: Any = None
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        variables = {"first": first, "after": after,
                     "query": None if cursor is None else f"updated_at:>'{cursor}'"}
        answer = _post(context, settings, {**headers, "Content-Type": "application/json"},
                       path, {"query": query, "variables": variables})
        body = answer.body if isinstance(answer.body, dict) else {}
        if not 200 <= answer.status < 300 or body.get("errors"):
            label = step.target.label
            raise StepFailed(f"{label} answered {answer.status} to page {page} "
                             f"({_reason(answer)}); nothing is saved and the next poll repeats")
        connection = (body.get("data") or {}).get(resource) or {}
        records.extend(e["node"] for e in connection.get("edges") or [])
        info = connection.get("pageInfo") or {}
        if not info.get("hasNextPage") or not info.get("endCursor"):
            break
        after = info["endCursor"]
    return records, cursor


def _post(context: Context, settings: dict[str, Any], headers: dict[str, str], path: str,
          body: dict[str, Any]) -> HttpAnswer:
    """The job's postQuery(): a throttled answer is tried again after a wait."""
    answer = HttpAnswer(0, {}, None)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                                   body=body, headers=headers)
        if not throttled(answer.status, answer.body) or attempt == MAX_ATTEMPTS:
            return answer
        scale = settings.get("delayScale")
        time.sleep(FIRST_DELAY_MS * 2 ** (attempt - 1) * (1 if scale is None else scale) / 1000)
    return answer


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return js_string(errors[0].get("message"))
    if isinstance(errors, str):
        return errors
    return reason_of(answer)
