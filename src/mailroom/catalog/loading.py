"""The catalog of known systems: what each one's vendor documents about it.

One YAML file per system under catalog/ (shipped in the package), extended or
overridden by a user's own folder (`--catalog DIR` or MAILROOM_CATALOG, given by the
CLI). Every fact carries the public page it comes from; where a fact is not
documented it is left out, never guessed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

from mailroom.cache import code_digest
from mailroom.errors import MailroomError, SpecError
from mailroom.fileio import atomic_write_text
from mailroom.resources import packaged

if TYPE_CHECKING:
    from mailroom.catalog.model import Entry
    from mailroom.spec.model import Spec, System



@dataclass
class Catalog:
    """The catalog entries read, by id, with the file each came from."""

    entries: dict[str, Entry] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # id -> file it came from

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def for_system(self, system: System) -> Entry | None:
        """The entry a spec's system is (see entry_id)."""
        found = entry_id(system)
        return self.entries.get(found) if found is not None else None


def entry_id(system: System) -> str | None:
    """The catalog entry a system is: its `catalog` field, else its id; none when
    `catalog: false`."""
    if system.catalog is False:
        return None
    return system.catalog or system.id


def entry_ids(spec: Spec) -> tuple[str, ...]:
    """The entries to read for a spec: those its systems are, nothing more."""
    return tuple(found for s in spec.systems if (found := entry_id(s)) is not None)


def load_catalog(
    extra: str | Path | None = None, ids: Iterable[str] | None = None,
    cache: Path | None = None,
) -> Catalog:
    """The packaged catalog, overlaid with a user's folder of entries (the CLI's --catalog,
    or MAILROOM_CATALOG).

    With `ids`, only those entries are read: a check touches two or three files, not all.
    `cache` is where the schema the entry's model makes is kept (see spec/validation.py).
    """
    catalog = Catalog()
    wanted = set(ids) if ids is not None else None
    folders: list[Traversable] = [packaged("catalog")]
    user = extra
    if user:
        user_folder = Path(user)
        if not user_folder.is_dir():
            raise MailroomError(f"{user_folder}: the catalog folder does not exist")
        folders.append(user_folder)
    for index, folder in enumerate(folders):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".yaml") and (wanted is None or item.name[:-5] in wanted):
                entry = _read_entry(item, cache)
                catalog.entries[entry.id] = entry
                catalog.origin[entry.id] = str(item) if index else "mailroom's built-in catalog"
    return catalog


def _read_entry(item: Traversable, cache: Path | None = None) -> Entry:
    """One entry, read as a spec is: problems name their file, line and field.

    An entry read and checked once is kept in the cache folder as plain data, keyed by
    its text and mailroom's code (cache.code_digest): reading YAML with line numbers and
    scanning it for secrets is most of the cost, and thirty entries are read each time
    the interview or `mailroom catalog` starts."""
    from pydantic_core import ValidationError

    from mailroom.spec.reading import field_path, line_of, parse_tree
    from mailroom.spec.secrets import find_secrets
    from mailroom.spec.validation import validate

    name = str(item)
    text = item.read_text(encoding="utf-8")
    stored = _cached_path(cache, text)
    cached = _read_cached(stored, item, cache) if stored is not None else None
    if cached is not None:
        return cached
    tree = parse_tree(text, name)
    secrets = [f"{name}:{line_of(tree, s.path)}: {field_path(s.path)}: holds {s.what}; a "
               "catalog entry names ways in and methods, never a secret value"
               for s in find_secrets(tree)]
    if secrets:  # entries are shown in documents and offered in the interview
        raise SpecError(secrets)
    try:
        entry: Entry = validate("catalog-entry", dict(tree), cache)
    except ValidationError as exc:
        raise SpecError([
            f"{name}:{line_of(tree, tuple(e['loc']))}: {field_path(tuple(e['loc']))}: {e['msg']}"
            for e in exc.errors()
        ]) from None
    if item.name[:-5] != entry.id:
        raise SpecError([f"{item}:{line_of(tree, ('id',))}: id: '{entry.id}' must match the "
                         f"file name ({item.name[:-5]}.yaml)"])
    problems = [f"{name}:{line_of(tree, path)}: {field_path(path)}: {message}"
                for path, message in _inconsistent(entry)]
    if problems:
        raise SpecError(problems)
    if stored is not None:
        with contextlib.suppress(OSError, TypeError, ValueError):  # it only costs time
            atomic_write_text(stored, json.dumps(tree, ensure_ascii=False))
    return entry


def _cached_path(cache: Path | None, text: str) -> Path | None:
    if cache is None:
        return None
    key = hashlib.sha256(f"{code_digest()}:{text}".encode()).hexdigest()[:32]
    return cache / f"catalog-entry-{key}.json"


def _read_cached(stored: Path, item: Traversable, cache: Path | None) -> Entry | None:
    """The entry as it was read and checked last time, or None (then it is read afresh)."""
    from pydantic_core import ValidationError

    from mailroom.spec.validation import validate

    try:
        entry: Entry = validate("catalog-entry", json.loads(stored.read_bytes()), cache)
    except (OSError, ValueError, ValidationError):
        return None
    return entry if entry.id == item.name[:-5] else None


def _inconsistent(entry: Entry) -> list[tuple[tuple[str | int, ...], str]]:
    """Facts whose fields do not fit together, each with its field's path."""
    found: list[tuple[tuple[str | int, ...], str]] = []
    for index, callout in enumerate(entry.callouts):
        here: tuple[str | int, ...] = ("callouts", index)
        if callout.delivery == "subscribe" and callout.registration is not None:
            found.append((here + ("registration",), "a subscription has no receiver URL to "
                          "register; leave registration out, or make delivery push"))
        if callout.signature_header and "hmac-signature" not in callout.security:
            found.append((here + ("signature_header",), "a signature header needs "
                          "hmac-signature among the security methods"))
    if entry.paging is not None:
        unknown = [name for name in entry.paging.query if name not in entry.paging.parameters]
        if unknown:
            found.append((("paging", "query"), f"{', '.join(unknown)} is not among the "
                          "paging's parameters; query names those a request sends"))
    auth = entry.auth
    if auth is not None and auth.client_assertion and not any(
            "client_assertion" in quote or "client assertion" in quote.lower()
            for quote in (auth.quote, *(e.quote for e in auth.also))):
        found.append((("auth", "client_assertion"), "no quote of the auth fact says that the "
                      "client credentials are a client_assertion; quote the vendor's sentence"))
    for index, limit in enumerate(entry.rate_limits):
        if (limit.requests is None) != (limit.per is None):
            found.append((("rate_limits", index, "requests" if limit.requests is None
                           else "per"), "requests and per go together (so many requests per "
                          "second, minute, hour or day)"))
    return found


def validate_folder(folder: str | Path) -> list[str]:
    """Every problem in a user's catalog folder, one line each (empty when it is valid)."""
    path = Path(folder)
    if not path.is_dir():
        raise MailroomError(f"{path}: is not a folder")
    problems: list[str] = []
    files = sorted(path.glob("*.yaml"))
    if not files:
        problems.append(f"{path}: has no .yaml entries")
    for item in files:
        try:
            _read_entry(item)
        except MailroomError as exc:
            problems += exc.lines
    return problems
