"""WooCommerce's customers as a destination (POST /wp-json/wc/v3/customers, which creates;
mailroom.vendors.writes holds the description and its pages): the mock's route, which
creates a customer, refuses a second one with the same e-mail address, and answers the
job's look-up (GET ?email=&role=all); and the Python engine's delivery of one record,
request for request what templates/stub/vendors/woocommerce-customer.js.j2 does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries
from mailroom.simulate.vendor_shop import woo_error

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

_PATH = "/wp-json/wc/v3/customers"


class WooCustomerRoute(DestinationRoute):
    """POST /wp-json/wc/v3/customers creates a customer (201); GET with email lists the
    customers with that address."""

    vendor = True
    words = ("creates a customer (201), the e-mail address mandatory, and lists customers by "
             "email (role=all for every role), as WooCommerce documents its REST API; errors "
             "as {code, message, data: {status}}. A second customer with an address already "
             "registered is refused (the mock's code and words: WooCommerce's are not in its "
             "REST API pages). Its injected failures come before the customer is created")
    skipped_by_the_job = ("WooCommerce's REST API only creates: the repeated event was skipped "
                          "by the job itself, which listed the customers with its e-mail "
                          "address first and found one. Two runs at the same moment could "
                          "both try to create one customer.")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", _PATH, caller, auth, faults, label)
        faults.generic = False
        self.customers: list[dict[str, Any]] = []

    def match(self, method: str, path: str) -> dict[str, str] | None:
        found = super().match("POST", path)
        if found is None or method not in ("GET", "POST"):
            return None
        return {**found, "method": method}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if params["method"] == "GET":
            email = request.query.get("email")
            role = request.query.get("role", "customer")
            found = [c for c in self.customers if email is None or c["email"] == email]
            if role not in ("all", "customer"):
                found = []
            return Answer(200, found, headers={"X-WP-Total": str(len(found)),
                                               "X-WP-TotalPages": "1"},
                          note=f"{len(found)} customer(s)")
        body = request.body if isinstance(request.body, dict) else {}
        email = js_string(body.get("email") or "")
        if not email:
            return woo_error(400, "rest_missing_callback_param", "Missing parameter(s): email")
        status = self.faults.next(email)
        if status is not None:
            return woo_error(status, "mock_injected", "injected" if status >= 500
                             else f"the customer {email} was refused (injected)")
        if any(c["email"] == email for c in self.customers):
            self.duplicates.append(email)
            return woo_error(400, "mock_email_exists",
                             "a customer with this e-mail address exists (the mock's words)")
        created = {"id": 100 + len(self.customers) + 1, "role": "customer", **body}
        self.customers.append(created)
        self.deliveries.append(Delivery(email, body))
        return Answer(201, created, note=f"201 created customer {created['id']}")


def push_woo_customer(context: Context, step: Step, key: str, body: Any,
                      headers: dict[str, str], settings: dict[str, Any]
                      ) -> tuple[HttpAnswer, bool, str]:
    """List the customers with the record's address; create one when there is none."""
    customer = body if isinstance(body, dict) else {}
    email = customer.get("email")
    if not isinstance(email, str) or not email:
        return (HttpAnswer(0, {}, None, attempts=0), False,
                "no email: WooCommerce needs an e-mail address for a customer")
    found = send_with_retries("GET", context.base_url + _PATH, settings, context.deadline,
                              query={"email": email, "role": "all"}, headers=headers)
    if not 200 <= found.status < 300:
        return found, False, _reason(found)
    if isinstance(found.body, list) and found.body:
        return found, True, ""
    answer = send_with_retries("POST", context.base_url + _PATH, settings, context.deadline,
                               body=customer, headers=headers)
    return answer, 200 <= answer.status < 300, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "code" in body and "message" in body:
        return f"{js_string(body['code'])}: {js_string(body['message'])}"
    return reason_of(answer)
