"""Real-time lookups in the vendor's dialect (mailroom.vendors.lookups): the job generated
for a flow that reads one record by its key, run on the OpenFn runtime against the
vendor-shaped mock, reaches the path the vendor documents with the authentication it
documents, a key the vendor does not know gets its documented not-found answer, and the
Python engine gives the same answers.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.mocks import Exchange, FaultPlan, Request
from mailroom.simulate.transcript import transcript
from mailroom.spec.reading import load_spec
from mailroom.vendors import DIALECTS

LOOKUPS = """\
spec: 1
title: Lookups in the vendors' dialects
systems:
  - {id: bamboohr, name: BambooHR, api: true}
  - {id: intranet, name: Intranet, api: true}
  - {id: salesforce, name: Salesforce, api: true}
  - {id: dhis2, name: DHIS2, api: true}
  - {id: servicenow, name: ServiceNow, api: true}
flows:
  - id: bamboohr-office
    data: The employee's office (location, workEmail)
    fields:
      - {source_field: location, destination_field: office}
      - {source_field: workEmail, destination_field: email, personal: true}
    source: bamboohr
    destination: intranet
    mail_person: intranet
    mailbox: bamboohr
    direction: pull
    trigger: on-demand
    event: an employee logs in
    transport: rest
    auth: {method: api-key, credential_name: BAMBOOHR_API_KEY}
  - id: salesforce-account
    data: The customer's account (AccountNumber, BillingPostalCode)
    fields:
      - {source_field: AccountNumber, destination_field: account}
      - {source_field: BillingPostalCode, destination_field: postcode}
    source: salesforce
    destination: intranet
    mail_person: intranet
    mailbox: salesforce
    direction: pull
    trigger: on-demand
    event: an agent opens a customer's page
    transport: rest
    auth: {method: oauth2-client-credentials, credential_name: SF_LOOKUP}
  - id: dhis2-patient
    data: The patient's record (firstName, village)
    fields:
      - {source_field: firstName, destination_field: name, personal: true}
      - {source_field: village, destination_field: village}
    source: dhis2
    destination: intranet
    mail_person: intranet
    mailbox: dhis2
    direction: pull
    trigger: on-demand
    event: a clinician opens a patient's page
    transport: rest
    auth: {method: api-key, credential_name: DHIS2_PAT}
  - id: servicenow-incident
    data: The incident (short_description, state)
    fields:
      - {source_field: short_description, destination_field: summary}
      - {source_field: state, destination_field: status}
    source: servicenow
    destination: intranet
    mail_person: intranet
    mailbox: servicenow
    direction: pull
    trigger: on-demand
    event: an agent opens an incident's page
    transport: rest
    auth: {method: basic, credential_name: SERVICENOW_LOGIN}
"""


@pytest.fixture(scope="module")
def lookups_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "lookups.yaml"
    path.write_text(LOOKUPS)
    return path


@pytest.fixture(scope="module")
def python_report(lookups_spec) -> Report:
    return simulate(load_spec(lookups_spec).spec, engine="python", source=str(lookups_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, lookups_spec) -> Report:
    return simulate(load_spec(lookups_spec).spec, engine="openfn", source=str(lookups_spec),
                    openfn=Environment.from_os().openfn, timeout=300)


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def answers(w: WorkflowReport) -> list[str]:
    return [json.dumps(o.result.state.get("data"), sort_keys=True) if o.result else "cached"
            for o in w.outcomes]


def test_every_lookup_speaks_its_vendors_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        step = w.workflow.steps[0]
        assert step.kind == "lookup" and step.target is not None
        assert step.target.dialect is not None and step.target.dialect.lookup is not None
    text = transcript(python_report)
    assert "generic mock" not in text


def test_both_engines_give_the_same_answers(python_report, openfn_report):
    assert_same(python_report, openfn_report)
    for py, js in zip(python_report.workflows, openfn_report.workflows, strict=True):
        assert answers(py) == answers(js), py.workflow.id


# -- BambooHR ----------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_one_bamboohr_employee(openfn_report):
    w = workflow(openfn_report, "bamboohr-office")
    calls = to(w, "BambooHR")
    assert calls
    base = "/api/gateway.php/TODO-company/v1/employees/"
    assert {e.request.path for e in calls} == {base + i for i in ("1", "2", "3", "9999")}
    config = w.scenario.credentials["BAMBOOHR_API_KEY"]
    key = "Basic " + base64.b64encode(f"{config['apiKey']}:x".encode()).decode()
    for e in calls:
        assert e.request.headers["authorization"] == key  # the key as Basic's user name
        assert e.request.headers["accept"] == "application/json"
        assert e.request.query == {"fields": "location,workEmail"}
    found = [o.result.state["data"] for o in w.outcomes[:2]]
    assert [d["id"] for d in found] == ["1", "2"]
    assert all(set(d) == {"id", "location", "workEmail"} for d in found)
    # BambooHR's throttling answer, tried again; an unknown id: 404, dead-lettered at once
    assert [e.answer.status for e in calls if e.request.path == base + "3"] == [503, 200]
    unknown = [e for e in calls if e.request.path == base + "9999"]
    assert [e.answer.status for e in unknown] == [404]
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    assert last.state["deadLetters"][0]["status"] == 404


def test_the_bamboohr_employee_mock_answers_as_bamboohr_documents():
    from mailroom.simulate.vendor_lookups import BambooEmployeeRoute

    route = BambooEmployeeRoute(DIALECTS["bamboohr"], "Intranet", None, FaultPlan())
    route.records = {"7": {"id": "7", "location": "Oslo"}}
    path = "/api/gateway.php/acme/v1/employees/7"
    params = route.match("GET", path)
    assert params == {"company": "acme", "id": "7"}

    def ask(query: dict, accept: str = "application/json", at: str = path):
        found = route.match("GET", at)
        assert found is not None
        return route.answer(Request("GET", at, query, {"accept": accept}, None), found)

    assert ask({"fields": "location"}).body == {"id": "7", "location": "Oslo"}
    missing = ask({"fields": "location"}, at="/api/gateway.php/acme/v1/employees/8")
    assert (missing.status, missing.body) == (404, None)  # no body documented
    assert ask({"fields": "salary"}).status == 406
    assert isinstance(ask({"fields": "location"}, accept="*/*").body, str)  # XML


# -- Salesforce --------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_one_salesforce_record(openfn_report):
    w = workflow(openfn_report, "salesforce-account")
    calls = to(w, "Salesforce")
    tokens = [e for e in calls if e.request.method == "POST"]
    reads = [e for e in calls if e.request.method == "GET"]
    assert tokens and all(e.request.path == "/services/oauth2/token" for e in tokens)
    base = "/services/data/v66.0/sobjects/TODO_Object/"
    ids = [f"001SIM{n:012d}" for n in (1, 2, 3)] + ["001SIM000000009999"]
    assert {e.request.path for e in reads} == {base + i for i in ids}
    for e in reads:
        assert e.request.headers["authorization"].startswith("Bearer ")
        assert e.request.query == {"fields": "AccountNumber,BillingPostalCode"}
    first = w.outcomes[0].result
    assert first is not None and set(first.state["data"]) == {"AccountNumber",
                                                             "BillingPostalCode"}
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    letter = last.state["deadLetters"][0]
    assert (letter["status"], letter["reason"]) == (
        404, "NOT_FOUND: The requested resource does not exist")


def test_the_sobject_rows_mock_answers_as_salesforce_documents():
    from mailroom.simulate.vendor_lookups import SObjectRowsRoute

    route = SObjectRowsRoute(DIALECTS["salesforce"], "Intranet", None, FaultPlan())
    route.records = {"001SIM000000000001": {"AccountNumber": "CD656092"}}
    base = "/services/data/v66.0/sobjects/TODO_Object/"

    def ask(ident: str, fields: str):
        path = base + ident
        found = route.match("GET", path)
        assert found is not None
        return route.answer(Request("GET", path, {"fields": fields}, {}, None), found)

    assert ask("001SIM000000000001", "AccountNumber").body == {"AccountNumber": "CD656092"}
    assert ask("001SIM000000000001", "Nope__c").status == 400
    missing = ask("001SIM000000009999", "AccountNumber")
    assert missing.status == 404
    assert missing.body == [{"message": "The requested resource does not exist",
                             "errorCode": "NOT_FOUND"}]


# -- DHIS2 -------------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_one_dhis2_tracked_entity(openfn_report):
    from mailroom.vendors.wire import dhis2_uid

    w = workflow(openfn_report, "dhis2-patient")
    calls = to(w, "DHIS2")
    uids = [dhis2_uid(f"sim-tracked-entity-{n}") for n in (1, 2, 3)]
    unknown = dhis2_uid("sim-tracked-entity-unknown")
    assert {e.request.path for e in calls} == {
        f"/api/tracker/trackedEntities/{u}" for u in [*uids, unknown]}
    config = w.scenario.credentials["DHIS2_PAT"]
    for e in calls:  # a personal access token: Authorization: ApiToken <token>
        assert e.request.headers["authorization"] == f"ApiToken {config['apiKey']}"
        assert e.request.query == {"program": "TODO_program"}
    first = w.outcomes[0].result
    assert first is not None and first.state["data"]["trackedEntity"] == uids[0]
    assert [a["attribute"] for a in first.state["data"]["attributes"]] == ["firstName",
                                                                            "village"]
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    letter = last.state["deadLetters"][0]
    assert letter["status"] == 404 and letter["reason"].endswith("could not be found.")


def test_the_tracked_entity_mock_answers_as_dhis2_documents():
    from mailroom.simulate.vendor_lookups import TrackedEntityRoute

    route = TrackedEntityRoute(DIALECTS["dhis2"], "Intranet", None, FaultPlan())
    route.records = {"PQfMcpmXeFE": {"trackedEntity": "PQfMcpmXeFE", "attributes": []}}

    def ask(uid: str):
        path = f"/api/tracker/trackedEntities/{uid}"
        found = route.match("GET", path)
        assert found is not None
        return route.answer(Request("GET", path, {"program": "IpHINAT79UW"}, {}, None), found)

    assert ask("PQfMcpmXeFE").body["trackedEntity"] == "PQfMcpmXeFE"
    missing = ask("AAAAAAAAAAA")
    assert missing.status == 404
    assert {k: missing.body[k] for k in ("httpStatus", "httpStatusCode", "status")} == {
        "httpStatus": "Not Found", "httpStatusCode": 404, "status": "ERROR"}


# -- ServiceNow --------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_one_servicenow_record(openfn_report):
    w = workflow(openfn_report, "servicenow-incident")
    calls = to(w, "ServiceNow")
    ids = [f"{n:032x}" for n in (1, 2, 3, 9999)]
    assert {e.request.path for e in calls} == {f"/api/now/table/incident/{i}" for i in ids}
    config = w.scenario.credentials["SERVICENOW_LOGIN"]
    pair = f"{config['username']}:{config['password']}".encode()
    for e in calls:
        assert e.request.headers["authorization"] == "Basic " + base64.b64encode(pair).decode()
        assert e.request.query == {"sysparm_fields": "short_description,state"}
    first = w.outcomes[0].result
    assert first is not None and set(first.state["data"]) == {"short_description", "state"}
    last = w.outcomes[-1].result
    assert last is not None and last.state["data"] is None
    assert last.state["deadLetters"][0]["status"] == 404
