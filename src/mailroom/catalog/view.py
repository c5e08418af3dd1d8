"""`mailroom catalog`: the catalog as people read it, and as programs read it."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

from mailroom.catalog.callouts import describe
from mailroom.catalog.loading import Catalog
from mailroom.errors import MailroomError
from mailroom.spec.records import as_data

if TYPE_CHECKING:
    from mailroom.catalog.model import CalloutFact, ChangesFact, Entry, PagingFact

WIDTH = 88
LABEL = 9


def list_text(catalog: Catalog) -> str:
    rows = [(e.id, e.name, e.kind) for e in sorted(catalog.entries.values(), key=lambda e: e.id)]
    width = max((len(r[0]) for r in rows), default=2)
    lines = [f"{i.ljust(width)}  {name} ({kind})" for i, name, kind in rows]
    lines.append("")
    lines.append("mailroom catalog show ID   for what each vendor documents, with sources.")
    return "\n".join(lines) + "\n"


def list_json(catalog: Catalog) -> str:
    entries = [as_data(e, exclude_none=True)
               for e in sorted(catalog.entries.values(), key=lambda e: e.id)]
    return json.dumps({"systems": entries}, indent=2, ensure_ascii=False) + "\n"


def entry_of(catalog: Catalog, entry_id: str) -> Entry:
    entry = catalog.get(entry_id)
    if entry is None:
        known = ", ".join(sorted(catalog.entries))
        raise MailroomError(f"the catalog has no system '{entry_id}'; it knows: {known}")
    return entry


def show_json(entry: Entry) -> str:
    return json.dumps(as_data(entry, exclude_none=True), indent=2) + "\n"


def show_text(entry: Entry, origin: str) -> str:
    lines = [f"{entry.name} ({entry.id}): {entry.kind}"
             + (", an integration platform" if entry.platform else ""),
             f"Documentation: {entry.docs}"]
    if entry.note:
        lines.append(_wrap(entry.note, ""))
    lines.append("")
    lines += _fact("API", _api(entry), entry.api.note if entry.api else None,
                   entry.api.source if entry.api else None)
    lines += _fact("Events", _events(entry), entry.events.note if entry.events else None,
                   entry.events.source if entry.events else None)
    lines += _fact("Auth", ", ".join(entry.auth.methods) if entry.auth else None,
                   entry.auth.note if entry.auth else None,
                   entry.auth.source if entry.auth else None)
    if entry.paging is not None:
        lines += _fact("Paging", _paging(entry.paging), entry.paging.note, entry.paging.source)
    for change in entry.changes:
        lines += _fact("Changes", _change(change), change.note, change.source)
    for rate in entry.rate_limits:
        lines += _fact("Rate", rate.text, rate.note, rate.source)
    for callout in entry.callouts:
        lines += _fact("Callout", _callout(callout, entry.name), callout.note, callout.source)
    for limit in entry.limits:
        lines += _fact("Limit", limit.text, limit.note, limit.source)
    if entry.adaptor is not None:
        lines += _fact("OpenFn", f"adaptor {entry.adaptor.package}", entry.adaptor.note,
                       entry.adaptor.source)
    lines += ["", f"(from {origin})"]
    return "\n".join(lines) + "\n"


PAGING = {"cursor": "page by page, each page giving a cursor for the next",
          "next-link": "page by page, each page giving the address of the next",
          "offset": "page by page, skipping the records already read",
          "page-number": "page by page, by page number"}
CHANGES = {"modified-filter": "asked for records changed since a time",
           "event-subscription": "told of changes through a subscription to its events",
           "changes-feed": "read from a feed of changes, from where the reader left off"}


def _paging(paging: PagingFact) -> str:
    text = PAGING[paging.style]
    if paging.parameters:
        text += f" ({', '.join(paging.parameters)})"
    if paging.max_page_size:
        text += f", at most {paging.max_page_size:,} a page"
    return text


def _change(change: ChangesFact) -> str:
    return CHANGES[change.how] + (f" ({change.parameter})" if change.parameter else "")


def _callout(callout: CalloutFact, system: str) -> str:
    return describe(callout, system)


def _api(entry: Entry) -> str | None:
    if entry.api is None:
        return None
    if not entry.api.available:
        return "none documented"
    return "yes: " + (", ".join(entry.api.styles) or "see the source")


def _events(entry: Entry) -> str | None:
    if entry.events is None:
        return None
    if not entry.events.available:
        return "cannot emit events"
    text = "yes: " + ", ".join(entry.events.mechanisms)
    how = {"api": "registered through its API", "manual": "set up by hand in its settings"}
    if entry.events.registration:
        text += f"; {how[entry.events.registration]}"
    return text


def _fact(label: str, value: str | None, note: str | None, source: str | None) -> list[str]:
    head = f"{label}:".ljust(LABEL)
    if value is None:
        return [f"{head}not documented in the catalog: ask the vendor"]
    lines = [_wrap(value, " " * LABEL, head)]
    if note:
        lines.append(_wrap(note, " " * LABEL))
    if source:
        lines.append(" " * LABEL + f"source: {source}")
    return lines


def _wrap(text: str, indent: str, first: str | None = None) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=first if first is not None else indent,
                         subsequent_indent=indent, break_on_hyphens=False,
                         break_long_words=False)
