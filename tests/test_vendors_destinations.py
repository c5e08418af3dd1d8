"""The write side of vendor dialects (mailroom.vendors.writes): for each catalog system
with a vendor-shaped destination, the job generated for a push into it, run on the OpenFn
runtime against the vendor-shaped mock, reaches the endpoint the vendor documents with
the authentication it documents, and the Python engine makes the same deliveries.

Its own spec and runs (test_vendors.py has the read side), so that neither grows slow.
The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.test_simulate_openfn import assert_same
from tests.test_vendors import to, workflow

from mailroom.environment import Environment
from mailroom.simulate import Report, simulate
from mailroom.simulate.transcript import transcript
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance

WRITES = """\
spec: 1
title: Every vendor-shaped destination
systems:
  - {id: mailchimp, name: Mailchimp, api: true}
  - {id: airtable, name: Airtable, api: true}
  - {id: dynamics-365, name: Microsoft Dynamics 365, api: true}
  - {id: stripe, name: Stripe, api: true}
  - {id: google-sheets, name: Google Sheets, api: true}
  - {id: zendesk, name: Zendesk, api: true}
  - {id: servicenow, name: ServiceNow, api: true}
  - {id: woocommerce, name: WooCommerce, api: true}
  - {id: erp, name: ERP, api: true}
flows:
  - id: erp-to-mailchimp
    data: Customers (email, first name)
    fields:
      - {source_field: email, destination_field: email_address, personal: true}
      - {source_field: first_name, destination_field: FNAME, personal: true}
    source: erp
    destination: mailchimp
    mail_person: erp
    mailbox: mailchimp
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: basic, credential_name: MAILCHIMP_KEY}
  - id: erp-to-airtable
    data: Volunteers (name, email)
    fields:
      - {source_field: name, destination_field: Name}
      - {source_field: email, destination_field: Email, personal: true}
    source: erp
    destination: airtable
    mail_person: erp
    mailbox: airtable
    trigger: event
    event: a volunteer signs up
    transport: rest
    auth: {method: api-key, credential_name: AIRTABLE_TOKEN}
  - id: erp-to-dynamics
    data: Contacts (full name, email)
    fields:
      - {source_field: full_name, destination_field: fullname}
      - {source_field: email, destination_field: emailaddress1, personal: true}
    source: erp
    destination: dynamics-365
    mail_person: erp
    mailbox: dynamics-365
    trigger: event
    event: a contact is added
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: DATAVERSE_APP,
           scopes: ["https://contoso.crm.dynamics.com/.default"]}
  - id: erp-to-stripe
    data: Customers (name, email)
    fields:
      - {source_field: name, destination_field: name}
      - {source_field: email, destination_field: email, personal: true}
    source: erp
    destination: stripe
    mail_person: erp
    mailbox: stripe
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: api-key, credential_name: STRIPE_KEY}
  - id: erp-to-sheets
    data: Volunteers (name, email)
    fields:
      - {source_field: name, destination_field: Name}
      - {source_field: email, destination_field: Email, personal: true}
    source: erp
    destination: google-sheets
    mail_person: erp
    mailbox: google-sheets
    trigger: event
    event: a volunteer signs up
    transport: rest
    auth: {method: oauth2-authorization-code, credential_name: SHEETS_OAUTH}
  - id: erp-to-zendesk
    data: Customers (name, email)
    fields:
      - {source_field: name, destination_field: name}
      - {source_field: email, destination_field: email, personal: true}
    source: erp
    destination: zendesk
    mail_person: erp
    mailbox: zendesk
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: basic, credential_name: ZENDESK_TOKEN}
  - id: erp-to-servicenow
    data: Outages (short_description, urgency)
    fields:
      - {source_field: short_description, destination_field: short_description}
      - {source_field: urgency, destination_field: urgency}
    source: erp
    destination: servicenow
    mail_person: erp
    mailbox: servicenow
    trigger: event
    event: an outage is reported
    transport: rest
    auth: {method: basic, credential_name: SERVICENOW_LOGIN}
  - id: erp-to-woocommerce
    data: Customers (first name, email)
    fields:
      - {source_field: first_name, destination_field: first_name, personal: true}
      - {source_field: email, destination_field: email, personal: true}
    source: erp
    destination: woocommerce
    mail_person: erp
    mailbox: woocommerce
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: basic, credential_name: WOOCOMMERCE_KEYS}
"""

_HEX32 = re.compile(r"^[0-9a-f]{32}$")


@pytest.fixture(scope="module")
def writes_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "writes.yaml"
    path.write_text(WRITES)
    return path


@pytest.fixture(scope="module")
def python_report(writes_spec) -> Report:
    return simulate(load_spec(writes_spec).spec, engine="python", source=str(writes_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, writes_spec) -> Report:
    return simulate(load_spec(writes_spec).spec, engine="openfn", source=str(writes_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def test_every_push_speaks_its_vendors_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        pushes = [s for s in w.workflow.steps if s.kind == "push"]
        assert pushes and all(s.target is not None and s.target.dialect is not None
                              and s.target.dialect.push is not None for s in pushes), \
            w.workflow.id


def test_the_job_on_the_openfn_runtime_upserts_mailchimp_members_as_it_documents(
        openfn_report):
    push = workflow(openfn_report, "erp-to-mailchimp")
    calls = to(push, "Mailchimp")
    assert calls and {e.request.method for e in calls} == {"PUT"}
    for call in calls:
        head, _, digest = call.request.path.rpartition("/")
        assert head == "/3.0/lists/TODO_list/members" and _HEX32.match(digest)
        # the subscriber hash: the MD5 of the lower-cased address the body carries
        address = call.request.body["email_address"]
        assert digest == hashlib.md5(address.lower().encode()).hexdigest()
        assert call.request.body["status_if_new"] == "pending"
        assert set(call.request.body["merge_fields"]) == {"FNAME"}  # the rest of the mapping
        assert call.request.headers["authorization"].startswith("Basic ")
        assert "idempotency-key" not in call.request.headers
    assert calls[0].request.body == {"email_address": "person1@example.org",
                                     "status_if_new": "pending",
                                     "merge_fields": {"FNAME": "Ada Byron"}}
    assert {e.answer.status for e in calls} >= {200, 400, 500}
    # the repeated event updated the member it added: no second one
    assert any(e.answer.note.startswith("updated") for e in calls)
    refused = next(e for e in calls if e.answer.status == 400)
    assert refused.answer.body["title"] == "Invalid Resource" and "detail" in refused.answer.body
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(":")[0] for d in letters] == ["Invalid Resource"]


def test_the_job_on_the_openfn_runtime_upserts_airtable_records_as_it_documents(
        openfn_report):
    push = workflow(openfn_report, "erp-to-airtable")
    calls = to(push, "Airtable")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("PATCH", "/v0/appTODO/TODO_table")}
    assert all(re.fullmatch(r"Bearer sim-apikey-[0-9a-f]+", e.request.headers["authorization"])
               for e in calls)
    first = calls[0].request.body
    assert first == {"performUpsert": {"fieldsToMergeOn": ["mailroom_key"]},
                     "records": [{"fields": {"Name": "Ada Byron", "Email": "person1@example.org",
                                             "mailroom_key": "erp-to-airtable:volunteer-0001"}}],
                     "typecast": False}
    assert all(len(e.request.body["records"]) == 1 for e in calls)  # 10 at most; one here
    answers = [e.answer.body for e in calls if e.answer.status == 200]
    assert any(a["createdRecords"] for a in answers)
    assert any(a["updatedRecords"] for a in answers)  # the repeated event: updated, not added
    assert {e.answer.status for e in calls} >= {429, 500, 422}
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(":")[0] for d in letters] == ["MOCK_REFUSED"]


def test_the_job_on_the_openfn_runtime_upserts_dataverse_rows_by_alternate_key(openfn_report):
    push = workflow(openfn_report, "erp-to-dynamics")
    calls = to(push, "Microsoft Dynamics 365")
    tokens = [e for e in calls if e.request.method == "POST"]
    assert tokens and all(e.request.path.endswith("/oauth2/v2.0/token") for e in tokens)
    upserts = [e for e in calls if e.request.method != "POST"]
    assert upserts and {e.request.method for e in upserts} == {"PATCH"}
    assert upserts[0].request.path == \
        "/api/data/v9.2/contacts(mailroom_key='erp-to-dynamics%3Acontact-0001')"
    assert upserts[0].request.body == {"fullname": "Ada Byron",
                                       "emailaddress1": "person1@example.org"}
    for call in upserts:
        assert call.request.headers["authorization"].startswith("Bearer ")
        assert call.request.headers["odata-version"] == "4.0"
        # an upsert: neither create nor update is refused
        assert "if-match" not in call.request.headers
        assert "if-none-match" not in call.request.headers
    assert {e.answer.status for e in upserts} >= {204, 429, 500, 400}
    assert any(e.answer.note == "204 updated: a row with this key was there" for e in upserts)
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["status"] for d in letters] == [400]


def test_the_dataverse_mock_keeps_if_match_and_if_none_match_as_microsoft_documents():
    from mailroom.simulate.mocks import FaultPlan, Request
    from mailroom.simulate.vendor_writes import DataverseUpsertRoute
    from mailroom.vendors import DIALECTS

    route = DataverseUpsertRoute(DIALECTS["dynamics-365"], "", "ERP", None, FaultPlan(),
                                 "Dynamics")
    path = "/api/data/v9.2/contacts(mailroom_key='it''s-1')"

    def patch(headers):
        params = route.match("PATCH", path)
        assert params is not None
        return route.answer(Request("PATCH", path, {}, headers, {"fullname": "x"}), params)

    assert patch({"If-Match": "*"}).status == 404  # If-Match: * does not create
    assert patch({}).status == 204 and [d.key for d in route.deliveries] == ["it's-1"]
    refused = patch({"If-None-Match": "*"})  # If-None-Match: * does not update
    assert refused.status == 412
    assert refused.body["error"]["message"] == "A record with matching key values already exists."
    assert patch({"If-Match": "*"}).status == 204 and route.duplicates == ["it's-1"]


def test_the_job_on_the_openfn_runtime_creates_stripe_objects_with_idempotency_keys(
        openfn_report):
    push = workflow(openfn_report, "erp-to-stripe")
    calls = to(push, "Stripe")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/v1/customers")}
    for call in calls:
        assert re.fullmatch(r"Bearer sim-apikey-[0-9a-f]+", call.request.headers["authorization"])
        assert call.request.headers["content-type"] == "application/x-www-form-urlencoded"
        assert call.request.headers["idempotency-key"].startswith("erp-to-stripe:customer-")
    assert calls[0].request.raw == b"name=Ada%20Byron&email=person1%40example.org"
    # the repeated event carries the first one's key and is given its saved answer
    first, last = calls[0], calls[-1]
    assert last.request.headers["idempotency-key"] == first.request.headers["idempotency-key"]
    assert last.answer.body == first.answer.body and last.answer.body["id"].startswith("cus_")
    assert {e.answer.status for e in calls} >= {200, 500, 400}
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(":")[0] for d in letters] == ["invalid_request_error"]


def test_the_stripe_mock_replays_a_key_and_refuses_it_with_other_parameters():
    from mailroom.simulate.mocks import FaultPlan, Request
    from mailroom.simulate.vendor_payments import StripeCreateRoute
    from mailroom.vendors import DIALECTS

    route = StripeCreateRoute(DIALECTS["stripe"], "", "ERP", None, FaultPlan(), "Stripe")
    form = {"Content-Type": "application/x-www-form-urlencoded", "Idempotency-Key": "k1"}

    def create(headers, body):
        params = route.match("POST", "/v1/customers")
        assert params is not None
        return route.answer(Request("POST", "/v1/customers", {}, headers, body), params)

    made = create(form, {"name": "Ada"})
    assert made.status == 200 and made.body["object"] == "customer"
    assert create(form, {"name": "Ada"}).body == made.body and route.duplicates == ["k1"]
    other = create(form, {"name": "Grace"})
    assert other.status == 400 and other.body["error"]["type"] == "idempotency_error"
    json = {"Content-Type": "application/json", "Idempotency-Key": "k2"}
    assert create(json, {"name": "Ada"}).status == 400  # Stripe's API takes forms
    assert len(route.deliveries) == 1


def test_the_job_on_the_openfn_runtime_appends_to_google_sheets_reading_the_keys_first(
        openfn_report):
    push = workflow(openfn_report, "erp-to-sheets")
    calls = to(push, "Google Sheets")
    values = "/v4/spreadsheets/TODO_spreadsheet_id/values/Sheet1"
    reads = [e for e in calls if e.request.method == "GET"]
    appends = [e for e in calls if e.request.method == "POST"]
    assert reads and {e.request.path for e in reads} == {values}
    assert appends and {e.request.path for e in appends} == {values + ":append"}
    assert all(e.request.query == {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
               for e in appends)
    assert all(e.request.headers["authorization"].startswith("Bearer ") for e in calls)
    assert appends[0].request.body == {"majorDimension": "ROWS", "values": [[
        "erp-to-sheets:volunteer-0001", "Ada Byron", "person1@example.org"]]}
    # Sheets keeps no key: the repeated event was read in the sheet and not appended again
    rows = [r[0] for r in reads[-1].answer.body["values"]]
    assert rows.count("erp-to-sheets:volunteer-0001") == 1
    assert calls[-1].request.method == "GET"  # the repeat ended with the read
    assert {e.answer.status for e in appends} >= {200, 429, 500, 400}


def test_the_sheets_mock_appends_a_repeated_row_as_sheets_does():
    from mailroom.simulate.mocks import FaultPlan, Request
    from mailroom.simulate.vendor_sheets_append import SheetsAppendRoute
    from mailroom.vendors import DIALECTS

    route = SheetsAppendRoute(DIALECTS["google-sheets"], "", "ERP", None, FaultPlan(), "Sheets")
    path = "/v4/spreadsheets/s1/values/Sheet1:append"
    query = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
    for _ in range(2):
        params = route.match("POST", path)
        assert params is not None
        answer = route.answer(Request("POST", path, query, {}, {"values": [["k1", "x"]]}),
                              params)
        assert answer.status == 200 and answer.body["updates"]["updatedRows"] == 1
    assert [d.key for d in route.deliveries] == ["k1", "k1"]  # no key: two rows
    params = route.match("POST", path)
    assert params is not None
    assert route.answer(Request("POST", path, {}, {}, {"values": [["k2"]]}), params).status \
        == 400  # valueInputOption is required
    read = route.match("GET", "/v4/spreadsheets/s1/values/Sheet1")
    assert read is not None and route.match("GET", path) is None


def test_the_job_on_the_openfn_runtime_creates_or_updates_zendesk_users(openfn_report):
    push = workflow(openfn_report, "erp-to-zendesk")
    calls = to(push, "Zendesk")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/api/v2/users/create_or_update")}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    assert calls[0].request.body == {"user": {"name": "Ada Byron", "email": "person1@example.org",
                                              "external_id": "erp-to-zendesk:customer-0001"}}
    assert calls[0].answer.status == 201
    assert calls[-1].answer.status == 200  # the repeated event updated the user it created
    assert {e.answer.status for e in calls} >= {201, 200, 500, 400}
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(":")[0] for d in letters] == ["RecordInvalid"]


def test_the_zendesk_mock_matches_external_ids_without_regard_to_case():
    from mailroom.simulate.mocks import FaultPlan, Request
    from mailroom.simulate.vendor_zendesk_users import ZendeskUserUpsertRoute
    from mailroom.vendors import DIALECTS

    route = ZendeskUserUpsertRoute(DIALECTS["zendesk"], "", "ERP", None, FaultPlan(), "Zendesk")
    path = "/api/v2/users/create_or_update"

    def post(user):
        params = route.match("POST", path)
        assert params is not None
        return route.answer(Request("POST", path, {}, {}, {"user": user}), params)

    assert post({"external_id": "k1"}).status == 422  # a new user needs a name
    assert post({"name": "Ada", "external_id": "K1"}).status == 201
    assert post({"name": "Ada L.", "external_id": "k1"}).status == 200
    assert len(route.deliveries) == 1 and route.duplicates == ["k1"]


def test_the_job_on_the_openfn_runtime_looks_up_then_inserts_into_servicenow(openfn_report):
    push = workflow(openfn_report, "erp-to-servicenow")
    calls = to(push, "ServiceNow")
    assert calls and {e.request.path for e in calls} == {"/api/now/table/incident"}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    looks = [e for e in calls if e.request.method == "GET"]
    inserts = [e for e in calls if e.request.method == "POST"]
    assert looks[0].request.query == {
        "sysparm_query": "correlation_id=erp-to-servicenow:outage-0001",
        "sysparm_limit": "1", "sysparm_fields": "sys_id"}
    assert inserts[0].request.body == {"short_description": "short description 1",
                                       "urgency": "urgency 1",
                                       "correlation_id": "erp-to-servicenow:outage-0001"}
    assert inserts[0].answer.status == 201 and "sys_id" in inserts[0].answer.body["result"]
    # the repeated event found its record and inserted nothing
    assert calls[-1].request.method == "GET" and calls[-1].answer.body["result"]
    assert {e.answer.status for e in inserts} >= {201, 500, 400}


def test_the_job_on_the_openfn_runtime_looks_up_then_creates_woocommerce_customers(
        openfn_report):
    push = workflow(openfn_report, "erp-to-woocommerce")
    calls = to(push, "WooCommerce")
    assert calls and {e.request.path for e in calls} == {"/wp-json/wc/v3/customers"}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    looks = [e for e in calls if e.request.method == "GET"]
    creates = [e for e in calls if e.request.method == "POST"]
    assert looks[0].request.query == {"email": "person1@example.org", "role": "all"}
    assert creates[0].request.body == {"first_name": "Ada Byron", "email": "person1@example.org"}
    assert creates[0].answer.status == 201
    assert calls[-1].request.method == "GET" and calls[-1].answer.body  # the repeat: found
    assert {e.answer.status for e in creates} >= {201, 500, 400}


def test_both_engines_make_the_same_deliveries_against_the_vendor_destinations(
        python_report, openfn_report):
    assert_same(python_report, openfn_report)


def test_the_transcript_says_how_each_vendor_keeps_a_repeat_to_one_record(python_report):
    out = transcript(python_report)
    block = out[out.index("Workflow erp-to-mailchimp"):out.index("PASS erp-to-mailchimp")]
    assert "Shaped like the vendor: Mailchimp's mock" in block
    assert "✓ repeated deliveries updated the member they added (PUT by subscriber hash" in block
    assert "generic mock" not in block and "idempotency key" not in block.lower()
    block = out[out.index("Workflow erp-to-stripe"):out.index("PASS erp-to-stripe")]
    assert "a repeat sent after it is pruned creates a second object" in block
    assert "generic mock" not in block
    block = out[out.index("Workflow erp-to-google-sheets"):out.index("PASS erp-to-google-sheets")]
    assert "Sheets would have appended a second row" in block
    assert "generic mock" not in block
    block = out[out.index("Workflow erp-to-servicenow"):out.index("PASS erp-to-servicenow")]
    assert "the Table API would have inserted a second one" in block
    block = out[out.index("Workflow erp-to-woocommerce"):out.index("PASS erp-to-woocommerce")]
    assert "WooCommerce's REST API only creates" in block
    block = out[out.index("Workflow erp-to-airtable"):out.index("PASS erp-to-airtable")]
    assert "✓ repeated deliveries updated the record they created (performUpsert" in block
    assert "generic mock" not in block


def test_the_stub_readme_names_the_dedicated_adaptor_and_the_write_pages(writes_spec):
    loaded = load_spec(writes_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "`@openfn/language-mailchimp`: `request('PUT', '/lists/<list id>/members/<hash>'" \
        in readme
    assert "https://mailchimp.com/developer/marketing/api/list-members/" \
        "add-or-update-list-member/" in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "md5Hex" in text)
    assert "TODO(mapping): the mapped field holding the member's e-mail address" in job
    assert "TODO(decide): the status a new member gets" in job


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_jobs_md5_is_the_md5_of_the_address_in_utf8(writes_spec, tmp_path):
    """The job cannot import node's crypto: its own MD5 must give Mailchimp's hash for
    any address, long, short or not ASCII."""
    loaded = load_spec(writes_spec)
    job = next(text for name, text in build_stub(loaded.spec, provenance(loaded))[1].items()
               if name.endswith(".js") and "md5Hex" in text)
    start = job.index("function md5Hex(")
    end = job.index("\nfunction ", start + 1)
    words = ["", "a", "Ada@Example.org", "ünïcødé@exämple.org", "東京@例え.jp", "x" * 200]
    script = tmp_path / "md5.js"
    script.write_text(job[start:end] + "\nconst words = " + repr(words).replace("'", '"')
                      + ";\nfor (const w of words) console.log(md5Hex(w));\n",
                      encoding="utf-8")
    got = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True,
                         timeout=30).stdout.split()
    assert got == [hashlib.md5(w.encode()).hexdigest() for w in words]
