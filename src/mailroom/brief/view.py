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

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom import __version__
from mailroom.brief.needs import PENDING, Line, excluded, join, provided, to_settle
from mailroom.catalog.loading import Catalog
from mailroom.derive import (
    data_words,
    event_words,
    middle_sentence,
    platforms_in_the_middle,
    roles,
    sentence,
)
from mailroom.document.parts import DiagramView
from mailroom.spec.meanings import PATTERN_MEANS
from mailroom.spec.schedule import describe_schedule

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

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
    spec: Spec, *, source: str, date: str, catalog: Catalog | None = None,
    diagram: DiagramView | None = None,
) -> BriefView:
    from mailroom.catalog.loading import entry_ids, load_catalog
    from mailroom.checks import run_checks

    if catalog is None:
        catalog = load_catalog(ids=entry_ids(spec))
    findings = run_checks(spec, catalog)
    ours, theirs = ours_and_theirs(spec)
    questions, more = to_settle(spec, ours, findings, catalog)
    return BriefView(
        title=brief_title(spec),
        ours=spec.label(ours) if ours else "our product",
        theirs=join([spec.label(t) for t in theirs]) or "another system",
        date=date,
        source=source,
        generator=f"mailroom {__version__}",
        prepared_by=_prepared_by(spec),
        flows=[_flow(spec, flow, n) for n, flow in enumerate(spec.flows, start=1)],
        middles=[middle_sentence(spec, m) for m in platforms_in_the_middle(spec)],
        provide=provided(spec, ours, catalog),
        excluded=excluded(spec, ours),
        questions=questions,
        more_questions=more,
        diagram=diagram,
    )


def estimated_density(view: BriefView) -> str:
    """The density at which the text likely fits on one A4 page, from its length."""
    size = sum(len(f.sentence) + len(f.work) + len(f.means or "") + len(f.trigger or "")
               for f in view.flows)
    size += sum(len(line.text) + sum(len(v.text) + 30 for v in line.vendors)
                for line in [*view.provide, *view.questions])
    size += sum(len(text) for text in [*view.excluded, *view.middles])
    size += 600 if view.diagram is not None and view.diagram.file else 0
    return DENSITIES[(size > COMPACT) + (size > DENSE) + (size > TIGHT)]


def _prepared_by(spec: Spec) -> str | None:
    if not spec.answered_by:
        return None
    role = next((s.role for s in spec.stakeholders if s.name == spec.answered_by), None)
    return f"{spec.answered_by} ({role})" if role else spec.answered_by


def _flow(spec: Spec, flow: Flow, number: int) -> BriefFlow:
    pattern, means = _pattern(spec, flow)
    return BriefFlow(
        number=number,
        sentence=sentence(spec, flow),
        work=_work(spec, flow),
        pattern=pattern,
        means=means,
        trigger=_trigger(spec, flow),
        freshness=f"How fresh the data must be: {flow.latency}." if flow.latency else None,
    )


def _work(spec: Spec, flow: Flow) -> str:
    r = roles(flow)
    if r.mail_person is None or r.direction is None:
        return (f"Which system starts each exchange, {spec.label(flow.source)} pushing or "
                f"{spec.label(flow.destination)} pulling, is {PENDING}.")
    mail_person = spec.system(r.mail_person)
    doer = spec.label(r.mail_person)
    how = "a workflow in" if mail_person is not None and mail_person.platform else "code in"
    return (f"So the work is done by {how} {doer}: it starts each exchange, carries the data "
            f"and holds the credentials for {spec.label(r.mailbox)}.")


def _pattern(spec: Spec, flow: Flow) -> tuple[str | None, str | None]:
    if flow.pattern is None:
        return None, None
    host, remote = ((flow.source, flow.destination) if flow.pattern == "push"
                    else (flow.destination, flow.source))
    means = PATTERN_MEANS[flow.pattern].format(
        host=spec.label(host), remote=spec.label(remote), data=data_words(spec, flow))
    return flow.pattern.capitalize(), means


def _trigger(spec: Spec, flow: Flow) -> str | None:
    src, dst = spec.label(flow.source), spec.label(flow.destination)
    direction = roles(flow).direction
    event = event_words(spec, flow)
    if flow.trigger == "event":
        what = event or f"which event is {PENDING}"
        if direction == "pull":
            return f"An event in {src} ({what}), but {dst} pulls: see the questions below."
        return f"An event in {src}: {what}. {src} sends the data at once."
    if flow.trigger == "schedule":
        when = describe_schedule(flow.schedule) if flow.schedule else f"how often is {PENDING}"
        if direction == "pull":
            return (f"A schedule: {when}. {dst} polls {src} for what is new or changed since "
                    "its last run.")
        return f"A schedule: {when}."
    if flow.trigger == "on-demand":
        return f"On demand: when {event or 'a person or a request asks for the data'}."
    return None
