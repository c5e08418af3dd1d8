"""Facts derived from a spec: who pushes or pulls, the flow as a sentence, platforms in
the middle; and the readers of schedules and volumes those facts rely on."""

from __future__ import annotations

from typing import Any

import pytest

from mailroom.derive import (
    Middle,
    credential_holder,
    is_polling,
    is_realtime_pull,
    middle_sentence,
    platforms_in_the_middle,
    roles,
    sentence,
)
from mailroom.spec.model import Flow, Spec
from mailroom.spec.quantities import Volume, parse_volume
from mailroom.spec.schedule import describe_schedule, parse_schedule

CONTRACT_FLOW: dict[str, Any] = {
    "id": "salesforce-to-netsuite",
    "data": "Converted leads (name, email, company)",
    "source": "salesforce",
    "destination": "netsuite",
    "mail_person": "salesforce",
    "mailbox": "netsuite",
    "trigger": "event",
    "event": "a lead is converted",
    "transport": "rest",
}
POLL: dict[str, Any] = {"mail_person": "netsuite", "mailbox": "salesforce", "trigger": "schedule",
                        "event": None, "schedule": "*/30 * * * *"}


def make_spec(*, flows: list[dict[str, Any]] | None = None, **flow: Any) -> Spec:
    """Salesforce and NetSuite, and one flow: the contract example with overrides."""
    return Spec.model_validate({
        "systems": [
            {"id": "salesforce", "name": "Salesforce"},
            {"id": "netsuite", "name": "NetSuite"},
        ],
        "flows": flows if flows is not None else [{**CONTRACT_FLOW, **flow}],
    })


def flow_of(spec: Spec) -> Flow:
    return spec.flows[0]


def read_back(**flow: Any) -> str:
    spec = make_spec(**flow)
    return sentence(spec, flow_of(spec))


# -- direction from the roles ---------------------------------------------------


def test_the_source_as_mail_person_pushes() -> None:
    r = roles(flow_of(make_spec()))
    assert (r.mail_person, r.mailbox, r.direction, r.mailbox_inferred) == (
        "salesforce", "netsuite", "push", False)


def test_the_destination_as_mail_person_pulls() -> None:
    r = roles(flow_of(make_spec(**POLL)))
    assert (r.mail_person, r.mailbox, r.direction) == ("netsuite", "salesforce", "pull")


@pytest.mark.parametrize(
    ("mail_person", "expected"), [("salesforce", "netsuite"), ("netsuite", "salesforce")])
def test_a_blank_mailbox_is_inferred_as_the_other_end(mail_person: str, expected: str) -> None:
    r = roles(flow_of(make_spec(mail_person=mail_person, mailbox=None)))
    assert (r.mailbox, r.mailbox_inferred) == (expected, True)
    assert r.direction == ("push" if mail_person == "salesforce" else "pull")


def test_no_mailbox_is_inferred_when_an_end_is_unknown() -> None:
    r = roles(flow_of(make_spec(destination=None, mailbox=None)))
    assert (r.mailbox, r.mailbox_inferred, r.direction) == (None, False, "push")


@pytest.mark.parametrize(
    "overrides",
    [
        {"mailbox": "salesforce"},  # mail person and mailbox are one system
        {"mail_person": "netsuite", "mailbox": "netsuite"},
        {"mail_person": "boomi"},  # the mail person is not an end
        {"mailbox": "boomi"},  # the mailbox is not the other end
    ],
)
def test_contradictory_roles_give_no_direction(overrides: dict[str, Any]) -> None:
    assert roles(flow_of(make_spec(**overrides))).direction is None


def test_an_unknown_mail_person_gives_no_direction() -> None:
    assert roles(flow_of(make_spec(mail_person=None, mailbox=None))).direction is None


def test_roles_that_agree_with_the_one_known_end_give_a_direction() -> None:
    assert roles(flow_of(make_spec(**POLL, source=None))).direction == "pull"


def test_polling_and_realtime_pull_follow_from_direction_and_trigger() -> None:
    poll = flow_of(make_spec(**POLL))
    realtime = flow_of(make_spec(**{**POLL, "trigger": "on-demand", "schedule": None}))
    scheduled_push = flow_of(make_spec(trigger="schedule", event=None, schedule="@hourly"))
    assert (is_polling(poll), is_realtime_pull(poll)) == (True, False)
    assert (is_polling(realtime), is_realtime_pull(realtime)) == (False, True)
    assert (is_polling(scheduled_push), is_realtime_pull(scheduled_push)) == (False, False)


def test_the_mail_person_holds_the_credentials() -> None:
    assert credential_holder(flow_of(make_spec())) == "salesforce"
    assert credential_holder(flow_of(make_spec(**POLL))) == "netsuite"


# -- the sentence -----------------------------------------------------------------


def test_the_contract_example_reads_with_the_mail_person_as_subject() -> None:
    assert read_back() == (
        "Salesforce pushes converted leads into NetSuite's REST API when a lead is converted.")


def test_the_sentence_with_roles_labels_the_mail_person_and_the_mailbox() -> None:
    spec = make_spec()
    assert sentence(spec, flow_of(spec), with_roles=True) == (
        "Salesforce (mail person) pushes converted leads into NetSuite's REST API (mailbox) "
        "when a lead is converted."
    )


def test_a_pull_on_a_cron_schedule_reads_the_schedule_in_words() -> None:
    assert read_back(**POLL) == (
        "NetSuite pulls converted leads from Salesforce's REST API every 30 minutes.")


def test_a_pull_on_an_interval_reads_the_interval() -> None:
    assert read_back(**{**POLL, "schedule": "every 2 weeks", "transport": "sftp"}) == (
        "NetSuite pulls converted leads from Salesforce's SFTP folder every 2 weeks.")


def test_a_blank_mailbox_reads_as_the_other_end() -> None:
    assert read_back(mailbox=None) == read_back()


def test_an_unknown_mail_person_is_said_to_be_undecided() -> None:
    assert read_back(mail_person=None, mailbox=None) == (
        "Converted leads move from Salesforce to NetSuite when a lead is converted; which of "
        "them starts it is not decided yet."
    )


def test_contradictory_roles_are_said_not_to_add_up() -> None:
    assert read_back(mailbox="salesforce") == (
        "Salesforce moves converted leads from Salesforce to NetSuite (who pushes and who "
        "pulls does not add up) when a lead is converted."
    )


def test_the_sentence_says_what_is_not_decided_yet() -> None:
    assert read_back(data=None, mailbox=None, destination=None, trigger=None, event=None) == (
        "Salesforce pushes records (not described yet) into a mailbox not decided yet at a time "
        "not decided yet."
    )


def test_an_event_trigger_without_the_event_says_so() -> None:
    assert read_back(event=None) == (
        "Salesforce pushes converted leads into NetSuite's REST API when an event happens "
        "(which event is not decided yet)."
    )


def test_an_on_demand_pull_reads_as_on_demand() -> None:
    assert read_back(**{**POLL, "trigger": "on-demand", "schedule": None}) == (
        "NetSuite pulls converted leads from Salesforce's REST API on demand, when a person "
        "or a request asks for it."
    )


def test_event_words_are_joined_into_the_sentence() -> None:
    # "When" is not doubled, the trailing full stop is dropped, the first word lowered.
    assert read_back(event="When A lead is converted.").endswith(
        "REST API when a lead is converted.")


def test_acronyms_in_the_data_keep_their_capitals() -> None:
    assert read_back(data="CSV files of invoices", transport=None).startswith(
        "Salesforce pushes CSV files of invoices into NetSuite when")


def test_a_name_ending_in_s_takes_a_bare_apostrophe() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "salesforce", "name": "Salesforce"},
                    {"id": "workday", "name": "Workday Payroll Systems"}],
        "flows": [{**CONTRACT_FLOW, "destination": "workday", "mailbox": "workday"}],
    })
    assert "into Workday Payroll Systems' REST API" in sentence(spec, spec.flows[0])


# -- platforms in the middle ------------------------------------------------------


def two_legs(*, inbound_mail_person: str, platform: bool | None) -> Spec:
    """CommCare -> OpenFn -> DHIS2, modelled as two flows."""
    return Spec.model_validate({
        "systems": [
            {"id": "commcare", "name": "CommCare"},
            {"id": "openfn", "name": "OpenFn", "platform": platform},
            {"id": "dhis2", "name": "DHIS2"},
        ],
        "flows": [
            {"id": "commcare-to-openfn", "source": "commcare", "destination": "openfn",
             "mail_person": inbound_mail_person},
            {"id": "openfn-to-dhis2", "source": "openfn", "destination": "dhis2",
             "mail_person": "openfn"},
        ],
    })


def test_a_platform_that_pulls_and_pushes_is_in_the_middle() -> None:
    spec = two_legs(inbound_mail_person="openfn", platform=None)
    middles = platforms_in_the_middle(spec)
    assert middles == [Middle("openfn", ["commcare-to-openfn"], ["openfn-to-dhis2"])]
    assert middle_sentence(spec, middles[0]) == (
        "OpenFn is a platform in the middle: it pulls from CommCare and pushes to DHIS2.")


def test_a_platform_pushed_to_by_the_source_is_in_the_middle() -> None:
    spec = two_legs(inbound_mail_person="commcare", platform=True)
    [middle] = platforms_in_the_middle(spec)
    assert middle_sentence(spec, middle) == (
        "OpenFn is a platform in the middle: it is pushed to by CommCare and pushes to DHIS2.")


def test_a_relay_that_carries_one_leg_and_is_no_platform_is_not_in_the_middle() -> None:
    assert platforms_in_the_middle(two_legs(inbound_mail_person="commcare", platform=None)) == []


def test_a_single_flow_has_no_platform_in_the_middle() -> None:
    assert platforms_in_the_middle(make_spec()) == []


def test_a_round_trip_with_one_system_is_not_a_platform_in_the_middle() -> None:
    """Expensly pushes reports into NetSuite and pulls accounts back from it: two flows
    with the same other end, carrying nothing on to a third system."""
    spec = Spec.model_validate({
        "systems": [{"id": "expensly"}, {"id": "netsuite"}],
        "flows": [
            {"id": "out", "source": "expensly", "destination": "netsuite",
             "mail_person": "expensly"},
            {"id": "back", "source": "netsuite", "destination": "expensly",
             "mail_person": "expensly"},
        ],
    })
    assert platforms_in_the_middle(spec) == []


# -- schedules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("*/30 * * * *", 1800),
        ("* * * * *", 60),
        ("0 * * * *", 3600),
        ("15,45 * * * *", 1800),
        ("0 */6 * * *", 6 * 3600),
        ("0 2 * * *", 86400),
        ("0 6,18 * * *", 43200),
        ("0 9 * * 1-5", 7 * 86400 / 5),
        ("0 0 1 * *", 30 * 86400),
    ],
)
def test_cron_expressions_are_valid_with_their_rough_interval(text: str, seconds: float) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid, parsed.problem) == ("cron", True, None)
    assert parsed.seconds == pytest.approx(seconds, rel=0.02)  # months are 28 to 31 days


@pytest.mark.parametrize(
    ("macro", "seconds", "words"),
    [
        ("@hourly", 3600, "every hour"),
        ("@daily", 86400, "every day at 00:00"),
        ("@midnight", 86400, "every day at 00:00"),
        ("@weekly", 7 * 86400, "every Sunday at 00:00"),
        ("@monthly", 30 * 86400, "on the cron schedule “0 0 1 * *”"),
        ("@yearly", 365 * 86400, "on the cron schedule “0 0 1 1 *”"),
    ],
)
def test_cron_macros_are_cron(macro: str, seconds: float, words: str) -> None:
    parsed = parse_schedule(macro)
    assert (parsed.kind, parsed.valid) == ("cron", True)
    assert parsed.seconds == pytest.approx(seconds, rel=0.02)
    assert describe_schedule(macro) == words


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("every 30 minutes", 1800),
        ("every 2 weeks", 14 * 86400),
        ("every hour", 3600),
        ("every thirty minutes", 1800),
        ("every weekday", 86400),
        ("nightly at 01:00", 86400),
        ("hourly", 3600),
        ("twice a day", 43200),
        ("3 times per hour", 1200),
        ("PT15M", 900),
        ("P1D", 86400),
    ],
)
def test_intervals_are_read_with_their_length(text: str, seconds: float) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid, parsed.seconds) == ("interval", True, seconds)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("60 * * * *", "the minute field has 60, outside 0-59"),
        ("0 24 * * *", "the hour field has 24, outside 0-23"),
        ("0 0 0 * *", "the day of month field has 0, outside 1-31"),
        ("0 0 * 13 *", "the month field has 13, outside 1-12"),
        ("0 0 * * 8", "the day of week field has 8, outside 0-7"),
        ("0 0 * * 1-9", "the day of week field has 9, outside 0-7"),
        ("*/0 * * * *", "the minute step '/0' must be a whole number above 0"),
        ("0 */x * * *", "the hour step '/x' must be a whole number above 0"),
        ("0 mon * * *", "the hour field has 'mon', which is not a number"),
    ],
)
def test_invalid_cron_says_which_field_is_wrong(text: str, problem: str) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid, parsed.problem, parsed.seconds) == (
        "cron", False, problem, None)
    assert describe_schedule(text) == f"on the schedule “{text}”"


def test_month_and_day_names_are_valid_in_their_own_fields() -> None:
    assert parse_schedule("0 0 1 jan *").valid
    assert parse_schedule("0 9 * * MON-FRI").valid


@pytest.mark.parametrize("text", ["whenever Bob remembers", "@reboot", "soon"])
def test_unreadable_schedules_are_unknown(text: str) -> None:
    parsed = parse_schedule(text)
    assert (parsed.kind, parsed.valid) == ("unknown", False)
    assert describe_schedule(text) == f"on the schedule “{text}”"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("*/30 * * * *", "every 30 minutes"),
        ("0 * * * *", "every hour"),
        ("15 * * * *", "every hour at 15 minutes past"),
        ("0 */6 * * *", "every 6 hours"),
        ("30 2 * * *", "every day at 02:30"),
        ("0 9 * * 1-5", "every weekday at 09:00"),
        ("0 9 * * 1", "every Monday at 09:00"),
        ("0 9 * * 7", "every Sunday at 09:00"),
        ("0 0 1 * *", "on the cron schedule “0 0 1 * *”"),
        ("every 2 weeks", "every 2 weeks"),
        ("PT30M", "every 30 minutes"),
        ("P1D", "every day"),
        ("PT90M", "every 90 minutes"),
    ],
)
def test_schedules_are_described_in_words(text: str, words: str) -> None:
    assert describe_schedule(text) == words


@pytest.mark.parametrize(
    ("text", "words"), [("*/1 * * * *", "every minute"), ("0 */1 * * *", "every hour")])
def test_a_step_of_one_reads_in_the_singular(text: str, words: str) -> None:
    assert describe_schedule(text) == words


def test_a_five_word_interval_is_an_interval() -> None:
    parsed = parse_schedule("every 2 hours on weekdays")
    assert (parsed.kind, parsed.valid, parsed.seconds) == ("interval", True, 7200)


def test_an_hour_range_counts_each_hour() -> None:
    assert parse_schedule("0 8-17 * * *").seconds == 86400 / 10


# -- volumes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "per_day", "daily"),
    [
        ("200 records/day", 200, 1.0, 200),
        ("50k rows a night", 50_000, 1.0, 50_000),
        ("1,500 records per hour", 1500, 24.0, 36_000),
        ("12 records a minute", 12, 1440.0, 17_280),
        ("10 000 rows/month", 10_000, 1 / 30, 10_000 / 30),
        ("2.5k records a week", 2500, 1 / 7, 2500 / 7),
        ("5 million records", 5_000_000, None, None),
        ("500 records per run", 500, None, None),
        ("200", 200, None, None),
    ],
)
def test_volumes_are_read_as_count_and_rate(
    text: str, count: float, per_day: float | None, daily: float | None
) -> None:
    volume = parse_volume(text)
    assert volume is not None
    assert volume.count == count
    assert volume.per_day == pytest.approx(per_day)
    assert volume.daily == pytest.approx(daily)


@pytest.mark.parametrize("text", [None, "", "lots", "a few a day"])
def test_volumes_without_a_number_are_not_guessed(text: str | None) -> None:
    assert parse_volume(text) is None


def test_a_volume_is_a_plain_value() -> None:
    assert parse_volume("200 records/day") == Volume(200.0, 1.0)


# -- names, interfaces and on-demand requests in the sentence --------------------


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        ("CommCare form submissions", "pushes CommCare form submissions into"),
        ("Salesforce accounts", "pushes Salesforce accounts into"),
        ("CSV exports", "pushes CSV exports into"),
        ("Converted leads", "pushes converted leads into"),
    ],
)
def test_names_and_acronyms_keep_their_capitals(data: str, phrase: str) -> None:
    assert phrase in read_back(data=data)


def test_a_name_at_the_start_of_the_event_keeps_its_capital() -> None:
    assert read_back(event="NetSuite rejects an order").endswith(
        "when NetSuite rejects an order.")


def test_the_systems_own_words_for_its_mailbox_win_over_the_transport() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "salesforce", "name": "Salesforce"},
                    {"id": "netsuite", "name": "NetSuite", "interface": "customer intake API"}],
        "flows": [CONTRACT_FLOW],
    })
    assert sentence(spec, spec.flows[0]) == (
        "Salesforce pushes converted leads into NetSuite's customer intake API when a lead is "
        "converted.")


def test_an_on_demand_pull_says_what_the_demand_is() -> None:
    assert read_back(mail_person="netsuite", mailbox="salesforce", trigger="on-demand",
                     event="an employee logs in") == (
        "NetSuite pulls converted leads from Salesforce's REST API on demand, when an employee "
        "logs in.")
