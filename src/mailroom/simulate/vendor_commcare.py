"""CommCare's Case Data API v2 as a destination (PUT /a/{domain}/api/case/v2/ext/{external
id}/, an upsert by external id; mailroom.vendors.health.COMMCARE_CASE_UPSERT holds the
description and its pages): the mock's route, which creates the case for a new external
id and updates it for a known one, and the Python engine's delivery of one record, request
for request what templates/stub/vendors/commcare-case-upsert.js.j2 does."""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

MAX_LENGTH = 255  # case_type, case_name, owner_id, external_id: "Max length 255 characters"
# "all property names must be valid XML element names": not blank, not starting with a
# digit or "xml"; the mock takes letters, digits, _ and - (the page's own examples use _)
_PROPERTY = re.compile(r"^(?![Xx][Mm][Ll])[A-Za-z_][A-Za-z0-9_-]*$")
_REQUIRED = ("case_type", "case_name", "owner_id")  # "Required for new cases"


def commcare_error(status: int, message: str) -> Answer:
    """A refusal as the Case Data API answers it: {"error": ...}; a server fault has no
    documented body."""
    if status >= 500:
        return Answer(status, None, note=f"injected {status}")
    return Answer(status, {"error": message},
                  note=f"injected {status}" if message == "injected" else f"refused: {message}")


class CommCareCaseUpsertRoute(DestinationRoute):
    """PUT /a/{domain}/api/case/v2/ext/{external_id}/: creates the case for a new external
    id, updates the case for a known one; 200 with {xform_id, case} either way."""

    vendor = True
    words = ("upserts a case by external id (PUT …/case/v2/ext/<external id>/: a new id "
             "creates the case, a known one updates it; 200 with {xform_id, case} either way), "
             "as CommCare's Case Data API v2 documents it; refuses a body that is not one JSON "
             "object, a new case without case_type, case_name or owner_id, a value that is "
             "not text and a property name that is not an XML name, with {error} and a 400 "
             "(the messages are the mock's)")
    duplicate_words = ("repeated deliveries updated the case they created (PUT by external id "
                       "is an upsert)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("PUT", "/a/{domain}/api/case/v2/ext/{external_id}/", caller, auth,
                         faults, label)
        faults.generic = False
        self.cases: dict[str, dict[str, Any]] = {}  # external id -> the case as it stands

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        external_id = params.get("external_id", "")
        body = request.body
        if not isinstance(body, dict):
            return commcare_error(400, "Payload must be a single JSON object")
        status = self.faults.next(external_id)
        if status is not None:
            return commcare_error(status, "injected")
        refused = _refusal(external_id, body, external_id in self.cases)
        if refused:
            return commcare_error(400, refused)
        known = self.cases.get(external_id)
        stamp = "2024-05-01T09:00:00.000000Z"
        if known is not None:
            known.update({k: body[k] for k in _REQUIRED if k in body})
            known["properties"] = {**known["properties"], **(body.get("properties") or {})}
            known["last_modified"] = stamp
            self.duplicates.append(external_id)
            note = "updated: this external id's case"
        else:
            known = {"domain": params.get("domain"),
                     "case_id": f"00000000-0000-4000-9000-{len(self.cases) + 1:012d}",
                     **{k: body[k] for k in _REQUIRED}, "external_id": external_id,
                     "date_opened": stamp, "last_modified": stamp, "closed": False,
                     "date_closed": None, "properties": dict(body.get("properties") or {})}
            self.cases[external_id] = known
            self.deliveries.append(Delivery(external_id, body))
            note = "created: a new external id"
        return Answer(200, {"xform_id": f"sim-form-{len(self.deliveries) + len(self.duplicates)}",
                            "case": dict(known)}, note=note)


def _refusal(external_id: str, body: dict[str, Any], known: bool) -> str | None:
    """Why the Case Data API would refuse this case, or None (the mock's words)."""
    if len(external_id) > MAX_LENGTH:
        return f"external_id is longer than {MAX_LENGTH} characters"
    if not known:
        missing = [k for k in _REQUIRED if not body.get(k)]
        if missing:
            return f"{', '.join(missing)} required for a new case"
    for name in _REQUIRED:
        if name in body and (not isinstance(body[name], str) or len(body[name]) > MAX_LENGTH):
            return f"{name} must be text of at most {MAX_LENGTH} characters"
    properties = body.get("properties") or {}
    if not isinstance(properties, dict):
        return "properties must be an object"
    for name, value in properties.items():
        if not _PROPERTY.match(str(name)):
            return f"'{name}' is not a valid property name"
        if not isinstance(value, str):
            return f"the value of '{name}' must be text"
    return None


def case_of(dialect: Dialect, key: str, mapped: dict[str, Any]) -> dict[str, Any]:
    """The job's caseOf(): the mapped fields as text properties, the case name from the
    name field (else the key)."""
    assert dialect.push is not None
    constants = dialect.push.constants
    name_field = constants["CASE_NAME_FIELD"][0]
    properties = {}
    for name, value in mapped.items():
        if name == name_field or value is None:
            continue
        properties[name] = (json.dumps(value, separators=(",", ":"), ensure_ascii=False)
                            if isinstance(value, (dict, list)) else js_string(value))
    named = mapped.get(name_field)
    return {"case_type": constants["CASE_TYPE"][0],
            "case_name": key if named is None else js_string(named),
            "owner_id": constants["OWNER_ID"][0], "properties": properties}


def push_commcare(context: Context, step: Step, key: str, body: Any,
                  headers: dict[str, str], settings: dict[str, Any]
                  ) -> tuple[HttpAnswer, bool, str]:
    """One record, upserted as a case by its key as external id."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    domain = dialect.constants["DOMAIN"][0]
    external_id = urllib.parse.quote(key, safe="!*'()")  # encodeURIComponent
    path = f"/a/{domain}/api/case/v2/ext/{external_id}/"
    answer = send_with_retries("PUT", context.base_url + path, settings, context.deadline,
                               body=case_of(dialect, key, body if isinstance(body, dict) else {}),
                               headers=headers)
    return answer, 200 <= answer.status < 300, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if body.get("error"):
        form = body.get("form_id")
        return f"{js_string(body['error'])} (form {js_string(form)})" if form \
            else js_string(body["error"])
    return reason_of(answer)
