"""Slack in its own dialect: chat.postMessage (POST /api/chat.postMessage, a JSON body
{channel, text, metadata}, a bot token as Bearer; 200 with ok: true, or 200 with ok:
false and an error code; 429 with Retry-After beyond the rate limits), for the mock (a
route answering as Slack's method page and its own library document it) and for the
Python engine (the job's delivery, request for request). Slack does not de-duplicate: a
repeated delivery posts a second message, and the mock says so. mailroom.vendors.workplace
holds the one description the job template reads too."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import (
    Context,
    HttpAnswer,
    StepFailed,
    js_string,
    reason_of,
    send_with_retries,
)

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect

REFUSED_TOKENS = ("not_authed", "invalid_auth", "account_inactive", "token_revoked",
                  "token_expired", "no_permission", "missing_scope")


def slack_escape(value: Any) -> str:
    """Slack's control characters (&, <, >) as HTML entities, as the job's slackEscape."""
    return js_string(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message_text(mapped: dict[str, Any]) -> str:
    """The job's messageText(): the mapped fields as "field: value" lines."""
    lines = []
    for name, value in mapped.items():
        shown: Any = "" if value is None else (
            json.dumps(value, separators=(",", ":"), ensure_ascii=False)
            if isinstance(value, dict | list) else value)
        lines.append(f"{slack_escape(name)}: {slack_escape(shown)}")
    return "\n".join(lines)


class SlackPostRoute(DestinationRoute):
    """chat.postMessage: every accepted call posts a message, a repeat too."""

    vendor = True
    words = ("posts a message for every chat.postMessage with a channel and text or blocks "
             "(200, ok: true, ts), refuses with 200 and ok: false and an error code, and "
             "answers 429 with Retry-After for its rate limit, as Slack's method page and "
             "library document it; it keeps no key: a repeat posts a second message, as "
             "Slack does (the injected 500 posts nothing; a real 5xx may have posted)")
    duplicate_words = ("Slack does not de-duplicate: the repeated delivery posted a second "
                       "message")
    once_words = "once each, the repeated delivery aside (Slack does not de-duplicate)"

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", "/api/chat.postMessage", caller, auth, faults, label)
        faults.generic = False
        self.messages: list[dict[str, Any]] = []  # every message posted, repeats too

    def serve(self, request: Request, params: dict[str, str]) -> Answer:
        """A wrong token is answered as Slack does: 200, ok: false, invalid_auth."""
        if self.auth is not None and self.auth.refuses(request.headers):
            return Answer(200, {"ok": False, "error": "invalid_auth"},
                          note="refused: invalid_auth (HTTP 200, as Slack answers)")
        with self.lock:
            return self.answer(request, params)

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        if not body.get("channel"):
            return _refusal("channel_not_found")
        if not body.get("text") and not body.get("blocks") and not body.get("attachments"):
            return _refusal("no_text")
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
        key = str((payload or {}).get("key") or "")
        status = self.faults.next(key)
        if status == 429:
            return Answer(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"},
                          note="injected 429: Retry-After 1 s")
        if status is not None and status >= 500:
            return Answer(status, {"ok": False, "error": "internal_error"},
                          note=f"injected {status} (nothing posted)")
        if status is not None:
            refused = _refusal("is_archived")
            refused.note = "injected permanent refusal: 200, ok: false, is_archived"
            return refused
        ts = f"1714550400.{len(self.messages) + 1:06d}"
        self.messages.append({"channel": body["channel"], "text": body.get("text"), "ts": ts,
                              "metadata": metadata})
        if any(d.key == key for d in self.deliveries):
            self.duplicates.append(key)
            note = "posted again: a second message (Slack keeps no key)"
        else:
            self.deliveries.append(Delivery(key, request.body))
            note = "posted"
        return Answer(200, {"ok": True, "channel": body["channel"], "ts": ts,
                            "message": {"type": "message", "text": body.get("text"),
                                        "ts": ts}}, note=note)


def _refusal(error: str) -> Answer:
    return Answer(200, {"ok": False, "error": error}, note=f"200, ok: false, {error}")


def push_slack(context: Context, step: Step, key: str, body: Any, headers: dict[str, str],
               settings: dict[str, Any]) -> tuple[HttpAnswer, bool, str]:
    """The job's delivery of one record: one chat.postMessage, its `ok` read."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    assert dialect.push is not None
    constants = dialect.push.constants
    mapped = body if isinstance(body, dict) else {}
    message = {"channel": constants["CHANNEL"][0], "text": message_text(mapped),
               "metadata": {"event_type": constants["EVENT_TYPE"][0],
                            "event_payload": {"key": key}}}
    answer = send_with_retries("POST", context.base_url + dialect.push.path, settings,
                               context.deadline, body=json.dumps(message),
                               headers={**headers,
                                        "Content-Type": "application/json; charset=utf-8"})
    posted = answer.body if isinstance(answer.body, dict) else {}
    if answer.status in (401, 403) or posted.get("error") in REFUSED_TOKENS:
        raise StepFailed(f"{step.target.label} refused the credentials ({_reason(answer)}); "
                         "nothing more is sent in this run")
    ok = 200 <= answer.status < 300 and posted.get("ok") is True
    return answer, ok, _reason(answer)


def _reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    return js_string(body["error"]) if body.get("error") else reason_of(answer)
