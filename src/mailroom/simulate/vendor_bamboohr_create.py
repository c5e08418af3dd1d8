"""BambooHR as a destination (POST /api/gateway.php/{company}/v1/employees, add an employee;
mailroom.vendors.form_writes.BAMBOOHR_CREATE holds the description and its pages): the
mock's route, which adds an employee for every request with a first and last name, a
repeat included, as BambooHR keeps no key of the caller's, and the Python engine's
delivery of one record, request for request what templates/stub/vendors/bamboohr-create.js.j2
does."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, reason_of, send_with_retries
from mailroom.simulate.vendor_bamboohr import encode_component

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

_PATH = re.compile(r"^/api/gateway\.php/(?P<company>[^/]+)/v1/employees/?$")


def employee_key(mapped: dict[str, Any] | None) -> str:
    """What the mock tells employees apart by, BambooHR keeping no key of the caller's:
    the employee's fields as sent (canonical JSON)."""
    return json.dumps(mapped or {}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


class BambooCreateRoute(DestinationRoute):
    """Add Employee: every request with a firstName and a lastName adds an employee, the
    same record again a second one; 201 with no body and the new employee in Location."""

    vendor = True
    words = ("adds an employee for each JSON request with firstName and lastName (201, no "
             "body, the new employee's URL with its id in Location), 400 without them, as "
             "BambooHR's API reference and its own library document it; like BambooHR it "
             "keeps no key of the caller's, so a repeat adds a second employee (its refusals "
             "have no body: BambooHR documents none; which other fields exist is not checked)")
    duplicate_words = ("repeated deliveries recognised as repeats (BambooHR has none: a "
                       "repeat adds a second employee; TODO(id) in the job)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/api/gateway.php/{company}/v1/employees", caller, auth,
                         faults, label)
        faults.generic = False
        self.employees = 0

    def match(self, method: str, path: str) -> dict[str, str] | None:
        found = _PATH.match(path)
        return {"company": found["company"]} if method == "POST" and found else None

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        body = request.body
        if "application/json" not in request.headers.get("content-type", "") \
                or not isinstance(body, dict):
            return Answer(400, None, note="400: not a JSON object (the mock takes JSON only)")
        if not body.get("firstName") or not body.get("lastName"):
            return Answer(400, None, note="400: no firstName or lastName (the minimum fields)")
        key = employee_key(body)
        status = self.faults.next(key)
        if status is not None:
            return Answer(status, None, note=f"injected {status}" if status >= 500
                          else f"injected permanent {status}")
        self.employees += 1
        ident = str(40000 + self.employees)
        again = any(d.key == key for d in self.deliveries)
        self.deliveries.append(Delivery(key, body))
        location = f"/api/gateway.php/{params['company']}/v1/employees/{ident}"
        return Answer(201, None, headers={"Location": location},
                      note=(f"added a second employee ({ident}) for the same record" if again
                            else f"added employee {ident}"))


def push_bamboohr(context: Context, step: Step, key: str, body: Any,
                  headers: dict[str, str], settings: dict[str, Any]
                  ) -> tuple[HttpAnswer, bool, str]:
    """One employee added for the record: taken when BambooHR answers 201."""
    assert step.target is not None and step.target.dialect is not None
    company = step.target.dialect.constants["COMPANY_DOMAIN"][0]
    path = f"/api/gateway.php/{encode_component(company)}/v1/employees"
    answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                               body=body if isinstance(body, dict) else {},
                               headers={**headers, "Content-Type": "application/json"})
    return answer, answer.status == 201, reason_of(answer)
