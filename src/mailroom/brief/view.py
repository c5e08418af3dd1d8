"""The one-page sales brief: "How <our product> integrates with <their system>".

A prospect asks "Do you integrate with X?". The honest answer is specific (domain
article 001): in what way (the pattern), who pushes, what starts it, what they must
provide, what is not included, and what to settle before a commitment: who built it,
who supports it, how many customers use it, a demo. Everything here comes from the
spec, the checks and the catalog. An unknown reads "to be confirmed" and becomes a
question, never a guess; a catalog fact is the vendor's word, marked as such, with its
page.

Which system is "ours": the spec's `our_system`, else the first system listed (the
sales-brief interview lists your product first and records it as `our_system`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mailroom import __version__
from mailroom.brief.needs import excluded, provided, to_settle
from mailroom.brief.offer import always_asked, for_whom, offered
from mailroom.brief.vendor import PENDING, Line, checks_apply
from mailroom.catalog.loading import Catalog
from mailroom.document.parts import DiagramView
from mailroom.facts.grammar import data_words, event_words, inferred_words, join
from mailroom.spec.meanings import PATTERN_MEANS
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Spec

DENSITIES = ("normal", "compact", "dense", "tight")  # brief.css sets each tighter than the last
# Characters of text beyond which an HTML page is set tighter when no PDF is printed to
# measure it (a PDF is printed at each density in turn until it fits on one page).
COMPACT = 2700
DENSE = 3300
TIGHT = 3900


@dataclass(frozen=True)
class BriefFlow:
    number: int
    sentence: str  # the mail person is the subject
    work: str  # which system does the work, and holds the credentials
    pattern: str | None  # "Clone"; None: to be confirmed
    means: str | None  # what the pattern means for the prospect
    trigger: str | None
    freshness: str | None


@dataclass
class BriefView:
    title: str
    ours: str
    theirs: str
    date: str
    source: str  # the spec file's name
    generator: str
    prepared_by: str | None
    flows: list[BriefFlow]
    middles: list[str]
    provide: list[Line]
    excluded: list[str]
    questions: list[Line]
    more_questions: int  # open questions left out to keep to one page
    diagram: DiagramView | None = None  # the context diagram; its file None when not drawn
    offer: list[Line] = field(default_factory=list)  # our side's answers to the buyer's checks
    for_whom: str | None = None  # the prospect's organisation and the outcome they want
    density: str = "normal"  # one of DENSITIES: how tightly brief.css sets the page
    pending: str = PENDING

    @property
    def numbered(self) -> bool:
        """Several flows: each line says which one it is about."""
        return len(self.flows) > 1


def ours_and_theirs(spec: Spec) -> tuple[str | None, list[str]]:
    """(our system's id, the other systems' ids): `our_system`, else the first system."""
    ids = [s.id for s in spec.systems]
    ours = spec.our_system if spec.our_system in ids else (ids[0] if ids else None)
    return ours, [i for i in ids if i != ours]


def brief_title(spec: Spec) -> str:
    ours, theirs = ours_and_theirs(spec)
    our_name = spec.label(ours) if ours else "our product (not named yet)"
    their_names = join([spec.label(t) for t in theirs]) or "another system (not named yet)"
    return f"How {our_name} integrates with {their_names}"


def brief_view(
    facts: SpecFacts, *, source: str, date: str, catalog: Catalog | None = None,
    diagram: DiagramView | None = None,
) -> BriefView:
    from mailroom.checks import run_checks, with_catalog

    spec = facts.spec
    catalog, facts = with_catalog(spec, catalog, facts)
    findings = run_checks(spec, catalog, facts)
    ours, theirs = ours_and_theirs(spec)
    questions, more = to_settle(facts, ours, findings, catalog)
    questions += always_asked(facts, ours)
    return BriefView(
        title=brief_title(spec),
        ours=spec.label(ours) if ours else "our product",
        theirs=join([spec.label(t) for t in theirs]) or "another system",
        date=date,
        source=source,
        generator=f"mailroom {__version__}",
        prepared_by=_prepared_by(spec),
        flows=[_flow(facts, flow, catalog) for flow in facts.flows],
        middles=list(facts.middle_sentences),
        provide=provided(facts, ours, catalog),
        excluded=excluded(facts, ours),
        questions=questions,
        more_questions=more,
        offer=offered(facts, ours),
        for_whom=for_whom(spec),
        diagram=diagram,
    )


def estimated_density(view: BriefView) -> str:
    """The density at which the text likely fits on one A4 page, from its length."""
    size = sum(len(f.sentence) + len(f.work) + len(f.means or "") + len(f.trigger or "")
               for f in view.flows)
    size += sum(len(line.text) + sum(len(v.text) + 30 for v in line.vendors)
                for line in [*view.provide, *view.questions, *view.offer])
    size += len(view.for_whom or "")
    size += sum(len(text) for text in [*view.excluded, *view.middles])
    size += 600 if view.diagram is not None and view.diagram.file else 0
    return DENSITIES[(size > COMPACT) + (size > DENSE) + (size > TIGHT)]


def _prepared_by(spec: Spec) -> str | None:
    if not spec.answered_by:
        return None
    role = next((s.role for s in spec.stakeholders if s.name == spec.answered_by), None)
    return f"{spec.answered_by} ({role})" if role else spec.answered_by


def _flow(facts: SpecFacts, flow: FlowFacts, catalog: Catalog) -> BriefFlow:
    pattern, means = _pattern(facts, flow)
    latency = flow.flow.latency
    return BriefFlow(
        number=flow.number,
        sentence=flow.sentence,
        work=_work(facts, flow, catalog),
        pattern=pattern,
        means=means,
        trigger=_trigger(facts, flow),
        freshness=f"How fresh the data must be: {latency}." if latency else None,
    )


# Who does the mail person's work, read before its name: "So the work is done by code in X".
_HOW = {"workflow": "a workflow in", "built-in": "a feature built into"}


def _work(facts: SpecFacts, flow: FlowFacts, catalog: Catalog) -> str:
    if flow.mail_person is not None and flow.direction is None:
        return (f"{facts.label(flow.mail_person)} is named as the system that starts each "
                f"exchange, but who pushes and who pulls does not add up: {PENDING}.")
    if flow.mail_person is None or flow.direction is None:
        return (f"Which system starts each exchange, {facts.label(flow.flow.source)} pushing "
                f"or {facts.label(flow.flow.destination)} pulling, is {PENDING}.")
    side = flow.side("mail person")
    how = _HOW.get(side.work if side is not None else "code", "code in")
    inferred = (f" ({inferred_words(flow.roles.mail_person)}; {PENDING})"
                if flow.roles.mail_person.inferred else "")
    caller = facts.spec.system(flow.mail_person)
    if checks_apply(flow, catalog.for_system(caller) if caller is not None else None):
        return (f"So the work is done by {how} {facts.label(flow.mail_person)}{inferred}: it "
                f"starts each exchange and carries the data; {facts.label(flow.mailbox)} "
                "checks that the calls are genuine, as described below.")
    return (f"So the work is done by {how} {facts.label(flow.mail_person)}{inferred}: it "
            f"starts each exchange, carries the data and holds the credentials for "
            f"{facts.label(flow.mailbox)}.")


def _pattern(facts: SpecFacts, flow: FlowFacts) -> tuple[str | None, str | None]:
    pattern = flow.pattern
    if pattern is None:
        return None, None
    words = {"host": facts.label(pattern.host), "remote": facts.label(pattern.remote),
             "data": data_words(facts.spec, flow.flow)}
    if pattern.contradicted:  # its promise is not this design's: never said as fact
        return pattern.pattern.capitalize(), ("Chosen, but the design does not fit it yet: "
                                              "see the questions below.")
    means = " ".join(text.format(**words) for key, text in PATTERN_MEANS[pattern.pattern]
                     if key in pattern.holds)
    if not means:
        means = f"What it means here depends on how the data moves: {PENDING}."
    return pattern.pattern.capitalize(), means.strip()


def _trigger(facts: SpecFacts, flow: FlowFacts) -> str | None:
    spec_flow = flow.flow
    src, dst = facts.label(spec_flow.source), facts.label(spec_flow.destination)
    event = event_words(facts.spec, spec_flow)
    if spec_flow.trigger == "event":
        what = event or f"which event is {PENDING}"
        if "event-pull" in flow.contradictions:
            return f"An event in {src} ({what}), but {dst} pulls: see the questions below."
        if flow.direction == "push":
            return f"An event in {src}: {what}. {src} sends the data at once."
        return f"An event in {src}: {what}. Which system sends the data is {PENDING}."
    if spec_flow.trigger == "schedule":
        schedule = spec_flow.schedule
        when = describe_schedule(schedule) if schedule else f"how often is {PENDING}"
        if flow.polling is not None:
            return (f"A schedule: {when}. {facts.label(flow.mail_person)} polls "
                    f"{facts.label(flow.mailbox)} for what is new or changed since its last "
                    "run.")
        return f"A schedule: {when}."
    if spec_flow.trigger == "on-demand":
        return f"On demand: when {event or 'a person or a request asks for the data'}."
    return None
