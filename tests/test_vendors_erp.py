"""ERP systems' dialects (mailroom.vendors.erp): the job generated for a flow from NetSuite,
run on the OpenFn runtime against the NetSuite-shaped mock, reaches the endpoints Oracle
documents with the authentication it documents, and the Python engine makes the same
deliveries. Their own spec, apart from tests/test_vendors.py's combined one, so the run
stays short.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.mocks import Exchange, FaultPlan, Request
from mailroom.simulate.transcript import transcript
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.stub.shape import Cursor
from mailroom.vendors import DIALECTS

ERPS = """\
spec: 1
title: ERP systems' dialects
systems:
  - {id: netsuite, name: NetSuite, api: true}
  - {id: sap-s4hana, name: SAP S/4HANA, api: true}
  - {id: erp, name: Warehouse, api: true}
flows:
  - id: netsuite-to-warehouse
    data: Customers (companyName, email)
    fields:
      - {source_field: companyName, destination_field: Name}
      - {source_field: email, destination_field: Email, personal: true}
    source: netsuite
    destination: erp
    mail_person: erp
    mailbox: netsuite
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: NETSUITE_M2M}
  - id: netsuite-all-to-warehouse
    data: Items (itemId)
    fields:
      - {source_field: itemId, destination_field: Sku}
    source: netsuite
    destination: erp
    mail_person: erp
    mailbox: netsuite
    trigger: schedule
    schedule: every day at 02:00
    change_detection: full-fetch
    transport: rest
    auth: {method: oauth2-authorization-code, credential_name: NETSUITE_USER}
  - id: warehouse-to-netsuite
    data: Orders (order number, email)
    fields:
      - {source_field: order_number, destination_field: otherRefNum}
      - {source_field: email, destination_field: email, personal: true}
    source: erp
    destination: netsuite
    mail_person: erp
    mailbox: netsuite
    trigger: event
    event: an order is paid
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: NETSUITE_WRITE}
  - id: sap-to-warehouse
    data: Business partners (BusinessPartnerFullName, BusinessPartnerCategory)
    fields:
      - {source_field: BusinessPartnerFullName, destination_field: Name}
      - {source_field: BusinessPartnerCategory, destination_field: Category}
    source: sap-s4hana
    destination: erp
    mail_person: erp
    mailbox: sap-s4hana
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: SAP_COMM_USER}
"""


@pytest.fixture(scope="module")
def erps_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "erps.yaml"
    path.write_text(ERPS)
    return path


@pytest.fixture(scope="module")
def python_report(erps_spec) -> Report:
    return simulate(load_spec(erps_spec).spec, engine="python", source=str(erps_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, erps_spec) -> Report:
    return simulate(load_spec(erps_spec).spec, engine="openfn", source=str(erps_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def test_the_job_on_the_openfn_runtime_upserts_into_netsuite_by_external_id(openfn_report):
    from mailroom.simulate.vendor_netsuite import key_of

    push = workflow(openfn_report, "warehouse-to-netsuite")
    calls = to(push, "NetSuite")
    tokens = [e for e in calls if e.request.method == "POST"]
    assert tokens and all(e.request.path == "/services/rest/auth/oauth2/v1/token"
                          and "client_assertion" in e.request.body for e in tokens)
    puts = [e for e in calls if e.request.method == "PUT"]
    assert puts and all(e.request.headers["authorization"].startswith("Bearer ") for e in puts)
    prefix = "/services/rest/record/v1/customer/eid:"
    assert all(e.request.path.startswith(prefix) for e in puts)
    eids = [e.request.path.removeprefix(prefix) for e in puts]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", eid) for eid in eids)  # as NetSuite allows
    assert all(key_of(eid).startswith("warehouse-to-netsuite:") for eid in eids)
    assert all(set(e.request.body) <= {"otherRefNum", "email"} for e in puts)
    assert {e.answer.status for e in puts} >= {204, 400, 500}
    assert all("location" in {k.lower() for k in e.answer.headers}
               for e in puts if e.answer.status == 204)
    refused = next(e for e in puts if e.answer.status == 400)
    assert refused.answer.body["o:errorDetails"][0]["o:errorCode"] == "INVALID_CONTENT"
    saved = next(route for route, _ in push.scenario.expect.stored)
    assert saved.duplicates  # a repeated delivery updated the record it created


def test_external_ids_keep_every_key_apart():
    from mailroom.simulate.vendor_netsuite import external_id, key_of

    keys = ["a:b", "a_3ab", "a_b", "ö-1", "x@2024-05-01T08:00:00Z"]
    ids = [external_id(k) for k in keys]
    assert len(set(ids)) == len(keys)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert [key_of(i) for i in ids] == keys


def test_every_erp_flow_speaks_its_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        vendor = "sap-s4hana" if w.workflow.flows[0].id.startswith("sap") else "netsuite"
        assert {s.target.dialect.id for s in w.workflow.steps
                if s.target is not None and s.target.dialect is not None} == {vendor}


def test_the_job_on_the_openfn_runtime_reads_sap_odata_as_sap_describes_it(openfn_report):
    pull = workflow(openfn_report, "sap-to-warehouse")
    calls = to(pull, "SAP S/4HANA")
    assert calls and {e.request.path for e in calls} == {
        "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner"}
    assert all(e.request.headers["authorization"].startswith("Basic ") for e in calls)
    assert all(e.request.headers["accept"] == "application/json" for e in calls)
    queries = [e.request.query for e in calls]
    assert all(q["$orderby"] == "BusinessPartner" and q["$top"] == "3" for q in queries)
    assert "$filter" not in queries[0]  # the first poll: no cursor yet
    assert {q["$skip"] for q in queries} >= {"0", "3"}
    filters = {q["$filter"] for q in queries if "$filter" in q}
    assert ("(LastChangeDate gt datetime'2024-05-01T00:00:00.000' or (LastChangeDate eq "
            "datetime'2024-05-01T00:00:00.000' and LastChangeTime ge time'PT08H05M00S')) or "
            "(CreationDate gt datetime'2024-05-01T00:00:00.000' or (CreationDate eq "
            "datetime'2024-05-01T00:00:00.000' and CreationTime ge time'PT08H05M00S'))"
            ) in filters
    assert any(e.answer.status == 500 for e in calls)  # retried
    assert all(isinstance(e.answer.body["d"]["results"], list)
               for e in calls if e.answer.status == 200)
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00Z", "2024-05-01T08:08:00Z", "2024-05-01T08:08:00Z"]
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 1, 1]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries and all(d.body["Name"] for d in saved.deliveries)
    assert any(d.body["Name"].endswith("(changed)") for d in saved.deliveries)


def test_the_sap_mock_filters_on_creation_and_change_and_pages_by_top_and_skip():
    from mailroom.simulate.vendor_sap import (
        SapODataRoute,
        changed_at,
        changed_sap_partner,
        sap_filter,
        sap_partner,
    )

    dialect = DIALECTS["sap-s4hana"]
    route = SapODataRoute(dialect, "", "Warehouse", None,
                          Cursor("modified-since", None, "_changedAt"), FaultPlan())
    partners = [sap_partner(dialect, n, f"2024-05-01T08:0{n}:00Z", {"n": n}) for n in (3, 1, 2)]
    partners.append(changed_sap_partner(sap_partner(dialect, 4, "2024-04-30T09:00:00Z",
                                                    {"n": 4}), "n", "2024-05-01T08:07:00Z"))
    route.records = partners
    assert partners[0]["CreationDate"] == "/Date(1714521600000)/"
    assert partners[0]["CreationTime"] == "PT08H03M00S" and partners[0]["LastChangeDate"] is None
    assert changed_at(partners[3]) == "2024-05-01T08:07:00Z"  # changed after it was made
    path = "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner"
    since = _serve(route, path, {"$filter": sap_filter("2024-05-01T08:02:00Z"),
                                 "$orderby": "BusinessPartner", "$top": "2"})
    assert [r["n"] for r in since.body["d"]["results"]] == [2, 3]  # on or after, key order
    rest = _serve(route, path, {"$filter": sap_filter("2024-05-01T08:02:00Z"),
                                "$orderby": "BusinessPartner", "$top": "2", "$skip": "2"})
    # made the day before, changed since: taken by its last change
    assert [r["n"] for r in rest.body["d"]["results"]] == ["4 (changed)"]
    refused = _serve(route, path, {"$filter": "LastChangeDate gt datetime'2024-05-01'"})
    assert refused.status == 400 and set(refused.body["error"]) == {"code", "message"}
    assert refused.body["error"]["message"]["value"]
    assert _serve(route, path, {"$orderby": "CreationDate"}).status == 400


def test_the_job_on_the_openfn_runtime_reads_netsuite_records_as_oracle_documents(
        openfn_report):
    pull = workflow(openfn_report, "netsuite-to-warehouse")
    calls = to(pull, "NetSuite")
    tokens = [e for e in calls if e.request.method == "POST"]
    assert tokens and all(e.request.path == "/services/rest/auth/oauth2/v1/token"
                          for e in tokens)
    form = tokens[0].request.body
    assert form["grant_type"] == "client_credentials"
    assert form["client_assertion_type"] == \
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert form["client_assertion"] and "client_secret" not in form
    reads = [e for e in calls if e.request.method == "GET"]
    assert all(e.request.headers["authorization"].startswith("Bearer ") for e in reads)
    lists = [e for e in reads if e.request.path == "/services/rest/record/v1/customer"]
    records = [e for e in reads if e.request.path.startswith("/services/rest/record/v1/customer/")]
    assert lists and records
    assert "q" not in lists[0].request.query  # the first poll: no cursor yet, every record
    assert {q["limit"] for q in (e.request.query for e in lists)} == {"3"}
    assert {"0", "3"} <= {e.request.query["offset"] for e in lists}
    # the cursor 2024-05-01T08:05:00Z: the day before its date, as Oracle's examples write it
    assert any(e.request.query.get("q") == 'lastModifiedDate ON_OR_AFTER "4/30/2024"'
               for e in lists)
    assert any(e.answer.status == 500 for e in lists)  # retried
    listed = {i["id"] for e in lists if e.answer.status == 200 for i in e.answer.body["items"]}
    assert {e.request.path.rsplit("/", 1)[1] for e in records} == listed
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00Z", "2024-05-01T08:08:00Z", "2024-05-01T08:08:00Z"]
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 1, 1]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries and all(d.body["Name"] for d in saved.deliveries)
    assert any(d.body["Name"].endswith("(changed)") for d in saved.deliveries)


def test_a_full_fetch_of_netsuite_reads_every_record_with_the_users_token(openfn_report):
    pull = workflow(openfn_report, "netsuite-all-to-warehouse")
    calls = to(pull, "NetSuite")
    assert calls and not any(e.request.method == "POST" for e in calls)
    assert all(e.request.headers["authorization"].startswith("Bearer ") for e in calls)
    assert not any("q" in e.request.query for e in calls)
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 5, 7]


def test_both_engines_make_the_same_deliveries_against_the_erp_mocks(python_report,
                                                                    openfn_report):
    assert_same(python_report, openfn_report)


def test_the_transcript_says_the_client_assertion_is_taken_unchecked(python_report):
    out = transcript(python_report)
    pull = out[out.index("Workflow netsuite-to-warehouse"):]
    assert "stored JWT assertion as it is" in pull
    assert "generic mock" not in pull.split("Warehouse")[0]


def test_netsuite_takes_no_basic_auth_so_the_flow_stays_generic(tmp_path):
    spec = ERPS.replace("{method: oauth2-authorization-code, credential_name: NETSUITE_USER}",
                        "{method: basic, credential_name: NETSUITE_USER}")
    path = tmp_path / "basic.yaml"
    path.write_text(spec)
    report = simulate(load_spec(path).spec, engine="python", source=str(path))
    basic = workflow(report, "netsuite-all-to-warehouse")
    assert not any(s.target is not None and s.target.dialect is not None
                   for s in basic.workflow.steps)


def test_the_stub_says_how_netsuite_is_called_and_what_is_left_to_do(erps_spec):
    loaded = load_spec(erps_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    job = files["workflows/netsuite-to-warehouse-customers/pull-customers-from-netsuite.js"]
    assert "/services/rest/record/v1/" in job and "ON_OR_AFTER" in job
    assert "client_assertion_type" in job and "client_secret" not in job
    assert "TODO(auth)" in job and "TODO(verify)" in job and "TODO(decide)" in job
    assert "section_162790605110.html" in job  # the client assertion's structure
    readme = " ".join(files["README.md"].split())
    assert "NetSuite" in readme


def test_the_stub_says_how_sap_is_called_and_what_is_left_to_do(erps_spec):
    loaded = load_spec(erps_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    job = next(text for name, text in files.items()
               if name.startswith("workflows/sap-") and name.endswith("-from-sap-s-4hana.js"))
    assert "/sap/opu/odata/sap/" in job and "d.results" in job and "$top" in job
    assert "const SERVICE = \"API_BUSINESS_PARTNER\";" in job
    assert "TODO(mapping)" in job and "TODO(verify)" in job and "TODO(decide)" in job
    assert "API_BUSINESS_PARTNER.edmx" in job and "cloud-sdk-js" in job
    readme = " ".join(files["README.md"].split())
    assert "`GET /sap/opu/odata/sap/{SERVICE}/{ENTITY_SET}` | none the catalog names" in readme


# -- the mock holds the job to NetSuite's rules (Python only, fast) ---------------------


def _serve(route: Any, path: str, query: dict[str, str] | None = None) -> Any:
    params = route.match("GET", path)
    assert params is not None, path
    return route.answer(Request("GET", path, query or {}, {}, None), params)


def test_the_netsuite_mock_lists_references_filters_by_day_and_pages_by_offset():
    from mailroom.simulate.vendor_netsuite import (
        NetSuiteRecordsRoute,
        filter_day,
        netsuite_record,
    )

    dialect = DIALECTS["netsuite"]
    route = NetSuiteRecordsRoute(dialect, "", "Warehouse", None,
                                 Cursor("modified-since", None, "lastModifiedDate"), FaultPlan())
    route.records = [netsuite_record(dialect, n, f"2024-05-0{n}T08:00:00Z", {"n": n})
                     for n in (3, 1, 2, 4)]
    path = "/services/rest/record/v1/customer"
    assert filter_day("2024-05-03T08:00:00Z") == "5/2/2024"
    assert filter_day("2024-03-01T00:00:00Z") == "2/29/2024"
    page = _serve(route, path, {"q": 'lastModifiedDate ON_OR_AFTER "5/2/2024"', "limit": "2"})
    body = page.body
    assert {"links", "count", "hasMore", "items", "offset", "totalResults"} <= set(body)
    assert [i["id"] for i in body["items"]] == ["102", "103"] and body["hasMore"] is True
    assert set(body["items"][0]) == {"links", "id"}  # references only: no fields
    assert body["links"][0]["rel"] == "next" and "offset=2" in body["links"][0]["href"]
    after = _serve(route, path, {"q": 'lastModifiedDate AFTER "5/2/2024"'})
    assert [i["id"] for i in after.body["items"]] == ["103", "104"]
    one = _serve(route, path + "/103")
    assert one.status == 200 and one.body["n"] == 3
    assert one.body["lastModifiedDate"] == "2024-05-03T08:00:00Z"
    missing = _serve(route, path + "/999")
    assert missing.status == 404
    refused = _serve(route, path, {"q": "lastModifiedDate AFTER 2024-05-02T00:00:00Z"})
    assert refused.status == 400
    detail = refused.body["o:errorDetails"][0]
    assert set(refused.body) == {"type", "title", "status", "o:errorDetails"}
    assert detail["o:errorCode"].startswith("MOCK_") and detail["detail"]
    assert _serve(route, path, {"limit": "1001"}).status == 400
