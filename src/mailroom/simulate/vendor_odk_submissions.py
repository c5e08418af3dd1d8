"""ODK Central as a destination (POST /v1/projects/{projectId}/forms/{xmlFormId}/submissions
with the Submission XML; mailroom.vendors.form_writes.ODK_SUBMISSION holds the description
and its pages): the mock's route, which stores a submission by its meta/instanceID and
refuses a second one with 409.3 as Central does, and the Python engine's delivery of one
record, request for request what templates/stub/vendors/odk-submission.js.j2 does."""

from __future__ import annotations

import json
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ElementTree
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

# An element name the job writes as it is: a letter or _, then letters, digits, _ . -;
# not starting with "xml" (reserved), and not `meta`, which holds the instanceID.
_NAME = re.compile(r"^(?![Xx][Mm][Ll])[A-Za-z_][A-Za-z0-9._-]*$")
_XML_TYPES = ("text/xml", "application/xml")  # "an XML Content-Type"
_NIL = uuid.UUID(int=0)


def instance_id(key: str) -> str:
    """The submission's meta/instanceID: `uuid:` and the name-based (MD5, version 3) UUID of
    the record's key in the nil namespace, so the same key always gets the same one."""
    return f"uuid:{uuid.uuid3(_NIL, key)}"


def xml_text(value: str) -> str:
    """Text as XML character data or an attribute's value: & < > " ' escaped."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def submission_of(dialect: Dialect, key: str, mapped: dict[str, Any]) -> tuple[str, str]:
    """The job's submissionOf(): (the Submission XML, "") or ("", why it cannot be made)."""
    assert dialect.push is not None
    bad = next((name for name in mapped if not _NAME.match(name) or name == "meta"), None)
    if bad is not None:
        return "", (f"the field name {json.dumps(bad, ensure_ascii=False)} is not an XML "
                    "element name the form can have, so no submission was made")
    constants = dialect.push.constants
    root = constants["ROOT_ELEMENT"][0]
    version = constants["FORM_VERSION"][0]
    form_id = dialect.constants["XML_FORM_ID"][0]
    fields = "".join(
        f"<{name}>{xml_text(_text(value))}</{name}>"
        for name, value in mapped.items() if value is not None)
    version_attribute = f' version="{xml_text(version)}"' if version else ""
    return (f'<{root} id="{xml_text(form_id)}"{version_attribute}><meta><instanceID>'
            f"{instance_id(key)}</instanceID></meta>{fields}</{root}>"), ""


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return js_string(value)


def odk_problem(status: int, code: float, message: str, note: str = "") -> Answer:
    """A refusal as Central answers it: {code, message} (central-backend's Problem)."""
    return Answer(status, {"code": code, "message": message},
                  note=note or f"refused: {code} {message}")


class OdkSubmissionRoute(DestinationRoute):
    """POST /v1/projects/{projectId}/forms/{xmlFormId}/submissions: stores a submission by
    its meta/instanceID; a second one with the same instanceID is refused with 409.3."""

    vendor = True
    words = ("takes a submission as XML (POST …/forms/<xmlFormId>/submissions, an XML "
             "Content-Type; 200 with the Submission's JSON), keyed by its meta/instanceID, and "
             "refuses a second submission with an instanceID it holds (409, code 409.3), an "
             "XML without the form id (400.2), another form's id (400.8) and an unknown "
             "form version (404.6) with {code, message}, as ODK Central's API documents "
             "and its server code words them (the refusal of a Content-Type that is not XML "
             "is the mock's)")
    duplicate_words = ("repeated deliveries refused by ODK Central as a second submission "
                       "with the same instanceID (409.3), which the job counts as delivered")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/v1/projects/{projectId}/forms/{xmlFormId}/submissions",
                         caller, auth, faults, label)
        faults.generic = False
        assert dialect.push is not None
        self.version = dialect.push.constants["FORM_VERSION"][0]
        self.submissions: dict[str, Any] = {}  # instanceID -> the XML as received

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type not in _XML_TYPES:
            return odk_problem(400, 400, "the request must have an XML Content-Type (text/xml "
                               "or application/xml) (mock)")
        form_id = urllib.parse.unquote(params.get("xmlFormId", ""))
        try:
            root = ElementTree.fromstring(request.raw or str(request.body or "").encode())
        except ElementTree.ParseError:
            return odk_problem(400, 400.2, "Required parameter form ID xml attribute missing.")
        if not root.get("id"):
            return odk_problem(400, 400.2, "Required parameter form ID xml attribute missing.")
        if root.get("id") != form_id:
            return odk_problem(400, 400.8, f"Unexpected form id value {root.get('id')}; did "
                               "not match the form ID in the URL")
        if (root.get("version") or "") != self.version:
            return odk_problem(404, 404.6, "The form version specified in this submission "
                               f"'{root.get('version') or ''}' does not exist.")
        found = root.findtext("meta/instanceID") or root.get("instanceID")
        key = found or f"uuid:{uuid.uuid4()}"  # Central makes one up: no de-duplication
        status = self.faults.next(key)
        if status is not None and status >= 500:
            return odk_problem(status, 500.1, "An unknown internal problem has occurred. "
                               "Please try again later.", note=f"injected {status}")
        if status is not None:
            return odk_problem(status, 400, "the submission's data is refused (injected)",
                               note=f"injected permanent {status}")
        if key in self.submissions:
            self.duplicates.append(key)
            return odk_problem(409, 409.3, "A resource already exists with instanceID "
                               f"value(s) of {key}.",
                               note="refused: this instanceID was submitted before (409.3)")
        self.submissions[key] = request.body
        self.deliveries.append(Delivery(key, request.body))
        stamp = "2024-05-01T09:00:00.000Z"
        return Answer(200, {"instanceId": key, "submitterId": 1, "deviceId": None,
                            "userAgent": request.headers.get("user-agent"),
                            "reviewState": None, "createdAt": stamp, "updatedAt": None,
                            "deletedAt": None,
                            "currentVersion": {"instanceId": key, "instanceName": None,
                                               "submitterId": 1, "createdAt": stamp,
                                               "current": True}},
                      note="created: a new instanceID")


def already_there(answer: HttpAnswer) -> bool:
    """Central's answer that this instanceID is there already (409.3): delivered before."""
    body = answer.body if isinstance(answer.body, dict) else {}
    return answer.status == 409 and body.get("code") == 409.3


def push_odk_submission(context: Context, step: Step, key: str, body: Any,
                        headers: dict[str, str], settings: dict[str, Any]
                        ) -> tuple[HttpAnswer, bool, str]:
    """One record as one submission; a 409.3 (its instanceID is there) counts as done."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    xml, refused = submission_of(dialect, key, body if isinstance(body, dict) else {})
    if refused:
        return HttpAnswer(0, {}, None, attempts=0), False, refused
    project = urllib.parse.quote(dialect.constants["PROJECT_ID"][0], safe="!*'()")
    form = urllib.parse.quote(dialect.constants["XML_FORM_ID"][0], safe="!*'()")
    path = f"/v1/projects/{project}/forms/{form}/submissions"
    answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                               body=xml, headers={**headers,
                                                  "Content-Type": "application/xml"})
    done = 200 <= answer.status < 300 or already_there(answer)
    return answer, done, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if body.get("message"):
        return f"{js_string(body['message'])} ({js_string(body.get('code'))})"
    return reason_of(answer)
