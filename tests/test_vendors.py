"""Jobs and mocks that speak the vendor's API (mailroom.vendors): for each catalog system
with a vendor dialect, the job generated for a flow with it, run on the OpenFn runtime
against the vendor-shaped mock, reaches the endpoints the vendor documents with the
authentication it documents, and the Python engine makes the same deliveries.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import re
import time
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.mocks import Exchange
from mailroom.simulate.transcript import transcript
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.vendors import DIALECTS
from mailroom.vendors.wire import dhis2_uid

# One flow per vendor dialect and direction; the systems' ids are their catalog entries'.
VENDORS = """\
spec: 1
title: Every vendor dialect
systems:
  - {id: salesforce, name: Salesforce, api: true}
  - {id: dhis2, name: DHIS2, api: true}
  - {id: commcare, name: CommCare, api: true}
  - {id: zendesk, name: Zendesk, api: true}
  - {id: stripe, name: Stripe, api: true}
  - {id: servicenow, name: ServiceNow, api: true}
  - {id: airtable, name: Airtable, api: true}
  - {id: dynamics-365, name: Microsoft Dynamics 365, api: true}
  - {id: google-sheets, name: Google Sheets, api: true}
  - {id: odk-central, name: ODK Central, api: true}
  - {id: kobotoolbox, name: KoboToolbox, api: true}
  - {id: woocommerce, name: WooCommerce, api: true}
  - {id: mailchimp, name: Mailchimp, api: true}
  - {id: erp, name: ERP, api: true}
flows:
  - id: salesforce-to-erp
    data: Contacts (name, email)
    source: salesforce
    destination: erp
    mail_person: erp
    mailbox: salesforce
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: SF_READ}
  - id: erp-to-salesforce
    data: Orders (order number, email)
    fields:
      - {source_field: order_number, destination_field: OrderNumber__c}
      - {source_field: email, destination_field: Email__c, personal: true}
    source: erp
    destination: salesforce
    mail_person: erp
    mailbox: salesforce
    trigger: event
    event: an order is paid
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: SF_WRITE}
  - id: erp-to-dhis2
    data: Vaccinations (child id, vaccine)
    source: erp
    destination: dhis2
    mail_person: erp
    mailbox: dhis2
    trigger: event
    event: a vaccination is recorded
    transport: rest
    auth: {method: api-key, credential_name: DHIS2_PAT}
  - id: commcare-to-erp
    data: Household visits (child name, village)
    fields:
      - {source_field: child_name, destination_field: ChildName}
      - {source_field: village, destination_field: Village}
    source: commcare
    destination: erp
    mail_person: erp
    mailbox: commcare
    trigger: schedule
    schedule: every 15 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: COMMCARE_KEY}
  - id: zendesk-to-erp
    data: Tickets (subject, status)
    source: zendesk
    destination: erp
    mail_person: erp
    mailbox: zendesk
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: ZENDESK_TOKEN}
  - id: stripe-to-erp
    data: Customers (name, email)
    fields:
      - {source_field: name, destination_field: Name}
      - {source_field: email, destination_field: Email, personal: true}
    source: stripe
    destination: erp
    mail_person: erp
    mailbox: stripe
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: STRIPE_KEY}
  - id: servicenow-to-erp
    data: Incidents (short_description, state)
    source: servicenow
    destination: erp
    mail_person: erp
    mailbox: servicenow
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: SERVICENOW_LOGIN}
  - id: airtable-to-erp
    data: Volunteers (name, email)
    fields:
      - {source_field: name, destination_field: Name}
      - {source_field: email, destination_field: Email, personal: true}
    source: airtable
    destination: erp
    mail_person: erp
    mailbox: airtable
    trigger: schedule
    schedule: every 30 minutes
    change_detection: full-fetch
    transport: rest
    auth: {method: api-key, credential_name: AIRTABLE_TOKEN}
  - id: dynamics-to-erp
    data: Contacts (full name, email)
    fields:
      - {source_field: fullname, destination_field: Name}
      - {source_field: emailaddress1, destination_field: Email, personal: true}
    source: dynamics-365
    destination: erp
    mail_person: erp
    mailbox: dynamics-365
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: DATAVERSE_APP,
           scopes: ["https://contoso.crm.dynamics.com/.default"]}
  - id: sheets-to-erp
    data: Volunteers (name, email)
    fields:
      - {source_field: name, destination_field: Name}
      - {source_field: email, destination_field: Email, personal: true}
    source: google-sheets
    destination: erp
    mail_person: erp
    mailbox: google-sheets
    trigger: schedule
    schedule: every 30 minutes
    change_detection: full-fetch
    transport: rest
    auth: {method: oauth2-authorization-code, credential_name: SHEETS_OAUTH}
  - id: odk-to-erp
    data: Household surveys (village, household size)
    fields:
      - {source_field: village, destination_field: Village}
    source: odk-central
    destination: erp
    mail_person: erp
    mailbox: odk-central
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: ODK_LOGIN}
  - id: kobo-to-erp
    data: Water points (village, status)
    fields:
      - {source_field: village, destination_field: Village}
    source: kobotoolbox
    destination: erp
    mail_person: erp
    mailbox: kobotoolbox
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: KOBO_TOKEN}
  - id: woocommerce-to-erp
    data: Orders (number, total)
    source: woocommerce
    destination: erp
    mail_person: erp
    mailbox: woocommerce
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: WOOCOMMERCE_KEYS}
  - id: mailchimp-to-erp
    data: Subscribers (FNAME, email_address)
    fields:
      - {source_field: FNAME, destination_field: FirstName, personal: true}
      - {source_field: email_address, destination_field: Email, personal: true}
    source: mailchimp
    destination: erp
    mail_person: erp
    mailbox: mailchimp
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: MAILCHIMP_KEY}
"""

_UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


@pytest.fixture(scope="module")
def vendors_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "vendors.yaml"
    path.write_text(VENDORS)
    return path


@pytest.fixture(scope="module")
def python_report(vendors_spec) -> Report:
    return simulate(load_spec(vendors_spec).spec, engine="python", source=str(vendors_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, vendors_spec) -> Report:
    return simulate(load_spec(vendors_spec).spec, engine="openfn", source=str(vendors_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def test_every_vendor_flow_speaks_a_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        vendors = {s.target.dialect.id for s in w.workflow.steps
                   if s.target is not None and s.target.dialect is not None}
        assert vendors, w.workflow.id
        assert vendors <= set(DIALECTS)


def test_the_jobs_on_the_openfn_runtime_call_salesforce_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "salesforce-to-erp")
    calls = to(pull, "Salesforce")
    tokens = [e for e in calls if e.request.method == "POST"]
    assert tokens and {e.request.path for e in tokens} == {"/services/oauth2/token"}
    assert all(e.request.body.get("grant_type") == "client_credentials" for e in tokens)
    queries = [e for e in calls if e.request.method == "GET"]
    first = [e for e in queries if e.request.path == "/services/data/v66.0/query"]
    more = [e for e in queries if e.request.path.startswith("/services/data/v66.0/query/01g")]
    assert first and more and len(first) + len(more) == len(queries)
    assert all(e.request.query["q"].startswith("SELECT Id, LastModifiedDate, name, email FROM ")
               for e in first)
    assert "WHERE" not in first[0].request.query["q"]  # the first poll: no cursor yet
    assert any("WHERE LastModifiedDate > 2024-05-01T08:05:00Z ORDER BY LastModifiedDate, Id"
               in e.request.query["q"] for e in first)
    assert all(e.request.query == {} for e in more)  # nextRecordsUrl carries no parameters
    assert all(e.request.headers["authorization"].startswith("Bearer sim-access-")
               for e in queries)
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00.000+0000", "2024-05-01T08:08:00.000+0000",
        "2024-05-01T08:08:00.000+0000"]

    push = workflow(openfn_report, "erp-to-salesforce")
    upserts = [e for e in to(push, "Salesforce") if e.request.method != "POST"]
    assert upserts and all(e.request.method == "PATCH" for e in upserts)
    prefix = "/services/data/v66.0/sobjects/TODO_Object/TODO_Mailroom_Key__c/"
    assert all(e.request.path.startswith(prefix) for e in upserts)
    assert upserts[0].request.path == prefix + "erp-to-salesforce%3Aorder-0001"
    assert upserts[0].request.body == {"OrderNumber__c": "order-1001",
                                       "Email__c": "person1@example.org"}
    assert "idempotency-key" not in upserts[0].request.headers
    statuses = [e.answer.status for e in upserts]
    assert 201 in statuses and 200 in statuses  # created, then the repeat updated it
    refused = next(e for e in upserts if e.answer.status == 400)
    assert refused.answer.body[0]["errorCode"] == "REQUIRED_FIELD_MISSING"


def test_the_job_on_the_openfn_runtime_imports_into_dhis2_as_it_documents(openfn_report):
    push = workflow(openfn_report, "erp-to-dhis2")
    imports = to(push, "DHIS2")
    assert imports and {(e.request.method, e.request.path) for e in imports} == {
        ("POST", "/api/tracker")}
    assert all(e.request.query == {"async": "false", "importStrategy": "CREATE_AND_UPDATE"}
               for e in imports)
    pat = {e.request.headers["authorization"] for e in imports}
    assert len(pat) == 1 and pat.pop().startswith("ApiToken sim-apikey-")
    events = [e.request.body["events"][0]["event"] for e in imports]
    assert all(_UID.match(uid) for uid in events)
    first_key = push.outcomes[0].result.state["delivered"][0]
    assert first_key == "erp-to-dhis2:child-0001"
    assert events[0] == dhis2_uid(first_key)  # the job's uidFor() is mailroom's dhis2_uid()
    reports = [e.answer.body for e in imports]
    assert {r["status"] for r in reports} == {"OK", "ERROR"}  # ERROR: the 500s and the 409
    conflict = next(e for e in imports if e.answer.status == 409)
    assert conflict.answer.body["validationReport"]["errorReports"][0]["errorCode"] == "E1011"
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"][:6] for d in letters] == ["E1011:"]
    # the repeated event updated the object it created: no second one
    assert any(r.get("stats", {}).get("updated") == 1 for r in reports)


def test_the_job_on_the_openfn_runtime_pulls_commcare_forms_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "commcare-to-erp")
    calls = to(pull, "CommCare")
    assert calls and all(e.request.path == "/a/TODO-project-space/api/form/v1/" for e in calls)
    assert all(re.fullmatch(r"ApiKey sim-user:sim-apikey-[0-9a-f]+",
                            e.request.headers["authorization"]) for e in calls)
    assert all(e.request.query["order_by"] == "indexed_on" for e in calls)
    later = [e.request.query["indexed_on_start"] for e in calls
             if "indexed_on_start" in e.request.query]
    assert later and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}", v) for v in later)
    assert any("offset" in e.request.query for e in calls)  # followed meta.next
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries[0].body == {"ChildName": "Ada Byron", "Village": "village 1"}
    skipped = [o.result.state.get("duplicatesSkipped") for o in pull.outcomes]
    assert skipped == [0, 1, 1]  # indexed_on_start is "on or after": the form at the cursor


def test_the_job_on_the_openfn_runtime_exports_from_zendesk_as_it_documents(openfn_report):
    import base64

    pull = workflow(openfn_report, "zendesk-to-erp")
    calls = to(pull, "Zendesk")
    assert calls and {e.request.path for e in calls} == {"/api/v2/incremental/tickets/cursor"}
    assert calls[0].request.query == {"start_time": "0"}  # the very first export only
    assert all(set(e.request.query) == {"cursor"} for e in calls[1:])
    # each later request carries the after_cursor Zendesk gave, as it gave it
    given = [e.answer.body["after_cursor"] for e in calls if e.answer.status == 200]
    assert all(e.request.query["cursor"] in given for e in calls[1:])
    assert any(e.answer.body.get("end_of_stream") is False for e in calls
               if e.answer.status == 200)  # followed after_cursor to the end of the stream
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    cursors = [o.result.state.get("cursor") for o in pull.outcomes]
    assert cursors[1] == cursors[2] != cursors[0]
    assert base64.b64decode(cursors[0]).decode().endswith("||5|")  # after ticket 5
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one


def test_the_job_on_the_openfn_runtime_reads_stripe_events_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "stripe-to-erp")
    calls = to(pull, "Stripe")
    assert calls and {e.request.path for e in calls} == {"/v1/events"}
    assert all(re.fullmatch(r"Bearer sim-apikey-[0-9a-f]+", e.request.headers["authorization"])
               for e in calls)
    assert all(e.request.query["types[0]"] == "customer.created"
               and e.request.query["types[1]"] == "customer.updated" for e in calls)
    assert "created[gte]" not in calls[0].request.query  # the first poll: no cursor yet
    later = [e.request.query["created[gte]"] for e in calls if "created[gte]" in e.request.query]
    assert later and all(v.isdigit() for v in later)  # Unix seconds, as Stripe takes them
    pages = [e for e in calls if "starting_after" in e.request.query]
    assert pages and all(e.request.query["starting_after"].startswith("evt_") for e in pages)
    saved = next(route for route, _ in pull.scenario.expect.stored)
    # the mapping reads the object in the event's data.object
    assert saved.deliveries[0].body == {"Name": "Ada Byron", "Email": "person1@example.org"}
    assert any(d.body["Name"].endswith("(changed)") for d in saved.deliveries)
    skipped = [o.result.state.get("duplicatesSkipped") for o in pull.outcomes]
    assert skipped == [0, 1, 1]  # created[gte]: the event at the cursor's second again


def test_the_job_on_the_openfn_runtime_reads_servicenow_tables_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "servicenow-to-erp")
    calls = to(pull, "ServiceNow")
    assert calls and {e.request.path for e in calls} == {"/api/now/table/incident"}
    queries = [e.request.query for e in calls]
    assert all(set(q) == {"sysparm_query", "sysparm_limit", "sysparm_offset"} for q in queries)
    assert queries[0]["sysparm_query"] == "ORDERBYsys_updated_on^ORDERBYsys_id"  # no cursor yet
    assert any(q["sysparm_query"] == "sys_updated_on>=2024-05-01 08:05:00^ORDERBYsys_updated_on"
               "^ORDERBYsys_id" for q in queries)
    assert {q["sysparm_offset"] for q in queries} >= {"0", "3"}  # paged by offset
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01 08:05:00", "2024-05-01 08:08:00", "2024-05-01 08:08:00"]
    # the record at the cursor's second comes again and is skipped, not delivered twice
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 1, 1]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one


def test_the_job_on_the_openfn_runtime_reads_odk_central_submissions_as_it_documents(
        openfn_report):
    pull = workflow(openfn_report, "odk-to-erp")
    calls = to(pull, "ODK Central")
    path = "/v1/projects/1/forms/TODO_form.svc/Submissions"
    assert calls and {e.request.path for e in calls} == {path}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    queries = [e.request.query for e in calls]
    assert set(queries[0]) == {"$top", "$skip"}  # the first poll: no cursor, no $filter
    assert {q["$skip"] for q in queries} >= {"0", "3"}  # paged by $top and $skip
    stamp = "2024-05-01T08:05:00.000Z"
    assert any(q.get("$filter") == f"__system/submissionDate gt {stamp} or "
               f"__system/updatedAt gt {stamp}" for q in queries)
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        stamp, "2024-05-01T08:08:00.000Z", "2024-05-01T08:08:00.000Z"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries[0].body == {"Village": "village 1"}  # the form's own fields
    assert any(d.body["Village"].endswith("(changed)") for d in saved.deliveries)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 edited, less the refused one


def test_the_job_on_the_openfn_runtime_lists_airtable_records_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "airtable-to-erp")
    calls = to(pull, "Airtable")
    assert calls and {e.request.path for e in calls} == {"/v0/appTODO/TODO_table"}
    assert all(e.request.headers["authorization"].startswith("Bearer ") for e in calls)
    firsts = [e for e in calls if "offset" not in e.request.query]
    assert firsts and all(e.request.query == {"pageSize": "3"} for e in firsts)
    given = {e.answer.body.get("offset") for e in calls if e.answer.status == 200}
    later = [e for e in calls if "offset" in e.request.query]
    assert later and all(e.request.query["offset"] in given for e in later)
    assert any(e.answer.status == 429 for e in calls)  # the rate limit, retried
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 5, 7]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    # the values come from each record's `fields`, not from its top level
    assert saved.deliveries and all(d.body["Name"] and d.body["Email"] for d in saved.deliveries)


def test_the_job_on_the_openfn_runtime_reads_dataverse_as_microsoft_documents(openfn_report):
    pull = workflow(openfn_report, "dynamics-to-erp")
    calls = to(pull, "Microsoft Dynamics 365")
    tokens = [e for e in calls if e.request.method == "POST"]
    assert tokens and all(e.request.path.endswith("/oauth2/v2.0/token") for e in tokens)
    reads = [e for e in calls if e.request.method == "GET"]
    assert reads and {e.request.path for e in reads} == {"/api/data/v9.2/contacts"}
    assert all(e.request.headers["authorization"].startswith("Bearer ") for e in reads)
    assert all(e.request.headers["odata-version"] == "4.0" for e in reads)
    firsts = [e for e in reads if "$skiptoken" not in e.request.query]
    assert all(e.request.headers["prefer"] == "odata.maxpagesize=3" for e in firsts)
    assert "$filter" not in firsts[0].request.query  # the first poll: no cursor yet
    assert firsts[0].request.query["$orderby"] == "contactid asc"
    later = [e.request.query for e in firsts if "$filter" in e.request.query]
    assert later and all(q["$filter"].startswith("modifiedon ge 20")
                         and q["$orderby"] == "modifiedon asc,contactid asc" for q in later)
    links = {e.answer.body.get("@odata.nextLink") for e in reads if e.answer.status == 200}
    followed = [e for e in reads if "$skiptoken" in e.request.query]
    assert followed and all(e.request.query.keys() == {"$skiptoken"} for e in followed)
    assert any(link and "$skiptoken=" in link for link in links)
    assert any(e.answer.status == 429 for e in reads)  # service protection, retried
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 1, 1]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries and all(d.body["Name"] for d in saved.deliveries)
    assert any(d.body["Name"].endswith("(changed)") for d in saved.deliveries)


def test_the_job_on_the_openfn_runtime_reads_google_sheets_values_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "sheets-to-erp")
    calls = to(pull, "Google Sheets")
    assert calls and {e.request.path for e in calls} == {
        "/v4/spreadsheets/TODO_spreadsheet_id/values/Sheet1"}
    assert all(e.request.query == {"majorDimension": "ROWS"} for e in calls)
    assert all(e.request.headers["authorization"].startswith("Bearer ") for e in calls)
    assert any(e.answer.status == 429 for e in calls)  # the read limit, retried
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 5, 7]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    # the values come from each row's cells under the heading row
    assert saved.deliveries and all(d.body["Name"] and d.body["Email"] for d in saved.deliveries)


def test_the_job_on_the_openfn_runtime_reads_kobotoolbox_data_as_it_documents(openfn_report):
    import json

    pull = workflow(openfn_report, "kobo-to-erp")
    calls = to(pull, "KoboToolbox")
    assert calls and {e.request.path for e in calls} == {"/api/v2/assets/TODO_asset_uid/data/"}
    assert all(re.fullmatch(r"Token sim-apikey-[0-9a-f]+", e.request.headers["authorization"])
               for e in calls)
    assert "query" not in calls[0].request.query  # the first poll: no cursor yet
    queries = [json.loads(e.request.query["query"]) for e in calls if "query" in e.request.query]
    assert {"_submission_time": {"$gte": "2024-05-01T08:05:00"}} in queries
    assert any(e.request.query.get("start") == "3" for e in calls)  # the start of next
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00", "2024-05-01T08:07:00", "2024-05-01T08:07:00"]
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 1, 1]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries[0].body == {"Village": "village 1"}
    # an edit keeps _submission_time: the edited submission is not pulled again
    assert not any(d.body["Village"].endswith("(changed)") for d in saved.deliveries)
    assert len(saved.deliveries) == 6


def test_both_engines_make_the_same_deliveries_against_the_vendor_mocks(python_report,
                                                                         openfn_report):
    assert_same(python_report, openfn_report)


def test_the_transcript_marks_only_generic_mocks_as_generic(python_report):
    out = transcript(python_report)
    dhis2 = out[out.index("Workflow erp-to-dhis2"):out.index("PASS erp-to-dhis2")]
    assert "generic mock" not in dhis2 and "idempotency key" not in dhis2.lower()
    assert "Shaped like the vendor: DHIS2's mock" in dhis2
    assert "✓ repeated deliveries updated the object they created (the same UID" in dhis2
    pull = out[out.index("Workflow salesforce-to-erp"):out.index("PASS salesforce-to-erp")]
    # the save into ERP's own records is the generic mock's, and says so on every check
    assert "reached ERP's own records exactly once (7 of 7) · generic mock" not in pull
    assert "exactly once" in pull and "· generic mock" in pull


def test_the_stub_readme_names_the_dedicated_adaptors(vendors_spec):
    loaded = load_spec(vendors_spec)
    readme = " ".join(build_stub(loaded.spec, provenance(loaded))[1]["README.md"].split())
    for adaptor in ("@openfn/language-salesforce", "@openfn/language-dhis2",
                    "@openfn/language-commcare", "@openfn/language-stripe",
                    "@openfn/language-odk", "@openfn/language-kobotoolbox"):
        assert adaptor in readme
    assert "tracker.import('CREATE_AND_UPDATE', payload)" in readme
    assert "https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html" in readme


# -- the mocks hold the jobs to the vendor's rules (Python only, fast) -----------------


def _serve(route, method: str, path: str, query: dict | None = None, body=None):
    from mailroom.simulate.mocks import Request

    params = route.match(method, path)
    assert params is not None, path
    return route.answer(Request(method, path, query or {}, {}, body), params)


def test_the_vendor_mocks_refuse_what_the_vendor_refuses():
    from mailroom.simulate.mocks import FaultPlan
    from mailroom.simulate.vendor_destinations import TrackerImportRoute
    from mailroom.simulate.vendor_routes import CommCareFormsRoute, SoqlRoute
    from mailroom.stub.shape import Cursor

    cursor = Cursor("modified-since", None, "modified_at")
    forms = CommCareFormsRoute(DIALECTS["commcare"], "", "ERP", None, cursor, FaultPlan())
    path = "/a/demo/api/form/v1/"
    # indexed_on_start takes no time zone: a value with an offset is a 400, as in CommCare
    assert _serve(forms, "GET", path, {"indexed_on_start": "2024-05-01T08:05:00+00:00"}
                  ).status == 400
    assert _serve(forms, "GET", path, {"indexed_on_start": "2024-05-01T08:05:00.000000"}
                  ).status == 200

    soql = SoqlRoute(DIALECTS["salesforce"], "/services/data/v66.0/query", "ERP", None, cursor,
                     FaultPlan())
    refused = _serve(soql, "GET", "/services/data/v66.0/query", {"page": "1", "per_page": "3"})
    assert refused.status == 400 and refused.body[0]["errorCode"] == "MALFORMED_QUERY"
    assert _serve(soql, "GET", "/services/data/v66.0/query/01gUNKNOWN-3").body[0][
        "errorCode"] == "INVALID_QUERY_LOCATOR"

    tracker = TrackerImportRoute(DIALECTS["dhis2"], "/api/tracker", "ERP", None, FaultPlan(),
                                 "DHIS2")
    sync = {"async": "false", "importStrategy": "CREATE_AND_UPDATE"}
    bad = _serve(tracker, "POST", "/api/tracker", sync, {"events": [{"event": "not-a-uid"}]})
    assert bad.status == 409 and bad.body["status"] == "ERROR"
    assert bad.body["validationReport"]["errorReports"][0]["errorCode"] == "E1048"
    good = {"events": [{"event": dhis2_uid("k")}]}
    assert _serve(tracker, "POST", "/api/tracker", sync, good).body["stats"]["created"] == 1
    assert _serve(tracker, "POST", "/api/tracker", sync, good).body["stats"]["updated"] == 1
    created_only = {"async": "false", "importStrategy": "CREATE"}
    again = _serve(tracker, "POST", "/api/tracker", created_only, good)
    assert again.status == 409 and "E1030" in again.note
    from mailroom.simulate.vendor_routes import ZendeskExportRoute

    export = ZendeskExportRoute(DIALECTS["zendesk"], "", "ERP", None, cursor, FaultPlan())
    path = "/api/v2/incremental/tickets/cursor"
    assert _serve(export, "GET", path).status == 400  # neither start_time nor cursor
    recent = str(int(time.time()) - 10)  # Zendesk leaves out the last minute
    assert _serve(export, "GET", path, {"start_time": recent}).status == 400
    assert _serve(export, "GET", path, {"cursor": "not a cursor"}).status == 400
    empty = _serve(export, "GET", path, {"start_time": "0"})
    assert empty.status == 200 and empty.body["end_of_stream"] is True
    assert _serve(export, "GET", path, {"cursor": empty.body["after_cursor"]}).status == 200
    from mailroom.simulate.vendor_forms import OdkSubmissionsRoute

    odk = OdkSubmissionsRoute(DIALECTS["odk-central"], "", "ERP", None, cursor, FaultPlan())
    feed = "/v1/projects/7/forms/household.svc/Submissions"
    sorted_ = _serve(odk, "GET", feed, {"$orderby": "__system/submissionDate"})
    assert sorted_.status == 501 and sorted_.body["code"] == "501.1"  # no $orderby in ODK
    assert _serve(odk, "GET", feed, {"$filter": "name eq 'x'"}).status == 501
    listed = _serve(odk, "GET", feed, {"$top": "2", "$skip": "0"})
    assert listed.status == 200 and listed.body["value"] == []
    assert "@odata.context" in listed.body
    from mailroom.simulate.vendor_forms import KoboDataRoute

    kobo = KoboDataRoute(DIALECTS["kobotoolbox"], "", "ERP", None, cursor, FaultPlan())
    data = "/api/v2/assets/aSAvYreNzVEkrWg5Gdcvg/data/"
    assert _serve(kobo, "GET", data, {"query": "{not json"}).status == 400
    listed = _serve(kobo, "GET", data, {"limit": "5000"})
    assert listed.status == 200 and set(listed.body) == {"count", "next", "previous", "results"}
    # an asynchronous import answers with a job, not an import report: nothing is stored
    job = _serve(tracker, "POST", "/api/tracker", {"async": "true"},
                 {"events": [{"event": dhis2_uid("other")}]})
    assert job.body["message"] == "Tracker job added" and len(tracker.deliveries) == 1


def test_a_flow_a_dialect_does_not_cover_keeps_the_generic_mock_and_says_so(tmp_path):
    """An incremental-id poll of Salesforce (its ids are not ordered numbers) is not
    Salesforce's dialect: the generic job and mock, marked generic on every check."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(VENDORS.replace("change_detection: modified-since\n    transport: rest\n"
                                    "    auth: {method: oauth2-client-credentials, "
                                    "credential_name: SF_READ}",
                                    "change_detection: incremental-id\n    transport: rest\n"
                                    "    auth: {method: oauth2-client-credentials, "
                                    "credential_name: SF_READ}"))
    report = simulate(load_spec(spec).spec, engine="python", source=str(spec))
    pull = workflow(report, "salesforce-to-erp")
    assert all(s.target is None or s.target.dialect is None for s in pull.workflow.steps)
    out = transcript(report)
    block = out[out.index("Workflow salesforce-to-erp"):out.index("PASS salesforce-to-erp")]
    assert "Each speaks one generic dialect" in block and "Shaped like the vendor" not in block
    assert "GET /TODO/salesforce-to-erp?" in block  # the placeholder path, not SOQL
    assert all(line.endswith("· generic mock") for line in block.splitlines()
               if "✓ every record to be delivered" in line or "✓ retried after" in line)


# -- webhooks a catalog system signs (the "how it calls out" side) --------------------

SIGNED = """\
spec: 1
title: Signed webhooks
systems:
  - {id: shop, catalog: shopify, name: Shopify, api: true, events: true}
  - {id: pay, catalog: stripe, name: Stripe, api: true, events: true}
  - {id: desk, catalog: zendesk, name: Zendesk, api: true, events: true}
  - {id: woo, catalog: woocommerce, name: WooCommerce, api: true, events: true}
  - {id: openfn, name: OpenFn, api: true, platform: true, interface_kind: webhook}
  - {id: erp, name: ERP, api: true}
flows:
  - {id: shop-in, data: Orders (order number), source: shop, destination: openfn,
     mail_person: shop, mailbox: openfn, trigger: event, event: an order is paid,
     transport: webhook, auth: {method: api-key, credential_name: OPENFN_HOOK}}
  - {id: erp-out, data: Orders (order number), source: openfn, destination: erp,
     mail_person: openfn, mailbox: erp, trigger: event, event: an order arrives,
     transport: rest, auth: {method: api-key, credential_name: ERP_KEY}}
"""


_SENDERS = {"shopify": "shop", "stripe": "pay", "zendesk": "desk", "woocommerce": "woo"}


def _signed(sender: str) -> str:
    return SIGNED.replace("source: shop,", f"source: {sender},") \
        .replace("mail_person: shop,", f"mail_person: {sender},")


@pytest.mark.parametrize("vendor", sorted(_SENDERS))
def test_a_signed_webhook_is_verified_over_the_raw_body_and_a_bad_one_refused(tmp_path,
                                                                              vendor):
    spec = tmp_path / "spec.yaml"
    spec.write_text(_signed(_SENDERS[vendor]))
    report = simulate(load_spec(spec).spec, engine="python", source=str(spec))
    signing = DIALECTS[vendor].signing
    assert signing is not None
    [w] = report.workflows
    assert report.failed == 0
    # the transcript wraps long lines, also after a hyphen: read it unwrapped
    out = " ".join(re.sub(r"-\n\s*", "-", transcript(report)).split())
    name = DIALECTS[vendor].name
    assert f"each signed as {name} documents it: {signing.header}" in out
    assert signing.source in out
    assert "5 verified; 1 refused with 401 and started no run" in out
    assert out.count(f"→ 200 {signing.header} verified over the raw body") == 5
    assert out.count("→ 401 refused:") == 1
    assert len([o for o in w.outcomes if o.result is not None]) == 5  # the forged one: no run


def test_the_stubs_signature_check_agrees_with_the_vendors_signing(tmp_path):
    """verify-signature.mjs, run on Node.js, accepts what mailroom signs as the vendor
    documents it and refuses a changed body, a wrong secret and (Stripe) an old timestamp."""
    import json
    import shutil
    import subprocess
    import time

    from mailroom.vendors.signing import sign_webhook, verify_webhook

    node = shutil.which("node")
    if node is None:
        pytest.skip("needs Node.js")
    raw = json.dumps({"id": 7, "note": "café & <b>"}, ensure_ascii=False).encode()
    now = int(time.time())
    for vendor, source in _SENDERS.items():
        spec = tmp_path / f"{vendor}.yaml"
        spec.write_text(_signed(source))
        loaded = load_spec(spec)
        _, files = build_stub(loaded.spec, provenance(loaded))
        [path] = [p for p in files if p.endswith("/verify-signature.mjs")]
        assert path in " ".join(files["README.md"].split())
        module = tmp_path / f"{vendor}-verify.mjs"
        module.write_text(files[path])
        signing = DIALECTS[vendor].signing
        assert signing is not None
        cases = {
            "good": (raw, sign_webhook(signing, "s3cret", raw, now), now),
            "changed": (raw + b" ", sign_webhook(signing, "s3cret", raw, now), now),
            "wrong-secret": (raw, sign_webhook(signing, "other", raw, now), now),
            "old": (raw, sign_webhook(signing, "s3cret", raw, now - 301), now),
        }
        script = [f"import {{ verifySignature }} from {json.dumps(str(module))};",
                  "const out = {};"]
        for case, (body, headers, when) in cases.items():
            lowered = {k.lower(): v for k, v in headers.items()}
            script.append(f"out[{json.dumps(case)}] = verifySignature("
                          f"Buffer.from({json.dumps(list(body))}), {json.dumps(lowered)}, "
                          f"'s3cret', {when});")
        script.append("console.log(JSON.stringify(out));")
        runner = tmp_path / f"{vendor}-run.mjs"
        runner.write_text("\n".join(script))
        done = subprocess.run([node, str(runner)], capture_output=True, text=True, check=True)
        verdicts = json.loads(done.stdout)
        python = {case: verify_webhook(signing, "s3cret", body, headers, when)
                  for case, (body, headers, when) in cases.items()}
        assert verdicts == python, vendor
        assert verdicts["good"] is None and verdicts["changed"] and verdicts["wrong-secret"]
        assert (verdicts["old"] is None) == (vendor != "stripe")  # only Stripe names an age


def test_the_servicenow_mock_filters_orders_and_pages_as_the_table_api_documents():
    from mailroom.simulate.mocks import FaultPlan
    from mailroom.simulate.vendor_servicenow import ServiceNowTableRoute, servicenow_record
    from mailroom.stub.shape import Cursor

    table = ServiceNowTableRoute(DIALECTS["servicenow"], "", "ERP", None,
                                 Cursor("modified-since", None, "sys_updated_on"), FaultPlan())
    table.records = [servicenow_record(n, f"2024-05-01T08:0{n}:00Z", {"state": n})
                     for n in (3, 1, 2, 4)]
    path = "/api/now/table/incident"
    assert _serve(table, "GET", path, {"sysparm_limit": "ten"}).status == 400
    order = "^ORDERBYsys_updated_on^ORDERBYsys_id"
    since = {"sysparm_query": "sys_updated_on>=2024-05-01 08:02:00" + order,
             "sysparm_limit": "2"}
    first = _serve(table, "GET", path, since)
    assert [r["state"] for r in first.body["result"]] == [2, 3]  # on or after, ordered
    later = _serve(table, "GET", path, {**since, "sysparm_offset": "2"})
    assert [r["state"] for r in later.body["result"]] == [4]  # a short page: the last
    after = {**since, "sysparm_query": since["sysparm_query"].replace(">=", ">")}
    assert [r["state"] for r in _serve(table, "GET", path, after).body["result"]] == [3, 4]
    # a part of the query it cannot read is ignored, as ServiceNow documents
    odd = _serve(table, "GET", path, {"sysparm_query": "no_such_field=1" + order})
    assert [r["state"] for r in odd.body["result"]] == [1, 2, 3, 4]


def test_the_airtable_mock_pages_by_the_offset_it_gave():
    from mailroom.simulate.mocks import FaultPlan
    from mailroom.simulate.vendor_airtable import AirtableListRoute, airtable_record
    from mailroom.stub.shape import Cursor

    table = AirtableListRoute(DIALECTS["airtable"], "", "ERP", None,
                              Cursor("full-fetch", None, "id"), FaultPlan())
    table.records = [airtable_record(n, f"2024-05-01T08:0{n}:00Z", {"n": n}) for n in (1, 2, 3)]
    path = "/v0/appX/Volunteers"
    assert _serve(table, "GET", path, {"pageSize": "101"}).status == 422  # 100 at most
    assert _serve(table, "GET", path, {"offset": "itrNEVER/rec1"}).status == 422
    first = _serve(table, "GET", path, {"pageSize": "2"})
    assert [r["fields"]["n"] for r in first.body["records"]] == [1, 2]
    last = _serve(table, "GET", path, {"pageSize": "2", "offset": first.body["offset"]})
    assert [r["fields"]["n"] for r in last.body["records"]] == [3]
    assert "offset" not in last.body  # no offset: the last page


def test_the_job_on_the_openfn_runtime_lists_woocommerce_orders_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "woocommerce-to-erp")
    calls = to(pull, "WooCommerce")
    assert calls and {e.request.path for e in calls} == {"/wp-json/wc/v3/orders"}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    queries = [e.request.query for e in calls]
    assert all(q["orderby"] == "id" and q["order"] == "asc" for q in queries)
    assert "modified_after" not in queries[0]  # no cursor yet: every order
    assert any(q.get("modified_after") == "2024-05-01T08:05:00"
               and q.get("dates_are_gmt") == "true" for q in queries)
    # page by page until the page X-WP-TotalPages names
    assert {q["page"] for q in queries} >= {"1", "2"}
    last = [e for e in calls if e.answer.status == 200
            and e.request.query["page"] == e.answer.headers["X-WP-TotalPages"]]
    assert last
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00", "2024-05-01T08:08:00", "2024-05-01T08:08:00"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one


def test_the_woocommerce_mock_filters_and_pages_as_its_docs_document():
    from mailroom.simulate.mocks import FaultPlan
    from mailroom.simulate.vendor_shop import WooOrdersRoute, woo_order
    from mailroom.stub.shape import Cursor

    shop = WooOrdersRoute(DIALECTS["woocommerce"], "", "ERP", None,
                          Cursor("modified-since", None, "date_modified_gmt"), FaultPlan())
    shop.records = [woo_order(n, f"2024-05-01T08:0{n}:00Z", {"total": str(n)})
                    for n in (3, 1, 2, 4)]
    path = "/wp-json/wc/v3/orders"
    refused = _serve(shop, "GET", path, {"per_page": "101"})
    assert refused.status == 400 and refused.body["code"] == "rest_invalid_param"
    since = {"modified_after": "2024-05-01T08:02:00", "dates_are_gmt": "true",
             "orderby": "id", "order": "asc", "per_page": "2"}
    first = _serve(shop, "GET", path, since)
    assert [r["id"] for r in first.body] == [3, 4]  # after, not on, the given time
    assert first.headers == {"X-WP-Total": "2", "X-WP-TotalPages": "1"}
    every = _serve(shop, "GET", path, {"per_page": "3", "page": "2"})
    assert [r["id"] for r in every.body] == [1]  # newest first by default: 4 3 2, then 1
    assert every.headers["X-WP-TotalPages"] == "2"


def test_the_dataverse_mock_filters_orders_and_pages_by_next_link():
    from mailroom.simulate.mocks import FaultPlan, Request
    from mailroom.simulate.vendor_dataverse import DataverseListRoute, dataverse_record
    from mailroom.stub.shape import Cursor

    dialect = DIALECTS["dynamics-365"]
    rows = DataverseListRoute(dialect, "", "ERP", None,
                              Cursor("modified-since", "modifiedon", "modifiedon"), FaultPlan())
    rows.records = [dataverse_record(dialect, n, f"2024-05-01T08:0{n}:00Z", {"n": n})
                    for n in (3, 1, 2, 4)]
    path = "/api/data/v9.2/contacts"

    def get(query: dict[str, str], prefer: str = "") -> Any:
        request = Request("GET", path, query, {"host": "org.example", "prefer": prefer}, None)
        return rows.answer(request, {"entitySetName": "contacts"})

    assert get({"$skip": "2"}).status == 400  # Dataverse does not support $skip
    assert get({"$filter": "name eq 'x'"}).status == 400  # not modelled: refused, said so
    since = get({"$filter": "modifiedon gt 2024-05-01T08:02:00Z", "$orderby": "modifiedon asc"})
    assert [r["n"] for r in since.body["value"]] == [3, 4]
    on = get({"$filter": "modifiedon ge 2024-05-01T08:02:00Z", "$orderby": "modifiedon asc"})
    assert [r["n"] for r in on.body["value"]] == [2, 3, 4]
    first = get({"$orderby": "modifiedon asc"}, "odata.maxpagesize=3")
    assert [r["n"] for r in first.body["value"]] == [1, 2, 3]
    link = first.body["@odata.nextLink"]
    assert link.startswith("http://org.example/api/data/v9.2/contacts?$skiptoken=")
    token = urllib.parse.parse_qs(link.partition("?")[2])["$skiptoken"][0]
    last = get({"$skiptoken": token})
    assert [r["n"] for r in last.body["value"]] == [4] and "@odata.nextLink" not in last.body
    assert get({"$skiptoken": "<cookie never/>"}).status == 400
    assert set(get({"$skip": "1"}).body["error"]) == {"code", "message"}


def test_the_job_on_the_openfn_runtime_lists_mailchimp_members_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "mailchimp-to-erp")
    calls = to(pull, "Mailchimp")
    assert calls and {e.request.path for e in calls} == {"/3.0/lists/TODO_list/members"}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    queries = [e.request.query for e in calls]
    assert "since_last_changed" not in queries[0]  # no cursor yet: every member
    assert any(q.get("since_last_changed") == "2024-05-01T08:05:00+00:00" for q in queries)
    assert {q["offset"] for q in queries} >= {"0", "3"}  # count a page, skipping offset
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00+00:00", "2024-05-01T08:08:00+00:00", "2024-05-01T08:08:00+00:00"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one
    # the address is the member's own field, the first name one of its merge fields
    assert all(d.body["Email"] and d.body["FirstName"] for d in saved.deliveries)


def test_the_mailchimp_mock_filters_and_pages_as_its_library_documents():
    from mailroom.simulate.mocks import FaultPlan
    from mailroom.simulate.vendor_mailchimp import MailchimpMembersRoute, mailchimp_member
    from mailroom.stub.shape import Cursor

    members = MailchimpMembersRoute(DIALECTS["mailchimp"], "", "ERP", None,
                                    Cursor("modified-since", None, "last_changed"), FaultPlan())
    members.records = [mailchimp_member(n, f"2024-05-01T08:0{n}:00Z", {"FNAME": str(n)})
                       for n in (3, 1, 2, 4)]
    path = "/3.0/lists/abc123/members"
    refused = _serve(members, "GET", path, {"count": "1001"})
    assert refused.status == 400 and {"type", "title", "status", "detail"} <= set(refused.body)
    since = {"since_last_changed": "2024-05-01T08:02:00+00:00", "count": "2"}
    first = _serve(members, "GET", path, since)
    assert [m["merge_fields"]["FNAME"] for m in first.body["members"]] == ["3", "4"]
    assert first.body["total_items"] == 2  # after, not on, the given time
    later = _serve(members, "GET", path, {"count": "3", "offset": "3"})
    assert [m["merge_fields"]["FNAME"] for m in later.body["members"]] == ["4"]


def test_the_sheets_mock_answers_the_whole_range_under_a_heading_row():
    from mailroom.simulate.mocks import FaultPlan, Request
    from mailroom.simulate.vendor_sheets import SheetsValuesRoute, sheets_record
    from mailroom.stub.shape import Cursor

    dialect = DIALECTS["google-sheets"]
    sheet = SheetsValuesRoute(dialect, "", "ERP", None, Cursor("full-fetch", None, "id"),
                              FaultPlan())
    sheet.records = [sheets_record(dialect, 1, {"name": "Ada", "email": ""}),
                     sheets_record(dialect, 2, {"name": "Grace", "email": "g@example.org"})]

    def get(query: dict[str, str]) -> Any:
        request = Request("GET", "/v4/spreadsheets/abc/values/Sheet1", query, {}, None)
        return sheet.answer(request, {"spreadsheetId": "abc", "range": "Sheet1"})

    whole = get({"majorDimension": "ROWS"})
    assert whole.body["majorDimension"] == "ROWS" and "nextPageToken" not in whole.body
    assert whole.body["values"] == [["id", "name", "email"], ["row-0001", "Ada"],
                                    ["row-0002", "Grace", "g@example.org"]]  # trailing empty cut
    refused = get({"majorDimension": "DIAGONAL"})
    assert refused.status == 400 and set(refused.body["error"]) == {"code", "message", "status"}
