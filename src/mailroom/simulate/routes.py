"""The endpoints a mock mailbox offers: what a source, a destination, a platform's
webhook trigger, a token endpoint and a webhook registration endpoint answer."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route, fault_answer
from mailroom.stub.shape import IDEMPOTENCY_HEADER, Cursor
from mailroom.vendors import Signing
from mailroom.vendors.signing import signed_over, verify_webhook


@dataclass
class Delivery:
    key: str
    body: Any


class DestinationRoute(Route):
    """Records every delivery; a repeated idempotency key is answered, not stored."""

    kind = "destination"

    def __init__(self, method: str, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__(method, path, caller, auth)
        self.faults = faults
        self.label = label
        self.deliveries: list[Delivery] = []
        self.duplicates: list[str] = []

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = request.headers.get(IDEMPOTENCY_HEADER.lower())
        if not key:
            return Answer(400, {"error": f"no {IDEMPOTENCY_HEADER} header"},
                          note=f"refused: no {IDEMPOTENCY_HEADER} header")
        status = self.faults.next(key)
        if status is not None:
            return fault_answer(status, f"{self.label} rejects this record")
        stored = next((i for i, d in enumerate(self.deliveries) if d.key == key), None)
        if stored is not None:
            self.duplicates.append(key)
            return Answer(200, {"id": f"rec-{stored + 1}", "duplicate": True},
                          note="duplicate: this idempotency key was delivered before; skipped")
        self.deliveries.append(Delivery(key, request.body))
        return Answer(201, {"id": f"rec-{len(self.deliveries)}"}, note="stored")


class ReceiverRoute(Route):
    """A platform's webhook trigger: every request starts a run, duplicates included."""

    kind = "receiver"

    def __init__(self, path: str, caller: str, auth: AuthCheck | None,
                 signing: Signing | None = None, secret: str = "") -> None:
        super().__init__("POST", path, caller, auth)
        self.received: list[Any] = []
        self.headers: list[dict[str, str]] = []  # each received request's headers
        self.signing = signing  # the sender's signature, checked over the raw body
        self.secret = secret
        self.verified = 0
        self.refused: list[str] = []  # why each refused delivery was refused
        if signing is not None:
            self.words = (f"the platform's webhook trigger: every request whose "
                          f"{signing.header} holds over {signed_over(signing)} starts a run (the "
                          "signature checked by mailroom, in place of the check the stub's "
                          "README puts in front of the trigger)")

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        checked = ""
        if self.signing is not None:
            url = f"http://{request.headers.get('host', '')}{request.path}"  # as it was called
            why = verify_webhook(self.signing, self.secret, request.raw, request.headers,
                                 int(time.time()), request.method, url)
            if why is not None:
                self.refused.append(why)
                return Answer(401, {"error": "invalid signature"},
                              note=f"refused: {why}; no run started")
            self.verified += 1
            checked = f"{self.signing.header} verified over {signed_over(self.signing)}; "
        self.received.append(request.body)
        self.headers.append(dict(request.headers))
        return Answer(200, {"run": len(self.received)},
                      note=f"{checked}accepted: starts run {len(self.received)}")


class SourceRoute(Route):
    """Serves records page by page, newer than a cursor when the flow keeps one."""

    kind = "source"

    def __init__(self, path: str, caller: str, auth: AuthCheck | None, cursor: Cursor,
                 faults: FaultPlan) -> None:
        super().__init__("GET", path, caller, auth)
        self.cursor = cursor
        self.faults = faults
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        page = _number(request.query.get("page"), 1)
        param = self.cursor.param
        # Faults are planned by cursor and page: "|2" is the first poll's second page.
        status = self.faults.next(f"{request.query.get(param, '') if param else ''}|{page}")
        if status is not None:
            return fault_answer(status, "the source fails")
        chosen = self._newer_than(request.query)
        size = max(_number(request.query.get("per_page"), 100), 1)
        start = (page - 1) * size
        records = chosen[start:start + size]
        next_page = page + 1 if start + size < len(chosen) else None
        return Answer(200, {"records": records, "next_page": next_page},
                      note=f"{len(records)} record(s)"
                           + (f", next page {next_page}" if next_page else ", last page"))

    def _newer_than(self, query: dict[str, str]) -> list[dict[str, Any]]:
        field, param = self.cursor.field, self.cursor.param
        records = sorted(self.records, key=lambda r: (r[field], str(r["id"])))
        value = query.get(param) if param else None
        if value is None:
            return records
        if self.cursor.kind == "incremental-id":
            return [r for r in records if int(r["id"]) > _number(value, 0)]
        return [r for r in records if str(r[field]) > value]


class LookupRoute(Route):
    """Serves one record by id, as a real-time pull asks for it."""

    kind = "lookup"

    def __init__(self, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan) -> None:
        super().__init__("GET", path, caller, auth)
        self.faults = faults
        self.records: dict[str, dict[str, Any]] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params.get("id", "")
        status = self.faults.next(key)
        if status is not None:
            return fault_answer(status, "the source fails")
        record = self.records.get(key)
        if record is None:
            return Answer(404, {"error": f"no record {key}"}, note="not found")
        return Answer(200, record, note="found")


class TokenRoute(Route):
    """Issues a throw-away access token for the right client secrets."""

    kind = "token"

    def __init__(self, caller: str, check: AuthCheck, path: str = "/oauth2/token") -> None:
        super().__init__("POST", path, caller, None)
        self.check = check

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        form = request.body if isinstance(request.body, dict) else {}
        token = self.check.grant({str(k): str(v) for k, v in form.items()})
        if token is None:
            return Answer(401, {"error": "invalid_client"}, note="refused: wrong secrets")
        return Answer(200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600},
                      note="token issued")


class RegistrationRoute(Route):
    """A source's webhook subscription API: records the URL it must call."""

    kind = "registration"

    def __init__(self, path: str, caller: str) -> None:
        super().__init__("POST", path, caller, None)
        self.urls: list[str] = []

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        url = str(body.get("url") or "")
        if not url.startswith("http"):
            return Answer(422, {"error": "url is required"}, note="refused: no URL")
        self.urls.append(url)
        return Answer(201, {"id": f"subscription-{len(self.urls)}", "url": url},
                      note="receiver URL registered")


def _number(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default
