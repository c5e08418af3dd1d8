"""What a question suggests before it is answered: the fact the catalog documents about
the system it concerns (with the page it comes from), else its default; and the catalog
entries a system's name matches, offered as its choices.
"""

from __future__ import annotations

from typing import Any

from mailroom.interview.answers import Slot
from mailroom.interview.option import Option
from mailroom.interview.vendor_facts import Known, matches
from mailroom.interview.view import MISSING, View
from mailroom.questionnaire.model import PLACEHOLDER


def catalog_options(view: View, slot: Slot) -> list[Option]:
    """The catalog entries the system's name matches, as the vendor describes them."""
    typed = view.record(slot.scope).get("name")
    found = matches(view.catalog, typed) if isinstance(typed, str) else []
    return [Option(entry_id, f"yes: {view.catalog[entry_id].name}",
                   documented_in_words(view.catalog[entry_id]))
            for entry_id in found]


_WAYS_IN = {"rest": "a REST API", "soap": "a SOAP API", "graphql": "a GraphQL API",
            "sftp": "an SFTP folder", "database": "a database", "file": "files",
            "none": "no way in for other systems"}


def documented_in_words(known: Known) -> str:
    """What taking the entry answers: "CRM; documented: a REST API, events"."""
    said = []
    way_in = known.fact("interface_kind")
    if way_in is not None:
        said.append(_WAYS_IN.get(str(way_in.value), str(way_in.value)))
    events = known.fact("events")
    if events is not None:
        said.append("events it announces" if events.value else "no events")
    documented = f"; documented by its vendor: {' and '.join(said)}" if said else ""
    return f"{known.kind}{documented}"


def mark_documented(view: View, slot: Slot, found: list[Option]) -> list[Option]:
    """Choices the catalog documents for this system say so ("documented by NetSuite")."""
    ref = slot.question.catalog
    known = view.known(slot.scope, ref.of) if ref is not None else None
    fact = known.fact(ref.fact) if known is not None and ref is not None else None
    if known is None or fact is None or not isinstance(fact.value, list):
        return found
    note = f"documented by {known.name}"
    return [Option(o.value, o.label, f"{o.explain} ({note})" if o.explain else note, o.disabled)
            if o.value in fact.value and o.disabled is None else o for o in found]


def suggestion(
    view: View, slot: Slot, opts: tuple[Option, ...]
) -> tuple[Any, str | None]:
    """What the question suggests before it is answered: the fact the catalog documents
    (and its page), else its default; MISSING when neither is known."""
    ref = slot.question.catalog
    known = view.known(slot.scope, ref.of) if ref is not None else None
    fact = known.fact(ref.fact) if known is not None and ref is not None else None
    if fact is not None and fact.value is not None:
        value = fact.value
        if isinstance(value, list):  # the methods it documents: the first choice among them
            enabled = [o.value for o in opts if o.disabled is None]
            value = next((v for v in enabled if v in value), MISSING)
        if value is not MISSING:
            return value, fact.source
    return derived_default(view, slot), None


def derived_default(view: View, slot: Slot) -> Any:
    default = slot.question.default
    if isinstance(default, tuple):  # the first whose answers are known
        found = (derived_text(view, slot, text) for text in default)
        return next((value for value in found if value is not MISSING), MISSING)
    return derived_text(view, slot, default)


def derived_text(view: View, slot: Slot, default: Any) -> Any:
    if isinstance(default, str):
        whole = PLACEHOLDER.fullmatch(default)
        if whole is not None and whole.group(2) is None and not whole.group(1).endswith(".name"):
            # One placeholder alone stands for the answer itself: a yes stays a yes.
            value = view.lookup(slot.scope, whole.group(1))
            return MISSING if value is None or value == "" else value
        rendered = view.render_strict(slot.scope, default)
        return MISSING if rendered is None else rendered
    return MISSING if default is None else default
