"""The health systems' further sides (mailroom.vendors.health): DHIS2 read through its
tracker export, CommCare written through its Case Data API v2. The job generated for each
flow, run on the OpenFn runtime against the vendor-shaped mock, reaches the endpoints the
vendor documents with the authentication it documents, and the Python engine makes the
same deliveries. Their own spec, apart from
tests/test_vendors.py's combined one, so that run stays short.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_simulate_openfn import assert_same

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.mocks import Exchange, FaultPlan, Request
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.stub.shape import Cursor
from mailroom.vendors import DIALECTS

HEALTH = """\
spec: 1
title: Health systems' further sides
systems:
  - {id: dhis2, name: DHIS2, api: true}
  - {id: commcare, name: CommCare, api: true}
  - {id: erp, name: Registry, api: true}
flows:
  - id: dhis2-to-registry
    data: Visits (village, household_size)
    fields:
      - {source_field: village, destination_field: Village}
      - {source_field: household_size, destination_field: HouseholdSize}
    source: dhis2
    destination: erp
    mail_person: erp
    mailbox: dhis2
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: DHIS2_TOKEN}
  - id: dhis2-nightly-to-registry
    data: Visits (village)
    fields:
      - {source_field: village, destination_field: Village}
    source: dhis2
    destination: erp
    mail_person: erp
    mailbox: dhis2
    trigger: schedule
    schedule: every day at 02:00
    change_detection: full-fetch
    transport: rest
    auth: {method: api-key, credential_name: DHIS2_NIGHTLY_TOKEN}
  - id: registry-to-commcare
    data: Patients (name, village)
    fields:
      - {source_field: name, destination_field: case_name}
      - {source_field: village, destination_field: village}
    source: erp
    destination: commcare
    mail_person: erp
    mailbox: commcare
    trigger: event
    event: a patient is registered
    transport: rest
    auth: {method: api-key, credential_name: COMMCARE_KEY}
"""


@pytest.fixture(scope="module")
def health_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "health.yaml"
    path.write_text(HEALTH)
    return path


@pytest.fixture(scope="module")
def python_report(health_spec) -> Report:
    return simulate(load_spec(health_spec).spec, engine="python", source=str(health_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, health_spec) -> Report:
    return simulate(load_spec(health_spec).spec, engine="openfn", source=str(health_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def test_every_health_flow_speaks_its_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        vendors = {s.target.dialect.id for s in w.workflow.steps
                   if s.target is not None and s.target.dialect is not None}
        assert vendors and vendors <= set(DIALECTS), w.workflow.id


def test_both_engines_make_the_same_deliveries(python_report, openfn_report):
    assert_same(python_report, openfn_report)


# -- DHIS2's tracker export ----------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_dhis2s_tracker_export(openfn_report):
    pull = workflow(openfn_report, "dhis2-to-registry")
    calls = to(pull, "DHIS2")
    assert calls and {e.request.path for e in calls} == {"/api/tracker/events"}
    assert all(e.request.headers["authorization"].startswith("ApiToken ") for e in calls)
    for e in calls:
        query = e.request.query
        assert query["program"] == "TODO_program" and query["orgUnit"] == "TODO_org_unit"
        assert query["order"] == "updatedAt:asc" and query["page"].isdigit()
        assert "totalPages" not in query
    # the first poll has no cursor; later ones ask for what was updated after it, as
    # DHIS2 wrote it (no zone)
    first = [e for e in calls if e.request.query["page"] == "1"]
    assert "updatedAfter" not in first[0].request.query
    assert {e.request.query.get("updatedAfter") for e in first[1:]} == {
        "2024-05-01T08:05:00.000", "2024-05-01T08:08:00.000"}
    assert any(e.answer.status == 500 for e in calls)  # retried
    assert all(set(e.answer.body) == {"pager", "events"} for e in calls
               if e.answer.status == 200)
    saved = next(route for route, _ in pull.scenario.expect.stored)
    # the mapping reads each event's data values by data element
    assert saved.deliveries and all(d.body["Village"].startswith("village")
                                    for d in saved.deliveries)
    assert any(d.body["Village"].endswith("(changed)") for d in saved.deliveries)


def test_a_full_fetch_of_dhis2_skips_the_events_taken_before(openfn_report):
    pull = workflow(openfn_report, "dhis2-nightly-to-registry")
    calls = to(pull, "DHIS2")
    assert calls and all("updatedAfter" not in e.request.query for e in calls)
    assert [o.result.state.get("duplicatesSkipped") for o in pull.outcomes] == [0, 5, 7]


def _serve(route, query: dict[str, str], path: str = "/api/tracker/events"):
    params = route.match("GET", path)
    assert params is not None, path
    return route.answer(Request("GET", path, query, {}, None), params)


def test_the_tracker_export_mock_answers_as_dhis2_documents():
    from mailroom.simulate.vendor_dhis2 import TrackerExportRoute, dhis2_event

    dialect = DIALECTS["dhis2"]
    route = TrackerExportRoute(dialect, "", "Registry", None,
                               Cursor("modified-since", "updatedAfter", "updatedAt"), FaultPlan())
    route.records = [dhis2_event(dialect, n, f"2024-05-01T08:0{n}:00Z", {"village": f"v{n}"})
                     for n in range(1, 6)]
    ask = {"program": "P", "orgUnit": "O", "order": "updatedAt:asc"}
    page = _serve(route, {**ask, "pageSize": "2", "page": "2"})
    assert page.status == 200 and page.body["pager"] == {"page": 2, "pageSize": 2}
    assert [e["updatedAt"] for e in page.body["events"]] == ["2024-05-01T08:03:00.000",
                                                             "2024-05-01T08:04:00.000"]
    assert page.body["events"][0]["dataValues"][0] == {
        "dataElement": "village", "value": "v3", "createdAt": "2024-05-01T08:03:00.000",
        "updatedAt": "2024-05-01T08:03:00.000", "providedElsewhere": False}
    after = _serve(route, {**ask, "updatedAfter": "2024-05-01T08:04:00.000"})
    assert [e["updatedAt"] for e in after.body["events"]] == ["2024-05-01T08:05:00.000"]
    assert after.body["pager"]["pageSize"] == 50  # DHIS2's default
    for refused in (_serve(route, {"orgUnit": "O"}),  # no program
                    _serve(route, {"program": "P"}),  # no organisation unit
                    _serve(route, {**ask, "updatedAfter": "yesterday"})):
        assert refused.status == 400
        assert set(refused.body) == {"httpStatus", "httpStatusCode", "status", "message"}
    # tracked entities name their organisation units in orgUnits
    entities = _serve(route, {"program": "P", "orgUnits": "O"}, "/api/tracker/trackedEntities")
    assert entities.status == 200 and "trackedEntities" in entities.body


def test_the_stub_names_dhis2s_adaptor_and_its_tracker_export(health_spec):
    loaded = load_spec(health_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "@openfn/language-dhis2" in readme and "tracker.export(" in readme
    assert "tracker.md#webapi_tracker_export" in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "/api/tracker/${OBJECTS}" in text)
    for stand_in in ("const OBJECTS = \"events\"", "const PROGRAM = \"TODO_program\"",
                     "TODO(path): the UID of the program", "TODO(mapping): the spec names"):
        assert stand_in in job
    assert "TRACKER_OBJECTS" not in job  # the import's constant is the push job's


# -- CommCare's Case Data API v2 -----------------------------------------------------------


def test_the_job_on_the_openfn_runtime_upserts_commcare_cases_by_external_id(openfn_report):
    push = workflow(openfn_report, "registry-to-commcare")
    calls = to(push, "CommCare")
    base = "/a/TODO-project-space/api/case/v2/ext/"
    assert calls and all(e.request.method == "PUT" and e.request.path.startswith(base)
                         and e.request.path.endswith("/") for e in calls)
    assert all(e.request.headers["authorization"].startswith("ApiKey ")
               and ":" in e.request.headers["authorization"] for e in calls)
    sent = [e.request.body for e in calls]
    assert all(set(b) == {"case_type", "case_name", "owner_id", "properties"} for b in sent)
    assert all(b["case_type"] == "TODO_case_type" and b["owner_id"] == "TODO_owner_id"
               for b in sent)
    # the mapped name names the case; every other field is a text property
    assert all(b["case_name"] and ":" not in b["case_name"] and set(b["properties"]) == {"village"}
               and all(isinstance(v, str) for v in b["properties"].values()) for b in sent)
    answered = [e.answer for e in calls if e.answer.status == 200]
    assert answered and all(set(a.body) == {"xform_id", "case"} for a in answered)
    route = next(route for route, _ in push.scenario.expect.stored)
    assert route.duplicates  # the repeated event updated the case it created
    assert len({d.key for d in route.deliveries}) == len(route.deliveries)


def _put(route, external_id: str, body):
    path = f"/a/demo/api/case/v2/ext/{external_id}/"
    params = route.match("PUT", path)
    assert params is not None, path
    return route.answer(Request("PUT", path, {}, {}, body), params)


def test_the_case_upsert_mock_creates_then_updates_and_refuses_as_commcare_documents():
    from mailroom.simulate.vendor_commcare import CommCareCaseUpsertRoute

    route = CommCareCaseUpsertRoute(DIALECTS["commcare"], "", "Registry", None, FaultPlan(),
                                    "CommCare")
    new = {"case_type": "patient", "case_name": "Ada", "owner_id": "o1",
           "properties": {"village": "Hill"}}
    created = _put(route, "k%3A1", new)
    assert created.status == 200 and created.body["case"]["external_id"] == "k:1"
    updated = _put(route, "k%3A1", {"properties": {"village": "Dale"}})  # no type needed now
    assert updated.status == 200 and updated.body["case"]["properties"] == {"village": "Dale"}
    assert updated.body["case"]["case_id"] == created.body["case"]["case_id"]
    assert [d.key for d in route.deliveries] == ["k:1"] and route.duplicates == ["k:1"]
    for body in ({"case_name": "Bo", "owner_id": "o1"},  # a new case without its type
                 {**new, "properties": {"age": 3}},  # a value that is not text
                 {**new, "properties": {"xml_note": "x"}},  # not an XML element name
                 [new]):  # not one JSON object
        refused = _put(route, "k%3A2", body)
        assert refused.status == 400 and set(refused.body) == {"error"}
    assert len(route.deliveries) == 1


def test_the_stub_names_commcares_request_for_the_case_upsert(health_spec):
    loaded = load_spec(health_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "@openfn/language-commcare" in readme and "request('PUT'" in readme
    assert "cases-v2.rst#update-existing-case" in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "/api/case/v2/ext/" in text)
    for words in ("const CASE_TYPE = \"TODO_case_type\"", "TODO(mapping): the case type",
                  "encodeURIComponent(key)", "PUT by external id is an upsert"):
        assert words in job


def test_a_retry_is_counted_in_the_poll_that_retried_it(python_report):
    """Every poll of a full fetch asks for page 2 again; the transcript's "retried after
    …" counts the attempts the fault took (the failure and the retry), not every later
    poll's request for the same page."""
    w = workflow(python_report, "dhis2-nightly-to-registry")
    retried = [c.text for c in w.checks if c.text.startswith("retried after")]
    assert retried
    assert all(c.endswith("(2 attempt(s))") for c in retried), retried
