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
