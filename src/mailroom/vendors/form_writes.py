"""The write side of the forms and HR systems, apart from their pulls (mailroom.vendors
sets them on the dialects): a submission into ODK Central and one into KoboToolbox, an
employee added to BambooHR. Every path, header, body shape and answer rests on the vendor's
page, its own server's code or its own library, kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Push

# docs.getodk.org's page is built from central-backend's docs/api.yaml (operation
# createSubmission): "you may POST the Submission XML to this endpoint. The request must
# have an XML Content-Type (text/xml or application/xml)." ... "If the XML is unparseable
# or there is some other input problem with your data, you will get a 400 error in
# response. If a submission already exists with the given instanceId, you will get a 409
# error in response." The answer to a create: 200 with the Submission's JSON.
ODK_SUBMISSIONS = ("https://docs.getodk.org/central-api-submission-management/"
                   "#creating-a-submission")
ODK_SUBMISSIONS_SPEC = "https://github.com/getodk/central-backend/blob/master/docs/api.yaml"
# central-backend's server code: Submission.fromXml reads the root's id attribute (the
# xmlFormId; missing: 400.2 "Required parameter form ID xml attribute missing."), its
# version attribute, and meta/instanceID (missing: Central makes a new uuid, so a repeat
# would be a second submission); the REST route refuses an id other than the URL's with
# 400.8; lib/util/db.js turns a repeated instanceID into Problem 409.3, "A resource
# already exists with instanceID value(s) of <instanceID>." (lib/util/problem.js).
ODK_FROM_XML = ("https://github.com/getodk/central-backend/blob/master/lib/model/frames/"
                "submission.js")
ODK_CONFLICT = "https://github.com/getodk/central-backend/blob/master/lib/util/db.js"
ODK_PROBLEMS = "https://github.com/getodk/central-backend/blob/master/lib/util/problem.js"

ODK_SUBMISSION = Push(
    style="odk-submission",
    method="POST",
    path="/v1/projects/{PROJECT_ID}/forms/{XML_FORM_ID}/submissions",
    dedup=("ODK Central's own: the submission's meta/instanceID is a UUID made from the "
           "record's key, and Central refuses a second submission with an instanceID it "
           "holds (409, code 409.3), which the job counts as already delivered"),
    success="200 with the Submission as JSON ({instanceId, createdAt, currentVersion, ...})",
    errors=("{code, message, details} with a 400 (unparseable XML, no form id, another "
            "form's id), 404 (no such form or form version) or 409 (409.2: the form does "
            "not take submissions; 409.3: the instanceID is there already)"),
    source=ODK_SUBMISSIONS,
    also=(ODK_SUBMISSIONS_SPEC, ODK_FROM_XML, ODK_CONFLICT),
    constants={
        "FORM_VERSION": ("", "TODO(mapping): the version of the form these submissions are "
                         "for, as its XForm's version attribute says (Central refuses a "
                         "version it does not hold with a 404); empty: the form has none"),
        "ROOT_ELEMENT": ("data", "TODO(mapping): the name of the form's instance root "
                         "(`data` in forms made from XLSForm); the spec does not say"),
    },
)

# kpi's own API page for the endpoint (kobo/apps/openrosa/docs/api/openrosa/submission/
# authenticated.md): "This endpoint is only available from the KoboCAT domains (ex:
# kc.kobotoolbox.org or kc-eu.kobotoolbox.org)"; "Submit an XForm instance as JSON using
# application/json. The body must include: id: the form's id_string ...; submission: the
# form data as a JSON object; submission.meta.instanceID: a unique UUID for this
# submission (required)". Its OpenAPI description (xform_submission_api.py): 201 for a new
# submission; "202: identical duplicate submission" ({"error": "Duplicate Instance"});
# "409: same instance UUID reused with different content" ({"error": "Submission with
# this instance ID already exists"}). kpi deploys a form with its asset uid as id_string
# (kpi/deployment_backends/openrosa_backend.py); the server writes the XML itself
# (dict2xform, with the dict2xml library, which escapes text).
KOBO_SUBMISSION_DOC = ("https://github.com/kobotoolbox/kpi/blob/main/kobo/apps/openrosa/docs/"
                       "api/openrosa/submission/authenticated.md")
KOBO_SUBMISSION_API = ("https://github.com/kobotoolbox/kpi/blob/main/kobo/apps/openrosa/apps/"
                       "api/viewsets/xform_submission_api.py")
KOBO_LOGGER_TOOLS = ("https://github.com/kobotoolbox/kpi/blob/main/kobo/apps/openrosa/libs/"
                     "utils/logger_tools.py")
KOBO_ID_STRING = ("https://github.com/kobotoolbox/kpi/blob/main/kpi/deployment_backends/"
                  "openrosa_backend.py")

KOBO_SUBMISSION = Push(
    style="kobo-submission",
    method="POST",
    path="/submission",
    dedup=("KoboToolbox's own: the submission's meta.instanceID is a UUID made from the "
           "record's key; the same submission again is answered 202 Duplicate Instance and "
           "not stored twice (the job counts it as delivered); the same instanceID with other "
           "content is refused with a 409"),
    success=("201 with {message, formid, encrypted, instanceID, submissionDate, "
             "markedAsCompleteDate}"),
    errors=("{error} with a 400 (no submission, no instanceID, malformed XML), 404 (no such "
            "form on the account), 409 (the instanceID holds other content) or 202 (an "
            "identical duplicate)"),
    source=KOBO_SUBMISSION_DOC,
    also=(KOBO_SUBMISSION_API, KOBO_LOGGER_TOOLS, KOBO_ID_STRING),
)

# BambooHR's own library, generated from its OpenAPI description (EmployeesApi.md,
# create_employee): "Create a new employee. At minimum, provide a first name and last name
# in a JSON object or XML document."; 201 "Employee created successfully. No response body
# is returned. The Location header points to the new employee resource."; 400 "If the
# posted XML or JSON is invalid or the minimum fields are not provided."; 403, 409 "If an
# employee field was given an invalid value.". Updating (POST .../v1/employees/<id>) needs
# BambooHR's employee id; its API has no create-or-update by a key of the caller's, and
# the lookups it documents filter by name, job title, status or BambooHR's own ids (List
# Employees) or by dataset fields whose operators those pages do not list.
BAMBOOHR_CREATE_PAGE = "https://documentation.bamboohr.com/reference/create-employee"
BAMBOOHR_SDK_EMPLOYEES = ("https://github.com/BambooHR/bhr-api-python/blob/main/docs/"
                          "EmployeesApi.md")

BAMBOOHR_CREATE = Push(
    style="bamboohr-create",
    method="POST",
    path="/api/gateway.php/{COMPANY_DOMAIN}/v1/employees",
    dedup=("none: BambooHR has no create-or-update by a key of the caller's, so a repeated "
           "delivery adds a second employee (TODO(id) in the job)"),
    success="201 with no body, the new employee's URL (with its id) in the Location header",
    errors=("400 (invalid JSON, or no firstName or lastName), 403 (no permission to add an "
            "employee), 409 (a field given an invalid value); no documented body"),
    source=BAMBOOHR_CREATE_PAGE,
    also=(BAMBOOHR_SDK_EMPLOYEES,),
)
