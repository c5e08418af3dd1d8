"""Webhook signatures as the vendors document them: the simulated sender signs with
sign_webhook, the mock receiver checks with verify_webhook (the generated
verify-signature.mjs does the same in front of the platform's trigger)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mailroom.vendors import Signing


def sign_webhook(signing: Signing, secret: str, raw: bytes, when: int) -> dict[str, str]:
    """The signature header the vendor puts on a webhook whose body is `raw`, sent at
    `when` (Unix seconds), as its documentation says."""
    key = secret.encode()
    if signing.style == "raw-body-base64":
        digest = hmac.new(key, raw, hashlib.sha256).digest()
        return {signing.header: base64.b64encode(digest).decode()}
    if signing.style == "timestamp-body-base64":
        assert signing.timestamp_header is not None
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
        digest = hmac.new(key, stamp.encode() + raw, hashlib.sha256).digest()
        return {signing.header: base64.b64encode(digest).decode(),
                signing.timestamp_header: stamp}
    signed = str(when).encode() + b"." + raw
    return {signing.header: f"t={when},v1={hmac.new(key, signed, hashlib.sha256).hexdigest()}"}


def verify_webhook(signing: Signing, secret: str, raw: bytes, headers: dict[str, str],
                   now: int) -> str | None:
    """Why a webhook's signature does not hold, or None when it does (header names in
    any case; the comparison in constant time)."""
    found = {k.lower(): v for k, v in headers.items()}.get(signing.header.lower())
    if not found:
        return f"no {signing.header} header"
    key = secret.encode()
    if signing.style == "raw-body-base64":
        expected = base64.b64encode(hmac.new(key, raw, hashlib.sha256).digest()).decode()
        return None if hmac.compare_digest(expected, found) else \
            f"{signing.header} does not match the raw body"
    if signing.style == "timestamp-body-base64":
        assert signing.timestamp_header is not None
        stamp = {k.lower(): v for k, v in headers.items()}.get(signing.timestamp_header.lower())
        if not stamp:
            return f"no {signing.timestamp_header} header"
        digest = hmac.new(key, stamp.encode() + raw, hashlib.sha256).digest()
        return None if hmac.compare_digest(base64.b64encode(digest).decode(), found) else \
            f"{signing.header} does not match the timestamp and the raw body"
    items = [part.split("=", 1) for part in re.split(r",\s*", found) if "=" in part]
    stamps = [value for name, value in items if name == "t"]
    signatures = [value for name, value in items if name == "v1"]
    if not stamps or not stamps[0].isdigit():
        return f"{signing.header} carries no timestamp"
    if not signatures:
        return f"{signing.header} carries no v1 signature"
    signed = stamps[0].encode() + b"." + raw
    expected = hmac.new(key, signed, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        return (f"no v1 signature in {signing.header} matches the timestamp, a dot and the "
                "raw body")
    if signing.tolerance is not None and int(stamps[0]) < now - signing.tolerance:
        return f"the timestamp in {signing.header} is older than {signing.tolerance} seconds"
    return None
