"""Accounting systems' dialects (mailroom.vendors.ledgers): the job generated for a flow
from Xero or QuickBooks Online, run on the OpenFn runtime against the vendor-shaped mock,
reaches the endpoints the vendor documents with the authentication it documents, and the
Python engine makes the same deliveries. Their own spec, apart from tests/test_vendors.py's
combined one, so the run stays short.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.mocks import Exchange, FaultPlan, Request
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.stub.shape import Cursor
from mailroom.vendors import DIALECTS

LEDGERS = """\
spec: 1
title: Accounting systems' dialects
systems:
  - {id: xero, name: Xero, api: true}
  - {id: quickbooks-online, name: QuickBooks Online, api: true}
  - {id: erp, name: ERP, api: true}
flows:
  - id: xero-to-erp
    data: Contacts (Name, EmailAddress)
    fields:
      - {source_field: Name, destination_field: Name}
      - {source_field: EmailAddress, destination_field: Email, personal: true}
    source: xero
    destination: erp
    mail_person: erp
    mailbox: xero
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: XERO_APP,
           scopes: [accounting.contacts.read]}
  - id: quickbooks-to-erp
    data: Customers (DisplayName, CompanyName)
    fields:
      - {source_field: DisplayName, destination_field: Name, personal: true}
      - {source_field: CompanyName, destination_field: Company}
    source: quickbooks-online
    destination: erp
    mail_person: erp
    mailbox: quickbooks-online
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: oauth2-authorization-code, credential_name: QBO_CONNECTION}
  - id: erp-to-xero
    data: Customers (name, email)
    fields:
      - {source_field: name, destination_field: Name}
      - {source_field: email, destination_field: EmailAddress, personal: true}
    source: erp
    destination: xero
    mail_person: erp
    mailbox: xero
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: XERO_WRITE}
  - id: erp-to-quickbooks
    data: Customers (name, company)
    fields:
      - {source_field: name, destination_field: DisplayName, personal: true}
      - {source_field: company, destination_field: CompanyName}
    source: erp
    destination: quickbooks-online
    mail_person: erp
    mailbox: quickbooks-online
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: oauth2-authorization-code, credential_name: QBO_WRITE}
"""


@pytest.fixture(scope="module")
def ledgers_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "ledgers.yaml"
    path.write_text(LEDGERS)
    return path


@pytest.fixture(scope="module")
def python_report(ledgers_spec) -> Report:
    return simulate(load_spec(ledgers_spec).spec, engine="python", source=str(ledgers_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, ledgers_spec) -> Report:
    return simulate(load_spec(ledgers_spec).spec, engine="openfn", source=str(ledgers_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def test_every_ledger_flow_speaks_its_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        vendors = {s.target.dialect.id for s in w.workflow.steps
                   if s.target is not None and s.target.dialect is not None}
        assert vendors and vendors <= set(DIALECTS), w.workflow.id


def test_the_job_on_the_openfn_runtime_reads_xero_as_its_openapi_documents(openfn_report):
    pull = workflow(openfn_report, "xero-to-erp")
    calls = to(pull, "Xero")
    tokens = [e for e in calls if e.request.method == "POST"]
    assert tokens and {e.request.path for e in tokens} == {"/connect/token"}
    assert all(e.request.body.get("grant_type") == "client_credentials" for e in tokens)
    reads = [e for e in calls if e.request.method == "GET"]
    assert reads and {e.request.path for e in reads} == {"/api.xro/2.0/Contacts"}
    assert all(e.request.headers["authorization"].startswith("Bearer sim-access-")
               and e.request.headers["xero-tenant-id"] == "TODO_tenant_id"
               and e.request.headers["accept"] == "application/json" for e in reads)
    assert "if-modified-since" not in reads[0].request.headers  # no cursor yet: everything
    since = {e.request.headers.get("if-modified-since") for e in reads}
    assert "2024-05-01T08:05:00Z" in since  # the cursor's UTC time, to the second
    assert {e.request.query["page"] for e in reads} >= {"1", "2"}
    assert any(e.answer.status == 429 for e in reads)  # the rate limit, retried
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "/Date(1714550700000+0000)/", "/Date(1714550880000+0000)/",
        "/Date(1714550880000+0000)/"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one
    assert all(d.body["Name"] and d.body["Email"] for d in saved.deliveries)
    assert any(d.body["Name"].endswith("(changed)") for d in saved.deliveries)



def test_the_job_on_the_openfn_runtime_queries_quickbooks_as_intuit_documents(openfn_report):
    pull = workflow(openfn_report, "quickbooks-to-erp")
    calls = to(pull, "QuickBooks Online")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("GET", "/v3/company/TODO_realm_id/query")}
    assert all(e.request.headers["authorization"].startswith("Bearer ")
               and e.request.headers["accept"] == "application/json" for e in calls)
    statements = [e.request.query["query"] for e in calls]
    assert statements[0] == ("SELECT * FROM Customer ORDERBY MetaData.LastUpdatedTime "
                             "STARTPOSITION 1 MAXRESULTS 3")  # no cursor yet: everything
    assert ("SELECT * FROM Customer WHERE MetaData.LastUpdatedTime >= "
            "'2024-05-01T01:05:00-07:00' ORDERBY MetaData.LastUpdatedTime "
            "STARTPOSITION 1 MAXRESULTS 3") in statements
    assert any("STARTPOSITION 4 MAXRESULTS 3" in q for q in statements)
    faults = [e.answer.body["Fault"] for e in calls if e.answer.status == 500]
    assert faults and faults[0]["type"] == "SystemFault"  # retried
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T01:05:00-07:00", "2024-05-01T01:08:00-07:00", "2024-05-01T01:08:00-07:00"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one
    assert all(d.body["Name"] and d.body["Company"] for d in saved.deliveries)



def test_the_job_on_the_openfn_runtime_creates_xero_records_with_an_idempotency_key(
        openfn_report):
    push = workflow(openfn_report, "erp-to-xero")
    calls = [e for e in to(push, "Xero") if e.request.path != "/connect/token"]
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/api.xro/2.0/Contacts")}
    for call in calls:
        assert call.request.query == {"summarizeErrors": "true"}
        assert call.request.headers["authorization"].startswith("Bearer sim-access-")
        assert call.request.headers["xero-tenant-id"] == "TODO_tenant_id"
        assert set(call.request.body) == {"Contacts"} and len(call.request.body["Contacts"]) == 1
    first = calls[0].request
    assert first.headers["idempotency-key"] == "erp-to-xero:customer-0001"
    assert first.body == {"Contacts": [{"Name": "Ada Byron",
                                        "EmailAddress": "person1@example.org"}]}
    # the repeated event carried the same key and was not processed again
    assert any(e.answer.note.startswith("repeat") for e in calls)
    refused = next(e for e in calls if e.answer.status == 400)
    assert refused.answer.body["Type"] == "ValidationException"
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(":")[0] for d in letters] == ["ValidationException"]
    saved = next(route for route, _ in push.scenario.expect.stored)
    keys = [d.key for d in saved.deliveries]
    assert keys and len(set(keys)) == len(keys) and saved.duplicates  # each stored once



def test_the_job_on_the_openfn_runtime_creates_quickbooks_entities_with_a_requestid(
        openfn_report):
    import hashlib

    push = workflow(openfn_report, "erp-to-quickbooks")
    calls = to(push, "QuickBooks Online")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/v3/company/TODO_realm_id/customer")}
    for call in calls:
        assert set(call.request.query) == {"requestid"}
        assert len(call.request.query["requestid"]) <= 50  # Intuit's limit
        assert call.request.headers["authorization"].startswith("Bearer ")
    first = calls[0].request
    # the requestid is the MD5 of the record's key: the same version, the same requestid
    assert first.query["requestid"] == hashlib.md5(b"erp-to-quickbooks:customer-0001").hexdigest()
    assert first.body == {"DisplayName": "Ada Byron", "CompanyName": "Northwind Traders"}
    assert any(e.answer.note.startswith("repeat") for e in calls)
    refused = next(e for e in calls if e.answer.status == 400)
    assert refused.answer.body["Fault"]["type"] == "ValidationFault"
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(" ")[0] for d in letters] == ["ValidationFault"]


def test_both_engines_make_the_same_deliveries_against_the_ledger_mocks(python_report,
                                                                         openfn_report):
    assert_same(python_report, openfn_report)


def test_the_stub_readme_names_the_dedicated_adaptors_or_none(ledgers_spec):
    loaded = load_spec(ledgers_spec)
    readme = " ".join(build_stub(loaded.spec, provenance(loaded))[1]["README.md"].split())
    assert "| Xero | `GET /api.xro/2.0/{ENDPOINT}` | none the catalog names" in readme
    assert "https://github.com/XeroAPI/Xero-OpenAPI/blob/master/xero_accounting.yaml" in readme
    assert ("| QuickBooks Online | `GET /v3/company/{REALM_ID}/query` | "
            "`@openfn/language-intuit`: `http.get('/v3/company/<realmId>/query', "
            "{ query: { query } })`") in readme


def test_a_xero_flow_with_basic_auth_keeps_the_generic_mock():
    xero = DIALECTS["xero"]
    assert xero.covers("poll", "modified-since", "oauth2-authorization-code")
    assert not xero.covers("poll", "modified-since", "basic")  # Xero takes OAuth 2.0 only
    assert not xero.covers("poll", "full-fetch", "oauth2-authorization-code")


# -- the mocks hold the jobs to the vendor's rules (Python only, fast) -----------------


def _get(route: Any, path: str, query: dict[str, str], headers: dict[str, str]) -> Any:
    params = route.match("GET", path)
    assert params is not None, path
    return route.answer(Request("GET", path, query, headers, None), params)


def test_the_xero_mock_filters_and_pages_as_the_openapi_documents():
    from mailroom.simulate.vendor_xero import XeroListRoute, xero_record

    dialect = DIALECTS["xero"]
    contacts = XeroListRoute(dialect, "", "ERP", None, Cursor("modified-since", None, "x"),
                             FaultPlan())
    contacts.records = [xero_record(dialect, n, f"2024-05-01T08:0{n}:00Z", {"Name": str(n)})
                        for n in range(1, 6)]
    path = "/api.xro/2.0/Contacts"
    asked = {"xero-tenant-id": "t", "accept": "application/json"}
    first = _get(contacts, path, {"page": "1", "pageSize": "2"}, asked)
    assert [c["Name"] for c in first.body["Contacts"]] == ["1", "2"]
    assert first.body["pagination"] == {"page": 1, "pageSize": 2, "pageCount": 3,
                                        "itemCount": 5}
    assert first.body["Contacts"][0]["UpdatedDateUTC"] == "/Date(1714550460000+0000)/"
    since = _get(contacts, path, {"page": "1"},
                 {**asked, "if-modified-since": "2024-05-01T08:04:00Z"})
    assert [c["Name"] for c in since.body["Contacts"]] == ["4", "5"]  # on or after
    # the organisation and JSON are asked for, or nothing is answered
    assert _get(contacts, path, {}, {"accept": "application/json"}).status == 403
    assert _get(contacts, path, {}, {"xero-tenant-id": "t"}).status == 406
    refused = _get(contacts, path, {"page": "x"}, asked)
    assert refused.status == 400 and refused.body["Type"] == "ValidationException"
    assert set(refused.body) == {"ErrorNumber", "Type", "Message", "Elements"}


def test_the_python_engine_reads_xero_errors_as_the_job_does():
    from mailroom.simulate.step_tools import HttpAnswer
    from mailroom.simulate.vendor_xero import xero_reason, xero_since

    body = {"ErrorNumber": 10, "Type": "ValidationException",
            "Message": "A validation exception occurred",
            "Elements": [{"ValidationErrors": [{"Message": "Email address must be valid."}]}]}
    assert xero_reason(HttpAnswer(400, {}, body)) == (
        "ValidationException: A validation exception occurred (Email address must be valid.)")
    assert xero_since("/Date(1714550700123+0000)/") == "2024-05-01T08:05:00Z"


def test_the_quickbooks_mock_filters_and_pages_as_intuit_documents():
    from mailroom.simulate.vendor_quickbooks import QboQueryRoute, qbo_record

    dialect = DIALECTS["quickbooks-online"]
    customers = QboQueryRoute(dialect, "", "ERP", None, Cursor("modified-since", None, "x"),
                              FaultPlan())
    customers.records = [qbo_record(n, f"2024-05-01T08:0{n}:00Z", {"DisplayName": str(n)})
                         for n in range(1, 6)]
    path = "/v3/company/123/query"

    def ask(statement: str) -> Any:
        return _get(customers, path, {"query": statement}, {})

    first = ask("SELECT * FROM Customer ORDERBY MetaData.LastUpdatedTime "
                "STARTPOSITION 1 MAXRESULTS 2")
    assert [c["DisplayName"] for c in first.body["QueryResponse"]["Customer"]] == ["1", "2"]
    assert first.body["QueryResponse"]["Customer"][0]["MetaData"]["LastUpdatedTime"] == (
        "2024-05-01T01:01:00-07:00")
    since = ask("SELECT * FROM Customer WHERE MetaData.LastUpdatedTime >= "
                "'2024-05-01T08:04:00Z' ORDERBY MetaData.LastUpdatedTime "
                "STARTPOSITION 1 MAXRESULTS 10")  # an instant, whatever its offset
    assert [c["DisplayName"] for c in since.body["QueryResponse"]["Customer"]] == ["4", "5"]
    past = ask("SELECT * FROM Customer ORDERBY MetaData.LastUpdatedTime "
               "STARTPOSITION 7 MAXRESULTS 2")
    assert "Customer" not in past.body["QueryResponse"]  # none left: no entity key
    refused = ask("SELECT * FROM Customer LIMIT 5")
    assert refused.status == 400 and refused.body["Fault"]["type"] == "ValidationFault"
    assert set(refused.body["Fault"]["Error"][0]) == {"Message", "Detail", "code"}


def test_the_python_engine_reads_quickbooks_faults_as_the_job_does():
    from mailroom.simulate.step_tools import HttpAnswer
    from mailroom.simulate.vendor_quickbooks import qbo_reason

    body = {"Fault": {"Error": [{"Message": "Object Not Found", "Detail": "gone",
                                 "code": "610"}], "type": "ValidationFault"}}
    assert qbo_reason(HttpAnswer(400, {}, body)) == (
        "ValidationFault 610: Object Not Found (gone)")
    assert DIALECTS["quickbooks-online"].covers("poll", "modified-since",
                                                "oauth2-authorization-code")
    assert not DIALECTS["quickbooks-online"].covers("poll", "modified-since", "basic")
