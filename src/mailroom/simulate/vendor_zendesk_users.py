"""Zendesk's users as a destination (POST /api/v2/users/create_or_update, matched on
external_id; mailroom.vendors.writes holds the description and its pages): the mock's
route, which creates (201) or updates (200) as Zendesk documents it, and the Python
engine's delivery of one record, request for request what
templates/stub/vendors/zendesk-user-upsert.js.j2 does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect


def zendesk_error(status: int, error: str, description: str) -> Answer:
    return Answer(status, {"error": error, "description": description},
                  note=f"injected {status}" if description == "injected"
                  else f"{status} {error}")


class ZendeskUserUpsertRoute(DestinationRoute):
    """POST /api/v2/users/create_or_update: the user whose external_id (any case) or
    e-mail matches is updated (200), else one is created (201)."""

    vendor = True
    words = ("creates a user (201) or updates the one whose external_id, without regard to "
             "case, or e-mail matches (200), as Zendesk documents create_or_update; errors as "
             "{error, description, details}")
    duplicate_words = ("repeated deliveries updated the user they created (200: "
                       "create_or_update matched the external_id)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/api/v2/users/create_or_update", caller, auth, faults, label)
        faults.generic = False
        self.users: dict[str, dict[str, Any]] = {}  # lower-cased external_id -> user

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        user = request.body.get("user") if isinstance(request.body, dict) else None
        if not isinstance(user, dict):
            return zendesk_error(400, "InvalidValue", "the body is not {user: {...}} (mock)")
        external = js_string(user.get("external_id"))
        status = self.faults.next(external)
        if status is not None:
            return zendesk_error(status, "RecordInvalid" if status < 500 else "InternalError",
                                 "injected" if status >= 500
                                 else f"the user {external} was refused (injected)")
        found = self.users.get(external.lower()) if external else None
        if found is None and user.get("email"):
            found = next((u for u in self.users.values() if u.get("email") == user["email"]),
                         None)
        if found is None and not user.get("name"):
            return Answer(422, {"error": "RecordInvalid", "description":
                                "Record validation errors",
                                "details": {"name": [{"description": "Name: is too short "
                                                      "(mock)"}]}}, note="422 RecordInvalid")
        if found is not None:
            found.update(user)
            self.duplicates.append(external)
            return Answer(200, {"user": found}, headers={"Location": found["url"]},
                          note="200 updated: create_or_update matched this user")
        number = len(self.users) + 1
        created = {"id": 9000 + number, "url": f"/api/v2/users/{9000 + number}.json",
                   "role": "end-user", **user}
        self.users[external.lower()] = created
        self.deliveries.append(Delivery(external, user))
        return Answer(201, {"user": created}, headers={"Location": created["url"]},
                      note="201 created")


def push_zendesk_user(context: Context, step: Step, key: str, body: Any,
                      headers: dict[str, str], settings: dict[str, Any]
                      ) -> tuple[HttpAnswer, bool, str]:
    """One record as a user, its key the external_id."""
    user = {**(body if isinstance(body, dict) else {}), "external_id": key}
    answer = send_with_retries("POST", context.base_url + "/api/v2/users/create_or_update",
                               settings, context.deadline, body={"user": user},
                               headers=headers)
    return answer, 200 <= answer.status < 300, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "error" in body and isinstance(body["error"], str):
        return f"{body['error']}: {js_string(body.get('description'))}"
    return reason_of(answer)
