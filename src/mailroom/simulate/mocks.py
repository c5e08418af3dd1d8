"""Mock mailboxes: small HTTP servers on 127.0.0.1, one per system, shaped by the spec.

Each server listens on an ephemeral port, answers a bounded number of requests,
and stops by itself at a deadline even if nobody stops it. What every request
carried and what it was answered is written to one journal, in order, which the
transcript and the checks read. The routes:

- a source serves records by cursor or id, page by page;
- a destination records every delivery and skips a repeated idempotency key;
- a receiver (a platform's webhook trigger) accepts every request, like the real one;
- a token endpoint issues throw-away OAuth 2 access tokens;
- a registration endpoint records webhook URLs.

Every route checks the credentials the mail person must send. Faults (a 429 with
Retry-After, a 500, a permanent 422 or 404) are injected where the scenario says.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from mailroom.simulate.auth import AuthCheck

MAX_REQUESTS = 500  # per server: a mail person stuck in a loop is stopped here
MAX_BODY = 1024 * 1024
REASONS = {200: "OK", 201: "Created", 401: "Unauthorized", 404: "Not Found",
           422: "Unprocessable Entity", 429: "Too Many Requests",
           500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any  # parsed JSON, or the text
    raw: bytes = b""  # the body as it came, for checking a signature made over it


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    note: str = ""  # for the transcript: "duplicate: skipped", "injected 429"


@dataclass
class Exchange:
    seq: int
    system: str
    mailbox: str  # the system's name
    route: Route
    request: Request
    answer: Answer


class Journal:
    """Every exchange with every mock, in the order they happened (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.exchanges: list[Exchange] = []
        self.limit_hit: list[str] = []

    def add(self, server: MockServer, route: Route, request: Request, answer: Answer) -> None:
        with self._lock:
            self.exchanges.append(
                Exchange(len(self.exchanges), server.system, server.label, route, request, answer))

    def since(self, mark: int) -> list[Exchange]:
        with self._lock:
            return self.exchanges[mark:]

    def mark(self) -> int:
        with self._lock:
            return len(self.exchanges)


class Route:
    """One endpoint of a mailbox. Subclasses answer; the base matches and checks auth."""

    kind = "route"

    def __init__(self, method: str, path: str, caller: str, auth: AuthCheck | None = None):
        self.method = method
        self.path = path
        self.caller = caller  # who knocks here: the mail person, by name
        self.auth = auth
        self.mailbox_name: str | None = None  # instead of the system's name, in transcripts
        self.lock = threading.Lock()

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        want, got = self.path.strip("/").split("/"), path.strip("/").split("/")
        if len(want) != len(got):
            return None
        params = {}
        for pattern, part in zip(want, got, strict=True):
            if pattern.startswith("{") and pattern.endswith("}"):
                params[pattern[1:-1]] = urllib.parse.unquote(part)
            elif pattern != part:
                return None
        return params

    def serve(self, request: Request, params: dict[str, str]) -> Answer:
        if self.auth is not None:
            refused = self.auth.refuses(request.headers)
            if refused:
                return Answer(401, {"error": refused}, note=f"refused: {refused}")
        with self.lock:
            return self.answer(request, params)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        raise NotImplementedError


class FaultPlan:
    """Statuses to answer instead, by key and attempt: {"lead-0002": [429]} answers the
    first attempt with 429; {"lead-0004": [422, ...]} with `permanent` answers 422 always."""

    generic = True  # False once a vendor-shaped route answers its faults

    def __init__(self, transient: dict[str, int] | None = None,
                 permanent: dict[str, int] | None = None) -> None:
        self.transient = dict(transient or {})
        self.permanent = dict(permanent or {})
        self.attempts: dict[str, int] = {}  # requests for each key, over the whole run
        self.settled: dict[str, int] = {}  # the attempt whose answer was first a success

    def next(self, key: str) -> int | None:
        count = self.attempts.get(key, 0) + 1
        self.attempts[key] = count
        if key in self.permanent:
            return self.permanent[key]
        if count == 1 and key in self.transient:
            return self.transient[key]
        self.settled.setdefault(key, count)
        return None

    def tries(self, key: str) -> int:
        """The attempts it took to get a key answered: the later polls of a run that ask
        for the same page again are not retries of the fault."""
        return self.settled.get(key, self.attempts.get(key, 0))


def fault_answer(status: int, what: str) -> Answer:
    if status == 429:
        return Answer(429, {"error": "rate limit reached"}, {"Retry-After": "1"},
                      note="injected 429: come back in 1 s")
    if status >= 500:
        return Answer(status, {"error": "internal error"}, note=f"injected {status}")
    if status == 404:
        return Answer(404, {"error": "no such record (injected)"},
                      note="not found (injected permanent failure)")
    return Answer(status, {"error": f"{what} (injected permanent failure)"},
                  note=f"injected permanent {status}")


class MockServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, system: str, label: str, journal: Journal, deadline: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.system = system
        self.label = label
        self.journal = journal
        self.deadline = deadline
        self.routes: list[Route] = []
        self.requests = 0
        self._thread: threading.Thread | None = None
        self._watchdog: threading.Timer | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def add(self, route: Route) -> Route:
        self.routes.append(route)
        return route

    def start(self) -> None:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"mock-{self.system}", daemon=True)
        self._thread.start()
        # Stops by itself at the deadline, whatever happens to whoever started it.
        self._watchdog = threading.Timer(max(self.deadline - time.monotonic(), 0), self._expire)
        self._watchdog.daemon = True
        self._watchdog.start()

    def _expire(self) -> None:
        """The deadline: stop serving and close the port, so callers are refused at once."""
        self.shutdown()
        self.server_close()

    def stop(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
        self.server_close()

    def dispatch(self, request: Request) -> tuple[Route | None, Answer]:
        self.requests += 1
        if self.requests > MAX_REQUESTS or time.monotonic() > self.deadline:
            self.journal.limit_hit.append(self.label)
            return None, Answer(503, {"error": "mock mailbox limit reached"})
        for route in reversed(self.routes):  # the workflow simulated now added the last ones
            params = route.match(request.method, request.path)
            if params is not None:
                answer = route.serve(request, params)
                self.journal.add(self, route, request, answer)
                return route, answer
        answer = Answer(404, {"error": f"no {request.method} {request.path} here"},
                        note="no such endpoint in this mock")
        self.journal.add(self, _UNMATCHED, request, answer)
        return None, answer


class _Handler(BaseHTTPRequestHandler):
    server: MockServer
    protocol_version = "HTTP/1.0"  # one request per connection: nothing lingers

    def do_GET(self) -> None:  # the standard library's names for the methods
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def _handle(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        raw = self.rfile.read(length) if length else b""
        request = Request(
            self.command, url.path, dict(urllib.parse.parse_qsl(url.query)),
            {k.lower(): v for k, v in self.headers.items()}, _parse(raw, self.headers), raw,
        )
        _, answer = self.server.dispatch(request)
        # A text body goes as it is under the Content-Type the route names (a SOAP answer);
        # anything else as JSON.
        text = isinstance(answer.body, str) and "Content-Type" in answer.headers
        payload = answer.body.encode() if text else \
            json.dumps(answer.body).encode() if answer.body is not None else b""
        self.send_response(answer.status, REASONS.get(answer.status))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if payload and not text:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the journal is the log


class _Unmatched(Route):
    kind = "unmatched"

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        return Answer(404)


_UNMATCHED = _Unmatched("", "", "?")


def _parse(raw: bytes, headers: Any) -> Any:
    text = raw.decode("utf-8", "replace")
    content_type = headers.get("Content-Type") or ""
    if "json" in content_type or text[:1] in "{[":
        try:
            return json.loads(text) if text else None
        except ValueError:
            return text
    if "x-www-form-urlencoded" in content_type:
        return dict(urllib.parse.parse_qsl(text))
    return text or None

