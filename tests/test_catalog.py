"""The catalog of known systems: valid, sourced, extendable, and used by check."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mailroom.catalog.loading import Catalog, load_catalog, validate_folder
from mailroom.catalog.model import facts_of
from mailroom.checks import run_checks
from mailroom.checks.registry import CATALOG_RULES
from mailroom.errors import SpecError
from mailroom.resources import packaged
from mailroom.spec.model import Spec

REQUIRED = {"salesforce", "netsuite", "commcare", "postgresql", "sftp", "hubspot", "dhis2",
            "boomi", "openfn", "zoho-flow", "rest-service", "intranet-cms"}


def test_the_built_in_catalog_is_valid_and_complete():
    folder = packaged("catalog")
    assert validate_folder(str(folder)) == []
    catalog = load_catalog()
    assert set(catalog.entries) >= REQUIRED
    assert sum(1 for p in folder.iterdir() if p.name.endswith(".yaml")) == len(catalog.entries)


def test_the_catalog_knows_thirty_systems_by_distinct_ids_and_names():
    catalog = load_catalog()
    assert len(catalog.entries) >= 30
    names = [e.name.lower() for e in catalog.entries.values()]
    assert len(set(names)) == len(names)


def test_every_fact_names_its_vendor_page_and_the_sentence_it_rests_on():
    for entry in load_catalog().entries.values():
        assert entry.docs.startswith("https://")
        found = facts_of(entry)
        assert all(f.source.startswith("https://") and len(f.quote) >= 20 and " " in f.quote
                   for _, f in found), entry.id
        for name, fact in found:
            assert all(e.source.startswith("https://") and e.quote for e in fact.also), \
                (entry.id, name)


def test_every_adaptor_is_an_openfn_package_and_cites_its_package_json():
    adaptors = {e.id: e.adaptor for e in load_catalog().entries.values() if e.adaptor}
    assert {"salesforce", "dhis2", "commcare", "postgresql", "sftp"} <= set(adaptors)
    for entry_id, adaptor in adaptors.items():
        folder = adaptor.package.removeprefix("@openfn/language-")
        assert adaptor.source == ("https://github.com/OpenFn/adaptors/blob/main/packages/"
                                  f"{folder}/package.json"), entry_id
        assert adaptor.quote == f'"name": "{adaptor.package}"'


def test_salesforce_calls_out_by_soap_outbound_messages_and_by_subscription():
    entry = load_catalog(ids=["salesforce"]).get("salesforce")
    outbound, streamed = entry.callouts
    assert (outbound.delivery, outbound.payload, outbound.registration) == (
        "push", "soap-xml", "manual")
    assert set(outbound.security) == {"organisation-id", "ip-allow-list",
                                      "client-certificate"}
    assert outbound.signature_header is None
    assert (streamed.delivery, streamed.registration) == ("subscribe", None)
    assert entry.paging.style == "next-link" and "nextRecordsUrl" in entry.paging.parameters


def test_platforms_are_marked():
    catalog = load_catalog()
    assert {e.id for e in catalog.entries.values() if e.platform} == {"boomi", "openfn",
                                                                       "zoho-flow"}


def write_entry(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text)
    return path


GOOD = """\
id: acme-erp
name: Acme ERP
kind: ERP
docs: https://acme.example.com/docs
api: {available: true, styles: [rest], source: https://acme.example.com/docs/api,
      quote: The Acme REST API reads and writes every record.}
"""


def test_a_users_folder_adds_and_overrides(tmp_path):
    folder = tmp_path / "mine"
    write_entry(folder, "acme-erp", GOOD)
    write_entry(folder, "salesforce", GOOD.replace("acme-erp", "salesforce"))
    catalog = load_catalog(folder)
    assert catalog.get("acme-erp").name == "Acme ERP"
    assert catalog.get("salesforce").name == "Acme ERP"
    assert catalog.origin["salesforce"] == str(folder / "salesforce.yaml")
    assert catalog.origin["hubspot"] == "mailroom's built-in catalog"


def test_validate_names_file_line_and_field(tmp_path, run):
    folder = tmp_path / "mine"
    write_entry(folder, "acme-erp", GOOD.replace("source: https://acme.example.com/docs/api",
                                                 "source: acme docs"))
    write_entry(folder, "other", GOOD)
    result = run("catalog", "validate", str(folder))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {folder}/acme-erp.yaml:5: api.source: Value error, must be an https:// link "
        "to the public documentation",
        f"Error: {folder}/other.yaml:1: id: 'acme-erp' must match the file name (other.yaml)",
    ]
    write_entry(tmp_path / "ok", "acme-erp", GOOD)
    ok = run("catalog", "validate", str(tmp_path / "ok"))
    assert (ok.exit_code, ok.stdout) == (0, f"{tmp_path / 'ok'}: every entry is valid.\n")


CALLOUT = """\
callouts:
  - mechanism: webhooks
    delivery: {delivery}
    payload: {payload}
    registration: manual
    security: [{security}]
    signature_header: X-Acme-Signature
    source: https://acme.example.com/docs/webhooks
    quote: {quote}
"""


@pytest.mark.parametrize(("fields", "problem"), [
    ({"payload": "yaml"}, "callouts[0].payload: Input should be 'json', 'soap-xml', 'xml', "
     "'form-encoded' or 'other'"),
    ({"security": "secret-handshake"}, "callouts[0].security[0]: Input should be "
     "'hmac-signature', "),
    ({"quote": "yes"}, "callouts[0].quote: Value error, must be the vendor's own sentence"),
    ({"delivery": "subscribe"}, "callouts[0].registration: a subscription has no receiver URL"),
    ({"security": "shared-secret"}, "callouts[0].signature_header: a signature header needs "
     "hmac-signature"),
])
def test_a_malformed_fact_is_refused_naming_file_line_and_field(tmp_path, run, fields,
                                                                 problem):
    values = {"delivery": "push", "payload": "json", "security": "hmac-signature",
              "quote": "Acme signs each webhook request with your secret.", **fields}
    folder = tmp_path / "mine"
    path = write_entry(folder, "acme-erp", GOOD + CALLOUT.format(**values))
    result = run("catalog", "validate", str(folder))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}:")
    assert problem in line


def test_a_fact_without_its_quote_is_refused(tmp_path, run):
    folder = tmp_path / "mine"
    path = write_entry(folder, "acme-erp", GOOD.replace(
        ",\n      quote: The Acme REST API reads and writes every record.", ""))
    result = run("catalog", "validate", str(folder))
    assert result.stderr.splitlines() == [f"Error: {path}:5: api.quote: Field required"]


def test_a_rate_limit_gives_both_its_number_and_its_period(tmp_path, run):
    folder = tmp_path / "mine"
    path = write_entry(folder, "acme-erp", GOOD + """\
rate_limits:
  - text: 100 requests a minute.
    requests: 100
    source: https://acme.example.com/docs/limits
    quote: Each account may make 100 requests per minute.
""")
    result = run("catalog", "validate", str(folder))
    assert result.stderr.splitlines() == [
        f"Error: {path}:8: rate_limits[0].per: requests and per go together (so many "
        "requests per second, minute, hour or day)"]


def test_paging_query_parameters_are_among_its_parameters(tmp_path, run):
    folder = tmp_path / "mine"
    path = write_entry(folder, "acme-erp", GOOD + """\
paging:
  style: cursor
  parameters: [limit, next_cursor]
  query: [limit, cursor]
  source: https://acme.example.com/docs/paging
  quote: Each page gives the cursor of the next one in next_cursor.
""")
    result = run("catalog", "validate", str(folder))
    assert result.stderr.splitlines() == [
        f"Error: {path}:10: paging.query: cursor is not among the paging's parameters; query "
        "names those a request sends"]
    write_entry(folder, "acme-erp", (GOOD + path.read_text()[len(GOOD):]).replace(
        "query: [limit, cursor]", "query: [limit]"))
    assert run("catalog", "validate", str(folder)).exit_code == 0


def test_a_client_assertion_rests_on_a_quote_that_says_so(tmp_path, run):
    """Client credentials proven by a signed JWT (NetSuite's) change what the document
    and the brief ask for, so the claim needs the vendor's sentence."""
    folder = tmp_path / "mine"
    path = write_entry(folder, "acme-erp", GOOD + """\
auth:
  methods: [oauth2-client-credentials]
  client_assertion: true
  source: https://acme.example.com/docs/oauth
  quote: Acme accepts the OAuth 2.0 client credentials grant.
""")
    result = run("catalog", "validate", str(folder))
    assert result.stderr.splitlines() == [
        f"Error: {path}:9: auth.client_assertion: no quote of the auth fact says that the "
        "client credentials are a client_assertion; quote the vendor's sentence"]
    write_entry(folder, "acme-erp", path.read_text().replace(
        "grant.", "grant; the client_assertion is a JWT the client signs."))
    assert run("catalog", "validate", str(folder)).exit_code == 0


def test_catalog_list_and_show(run):
    listed = run("catalog")
    assert listed.exit_code == 0
    assert re.search(r"^salesforce +Salesforce \(CRM\)$", listed.stdout, re.M)
    shown = run("catalog", "show", "sftp")
    assert shown.stdout.splitlines()[:4] == [
        "SFTP area (sftp): file area",
        "Documentation: https://www.openssh.com/manual.html",
        "",
        "API:     yes: sftp",
    ]
    assert "Events:  cannot emit events" in shown.stdout
    data = json.loads(run("catalog", "show", "hubspot", "--format", "json").stdout)
    assert data["events"]["registration"] == "manual"
    missing = run("catalog", "show", "sap")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("Error: the catalog has no system 'sap'; it knows: airtable,")


def spec(**flow_overrides) -> Spec:
    flow = {"id": "sftp-to-hubspot", "source": "sftp", "destination": "hubspot",
            "mail_person": "sftp", "mailbox": "hubspot", "trigger": "event",
            "event": "a file arrives", "transport": "rest",
            "auth": {"method": "oauth2-authorization-code"}, **flow_overrides}
    return Spec.model_validate({
        "systems": [{"id": "sftp", "name": "Partner SFTP"},
                    {"id": "hubspot", "name": "HubSpot", "api": True}],
        "flows": [flow],
    })


def catalog_findings(spec: Spec) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.field, f.message) for f in run_checks(spec)
            if f.code.startswith("catalog-")]


def test_event_from_a_system_that_cannot_emit_events_names_the_source():
    [(code, field, message)] = catalog_findings(spec())
    assert (code, field) == ("catalog-events", "trigger")
    assert message == (
        "The flow starts on an event in Partner SFTP, but the catalog says SFTP area cannot "
        "emit events (source: https://man.openbsd.org/sftp-server). Decide: poll it on a "
        "schedule, or find another way to be told.")


def test_system_answers_that_contradict_the_catalog():
    s = spec(trigger="schedule", event=None, schedule="every hour")
    s.systems[0].events = True
    s.systems[1].api = False
    found = {(code, field) for code, field, _ in catalog_findings(s)}
    assert found == {("catalog-events", "systems.sftp.events"),
                     ("catalog-api", "systems.hubspot.api")}


def test_auth_method_the_mailbox_does_not_document():
    [(code, field, message)] = catalog_findings(spec(trigger="schedule", event=None,
                                                     schedule="every hour",
                                                     auth={"method": "mtls"}))
    assert (code, field) == ("catalog-auth", "auth.method")
    assert "HubSpot accepts an OAuth 2.0 authorization code (a user's consent) or an API key" \
        in message


def test_webhook_registration_by_api_where_the_vendor_says_by_hand():
    s = Spec.model_validate({
        "systems": [{"id": "hubspot", "events": True}, {"id": "crm2"}],
        "flows": [{"id": "hubspot-to-crm2", "source": "hubspot", "destination": "crm2",
                   "mail_person": "hubspot", "trigger": "event", "event": "a deal closes",
                   "transport": "webhook", "webhook_registration": "api"}],
    })
    [(code, field, message)] = catalog_findings(s)
    assert (code, field) == ("catalog-webhook-registration", "webhook_registration")
    assert "set up by hand in its settings" in message


def test_agreeing_specs_and_unknown_systems_get_no_catalog_findings():
    agreeing = spec(trigger="schedule", event=None, schedule="every hour")
    assert catalog_findings(agreeing) == []
    unknown = Spec.model_validate({"systems": [{"id": "acme", "api": False}],
                                   "flows": []})
    assert catalog_findings(unknown) == []
    assert run_checks(unknown, Catalog()) == run_checks(unknown)


def test_the_catalog_field_links_a_system_with_another_id():
    s = spec()
    s.systems[0].id = "partner-files"
    s.systems[0].catalog = "sftp"
    s.flows[0].source = s.flows[0].mail_person = "partner-files"
    assert [c for c, _, _ in catalog_findings(s)] == ["catalog-events"]


@pytest.mark.parametrize("code", sorted({rule[0] for rule in CATALOG_RULES}))
def test_every_catalog_rule_is_tested_here(code):
    source = Path(__file__).read_text()
    assert source.count(f'"{code}"') >= 1


def test_an_entry_read_once_is_read_from_the_cache_until_its_text_changes(tmp_path):
    folder, cache = tmp_path / "mine", tmp_path / "cache"
    cache.mkdir()
    path = write_entry(folder, "acme-erp", GOOD)
    first = load_catalog(folder, ids=["acme-erp"], cache=cache).get("acme-erp")
    assert len(list(cache.glob("catalog-entry-*.json"))) == 1
    assert load_catalog(folder, ids=["acme-erp"], cache=cache).get("acme-erp") == first
    path.write_text(GOOD.replace("Acme ERP", "Acme ERP 2"))
    assert load_catalog(folder, ids=["acme-erp"], cache=cache).get("acme-erp").name == \
        "Acme ERP 2"
    path.write_text(GOOD.replace("quote: The Acme REST API reads and writes every record.",
                                 "quote: short"))
    with pytest.raises(SpecError, match="api.quote"):  # a bad entry is never a cache hit
        load_catalog(folder, ids=["acme-erp"], cache=cache)


def webhook_from(entry_id: str, **flow_overrides) -> Spec:
    return Spec.model_validate({
        "systems": [{"id": "source", "name": "Their system", "catalog": entry_id},
                    {"id": "ours", "name": "Ours"}],
        "flows": [{"id": "source-to-ours", "source": "source", "destination": "ours",
                   "mail_person": "source", "mailbox": "ours", "trigger": "event",
                   "event": "a record changes", "transport": "webhook",
                   **flow_overrides}],
    })


def test_a_webhook_from_a_system_whose_events_are_subscribed_to():
    [(code, field, message)] = catalog_findings(webhook_from("sap-s4hana"))
    assert (code, field) == ("catalog-callout", "transport")
    assert message.startswith("Their system is to call Ours's receiver URL, but the catalog "
                              "says SAP S/4HANA documents no such call: business events: the "
                              "receiving side subscribes to them")


@pytest.mark.parametrize(("entry_id", "method", "warned"), [
    ("salesforce", "api-key", True),      # outbound messages carry no key
    ("salesforce", "mtls", False),        # Salesforce's client certificate
    ("hubspot", "basic", True),           # signed, never a password
    ("dhis2", "api-key", False),          # event hooks send a token
    ("dhis2", "other", False),
])
def test_a_credential_the_callers_calls_cannot_carry(entry_id, method, warned):
    found = catalog_findings(webhook_from(entry_id, auth={"method": method}))
    assert [(c, f) for c, f, _ in found] == ([("catalog-callout", "auth.method")]
                                             if warned else [])
