"""Finding secret values in a spec before anything else looks at it.

A spec names how the mail person authenticates, never with what. Secrets
are caught under any key, in any value and in keys themselves, and reported
by where they are and what they look like; the value (or key) itself is never
repeated. Text is normalised first (NFKC, so full-width letters read as
ASCII; invisible format characters removed), then judged by detector.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mailroom.spec import detector

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


@dataclass(frozen=True)
class SecretFound:
    """Where a secret sits and what it looks like; never the value itself."""

    path: Path
    what: str


def find_secrets(data: Any, path: Path = ()) -> Iterator[SecretFound]:
    """Yield every place in a loaded YAML tree that holds a secret, in a value or a key."""
    if isinstance(data, dict):
        yield from _split(path, [value for value in data.values() if isinstance(value, str)])
        for pair in data.items():
            yield from _split(path, [str(part) for part in pair if isinstance(part, str)])
        for key, value in data.items():
            found = secret_in_text(str(key))
            if found:  # reported where the mapping is: its path must not name the key
                yield SecretFound(path, f"{found} as a field name")
                continue
            yield from _check_entry(str(key), value, (*path, str(key)))
    elif isinstance(data, list):
        yield from _split(path, [item for item in data if isinstance(item, str)])
        for index, item in enumerate(data):
            yield from find_secrets(item, (*path, index))
    elif isinstance(data, str):
        found = secret_in_text(data)
        if found:
            yield SecretFound(path, found)


def _split(path: Path, texts: list[str]) -> Iterator[SecretFound]:
    """A key cut in two and written in neighbouring fields (`AKIAIOSF` + `ODNN7EXAMPLE`)."""
    for first, second in zip(texts, texts[1:], strict=False):
        found = detector.find_split(_normal(first)[-_JOIN:], _normal(second)[:_JOIN])
        if found:
            yield SecretFound(path, f"{found} split over two fields")
            return


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
    """What kind of secret a piece of text contains, or None. Linear in its length."""
    return detector.find_in_text(_normal(text))


_JOIN = 64  # characters from each side of two neighbouring fields read as one
_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def _normal(text: str) -> str:
    """Full-width and other compatibility letters as ASCII; invisible characters gone."""
    if text.isascii():
        return text
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
