"""Stripe's create endpoints as a destination (POST /v1/<objects>, a form-encoded body, the
Idempotency-Key header; mailroom.vendors.writes.STRIPE_CREATE holds the description and
its pages): the mock's route, which saves the first answer for a key and gives it again
to a repeat as Stripe documents it, and the Python engine's delivery of one record,
request for request what templates/stub/vendors/stripe-create.js.j2 does."""

from __future__ import annotations

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

MAX_KEY = 255  # "Idempotency keys are up to 255 characters long."


def form_encode(fields: dict[str, Any], prefix: str = "") -> str:
    """The job's formEncode(): Stripe's form encoding, a nested object's fields as
    name[field]; a field with no value is left out."""
    parts = []
    for name, value in fields.items():
        key = f"{prefix}[{name}]" if prefix else str(name)
        if value is None:
            continue
        if isinstance(value, dict):
            inner = form_encode(value, key)
            if inner:
                parts.append(inner)
        else:
            parts.append(f"{_component(key)}={_component(js_string(value))}")
    return "&".join(parts)


def _component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")


def stripe_error(status: int, kind: str, message: str) -> Answer:
    return Answer(status, {"error": {"type": kind, "message": message}},
                  note=f"injected {status}" if message == "injected" else f"{status} {kind}")


class StripeCreateRoute(DestinationRoute):
    """POST /v1/<objects>: creates an object from a form-encoded body; the first answer
    for an Idempotency-Key is saved and given again to a repeat with the same parameters,
    and a repeat with other parameters is an idempotency_error."""

    vendor = True
    words = ("creates an object from a form-encoded body; the first answer for an "
             "Idempotency-Key is saved and given again to a repeat with the same parameters "
             "(other parameters: idempotency_error), as Stripe documents it; errors as "
             "{error: {type, message}}. Its injected 500s come before the endpoint runs, so "
             "they are not saved (a 500 after it began would be given again to every retry "
             "with that key for at least 24 hours)")
    duplicate_words = ("repeated deliveries were given the first one's saved answer, no "
                       "second object (Stripe keeps an Idempotency-Key at least 24 hours: a "
                       "repeat sent after it is pruned creates a second object)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/v1/{objects}", caller, auth, faults, label)
        faults.generic = False
        self.saved: dict[str, tuple[dict[str, Any], Answer]] = {}  # key -> (params, answer)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if "x-www-form-urlencoded" not in headers.get("content-type", ""):
            return stripe_error(400, "invalid_request_error",
                                "the body is not form-encoded (mock)")
        fields = request.body if isinstance(request.body, dict) else {}
        key = headers.get("idempotency-key", "")
        if len(key) > MAX_KEY:
            return stripe_error(400, "invalid_request_error",
                                f"an Idempotency-Key longer than {MAX_KEY} characters (mock)")
        if key in self.saved:
            first, saved = self.saved[key]
            if first != fields:
                return stripe_error(400, "idempotency_error",
                                    "this key was used with other parameters (mock)")
            self.duplicates.append(key)
            return Answer(saved.status, saved.body,
                          note=f"{saved.status}, the saved answer to this key's first request")
        status = self.faults.next(key)
        if status is not None:
            kind = "api_error" if status >= 500 else "invalid_request_error"
            return stripe_error(status, kind, "injected" if status >= 500
                                else f"the {params.get('objects')} were refused (injected)")
        prefix = {"customers": "cus"}.get(params.get("objects", ""), "obj")
        created = {"id": f"{prefix}_SIM{len(self.saved) + 1:014d}",
                   "object": params.get("objects", "").removesuffix("s"), **fields}
        answer = Answer(200, created, note=f"created {created['id']}")
        if key:
            self.saved[key] = (fields, answer)
        self.deliveries.append(Delivery(key, fields))
        return answer


def push_stripe(context: Context, step: Step, key: str, body: Any,
                headers: dict[str, str], settings: dict[str, Any]
                ) -> tuple[HttpAnswer, bool, str]:
    """One record, created with the record's key as its Idempotency-Key."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    path = f"/v1/{_component(dialect.push.constants['RESOURCE'][0])}"
    answer = send_with_retries("POST", context.base_url + path, settings, context.deadline,
                               body=form_encode(body if isinstance(body, dict) else {}),
                               headers={**headers, "Idempotency-Key": key,
                                        "Content-Type": "application/x-www-form-urlencoded"})
    return answer, 200 <= answer.status < 300, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        return f"{js_string(error.get('type'))}: {js_string(error.get('message'))}"
    return reason_of(answer)
