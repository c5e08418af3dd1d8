"""The facts layer: who the mail person is (stated or inferred, and from what), what it
does, the flow as a sentence, what a pattern promises here, who builds each side,
platforms in the middle, and the one list of open questions."""

from __future__ import annotations

from typing import Any

import pytest

from mailroom.facts.flows import FlowFacts
from mailroom.facts.middle import Middle
from mailroom.facts.roles import Roles
from mailroom.facts.spec_facts import SpecFacts, facts_of
from mailroom.spec.model import Spec

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


def facts(**flow: Any) -> FlowFacts:
    return facts_of(make_spec(**flow)).flows[0]


def roles(**flow: Any) -> Roles:
    return facts(**flow).roles


def read_back(**flow: Any) -> str:
    return facts(**flow).sentence


# -- direction from the roles ---------------------------------------------------


def test_the_source_as_mail_person_pushes() -> None:
    r = roles()
    assert (r.mail_person.system, r.mailbox.system, r.direction) == (
        "salesforce", "netsuite", "push")
    assert (r.mail_person.basis, r.mailbox.basis) == ("stated", "stated")


def test_the_destination_as_mail_person_pulls() -> None:
    r = roles(**POLL)
    assert (r.mail_person.system, r.mailbox.system, r.direction) == (
        "netsuite", "salesforce", "pull")


@pytest.mark.parametrize(
    ("mail_person", "expected"), [("salesforce", "netsuite"), ("netsuite", "salesforce")])
def test_a_blank_mailbox_is_inferred_as_the_other_end(mail_person: str, expected: str) -> None:
    r = roles(mail_person=mail_person, mailbox=None)
    assert (r.mailbox.system, r.mailbox.basis, r.mailbox.reason) == (
        expected, "inferred", "other-end")
    assert r.direction == ("push" if mail_person == "salesforce" else "pull")


def test_no_mailbox_is_inferred_when_an_end_is_unknown() -> None:
    r = roles(destination=None, mailbox=None)
    assert (r.mailbox.system, r.mailbox.basis, r.direction) == (None, "unknown", "push")


# -- roles nobody stated: inferred from the other answers, and said so -----------------


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"transport": "webhook", "trigger": None, "event": None}, "webhook"),
        ({}, "event"),  # the contract's flow starts on "a lead is converted"
        ({"direction": "push", "trigger": "schedule", "event": None}, "direction"),
        ({"mailbox": "netsuite", "trigger": "schedule", "event": None}, "other-end"),
    ],
)
def test_a_push_is_inferred_from_what_the_answers_leave_no_choice_about(
    overrides: dict[str, Any], reason: str
) -> None:
    r = roles(**{"mail_person": None, "mailbox": None, **overrides})
    assert (r.mail_person.system, r.mail_person.basis, r.mail_person.reason) == (
        "salesforce", "inferred", reason)
    assert (r.mailbox.system, r.direction) == ("netsuite", "push")


def test_a_stated_mailbox_wins_over_what_an_event_would_imply() -> None:
    """NetSuite named as the mailbox of data from Salesforce… no: Salesforce is named the
    mailbox, so NetSuite pulls; the event then contradicts it (check: event-needs-push),
    rather than being turned into a push."""
    flow = facts(mail_person=None, mailbox="salesforce")
    assert (flow.mail_person, flow.roles.mail_person.reason, flow.direction) == (
        "netsuite", "other-end", "pull")
    assert flow.contradictions == ("event-pull",)


def test_nothing_is_inferred_from_a_schedule() -> None:
    r = roles(mail_person=None, mailbox=None, trigger="schedule", event=None, schedule="@hourly")
    assert (r.mail_person.basis, r.mailbox.basis, r.direction) == ("unknown", "unknown", None)


def test_an_inferred_mail_person_is_marked_in_the_sentence_with_roles() -> None:
    flow = facts(mail_person=None, mailbox=None, transport="webhook")
    assert flow.sentence_with_roles == (
        "Salesforce (mail person, inferred) pushes converted leads into NetSuite's webhook "
        "receiver (mailbox, inferred) when a lead is converted.")
    assert flow.sentence == (
        "Salesforce pushes converted leads into NetSuite's webhook receiver when a lead is "
        "converted.")


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
    assert roles(**overrides).direction is None


def test_roles_that_agree_with_the_one_known_end_give_a_direction() -> None:
    assert roles(**POLL, source=None).direction == "pull"


def test_what_the_mail_person_does_follows_from_direction_trigger_and_transport() -> None:
    poll = facts(**POLL)
    realtime = facts(**{**POLL, "trigger": "on-demand", "schedule": None})
    scheduled_push = facts(trigger="schedule", event=None, schedule="@hourly")
    files = facts(**{**POLL, "transport": "sftp"})
    assert (poll.action, poll.polling is not None, poll.lookup) == ("poll", True, None)
    assert (realtime.action, realtime.polling, realtime.lookup is not None) == (
        "lookup", None, True)
    assert (scheduled_push.action, scheduled_push.polling, scheduled_push.lookup) == (
        "push", None, None)
    assert files.action == "fetch-files"


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"mail_person": None, "mailbox": None, "trigger": "schedule", "event": None},
         "who is the mail person (and so push or pull) is not decided"),
        ({**POLL, "trigger": None, "schedule": None},
         "when the pull runs (schedule or on demand) is not decided"),
        ({**POLL, "trigger": "event", "schedule": None},
         "a pull cannot start on an event (mailroom check: event-needs-push)"),
        ({**POLL, "transport": "webhook"},
         "a webhook is the source calling out, so it cannot be pulled (mailroom check: "
         "webhook-is-push)"),
    ],
)
def test_what_cannot_be_said_yet_says_why(overrides: dict[str, Any], why: str) -> None:
    flow = facts(**overrides)
    assert (flow.action, flow.undecided) == (None, (why,))


def test_a_poll_with_no_change_detection_leaves_it_unknown() -> None:
    assert facts(**POLL).polling.change_detection is None  # type: ignore[union-attr]
    decided = facts(**{**POLL, "change_detection": "incremental-id"})
    assert decided.polling.change_detection == "incremental-id"  # type: ignore[union-attr]


def test_the_mail_person_holds_the_credentials() -> None:
    assert facts().credential.holder.system == "salesforce"
    assert facts(**POLL).credential.holder.system == "netsuite"
    inferred = facts(mail_person=None, mailbox=None).credential.holder
    assert (inferred.system, inferred.basis) == ("salesforce", "inferred")


# -- webhooks ---------------------------------------------------------------------------


def test_a_webhook_push_needs_its_receiver_url_registered_in_the_caller() -> None:
    webhook = facts(transport="webhook").webhook
    assert webhook is not None
    assert (webhook.caller, webhook.receiver, webhook.registration) == (
        "salesforce", "netsuite", None)
    assert facts(transport="webhook", webhook_registration="api").webhook.registration == "api"  # type: ignore[union-attr]


def test_a_webhook_with_no_stated_mail_person_is_still_a_webhook_to_register() -> None:
    assert facts(transport="webhook", mail_person=None, mailbox=None).webhook is not None


def test_no_registration_without_a_webhook_or_for_a_pulled_one() -> None:
    assert facts().webhook is None  # a REST push: the caller is coded to call the API
    pulled = facts(**POLL, transport="webhook")
    assert (pulled.webhook, pulled.contradictions) == (None, ("webhook-pull",))


# -- what a pattern promises, where the design keeps it ----------------------------------


@pytest.mark.parametrize(
    ("overrides", "holds", "contradicted"),
    [
        ({"pattern": "clone"}, {"always", "not-live"}, ()),
        ({**POLL, "pattern": "clone"}, {"always", "not-live"}, ()),
        ({**POLL, "trigger": "on-demand", "schedule": None, "pattern": "clone"}, {"always"},
         ("clone-live",)),
        ({"pattern": "push"}, {"always", "host-starts"}, ()),
        ({**POLL, "pattern": "push"}, {"always"}, ("push-host-pulled",)),
        ({"mail_person": None, "mailbox": None, "trigger": "schedule", "event": None,
          "pattern": "push"}, {"always"}, ()),
        ({**POLL, "trigger": "on-demand", "schedule": None, "pattern": "pull"},
         {"always", "realtime"}, ()),
        ({"pattern": "pull"}, {"always"}, ("pull-remote-pushes",)),
        # An embed fetched live and shown as it is keeps its promise; delivered into the host
        # on an event (it keeps it), it does not, and the promise is not said.
        ({**POLL, "trigger": "on-demand", "schedule": None, "pattern": "embed"}, {"always"}, ()),
        ({"pattern": "embed"}, set(), ("embed-host-keeps",)),
        # Synthesize with one remote only has nothing to combine.
        ({"pattern": "synthesize"}, set(), ("synthesize-single-remote",)),
        # Roles that do not add up (the mailbox named is the mail person): who starts each
        # transfer is still the stated mail person.
        ({"mailbox": "salesforce", "pattern": "pull"}, {"always"}, ("pull-remote-pushes",)),
        ({**POLL, "mailbox": "netsuite", "pattern": "push"}, {"always"},
         ("push-host-pulled",)),
    ],
)
def test_a_patterns_promise_holds_only_where_the_design_keeps_it(
    overrides: dict[str, Any], holds: set[str], contradicted: tuple[str, ...]
) -> None:
    pattern = facts(**overrides).pattern
    assert pattern is not None
    assert (set(pattern.holds), pattern.contradicted) == (holds, contradicted)


def test_the_host_is_the_source_of_a_push_pattern_and_else_the_destination() -> None:
    assert facts(pattern="push").pattern.host == "salesforce"  # type: ignore[union-attr]
    assert facts(pattern="clone").pattern.host == "netsuite"  # type: ignore[union-attr]


# -- who builds each side -------------------------------------------------------------------


def sides(systems: list[dict[str, Any]], **flow: Any) -> dict[str, tuple[str, str]]:
    spec = Spec.model_validate({"systems": systems, "flows": [{**CONTRACT_FLOW, **flow}]})
    return {s.role: (s.work, s.skills) for s in facts_of(spec).flows[0].sides}


@pytest.mark.parametrize(
    ("salesforce", "expected"),
    [
        ({"skills": True}, ("code", "present")),
        ({"skills": False}, ("code", "missing")),
        ({}, ("code", "unknown")),
        ({"platform": True, "skills": True}, ("workflow", "present")),
        ({"platform": True, "skills": False}, ("workflow", "not-needed")),
        ({"platform": True}, ("workflow", "unknown")),  # not "not needed": nobody said
    ],
)
def test_the_mail_persons_side_is_code_or_a_platforms_workflow(
    salesforce: dict[str, Any], expected: tuple[str, str]
) -> None:
    systems = [{"id": "salesforce", **salesforce}, {"id": "netsuite", "api": True}]
    assert sides(systems)["mail person"] == expected


@pytest.mark.parametrize(
    ("netsuite", "expected"),
    [
        ({"api": True}, ("nothing", "not-needed")),
        ({"api": False, "skills": True}, ("interface", "present")),
        ({"api": False}, ("interface", "unknown")),
        ({}, ("unknown", "unknown")),
        # Whether it must build is open; what the team can do is what the spec says.
        ({"skills": False}, ("unknown", "missing")),
        ({"skills": True}, ("unknown", "present")),
    ],
)
def test_the_mailboxs_side_builds_an_interface_only_where_none_exists(
    netsuite: dict[str, Any], expected: tuple[str, str]
) -> None:
    assert sides([{"id": "salesforce"}, {"id": "netsuite", **netsuite}])["mailbox"] == expected


# -- the one list of open questions ---------------------------------------------------------


def questions(spec: Spec) -> dict[tuple[str | None, str], str]:
    return {(q.flow, q.field): q.text for q in facts_of(spec).questions}


def test_a_platforms_unknown_skills_are_asked_not_assumed() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "commcare", "name": "CommCare"},
                    {"id": "openfn", "name": "OpenFn", "platform": True}],
        "flows": [{"id": "in", "source": "commcare", "destination": "openfn",
                   "mail_person": "openfn", "mailbox": "commcare"}],
    })
    assert questions(spec)[(None, "systems.openfn.skills")].startswith(
        "Does the team have someone who can set up and look after workflows in OpenFn")


def test_what_no_flow_depends_on_is_not_asked() -> None:
    asked = questions(make_spec())
    assert (None, "systems.netsuite.interface_kind") in asked  # the mailbox: has it a way in?
    assert (None, "systems.salesforce.api") not in asked  # never a mailbox here
    assert (None, "systems.netsuite.events") not in asked  # never the source of a push
    assert (None, "systems.netsuite.skills") not in asked  # builds nothing: it has an API? unknown


def test_every_system_is_asked_who_owns_and_runs_it_and_what_it_is() -> None:
    asked = questions(make_spec())
    for system in ("salesforce", "netsuite"):
        assert {(None, f"systems.{system}.{field}") for field in ("kind", "owner",
                                                                  "third_party")} <= set(asked)


def test_a_mailbox_whose_interface_is_not_described_is_asked_where_it_is() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "salesforce"}, {"id": "netsuite", "api": True}],
        "flows": [CONTRACT_FLOW]})
    assert (None, "systems.netsuite.interface") in questions(spec)


def test_an_inferred_mail_person_is_not_asked_but_an_unknown_one_is() -> None:
    assert ("salesforce-to-netsuite", "mail_person") not in questions(
        make_spec(mail_person=None, mailbox=None))
    assert ("salesforce-to-netsuite", "mail_person") in questions(
        make_spec(mail_person=None, mailbox=None, trigger="schedule", event=None))


def test_the_facts_are_one_pure_function_of_the_spec() -> None:
    spec = make_spec(**POLL)
    first, second = facts_of(spec), facts_of(spec)
    assert isinstance(first, SpecFacts) and first == second


# -- the sentence -----------------------------------------------------------------


def test_the_contract_example_reads_with_the_mail_person_as_subject() -> None:
    assert read_back() == (
        "Salesforce pushes converted leads into NetSuite's REST API when a lead is converted.")


def test_the_sentence_with_roles_labels_the_mail_person_and_the_mailbox() -> None:
    assert facts().sentence_with_roles == (
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
    assert read_back(mail_person=None, mailbox=None, trigger="schedule", event=None,
                     schedule="@hourly") == (
        "Converted leads move from Salesforce to NetSuite every hour; which of them starts it "
        "is not decided yet."
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


@pytest.mark.parametrize(("data", "words"), [
    # German capitalises its nouns: the capital is not there only to start the text
    ("Konvertierte Leads", "pushes Konvertierte Leads into"),
    ("Neue Mitarbeiter (Name, Abteilung)", "pushes Neue Mitarbeiter into"),
    # one word says nothing about how its writer capitalises
    ("Bestellungen", "pushes Bestellungen into"),
    # a capitalised word later on (a day's name, a person's) leaves the text as typed
    ("Orders placed on Black Friday", "pushes Orders placed on Black Friday into"),
    # scripts without capitals, and a name's start, are never touched
    ("受注データ（注文番号、顧客名）", "pushes 受注データ into"),
    ("طلبات مدفوعة", "pushes طلبات مدفوعة into"),
    ("Salesforce accounts", "pushes Salesforce accounts into"),
    # sentence case: only the first word has a capital (acronyms and the systems' names
    # aside, details in brackets included), so it starts the text and is lowered
    ("Paid orders (order number, VAT, NetSuite id)", "pushes paid orders into"),
    ("Commandes payées (numéro, client)", "pushes commandes payées into"),
])
def test_the_data_keeps_its_capital_unless_it_only_starts_the_text(data: str, words: str) -> None:
    assert words in read_back(data=data)


def test_a_name_ending_in_s_takes_a_bare_apostrophe() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "salesforce", "name": "Salesforce"},
                    {"id": "workday", "name": "Workday Payroll Systems"}],
        "flows": [{**CONTRACT_FLOW, "destination": "workday", "mailbox": "workday"}],
    })
    assert "into Workday Payroll Systems' REST API" in facts_of(spec).flows[0].sentence


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
    found = facts_of(two_legs(inbound_mail_person="openfn", platform=None))
    assert found.middles == (Middle("openfn", ("commcare-to-openfn",), ("openfn-to-dhis2",)),)
    assert found.middle_sentences == (
        "OpenFn is a platform in the middle: it pulls from CommCare and pushes to DHIS2.",)
    assert [f.middle for f in found.flows] == ["openfn", "openfn"]


def test_a_platform_pushed_to_by_the_source_is_in_the_middle() -> None:
    found = facts_of(two_legs(inbound_mail_person="commcare", platform=True))
    assert found.middle_sentences == (
        "OpenFn is a platform in the middle: it is pushed to by CommCare and pushes to DHIS2.",)


def test_a_leg_whose_mail_person_is_undecided_is_not_said_to_be_pushed_or_pulled() -> None:
    spec = two_legs(inbound_mail_person="openfn", platform=True)
    spec.flows[0].mail_person = None
    assert facts_of(spec).middle_sentences == (
        "OpenFn is a platform in the middle: it receives from CommCare and pushes to DHIS2.",)


def test_a_relay_that_carries_one_leg_and_is_no_platform_is_not_in_the_middle() -> None:
    assert facts_of(two_legs(inbound_mail_person="commcare", platform=None)).middles == ()


def test_a_single_flow_has_no_platform_in_the_middle() -> None:
    assert facts_of(make_spec()).middles == ()


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
    assert facts_of(spec).middles == ()


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
    assert facts_of(spec).flows[0].sentence == (
        "Salesforce pushes converted leads into NetSuite's customer intake API when a lead is "
        "converted.")


def test_an_on_demand_pull_says_what_the_demand_is() -> None:
    assert read_back(mail_person="netsuite", mailbox="salesforce", trigger="on-demand",
                     event="an employee logs in") == (
        "NetSuite pulls converted leads from Salesforce's REST API on demand, when an employee "
        "logs in.")


# -- how often against how fresh, personal data, and who takes part ------------------------


def test_a_scheduled_flow_knows_its_interval_and_the_freshness_needed() -> None:
    timing = facts(**POLL, latency="within 5 minutes").timing
    assert (timing.every, timing.freshness, timing.slower_by) == (1800, 300, 6)
    assert facts(latency="5 minutes").timing.every is None  # a push on the event
    assert facts(**POLL, latency="soon").timing.slower_by is None  # unreadable: no guess


def test_personal_data_knows_its_fields_and_whether_another_organisation_receives_it() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "salesforce"}, {"id": "netsuite", "third_party": True}],
        "flows": [{**CONTRACT_FLOW, "personal_data": True, "personal_fields": ["name"],
                   "fields": [{"name": "email", "personal": True}, {"name": "company"}],
                   "personal_data_agreement": "dpa"}]})
    personal = facts_of(spec).flows[0].personal
    assert personal is not None
    assert (personal.fields, personal.receiver, personal.other_organisation,
            personal.agreement, personal.stored) == (
        ("name", "email"), "netsuite", True, "dpa", None)
    assert facts(personal_data=False).personal is None
    assert facts().personal is None  # not known whether: asked, not assumed
    marked = facts(fields=[{"name": "email", "personal": True}]).personal
    assert marked is not None and marked.other_organisation is None  # who runs it: unknown


def test_a_personal_field_named_twice_in_two_spellings_is_one_field() -> None:
    personal = facts(personal_data=True, personal_fields=["customer name", "email"],
                     fields=[{"name": "customer_name", "personal": True},
                             {"name": "Delivery-Address", "personal": True}]).personal
    assert personal is not None
    assert personal.fields == ("customer name", "email", "Delivery-Address")


def test_what_the_receiving_host_does_with_the_data() -> None:
    pattern = facts(pattern="clone", business_logic="netsuite",
                    fields=[{"name": "email", "transform": "lower case"},
                            {"name": "name", "transform": "as is"}]).pattern
    assert pattern is not None
    assert (pattern.host_uses, pattern.changed_fields) == (("keeps", "acts", "changes"),
                                                           ("email",))
    live = facts(**{**POLL, "trigger": "on-demand", "schedule": None, "pattern": "embed"}).pattern
    assert live is not None and live.host_uses == ()


def test_the_remotes_of_a_synthesize_host_are_found_through_a_platform() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "a"}, {"id": "b"}, {"id": "hub", "platform": True}, {"id": "dw"}],
        "flows": [{"id": "a-hub", "source": "a", "destination": "hub"},
                  {"id": "b-hub", "source": "b", "destination": "hub"},
                  {"id": "hub-dw", "source": "hub", "destination": "dw",
                   "pattern": "synthesize"}]})
    pattern = facts_of(spec).flow("hub-dw").pattern  # type: ignore[union-attr]
    assert pattern is not None
    assert (set(pattern.remotes), pattern.contradicted) == ({"a", "b"}, ())


def test_another_organisations_own_webhook_is_built_in_not_coded() -> None:
    systems = [{"id": "salesforce", "third_party": True, "skills": False},
               {"id": "netsuite", "api": True}]
    assert sides(systems, transport="webhook")["mail person"] == ("built-in", "not-needed")
    assert sides(systems, transport="rest")["mail person"] == ("code", "missing")


def test_a_way_in_of_no_kind_yet_is_no_way_in() -> None:
    systems = [{"id": "salesforce"}, {"id": "netsuite", "interface_kind": "none"}]
    assert sides(systems)["mailbox"] == ("interface", "unknown")
    spec = Spec.model_validate({"systems": systems, "flows": [CONTRACT_FLOW]})
    netsuite = facts_of(spec).system("netsuite")
    assert netsuite is not None and netsuite.api.value is False


def test_systems_in_no_flow_and_platforms_with_one_leg() -> None:
    spec = Spec.model_validate({
        "systems": [{"id": "a"}, {"id": "hub", "platform": True}, {"id": "idle"}],
        "flows": [{"id": "a-hub", "source": "a", "destination": "hub"}]})
    found = {s.id: (s.unused, s.one_leg) for s in facts_of(spec).systems}
    assert found == {"a": (False, None), "hub": (False, "in"), "idle": (True, None)}


def test_the_same_data_both_ways_is_a_two_way_pair() -> None:
    spec = make_spec(flows=[{**CONTRACT_FLOW, "data": "Contacts (name, email)"},
                            {**CONTRACT_FLOW, "id": "back", "data": "contacts.",
                             "source": "netsuite", "destination": "salesforce",
                             "mail_person": "netsuite", "mailbox": "salesforce"}])
    pairs = facts_of(spec).two_ways
    assert [(p.there, p.back, p.systems) for p in pairs] == [
        ("salesforce-to-netsuite", "back", ("salesforce", "netsuite"))]


# -- how the data travels, when the flow does not say -------------------------------------


def _with_mailbox_way_in(kind: str, **flow: Any) -> Spec:
    return Spec.model_validate({
        "systems": [{"id": "salesforce", "name": "Salesforce"},
                    {"id": "netsuite", "name": "NetSuite", "interface_kind": kind}],
        "flows": [{**CONTRACT_FLOW, "transport": None, **flow}],
    })


def test_an_sftp_only_mailbox_is_reached_over_sftp_and_the_transport_is_not_asked() -> None:
    spec = _with_mailbox_way_in("sftp")
    spec_facts = facts_of(spec)
    flow = spec_facts.flows[0]
    assert (flow.transport, flow.transport_inferred, flow.action, flow.is_folder) == (
        "sftp", True, "upload", True)
    assert flow.sentence == ("Salesforce pushes converted leads into NetSuite's SFTP folder "
                             "when a lead is converted.")
    assert "transport" not in {q.field for q in spec_facts.questions}


def test_a_stated_transport_is_not_replaced_by_the_mailboxs_way_in() -> None:
    flow = facts_of(_with_mailbox_way_in("sftp", transport="rest")).flows[0]
    assert (flow.transport, flow.transport_inferred, flow.action) == ("rest", False, "push")


@pytest.mark.parametrize(("kind", "flow"), [
    ("none", {}),  # no way in yet: nothing to travel by
    ("webhook", POLL),  # a webhook receiver cannot be pulled from
])
def test_no_transport_is_inferred_where_the_way_in_says_nothing(kind: str,
                                                               flow: dict[str, Any]) -> None:
    spec_facts = facts_of(_with_mailbox_way_in(kind, **flow))
    assert spec_facts.flows[0].transport is None
    assert "transport" in {q.field for q in spec_facts.questions}


def test_a_mailbox_whose_way_in_is_a_webhook_receiver_gets_a_registration_question() -> None:
    flow = facts_of(_with_mailbox_way_in("webhook")).flows[0]
    assert flow.webhook is not None and flow.webhook.receiver == "netsuite"
