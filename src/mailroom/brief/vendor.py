"""What a system's vendor documents, as the brief says it: each fact on a line of its own,
marked as the vendor's word, with its page; and how a catalog system calls out, stated
from its vendor's documents instead of asked of the prospect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mailroom.catalog.callouts import (
    can_carry,
    describe,
    either,
    pushes,
    registration_of,
    security_words,
)
from mailroom.facts.documented import api_words, events_registration, events_words
from mailroom.facts.grammar import join
from mailroom.spec.meanings import AUTH_SHORT

if TYPE_CHECKING:
    from mailroom.catalog.model import Entry
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

PENDING = "to be confirmed"


@dataclass(frozen=True)
class Vendor:
    """What a system's vendor documents, as the catalog records it: never this spec's answer."""

    text: str
    source: str

    @property
    def site(self) -> str:
        return urlsplit(self.source).netloc or self.source


@dataclass(frozen=True)
class Line:
    text: str
    vendors: tuple[Vendor, ...] = ()
    lead: str | None = None  # a few words in bold before the text


# -- what the vendor documents ---------------------------------------------------


def vendor_api(entry: Entry | None) -> Vendor | None:
    said = api_words(entry)
    return Vendor(*said) if said is not None else None


def vendor_events(entry: Entry | None) -> Vendor | None:
    said = events_words(entry)
    return Vendor(*said) if said is not None else None


def vendor_registration(entry: Entry | None) -> Vendor | None:
    if entry is None or entry.events is None or entry.events.registration is None:
        return None
    how = events_registration(entry).removeprefix(", ")
    return Vendor(f"The vendor documents that {how}.", entry.events.source)


def vendor_auth(entry: Entry | None) -> Vendor | None:
    if entry is None or entry.auth is None:
        return None
    methods = join([AUTH_SHORT[m] for m in entry.auth.methods])
    note = f" {entry.auth.note}" if entry.auth.note and len(entry.auth.note) <= 160 else ""
    return Vendor(f"The vendor documents {methods}.{note}", entry.auth.source)


def vendor_limits(entry: Entry | None) -> tuple[Vendor, ...]:
    if entry is None:
        return ()
    return tuple(Vendor(f"The vendor documents: {limit.text}", limit.source)
                 for limit in entry.limits if limit.by_edition)[:1]


def vendor_rates(entry: Entry | None) -> tuple[Vendor, ...]:
    """The first rate limit the vendor documents: it bounds how fast data can move."""
    if entry is None or not entry.rate_limits:
        return ()
    limit = entry.rate_limits[0]
    return (Vendor(f"The vendor documents: {limit.text}", limit.source),)


def vendor_pushes(entry: Entry | None, checks: bool = True) -> tuple[Vendor, ...]:
    """How the system calls a receiver URL, as its vendor documents, one line a way (and how
    the receiver checks those calls, unless that is said on a line of its own)."""
    if entry is None:
        return ()
    return tuple(Vendor(f"The vendor documents {describe(c, entry.name, checks)}.", c.source)
                 for c in pushes(entry))


# -- how a catalog system calls out ----------------------------------------------------


def checks_apply(flow: FlowFacts, entry: Entry | None) -> bool:
    """Whether how the receiver checks a catalog system's calls is said from its vendor's
    documents: the spec names no credential for them, or one they cannot carry."""
    method = flow.credential.method
    return (flow.webhook is not None and entry is not None
            and any(c.security for c in pushes(entry))
            and (method is None or can_carry(method, pushes(entry)) is False))


def documented_checks(facts: SpecFacts, flow: FlowFacts, entry: Entry | None) -> Line | None:
    """How the receiver tells that a catalog system's calls are genuine, as its vendor
    documents, where the spec names no credential or one those calls cannot carry."""
    if entry is None or not checks_apply(flow, entry):
        return None
    secured = [c for c in pushes(entry) if c.security]
    doer, ours = facts.label(flow.mail_person), facts.label(flow.mailbox)
    words = list(dict.fromkeys(w for c in secured for w in security_words(c, entry.name)))
    return Line(f"How {ours} checks that the calls come from {doer}: by {either(words)}.",
                tuple(Vendor(f"The vendor documents how to check its {c.mechanism}.",
                             c.source) for c in secured))


def documented_registration(entry: Entry | None) -> str | None:
    found = registration_of(entry)
    return found[0] if found is not None else None


def documented_setup(flow: FlowFacts, entry: Entry, text: str, doer: str, name: str) -> Line:
    """The set-up of a webhook from a system whose vendor documents how it calls out: what
    the vendor documents is said as such; the spec's answer only where it documents none."""
    if not pushes(entry):  # events are subscribed to: there is no URL to give it
        return Line(text + f"; {doer}'s vendor documents no call to a receiver URL for "
                    "this: see below.", tuple(
                        Vendor(f"The vendor documents {describe(c, entry.name)}.", c.source)
                        for c in entry.callouts))
    assert flow.webhook is not None
    how = documented_registration(entry) or flow.webhook.registration
    if how == "api":
        text += f": {name}'s receiver URL is registered through {doer}'s API."
    elif how == "manual":
        text += (f": someone with admin rights enters {name}'s receiver URL in {doer}'s "
                 "settings.")
    else:
        text += f"; how {name}'s receiver URL is registered in {doer} is {PENDING}."
    checked = flow.mailbox is not None and checks_apply(flow, entry)
    return Line(text, vendor_pushes(entry, checks=not checked))
