"""Mailchimp's list members in its own dialect (GET /3.0/lists/{list_id}/members with
since_last_changed, count and offset, the members under `members` with total_items,
errors as problem details {type, title, status, detail, instance}), for the mock (a route
answering as Mailchimp's own library and pages document it) and for the Python engine
(the job's pull, request for request). mailroom.vendors.marketing holds the one
description the job template reads too."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    get_page,
    reason_of,
)

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

_OWN = ("email_address", "status")  # a member's own fields; the rest are merge fields
PAGE_SIZE = 1000  # the job's count; Mailchimp's default is 10 and its maximum 1000
ERRORS = "https://mailchimp.com/developer/marketing/docs/errors/"


def mailchimp_stamp(when: str) -> str:
    """2024-05-01T08:05:00Z as Mailchimp writes a time: 2024-05-01T08:05:00+00:00."""
    return when.removesuffix("Z") + "+00:00"


def mailchimp_member(number: int, modified: str, fields: dict[str, Any]) -> State:
    """A member as the list serves it: its id the MD5 of its lower-cased address; the
    flow's fields as its merge fields, but for a member's own (email_address, status)."""
    own = {k: fields[k] for k in _OWN if k in fields}
    email = str(own.get("email_address") or f"member{number}@example.org")
    stamp = mailchimp_stamp(modified)
    return {"id": hashlib.md5(email.lower().encode()).hexdigest(), "email_address": email,
            "status": own.get("status", "subscribed"),
            "merge_fields": {k: v for k, v in fields.items() if k not in _OWN},
            "timestamp_signup": stamp, "last_changed": stamp}


def changed_mailchimp_member(record: State, field: str, when: str) -> State:
    """The member edited in Mailchimp. A changed address keeps the member's id here;
    Mailchimp's id would follow the new address (not modelled)."""
    if field in _OWN:
        return {**record, field: f"{record.get(field)} (changed)",
                "last_changed": mailchimp_stamp(when)}
    merge = record["merge_fields"]
    return {**record, "merge_fields": {**merge, field: f"{merge.get(field)} (changed)"},
            "last_changed": mailchimp_stamp(when)}


def mailchimp_error(status: int, title: str, detail: str) -> Answer:
    return Answer(status, {"type": ERRORS, "title": title, "status": status, "detail": detail,
                           "instance": "00000000-0000-4000-8000-000000000000"},
                  note=f"injected {status}" if detail == "injected" else f"{status} {title}")


class MailchimpMembersRoute(Route):
    """Mailchimp's list members: since_last_changed, count (1000 at most) and offset."""

    kind = "source"
    vendor = True
    words = ("lists an audience's members changed after since_last_changed, count a page "
             "(1000 at most) skipping offset, under `members` with total_items, errors as "
             "problem details {type, title, status, detail, instance}, as Mailchimp's "
             "library and pages document it (the order of members is the mock's: by "
             "last_changed; Mailchimp's own is not documented here)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", "/3.0/lists/{list_id}/members", caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        count, offset = _int(query.get("count"), 10), _int(query.get("offset"), 0)
        if count is None or offset is None or not 1 <= count <= 1000:
            return mailchimp_error(400, "Invalid Resource",
                                   "count takes 1 to 1000, offset a whole number (mock)")
        since = query.get("since_last_changed")
        if since is not None and not _ISO.match(since):
            return mailchimp_error(400, "Invalid Resource",
                                   "since_last_changed is not an ISO 8601 time (mock)")
        page = offset // count + 1
        status = self.faults.next(f"{since or ''}|{page}")
        if status is not None:
            return mailchimp_error(status, "Internal Server Error", "injected")
        chosen = sorted((r for r in self.records
                         if since is None or r["last_changed"] > since),
                        key=lambda r: (r["last_changed"], r["id"]))
        members = chosen[offset:offset + count]
        return Answer(200, {"members": members, "list_id": params.get("list_id"),
                            "total_items": len(chosen)},
                      note=f"{len(members)} member(s) of {len(chosen)}, offset {offset}")


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+00:00|Z)?$")


def _int(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    return int(text) if text.isdigit() else None


def pull_mailchimp(context: Context, step: Step, state: State, headers: dict[str, str],
                   settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The members changed since the cursor, count a page skipping offset, until a page
    comes back short; the cursor stays as it was (the engine takes the latest
    last_changed after)."""
    assert step.target is not None and step.target.dialect is not None
    cursor = state.get("cursor")
    count = min(settings.get("pageSize") or PAGE_SIZE, 1000)
    list_id = urllib.parse.quote(step.target.dialect.constants["LIST_ID"][0], safe="!*'()")
    path = f"/3.0/lists/{list_id}/members"  # as the job's encodeURIComponent
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"count": count, "offset": (page - 1) * count}
        if cursor is not None:
            query["since_last_changed"] = cursor
        answer = get_page(context, step, settings, headers, path, query, page, _reason)
        body = answer.body if isinstance(answer.body, dict) else {}
        members = body.get("members") or []
        records.extend(members)
        if len(members) < count:
            break
    return records, cursor


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "title" in body and "detail" in body:
        return f"{body['title']}: {body['detail']}"
    return reason_of(answer)
