"""When data moves: events need a push, polling needs change detection.

"If you're pushing information, you can define an action or event that will
trigger the process of moving information. If you're pulling information,
your only option is batched/scheduled integration."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import Severity, flow_rule, graded_rule
from mailroom.facts.grammar import possessive
from mailroom.facts.words import CHANGE_DETECTION, TRIGGER, duration, times
from mailroom.spec.quantities import parse_volume
from mailroom.spec.schedule import describe_schedule, parse_schedule

if TYPE_CHECKING:
    from mailroom.catalog.loading import Catalog
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

FULL_FETCH_DAILY_LIMIT = 10_000  # records fetched a day before full fetch gets costly
# A schedule this many times slower than the freshness needed cannot be called close.
FAR_TOO_SLOW = 10


@flow_rule("event-needs-push", "error", "trigger")
def event_needs_push(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Only the system where the event happens can act on it at once: a pull cannot be
    event-driven."""
    if "event-pull" not in flow.contradictions:
        return None
    src, dst = facts.label(flow.flow.source), facts.label(flow.flow.destination)
    return (
        f"{dst} pulls, so it cannot know the moment something happens in {src}; only {src} "
        f"knows, and only a push can start on an event. Decide: make {src} the mail person and "
        f"push on the event (a webhook, for instance), or keep {dst} pulling and change the "
        "trigger to a schedule (polling; a short interval comes close to real time)."
    )


@flow_rule("events-unavailable", "warning", "trigger")
def events_unavailable(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """An event-driven push needs a source that can emit events."""
    source = facts.spec.system(flow.flow.source)
    if flow.flow.trigger != "event" or flow.direction != "push" or source is None:
        return None
    if source.events is not False:
        return None
    return (
        f"The flow starts on an event in {source.label}, but {source.label} is recorded as "
        "unable to emit events or call webhooks. Decide: build that capability in "
        f"{source.label} (and count its cost), or poll {source.label} on a schedule instead."
    )


@flow_rule("poll-needs-change-detection", "warning", "change_detection")
def poll_needs_change_detection(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A scheduled pull must know which records are new or changed since the last run."""
    if flow.polling is None or flow.polling.change_detection is not None:
        return None
    return (
        f"{facts.label(flow.mail_person)} polls {facts.label(flow.mailbox)} on a schedule, "
        "but how it finds what is new or changed since the last run is not decided. Choose "
        "one: by the time each record was last changed (a cursor kept from the last run), by "
        "ids that only increase (the highest id seen so far; new records only), or a full "
        "fetch compared with what was stored last time (costly as volume grows). Ask whether "
        "the source's API can filter by date or by id."
    )


@flow_rule("full-fetch-cost", "warning", "change_detection")
def full_fetch_cost(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Full fetch with a duplicate check re-reads every record on every poll; the cost is
    counted on peak days where the peak is given."""
    if flow.polling is None or flow.polling.change_detection != "full-fetch":
        return None
    source, spec_flow = facts.label(flow.flow.source), flow.flow
    # The size read on each poll: on peak days when the peak is given as a size.
    sizes = [(text, volume) for text in (spec_flow.volume_peak, spec_flow.volume)
             if (volume := parse_volume(text)) is not None and volume.per_day is None]
    schedule = parse_schedule(spec_flow.schedule) if spec_flow.schedule else None
    polls_a_day = 86400 / schedule.seconds if schedule and schedule.seconds else None
    if sizes and polls_a_day:
        text, size = sizes[0]
        daily = size.count * polls_a_day
        if daily < FULL_FETCH_DAILY_LIMIT:
            return None
        load = (f"With {text} and {polls_a_day:g} polls a day, that is about "
                f"{daily:,.0f} records read a day. ")
    else:
        load = "The cost grows with the size of the data and with how often it polls. "
    return (
        f"Full fetch means every poll reads all the records from {source} and compares them "
        f"with what was stored last time. {load}Decide: ask whether {source} can filter by "
        "the time a record was last changed or by increasing id, or poll less often."
    )


@flow_rule("change-detection-unused", "warning", "change_detection")
def change_detection_unused(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Change detection belongs to scheduled pulls; anywhere else it says something is off."""
    spec_flow = flow.flow
    if (spec_flow.change_detection is None or flow.polling is not None
            or flow.direction is None or spec_flow.trigger is None):
        return None
    return (
        f"The spec says how to find what changed since the last run (by "
        f"{CHANGE_DETECTION[spec_flow.change_detection]}), but this flow is not a scheduled "
        f"pull: it is a {flow.direction} {TRIGGER[spec_flow.trigger]}. Either the flow really "
        "polls (then make the destination the mail person and run it on a schedule), or drop "
        "the way of finding changes: it has nothing to do here."
    )


@flow_rule("volume-peak-below-typical", "warning", "volume_peak")
def volume_peak_below_typical(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """The peak is the most that moves: compared with the typical volume a day at a time
    ("200 a week" is about 29 a day), it cannot be less."""
    spec_flow = flow.flow
    typical, peak = parse_volume(spec_flow.volume), parse_volume(spec_flow.volume_peak)
    if typical is None or peak is None or typical.daily is None or peak.daily is None:
        return None
    if peak.daily >= typical.daily:
        return None
    return (
        f"The peak, “{spec_flow.volume_peak}”, is about {peak.daily:,.3g} records a day, fewer "
        f"than the typical “{spec_flow.volume}” (about {typical.daily:,.3g} a day). A peak is "
        "the most that moves on one day: one of the two is wrong, or they count different "
        "periods. Correct whichever is wrong."
    )


@flow_rule("schedule-invalid", "error", "schedule")
def schedule_invalid(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A cron expression must be one a scheduler accepts."""
    schedule = flow.flow.schedule
    if not schedule:
        return None
    parsed = parse_schedule(schedule)
    if parsed.kind != "cron" or parsed.problem is None:
        return None
    return (
        f"The schedule “{schedule}” is not a valid cron expression: {parsed.problem}. "
        "Cron is minute hour day-of-month month day-of-week, e.g. “0 2 * * *” for 02:00 daily."
    )


@flow_rule("schedule-unclear", "warning", "schedule")
def schedule_unclear(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A schedule should be a cron expression or an interval a developer can set up."""
    schedule = flow.flow.schedule
    if not schedule or parse_schedule(schedule).kind != "unknown":
        return None
    return (
        f"The schedule “{schedule}” is neither a cron expression nor an interval mailroom "
        "understands. Write it as a cron expression (“*/30 * * * *”) or as an interval "
        "(“every 30 minutes”, “every 2 weeks”, “nightly at 01:00”) so a developer can set it up."
    )


@flow_rule("trigger-details-mismatch", "warning", "trigger")
def trigger_details_mismatch(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """An event or a schedule is only meaningful with the matching trigger (an on-demand
    flow may say what the demand is in `event`)."""
    spec_flow = flow.flow
    if spec_flow.trigger is None:
        return None
    if spec_flow.event and spec_flow.trigger == "schedule":
        return (f"An event (“{spec_flow.event}”) is given, but the flow runs on a schedule. "
                "Decide whether the flow starts on that event instead, or remove the event.")
    if spec_flow.schedule and spec_flow.trigger != "schedule":
        started = "by an event" if spec_flow.trigger == "event" else "on demand"
        return (f"A schedule (“{spec_flow.schedule}”) is given, but the flow is started "
                f"{started}. Decide whether the flow runs on that schedule instead, or remove "
                "the schedule.")
    return None


@flow_rule("realtime-pull-runtime-risk", "warning", "caching")
def realtime_pull_runtime_risk(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A real-time pull makes the host depend on the remote being up at every request."""
    if flow.lookup is None or flow.lookup.caching:
        return None
    host, remote = facts.label(flow.mail_person), facts.label(flow.mailbox)
    return (
        f"{host} fetches from {remote} while it works, so whenever {remote} is down or slow, "
        f"that part of {host} stops working too (runtime risk), and heavy use can burden "
        f"{remote}. Decide how {host} copes: keep a cache and re-fetch only when data may have "
        f"changed, agree an availability level with the owner of {remote}, and say what "
        "users see when it fails."
    )


@flow_rule("realtime-pull-cached", "info", "caching")
def realtime_pull_cached(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Caching softens, but does not remove, the runtime risk of a real-time pull."""
    if flow.lookup is None or not flow.lookup.caching:
        return None
    host, remote = facts.label(flow.mail_person), facts.label(flow.mailbox)
    return (
        f"{host} caches what it fetches from {remote}, which softens the runtime risk. The "
        f"dependency remains: while {remote} is down, {host} can only show what it cached. "
        "The document lists this under runtime risks."
    )


@flow_rule("webhook-registration", "warning", "webhook_registration")
def webhook_registration(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A webhook needs a receiver URL and a way to register it in the source."""
    if flow.webhook is None or flow.webhook.registration is not None:
        return None
    caller, receiver = facts.label(flow.webhook.caller), facts.label(flow.webhook.receiver)
    documented = facts.documented_answer(flow.id, "webhook_registration")
    if documented is not None:  # how is known; who is not
        return (
            f"{caller} will call a receiver URL at {receiver}. {documented.text.rstrip('.')} "
            f"({documented.source}). Decide who creates that URL and enters it, and who does "
            "it again when it changes."
        )
    return (
        f"{caller} will call a receiver URL at {receiver}. Decide who creates that URL and "
        f"how it gets into {caller}: registered through {possessive(caller)} API, or copied "
        "in by hand in its settings; and who registers it again when it changes."
    )


@flow_rule("webhook-registration-no-api", "warning", "webhook_registration")
def webhook_registration_no_api(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """A receiver URL registered through the caller's API needs a caller with an API;
    without one, copying it in by hand is the only way."""
    if flow.webhook is None or flow.webhook.registration != "api":
        return None
    caller = facts.spec.system(flow.webhook.caller)
    if caller is None or not (caller.api is False or caller.interface_kind == "none"):
        return None
    return (
        f"The receiver URL is to be registered in {caller.label} through its API, but "
        f"{caller.label} has no API. Copying the URL in by hand, in {possessive(caller.label)} "
        "settings, is then the only way: decide who does it, and who does it again whenever "
        "the URL changes."
    )


@graded_rule("schedule-misses-freshness", "error", "schedule")
def schedule_misses_freshness(facts: SpecFacts, flow: FlowFacts,
                              catalog: Catalog) -> tuple[Severity, str] | None:
    """A schedule must be able to meet the freshness the business needs: slower is a
    warning, ten times slower or more an error."""
    ratio, every, fresh = flow.timing.slower_by, flow.timing.every, flow.timing.freshness
    if ratio is None or every is None or fresh is None or ratio <= 1:
        return None
    spec_flow = flow.flow
    who = facts.label(flow.mail_person) if flow.mail_person else "The flow"
    destination = facts.label(spec_flow.destination)
    often = duration(fresh).removeprefix("an ").removeprefix("a ")
    return ("error" if ratio >= FAR_TOO_SLOW else "warning", (
        f"{who} moves the data {describe_schedule(spec_flow.schedule or '')}, but it must "
        f"reach {destination} within {duration(fresh)}: between two runs a change can wait "
        f"up to {duration(every)}, {times(ratio)} longer than allowed. Decide: run it more "
        f"often (at least every {often}); or {_push_on_event(facts, flow, catalog)}; or "
        f"relax the requirement to {duration(every)}, if the business can live with that."
    ))


def _push_on_event(facts: SpecFacts, flow: FlowFacts, catalog: Catalog) -> str:
    """The second way out, with whether the source can emit events: its answer, else what
    its vendor documents, else that it is not known."""
    source = facts.spec.system(flow.flow.source)
    name = source.label if source is not None else "the source"
    how = ("push each change when it happens" if flow.direction == "push" else
           f"let {name} push each change when it happens (it becomes the mail person)")
    if source is None:
        return how
    if source.events is not None:
        can = ("can emit events, so a webhook on the event would do" if source.events else
               "is recorded as unable to emit events, so that would have to be built first")
        return f"{how}: {name} {can}"
    entry = catalog.for_system(source)
    if entry is not None and entry.events is not None:
        fact = (f"can emit events ({', '.join(entry.events.mechanisms)})"
                if entry.events.available and entry.events.mechanisms else
                "can emit events" if entry.events.available else "cannot emit events")
        return f"{how}: the catalog says {name} {fact} (source: {entry.events.source})"
    return f"{how}: whether {name} can emit events is not known yet"


@flow_rule("effective-day-on-change", "warning", "effective_date.act_on")
def effective_day_on_change(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Data that must act on the day it takes effect cannot travel only when its record
    changes: a start date entered weeks ahead would act weeks early."""
    effective = flow.effective
    if effective is None or effective.act_on != "effective-day" or not effective.on_change:
        return None
    date = effective.field or "the date it takes effect"
    source = facts.label(flow.flow.source)
    how = ("each time the event happens" if flow.flow.trigger == "event"
           else "only what changed since the last run")
    source_system = facts.spec.system(flow.flow.source)
    event = ("" if source_system is not None and source_system.events is False else
             f", or an event {source} raises on the date itself, where it has one")
    return (
        f"The integration must act on the day the data takes effect ({date}), but this flow "
        f"moves {how}: a record entered weeks ahead travels weeks early, and nothing happens "
        f"on the day. Decide: a daily run that selects the records whose {date} is today"
        f"{event}; or record that acting when the record is entered is enough.")
