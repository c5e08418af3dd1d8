"""Jobs and mocks of systems read by a search (mailroom.vendors.searches): HubSpot's CRM
search and batch upsert. As in test_vendors.py, the job generated for each flow, run on
the OpenFn runtime against the vendor-shaped mock, reaches the endpoints the vendor
documents with the authentication it documents, and the Python engine makes the same
deliveries. Their own spec, so the combined run of test_vendors.py does not grow.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_simulate_openfn import assert_same
from tests.test_vendors import to, workflow

from mailroom.environment import Environment
from mailroom.simulate import Report, simulate
from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.vendors import DIALECTS

SEARCHES = """\
spec: 1
title: Systems read by a search
systems:
  - {id: hubspot, name: HubSpot, api: true}
  - {id: erp, name: ERP, api: true}
flows:
  - id: hubspot-to-erp
    data: Contacts (firstname, email)
    fields:
      - {source_field: firstname, destination_field: FirstName, personal: true}
      - {source_field: email, destination_field: Email, personal: true}
    source: hubspot
    destination: erp
    mail_person: erp
    mailbox: hubspot
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: HUBSPOT_READ}
  - id: erp-to-hubspot
    data: Customers (customer number, email)
    fields:
      - {source_field: customer_number, destination_field: customer_number}
      - {source_field: email, destination_field: email, personal: true}
    source: erp
    destination: hubspot
    mail_person: erp
    mailbox: hubspot
    trigger: event
    event: a customer signs up
    transport: rest
    auth: {method: api-key, credential_name: HUBSPOT_WRITE}
"""


@pytest.fixture(scope="module")
def searches_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "searches.yaml"
    path.write_text(SEARCHES)
    return path


@pytest.fixture(scope="module")
def python_report(searches_spec) -> Report:
    return simulate(load_spec(searches_spec).spec, engine="python", source=str(searches_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, searches_spec) -> Report:
    return simulate(load_spec(searches_spec).spec, engine="openfn", source=str(searches_spec),
                    openfn=Environment.from_os().openfn)


def test_every_search_flow_speaks_its_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        vendors = {s.target.dialect.id for s in w.workflow.steps
                   if s.target is not None and s.target.dialect is not None}
        assert vendors == {"hubspot"}, w.workflow.id


def test_the_job_on_the_openfn_runtime_searches_hubspot_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "hubspot-to-erp")
    calls = to(pull, "HubSpot")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/crm/v3/objects/contacts/search")}
    assert all(e.request.headers["authorization"].startswith("Bearer sim-apikey-")
               for e in calls)
    bodies = [e.request.body for e in calls]
    assert all(b["sorts"] == [{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}]
               for b in bodies)
    assert {"firstname", "email", "lastmodifieddate"} <= set(bodies[0]["properties"])
    assert "filterGroups" not in bodies[0]  # the first poll: no cursor yet
    since = "1714550700000"  # 2024-05-01T08:05:00.000Z, in milliseconds
    assert any(b.get("filterGroups") == [{"filters": [
        {"propertyName": "lastmodifieddate", "operator": "GTE", "value": since}]}]
        for b in bodies)
    assert any(b.get("after") == "3" for b in bodies)  # paging.next.after followed
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00.000Z", "2024-05-01T08:08:00.000Z", "2024-05-01T08:08:00.000Z"]
    # GTE gives the object at the cursor's moment again: skipped, not delivered twice
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 1, 1]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one
    # the mapping reads the object's properties
    assert saved.deliveries[0].body == {"FirstName": "firstname 1",
                                       "Email": "person1@example.org"}


def test_the_job_on_the_openfn_runtime_upserts_into_hubspot_as_it_documents(openfn_report):
    push = workflow(openfn_report, "erp-to-hubspot")
    upserts = to(push, "HubSpot")
    assert upserts and {(e.request.method, e.request.path) for e in upserts} == {
        ("POST", "/crm/v3/objects/contacts/batch/upsert")}
    assert all(e.request.headers["authorization"].startswith("Bearer sim-apikey-")
               for e in upserts)
    first = upserts[0].request.body["inputs"]
    assert first == [{"idProperty": "TODO_mailroom_key", "id": "erp-to-hubspot:customer-0001",
                      "properties": {"customer_number": "customer-1001",
                                     "email": "person1@example.org"}}]
    assert "idempotency-key" not in upserts[0].request.headers
    created = [e.answer.body["results"][0]["new"] for e in upserts if e.answer.status == 200]
    assert True in created and False in created  # created, then the repeat updated it
    refused = next(e for e in upserts if e.answer.status == 400)
    assert set(refused.answer.body) == {"message", "correlationId", "category"}
    letters = [d for o in push.outcomes if o.result and o.result.state
               for d in o.result.state.get("deadLetters") or []]
    assert [d["reason"].split(":")[0] for d in letters] == ["VALIDATION_ERROR"]


def test_both_engines_make_the_same_deliveries(python_report, openfn_report):
    assert_same(python_report, openfn_report)


def test_the_stub_names_hubspots_endpoints_and_says_no_adaptor(searches_spec, tmp_path):
    loaded = load_spec(searches_spec)
    _, files = build_stub(loaded.spec, provenance(loaded))
    readme = files["README.md"]
    assert "| HubSpot | `POST /crm/v3/objects/{OBJECT_TYPE}/search` |" in readme
    assert "none the catalog names" in readme
    job = next(text for name, text in files.items()
               if name.endswith("pull-contacts-from-hubspot.js"))
    assert "10,000" in job and "paging.next.after" in job
    assert "TODO(mapping)" in job


def _search(route, body: dict) -> Answer:
    request = Request("POST", "/crm/v3/objects/contacts/search", {}, {}, body)
    params = route.match("POST", request.path)
    assert params is not None
    return route.answer(request, params)


def test_the_hubspot_mock_filters_sorts_pages_and_caps_as_documented():
    from mailroom.simulate.vendor_hubspot import HubSpotSearchRoute, hubspot_record
    from mailroom.stub.shape import Cursor

    hubspot = DIALECTS["hubspot"]
    route = HubSpotSearchRoute(hubspot, "", "ERP", None,
                               Cursor("modified-since", None, "updatedAt"), FaultPlan())
    route.records = [hubspot_record(hubspot, n, f"2024-05-01T08:0{n}:00Z", {"firstname": str(n)})
                     for n in (3, 1, 2, 4)]
    sort = [{"propertyName": "lastmodifieddate", "direction": "ASCENDING"}]
    since = [{"filters": [{"propertyName": "lastmodifieddate", "operator": "GTE",
                           "value": "1714550520000"}]}]  # 08:02, in milliseconds
    first = _search(route, {"filterGroups": since, "sorts": sort, "limit": 2,
                                   "properties": ["firstname"]})
    assert [r["properties"]["firstname"] for r in first.body["results"]] == ["2", "3"]
    assert first.body["paging"]["next"]["after"] == "2" and first.body["total"] == 3
    last = _search(route, {"filterGroups": since, "sorts": sort, "limit": 2, "after": "2",
                                  "properties": ["firstname"]})
    assert [r["properties"]["firstname"] for r in last.body["results"]] == ["4"]
    assert "paging" not in last.body
    assert _search(route, {"limit": 201}).status == 400
    beyond = _search(route, {"limit": 100, "after": "9950"})  # past 10,000 results
    assert beyond.status == 400 and set(beyond.body) == {"message", "correlationId", "category"}
    assert _search(route, {"sorts": sort * 2}).status == 400  # one sort rule only
