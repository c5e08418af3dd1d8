"""Finding secret values in a spec before anything else looks at it.

A spec names how the mail person authenticates, never with what. Secrets
are caught under any key, in any place, and reported by where they are and
what they look like; the value itself is never repeated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Path = tuple[str | int, ...]

# Keys whose value is a secret whatever it looks like.
_SECRET_KEY = re.compile(
    r"(pass(word|wd|phrase)?|pwd|secret|token|api_?key|apikey|private_?key|access_?key"
    r"|auth_?key|signing_?key|session_?key|bearer|cookie|credentials?$)",
    re.IGNORECASE,
)
# Keys that talk about secrets without holding one.
_SAFE_KEYS = {"credential_name", "method", "notes", "scopes"}
_SAFE_SUFFIXES = ("_url", "_name", "_method", "_location")

# Values that are secrets wherever they stand. Each pattern says what it found.
_SECRET_VALUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.")),
    ("an AWS access key", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("an API secret key", re.compile(r"\b(sk|rk)_(live|test)_[A-Za-z0-9]{10,}\b")),
    ("an API secret key", re.compile(r"\bsk-[A-Za-z0-9_-]{20,}\b")),
    ("a password inside a URL", re.compile(r"[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", re.I)),
    (
        "a secret in a URL's query string",
        re.compile(
            r"[?&](access_token|token|api_?key|key|secret|sig|signature|password)=[^&\s]{6,}",
            re.I,
        ),
    ),
    ("a bearer token", re.compile(r"\bBearer\s+[A-Za-z0-9._~+/=-]{16,}")),
    ("a basic-auth header", re.compile(r"\bBasic\s+[A-Za-z0-9+/]{12,}={0,2}(\s|$)")),
)


@dataclass(frozen=True)
class SecretFound:
    """Where a secret sits and what it looks like; never the value itself."""

    path: Path
    what: str


def find_secrets(data: Any, path: Path = ()) -> Iterator[SecretFound]:
    """Yield every place in a loaded YAML tree that holds a secret value."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _check_entry(str(key), value, (*path, str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from find_secrets(item, (*path, index))
    elif isinstance(data, str):
        found = secret_in_text(data)
        if found:
            yield SecretFound(path, found)


def _check_entry(key: str, value: Any, path: Path) -> Iterator[SecretFound]:
    if _is_secret_key(key) and _holds_value(value):
        yield SecretFound(path, f"a value under '{key}'")
        return
    yield from find_secrets(value, path)


def _is_secret_key(key: str) -> bool:
    if key in _SAFE_KEYS or key.endswith(_SAFE_SUFFIXES):
        return False
    return _SECRET_KEY.search(key) is not None


def _holds_value(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return value.strip() != ""
    return True


def secret_in_text(text: str) -> str | None:
    """What kind of secret a piece of text contains, or None."""
    for what, pattern in _SECRET_VALUES:
        if pattern.search(text):
            return what
    return None
