"""What the vendors of a flow's systems document, in the flow's section: how the source
calls out (for a webhook it calls on its event) or is read (paging, how changes are found), the
mailbox's rate limits, and OpenFn's adaptor for each. Each is the vendor's word, stated
as a fact with its page, never asked of anyone; a system the catalog does not know adds
nothing here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.catalog.callouts import describe, pushes, subscriptions
from mailroom.document.markdown import Md, escape, url
from mailroom.document.parts import Fact, Topic

if TYPE_CHECKING:
    from urllib.parse import SplitResult

    from mailroom.catalog.loading import Catalog
    from mailroom.catalog.model import Entry
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

TITLE = "What the vendors document"
PAGING = {"cursor": "page by page; each page gives a cursor for the next",
          "next-link": "page by page; each page gives the address of the next",
          "offset": "page by page, skipping the records already read",
          "page-number": "page by page, by page number"}
CHANGES = {"modified-filter": "by asking for the records changed since a time",
           "event-subscription": "by subscribing to its change events",
           "changes-feed": "by reading a feed of changes from where the last read ended"}


def vendor_topic(facts: SpecFacts, flow: FlowFacts, catalog: Catalog | None) -> Topic | None:
    """The topic, or None when neither end's vendor documents anything that bears on it."""
    if catalog is None:
        return None
    source = _entry(facts, catalog, flow.flow.source)
    mailbox = _entry(facts, catalog, flow.mailbox)
    found = [*_callouts(facts, flow, source), *_reading(facts, flow, mailbox)]
    if mailbox is not None:
        found += [_fact(f"{facts.label(flow.mailbox)}'s rate limit", rate.text, rate.source)
                  for rate in mailbox.rate_limits]
    for system_id in (flow.flow.source, flow.flow.destination):
        entry = _entry(facts, catalog, system_id)
        if entry is not None and entry.adaptor is not None:
            found.append(_fact(f"OpenFn's adaptor for {facts.label(system_id)}",
                               entry.adaptor.package, entry.adaptor.source))
    return Topic(TITLE, found) if found else None


def _callouts(facts: SpecFacts, flow: FlowFacts, source: Entry | None) -> list[Fact]:
    """How the source calls out, for a webhook it calls on its own event."""
    if source is None or flow.webhook is None or flow.flow.trigger != "event":
        return []
    name = facts.label(flow.flow.source)
    return [_fact(f"How {name} calls out", describe(c, source.name), c.source)
            for c in [*pushes(source), *subscriptions(source)]]


def _reading(facts: SpecFacts, flow: FlowFacts, mailbox: Entry | None) -> list[Fact]:
    """How a mailbox that is pulled from pages a list and tells what changed."""
    if mailbox is None or flow.direction != "pull":
        return []
    name, found = facts.label(flow.mailbox), []
    if mailbox.paging is not None:
        words = PAGING[mailbox.paging.style]
        if mailbox.paging.parameters:
            words += f" ({', '.join(mailbox.paging.parameters)})"
        found.append(_fact(f"How {name} pages a list", words, mailbox.paging.source))
    for change in mailbox.changes:
        words = CHANGES[change.how] + (f" ({change.parameter})" if change.parameter else "")
        found.append(_fact(f"How to find what changed in {name}", words, change.source))
    return found


def _entry(facts: SpecFacts, catalog: Catalog, system_id: str | None) -> Entry | None:
    system = facts.spec.system(system_id)
    return catalog.for_system(system) if system is not None else None


def _fact(label: str, text: str, source: str) -> Fact:
    return Fact(label, Md(f"{escape(text)} ({url(_site(source), source)})"))


def _site(source: str) -> str:
    from urllib.parse import urlsplit

    parts: SplitResult = urlsplit(source)
    return parts.netloc or source
