"""Real-time lookups in the vendor's dialect: the read of one record by its key (a step
of kind `lookup`, a flow triggered on demand), as the vendor documents it. Each is
attached to its system's dialect (vendors/workplace.py, vendors/__init__.py); the job's
template (templates/stub/vendors/<style>.js.j2), the Python engine and the mock
(simulate/vendor_lookups.py) read the one description here."""

from __future__ import annotations

from mailroom.vendors.model import Lookup

BAMBOOHR_EMPLOYEE = "https://documentation.bamboohr.com/reference/get-employee"
BAMBOOHR_DETAILS = "https://documentation.bamboohr.com/docs/api-details"
BAMBOOHR_SDK_EMPLOYEE = ("https://github.com/BambooHR/bhr-api-python/blob/main/docs/"
                         "EmployeesApi.md")

# The same read the BambooHR pull makes of each changed employee (bamboohr-changed).
BAMBOOHR_LOOKUP = Lookup(
    style="bamboohr-employee",
    method="GET",
    path="/api/gateway.php/{COMPANY_DOMAIN}/v1/employees/{id}",
    record=("{ id, <field>: <value>, ... }: the employee's id and the fields asked for in "
            "fields=<comma-separated names>, in JSON when Accept: application/json is sent"),
    not_found_status=404,
    # api-details lists the statuses BambooHR answers; no error body is documented there
    # or on get-employee, so the job reports a refusal by its status
    not_found="404 Not Found, with no documented body",
    source=BAMBOOHR_EMPLOYEE,
    also=(BAMBOOHR_DETAILS, BAMBOOHR_SDK_EMPLOYEE),
)

SALESFORCE_RETRIEVE = ("https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/"
                       "dome_get_field_values.htm")
SALESFORCE_ROWS = ("https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/"
                   "resources_sobject_retrieve.htm")
SALESFORCE_ERRORS = ("https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/"
                     "errorcodes.htm")


def salesforce_lookup(version: str) -> Lookup:
    """Salesforce's sObject Rows read by record Id: GET .../sobjects/<object>/<id>?fields=."""
    return Lookup(
        style="sobject-retrieve",
        method="GET",
        path=f"/services/data/{version}/sobjects/{{SOBJECT}}/{{id}}",
        record=("{ <field>: <value>, ... }: the fields asked for in fields=<comma-separated "
                "names> (dome_get_field_values' example answer); a field that does not exist "
                "or is hidden by field-level security is answered 400"),
        not_found_status=404,
        # errorcodes: "404 The requested resource couldn't be found. Check the URI for
        # errors, and verify that there are no sharing issues."; errors come as a JSON
        # array of {message, errorCode}, NOT_FOUND's message "The requested resource does
        # not exist" (the developer guide's upsert example)
        not_found=("a JSON array of {message, errorCode}: [{message: \"The requested "
                   "resource does not exist\", errorCode: \"NOT_FOUND\"}]"),
        source=SALESFORCE_RETRIEVE,
        also=(SALESFORCE_ROWS, SALESFORCE_ERRORS),
    )

_DHIS2_DOCS = "https://github.com/dhis2/dhis2-docs/blob/master/src/developer/web-api/"
DHIS2_ENTITY = _DHIS2_DOCS + "tracker.md#tracked-entities-single-object-endpoint"
# metadata.md: a 404 "like this": {"httpStatus": "Not Found", "httpStatusCode": 404,
# "status": "ERROR", "message": "Program with id {uid} could not be found.",
# "errorCode": "E1005"}; the Web API's message shape for every error
DHIS2_NOT_FOUND = _DHIS2_DOCS + "metadata.md"

# tracker.md, "Tracked entities single object endpoint": GET /api/tracker/trackedEntities/
# {uid}?program={programUid}&fields={fields}; program: "Include program attributes in the
# response (only the ones user has access to)"; fields defaults to
# *,!relationships,!enrollments,!events,!programOwners
DHIS2_LOOKUP = Lookup(
    style="tracker-entity",
    method="GET",
    path="/api/tracker/trackedEntities/{id}",
    record=("the tracked entity: { trackedEntity, trackedEntityType, orgUnit, createdAt, "
            "updatedAt, inactive, deleted, potentialDuplicate, attributes: [{ attribute, "
            "displayName, valueType, value, ... }] } (the default fields)"),
    not_found_status=404,
    not_found=("the Web API's message: {httpStatus: \"Not Found\", httpStatusCode: 404, "
               "status: \"ERROR\", message: \"... could not be found.\"}"),
    source=DHIS2_ENTITY,
    also=(DHIS2_NOT_FOUND,),
    constants={
        "PROGRAM": ("TODO_program", "TODO(path): the UID of the program whose attributes "
                    "the answer includes (program=); the spec does not name it. Empty: not "
                    "sent, and the answer holds no program attributes"),
    },
)

SERVICENOW_TABLE_API = ("https://www.servicenow.com/docs/r/yokohama/api-reference/rest-apis/"
                        "c_TableAPI.html")

# c_TableAPI, "Table - GET /now/table/{tableName}/{sys_id}": "Retrieves the record
# identified by the specified sys_id from the specified table"; sysparm_fields "A
# comma-separated list of fields to return in the response"; the record under "result".
# ServiceNow's error bodies are not modelled (as for its Table API pull and insert).
SERVICENOW_LOOKUP = Lookup(
    style="servicenow-record",
    method="GET",
    path="/api/now/table/{TABLE}/{id}",
    record="{ result: { <field>: <value>, ... } }: the fields asked for in sysparm_fields",
    not_found_status=404,
    not_found="404; its body is not modelled (the mock's own)",
    source=SERVICENOW_TABLE_API,
)
