"""What a catalog system's vendor documents is known, not asked: `mailroom check`, the
requirements document and the brief read one decision (facts/documented.py). A system
the catalog does not know is still asked; the spec's own answer wins over the catalog."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from mailroom.brief.view import brief_view
from mailroom.catalog.loading import entry_ids, load_catalog
from mailroom.checks import check_file, run_checks
from mailroom.document.build import build_document
from mailroom.document.output import Options
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.model import Spec

# Salesforce calls Fieldly on an event; the spec leaves Salesforce's events, how the
# receiver URL is registered and how its calls are checked empty.
WEBHOOK_FROM: dict[str, Any] = {
    "title": "Won opportunities to Fieldly",
    "our_system": "fieldly",
    "systems": [{"id": "fieldly", "name": "Fieldly", "interface_kind": "webhook"},
                {"id": "crm", "name": "Salesforce", "catalog": "salesforce",
                 "third_party": True}],
    "flows": [{"id": "crm-to-fieldly", "data": "won opportunities", "source": "crm",
               "destination": "fieldly", "mail_person": "crm", "mailbox": "fieldly",
               "trigger": "event", "event": "an opportunity is won",
               "transport": "webhook", "pattern": "clone"}],
}
DOCUMENTED = {(None, "systems.crm.events"), ("crm-to-fieldly", "webhook_registration"),
              ("crm-to-fieldly", "auth.method")}
OUTBOUND = "sforce_api_om_outboundmessaging"  # the page Salesforce documents them on


def spec(catalog: str | bool = "salesforce", **system: Any) -> Spec:
    data = copy.deepcopy(WEBHOOK_FROM)
    data["systems"][1]["catalog"] = catalog
    data["systems"][1].update(system)
    return Spec.model_validate(data)


def open_questions(markdown: str) -> str:
    """The document's Open questions section."""
    return markdown.split("\n## Open questions", 1)[1].split("\n## ", 1)[0]


def asked(the_spec: Spec) -> set[tuple[str | None, str | None]]:
    catalog = load_catalog(ids=entry_ids(the_spec))
    return {(f.flow, f.field) for f in run_checks(the_spec, catalog)
            if f.code == "open-question"}


def test_what_the_catalog_documents_is_not_asked_by_check() -> None:
    found = asked(spec())
    assert not DOCUMENTED & found
    facts = facts_of(spec(), load_catalog(ids=["salesforce"]))
    answers = {(d.flow, d.field): d for d in facts.documented}
    assert set(answers) >= DOCUMENTED
    registration = answers[("crm-to-fieldly", "webhook_registration")]
    assert registration.text == ("Salesforce's vendor documents that the receiver URL for "
                                 "its outbound messages is set up by hand in its settings.")
    assert OUTBOUND in registration.source
    # Who registers it is still to decide; how is the vendor's, with its page.
    warning = next(f for f in run_checks(spec(), load_catalog(ids=["salesforce"]))
                   if f.code == "webhook-registration")
    assert "is set up by hand in its settings (https://developer.salesforce.com/" in \
        warning.message
    assert "copied in by hand" not in warning.message


def test_a_system_the_catalog_does_not_know_is_still_asked() -> None:
    assert asked(spec(catalog=False)) >= DOCUMENTED
    assert facts_of(spec(catalog=False), load_catalog(ids=[])).documented == ()


def test_without_a_catalog_every_unknown_is_asked() -> None:
    facts = facts_of(spec())
    assert {(q.flow, q.field) for q in facts.questions} >= DOCUMENTED


def test_the_specs_own_answer_wins_over_the_catalog() -> None:
    facts = facts_of(spec(events=False), load_catalog(ids=["salesforce"]))
    assert facts.documented_answer(None, "systems.crm.events") is None
    assert facts.system("crm").events.value is False  # type: ignore[union-attr]


def test_the_contradiction_is_still_flagged() -> None:
    the_spec = spec(events=False)  # Salesforce documents outbound messages
    codes = {f.code for f in run_checks(the_spec, load_catalog(ids=["salesforce"]))}
    assert any(code.startswith("catalog-") for code in codes)


def test_check_the_document_and_the_brief_agree(tmp_path: Path) -> None:
    path = tmp_path / "won.yaml"
    path.write_text(yaml.safe_dump(WEBHOOK_FROM, sort_keys=False), encoding="utf-8")
    report, _ = check_file(str(path), output="json")
    fields = {(f.get("flow"), f.get("field")) for f in yaml.safe_load(report)["findings"]
              if f["code"] == "open-question"}
    assert not DOCUMENTED & fields
    build_document(path, tmp_path / "out", Options(formats=("md",), stub=False))
    markdown = (tmp_path / "out" / "won.md").read_text(encoding="utf-8")
    questions = open_questions(markdown)
    assert "receiver URL" not in questions and "emit events" not in questions
    # Where it would have asked, it states the vendor's word with its page.
    assert ("Salesforce's vendor documents that the receiver URL for its outbound messages "
            "is set up by hand in its settings.") in markdown
    assert "Salesforce's vendor documents events: outbound messages" in markdown
    assert OUTBOUND in markdown
    view = brief_view(facts_of(spec()), source="won.yaml", date="2026-01-15")
    settle = " ".join(line.text for line in view.questions)
    assert "receiver URL" not in settle and "emit events" not in settle


def test_the_document_asks_where_the_catalog_does_not_know(tmp_path: Path) -> None:
    data = copy.deepcopy(WEBHOOK_FROM)
    data["systems"][1]["catalog"] = False
    path = tmp_path / "won.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    build_document(path, tmp_path / "out", Options(formats=("md",), stub=False))
    markdown = (tmp_path / "out" / "won.md").read_text(encoding="utf-8")
    questions = open_questions(markdown)
    assert "receiver URL" in questions and "emit events" in questions
    assert "vendor documents" not in markdown


def test_netsuites_client_credentials_are_a_signed_jwt_not_a_secret(tmp_path: Path) -> None:
    """NetSuite's client-credentials grant takes a JWT signed with the certificate's private
    key (its client_assertion); the document and the brief say that, with the page, and
    never ask for a client secret it does not take. Without the catalog entry they keep the
    method's usual words."""
    data = yaml.safe_load(Path("samples/briefs/expensly-netsuite.yaml").read_text("utf-8"))
    assert any(f.get("auth", {}).get("method") == "oauth2-client-credentials"
               for f in data["flows"])
    path = tmp_path / "expensly.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    build_document(path, tmp_path / "out", Options(formats=("md",), stub=False))
    markdown = (tmp_path / "out" / "expensly.md").read_text(encoding="utf-8")
    credential = [line for line in markdown.splitlines() if line.startswith("- **Credential:**")]
    assert credential and all("signs the JWT each token request sends in place of a client "
                              "secret" in line and "section_162755359851" in line
                              for line in credential)
    the_spec = Spec.model_validate(data)
    view = brief_view(facts_of(the_spec), source="expensly.yaml", date="2026-01-15")
    provide = " ".join(line.text for line in view.provide)
    assert "private key of the certificate" in provide
    assert "client id and client secret" not in provide

    unknown = copy.deepcopy(data)
    for system in unknown["systems"]:
        if system.get("catalog") == "netsuite" or system["id"] == "netsuite":
            system["catalog"] = False
    view = brief_view(facts_of(Spec.model_validate(unknown)), source="expensly.yaml",
                      date="2026-01-15")
    provide = " ".join(line.text for line in view.provide)
    assert "client id and client secret" in provide and "JWT" not in provide
