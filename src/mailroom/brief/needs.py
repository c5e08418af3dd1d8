"""The brief's lists: what the prospect must provide, what is not included, and what to
settle before a commitment. Each line is worked out from the spec's roles (the mail
person holds the credentials for the mailbox's interface), the checks' findings and
the catalog; a catalog fact is attached as the vendor's word, with its page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.brief.vendor import (
    PENDING,
    Line,
    Vendor,
    documented_checks,
    documented_setup,
    vendor_api,
    vendor_auth,
    vendor_events,
    vendor_limits,
    vendor_rates,
    vendor_registration,
)
from mailroom.catalog.loading import Catalog
from mailroom.checks import Finding
from mailroom.checks.open_questions import CODE as OPEN_QUESTION
from mailroom.facts.documented import credential_words
from mailroom.facts.grammar import INTERFACE_WORDS, data_words, event_words, join
from mailroom.spec.meanings import AUTH_CREDENTIAL
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.catalog.model import Entry
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import System

MAX_OPEN = 6  # open questions on the page besides the four always asked; the rest are counted
# What the brief asks about: the shape of the integration, not the project's details.
BRIEF_FIELDS = ("data", "source", "destination", "mail_person", "mailbox", "trigger", "event",
                "schedule", "transport", "auth.method", "webhook_registration", "pattern",
                "latency", "flows", "our_system")
# Findings that shape what is sold, besides errors and the catalog's: a design that does
# not fit its pattern (any finding on the pattern), no events to push on, no mailbox, a
# schedule that misses the freshness asked for.
BRIEF_CODES = ("events-unavailable", "mailbox-missing", "schedule-misses-freshness")
BRIEF_FINDING_FIELDS = ("pattern",)


# -- what they must provide ----------------------------------------------------------


def provided(facts: SpecFacts, ours: str | None, catalog: Catalog) -> list[Line]:
    """What the prospect's side must provide: access and credentials for the mailboxes that
    are theirs, and set-up in the mail people that are theirs. Access to one interface for
    one mail person is one line, whatever it reads and writes."""
    access: dict[tuple[str, str, str], list[FlowFacts]] = {}  # (mailbox, mail person, interface)
    items: list[Line | tuple[str, str, str]] = []  # an access line keeps its first place
    for flow in facts.flows:
        mail_person, mailbox = flow.mail_person, flow.mailbox
        if mail_person is None or mailbox is None or flow.direction is None:
            items.append(Line(f"What {data_words(facts.spec, flow.flow)} need on your side "
                              f"depends on which system starts each exchange: {PENDING}."))
            continue
        if mailbox != ours:
            key = (mailbox, mail_person, _interface(facts, flow))
            items += [] if key in access else [key]
            access.setdefault(key, []).append(flow)
            items.append(_credentials(facts, flow, _entry(catalog, facts.spec.system(mailbox))))
        if mail_person != ours:
            items += _mail_person_needs(facts, flow, ours, catalog)
    unique = list(dict.fromkeys(
        item if isinstance(item, Line) else _access(facts, access[item], catalog)
        for item in items))
    if not unique and facts.flows:
        return [Line(f"Nothing beyond the data itself: {facts.label(ours)} does the work.")]
    return unique


def _entry(catalog: Catalog, system: System | None) -> Entry | None:
    return catalog.for_system(system) if system is not None else None


def _access(facts: SpecFacts, flows: list[FlowFacts], catalog: Catalog) -> Line:
    """Access to a mailbox's interface for a mail person, for what its flows write and read."""
    first = flows[0]
    mailbox = facts.spec.system(first.mailbox)
    way_in = facts.system(first.mailbox)
    has_way_in = way_in.api.value if way_in is not None else None
    name, doer = facts.label(first.mailbox), facts.label(first.mail_person)
    if has_way_in is False:
        return Line(f"{name} has no usable interface for this yet: one must be added before "
                    f"{doer} can reach it, at a cost to agree on.")
    if first.webhook is not None:
        return Line(f"A webhook receiver URL at {name}, for {doer} to call.")
    allowed = join([("write " if f.direction == "push" else "read ")
                    + data_words(facts.spec, f.flow) for f in flows])
    text = (f"Access to {name}'s {_interface(facts, first)} for {doer}: an integration user "
            f"(or app) allowed to {allowed}")
    rates = vendor_rates(_entry(catalog, mailbox))
    if has_way_in is True:
        return Line(text + ".", rates)
    vendor = vendor_api(_entry(catalog, mailbox))
    if vendor is None:
        return Line(text + f"; whether {name} offers it is {PENDING}.", rates)
    return Line(text + ".", (vendor, *rates))


def _interface(facts: SpecFacts, flow: FlowFacts) -> str:
    system = facts.spec.system(flow.mailbox)
    if system is not None and system.interface:
        return system.interface
    return INTERFACE_WORDS.get(flow.transport or "", "interface (API, folder or table)")


def _credentials(facts: SpecFacts, flow: FlowFacts, entry: Entry | None) -> Line:
    doer, name = facts.label(flow.mail_person), facts.label(flow.mailbox)
    auth = flow.flow.auth
    method = flow.credential.method
    if method is None:
        vendor = vendor_auth(entry)
        return Line(f"Credentials that {doer} holds to call {name}: their kind is {PENDING}.",
                    (vendor,) if vendor else ())
    if method == "none":
        return Line(f"No credentials: {name}'s interface accepts any caller; confirm that this "
                    "suits this data.")
    if method == "other" and auth is not None and auth.notes:
        return Line(f"How {doer} proves who it is to {name}: {auth.notes.rstrip('.')}.")
    said = tuple(Vendor(f"The vendor documents this kind of credential for {name}.", d.source)
                 for d in facts.documented
                 if d.flow == flow.id and d.field == "auth.credential")
    return Line(f"Credentials that {doer} holds to call {name}: "
                f"{_credential(method, name, entry)}.", said)


def _credential(method: str, mailbox: str, entry: Entry | None = None) -> str:
    """The kind of credential, with the mailbox named ("an API key issued by NetSuite's
    owner"), as the mailbox's vendor documents it where that differs (facts/documented)."""
    return (credential_words(method, entry) or AUTH_CREDENTIAL[method]).replace(
        "the mailbox", mailbox)


def _mail_person_needs(
    facts: SpecFacts, flow: FlowFacts, ours: str | None, catalog: Catalog
) -> list[Line]:
    entry = _entry(catalog, facts.spec.system(flow.mail_person))
    doer = facts.label(flow.mail_person)
    if flow.flow.trigger == "event" and flow.direction == "push":
        lines = [_event_setup(facts, flow, entry)]
    else:
        lines = [Line(f"Someone to set up and look after the {doer} side: {doer} starts each "
                      "exchange, so that is where the work is built.")]
    auth = flow.flow.auth
    method = flow.credential.method
    if flow.mailbox != ours or method == "none":
        return lines
    checked = documented_checks(facts, flow, entry)
    if checked is not None:
        return [*lines, checked]
    if method == "other" and auth is not None and auth.notes:
        lines.append(Line(f"How {doer} proves who it is to {facts.label(ours)}: "
                          f"{auth.notes.rstrip('.')}."))
    else:
        kind = _credential(method, facts.label(ours)) if method else f"their kind is {PENDING}"
        lines.append(Line(f"{doer} keeps the credentials {facts.label(ours)} issues for its "
                          f"interface: {kind}."))
    return lines


def _event_setup(facts: SpecFacts, flow: FlowFacts, entry: Entry | None) -> Line:
    doer, name = facts.label(flow.mail_person), facts.label(flow.mailbox)
    event = event_words(facts.spec, flow.flow) or f"the event ({PENDING}) happens"
    text = f"Set-up in {doer} so that it sends {data_words(facts.spec, flow.flow)} when {event}"
    if flow.webhook is not None and entry is not None and entry.callouts:
        return documented_setup(flow, entry, text, doer, name)
    vendors: list[Vendor | None] = []
    system = facts.spec.system(flow.mail_person)
    if system is not None and system.events is None:
        vendors.append(vendor_events(entry))
    registration = flow.webhook.registration if flow.webhook is not None else None
    if registration == "api":
        text += f": {name}'s receiver URL is registered through {doer}'s API."
    elif registration == "manual":
        text += f": someone with admin rights pastes {name}'s receiver URL into {doer}'s settings."
    elif flow.webhook is not None:
        text += f"; how {name}'s receiver URL is registered in {doer} is {PENDING}."
        if not vendors or vendors[0] is None:
            vendors.append(vendor_registration(entry))
    else:
        text += "."
    return Line(text, tuple(v for v in vendors if v is not None))


# -- what is not included -------------------------------------------------------------


def excluded(facts: SpecFacts, ours: str | None) -> list[str]:
    """What the flows leave out, said plainly, so that "yes, we integrate" is not heard as
    more than it is."""
    spec = facts.spec
    lines = []
    pairs = list(dict.fromkeys((f.source, f.destination) for f in spec.flows
                               if f.source and f.destination))
    back = [(spec.label(d), spec.label(s)) for s, d in pairs if (d, s) not in pairs]
    if len(back) == 1:
        lines.append(f"Anything moving from {back[0][0]} back to {back[0][1]}: this covers "
                     f"{back[0][1]} to {back[0][0]} only.")
    elif back:
        lines.append(f"Anything moving the other way ({join([f'{a} to {b}' for a, b in back])}):"
                     " this covers only the directions above.")
    theirs = [s.label for s in spec.systems if s.id != ours]
    if theirs and any(f.data for f in spec.flows):
        lines.append(f"Other {join(theirs)} data, products or features than those named above: "
                     "each is an integration of its own, to scope on its own.")
    lines += _timing_exclusions(facts)
    return list(dict.fromkeys(lines))


def _timing_exclusions(facts: SpecFacts) -> list[str]:
    spec, lines = facts.spec, []
    if any(f.flow.trigger == "event" and f.direction == "push" for f in facts.flows):
        lines.append("Records from before it is switched on: only events from then on are sent; "
                     "moving existing records is a one-off job of its own.")
    for facts_flow in facts.flows:
        flow, pattern = facts_flow.flow, facts_flow.pattern
        data = data_words(spec, flow)
        if flow.trigger == "schedule" and flow.schedule:
            lines.append(f"Moving {data} the moment they change: they move "
                         f"{describe_schedule(flow.schedule)}.")
        # An embed leaves out keeping the data, unless the design contradicts the embed.
        if pattern is not None and pattern.pattern == "embed" and not pattern.contradicted:
            lines.append(f"Storing or acting on {data} in {spec.label(flow.destination)}: they "
                         "are shown there, not imported.")
    return lines


# -- what to settle before a commitment --------------------------------------------------


def to_settle(
    facts: SpecFacts, ours: str | None, findings: list[Finding], catalog: Catalog
) -> tuple[list[Line], int]:
    """Errors to resolve and open questions (at most MAX_OPEN; how many more is returned).
    The four questions to ask of any integration follow them (offer.always_asked)."""
    spec = facts.spec
    theirs = [s for s in spec.systems if s.id != ours]
    shown = {v for line in provided(facts, ours, catalog) for v in line.vendors}
    found = [Line(f"Resolve first: {f.message}") for f in findings if f.severity == "error"]
    found += [Line(f.message) for f in findings if f.severity != "error" and (
        f.code.startswith("catalog-") or f.code in BRIEF_CODES
        or f.field in BRIEF_FINDING_FIELDS)]
    for finding in findings:
        # What a vendor documents is no question (the facts layer leaves it out of the
        # open questions); a choice among what it offers (auth) stays open, with its page.
        if finding.code == OPEN_QUESTION and _matters(finding, theirs):
            vendor = _vendor_for(facts, finding, catalog)
            vendors = (vendor,) if vendor is not None and vendor not in shown else ()
            found.append(Line(_question_text(facts, finding), vendors))
    for system in theirs:
        limits = vendor_limits(_entry(catalog, system))
        if limits:
            found.append(Line(f"Which {system.label} edition and licences do you have? They can "
                              "limit what is possible.", limits))
    kept = list(dict.fromkeys(found))
    return kept[:MAX_OPEN], max(0, len(kept) - MAX_OPEN)


def _matters(finding: Finding, theirs: list[System]) -> bool:
    field = finding.field or ""
    if field.startswith("systems."):
        return any(field in (f"systems.{s.id}.api", f"systems.{s.id}.interface_kind",
                             f"systems.{s.id}.events") for s in theirs)
    return field in BRIEF_FIELDS


def _vendor_for(facts: SpecFacts, finding: Finding, catalog: Catalog) -> Vendor | None:
    field = finding.field or ""
    if field.startswith("systems."):
        system = facts.spec.system(field.split(".")[1])
        entry = _entry(catalog, system)
        if field.endswith((".api", ".interface_kind")):  # has it a way in, and which
            return vendor_api(entry)
        return vendor_events(entry)
    flow = facts.flow(finding.flow)
    if flow is None:
        return None
    if field == "auth.method":
        return vendor_auth(_entry(catalog, facts.spec.system(flow.mailbox)))
    if field == "webhook_registration" and flow.webhook is not None:
        return vendor_registration(_entry(catalog, facts.spec.system(flow.webhook.caller)))
    return None


def _question_text(facts: SpecFacts, finding: Finding) -> str:
    if finding.field != "auth.method":
        return finding.message
    flow = facts.flow(finding.flow)
    if flow is None or flow.mail_person is None:
        return "How does the mail person prove who it is to the mailbox?"
    return (f"How does {facts.label(flow.mail_person)} prove who it is to "
            f"{facts.label(flow.mailbox)}: an API key, OAuth 2.0, a user and password, a "
            "certificate?")
