"""What the catalog tells the interview, as plain data: for each known system, the facts
its vendor documents and the page each comes from.

The engine stays pure: it is given these facts (a Mapping), never reads files. A
question may take its default from them (`catalog: {fact: events}`), and a system's
name is matched against them so that the interview can offer the entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from mailroom.catalog.loading import Catalog
    from mailroom.catalog.model import Entry

# The facts a question can take from the catalog (`catalog: {fact: ...}`).
FACTS = ("name", "kind", "platform", "api", "events", "registration", "auth", "transport",
         "interface_kind")
# An API style the vendor documents, as the spec's transport says it.
_TRANSPORTS = {"rest": "rest", "soap": "soap", "graphql": "graphql", "sftp": "sftp",
               "sql": "database", "file": "file"}


@dataclass(frozen=True)
class Sourced:
    """A fact and the public page that documents it."""

    value: Any
    source: str


@dataclass(frozen=True)
class Known:
    """One catalog entry, as the interview uses it."""

    id: str
    name: str
    kind: str
    facts: Mapping[str, Sourced] = field(default_factory=dict)

    def fact(self, name: str) -> Sourced | None:
        return self.facts.get(name)


CatalogFacts = Mapping[str, Known]


def known_of(entry: Entry) -> Known:
    facts = {"name": Sourced(entry.name, entry.docs), "kind": Sourced(entry.kind, entry.docs),
             "platform": Sourced(entry.platform, entry.docs)}
    if entry.api is not None:
        facts["api"] = Sourced(entry.api.available, entry.api.source)
        styles = [_TRANSPORTS[s] for s in entry.api.styles if s in _TRANSPORTS]
        if entry.api.available and styles:
            facts["transport"] = Sourced(styles[0], entry.api.source)
            facts["interface_kind"] = Sourced(styles[0], entry.api.source)
        elif not entry.api.available:
            facts["interface_kind"] = Sourced("none", entry.api.source)
    if entry.events is not None:
        facts["events"] = Sourced(entry.events.available, entry.events.source)
        if entry.events.registration is not None:
            facts["registration"] = Sourced(entry.events.registration, entry.events.source)
    if entry.auth is not None:
        facts["auth"] = Sourced(list(entry.auth.methods), entry.auth.source)
    return Known(entry.id, entry.name, entry.kind, facts)


def facts_of(catalog: Catalog) -> dict[str, Known]:
    return {entry_id: known_of(entry) for entry_id, entry in catalog.entries.items()}


class LazyFacts(Mapping[str, Known]):
    """The catalog's facts, read the first time they are looked at: most questions never
    need them, and the interview's first question should not wait for them."""

    def __init__(self, load: Callable[[], Mapping[str, Known]]) -> None:
        self._load = load
        self._facts: Mapping[str, Known] | None = None

    def read(self) -> None:
        """Read the catalog now (while the person reads the first question)."""
        self._loaded()

    def _loaded(self) -> Mapping[str, Known]:
        if self._facts is None:
            self._facts = self._load()
        return self._facts

    def __getitem__(self, key: str) -> Known:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def installed_catalog(folder: Path | None = None, cache: Path | None = None) -> LazyFacts:
    """mailroom's catalog and the user's own entries (`folder`), read when first needed."""

    def load() -> dict[str, Known]:
        from mailroom.catalog.loading import load_catalog

        return facts_of(load_catalog(folder, cache=cache))

    return LazyFacts(load)


def _words(text: str) -> str:
    return "-" + "-".join(re.findall(r"[a-z0-9]+", text.lower())) + "-"


def matches(catalog: CatalogFacts, name: str) -> list[str]:
    """The entries a typed system name means: its id or its whole name appears in the name
    as words ("Salesforce", "our NetSuite", "the partner's SFTP server")."""
    typed = _words(name)
    found = [entry_id for entry_id, known in catalog.items()
             if f"-{entry_id}-" in typed or _words(known.name) in typed]
    return sorted(found, key=lambda entry_id: (_words(catalog[entry_id].name) != typed,
                                               entry_id))
