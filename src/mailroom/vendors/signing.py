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


def signed_over(signing: Signing) -> str:
    """What the signature is made over, in words for the transcript."""
    if signing.style == "method-uri-body-timestamp-base64":
        return "the method, the URL, the raw body and the timestamp"
    return "the raw body"


def sign_webhook(signing: Signing, secret: str, raw: bytes, when: int, method: str = "POST",
                 url: str = "") -> dict[str, str]:
    """The signature header the vendor puts on a webhook whose body is `raw`, sent at
    `when` (Unix seconds) to `url` with `method`, as its documentation says."""
    key = secret.encode()
    if signing.style == "method-uri-body-timestamp-base64":  # HubSpot's v3
        assert signing.timestamp_header is not None
        stamp = str(when * 1000)  # milliseconds
        source = (method + decoded_url(url)).encode() + raw + stamp.encode()
        return {signing.header: base64.b64encode(hmac.new(key, source, hashlib.sha256)
                                                 .digest()).decode(),
                signing.timestamp_header: stamp}
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
                   now: int, method: str = "POST", url: str = "") -> str | None:
    """Why a webhook's signature does not hold, or None when it does (header names in
    any case; the comparison in constant time; `method` and `url` as the request came,
    for a signature made over them)."""
    found = {k.lower(): v for k, v in headers.items()}.get(signing.header.lower())
    if not found:
        return f"no {signing.header} header"
    key = secret.encode()
    if signing.style == "method-uri-body-timestamp-base64":
        return _verify_v3(signing, key, found, raw, headers, now, f"{method}{url}")
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


def _verify_v3(signing: Signing, key: bytes, found: str, raw: bytes, headers: dict[str, str],
               now: int, method_url: str) -> str | None:
    """HubSpot's v3: a base64 HMAC-SHA256 of the method, the URL, the raw body and the
    timestamp (milliseconds, in its own header), refused when older than the tolerance."""
    assert signing.timestamp_header is not None
    stamp = {k.lower(): v for k, v in headers.items()}.get(signing.timestamp_header.lower())
    if not stamp or not stamp.isdigit():
        return f"no {signing.timestamp_header} header"
    source = decoded_url(method_url).encode() + raw + stamp.encode()
    expected = base64.b64encode(hmac.new(key, source, hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(expected, found):
        return (f"{signing.header} does not match the method, the URL, the raw body and "
                "the timestamp")
    if signing.tolerance is not None and int(stamp) < (now - signing.tolerance) * 1000:
        return f"the timestamp in {signing.timestamp_header} is older than " \
            f"{signing.tolerance} seconds"
    return None


# The URL-encoded characters HubSpot's v3 says to decode in the request URI before signing.
_V3_DECODED = {"%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$",
               "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";"}


def decoded_url(url: str) -> str:
    """A URL with the characters HubSpot's v3 signature lists decoded (case of the hex
    digits aside), as the signature is made over it."""
    return re.sub(r"%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)",
                  lambda m: _V3_DECODED[m.group(0).upper()], url, flags=re.IGNORECASE)
