"""The sales-brief interview: its questions through the pure engine, what the catalog fills
in (and says where from), what is worked out instead of asked, the spec it writes, and
the next step it shows: `mailroom brief`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SAMPLES
from tests.interview_support import CATALOG, Scripted

from mailroom.checks import check_file
from mailroom.interview import engine
from mailroom.interview.answers import Answers
from mailroom.interview.run import run_interview
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.spec.reading import load_spec

QN = load_questionnaire("sales-brief")

# A retailer asks "Do you integrate with HubSpot?" and wants to be notified when a
# contact unsubscribes: the shortest path (a notification is a push on an event).
NOTIFY: dict[str, Any] = {
    "systems[0].ours": "Shopwise",
    "systems[1].theirs": "HubSpot",
    "systems[1].catalog": "hubspot",
    "organisation": "",  # Enter skips
    "outcome": "",
    "flows[0].pattern": "push",
    "flows[0].source_event": "hubspot",
    "flows[0].data": "Unsubscribes (contact email, date)",
    "flows[0].event": "a contact unsubscribes from marketing email",
    "flows[0].latency": "1 hour",
    "flows[0].transport": "webhook",
    "flows[0].webhook_registration": "manual",
    "flows[0].auth": "other",
    "flows[0].another": False,
    "built_by": None,  # don't know yet: the prospect asks us
    "supported_by": "",
    "customers": "",
    "demo": "",
}

# The same retailer wants its paying customers shared into HubSpot: who starts it and
# what triggers it are asked.
SHARE: dict[str, Any] = {
    "systems[0].ours": "Shopwise",
    "systems[1].theirs": "HubSpot",
    "systems[1].catalog": "hubspot",
    "organisation": "Fernhill Home",
    "outcome": "every paying customer in HubSpot for the newsletter",
    "flows[0].pattern": "clone",
    "flows[0].source": "shopwise",
    "flows[0].data": "Customers who place an order (name, email, order total, shop)",
    "flows[0].mail_person": "shopwise",
    "flows[0].trigger": "event",
    "flows[0].event": "an order is paid",
    "flows[0].latency": "15 minutes",
    "flows[0].transport": "rest",
    "flows[0].auth": "oauth2-authorization-code",
    "flows[0].another": False,
    "built_by": "product",
    "supported_by": "Shopwise support, around the clock",
    "customers": "about 40; Alder & Co will talk to you",
    "demo": "on our sandbox, in 30 minutes",
}


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def replay(script: dict[str, Any], answers: Answers | None = None) -> tuple[Answers, list]:
    answers = answers or Answers()
    asked_all = []
    while (asked := engine.next_question(QN, answers, catalog=CATALOG)) is not None:
        asked_all.append(asked)
        parsed = asked.parse(script[asked.key])
        assert parsed.problem is None, (asked.key, parsed.problem)
        answers = engine.answer(QN, answers, asked.key, parsed.value, catalog=CATALOG).answers
    return answers, asked_all


def asked_at(key: str, script: dict[str, Any]):
    answers = Answers()
    while (asked := engine.next_question(QN, answers, catalog=CATALOG)) is not None:
        if asked.key == key:
            return asked, answers
        answers = engine.answer(QN, answers, asked.key, asked.parse(script[asked.key]).value,
                                catalog=CATALOG).answers
    raise AssertionError(f"{key} was never asked")


# -- the path ---------------------------------------------------------------------------


def test_a_notification_is_the_shortest_path():
    answers, asked = replay(NOTIFY)
    assert [a.key for a in asked] == list(NOTIFY)
    assert len(asked) == 18  # and one more to confirm the end: see the README
    values = answers.values
    assert values["our_system"] == "shopwise"
    assert values["title"] == "How Shopwise integrates with HubSpot"
    assert (values["flows[0].destination"], values["flows[0].id"]) == (
        "shopwise", "hubspot-to-shopwise")
    assert (values["flows[0].mail_person_push"], values["flows[0].mailbox"],
            values["flows[0].trigger_push"]) == ("hubspot", "shopwise", "event")
    assert values["systems[1].kind"] == "CRM" and values["systems[1].third_party"] is True


def test_the_shortest_path_is_sixteen_questions():
    """A notification from a system the catalog does not know, through an API: no catalog
    entry to confirm, no webhook URL to register (README: the sales brief's interview)."""
    script = {**NOTIFY, "systems[1].theirs": "Acme Loyalty",
              "flows[0].source_event": "acme-loyalty", "flows[0].transport": "rest",
              "flows[0].auth": "api-key"}
    del script["systems[1].catalog"], script["flows[0].webhook_registration"]
    answers, asked = replay(script)
    assert [a.key for a in asked] == list(script)
    assert len(asked) == 16
    assert "systems[1].kind" not in answers.values


def test_sharing_data_asks_who_starts_it_and_what_triggers_it():
    _, asked = replay(SHARE)
    keys = [a.key for a in asked]
    assert keys == list(SHARE)
    trigger = next(a for a in asked if a.key == "flows[0].trigger")
    assert [o.value for o in trigger.options] == ["event", "schedule", "on-demand"]


def test_a_pull_cannot_start_on_an_event():
    script = {**SHARE, "flows[0].mail_person": "hubspot", "flows[0].trigger": "schedule",
              "flows[0].schedule": "every 30 minutes"}
    asked, _ = asked_at("flows[0].trigger", script)
    event = next(o for o in asked.options if o.value == "event")
    assert event.disabled == ("HubSpot fetches, and only a push can start on an event in "
                              "Shopwise")


# -- the catalog ---------------------------------------------------------------------------


def test_the_system_named_is_offered_as_its_catalog_entry():
    asked, _ = asked_at("systems[1].catalog", NOTIFY)
    assert asked.text == "HubSpot is in mailroom's catalog. Is it this system?"
    assert [(o.value, o.label) for o in asked.options] == [
        ("hubspot", "yes: HubSpot"), (False, "no, another system")]
    assert asked.default == "hubspot"


def test_what_the_vendor_documents_is_the_default_and_says_where_from():
    asked, _ = asked_at("flows[0].auth", SHARE)
    assert asked.default == "oauth2-authorization-code"
    assert asked.default_source == "https://developers.hubspot.com/apps/api_guidelines"
    documented = [o.value for o in asked.options if "documented by HubSpot" in (o.explain or "")]
    assert documented == ["oauth2-authorization-code", "api-key"]
    transport, _ = asked_at("flows[0].transport", SHARE)
    assert (transport.default, transport.default_source) == (
        "rest", "https://developers.hubspot.com/apps/api_guidelines")
    registration, _ = asked_at("flows[0].webhook_registration", NOTIFY)
    assert registration.default == "manual"
    assert registration.default_source.startswith("https://developers.hubspot.com/")


def test_the_person_can_answer_otherwise_than_the_catalog():
    answers, _ = replay({**SHARE, "flows[0].auth": "api-key", "flows[0].transport": "graphql"})
    assert answers.values["flows[0].auth"] == "api-key"
    assert answers.values["flows[0].transport"] == "graphql"


def test_no_this_is_another_system_leaves_the_catalog_out():
    answers, asked = replay({**SHARE, "systems[1].catalog": False})
    assert answers.values["systems[1].catalog"] is False
    assert "systems[1].kind" not in answers.values
    auth = next(a for a in asked if a.key == "flows[0].auth")
    assert auth.default_source is None
    assert not any("documented" in (o.explain or "") for o in auth.options)


def test_a_changed_answer_works_out_again_what_follows_it():
    answers, _ = replay(SHARE)
    assert answers.values["systems[1].kind"] == "CRM"
    changed = engine.answer(QN, answers, "systems[1].catalog", False, catalog=CATALOG)
    assert "systems[1].kind" not in changed.answers.values  # no longer the catalog's CRM
    assert changed.retracted == ()  # worked-out answers are never "asked again"
    renamed = engine.answer(QN, answers, "systems[1].theirs", "NetSuite", catalog=CATALOG)
    values = renamed.answers.values
    assert values["title"] == "How Shopwise integrates with NetSuite"
    assert values["systems[1].id"] == "netsuite"
    assert values["flows[0].destination"] == "netsuite"


# -- the spec and what comes next -----------------------------------------------------------


def interview(path: Path, script: dict[str, Any], **kwargs: Any) -> Scripted:
    terminal = Scripted(script)
    run_interview(path, questionnaire="sales-brief", terminal=terminal, **kwargs)
    return terminal


def test_the_interview_writes_a_spec_the_brief_is_made_from(tmp_path):
    path = tmp_path / "hubspot.yaml"
    terminal = interview(path, SHARE, person="Lee Chen (sales engineer)")
    assert path.read_text() == (
        "spec: 1\n"
        "title: How Shopwise integrates with HubSpot\n"
        "answered_by: Lee Chen\n"
        "our_system: shopwise\n"
        "prospect:\n"
        "  organisation: Fernhill Home\n"
        "  outcome: every paying customer in HubSpot for the newsletter\n"
        "offer:\n"
        "  built_by: product\n"
        "  supported_by: Shopwise support, around the clock\n"
        "  customers: about 40; Alder & Co will talk to you\n"
        "  demo: on our sandbox, in 30 minutes\n"
        "stakeholders:\n"
        "  - {name: Lee Chen, role: sales engineer}\n"
        "systems:\n"
        "  - id: shopwise\n"
        "    name: Shopwise\n"
        "  - id: hubspot\n"
        "    name: HubSpot\n"
        "    kind: CRM\n"
        "    platform: false\n"
        "    third_party: true\n"
        "    catalog: hubspot\n"
        "flows:\n"
        "  - id: shopwise-to-hubspot\n"
        "    data: Customers who place an order (name, email, order total, shop)\n"
        "    source: shopwise\n"
        "    destination: hubspot\n"
        "    mail_person: shopwise\n"
        "    mailbox: hubspot\n"
        "    trigger: event\n"
        "    event: an order is paid\n"
        "    transport: rest\n"
        "    auth:\n"
        "      method: oauth2-authorization-code\n"
        "    pattern: clone\n"
        "    latency: 15 minutes\n"
    )
    assert check_file(str(path))[1] is False  # no error finding
    said = terminal.text()
    assert ("Next: make the one-page brief for the prospect (what is not known yet is listed "
            f"as to be confirmed)\n  mailroom brief {path} -o briefs") in said
    assert f"mailroom interview --resume {path} --questionnaire sales-brief" in said
    assert "mailroom render" not in said


@pytest.mark.parametrize("sample", sorted((SAMPLES / "briefs").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_each_sample_prospect_is_what_the_interview_writes_from_it(run, tmp_path, sample):
    out = tmp_path / "out.yaml"
    result = run("interview", "--questionnaire", "sales-brief", "--answers", str(sample),
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text() == sample.read_text()  # comments and all


def test_without_a_terminal_the_missing_answers_are_named(run, write, tmp_path):
    draft = write("draft.yaml", "spec: 1\nsystems:\n  - {id: shopwise, name: Shopwise}\n"
                                "  - {id: hubspot, name: HubSpot}\n")
    result = run("interview", "--questionnaire", "sales-brief", "--answers", draft,
                 "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert ("Error:   flows[0]: not given (a spec needs at least 1 flow)\n") in result.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_the_real_interview_in_a_terminal_then_the_brief(run, tmp_path, monkeypatch):
    """`mailroom interview --questionnaire sales-brief`, driven key by key in a
    pseudo-terminal, writes what the engine says; its last lines name `mailroom brief`."""
    import pexpect
    from tests.interview_support import drive, spawn

    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))
    child = spawn(["--questionnaire", "sales-brief", "-o", "spec.yaml",
                   "--as", "Lee Chen (sales engineer)"], str(tmp_path),
                  {"MAILROOM_CACHE_DIR": str(tmp_path / "cache")})
    child.expect("About sixteen questions")
    drive(child, NOTIFY, questionnaire=QN)
    child.expect("Save the spec and run the checks")
    child.send("\r")
    child.expect("mailroom brief spec.yaml -o briefs")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    expected = tmp_path / "expected.yaml"
    interview(expected, NOTIFY, person="Lee Chen (sales engineer)")
    assert (tmp_path / "spec.yaml").read_text() == expected.read_text()
    result = run("brief", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "briefs"),
                 "--format", "md")
    assert result.exit_code == 0
    brief = (tmp_path / "briefs" / "spec-brief.md").read_text()
    assert brief.startswith("# How Shopwise integrates with HubSpot\n")
    assert ("HubSpot pushes unsubscribes into Shopwise's webhook receiver when a contact "
            "unsubscribes from marketing email.") in brief


# -- the catalog in the scoping interview ---------------------------------------------------


def test_the_scoping_interview_takes_what_the_vendor_documents():
    from tests.interview_support import PUSH, replay
    from tests.interview_support import asked_at as scoping_asked_at

    offered = scoping_asked_at("systems[1].catalog")
    assert offered.text == "NetSuite is in mailroom's catalog. Is it this system?"
    answers, asked = replay(PUSH)
    keys = {a.key for a in asked}
    # Documented by the vendor: taken, not asked.
    assert not {"systems[1].kind", "systems[1].way_in"} & keys
    assert (answers.values["systems[1].kind"], answers.values["systems[1].way_in"]) == (
        "ERP", "rest")
    transport = scoping_asked_at("flows[0].transport")
    assert transport.default == "rest"
    assert transport.default_source == ("https://docs.oracle.com/en/cloud/saas/netsuite/"
                                        "ns-online-help/section_157909186990.html")
    auth = scoping_asked_at("flows[0].auth")
    assert auth.default == "oauth2-client-credentials"  # the first NetSuite documents that fits
    assert "docs.oracle.com" in (auth.default_source or "")
    script = {**PUSH, "systems[1].catalog": False, "systems[1].kind": "ERP"}
    unknown = scoping_asked_at("systems[1].kind", script)  # not the catalog's: asked
    assert unknown.default_source is None


# -- the questionnaire format's new keys ----------------------------------------------------


def problems(text: str) -> list[str]:
    from mailroom.errors import MailroomError
    from mailroom.questionnaire.loading import parse_questionnaire

    with pytest.raises(MailroomError) as exc:
        parse_questionnaire(text, "q.yaml")
    return str(exc.value).splitlines()


def test_mistakes_with_the_catalog_and_worked_out_questions_are_reported():
    from tests.test_questionnaire import GOOD

    text = GOOD.replace("    min: 1\n", "    min: 2\n    max: 1\n").replace(
        "        prompt: Id of system {n}\n",
        "        prompt: Id of system {n}\n"
        "      - id: kind\n        field: kind\n        ask: false\n"
        "        prompt: Kind?\n"
        "      - id: api\n        field: api\n        type: confirm\n"
        "        catalog: {fact: api, of: mailbox}\n        prompt: API?\n")
    assert problems(text) == [
        "q.yaml:20: items[1].questions[1].ask: a question that is never asked needs a default, "
        "a catalog fact or choices to be worked out from",
        "q.yaml:25: items[1].questions[2].catalog.of: a system's question takes the fact of "
        "that system; leave out `of`",
        "q.yaml:11: items[1].max: is less than min (2)",
    ]


def test_a_flow_whose_ends_are_not_known_yet_is_still_a_flow(tmp_path):
    script = {**SHARE, "flows[0].source": None, "flows[0].mail_person": None,
              "flows[0].trigger": None}
    answers, asked = replay(script)
    assert answers.values["flows[0].id"] == "flow-1"  # the first default that can be filled in
    assert "flows[0].destination" not in answers.values  # two systems are left: not guessed
    path = tmp_path / "open.yaml"
    interview(path, script)
    spec = load_spec(path).spec
    assert [f.id for f in spec.flows] == ["flow-1"]
    assert (spec.flows[0].source, spec.flows[0].mail_person) == (None, None)


def test_the_first_question_cannot_go_back_even_after_what_is_worked_out():
    asked = engine.next_question(QN, Answers(), catalog=CATALOG)
    assert asked is not None and asked.key == "systems[0].ours"
    assert asked.can_go_back is False
