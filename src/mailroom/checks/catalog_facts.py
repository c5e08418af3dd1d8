"""What the vendors document: a spec that contradicts the catalog is told so, with the source.

The catalog is evidence, not a verdict: an answer can be right and the catalog
out of date, so these are warnings that name the page to read.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from mailroom.catalog.callouts import (
    can_carry,
    describe,
    pushes,
    registration_of,
    subscriptions,
)
from mailroom.catalog.loading import Catalog
from mailroom.checks.registry import Finding, catalog_rule
from mailroom.facts.grammar import join
from mailroom.facts.words import API_STYLES, AUTH

if TYPE_CHECKING:
    from mailroom.catalog.model import Entry
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Spec, System


def _says(entry: Entry, fact: str, source: str) -> str:
    return f"the catalog says {entry.name} {fact} (source: {source})."


@catalog_rule("catalog-api", "warning")
def catalog_api(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
    """A system's API answer should agree with what its vendor documents."""
    for system, entry in _pairs(facts.spec, catalog):
        if entry.api is None or system.api is None or system.api == entry.api.available:
            continue
        styles = join([API_STYLES.get(style, style) for style in entry.api.styles]) or \
            "documented"
        fact = f"has an API ({styles})" if entry.api.available else "has no usable API"
        yield Finding("warning", "catalog-api", (
            f"This spec says {system.label} {'has' if system.api else 'has no'} usable API, but "
            + _says(entry, fact, entry.api.source)
            + " Check with its owner which is right for this data, then correct the answer."),
            None, f"systems.{system.id}.api")


@catalog_rule("catalog-events", "warning")
def catalog_events(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
    """A system's events answer, and event triggers, should agree with the vendor's documents."""
    spec = facts.spec
    for system, entry in _pairs(spec, catalog):
        if entry.events is None or system.events is None:
            continue
        if system.events != entry.events.available:
            yield Finding("warning", "catalog-events", (
                f"This spec says {system.label} {'can' if system.events else 'cannot'} emit "
                f"events, but " + _says(entry, _events_fact(entry), entry.events.source)
                + " Check which is right, then correct the answer."),
                None, f"systems.{system.id}.events")
    for flow_facts in facts.flows:
        flow = flow_facts.flow
        source = spec.system(flow.source)
        known = catalog.for_system(source) if source is not None else None
        if (flow.trigger != "event" or flow_facts.direction != "push" or known is None
                or known.events is None or known.events.available or source is None
                or source.events is not None):
            continue
        yield Finding("warning", "catalog-events", (
            f"The flow starts on an event in {source.label}, but "
            + _says(known, "cannot emit events", known.events.source)
            + " Decide: poll it on a schedule, or find another way to be told."),
            flow.id, "trigger")


@catalog_rule("catalog-auth", "warning")
def catalog_auth(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
    """The mail person authenticates to the mailbox the way the mailbox's vendor documents."""
    for flow in facts.flows:
        method = flow.credential.method
        mailbox = facts.spec.system(flow.mailbox)
        entry = catalog.for_system(mailbox) if mailbox is not None else None
        if method is None or entry is None or entry.auth is None or mailbox is None:
            continue
        if method in entry.auth.methods or method == "other":
            continue
        yield Finding("warning", "catalog-auth", (
            f"The mail person is to authenticate to {mailbox.label} with {AUTH[method]}, but "
            + _says(entry, "accepts " + _or(entry.auth.methods), entry.auth.source)
            + " Choose one of those, or confirm with the owner that this one is enabled."),
            flow.id, "auth.method")


@catalog_rule("catalog-webhook-registration", "warning")
def catalog_webhook_registration(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
    """Registering a webhook URL by API only works where the source offers that."""
    for flow in facts.flows:
        source = facts.spec.system(flow.webhook.caller if flow.webhook else None)
        entry = catalog.for_system(source) if source is not None else None
        documented = registration_of(entry)
        how, page = (documented[0], documented[1].source) if documented else (
            (entry.events.registration, entry.events.source) if entry and entry.events
            else (None, None))
        if (flow.webhook is None or flow.webhook.registration != "api" or entry is None
                or how != "manual" or page is None or source is None):
            continue
        yield Finding("warning", "catalog-webhook-registration", (
            f"The receiver URL is to be registered in {source.label} through its API, but "
            + _says(entry, "has its receiver URLs set up by hand in its settings", page)
            + " Plan who copies the URL in by hand, in its settings, and who does it again "
            "when the URL changes."),
            flow.id, "webhook_registration")


@catalog_rule("catalog-callout", "warning")
def catalog_callout(facts: SpecFacts, catalog: Catalog) -> Iterator[Finding]:
    """A webhook from a catalog system is one its vendor documents: a push to a URL, not
    events that are subscribed to, carrying a credential its calls can carry."""
    for flow in facts.flows:
        caller = facts.spec.system(flow.webhook.caller if flow.webhook else None)
        entry = catalog.for_system(caller) if caller is not None else None
        if flow.webhook is None or entry is None or caller is None or not entry.callouts:
            continue
        receiver = facts.label(flow.webhook.receiver)
        pushed, subscribed = pushes(entry), subscriptions(entry)
        if not pushed:
            yield Finding("warning", "catalog-callout", (
                f"{caller.label} is to call {receiver}'s receiver URL, but "
                + _says(entry, "documents no such call: "
                        + "; ".join(describe(c, entry.name) for c in subscribed),
                        subscribed[0].source)
                + f" Decide: have {receiver} subscribe to those events, or poll "
                f"{caller.label} on a schedule."), flow.id, "transport")
            continue
        # SOAP is the one payload a vendor gives no choice of (Salesforce's outbound
        # messages); others (CommCare's forwarding, ...) may be set to another format.
        said = (flow.flow.format or "").strip().lower()
        formats = {c.payload for c in pushed}
        if said and formats == {"soap-xml"} and said not in ("xml", "soap", "soap-xml"):
            shaped = [c for c in pushed if c.payload is not None]
            yield Finding("warning", "catalog-callout", (
                f"{caller.label}'s calls to {receiver} are to be {flow.flow.format}, but "
                + _says(entry, "sends them otherwise: "
                        + "; ".join(describe(c, entry.name) for c in shaped), shaped[0].source)
                + f" Correct the flow's format, or have something between {caller.label} "
                f"and {receiver} turn them into {flow.flow.format}."), flow.id, "format")
        method = flow.credential.method
        if method is None or can_carry(method, pushed) is not False:
            continue
        secured = [c for c in pushed if c.security]
        yield Finding("warning", "catalog-callout", (
            f"{caller.label}'s calls to {receiver} are to carry {AUTH[method]}, but "
            + _says(entry, "documents no way for them to carry one: "
                    + "; ".join(describe(c, entry.name) for c in secured), secured[0].source)
            + f" Decide how {receiver} checks the calls among those, and correct the "
            "authentication method."), flow.id, "auth.method")


def _pairs(spec: Spec, catalog: Catalog) -> Iterator[tuple[System, Entry]]:
    for system in spec.systems:
        entry = catalog.for_system(system)
        if entry is not None:
            yield system, entry


def _events_fact(entry: Entry) -> str:
    assert entry.events is not None
    if not entry.events.available:
        return "cannot emit events"
    return "can emit events (" + ", ".join(entry.events.mechanisms) + ")"


def _or(methods: Sequence[str]) -> str:
    """"an API key or OAuth 2.0 client credentials"."""
    words = [AUTH.get(method, method) for method in methods]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
