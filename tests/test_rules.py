"""Every rule of `mailroom check`: one case where it fires, one close case where it must not.

Specs are built (tests/rule_support.py) from one complete, valid push (Salesforce pushes
converted leads into NetSuite's REST API when a lead is converted) with keyword
overrides, so each test shows only what differs from a spec that has no findings at all.
The rules this issue added are tested in test_rules_domain.py.

Each test declares the rule it covers with `@covers(code, "fires" | "quiet")`; the
last test fails when a rule in RULES has no test of either kind.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests import test_dates_files_kinds, test_rules_domain  # noqa: F401 (their covers)
from tests.rule_support import (
    BOOMI,
    COVERED,
    FLOW_ID,
    PUSH,
    REALTIME_PULL,
    RULE_CODES,
    SYSTEMS,
    WAREHOUSE,
    assert_says,
    codes,
    covers,
    make_spec,
    pull_spec,
    the_finding,
    with_code,
)

from mailroom.checks import Finding, run_checks
from mailroom.spec.model import Spec

# -- the baseline -----------------------------------------------------------------


def test_the_baseline_push_is_clean() -> None:
    assert run_checks(make_spec()) == []


def test_the_baseline_pull_is_clean() -> None:
    assert run_checks(pull_spec()) == []


# -- structure: ids and references ----------------------------------------------


@covers("id-invalid", "fires")
def test_system_id_with_capitals_and_underscore_is_an_error() -> None:
    systems = [{**SYSTEMS["salesforce"], "id": "Sales_Force"}, SYSTEMS["netsuite"]]
    spec = make_spec(system_list=systems, source="Sales_Force", mail_person="Sales_Force")
    finding = the_finding(spec, "id-invalid")
    assert (finding.severity, finding.flow, finding.field) == (
        "error", None, "systems.Sales_Force.id")
    assert finding.message == (
        "The system id 'Sales_Force' may only use lowercase letters, digits and dashes; "
        "rename it, e.g. 'sales-force', and update every reference to it."
    )


@covers("id-invalid", "fires")
def test_flow_id_with_spaces_is_an_error_on_that_flow() -> None:
    finding = the_finding(make_spec(id="leads to netsuite"), "id-invalid")
    assert (finding.severity, finding.flow, finding.field) == ("error", "leads to netsuite", "id")
    assert_says(finding.message, "The flow id 'leads to netsuite'", "e.g. 'leads-to-netsuite'")


@covers("id-invalid", "quiet")
@pytest.mark.parametrize("good_id", ["crm", "sap-s4", "2nd-crm"])
def test_lowercase_digits_and_dashes_are_valid_ids(good_id: str) -> None:
    systems = [{**SYSTEMS["salesforce"], "id": good_id}, SYSTEMS["netsuite"]]
    spec = make_spec(system_list=systems, source=good_id, mail_person=good_id, id=good_id + "-x")
    assert "id-invalid" not in codes(spec)


@covers("id-invalid", "fires")
def test_id_with_a_trailing_newline_is_invalid() -> None:
    systems = [{**SYSTEMS["salesforce"], "id": "crm\n"}, SYSTEMS["netsuite"]]
    spec = make_spec(system_list=systems, source="crm\n", mail_person="crm\n")
    assert "id-invalid" in codes(spec)


@covers("id-duplicate", "fires")
def test_two_systems_with_one_id_is_an_error() -> None:
    twin = {**SYSTEMS["netsuite"], "name": "NetSuite Sandbox"}
    finding = the_finding(make_spec(add_systems=(twin,)), "id-duplicate")
    assert (finding.severity, finding.flow, finding.field) == (
        "error", None, "systems.netsuite.id")
    assert finding.message == "2 systems have the id 'netsuite'; give each its own id."


@covers("id-duplicate", "fires")
def test_two_flows_with_one_id_is_an_error_on_that_flow() -> None:
    flow = {**PUSH}
    finding = the_finding(make_spec(flows=[flow, {**flow, "data": "Contacts"}]), "id-duplicate")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "id")
    assert finding.message == f"2 flows have the id '{FLOW_ID}'; give each its own id."


@covers("id-duplicate", "quiet")
def test_a_flow_and_a_system_may_share_an_id() -> None:
    # Systems and flows are separate namespaces; only twins of one kind clash.
    spec = make_spec(id="netsuite")
    assert "id-duplicate" not in codes(spec)


@covers("unknown-system", "fires")
def test_a_flow_naming_a_system_not_listed_is_an_error() -> None:
    finding = the_finding(make_spec(mailbox="netsuit"), "unknown-system")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "mailbox")
    assert finding.message == (
        "The mailbox is given as 'netsuit', which is not a system in this spec (its systems: "
        "netsuite and salesforce); add it to the systems or correct the id."
    )


@covers("unknown-system", "fires")
def test_each_unknown_reference_is_its_own_finding() -> None:
    spec = make_spec(source="sf", mail_person="sf", business_logic="erp")
    assert {f.field for f in with_code(spec, "unknown-system")} == {
        "source", "mail_person", "business_logic"}


@covers("unknown-system", "quiet")
def test_unknown_references_are_not_errors() -> None:
    # Unknown (null) is a legal answer: it becomes a question, not an error.
    spec = make_spec(source=None, destination=None, mail_person=None, mailbox=None,
                     business_logic=None)
    assert "unknown-system" not in codes(spec)


# -- roles: the mail person and the mailbox --------------------------------------


@covers("source-is-destination", "fires")
def test_source_equal_to_destination_is_an_error() -> None:
    finding = the_finding(make_spec(destination="salesforce", mailbox=None),
                          "source-is-destination")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "destination")
    assert_says(finding.message, "The source and the destination are both Salesforce",
                "Correct one of them, or drop the flow")


@covers("source-is-destination", "quiet")
def test_two_different_ends_are_fine() -> None:
    assert "source-is-destination" not in codes(make_spec())


@covers("roles-same-system", "fires")
def test_mail_person_equal_to_mailbox_is_an_error() -> None:
    finding = the_finding(make_spec(mailbox="salesforce"), "roles-same-system")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "mailbox")
    assert_says(finding.message, "Salesforce is both the mail person and the mailbox",
                "Decide which end is which.")


@covers("roles-same-system", "quiet")
def test_mailbox_left_blank_is_not_the_same_system() -> None:
    # A blank mailbox is the other end (NetSuite), not a second Salesforce.
    assert "roles-same-system" not in codes(make_spec(mailbox=None))


@covers("roles-not-ends", "fires")
def test_mail_person_outside_the_flow_is_an_error() -> None:
    spec = make_spec(add_systems=(BOOMI,), mail_person="boomi", mailbox="netsuite")
    finding = the_finding(spec, "roles-not-ends")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "mail_person")
    assert_says(finding.message,
                "This flow goes from Salesforce to NetSuite, but the mail person is Boomi.",
                "describe it as two flows")


@covers("roles-not-ends", "fires")
def test_mailbox_outside_the_flow_is_an_error() -> None:
    spec = make_spec(add_systems=(BOOMI,), mailbox="boomi")
    finding = the_finding(spec, "roles-not-ends")
    assert (finding.severity, finding.field) == ("error", "mail_person")
    assert_says(finding.message, "but the mailbox is Boomi.")


@covers("roles-not-ends", "quiet")
def test_a_third_system_elsewhere_in_the_spec_is_fine() -> None:
    # Boomi takes part in the spec but not as a role of this flow.
    spec = make_spec(add_systems=({**BOOMI, "skills": True},), business_logic="boomi")
    assert "roles-not-ends" not in codes(spec)


@covers("direction-mismatch", "fires")
def test_stated_push_when_the_destination_is_the_mail_person_is_an_error() -> None:
    finding = the_finding(pull_spec(direction="push"), "direction-mismatch")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "direction")
    assert_says(
        finding.message,
        "The direction says push, but the mail person is NetSuite, so NetSuite pulls.",
        "Decide which sentence is true: “NetSuite pulls” (then the stated direction becomes "
        "pull) or “Salesforce pushes (it would be the mail person)” (then change the mail "
        "person and the mailbox).",
    )


@covers("direction-mismatch", "fires")
def test_stated_pull_when_the_source_is_the_mail_person_is_an_error() -> None:
    finding = the_finding(make_spec(direction="pull"), "direction-mismatch")
    assert_says(finding.message, "The direction says pull, but the mail person is Salesforce",
                "“NetSuite pulls (it would be the mail person)”")


@covers("direction-mismatch", "quiet")
@pytest.mark.parametrize(("spec_of", "stated"), [(make_spec, "push"), (pull_spec, "pull")])
def test_a_stated_direction_that_agrees_with_the_roles_is_fine(
    spec_of: Callable[..., Spec], stated: str
) -> None:
    assert "direction-mismatch" not in codes(spec_of(direction=stated))


@covers("webhook-is-push", "fires")
def test_a_webhook_on_a_pull_is_an_error() -> None:
    spec = pull_spec(transport="webhook", webhook_registration="api")
    finding = the_finding(spec, "webhook-is-push")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "transport")
    assert_says(finding.message, "A webhook is Salesforce calling a URL",
                "Here NetSuite pulls.", "Decide: make Salesforce the mail person")


@covers("webhook-is-push", "quiet")
def test_a_webhook_on_a_push_is_fine() -> None:
    spec = make_spec(transport="webhook", webhook_registration="api")
    assert "webhook-is-push" not in codes(spec)


@covers("platform-not-mail-person", "fires")
def test_pulling_from_a_platform_is_a_warning() -> None:
    flows = [
        {**PUSH, "id": "salesforce-to-boomi", "destination": "boomi", "mailbox": "boomi"},
        {**PUSH, "id": "boomi-to-netsuite", "source": "boomi", "mail_person": "netsuite",
         "mailbox": "boomi", "trigger": "schedule", "event": None, "schedule": "@hourly",
         "change_detection": "modified-since"},
    ]
    finding = the_finding(make_spec(add_systems=(BOOMI,), flows=flows),
                          "platform-not-mail-person")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", "boomi-to-netsuite", "mail_person")
    assert_says(finding.message, "Boomi is an integration platform, yet NetSuite pulls from it.",
                "Decide: let Boomi push")


@covers("platform-not-mail-person", "quiet")
def test_a_platform_that_pushes_its_outbound_leg_is_fine() -> None:
    flows = [
        {**PUSH, "id": "salesforce-to-boomi", "destination": "boomi", "mailbox": "boomi"},
        {**PUSH, "id": "boomi-to-netsuite", "source": "boomi", "mail_person": "boomi"},
    ]
    assert "platform-not-mail-person" not in codes(make_spec(add_systems=(BOOMI,), flows=flows))


# -- timing: events, polling, schedules --------------------------------------------


@covers("event-needs-push", "fires")
def test_an_event_trigger_on_a_pull_is_an_error() -> None:
    spec = pull_spec(trigger="event", event="a lead is converted", schedule=None,
                     change_detection=None)
    finding = the_finding(spec, "event-needs-push")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "trigger")
    assert_says(
        finding.message,
        "NetSuite pulls, so it cannot know the moment something happens in Salesforce",
        "Decide: make Salesforce the mail person and push on the event",
        "or keep NetSuite pulling and change the trigger to a schedule",
    )


@covers("event-needs-push", "quiet")
@pytest.mark.parametrize("spec_of", [make_spec, pull_spec], ids=["event-push", "scheduled-pull"])
def test_event_push_and_scheduled_pull_are_fine(spec_of: Callable[..., Spec]) -> None:
    assert "event-needs-push" not in codes(spec_of())


@covers("events-unavailable", "fires")
def test_an_event_push_from_a_source_without_events_is_a_warning() -> None:
    finding = the_finding(make_spec(systems={"salesforce": {"events": False}}),
                          "events-unavailable")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "trigger")
    assert_says(finding.message, "Salesforce is recorded as unable to emit events",
                "Decide: build that capability in Salesforce", "or poll Salesforce")


@covers("events-unavailable", "quiet")
def test_a_scheduled_push_from_a_source_without_events_is_fine() -> None:
    spec = make_spec(systems={"salesforce": {"events": False}}, trigger="schedule",
                     event=None, schedule="@hourly")
    assert "events-unavailable" not in codes(spec)


@covers("poll-needs-change-detection", "fires")
def test_a_scheduled_pull_without_change_detection_is_a_warning() -> None:
    finding = the_finding(pull_spec(change_detection=None), "poll-needs-change-detection")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "change_detection")
    assert_says(finding.message,
                "NetSuite polls Salesforce on a schedule",
                "Choose one: by the time each record was last changed",
                "by ids that only increase", "a full fetch compared with what was stored")


@covers("poll-needs-change-detection", "quiet")
def test_an_on_demand_pull_needs_no_change_detection() -> None:
    assert "poll-needs-change-detection" not in codes(make_spec(**REALTIME_PULL))


@covers("full-fetch-cost", "fires")
def test_full_fetch_of_a_large_set_polled_often_is_a_warning_with_the_numbers() -> None:
    # 500 records read on each of 48 polls a day: 24,000 records a day.
    spec = pull_spec(change_detection="full-fetch", volume="500 records")
    finding = the_finding(spec, "full-fetch-cost")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "change_detection")
    assert_says(
        finding.message,
        "every poll reads all the records from Salesforce",
        "With 500 records and 48 polls a day, that is about 24,000 records read a day.",
        "Decide: ask whether Salesforce can filter by the time a record was last changed or "
        "by increasing id",
    )


@covers("full-fetch-cost", "fires")
def test_full_fetch_of_an_unknown_size_warns_in_general_terms() -> None:
    finding = the_finding(pull_spec(change_detection="full-fetch", volume=None),
                          "full-fetch-cost")
    assert_says(finding.message,
                "The cost grows with the size of the data and with how often it polls.")


@covers("full-fetch-cost", "quiet")
def test_full_fetch_of_a_small_set_polled_rarely_is_fine() -> None:
    # 100 records, once a day: 100 records read a day.
    spec = pull_spec(change_detection="full-fetch", volume="100 records", schedule="0 2 * * *")
    assert "full-fetch-cost" not in codes(spec)


@covers("full-fetch-cost", "quiet")
def test_full_fetch_cost_grows_with_the_schedule() -> None:
    # The same 500 records: 24,000 a day every 30 minutes, but 500 a day once a night.
    assert "full-fetch-cost" not in codes(
        pull_spec(change_detection="full-fetch", volume="500 records", schedule="nightly"))


@covers("full-fetch-cost", "fires")
def test_full_fetch_counts_every_hour_of_a_working_day_schedule() -> None:
    spec = pull_spec(change_detection="full-fetch", volume="2000 records",
                     schedule="0 8-17 * * *")
    assert "full-fetch-cost" in codes(spec)


@covers("change-detection-unused", "fires")
def test_change_detection_on_an_event_push_is_a_warning() -> None:
    finding = the_finding(make_spec(change_detection="modified-since"),
                          "change-detection-unused")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "change_detection")
    assert_says(finding.message,
                "The spec says how to find what changed since the last run (by the time each "
                "record was last changed), but this flow is not a scheduled pull: it is a push "
                "started by an event.",
                "or drop the way of finding changes")


@covers("change-detection-unused", "quiet")
def test_change_detection_on_a_scheduled_pull_is_fine() -> None:
    assert "change-detection-unused" not in codes(pull_spec(change_detection="incremental-id"))


@covers("schedule-invalid", "fires")
@pytest.mark.parametrize(
    ("cron", "problem"),
    [
        ("61 * * * *", "the minute field has 61, outside 0-59"),
        ("0 24 * * *", "the hour field has 24, outside 0-23"),
        ("0 2 32 * *", "the day of month field has 32, outside 1-31"),
        ("0 2 * 13 *", "the month field has 13, outside 1-12"),
        ("0 2 * * 8", "the day of week field has 8, outside 0-7"),
        ("*/0 * * * *", "the minute step '/0' must be a whole number above 0"),
        ("0 2 * * xyz", "the day of week field has 'xyz', which is not a number"),
    ],
)
def test_an_invalid_cron_expression_is_an_error(cron: str, problem: str) -> None:
    finding = the_finding(pull_spec(schedule=cron), "schedule-invalid")
    assert (finding.severity, finding.flow, finding.field) == ("error", FLOW_ID, "schedule")
    assert finding.message == (
        f"The schedule “{cron}” is not a valid cron expression: {problem}. Cron is minute "
        "hour day-of-month month day-of-week, e.g. “0 2 * * *” for 02:00 daily."
    )


@covers("schedule-invalid", "quiet")
@pytest.mark.parametrize(
    "schedule",
    ["*/15 * * * *", "0 2 * * 1-5", "0 0 1 jan *", "0 9 * * mon", "0 0 * * 7", "@daily",
     "every 2 weeks", "nightly"],
)
def test_valid_cron_expressions_and_intervals_are_fine(schedule: str) -> None:
    assert not {"schedule-invalid", "schedule-unclear"} & codes(pull_spec(schedule=schedule))


@covers("schedule-invalid", "quiet")
@pytest.mark.parametrize("schedule", ["every 2 hours on weekdays", "twice a day at 9"])
def test_a_five_word_interval_is_not_an_invalid_cron_expression(schedule: str) -> None:
    assert "schedule-invalid" not in codes(pull_spec(schedule=schedule))


@covers("schedule-unclear", "fires")
def test_a_schedule_that_is_neither_cron_nor_interval_is_a_warning() -> None:
    finding = the_finding(pull_spec(schedule="whenever Bob remembers"), "schedule-unclear")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "schedule")
    assert_says(finding.message,
                "The schedule “whenever Bob remembers” is neither a cron expression nor an "
                "interval mailroom understands.",
                "Write it as a cron expression")


@covers("schedule-unclear", "quiet")
def test_an_invalid_cron_is_an_error_not_also_unclear() -> None:
    assert "schedule-unclear" not in codes(pull_spec(schedule="61 * * * *"))


@covers("trigger-details-mismatch", "fires")
def test_a_schedule_given_on_an_event_trigger_is_a_warning() -> None:
    finding = the_finding(make_spec(schedule="@hourly"), "trigger-details-mismatch")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "trigger")
    assert_says(finding.message,
                "A schedule (“@hourly”) is given, but the flow is started by an event.",
                "Decide whether the flow runs on that schedule instead")


@covers("trigger-details-mismatch", "fires")
def test_an_event_given_on_a_schedule_trigger_is_a_warning() -> None:
    finding = the_finding(pull_spec(event="a lead is converted"), "trigger-details-mismatch")
    assert_says(finding.message,
                "An event (“a lead is converted”) is given, but the flow runs on a schedule.")


@covers("trigger-details-mismatch", "quiet")
def test_event_and_schedule_with_their_own_triggers_are_fine() -> None:
    assert "trigger-details-mismatch" not in codes(make_spec())
    assert "trigger-details-mismatch" not in codes(pull_spec())


@covers("realtime-pull-runtime-risk", "fires")
@pytest.mark.parametrize("caching", [None, False])
def test_a_realtime_pull_without_a_cache_is_a_runtime_risk(caching: bool | None) -> None:
    finding = the_finding(make_spec(**REALTIME_PULL, caching=caching),
                          "realtime-pull-runtime-risk")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "caching")
    assert_says(finding.message,
                "NetSuite fetches from Salesforce while it works",
                "whenever Salesforce is down or slow, that part of NetSuite stops working too",
                "Decide how NetSuite copes: keep a cache")


@covers("realtime-pull-runtime-risk", "quiet")
def test_a_cached_realtime_pull_is_not_the_runtime_risk_warning() -> None:
    assert "realtime-pull-runtime-risk" not in codes(make_spec(**REALTIME_PULL, caching=True))


@covers("realtime-pull-runtime-risk", "quiet")
def test_an_on_demand_push_is_not_a_realtime_pull() -> None:
    spec = make_spec(trigger="on-demand", event=None)
    assert not {"realtime-pull-runtime-risk", "realtime-pull-cached"} & codes(spec)


@covers("realtime-pull-cached", "fires")
def test_a_cached_realtime_pull_is_a_note_that_the_dependency_remains() -> None:
    finding = the_finding(make_spec(**REALTIME_PULL, caching=True), "realtime-pull-cached")
    assert (finding.severity, finding.flow, finding.field) == ("info", FLOW_ID, "caching")
    assert_says(finding.message, "NetSuite caches what it fetches from Salesforce",
                "The dependency remains", "can only show what it cached")


@covers("realtime-pull-cached", "quiet")
def test_an_uncached_realtime_pull_gets_no_cached_note() -> None:
    assert "realtime-pull-cached" not in codes(make_spec(**REALTIME_PULL, caching=False))


@covers("webhook-registration", "fires")
def test_a_webhook_without_registration_is_a_warning() -> None:
    unlisted = {"salesforce": {"catalog": False}}  # its catalog entry says how: see below
    finding = the_finding(make_spec(transport="webhook", systems=unlisted),
                          "webhook-registration")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "webhook_registration")
    assert_says(finding.message,
                "Salesforce will call a receiver URL at NetSuite.",
                "Decide who creates that URL and how it gets into Salesforce",
                "registered through Salesforce's API", "copied in by hand in its settings")


@covers("webhook-registration", "quiet")
@pytest.mark.parametrize("registration", ["api", "manual"])
def test_a_registered_webhook_is_fine(registration: str) -> None:
    spec = make_spec(transport="webhook", webhook_registration=registration)
    assert "webhook-registration" not in codes(spec)


@covers("webhook-registration", "quiet")
def test_a_webhook_on_a_pull_is_the_transport_error_not_a_registration_question() -> None:
    assert "webhook-registration" not in codes(pull_spec(transport="webhook"))


# -- capability: mailbox and skills ------------------------------------------------


@covers("mailbox-missing", "fires")
def test_a_mailbox_without_api_is_a_warning() -> None:
    finding = the_finding(make_spec(systems={"netsuite": {"api": False}}), "mailbox-missing")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "mailbox")
    assert_says(finding.message,
                "NetSuite is the mailbox, but it has no usable API",
                "Decide: does the business purpose justify building that interface in NetSuite",
                "NetSuite becomes the mail person and uses Salesforce's interface instead?")


@covers("mailbox-missing", "fires")
def test_a_blank_mailbox_is_the_other_end_and_is_checked_too() -> None:
    spec = make_spec(systems={"netsuite": {"api": False}}, mailbox=None)
    assert the_finding(spec, "mailbox-missing").message.startswith("NetSuite is the mailbox")


@covers("mailbox-missing", "quiet")
def test_a_mail_person_without_api_is_fine() -> None:
    # Salesforce carries the data; it needs no mailbox of its own here.
    spec = make_spec(systems={"salesforce": {"api": False}})
    assert "mailbox-missing" not in codes(spec)


@covers("mailbox-missing", "quiet")
def test_a_mailbox_with_unknown_api_is_a_question_not_a_warning() -> None:
    """Whether it has a way in is asked with which kind: one question, since "none yet"
    answers both. (Not a catalog system: the catalog would answer it.)"""
    spec = make_spec(systems={"netsuite": {"api": None, "catalog": False}})
    assert "mailbox-missing" not in codes(spec)
    asked = {(f.code, f.field) for f in run_checks(spec)}
    assert ("open-question", "systems.netsuite.interface_kind") in asked
    assert ("open-question", "systems.netsuite.api") not in asked


@covers("mailbox-missing", "fires")
def test_a_mailbox_whose_way_in_is_none_yet_is_missing() -> None:
    spec = make_spec(systems={"netsuite": {"api": None, "interface_kind": "none"}})
    assert the_finding(spec, "mailbox-missing").message.startswith("NetSuite is the mailbox")


@covers("build-skills-missing", "fires")
def test_a_mail_person_no_one_can_build_is_a_warning() -> None:
    spec = make_spec(systems={"salesforce": {"skills": False}})
    finding = the_finding(spec, "build-skills-missing")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "mail_person")
    assert_says(finding.message,
                "Salesforce is the mail person",
                "the team has no developers for it",
                "Decide: hire or contract that skill, swap the roles",
                "put an integration platform in the middle")


@covers("build-skills-missing", "quiet")
def test_a_platform_as_mail_person_needs_no_developers() -> None:
    spec = make_spec(systems={"salesforce": {"skills": False, "platform": True}})
    assert "build-skills-missing" not in codes(spec)


@covers("build-skills-missing", "quiet")
def test_no_skills_on_the_mailbox_side_is_fine() -> None:
    spec = make_spec(systems={"netsuite": {"skills": False}}, business_logic="salesforce")
    assert "build-skills-missing" not in codes(spec)


@covers("business-logic-off-flow", "fires")
def test_business_logic_in_a_system_outside_the_flow_is_a_warning() -> None:
    spec = make_spec(add_systems=(WAREHOUSE,), business_logic="warehouse")
    finding = the_finding(spec, "business-logic-off-flow")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "business_logic")
    assert_says(finding.message,
                "placed in Data Warehouse, which is neither end of the flow",
                "Confirm that this is deliberate, or place the logic in Salesforce or NetSuite.")


@covers("business-logic-off-flow", "quiet")
def test_business_logic_in_a_platform_is_fine() -> None:
    spec = make_spec(add_systems=(BOOMI,), business_logic="boomi")
    assert "business-logic-off-flow" not in codes(spec)


@covers("business-logic-no-skills", "fires")
def test_business_logic_where_no_one_can_build_is_a_warning() -> None:
    spec = make_spec(systems={"netsuite": {"skills": False}})
    finding = the_finding(spec, "business-logic-no-skills")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "business_logic")
    assert_says(finding.message, "The business logic lives in NetSuite",
                "no developers for NetSuite", "Decide whether to move it, or to get the skill.")


@covers("business-logic-no-skills", "quiet")
def test_business_logic_where_skills_are_unknown_is_no_warning() -> None:
    spec = make_spec(systems={"netsuite": {"skills": None}})
    assert "business-logic-no-skills" not in codes(spec)


# -- safety: personal data and credentials --------------------------------------


@covers("personal-data-bulk-file", "fires")
@pytest.mark.parametrize(("transport", "how"), [("sftp", "an SFTP folder"),
                                                 ("file", "a shared file folder")])
def test_personal_data_in_bulk_files_to_a_third_party_is_a_warning(transport: str,
                                                                    how: str) -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True}}, transport=transport,
                     auth={"method": "ssh-key"} if transport == "sftp" else {"method": "other"},
                     sends="everything")
    finding = the_finding(spec, "personal-data-bulk-file")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", FLOW_ID, "personal_data")
    assert_says(finding.message,
                f"Personal data (name and email) moves as bulk files through {how}, from "
                "Salesforce to NetSuite.",
                "NetSuite is run by another organisation, so each file hands it the whole "
                "register", "data-protection (GDPR) concern",
                "Consider a push of only the changed records that are needed")
    assert "if another organisation" not in finding.message.lower()


@covers("personal-data-bulk-file", "fires")
def test_bulk_files_kept_by_another_organisations_source_are_a_warning() -> None:
    """Article 004: pulling bulk files from a supplier's SFTP area means the supplier holds
    the register to produce them."""
    spec = pull_spec(systems={"salesforce": {"third_party": True}}, transport="sftp",
                     auth={"method": "ssh-key"}, change_detection="full-fetch",
                     schedule="nightly", latency="1 day")
    finding = the_finding(spec, "personal-data-bulk-file")
    assert_says(finding.message, "Salesforce is run by another organisation: it keeps these "
                "files, and to produce them it holds the whole register")


@covers("personal-data-bulk-file", "fires")
def test_bulk_files_that_may_carry_the_whole_register_ask_which_they_carry() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True}}, transport="sftp",
                     auth={"method": "ssh-key"}, sends=None)
    assert_says(the_finding(spec, "personal-data-bulk-file").message,
                "whether each file carries only the changed records or the whole register is "
                "not recorded")


@covers("personal-data-bulk-file", "fires")
def test_a_receiver_with_only_a_folder_is_advised_files_of_changes_not_a_webhook() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True, "interface_kind": "sftp"}},
                     transport="sftp", auth={"method": "ssh-key"}, sends="everything",
                     personal_data_agreement="dpa")
    message = the_finding(spec, "personal-data-bulk-file").message
    assert_says(message, "Consider files of only the changed records that are needed, and "
                "agree who deletes the files.")
    assert "webhook" not in message and "legal basis" not in message


@covers("personal-data-bulk-file", "quiet")
def test_a_vendor_run_source_that_uploads_its_own_files_holds_no_register_for_us() -> None:
    """Article 004's supplier is polled for files of a register it monitors; a SaaS source
    that pushes its own records out as files is not that (the receiver's side is judged)."""
    spec = make_spec(systems={"salesforce": {"third_party": True},
                              "netsuite": {"third_party": False}},
                     transport="sftp", auth={"method": "ssh-key"}, sends="everything")
    assert "personal-data-bulk-file" not in codes(spec)


@covers("personal-data-bulk-file", "quiet")
def test_files_of_only_the_changed_records_hand_no_register_over() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True}}, transport="sftp",
                     auth={"method": "ssh-key"}, sends="changes")
    assert "personal-data-bulk-file" not in codes(spec)


@covers("personal-data-bulk-file", "quiet")
def test_personal_data_by_api_is_fine() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True}})
    assert "personal-data-bulk-file" not in codes(spec)


@covers("personal-data-bulk-file", "quiet")
def test_bulk_files_between_our_own_systems_are_fine() -> None:
    spec = make_spec(transport="sftp", auth={"method": "ssh-key"})
    assert "personal-data-bulk-file" not in codes(spec)


@covers("personal-data-bulk-file", "quiet")
def test_bulk_files_where_no_one_said_who_runs_the_ends_are_a_question_not_a_guess() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": None}}, transport="sftp",
                     auth={"method": "ssh-key"})
    assert "personal-data-bulk-file" not in codes(spec)
    assert (None, "systems.netsuite.third_party") in questions(spec)


@covers("personal-data-bulk-file", "quiet")
def test_bulk_files_without_personal_data_are_fine() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True}}, transport="sftp",
                     auth={"method": "ssh-key"}, personal_data=False, personal_fields=None)
    assert "personal-data-bulk-file" not in codes(spec)


@covers("auth-none-personal-data", "fires")
def test_personal_data_through_an_open_interface_is_a_warning() -> None:
    finding = the_finding(make_spec(auth={"method": "none"}), "auth-none-personal-data")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "auth.method")
    assert_says(finding.message, "yet NetSuite's interface asks for no authentication",
                "Choose how the mail person proves who it is")


@covers("auth-none-personal-data", "fires")
def test_personal_data_to_another_organisation_through_an_open_interface_is_an_error() -> None:
    spec = make_spec(auth={"method": "none"}, systems={"netsuite": {"third_party": True}},
                     personal_data_agreement="dpa", personal_data_stored="EU")
    finding = the_finding(spec, "auth-none-personal-data")
    assert finding.severity == "error"
    assert_says(finding.message, "personal data to NetSuite, which another organisation runs",
                "before any personal data moves")


@covers("auth-none-personal-data", "quiet")
def test_an_open_interface_without_personal_data_is_fine() -> None:
    spec = make_spec(auth={"method": "none"}, personal_data=False, personal_fields=None)
    assert "auth-none-personal-data" not in codes(spec)


@covers("auth-transport-mismatch", "fires")
def test_an_ssh_key_for_a_rest_api_is_a_warning_that_says_what_fits() -> None:
    finding = the_finding(make_spec(auth={"method": "ssh-key"}), "auth-transport-mismatch")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "auth.method")
    assert finding.message == (
        "The mail person is to authenticate with an SSH key, but a REST API usually takes an "
        "API key, OAuth 2.0, a user name and password (basic auth) or a client certificate "
        "(mutual TLS). Check with the owner of NetSuite which of these its interface accepts, "
        "and record that method.")


@covers("auth-transport-mismatch", "fires")
def test_an_api_key_for_an_sftp_folder_says_an_ssh_key_or_a_password_fits() -> None:
    finding = the_finding(make_spec(auth={"method": "api-key"}, transport="sftp"),
                          "auth-transport-mismatch")
    assert_says(finding.message, "authenticate with an API key, but an SFTP folder usually "
                "takes an SSH key or a password.")


@covers("auth-transport-mismatch", "quiet")
@pytest.mark.parametrize(("method", "transport"), [
    ("ssh-key", "sftp"), ("basic", "sftp"), ("api-key", "rest"), ("mtls", "webhook"),
    ("basic", "database"), ("api-key", "file"), ("other", "rest")])
def test_a_method_that_fits_the_interface_is_fine(method: str, transport: str) -> None:
    spec = make_spec(auth={"method": method}, transport=transport,
                     webhook_registration="api" if transport == "webhook" else None)
    assert "auth-transport-mismatch" not in codes(spec)


# -- roles nobody stated -------------------------------------------------------------


@covers("mail-person-inferred", "fires")
def test_a_webhook_with_no_mail_person_makes_the_source_the_mail_person_and_says_so() -> None:
    spec = make_spec(mail_person=None, mailbox=None, transport="webhook",
                     webhook_registration="manual", trigger=None, event=None)
    finding = the_finding(spec, "mail-person-inferred")
    assert (finding.severity, finding.field) == ("info", "mail_person")
    assert_says(finding.message, "it is Salesforce, inferred: a webhook is the source calling",
                "Confirm with the stakeholders that Salesforce starts each exchange")
    assert (FLOW_ID, "mail_person") not in questions(spec)  # not unknown: inferred
    assert "direction-mismatch" not in codes(spec)


@covers("mail-person-inferred", "fires")
def test_an_event_trigger_with_no_mail_person_infers_a_push_from_the_source() -> None:
    finding = the_finding(make_spec(mail_person=None, mailbox=None), "mail-person-inferred")
    assert_says(finding.message, "Salesforce, inferred: only the system where an event happens")


@covers("mail-person-inferred", "fires")
def test_a_stated_mailbox_leaves_the_other_end_as_the_mail_person() -> None:
    finding = the_finding(pull_spec(mail_person=None), "mail-person-inferred")
    assert_says(finding.message, "it is NetSuite, inferred: a flow is one leg")


@covers("mail-person-inferred", "quiet")
def test_a_stated_mail_person_is_not_called_inferred() -> None:
    assert "mail-person-inferred" not in codes(make_spec(transport="webhook",
                                                         webhook_registration="api"))
    assert "mail-person-inferred" not in codes(make_spec(
        mail_person=None, mailbox=None, trigger="schedule", event=None, schedule="@hourly"))


# -- the pattern must fit the design ---------------------------------------------------


@covers("clone-fetched-live", "fires")
def test_a_clone_fetched_on_demand_needs_a_live_connection() -> None:
    finding = the_finding(make_spec(**{**REALTIME_PULL, "pattern": "clone"}),
                          "clone-fetched-live")
    assert (finding.severity, finding.field) == ("warning", "pattern")
    assert_says(finding.message, "NetSuite fetches it on demand", "real-time pull",
                "depends on Salesforce being up")


@covers("clone-fetched-live", "quiet")
def test_a_clone_copied_on_a_schedule_needs_no_live_connection() -> None:
    assert "clone-fetched-live" not in codes(pull_spec(pattern="clone"))
    assert "clone-fetched-live" not in codes(make_spec(pattern="clone"))


@covers("push-pattern-pulled", "fires")
def test_a_push_pattern_whose_data_is_pulled_by_the_remote() -> None:
    finding = the_finding(pull_spec(pattern="push"), "push-pattern-pulled")
    assert_says(finding.message, "Salesforce sends its own data out to NetSuite",
                "NetSuite pulls it, so NetSuite starts each transfer")


@covers("push-pattern-pulled", "quiet")
def test_a_push_pattern_pushed_by_its_host() -> None:
    assert "push-pattern-pulled" not in codes(make_spec(pattern="push"))


@covers("pull-pattern-pushed", "fires")
def test_a_pull_pattern_whose_data_is_pushed_to_the_host() -> None:
    finding = the_finding(make_spec(pattern="pull"), "pull-pattern-pushed")
    assert_says(finding.message, "NetSuite retrieves Salesforce's data when it needs it",
                "Salesforce pushes the data to NetSuite")


@covers("pull-pattern-pushed", "quiet")
def test_a_pull_pattern_fetched_on_demand_by_its_host() -> None:
    assert "pull-pattern-pushed" not in codes(make_spec(**REALTIME_PULL))


# -- open questions -----------------------------------------------------------------


def questions(spec: Spec) -> dict[tuple[str | None, str | None], Finding]:
    return {(f.flow, f.field): f for f in run_checks(spec) if f.code == "open-question"}


@covers("open-question", "fires")
def test_an_unknown_mail_person_is_a_question_naming_both_ends() -> None:
    """Nothing says who starts it (a schedule fits a push and a pull alike)."""
    spec = make_spec(mail_person=None, mailbox=None, trigger="schedule", event=None,
                     schedule="@hourly")
    finding = questions(spec)[(FLOW_ID, "mail_person")]
    assert finding.severity == "info"
    assert finding.message == (
        "Which system starts the exchange and carries the data (the mail person): "
        "Salesforce pushing it, or NetSuite pulling it?"
    )


@covers("open-question", "fires")
def test_an_event_push_without_its_event_asks_which_event() -> None:
    asked = questions(make_spec(event=None))
    assert asked[(FLOW_ID, "event")].message == (
        "Which event in Salesforce starts the flow (e.g. “a lead is converted”)?")


@covers("open-question", "fires")
def test_a_missing_title_is_a_question_about_the_whole_spec() -> None:
    finding = questions(make_spec(top={"title": None}))[(None, "title")]
    assert (finding.severity, finding.message) == ("info", "What is this integration called?")


@covers("open-question", "quiet")
def test_a_complete_spec_asks_nothing() -> None:
    assert questions(make_spec()) == {}
    assert questions(pull_spec()) == {}


def test_an_event_push_is_not_asked_for_a_schedule() -> None:
    asked = questions(make_spec(event=None))
    assert (FLOW_ID, "schedule") not in asked
    assert (FLOW_ID, "change_detection") not in asked


def test_a_scheduled_flow_without_a_schedule_asks_how_often() -> None:
    asked = questions(pull_spec(schedule=None))
    assert asked[(FLOW_ID, "schedule")].message == (
        "How often does it run (a cron expression, or “every 30 minutes”)?")
    assert (FLOW_ID, "event") not in asked


def test_missing_change_detection_is_asked_and_its_risk_explained() -> None:
    """Every unknown is an open question, even where a warning explains what it risks: the
    document's list of open questions is then complete."""
    findings = run_checks(pull_spec(change_detection=None))
    at_field = [f for f in findings if (f.flow, f.field) == (FLOW_ID, "change_detection")]
    assert [f.code for f in at_field] == ["poll-needs-change-detection", "open-question"]


def test_an_unknown_cache_on_a_realtime_pull_is_asked_and_its_risk_explained() -> None:
    findings = run_checks(make_spec(**REALTIME_PULL, caching=None))
    at_field = [f for f in findings if (f.flow, f.field) == (FLOW_ID, "caching")]
    assert [f.code for f in at_field] == ["realtime-pull-runtime-risk", "open-question"]
    no_cache = run_checks(make_spec(**REALTIME_PULL, caching=False))
    assert [f.code for f in no_cache if f.field == "caching"] == ["realtime-pull-runtime-risk"]


def test_a_blank_mailbox_that_follows_from_the_mail_person_is_not_asked() -> None:
    assert (FLOW_ID, "mailbox") not in questions(make_spec(mailbox=None))


def test_unknown_events_are_asked_of_a_push_source_only() -> None:
    unlisted = {"salesforce": {"events": None, "catalog": False}}  # else its catalog answers
    push = questions(make_spec(systems=unlisted))
    pull = questions(pull_spec(systems=unlisted))
    assert push[(None, "systems.salesforce.events")].message == (
        "Can Salesforce emit events or call webhooks when something happens?")
    assert (None, "systems.salesforce.events") not in pull


def test_the_trigger_question_for_a_pull_offers_only_schedule_or_on_demand() -> None:
    message = questions(pull_spec(trigger=None, schedule=None))[(FLOW_ID, "trigger")].message
    assert "schedule" in message and "on demand" in message
    assert "event" not in message


def test_findings_come_spec_first_then_by_flow_with_errors_first() -> None:
    flows = [
        {**PUSH, "id": "first", "schedule": "@hourly"},  # a warning
        {**PUSH, "id": "second", "schedule": "@hourly", "mailbox": "salesforce"},  # both
    ]
    findings = run_checks(make_spec(flows=flows, top={"title": None}))
    assert [(f.flow, f.severity, f.code) for f in findings] == [
        (None, "info", "open-question"),
        ("first", "warning", "trigger-details-mismatch"),
        ("second", "error", "roles-same-system"),
        ("second", "warning", "trigger-details-mismatch"),
    ]


# -- every rule has its tests -----------------------------------------------------


@pytest.mark.parametrize("code", RULE_CODES)
def test_every_rule_has_a_firing_and_a_quiet_test(code: str) -> None:
    assert COVERED[code] == {"fires", "quiet"}, (
        f"rule {code} needs a test where it fires and one where it must not "
        f"(has: {sorted(COVERED[code])})"
    )
