"""When data moves: events need a push, polling needs change detection.

"If you're pushing information, you can define an action or event that will
trigger the process of moving information. If you're pulling information,
your only option is batched/scheduled integration."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule
from mailroom.spec.quantities import parse_volume
from mailroom.spec.schedule import parse_schedule

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

FULL_FETCH_DAILY_LIMIT = 10_000  # records fetched a day before full fetch gets costly


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
        "one: modified-since (a last-modified timestamp cursor), incremental-id (the highest "
        "id seen so far), or full-fetch (fetch everything and compare with what was stored "
        "last time; costly as volume grows). Ask whether the source's API can filter by date "
        "or id."
    )


@flow_rule("full-fetch-cost", "warning", "change_detection")
def full_fetch_cost(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Full fetch with a duplicate check re-reads every record on every poll."""
    if flow.polling is None or flow.polling.change_detection != "full-fetch":
        return None
    source = facts.label(flow.flow.source)
    per_poll = parse_volume(flow.flow.volume)
    schedule = parse_schedule(flow.flow.schedule) if flow.flow.schedule else None
    polls_a_day = 86400 / schedule.seconds if schedule and schedule.seconds else None
    if per_poll and polls_a_day and per_poll.per_day is None:
        daily = per_poll.count * polls_a_day
        if daily < FULL_FETCH_DAILY_LIMIT:
            return None
        load = (f"With {flow.flow.volume} and {polls_a_day:g} polls a day, that is about "
                f"{daily:,.0f} records read a day. ")
    else:
        load = "The cost grows with the size of the data and with how often it polls. "
    return (
        f"Full fetch means every poll reads all the records from {source} and compares them "
        f"with what was stored last time. {load}Decide: ask whether {source} can filter by "
        "modified date or by id (modified-since or incremental-id), or poll less often."
    )


@flow_rule("change-detection-unused", "warning", "change_detection")
def change_detection_unused(facts: SpecFacts, flow: FlowFacts) -> str | None:
    """Change detection belongs to scheduled pulls; anywhere else it says something is off."""
    spec_flow = flow.flow
    if (spec_flow.change_detection is None or flow.polling is not None
            or flow.direction is None or spec_flow.trigger is None):
        return None
    return (
        f"change_detection is {spec_flow.change_detection}, but this flow is not a scheduled "
        f"pull (it is a {flow.direction} on {spec_flow.trigger}). Either the flow really polls "
        "(then make the destination the mail person and the trigger a schedule) or remove "
        "change_detection."
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
        return (f"An event (“{spec_flow.event}”) is given, but the trigger is a schedule. "
                "Decide whether the flow starts on that event (trigger: event) or remove the "
                "event.")
    if spec_flow.schedule and spec_flow.trigger != "schedule":
        return (f"A schedule (“{spec_flow.schedule}”) is given, but the trigger is "
                f"{spec_flow.trigger}. Decide whether the flow runs on that schedule (trigger: "
                "schedule) or remove it.")
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
        "changed (set caching: true), agree an availability level with the owner of "
        f"{remote}, and say what users see when it fails."
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
    return (
        f"{caller} will call a receiver URL at {receiver}. Decide who creates that URL and "
        f"how it gets into {caller}: registered through its API (webhook_registration: api) "
        "or copied in by hand in its settings (webhook_registration: manual), and who "
        "re-registers it when it changes."
    )
