"""The rules of the issue "The interview asks what the document needs … and the checks
know more of the domain": freshness against the schedule, patterns that contradict the
design, personal data that reaches another organisation, platforms with one leg,
systems in no flow, data moved both ways, writing into another organisation's database,
and registering a webhook without an API. One case where each fires, one close case
where it must not (tests/rule_support.py builds the specs)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.rule_support import (
    BOOMI,
    FLOW_ID,
    PULL,
    PUSH,
    REALTIME_PULL,
    WAREHOUSE,
    assert_says,
    codes,
    covers,
    make_spec,
    pull_spec,
    the_finding,
)

from mailroom.checks import Finding, run_checks
from mailroom.spec.model import Spec


def questions(spec: Spec) -> dict[tuple[str | None, str | None], Finding]:
    return {(f.flow, f.field): f for f in run_checks(spec) if f.code == "open-question"}


# -- the schedule against the freshness needed ---------------------------------------------


@covers("schedule-misses-freshness", "fires")
def test_a_schedule_slower_than_the_freshness_is_a_warning_naming_the_three_ways_out() -> None:
    finding = the_finding(pull_spec(latency="5 minutes"), "schedule-misses-freshness")
    assert (finding.severity, finding.flow, finding.field) == ("warning", FLOW_ID, "schedule")
    assert finding.message == (
        "NetSuite moves the data every 30 minutes, but it must reach NetSuite within 5 "
        "minutes: between two runs a change can wait up to 30 minutes, 6 times longer than "
        "allowed. Decide: run it more often (at least every 5 minutes); or let Salesforce "
        "push each change when it happens (it becomes the mail person): Salesforce can emit "
        "events, so a webhook on the event would do; or relax the requirement to 30 minutes, "
        "if the business can live with that.")


@covers("schedule-misses-freshness", "fires")
def test_a_schedule_ten_times_slower_than_the_freshness_is_an_error() -> None:
    finding = the_finding(pull_spec(schedule="nightly", latency="within an hour"),
                          "schedule-misses-freshness")
    assert finding.severity == "error"
    assert_says(finding.message, "NetSuite moves the data nightly, but it must reach NetSuite "
                "within an hour: between two runs a change can wait up to a day, 24 times "
                "longer than allowed.", "at least every hour", "relax the requirement to a day")


@covers("schedule-misses-freshness", "fires")
def test_a_scheduled_push_from_a_source_without_events_says_events_must_be_built() -> None:
    spec = make_spec(trigger="schedule", event=None, schedule="@hourly", latency="at once",
                     systems={"salesforce": {"events": False}})
    finding = the_finding(spec, "schedule-misses-freshness")
    assert finding.severity == "error"  # an hour against a minute
    assert_says(finding.message, "Salesforce moves the data every hour",
                "within a minute", "push each change when it happens: Salesforce is recorded "
                "as unable to emit events, so that would have to be built first")


@covers("schedule-misses-freshness", "fires")
def test_where_the_events_answer_is_unknown_the_catalog_says_whether_it_can() -> None:
    spec = pull_spec(latency="5 minutes", systems={"salesforce": {"events": None}})
    finding = the_finding(spec, "schedule-misses-freshness")
    assert_says(finding.message, "the catalog says Salesforce can emit events (outbound "
                "messages, platform events, change data capture) (source: https://")


@covers("schedule-misses-freshness", "fires")
def test_where_neither_answer_nor_catalog_knows_the_events_it_says_so() -> None:
    spec = pull_spec(latency="5 minutes",
                     systems={"salesforce": {"events": None, "catalog": False}})
    assert_says(the_finding(spec, "schedule-misses-freshness").message,
                "whether Salesforce can emit events is not known yet")


@covers("schedule-misses-freshness", "quiet")
@pytest.mark.parametrize("latency", ["30 minutes", "1 hour", "next day", "1 day (by 06:00)"])
def test_a_schedule_as_fast_as_the_freshness_or_faster_is_fine(latency: str) -> None:
    assert "schedule-misses-freshness" not in codes(pull_spec(latency=latency))


@covers("schedule-misses-freshness", "quiet")
@pytest.mark.parametrize("latency", [None, "as fresh as possible", "a few minutes", "by 06:00"])
def test_a_freshness_that_cannot_be_read_is_no_guess(latency: str | None) -> None:
    assert "schedule-misses-freshness" not in codes(pull_spec(latency=latency))


@covers("schedule-misses-freshness", "quiet")
def test_a_push_on_the_event_has_no_schedule_to_compare() -> None:
    assert "schedule-misses-freshness" not in codes(make_spec(latency="at once"))


# -- patterns that contradict the design --------------------------------------------------


@covers("embed-host-keeps", "fires")
def test_an_embed_delivered_into_the_host_which_acts_on_it_is_a_warning() -> None:
    finding = the_finding(make_spec(pattern="embed"), "embed-host-keeps")
    assert (finding.severity, finding.field) == ("warning", "pattern")
    assert_says(finding.message,
                "The pattern is embed: NetSuite only shows Salesforce's content as it is",
                "But NetSuite keeps it: the data is delivered into NetSuite when something "
                "happens; and NetSuite acts on it: the mapping and decisions live in NetSuite.",
                "Decide which is meant", "(a clone: a detached copy")


@covers("embed-host-keeps", "fires")
def test_an_embed_whose_fields_are_transformed_is_changed_on_the_way() -> None:
    fields = [{"name": "name", "transform": "upper case"}, {"name": "email", "transform": "as is"}]
    spec = make_spec(**{**REALTIME_PULL, "pattern": "embed", "caching": True,
                        "business_logic": "salesforce", "fields": fields})
    assert_says(the_finding(spec, "embed-host-keeps").message,
                "But it is changed on the way: name is transformed.")


@covers("embed-host-keeps", "quiet")
def test_a_page_published_into_the_host_to_show_as_it_is_is_an_embed() -> None:
    """Article 001, embed scenario 1: every night the production system publishes an HTML
    file, and an intranet page displays its current content."""
    spec = make_spec(trigger="schedule", event=None, schedule="30 5 * * *", latency="1 day",
                     transport="sftp", auth={"method": "ssh-key"}, format="html",
                     pattern="embed", business_logic="salesforce", personal_data=False,
                     personal_fields=None)
    assert "embed-host-keeps" not in codes(spec)
    assert "embed-host-keeps" in codes(make_spec(trigger="schedule", event=None,
                                                 schedule="30 5 * * *", latency="1 day",
                                                 format="csv", pattern="embed",
                                                 business_logic="salesforce"))


@covers("embed-host-keeps", "quiet")
def test_an_embed_fetched_live_and_shown_as_it_is_is_fine() -> None:
    fields = [{"name": "name", "transform": "as is"}]
    spec = make_spec(**{**REALTIME_PULL, "pattern": "embed", "caching": True,
                        "business_logic": "salesforce", "fields": fields})
    assert "embed-host-keeps" not in codes(spec)


@covers("synthesize-single-remote", "fires")
def test_synthesize_fed_by_one_remote_is_a_warning() -> None:
    finding = the_finding(make_spec(pattern="synthesize"), "synthesize-single-remote")
    assert_says(finding.message, "The pattern is synthesize",
                "only Salesforce sends data to NetSuite, so there is nothing to combine it "
                "with", "add the flows from the other systems")


@covers("synthesize-single-remote", "fires")
def test_a_platform_in_the_middle_passing_on_one_source_is_one_remote() -> None:
    flows = [{**PUSH, "id": "sf-to-boomi", "destination": "boomi", "mailbox": "boomi"},
             {**PUSH, "id": "boomi-to-warehouse", "source": "boomi", "destination": "warehouse",
              "mail_person": "boomi", "mailbox": "warehouse", "pattern": "synthesize",
              "business_logic": "warehouse"}]
    spec = make_spec(add_systems=(BOOMI, WAREHOUSE), flows=flows)
    assert_says(the_finding(spec, "synthesize-single-remote").message,
                "only Salesforce sends data to Data Warehouse")


def _into_warehouse(source: str | None, flow_id: str) -> dict[str, Any]:
    return {**PUSH, "id": flow_id, "source": source, "destination": "warehouse",
            "mail_person": source, "mailbox": "warehouse", "pattern": "synthesize",
            "business_logic": "warehouse"}


@covers("synthesize-single-remote", "quiet")
def test_synthesize_fed_by_two_remotes_is_fine() -> None:
    flows = [_into_warehouse("salesforce", "a"), _into_warehouse("netsuite", "b")]
    spec = make_spec(add_systems=(WAREHOUSE,), flows=flows,
                     systems={"netsuite": {"events": True}})
    assert "synthesize-single-remote" not in codes(spec)


@covers("synthesize-single-remote", "quiet")
def test_a_sales_brief_shows_one_integration_not_all_the_hosts_sources() -> None:
    """A spec that names our product (the sales brief's) is about how it integrates with
    their system: whether that system has other sources is not known from it."""
    spec = make_spec(pattern="synthesize", top={"our_system": "salesforce"})
    assert "synthesize-single-remote" not in codes(spec)


@covers("synthesize-single-remote", "quiet")
def test_synthesize_with_a_source_not_known_yet_is_no_guess() -> None:
    flows = [_into_warehouse("salesforce", "a"), _into_warehouse(None, "b")]
    assert "synthesize-single-remote" not in codes(make_spec(add_systems=(WAREHOUSE,),
                                                             flows=flows))


# -- personal data ----------------------------------------------------------------------


THIRD_PARTY_NETSUITE = {"netsuite": {"third_party": True}}


@covers("personal-data-no-agreement", "fires")
def test_personal_data_to_another_organisation_with_no_agreement_is_a_warning() -> None:
    spec = make_spec(systems=THIRD_PARTY_NETSUITE, personal_data_agreement="none",
                     personal_data_stored="NetSuite's EU data centre")
    finding = the_finding(spec, "personal-data-no-agreement")
    assert (finding.severity, finding.field) == ("warning", "personal_data_agreement")
    assert_says(finding.message, "Personal data (name and email) reaches NetSuite, which "
                "another organisation runs, and nothing covers it there.",
                "sign a data-processing agreement", "send only the data that is needed")


@covers("personal-data-no-agreement", "quiet")
@pytest.mark.parametrize("overrides", [
    {"systems": THIRD_PARTY_NETSUITE, "personal_data_agreement": "dpa",
     "personal_data_stored": "EU"},
    {"personal_data_agreement": "none"},  # NetSuite is ours
    {"systems": THIRD_PARTY_NETSUITE, "personal_data_agreement": "none",
     "personal_data": False, "personal_fields": None},
])
def test_personal_data_covered_kept_in_house_or_absent_is_fine(overrides: dict[str, Any]) -> None:
    assert "personal-data-no-agreement" not in codes(make_spec(**overrides))


def test_the_agreement_and_where_it_is_kept_are_asked_only_when_it_reaches_another_org() -> None:
    asked = questions(make_spec(systems=THIRD_PARTY_NETSUITE))
    assert "data-processing agreement" in asked[(FLOW_ID, "personal_data_agreement")].message
    assert (FLOW_ID, "personal_data_stored") in asked
    ours = questions(make_spec())
    assert (FLOW_ID, "personal_data_agreement") not in ours
    assert (FLOW_ID, "personal_data_stored") not in ours
    unknown = questions(make_spec(systems={"netsuite": {"third_party": None}}))
    assert (FLOW_ID, "personal_data_agreement") not in unknown  # asked: who runs NetSuite
    no_personal = questions(make_spec(systems=THIRD_PARTY_NETSUITE, personal_data=False,
                                      personal_fields=None))
    assert (FLOW_ID, "personal_data_agreement") not in no_personal


def test_personal_fields_are_asked_when_the_data_is_personal_and_they_are_not_named() -> None:
    asked = questions(make_spec(personal_fields=None))
    assert asked[(FLOW_ID, "personal_fields")].message.startswith(
        "Which fields of the converted leads are personal data")
    marked = make_spec(personal_fields=None,
                       fields=[{"name": "email", "personal": True}, {"name": "company"}])
    assert (FLOW_ID, "personal_fields") not in questions(marked)
    assert (FLOW_ID, "personal_fields") not in questions(
        make_spec(personal_data=False, personal_fields=None))
    assert (FLOW_ID, "personal_fields") not in questions(
        make_spec(personal_data=None, personal_fields=None))  # whether is asked first


@covers("event-push-whole-register", "fires")
def test_an_event_push_that_sends_the_whole_register_is_a_warning() -> None:
    finding = the_finding(make_spec(sends="everything"), "event-push-whole-register")
    assert (finding.severity, finding.field) == ("warning", "sends")
    assert_says(finding.message, "Each time a lead is converted, Salesforce pushes all the "
                "converted leads to NetSuite, not only the record that changed",
                "send only the changed record with each event")


@covers("event-push-whole-register", "quiet")
@pytest.mark.parametrize("overrides", [
    {"sends": "changes"}, {"sends": None},
    {"sends": "everything", "trigger": "schedule", "event": None, "schedule": "@hourly",
     "latency": "1 hour"},
    {**PULL, "sends": "everything"},
])
def test_changes_only_or_a_whole_register_on_a_schedule_is_not_this(
        overrides: dict[str, Any]) -> None:
    assert "event-push-whole-register" not in codes(make_spec(**overrides))


# -- how the systems are connected --------------------------------------------------------

LEG_IN = {**PUSH, "id": "sf-to-boomi", "destination": "boomi", "mailbox": "boomi",
          "business_logic": "boomi"}
LEG_OUT = {**PUSH, "id": "boomi-to-netsuite", "source": "boomi", "mail_person": "boomi",
           "business_logic": "boomi", "event": "a lead reaches Boomi"}


@covers("platform-one-leg", "fires")
def test_a_platform_that_receives_and_sends_nothing_on_is_a_warning() -> None:
    spec = make_spec(add_systems=(BOOMI,), flows=[LEG_IN])
    finding = the_finding(spec, "platform-one-leg")
    assert (finding.severity, finding.flow, finding.field) == ("warning", None, "systems.boomi")
    assert_says(finding.message, "Boomi is an integration platform, and data reaches it "
                "(flow sf-to-boomi), but no flow carries the data on.",
                "A platform in the middle has a leg in and a leg out.")


@covers("platform-one-leg", "fires")
def test_a_platform_that_sends_with_nothing_in_is_a_warning() -> None:
    spec = make_spec(add_systems=(BOOMI,), flows=[LEG_OUT])
    assert_says(the_finding(spec, "platform-one-leg").message,
                "sends data on (flow boomi-to-netsuite), but no flow brings data into it")


@covers("platform-one-leg", "quiet")
def test_a_platform_with_a_leg_in_and_a_leg_out_is_fine() -> None:
    assert "platform-one-leg" not in codes(make_spec(add_systems=(BOOMI,),
                                                     flows=[LEG_IN, LEG_OUT]))


@covers("platform-one-leg", "quiet")
def test_a_flow_whose_source_is_not_known_may_be_the_missing_leg() -> None:
    other = {**PUSH, "id": "unknown", "source": None, "mail_person": None, "mailbox": None}
    assert "platform-one-leg" not in codes(make_spec(add_systems=(BOOMI,),
                                                     flows=[LEG_IN, other]))


@covers("system-unused", "fires")
def test_a_system_in_no_flow_is_a_note() -> None:
    finding = the_finding(make_spec(add_systems=(WAREHOUSE,)), "system-unused")
    assert (finding.severity, finding.flow, finding.field) == ("info", None, "systems.warehouse")
    assert_says(finding.message, "Data Warehouse takes part in no flow",
                "add the flow it is part of", "or take it out of this integration")


@covers("system-unused", "quiet")
def test_a_system_holding_a_flows_business_logic_takes_part() -> None:
    spec = make_spec(add_systems=(WAREHOUSE,), business_logic="warehouse")
    assert "system-unused" not in codes(spec)


@covers("system-unused", "quiet")
def test_a_system_may_be_the_end_of_a_flow_not_decided_yet() -> None:
    spec = make_spec(add_systems=(WAREHOUSE,), destination=None, mailbox=None)
    assert "system-unused" not in codes(spec)


BACK = {**PUSH, "id": "netsuite-to-salesforce", "data": "converted leads",
        "source": "netsuite", "destination": "salesforce", "mail_person": "netsuite",
        "mailbox": "salesforce", "trigger": "schedule", "event": None, "schedule": "@hourly",
        "latency": "1 hour", "business_logic": "salesforce"}


@covers("two-way-same-data", "fires")
def test_the_same_data_both_ways_between_two_systems_is_a_warning() -> None:
    spec = make_spec(flows=[PUSH, BACK], systems={"netsuite": {"events": True}})
    finding = the_finding(spec, "two-way-same-data")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", "netsuite-to-salesforce", "data")
    assert_says(finding.message,
                "Salesforce sends converted leads to NetSuite (flow salesforce-to-netsuite), "
                "and NetSuite sends the same data back to Salesforce (flow "
                "netsuite-to-salesforce).", "an echo loop", "conflicting edits",
                "which system is the system of record",
                "ignore the changes the integration itself wrote")


@covers("two-way-same-data", "quiet")
@pytest.mark.parametrize("data", ["Invoices (number, total)", None])
def test_other_data_back_or_data_not_described_is_fine(data: str | None) -> None:
    spec = make_spec(flows=[PUSH, {**BACK, "data": data}],
                     systems={"netsuite": {"events": True}})
    assert "two-way-same-data" not in codes(spec)


@covers("two-way-same-data", "quiet")
def test_the_same_data_twice_in_the_same_direction_is_not_a_round_trip() -> None:
    again = {**PUSH, "id": "again", "data": "converted leads"}
    assert "two-way-same-data" not in codes(make_spec(flows=[PUSH, again]))


# -- another organisation's database, and a webhook without an API ------------------------


DB_WRITE: dict[str, Any] = {"transport": "database", "auth": {"method": "basic"}}


@covers("foreign-database-write", "fires")
def test_writing_straight_into_another_organisations_database_is_a_warning() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True, "owner": "Acme Finance"}},
                     personal_data=False, personal_fields=None, **DB_WRITE)
    finding = the_finding(spec, "foreign-database-write")
    assert (finding.severity, finding.field) == ("warning", "transport")
    assert_says(finding.message, "Salesforce writes straight into NetSuite's database, and "
                "another organisation runs NetSuite.", "validation is bypassed",
                "each upgrade of their schema can break the integration",
                "through their firewall", "ask Acme Finance for an API or a folder")


@covers("foreign-database-write", "fires")
def test_a_database_way_in_counts_while_the_transport_is_not_decided() -> None:
    spec = make_spec(systems={"netsuite": {"third_party": True, "interface_kind": "database"}},
                     transport=None, personal_data=False, personal_fields=None)
    assert "foreign-database-write" in codes(spec)


@covers("foreign-database-write", "quiet")
@pytest.mark.parametrize("overrides", [
    {**DB_WRITE},  # NetSuite is ours
    {**DB_WRITE, **PULL, "systems": THIRD_PARTY_NETSUITE},  # NetSuite reads, writes its own
    {"systems": {"netsuite": {"third_party": True, "interface_kind": "database"}}},  # REST
])
def test_our_own_database_reading_or_another_way_in_is_fine(overrides: dict[str, Any]) -> None:
    assert "foreign-database-write" not in codes(make_spec(**overrides))


WEBHOOK: dict[str, Any] = {"transport": "webhook", "webhook_registration": "api",
                           "auth": {"method": "api-key"}}


@covers("webhook-registration-no-api", "fires")
@pytest.mark.parametrize("salesforce", [{"api": False}, {"api": None, "interface_kind": "none"}])
def test_registering_a_webhook_through_an_api_the_source_lacks_is_a_warning(
        salesforce: dict[str, Any]) -> None:
    spec = make_spec(systems={"salesforce": salesforce}, **WEBHOOK)
    finding = the_finding(spec, "webhook-registration-no-api")
    assert (finding.severity, finding.field) == ("warning", "webhook_registration")
    assert_says(finding.message, "registered in Salesforce through its API, but Salesforce "
                "has no API.", "Copying the URL in by hand", "is then the only way")


@covers("webhook-registration-no-api", "quiet")
@pytest.mark.parametrize("overrides", [
    {**WEBHOOK, "webhook_registration": "manual", "systems": {"salesforce": {"api": False}}},
    {**WEBHOOK},
])
def test_a_webhook_copied_in_by_hand_or_through_an_api_that_exists_is_fine(
        overrides: dict[str, Any]) -> None:
    assert "webhook-registration-no-api" not in codes(make_spec(**overrides))


# -- who builds: another organisation's own webhook -------------------------------------


@covers("build-skills-missing", "quiet")
def test_another_organisations_own_webhook_needs_no_developers_of_ours() -> None:
    """Article 004: the supplier's webhook pushes each change; they switch it on, we only
    register our URL."""
    spec = make_spec(systems={"salesforce": {"third_party": True, "skills": False}},
                     **WEBHOOK)
    assert "build-skills-missing" not in codes(spec)
    assert (None, "systems.salesforce.skills") not in questions(
        make_spec(systems={"salesforce": {"third_party": True, "skills": None}}, **WEBHOOK))


@covers("build-skills-missing", "fires")
def test_our_own_webhook_still_needs_someone_to_build_it() -> None:
    spec = make_spec(systems={"salesforce": {"third_party": False, "skills": False}},
                     **WEBHOOK)
    assert "build-skills-missing" in codes(spec)


# -- questions that replace or add to the list ----------------------------------------------


def test_who_is_told_of_a_failure_is_asked_of_every_flow_that_names_no_one() -> None:
    asked = questions(make_spec(alert_to=None))
    assert asked[(FLOW_ID, "alert_to")].message == (
        "Who is told when moving the converted leads fails, and acts on it: which person or "
        "team?")
    assert "who is alerted" not in questions(make_spec(error_handling=None))[
        (FLOW_ID, "error_handling")].message


def test_a_way_in_whose_kind_the_flows_say_is_asked_only_whether_it_exists() -> None:
    unlisted = {"netsuite": {"api": None, "catalog": False}}  # else its catalog answers
    asked = questions(make_spec(systems=unlisted))
    assert asked[(None, "systems.netsuite.interface_kind")].message == (
        "Does NetSuite already offer the way in this data is to use (a REST API), or none "
        "yet? That is its mailbox; adding one has a cost.")
    unknown = questions(make_spec(systems=unlisted, transport=None))
    assert unknown[(None, "systems.netsuite.interface_kind")].message.startswith(
        "Does NetSuite have a way in for this data (its mailbox), and of which kind")


def test_a_way_in_whose_kind_is_given_answers_whether_it_exists() -> None:
    for kind in ("rest", "none"):
        spec = make_spec(systems={"netsuite": {"api": None, "interface_kind": kind}})
        assert (None, "systems.netsuite.interface_kind") not in questions(spec)


# -- volumes: the checks use the peak ---------------------------------------------------------


@covers("full-fetch-cost", "fires")
def test_full_fetch_counts_the_peak_when_it_is_given() -> None:
    # 100 records polled 48 times a day is 4,800; on peak days 5,000 records is 240,000.
    spec = pull_spec(change_detection="full-fetch", volume="100 records",
                     volume_peak="5000 records at month end")
    assert_says(the_finding(spec, "full-fetch-cost").message,
                "With 5000 records at month end and 48 polls a day, that is about 240,000 "
                "records read a day.")


@covers("full-fetch-cost", "quiet")
def test_full_fetch_of_a_small_set_with_a_small_peak_is_fine() -> None:
    spec = pull_spec(change_detection="full-fetch", volume="100 records",
                     volume_peak="150 records", schedule="nightly", latency="1 day")
    assert "full-fetch-cost" not in codes(spec)


# -- one credential name for two systems ----------------------------------------------------


def _two_pushes(second_credential: str, second_mailbox: str = "warehouse") -> Spec:
    first = {**PUSH, "auth": {"method": "api-key", "credential_name": "NETSUITE_KEY"}}
    second = {**PUSH, "id": "salesforce-to-warehouse", "destination": second_mailbox,
              "mailbox": second_mailbox,
              "auth": {"method": "api-key", "credential_name": second_credential}}
    if second_mailbox == "netsuite":
        second["id"], second["data"] = "salesforce-to-netsuite-2", "Won opportunities"
    return make_spec(add_systems=(WAREHOUSE,), flows=[first, second])


@covers("credential-shared", "fires")
def test_one_credential_name_for_two_systems_is_a_warning_naming_both() -> None:
    finding = the_finding(_two_pushes("NETSUITE_KEY"), "credential-shared")
    assert (finding.severity, finding.flow, finding.field) == (
        "warning", "salesforce-to-warehouse", "auth.credential_name")
    assert finding.message == (
        "Flow 2 names the credential NETSUITE_KEY for Data Warehouse, but flow 1 names the "
        "same credential for NetSuite. Each system issues its own credentials, so one name "
        "cannot hold both: whoever sets them up will give one of the two systems the wrong "
        "one. Decide: give Data Warehouse's credential a name of its own.")


@covers("credential-shared", "quiet")
@pytest.mark.parametrize(("credential", "mailbox"), [("WAREHOUSE_KEY", "warehouse"),
                                                     ("NETSUITE_KEY", "netsuite")])
def test_own_names_or_one_system_twice_are_fine(credential: str, mailbox: str) -> None:
    assert "credential-shared" not in codes(_two_pushes(credential, mailbox))
