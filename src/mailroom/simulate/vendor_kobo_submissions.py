"""KoboToolbox as a destination (POST /submission on the KoboCAT domain, a JSON submission;
mailroom.vendors.form_writes.KOBO_SUBMISSION holds the description and its pages): the
mock's route, which stores a submission by its meta.instanceID, answers an identical one
202 Duplicate Instance and the same instanceID with other content 409, as kpi's server
does, and the Python engine's delivery of one record, request for request what
templates/stub/vendors/kobo-submission.js.j2 does."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries
from mailroom.simulate.vendor_odk_submissions import instance_id

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

# kpi writes the XML from the JSON itself; a key that is no XML element name would make XML
# it cannot parse ("Improperly formatted XML."), so the job does not send such a record.
_NAME = re.compile(r"^(?![Xx][Mm][Ll])[A-Za-z_][A-Za-z0-9._-]*$")


def kobo_submission(dialect: Dialect, key: str, mapped: dict[str, Any]
                    ) -> tuple[dict[str, Any] | None, str]:
    """The job's submissionOf(): ({id, submission}, "") or (None, why it cannot be made)."""
    bad = next((name for name in mapped if not _NAME.match(name) or name == "meta"), None)
    if bad is not None:
        return None, (f"the field name {json.dumps(bad, ensure_ascii=False)} is not an XML "
                      "element name the form can have, so no submission was made")
    data = {name: value for name, value in mapped.items() if value is not None}
    return {"id": dialect.constants["ASSET_UID"][0],
            "submission": {**data, "meta": {"instanceID": instance_id(key)}}}, ""


def kobo_error(status: int, message: str, note: str = "") -> Answer:
    """A refusal as the JSON submission API answers it: {"error": ...}."""
    return Answer(status, {"error": message}, note=note or f"refused: {message}")


class KoboSubmissionRoute(DestinationRoute):
    """POST /submission (JSON): stores a submission by its meta.instanceID; the same one
    again is 202 Duplicate Instance, the same instanceID with other content a 409."""

    vendor = True
    words = ("takes a submission as JSON (POST /submission on the KoboCAT domain, {id, "
             "submission} with submission.meta.instanceID; 201 with {message, formid, "
             "instanceID, ...}), answers the same submission again 202 {error: Duplicate "
             "Instance} without storing it, refuses the same instanceID with other content "
             "(409), a body without submission or instanceID (400) and a form id the account "
             "lacks (404), with {error} as kpi's server words them (the mock compares the JSON "
             "where kpi hashes the XML it makes from it)")
    duplicate_words = ("repeated deliveries answered 202 Duplicate Instance by KoboToolbox "
                       "(the same instanceID and content), which the job counts as delivered")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/submission", caller, auth, faults, label)
        faults.generic = False
        self.form_id = dialect.constants["ASSET_UID"][0]
        self.submissions: dict[str, str] = {}  # instanceID -> its content, as sent

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if "application/json" not in request.headers.get("content-type", "").lower():
            return kobo_error(400, "not application/json: the mock models the JSON "
                              "submission only (mock)")
        body = request.body if isinstance(request.body, dict) else {}
        submission = body.get("submission")
        if not isinstance(submission, dict):
            return kobo_error(400, "No submission key provided.")
        if body.get("id") != self.form_id:
            return kobo_error(404, "Form does not exist on this account")
        meta = submission.get("meta")
        key = meta.get("instanceID") if isinstance(meta, dict) else None
        if not isinstance(key, str) or not key:
            return kobo_error(400, "Instance ID is required")
        status = self.faults.next(key)
        if status is not None and status >= 500:
            return Answer(status, None, note=f"injected {status}")
        if status is not None:
            return kobo_error(status, "Improperly formatted XML.",
                              note=f"injected permanent {status}")
        content = json.dumps(submission, sort_keys=True, ensure_ascii=False)
        known = self.submissions.get(key)
        if known == content:
            self.duplicates.append(key)
            return kobo_error(202, "Duplicate Instance",
                              note="duplicate: the same submission again; not stored")
        if known is not None:
            return kobo_error(409, "Submission with this instance ID already exists")
        self.submissions[key] = content
        self.deliveries.append(Delivery(key, request.body))
        stamp = "2024-05-01T09:00:00+00:00"
        return Answer(201, {"message": "Successful submission.", "formid": self.form_id,
                            "encrypted": False, "instanceID": key, "submissionDate": stamp,
                            "markedAsCompleteDate": stamp}, note="created: a new instanceID")


def push_kobo_submission(context: Context, step: Step, key: str, body: Any,
                         headers: dict[str, str], settings: dict[str, Any]
                         ) -> tuple[HttpAnswer, bool, str]:
    """One record as one JSON submission; a 202 (an identical one is there) counts as done."""
    assert step.target is not None and step.target.dialect is not None
    made, refused = kobo_submission(step.target.dialect, key,
                                    body if isinstance(body, dict) else {})
    if made is None:
        return HttpAnswer(0, {}, None, attempts=0), False, refused
    answer = send_with_retries("POST", context.base_url + "/submission", settings,
                               context.deadline, body=made,
                               headers={**headers, "Content-Type": "application/json"})
    return answer, 200 <= answer.status < 300, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if body.get("error"):
        return js_string(body["error"])
    return reason_of(answer)
