"""When data moves: events need a push, polling needs change detection.

"If you're pushing information, you can define an action or event that will
trigger the process of moving information. If you're pulling information,
your only option is batched/scheduled integration."
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule
from mailroom.derive import direction, is_polling, is_realtime_pull, roles
from mailroom.spec.quantities import parse_volume
from mailroom.spec.schedule import parse_schedule

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec

FULL_FETCH_DAILY_LIMIT = 10_000  # records fetched a day before full fetch gets costly


@flow_rule("event-needs-push", "error", "trigger")
def event_needs_push(spec: Spec, flow: Flow) -> str | None:
    """Only the system where the event happens can act on it at once: a pull cannot be
    event-driven."""
    if flow.trigger != "event" or direction(flow) != "pull":
        return None
    src, dst = spec.label(flow.source), spec.label(flow.destination)
    return (
        f"{dst} pulls, so it cannot know the moment something happens in {src}; only {src} "
        f"knows, and only a push can start on an event. Decide: make {src} the mail person and "
        f"push on the event (a webhook, for instance), or keep {dst} pulling and change the "
        "trigger to a schedule (polling; a short interval comes close to real time)."
    )


@flow_rule("events-unavailable", "warning", "trigger")
def events_unavailable(spec: Spec, flow: Flow) -> str | None:
    """An event-driven push needs a source that can emit events."""
    source = spec.system(flow.source)
    if flow.trigger != "event" or direction(flow) != "push" or source is None:
        return None
    if source.events is not False:
        return None
    return (
        f"The flow starts on an event in {source.label}, but {source.label} is recorded as "
        "unable to emit events or call webhooks. Decide: build that capability in "
        f"{source.label} (and count its cost), or poll {source.label} on a schedule instead."
    )


@flow_rule("poll-needs-change-detection", "warning", "change_detection")
def poll_needs_change_detection(spec: Spec, flow: Flow) -> str | None:
    """A scheduled pull must know which records are new or changed since the last run."""
    if not is_polling(flow) or flow.change_detection is not None:
        return None
    return (
        f"{spec.label(flow.destination)} polls {spec.label(flow.source)} on a schedule, but how "
        "it finds what is new or changed since the last run is not decided. Choose one: "
        "modified-since (a last-modified timestamp cursor), incremental-id (the highest id seen "
        "so far), or full-fetch (fetch everything and compare with what was stored last time; "
        "costly as volume grows). Ask whether the source's API can filter by date or id."
    )


@flow_rule("full-fetch-cost", "warning", "change_detection")
def full_fetch_cost(spec: Spec, flow: Flow) -> str | None:
    """Full fetch with a duplicate check re-reads every record on every poll."""
    if flow.change_detection != "full-fetch" or not is_polling(flow):
        return None
    per_poll = parse_volume(flow.volume)
    schedule = parse_schedule(flow.schedule) if flow.schedule else None
    polls_a_day = 86400 / schedule.seconds if schedule and schedule.seconds else None
    if per_poll and polls_a_day and per_poll.per_day is None:
        daily = per_poll.count * polls_a_day
        if daily < FULL_FETCH_DAILY_LIMIT:
            return None
        load = (f"With {flow.volume} and {polls_a_day:g} polls a day, that is about "
                f"{daily:,.0f} records read a day. ")
    else:
        load = "The cost grows with the size of the data and with how often it polls. "
    return (
        f"Full fetch means every poll reads all the records from {spec.label(flow.source)} and "
        f"compares them with what was stored last time. {load}Decide: ask whether "
        f"{spec.label(flow.source)} can filter by modified date or by id (modified-since or "
        "incremental-id), or poll less often."
    )


@flow_rule("change-detection-unused", "warning", "change_detection")
def change_detection_unused(spec: Spec, flow: Flow) -> str | None:
    """Change detection belongs to scheduled pulls; anywhere else it says something is off."""
    if flow.change_detection is None or is_polling(flow) or direction(flow) is None:
        return None
    if flow.trigger is None:
        return None
    return (
        f"change_detection is {flow.change_detection}, but this flow is not a scheduled pull "
        f"(it is a {direction(flow)} on {flow.trigger}). Either the flow really polls (then make "
        "the destination the mail person and the trigger a schedule) or remove change_detection."
    )


@flow_rule("schedule-invalid", "error", "schedule")
def schedule_invalid(spec: Spec, flow: Flow) -> str | None:
    """A cron expression must be one a scheduler accepts."""
    if not flow.schedule:
        return None
    parsed = parse_schedule(flow.schedule)
    if parsed.kind != "cron" or parsed.problem is None:
        return None
    return (
        f"The schedule “{flow.schedule}” is not a valid cron expression: {parsed.problem}. "
        "Cron is minute hour day-of-month month day-of-week, e.g. “0 2 * * *” for 02:00 daily."
    )


@flow_rule("schedule-unclear", "warning", "schedule")
def schedule_unclear(spec: Spec, flow: Flow) -> str | None:
    """A schedule should be a cron expression or an interval a developer can set up."""
    if not flow.schedule or parse_schedule(flow.schedule).kind != "unknown":
        return None
    return (
        f"The schedule “{flow.schedule}” is neither a cron expression nor an interval mailroom "
        "understands. Write it as a cron expression (“*/30 * * * *”) or as an interval "
        "(“every 30 minutes”, “every 2 weeks”, “nightly at 01:00”) so a developer can set it up."
    )


@flow_rule("trigger-details-mismatch", "warning", "trigger")
def trigger_details_mismatch(spec: Spec, flow: Flow) -> str | None:
    """An event or a schedule is only meaningful with the matching trigger (an on-demand
    flow may say what the demand is in `event`)."""
    if flow.trigger is None:
        return None
    if flow.event and flow.trigger == "schedule":
        return (f"An event (“{flow.event}”) is given, but the trigger is a schedule. Decide "
                "whether the flow starts on that event (trigger: event) or remove the event.")
    if flow.schedule and flow.trigger != "schedule":
        return (f"A schedule (“{flow.schedule}”) is given, but the trigger is {flow.trigger}. "
                "Decide whether the flow runs on that schedule (trigger: schedule) or remove it.")
    return None


@flow_rule("realtime-pull-runtime-risk", "warning", "caching")
def realtime_pull_runtime_risk(spec: Spec, flow: Flow) -> str | None:
    """A real-time pull makes the host depend on the remote being up at every request."""
    if not is_realtime_pull(flow) or flow.caching:
        return None
    host, remote = spec.label(flow.destination), spec.label(flow.source)
    return (
        f"{host} fetches from {remote} while it works, so whenever {remote} is down or slow, "
        f"that part of {host} stops working too (runtime risk), and heavy use can burden "
        f"{remote}. Decide how {host} copes: keep a cache and re-fetch only when data may have "
        "changed (set caching: true), agree an availability level with the owner of "
        f"{remote}, and say what users see when it fails."
    )


@flow_rule("realtime-pull-cached", "info", "caching")
def realtime_pull_cached(spec: Spec, flow: Flow) -> str | None:
    """Caching softens, but does not remove, the runtime risk of a real-time pull."""
    if not is_realtime_pull(flow) or not flow.caching:
        return None
    return (
        f"{spec.label(flow.destination)} caches what it fetches from "
        f"{spec.label(flow.source)}, which softens the runtime risk. The dependency remains: "
        f"while {spec.label(flow.source)} is down, {spec.label(flow.destination)} can only "
        "show what it cached. The document lists this under runtime risks."
    )


@flow_rule("webhook-registration", "warning", "webhook_registration")
def webhook_registration(spec: Spec, flow: Flow) -> str | None:
    """A webhook needs a receiver URL and a way to register it in the source."""
    webhook = flow.transport == "webhook"
    if not webhook or roles(flow).direction == "pull" or flow.webhook_registration is not None:
        return None
    return (
        f"{spec.label(flow.source)} will call a receiver URL at {spec.label(flow.destination)}. "
        f"Decide who creates that URL and how it gets into {spec.label(flow.source)}: "
        "registered through its API (webhook_registration: api) or copied in by hand in its "
        "settings (webhook_registration: manual), and who re-registers it when it changes."
    )
