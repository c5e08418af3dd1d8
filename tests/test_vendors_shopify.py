"""Shopify's pull (mailroom.vendors.shopify): the job generated for a modified-since poll,
run on the OpenFn runtime against the GraphQL mock, posts the documented query to the
documented endpoint with the documented header, pages by endCursor, waits out a THROTTLED
answer, and the Python engine makes the same deliveries. Its own spec and runs.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.test_simulate_openfn import assert_same
from tests.test_vendors import to, workflow

from mailroom.environment import Environment
from mailroom.simulate import Report, simulate
from mailroom.simulate.transcript import transcript
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance

SHOP = """\
spec: 1
title: Shopify orders into the ERP
systems:
  - {id: shopify, name: Shopify, api: true}
  - {id: erp, name: ERP, api: true}
flows:
  - id: shopify-to-erp
    data: Orders (name, email)
    fields:
      - {source_field: name, destination_field: OrderName}
      - {source_field: email, destination_field: Email, personal: true}
    source: shopify
    destination: erp
    mail_person: erp
    mailbox: shopify
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: SHOPIFY_TOKEN}
"""


@pytest.fixture(scope="module")
def shop_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "shop.yaml"
    path.write_text(SHOP)
    return path


@pytest.fixture(scope="module")
def python_report(shop_spec) -> Report:
    return simulate(load_spec(shop_spec).spec, engine="python", source=str(shop_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, shop_spec) -> Report:
    return simulate(load_spec(shop_spec).spec, engine="openfn", source=str(shop_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def test_the_pull_speaks_shopifys_dialect_and_passes(python_report):
    assert python_report.failed == 0
    pull = workflow(python_report, "shopify-to-erp")
    poll = next(s for s in pull.workflow.steps if s.kind == "poll")
    assert poll.target is not None and poll.target.dialect is not None
    assert poll.target.dialect.pull is not None
    assert poll.target.dialect.pull.style == "shopify-graphql"


def test_the_job_on_the_openfn_runtime_queries_shopify_as_it_documents(openfn_report):
    pull = workflow(openfn_report, "shopify-to-erp")
    calls = to(pull, "Shopify")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/admin/api/2025-01/graphql.json")}
    assert all(re.fullmatch(r"sim-accesstoken-[0-9a-f]+",
                            e.request.headers["x-shopify-access-token"]) for e in calls)
    assert all("authorization" not in e.request.headers for e in calls)
    query = calls[0].request.body["query"]
    assert "orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT)" in query
    assert "node { id updatedAt name email }" in query
    assert "pageInfo { hasNextPage endCursor }" in query
    variables = [e.request.body["variables"] for e in calls]
    assert variables[0] == {"first": 3, "after": None, "query": None}  # no cursor yet
    assert any(v["query"] == "updated_at:>'2024-05-01T08:05:00Z'" for v in variables)
    given = {e.answer.body["data"]["orders"]["pageInfo"]["endCursor"] for e in calls
             if e.answer.status == 200 and "data" in e.answer.body}
    followed = [v["after"] for v in variables if v["after"] is not None]
    assert followed and set(followed) <= given  # paged by the endCursor Shopify gave
    throttled = [e for e in calls if e.answer.status == 200 and "errors" in e.answer.body]
    assert throttled and throttled[0].answer.body["errors"][0]["extensions"]["code"] \
        == "THROTTLED"
    assert any(e.answer.status == 500 for e in calls)
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00Z", "2024-05-01T08:08:00Z", "2024-05-01T08:08:00Z"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert saved.deliveries[0].body == {"OrderName": "Ada Byron", "Email": "person1@example.org"}
    assert any(d.body["OrderName"].endswith("(changed)") for d in saved.deliveries)


def test_both_engines_make_the_same_deliveries_against_the_shopify_mock(python_report,
                                                                         openfn_report):
    assert_same(python_report, openfn_report)


def test_the_transcript_and_the_stub_say_what_shopifys_pages_leave_open(python_report,
                                                                         shop_spec):
    out = transcript(python_report)
    block = " ".join(out[out.index("Workflow shopify-to-erp"):
                         out.index("PASS shopify-to-erp")].split())
    assert "Shaped like the vendor: Shopify's mock" in block
    assert "retried after Shopify answered a THROTTLED error to page 2" in block
    assert "Shopify's pages do not say which status a throttled query gets" in block
    loaded = load_spec(shop_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "graphql.json" in text)
    assert "TODO(verify): Shopify's pages do not say which HTTP status" in job
    assert "X-Shopify-Access-Token" in job
