"""More real-time lookups in the vendor's dialect (mailroom.vendors.lookups_more): the job
generated for a flow that reads one record by its key, run on the OpenFn runtime against
the vendor-shaped mock, reaches the path the vendor documents with the authentication it
documents, a key the vendor does not know gets its not-found answer, and the Python engine
gives the same answers.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from tests.test_simulate_openfn import assert_same
from tests.test_vendors_lookups import answers, to, workflow

from mailroom.environment import Environment
from mailroom.simulate import Report, simulate
from mailroom.simulate.mocks import FaultPlan, Request
from mailroom.simulate.transcript import transcript
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.vendors import DIALECTS

LOOKUPS = """\
spec: 1
title: More lookups in the vendors' dialects
systems:
  - {id: intranet, name: Intranet, api: true}
  - {id: hubspot, name: HubSpot, api: true}
  - {id: zendesk, name: Zendesk, api: true}
  - {id: dynamics-365, name: Microsoft Dynamics 365, api: true}
flows:
  - id: hubspot-contact
    data: The contact (firstname, email)
    fields:
      - {source_field: firstname, destination_field: first_name}
      - {source_field: email, destination_field: email, personal: true}
    source: hubspot
    destination: intranet
    mail_person: intranet
    mailbox: hubspot
    direction: pull
    trigger: on-demand
    event: a member opens their profile
    transport: rest
    auth: {method: api-key, credential_name: HUBSPOT_TOKEN}
  - id: zendesk-requester
    data: The requester (name, email)
    fields:
      - {source_field: name, destination_field: name}
      - {source_field: email, destination_field: email, personal: true}
    source: zendesk
    destination: intranet
    mail_person: intranet
    mailbox: zendesk
    direction: pull
    trigger: on-demand
    event: an agent opens a requester's page
    transport: rest
    auth: {method: basic, credential_name: ZENDESK_LOGIN}
  - id: dataverse-contact
    data: The contact (fullname, emailaddress1)
    fields:
      - {source_field: fullname, destination_field: name}
      - {source_field: emailaddress1, destination_field: email, personal: true}
    source: dynamics-365
    destination: intranet
    mail_person: intranet
    mailbox: dynamics-365
    direction: pull
    trigger: on-demand
    event: a member opens their profile
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: DATAVERSE_APP}
"""


@pytest.fixture(scope="module")
def lookups_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "lookups-more.yaml"
    path.write_text(LOOKUPS)
    return path


@pytest.fixture(scope="module")
def python_report(lookups_spec) -> Report:
    return simulate(load_spec(lookups_spec).spec, engine="python", source=str(lookups_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, lookups_spec) -> Report:
    return simulate(load_spec(lookups_spec).spec, engine="openfn", source=str(lookups_spec),
                    openfn=Environment.from_os().openfn, timeout=300)


def test_every_lookup_speaks_its_vendors_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        step = w.workflow.steps[0]
        assert step.kind == "lookup" and step.target is not None
        assert step.target.dialect is not None and step.target.dialect.lookup is not None
    assert "generic mock" not in transcript(python_report)


def test_both_engines_give_the_same_answers(python_report, openfn_report):
    assert_same(python_report, openfn_report)
    for py, js in zip(python_report.workflows, openfn_report.workflows, strict=True):
        assert answers(py) == answers(js), py.workflow.id


# -- HubSpot -----------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_one_hubspot_object_by_its_unique_property(
        openfn_report):
    w = workflow(openfn_report, "hubspot-contact")
    calls = to(w, "HubSpot")
    unique = DIALECTS["hubspot"].constants["ID_PROPERTY"][0]  # what the upsert keys on
    keys = ("mr-1", "mr-2", "mr-3", "mr-9999")
    assert {e.request.path for e in calls} == {f"/crm/v3/objects/contacts/{k}" for k in keys}
    token = w.scenario.credentials["HUBSPOT_TOKEN"]["apiKey"]
    for e in calls:
        assert e.request.headers["authorization"] == f"Bearer {token}"
        assert e.request.query == {"idProperty": unique, "properties": "firstname,email"}
    first = w.outcomes[0].result
    assert first is not None
    assert first.state["data"]["id"] == "5101"
    assert set(first.state["data"]["properties"]) == {"firstname", "email"}
    assert [e.answer.status for e in calls if e.request.path.endswith("/mr-2")] == [500, 200]
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    dead = last.state["deadLetters"][0]
    assert dead["status"] == 404 and dead["key"] == "mr-9999"


def test_the_hubspot_object_mock_answers_as_hubspots_openapi_documents():
    from mailroom.simulate.vendor_lookups_more import HubSpotObjectRoute

    dialect = DIALECTS["hubspot"]
    unique = dialect.constants["ID_PROPERTY"][0]
    route = HubSpotObjectRoute(dialect, "Intranet", None, FaultPlan())
    route.records = {"k1": {"id": "7", "properties": {unique: "k1", "email": "a@b.test"},
                            "createdAt": "x", "updatedAt": "y", "archived": False}}

    def ask(path: str, query: dict):
        found = route.match("GET", path)
        assert found is not None
        return route.answer(Request("GET", path, query, {}, None), found)

    got = ask("/crm/v3/objects/contacts/k1", {"idProperty": unique,
                                              "properties": "email,nothere"})
    assert got.status == 200 and got.body["properties"] == {"email": "a@b.test"}
    assert got.body["id"] == "7"
    missing = ask("/crm/v3/objects/contacts/k2", {"idProperty": unique})
    assert missing.status == 404
    assert set(missing.body) == {"message", "correlationId", "category"}
    # without idProperty the key is taken as HubSpot's own id, which it is not
    assert ask("/crm/v3/objects/contacts/k1", {}).status == 404


# -- Zendesk -----------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_searches_one_zendesk_user_by_external_id(
        openfn_report):
    w = workflow(openfn_report, "zendesk-requester")
    calls = to(w, "Zendesk")
    assert calls and {e.request.path for e in calls} == {"/api/v2/users/search"}
    # the key as the external_id the Zendesk push (create_or_update) matches users on
    assert {e.request.query["external_id"] for e in calls} == {"mr-1", "mr-2", "mr-3",
                                                                "mr-9999"}
    config = w.scenario.credentials["ZENDESK_LOGIN"]
    pair = f"{config['username']}:{config['password']}".encode()
    for e in calls:
        assert e.request.headers["authorization"] == "Basic " + base64.b64encode(pair).decode()
        assert set(e.request.query) == {"external_id"}
    first = w.outcomes[0].result
    assert first is not None and first.state["data"]["external_id"] == "mr-1"
    assert {"name", "email"} <= set(first.state["data"])
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    dead = last.state["deadLetters"][0]
    assert dead["key"] == "mr-9999" and "no user with external_id" in dead["reason"]


def test_the_zendesk_search_mock_answers_as_zendesk_documents():
    from mailroom.simulate.vendor_lookups_more import ZendeskUserSearchRoute

    route = ZendeskUserSearchRoute(DIALECTS["zendesk"], "Intranet", None, FaultPlan())
    route.records = {"k1": {"id": 1, "external_id": "k1", "name": "Ada"}}

    def ask(query: dict):
        found = route.match("GET", "/api/v2/users/search")
        assert found is not None
        return route.answer(Request("GET", "/api/v2/users/search", query, {}, None), found)

    assert ask({"external_id": "k1"}).body["users"] == [route.records["k1"]]
    missing = ask({"external_id": "k2"})
    assert (missing.status, missing.body["users"]) == (200, [])  # not found is no error


# -- Dynamics 365 (Dataverse) -------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_one_dataverse_row_by_its_alternate_key(
        openfn_report):
    w = workflow(openfn_report, "dataverse-contact")
    calls = to(w, "Microsoft Dynamics 365")
    tokens = [e for e in calls if e.request.method == "POST"]
    reads = [e for e in calls if e.request.method == "GET"]
    assert tokens and all(e.request.path == "/TENANT/oauth2/v2.0/token" for e in tokens)
    dialect = DIALECTS["dynamics-365"]
    assert dialect.push is not None
    column = dialect.push.constants["KEY_COLUMN"][0]  # what the upsert names rows by
    assert {e.request.path for e in reads} == {
        f"/api/data/v9.2/contacts({column}='{k}')" for k in ("mr-1", "mr-2", "mr-3", "mr-9999")}
    for e in reads:
        assert e.request.headers["authorization"].startswith("Bearer ")
        assert e.request.query == {"$select": "fullname,emailaddress1"}
    first = w.outcomes[0].result
    assert first is not None
    assert set(first.state["data"]) == {"@odata.etag", "contactid", "fullname",
                                        "emailaddress1"}
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    dead = last.state["deadLetters"][0]
    assert dead["status"] == 404 and dead["key"] == "mr-9999"
    assert dead["reason"].startswith("no row with mailroom_key='mr-9999'")  # the error's message


def test_the_dataverse_mock_answers_as_microsoft_documents():
    from mailroom.simulate.vendor_lookups_more import DataverseRetrieveRoute

    dialect = DIALECTS["dynamics-365"]
    route = DataverseRetrieveRoute(dialect, "Intranet", None, FaultPlan())
    route.records = {"o'k": {"mailroom_key": "o'k", "@odata.etag": 'W/"1"',
                             "contactid": "g", "fullname": "Ada", "telephone1": "1"}}

    def ask(path: str, query: dict):
        found = route.match("GET", path)
        assert found is not None
        return route.answer(Request("GET", path, query, {}, None), found)

    got = ask("/api/data/v9.2/contacts(mailroom_key='o''k')", {"$select": "fullname"})
    assert got.status == 200
    assert got.body == {"@odata.etag": 'W/"1"', "contactid": "g", "fullname": "Ada"}
    missing = ask("/api/data/v9.2/contacts(mailroom_key='nope')", {})
    assert missing.status == 404 and set(missing.body["error"]) == {"code", "message"}


def test_the_stub_names_each_lookups_path_and_dynamics_adaptor_operation(lookups_spec):
    loaded = load_spec(lookups_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "`@openfn/language-dynamics`: `query({ entityName, entityId:" in readme
    for path in ("GET /crm/v3/objects/{OBJECT_TYPE}/{id}", "GET /api/v2/users/search",
                 "GET /api/data/v9.2/{ENTITY_SET}({KEY_COLUMN}='{id}')"):
        assert path in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "function lookUp" in text and "ENTITY_SET" in text)
    assert 'const KEY_COLUMN = "mailroom_key";' in job  # the upsert's alternate key
