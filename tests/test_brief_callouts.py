"""The brief states how a catalog system calls out, as its vendor documents, instead of
asking the prospect: how its receiver URL is registered, how its calls are checked."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mailroom.brief.view import brief_view
from mailroom.catalog.loading import load_catalog
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.model import Spec

WEBHOOK_FROM: dict[str, Any] = {
    "our_system": "fieldly",
    "systems": [{"id": "fieldly", "name": "Fieldly", "interface_kind": "webhook"},
                {"id": "crm", "name": "Salesforce", "catalog": "salesforce",
                 "third_party": True}],
    "flows": [{"id": "crm-to-fieldly", "data": "won opportunities", "source": "crm",
               "destination": "fieldly", "mail_person": "crm", "mailbox": "fieldly",
               "trigger": "event", "event": "an opportunity is won",
               "transport": "webhook", "pattern": "clone"}],
}


def brief(catalog_id: str = "salesforce", **flow: Any) -> tuple[str, str, list[str]]:
    data = copy.deepcopy(WEBHOOK_FROM)
    data["systems"][1]["catalog"] = catalog_id
    data["flows"][0].update(flow)
    facts = facts_of(Spec.model_validate(data))
    view = brief_view(facts, source="t.yaml", date="2026-01-15",
                      catalog=load_catalog(ids=[catalog_id]))
    provide = "\n".join(line.text + "".join(f" [{v.text} {v.source}]" for v in line.vendors)
                        for line in view.provide)
    settle = "\n".join(line.text for line in view.questions)
    return provide, settle, [line.text for line in view.questions]


def test_salesforce_outbound_messages_are_stated_not_asked():
    provide, settle, _ = brief(auth={"method": None})
    assert ("someone with admin rights enters Fieldly's receiver URL in Salesforce's "
            "settings.") in provide
    assert "SOAP XML messages sent to a receiver URL set up by hand" in provide
    assert ("How Fieldly checks that the calls come from Salesforce: by the Salesforce "
            "organisation id in each message, Salesforce's published IP addresses or "
            "Salesforce's client certificate.") in provide
    assert "sforce_api_om_outboundmessaging_security.htm" in provide
    for asked in ("receiver URL", "prove who it is", "emit events", "to be confirmed"):
        assert asked not in settle
    assert "pastes" not in provide and "API key" not in provide


def test_an_api_key_salesforce_cannot_send_is_not_promised_and_is_settled():
    provide, settle, _ = brief(auth={"method": "api-key"})
    assert "API key" not in provide
    assert "How Fieldly checks that the calls come from Salesforce" in provide
    assert ("Salesforce's calls to Fieldly are to carry an API key, but the catalog says "
            "Salesforce documents no way for them to carry one") in settle


def test_the_vendors_registration_is_said_even_where_the_spec_says_otherwise():
    provide, settle, _ = brief(webhook_registration="api")
    assert "enters Fieldly's receiver URL in Salesforce's settings" in provide
    assert "through Salesforce's API" not in provide
    assert "The receiver URL is to be registered in Salesforce through its API, but" in settle


def test_a_signed_webhook_names_its_header():
    provide, _, _ = brief("hubspot", auth={"method": None})
    assert ("How Fieldly checks that the calls come from Salesforce: by a signature of each "
            "call in its X-HubSpot-Signature-v3 header.") in provide


def test_a_credential_the_calls_can_carry_stays_the_specs():
    provide, settle, _ = brief("dhis2", auth={"method": "api-key"})
    assert "Salesforce keeps the credentials Fieldly issues for its interface: an API key" \
        in provide
    assert "catalog says" not in settle


def test_events_that_are_subscribed_to_are_not_called_in():
    provide, settle, _ = brief("sap-s4hana", auth={"method": None})
    assert "vendor documents no call to a receiver URL for this" in provide
    assert "the receiving side subscribes to them" in provide
    assert "Salesforce is to call Fieldly's receiver URL, but the catalog says" in settle


@pytest.mark.parametrize("registration, words", [
    ("manual", "someone with admin rights pastes Fieldly's receiver URL into Salesforce's "
               "settings."),
    (None, "how Fieldly's receiver URL is registered in Salesforce is to be confirmed."),
])
def test_a_system_the_catalog_does_not_know_keeps_the_specs_words(registration, words):
    data = copy.deepcopy(WEBHOOK_FROM)
    data["systems"][1]["catalog"] = False
    data["flows"][0]["webhook_registration"] = registration
    view = brief_view(facts_of(Spec.model_validate(data)), source="t.yaml",
                      date="2026-01-15", catalog=load_catalog(ids=[]))
    assert any(words in line.text for line in view.provide)
