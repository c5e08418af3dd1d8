"""What the Python engine's steps are made of: HTTP calls with the jobs' retries, the
idempotency key, a step's context (its credential, folders and deadline), and
reading and replacing files, as the generated OpenFn jobs do them."""

from __future__ import annotations

import csv
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailroom.stub.plan import Step

MAX_ATTEMPTS = 4
FIRST_DELAY_MS = 1000
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
PAGE_SIZE = 200
MAX_PAGES = 50
REQUEST_TIMEOUT = 5.0  # seconds; a mock answers in milliseconds

State = dict[str, Any]


class StepFailed(Exception):
    """The step stopped, as a job does when it throws."""


@dataclass
class RunResult:
    ok: bool
    state: State | None
    steps: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str | None = None


@dataclass
class HttpAnswer:
    status: int
    headers: dict[str, str]
    body: Any
    reason: str = ""
    attempts: int = 1


def idempotency_key(flow_id: str, record: dict[str, Any],
                    fields: tuple[str, str] = ("id", "modified_at")) -> str:
    """The job's idempotencyKey(): the flow, the record's id and its version (`fields`:
    the id and last-modified fields of the records, the vendor's names where a vendor
    served them)."""
    id_field, modified_field = fields
    found: Any = record
    for part in modified_field.split("."):  # ODK Central's __system.updatedAt
        found = found.get(part) if isinstance(found, dict) else None
    version = f"@{js_string(found)}" if found else ""
    return f"{flow_id}:{js_string(record.get(id_field))}{version}"


def send(method: str, url: str, *, query: dict[str, Any] | None = None,
         headers: dict[str, str] | None = None, body: Any = None,
         deadline: float | None = None) -> HttpAnswer:
    """One exchange; never raises on an HTTP status (status 0: no answer)."""
    if query:
        url += "?" + urllib.parse.urlencode({k: js_string(v) for k, v in query.items()})
    data, headers = _encode(body, dict(headers or {}))
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    timeout = REQUEST_TIMEOUT if deadline is None else max(min(REQUEST_TIMEOUT,
                                                               deadline - time.monotonic()), 0.1)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return _answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return _answer(error.code, error.headers, error.read())
    except (urllib.error.URLError, OSError) as error:
        return HttpAnswer(0, {}, None, str(getattr(error, "reason", error)))


def send_with_retries(method: str, url: str, settings: dict[str, Any],
                      deadline: float | None = None, **options: Any) -> HttpAnswer:
    answer = HttpAnswer(0, {}, None)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        answer = send(method, url, deadline=deadline, **options)
        answer.attempts = attempt
        if answer.status != 0 and answer.status not in RETRY_STATUSES:
            return answer
        if attempt < MAX_ATTEMPTS:
            time.sleep(_retry_delay(answer, attempt) * _scale(settings) / 1000)
        if deadline is not None and time.monotonic() > deadline:
            break
    return answer


def _retry_delay(answer: HttpAnswer, attempt: int) -> float:
    try:
        seconds = float(answer.headers.get("retry-after", ""))
        if seconds >= 0:
            return seconds * 1000
    except ValueError:
        pass
    return float(FIRST_DELAY_MS * 2 ** (attempt - 1))


def _scale(settings: dict[str, Any]) -> float:
    scale = settings.get("delayScale")
    return float(scale) if isinstance(scale, int | float) else 1.0


def _encode(body: Any, headers: dict[str, str]) -> tuple[bytes | None, dict[str, str]]:
    if body is None:
        return None, headers
    if isinstance(body, str):
        return body.encode(), headers
    headers.setdefault("Content-Type", "application/json")
    return json.dumps(body).encode(), headers


def _answer(status: int, headers: Any, raw: bytes) -> HttpAnswer:
    lowered = {str(k).lower(): str(v) for k, v in headers.items()} if headers else {}
    body: Any = None
    if raw:
        text = raw.decode("utf-8", "replace")
        try:
            body = json.loads(text)
        except ValueError:
            body = text
    return HttpAnswer(status, lowered, body)


def reason_of(answer: HttpAnswer) -> str:
    if answer.reason:
        return answer.reason
    body = answer.body if isinstance(answer.body, dict) else {}
    return str(body.get("error") or body.get("message") or f"HTTP {answer.status}")


def looked_up(label: str, state: State, key: str, answer: HttpAnswer,
              reason: Callable[[HttpAnswer], str] = reason_of) -> State:
    """A lookup's answer as every lookup's job takes it: refused credentials fail the
    step; a 2xx answer's body becomes the data; anything else dead-letters the key, with
    the vendor's error body read by `reason`."""
    if answer.status in (401, 403):
        raise StepFailed(f"{label} refused the credentials ({answer.status})")
    if 200 <= answer.status < 300:
        return {**state, "data": answer.body, "deadLetters": []}
    return {**state, "data": None,
            "deadLetters": [{"key": key, "status": answer.status, "attempts": answer.attempts,
                             "reason": reason(answer)}]}


def get_page(context: Context, step: Step, settings: dict[str, Any], headers: dict[str, str],
             url_path: str, query: dict[str, Any] | None, page: int,
             reason: Callable[[HttpAnswer], str] = reason_of) -> HttpAnswer:
    """One page of a poll, as every pull's job reads it: GET with retries; an answer other
    than 2xx fails the step (nothing is saved, the next poll repeats). `reason` reads the
    vendor's error body."""
    answer = send_with_retries("GET", context.base_url + url_path, settings, context.deadline,
                               query=query, headers=headers)
    if not 200 <= answer.status < 300:
        label = step.target.label if step.target else "?"
        raise StepFailed(f"{label} answered {answer.status} to page {page} ({reason(answer)}); "
                         "nothing is saved and the next poll repeats")
    return answer


def js_string(value: Any) -> str:
    """What JavaScript's String(value) gives, for the values records hold."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


StepFunction = Callable[["Context", Step, State], State]


@dataclass
class Context:
    configuration: dict[str, Any]
    folders: Callable[[str, str], Path]  # (system, folder path) -> a local folder
    deadline: float | None
    cursor_step: str | None = None  # the step that commits the cursor (cron_cursor_job)
    token: dict[str, str] = field(default_factory=dict)  # kept per step, never in state
    records: tuple[str, str] = ("id", "modified_at")  # the records' id and version fields
    fields_in: str = ""  # "form": the records keep their fields there (CommCare's forms)

    @property
    def base_url(self) -> str:
        return str(self.configuration.get("baseUrl") or "")


def read_csv_rows(folder: Path, extension: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name.lower().endswith("." + extension):
            with path.open(newline="", encoding="utf-8") as handle:
                rows.extend(dict(row) for row in csv.DictReader(handle))
    return rows


def replace_file(path: Path, content: str) -> None:
    """Write a file the way an upload replaces one: whole, or not at all."""
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)
