"""What a catalog system's vendor documents that answers a question the spec leaves open.

The one place that decides it: an answer the vendor documents (with its page) is known,
so it is stated, not asked, by check, the document and the brief alike. The spec's own
answer always wins: only a field the spec leaves empty is answered from the catalog
(a spec that contradicts its catalog entry is flagged by checks/catalog_facts.py). A
system the catalog does not know (or `catalog: false`) answers nothing here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mailroom.catalog.callouts import (
    REGISTRATION,
    either,
    pushes,
    registration_of,
    security_words,
)
from mailroom.facts.grammar import join, possessive
from mailroom.spec.meanings import AUTH_CREDENTIAL

if TYPE_CHECKING:
    from mailroom.catalog.loading import Catalog
    from mailroom.catalog.model import Entry
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.systems import SystemFacts
    from mailroom.spec.model import Spec

STYLES = {"rest": "REST", "soap": "SOAP", "graphql": "GraphQL", "bulk": "bulk", "sql": "SQL",
          "sftp": "SFTP", "odata": "OData", "file": "file", "other": "other"}


@dataclass(frozen=True)
class Documented:
    """An open question's answer, as the system's vendor documents it: never the spec's."""

    flow: str | None  # a flow's id, or None for a system's field
    field: str  # the question's field ("webhook_registration", "systems.<id>.events")
    system: str  # the id of the system whose vendor documents it
    text: str  # "Salesforce's vendor documents …"
    source: str  # the vendor's page


def documented_answers(spec: Spec, systems: Sequence[SystemFacts],
                       flows: Sequence[FlowFacts], catalog: Catalog | None) -> list[Documented]:
    """The answers the catalog gives to questions the spec leaves open."""
    if catalog is None:
        return []
    found: list[Documented] = []
    for facts in systems:
        entry = catalog.for_system(facts.system)
        if entry is not None:
            found += _system_answers(facts, entry)
    for flow in flows:
        found += _flow_answers(spec, flow, catalog)
    # Said where the reader may not know whose vendor: "Salesforce's vendor documents …".
    return [replace(d, text=d.text.replace("The vendor", f"{possessive(spec.label(d.system))} "
                                           "vendor", 1)) for d in found]


def _system_answers(facts: SystemFacts, entry: Entry) -> Iterator[Documented]:
    field = f"systems.{facts.id}"
    said = api_words(entry)
    if facts.api.open and said is not None:
        yield Documented(None, f"{field}.interface_kind", facts.id, *said)
    said = events_words(entry)
    if facts.events.open and said is not None:
        yield Documented(None, f"{field}.events", facts.id, *said)


CLIENT_ASSERTION = ("an OAuth 2.0 client id and the private key of the certificate "
                    "registered with it, which signs the JWT each token request sends in place "
                    "of a client secret")


def credential_words(method: str | None, entry: Entry | None) -> str | None:
    """The kind of credential a method needs at this mailbox, as its vendor documents it
    where that differs from the method's usual credential (NetSuite's client-credentials
    grant takes a signed JWT, not a client secret); else the method's usual words."""
    if (method == "oauth2-client-credentials" and entry is not None
            and entry.auth is not None and entry.auth.client_assertion):
        return CLIENT_ASSERTION
    return AUTH_CREDENTIAL.get(method or "")


def _credential_answer(spec: Spec, flow: FlowFacts, catalog: Catalog) -> Iterator[Documented]:
    """What the credential is, where the mailbox's vendor makes it other than the
    method's usual one."""
    mailbox = spec.system(flow.mailbox) if flow.mailbox else None
    entry = catalog.for_system(mailbox) if mailbox is not None else None
    method = flow.credential.method
    if mailbox is None or entry is None or entry.auth is None:
        return
    if credential_words(method, entry) != AUTH_CREDENTIAL.get(method or ""):
        source = next((e.source for e in entry.auth.also if "client_assertion" in e.quote),
                      entry.auth.source)
        yield Documented(flow.id, "auth.credential", mailbox.id,
                         f"The vendor documents that its client credentials are "
                         f"{credential_words(method, entry)}.", source)


def _flow_answers(spec: Spec, flow: FlowFacts, catalog: Catalog) -> Iterator[Documented]:
    yield from _credential_answer(spec, flow, catalog)
    yield from _webhook_answers(spec, flow, catalog)


def _webhook_answers(spec: Spec, flow: FlowFacts, catalog: Catalog) -> Iterator[Documented]:
    """A webhook's: how the caller's vendor registers the receiver URL, and how the receiver
    tells its calls are genuine (what stands for the caller's credential)."""
    webhook = flow.webhook
    caller = spec.system(webhook.caller) if webhook is not None else None
    entry = catalog.for_system(caller) if caller is not None else None
    if webhook is None or caller is None or entry is None:
        return
    registered = registration_of(entry)
    if webhook.registration is None and registered is not None:
        how, callout = registered
        yield Documented(flow.id, "webhook_registration", caller.id,
                         f"The vendor documents that the receiver URL for its "
                         f"{callout.mechanism} is {REGISTRATION[how]}.", callout.source)
    secured = [c for c in pushes(entry) if c.security]
    if flow.credential.method is None and secured:
        words = list(dict.fromkeys(w for c in secured for w in security_words(c, entry.name)))
        yield Documented(flow.id, "auth.method", caller.id,
                         f"The vendor documents how a receiver checks its calls: by "
                         f"{either(words)}.", secured[0].source)


def api_words(entry: Entry | None) -> tuple[str, str] | None:
    """Whether the vendor documents an API, and of which kinds, with its page."""
    if entry is None or entry.api is None:
        return None
    if not entry.api.available:
        return "The vendor documents no API for this.", entry.api.source
    styles = [STYLES[s] for s in entry.api.styles]
    kinds = f"{join(styles)} APIs" if len(styles) > 1 else f"a {join(styles)} API"
    return f"The vendor documents {kinds if styles else 'an API'}.", entry.api.source


def events_words(entry: Entry | None) -> tuple[str, str] | None:
    """Whether the vendor documents a way to announce events, and which, with its page."""
    if entry is None or entry.events is None:
        return None
    if not entry.events.available:
        return "The vendor documents no way to announce events.", entry.events.source
    text = f"The vendor documents events: {join(entry.events.mechanisms)}"
    return text + events_registration(entry) + ".", entry.events.source


def events_registration(entry: Entry) -> str:
    return {
        "api": ", and subscriptions are registered through its API",
        "manual": ", set up by hand in its settings",
    }.get(entry.events.registration or "", "") if entry.events else ""
