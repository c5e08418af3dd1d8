"""The write side of the forms and HR systems (mailroom.vendors.form_writes): a record sent
to ODK Central as a form submission (XML), to KoboToolbox as one (JSON), to BambooHR as a
new employee. The job generated for each flow, run on the OpenFn runtime against the
vendor-shaped mock, reaches the endpoints the vendor documents with the authentication it
documents, and the Python engine makes the same deliveries. Their own spec, apart from
tests/test_vendors.py's combined one, so that run stays short.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import uuid
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from tests.test_simulate_openfn import outcome

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.simulate.mocks import Exchange, FaultPlan, Request
from mailroom.spec.reading import load_spec
from mailroom.stub import build_stub, provenance
from mailroom.vendors import DIALECTS

WRITES = """\
spec: 1
title: Forms and HR systems written to
systems:
  - {id: odk-central, name: ODK Central, api: true}
  - {id: kobotoolbox, name: KoboToolbox, api: true}
  - {id: bamboohr, name: BambooHR, api: true}
  - {id: erp, name: Registry, api: true}
flows:
  - id: registry-to-odk
    data: Households (village, household size)
    fields:
      - {source_field: village, destination_field: village}
      - {source_field: household_size, destination_field: household_size}
    source: erp
    destination: odk-central
    mail_person: erp
    mailbox: odk-central
    trigger: event
    event: a household is registered
    transport: rest
    auth: {method: basic, credential_name: ODK_WRITER}
  - id: registry-to-kobo
    data: Water points (village, status)
    fields:
      - {source_field: village, destination_field: village}
      - {source_field: status, destination_field: status}
    source: erp
    destination: kobotoolbox
    mail_person: erp
    mailbox: kobotoolbox
    trigger: event
    event: a water point is inspected
    transport: rest
    auth: {method: api-key, credential_name: KOBO_WRITER}
  - id: registry-to-bamboohr
    data: New hires (first name, last name, job title)
    fields:
      - {source_field: first_name, destination_field: firstName}
      - {source_field: last_name, destination_field: lastName}
      - {source_field: job_title, destination_field: jobTitle}
    source: erp
    destination: bamboohr
    mail_person: erp
    mailbox: bamboohr
    trigger: event
    event: a hire is signed off
    transport: rest
    auth: {method: api-key, credential_name: BAMBOO_WRITER}
"""


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
                    openfn=Environment.from_os().openfn)


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def test_every_write_flow_speaks_its_dialect_and_passes(python_report):
    for w in python_report.workflows:
        vendors = {s.target.dialect.id for s in w.workflow.steps
                   if s.target is not None and s.target.dialect is not None}
        assert vendors and vendors <= set(DIALECTS), w.workflow.id
        failed = [c.text for c in w.checks if not c.ok]
        if "bamboohr" not in vendors:
            assert not failed, (w.workflow.id, failed)
            continue
        # BambooHR keeps no key: the repeated event added a second employee, and the
        # transcript says so instead of claiming it was skipped
        assert len(failed) == 2, failed
        assert "stored twice" in failed[0]
        assert "a repeat adds a second employee; TODO(id)" in failed[1]


def test_both_engines_make_the_same_deliveries(python_report, openfn_report):
    # BambooHR's flow fails its checks on both engines alike (a repeat adds an employee)
    assert len(python_report.workflows) == len(openfn_report.workflows) == 3
    for py, js in zip(python_report.workflows, openfn_report.workflows, strict=True):
        assert [(c.ok, c.text) for c in py.checks] == [(c.ok, c.text) for c in js.checks]
        assert outcome(py) == outcome(js), py.workflow.id


# -- ODK Central: a submission by instanceID -----------------------------------------------


def test_the_job_on_the_openfn_runtime_posts_odk_submissions_keyed_by_instance_id(
        openfn_report):
    push = workflow(openfn_report, "registry-to-odk")
    calls = to(push, "ODK Central")
    assert calls and all(e.request.method == "POST" and e.request.path
                         == "/v1/projects/1/forms/TODO_form/submissions" for e in calls)
    assert all(e.request.headers["content-type"].startswith("application/xml")
               for e in calls)
    for e in calls:  # HTTP Basic, as the pull authenticates
        scheme, _, encoded = e.request.headers["authorization"].partition(" ")
        assert scheme == "Basic" and ":" in base64.b64decode(encoded).decode()
    roots = [ElementTree.fromstring(e.request.raw) for e in calls]
    assert all(r.tag == "data" and r.get("id") == "TODO_form" and r.get("version") is None
               for r in roots)
    ids = [r.findtext("meta/instanceID") for r in roots]
    assert all(i and i.startswith("uuid:") and uuid.UUID(i[5:]).version == 3 for i in ids)
    assert all({c.tag for c in r} == {"meta", "village", "household_size"} for r in roots)
    # the repeated event carried the same instanceID and Central refused it with 409.3
    refused = [e for e in calls if e.answer.status == 409]
    assert refused and all(e.answer.body["code"] == 409.3 for e in refused)
    route = next(route for route, _ in push.scenario.expect.stored)
    assert route.duplicates and set(route.duplicates) <= {d.key for d in route.deliveries}
    assert len({d.key for d in route.deliveries}) == len(route.deliveries)
    created = [e.answer.body for e in calls if e.answer.status == 200]
    assert created and all(b["instanceId"] in ids for b in created)


def _post(route, body: str, content_type: str = "application/xml", form: str = "TODO_form"):
    path = f"/v1/projects/1/forms/{form}/submissions"
    params = route.match("POST", path)
    assert params is not None, path
    return route.answer(Request("POST", path, {}, {"content-type": content_type}, body,
                                body.encode()), params)


def test_the_submission_mock_keys_by_instance_id_and_refuses_as_central_does():
    from mailroom.simulate.vendor_odk_submissions import OdkSubmissionRoute

    route = OdkSubmissionRoute(DIALECTS["odk-central"], "", "Registry", None, FaultPlan(),
                               "ODK Central")
    one = ('<data id="TODO_form"><meta><instanceID>uuid:1</instanceID></meta>'
           "<village>Hill</village></data>")
    assert _post(route, one).status == 200
    again = _post(route, one)
    assert again.status == 409 and again.body == {
        "code": 409.3, "message": "A resource already exists with instanceID value(s) of uuid:1."}
    assert [d.key for d in route.deliveries] == ["uuid:1"] and route.duplicates == ["uuid:1"]
    other_form = one.replace('id="TODO_form"', 'id="other"')
    assert _post(route, other_form).body["code"] == 400.8
    assert _post(route, "<aoeu").body["code"] == 400.2
    assert _post(route, "<data><meta/></data>").body["code"] == 400.2
    assert _post(route, one.replace("uuid:1", "uuid:2"), "application/json").status == 400
    versioned = one.replace('id="TODO_form"', 'id="TODO_form" version="7"')
    assert _post(route, versioned).body["code"] == 404.6
    assert len(route.deliveries) == 1


def test_typed_values_are_escaped_in_the_xml_and_come_back_as_typed():
    from mailroom.simulate.vendor_odk_submissions import instance_id, submission_of

    typed = {"village": "<Hill> & \"Dale\" 'n' Ñandú 村 ✓", "notes": "a]]>b"}
    xml, refused = submission_of(DIALECTS["odk-central"], "flow:k<1>&", typed)
    assert not refused
    root = ElementTree.fromstring(xml.encode())
    assert {c.tag: c.text for c in root if c.tag != "meta"} == typed
    assert root.findtext("meta/instanceID") == instance_id("flow:k<1>&")
    assert instance_id("flow:k<1>&") == f"uuid:{uuid.uuid3(uuid.UUID(int=0), 'flow:k<1>&')}"
    # a field name that is no XML element name is never written into the XML
    for name in ("a><b", "1st", "xmlish", "meta", "two words"):
        xml, refused = submission_of(DIALECTS["odk-central"], "k", {name: "x"})
        assert xml == "" and "not an XML element name" in refused


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_jobs_submission_xml_is_the_engines_byte_for_byte(writes_spec, tmp_path):
    """The job's own instanceId() and escaping, run by node on typed text (markup, quotes,
    accents, CJK, emoji), give the XML the Python engine sends, and it parses back."""
    from mailroom.simulate.vendor_odk_submissions import submission_of

    loaded = load_spec(writes_spec)
    job = next(text for name, text in build_stub(loaded.spec, provenance(loaded))[1].items()
               if name.endswith(".js") and "function submissionOf" in text
               and "xmlText" in text)
    code = job[job.index("function md5Hex("):job.index("function alreadyThere(")]
    cases = [("flow:k<1>&", {"village": "<Hill> & \"Dale\" 'n' Ñandú 村 ✓ 🌍", "n": 3}),
             ("x" * 80, {"note": "a]]>b", "flag": True, "nested": {"a": [1, "<"]}}),
             ("k", {"a><b": "x"})]
    script = tmp_path / "submission.js"
    script.write_text('const ROOT_ELEMENT = "data"; const FORM_VERSION = "";\n'
                      'const XML_FORM_ID = "TODO_form";\n' + code
                      + f"const cases = {json.dumps(cases, ensure_ascii=False)};\n"
                      "for (const [key, mapped] of cases) "
                      "console.log(JSON.stringify(submissionOf(key, mapped)));\n",
                      encoding="utf-8")
    got = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True,
                         timeout=30, encoding="utf-8").stdout.splitlines()
    for line, (key, mapped) in zip(got, cases, strict=True):
        xml, refused = submission_of(DIALECTS["odk-central"], key, mapped)
        assert json.loads(line) == ({"refused": refused} if refused else {"xml": xml})
        if not refused:
            assert ElementTree.fromstring(xml.encode()).findtext("village") in (
                None, mapped.get("village"))


def test_the_stub_names_language_odks_request_and_the_marked_stand_ins(writes_spec):
    loaded = load_spec(writes_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "@openfn/language-odk" in readme and "request('POST'" in readme
    assert "central-api-submission-management/#creating-a-submission" in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "/submissions`" in text)
    for words in ("TODO(mapping): the version of the form", "TODO(mapping): the name of the "
                  "form's instance root", "TODO(decide): edit, or submit anew",
                  "409.3", "function xmlText(text)"):
        assert words in job


# -- KoboToolbox: a JSON submission by instanceID ------------------------------------------


def test_the_job_on_the_openfn_runtime_posts_kobo_json_submissions_keyed_by_instance_id(
        openfn_report):
    push = workflow(openfn_report, "registry-to-kobo")
    calls = to(push, "KoboToolbox")
    assert calls and all(e.request.method == "POST" and e.request.path == "/submission"
                         for e in calls)
    assert all(e.request.headers["content-type"].startswith("application/json")
               for e in calls)
    assert all(e.request.headers["authorization"].startswith("Token ") for e in calls)
    sent = [e.request.body for e in calls]
    assert all(set(b) == {"id", "submission"} and b["id"] == "TODO_asset_uid" for b in sent)
    assert all(set(b["submission"]) == {"village", "status", "meta"} for b in sent)
    ids = [b["submission"]["meta"]["instanceID"] for b in sent]
    assert all(i.startswith("uuid:") and uuid.UUID(i[5:]).version == 3 for i in ids)
    # the repeated event is the same submission: 202 Duplicate Instance, not stored again
    repeats = [e for e in calls if e.answer.status == 202]
    assert repeats and all(e.answer.body == {"error": "Duplicate Instance"} for e in repeats)
    route = next(route for route, _ in push.scenario.expect.stored)
    assert route.duplicates and len({d.key for d in route.deliveries}) == len(route.deliveries)
    assert all(e.answer.body["instanceID"] in ids for e in calls if e.answer.status == 201)


def _submit(route, body, content_type: str = "application/json"):
    params = route.match("POST", "/submission")
    assert params is not None
    return route.answer(Request("POST", "/submission", {}, {"content-type": content_type},
                                body), params)


def test_the_kobo_mock_answers_duplicates_and_conflicts_as_kpi_does():
    from mailroom.simulate.vendor_kobo_submissions import KoboSubmissionRoute, kobo_submission

    route = KoboSubmissionRoute(DIALECTS["kobotoolbox"], "", "Registry", None, FaultPlan(),
                                "KoboToolbox")
    body, refused = kobo_submission(DIALECTS["kobotoolbox"], "k1", {"village": "Hill & <Dale>",
                                                                    "note": None})
    assert not refused and body is not None and "note" not in body["submission"]
    assert _submit(route, body).status == 201
    again = _submit(route, body)
    assert again.status == 202 and again.body == {"error": "Duplicate Instance"}
    other = {**body, "submission": {**body["submission"], "village": "Dale"}}
    conflict = _submit(route, other)
    assert conflict.status == 409
    assert conflict.body == {"error": "Submission with this instance ID already exists"}
    assert len(route.deliveries) == 1 and len(route.duplicates) == 1
    assert _submit(route, {"id": "TODO_asset_uid"}).body == {
        "error": "No submission key provided."}
    assert _submit(route, {**body, "id": "other"}).status == 404
    assert _submit(route, {"id": "TODO_asset_uid", "submission": {"a": "b"}}).body == {
        "error": "Instance ID is required"}
    for name in ("a><b", "meta", "1st"):
        assert kobo_submission(DIALECTS["kobotoolbox"], "k", {name: "x"})[0] is None


def test_the_stub_says_language_kobotoolbox_only_reads_and_marks_the_kc_domain(writes_spec):
    loaded = load_spec(writes_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "@openfn/language-kobotoolbox" in readme and "only read" in readme
    assert "submission/authenticated.md" in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "'/submission'" in text)
    for words in ("TODO(path): this endpoint is only on the KoboCAT domain",
                  "Duplicate Instance", "TODO(decide): edit, or submit anew"):
        assert words in job


# -- BambooHR: add an employee (no key, no upsert) -----------------------------------------


def test_the_job_on_the_openfn_runtime_adds_bamboohr_employees_and_a_repeat_adds_another(
        openfn_report):
    push = workflow(openfn_report, "registry-to-bamboohr")
    calls = to(push, "BambooHR")
    assert calls and all(e.request.method == "POST" and e.request.path
                         == "/api/gateway.php/TODO-company/v1/employees" for e in calls)
    assert all(e.request.headers["content-type"].startswith("application/json")
               for e in calls)
    for e in calls:  # the API key as the user name of HTTP Basic, "x" as the password
        scheme, _, encoded = e.request.headers["authorization"].partition(" ")
        assert scheme == "Basic" and base64.b64decode(encoded).decode().endswith(":x")
    assert all(set(e.request.body) == {"firstName", "lastName", "jobTitle"} for e in calls)
    created = [e for e in calls if e.answer.status == 201]
    assert created and all(e.answer.body is None and e.answer.headers["Location"]
                           .startswith("/api/gateway.php/TODO-company/v1/employees/")
                           for e in created)
    route = next(route for route, _ in push.scenario.expect.stored)
    keys = [d.key for d in route.deliveries]
    assert len(keys) == len(set(keys)) + 1  # the repeated event: a second employee
    assert not route.duplicates


def test_the_employee_mock_adds_every_request_and_refuses_without_names():
    from mailroom.simulate.vendor_bamboohr_create import BambooCreateRoute

    route = BambooCreateRoute(DIALECTS["bamboohr"], "", "Registry", None, FaultPlan(),
                              "BambooHR")
    path = "/api/gateway.php/acme/v1/employees"
    params = route.match("POST", path)
    assert params == {"company": "acme"} and route.match("GET", path) is None

    def add(body):
        return route.answer(Request("POST", path, {}, {"content-type": "application/json"},
                                    body), params)

    first, second = add({"firstName": "Ada", "lastName": "Byron"}), add(
        {"firstName": "Ada", "lastName": "Byron"})
    assert (first.status, second.status) == (201, 201)
    assert first.headers["Location"] != second.headers["Location"]
    assert len(route.deliveries) == 2 and not route.duplicates
    assert add({"firstName": "Ada"}).status == 400 and add([1]).status == 400


def test_the_stub_says_bamboohr_keeps_no_key_and_has_no_openfn_adaptor(writes_spec):
    loaded = load_spec(writes_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    readme = " ".join(files["README.md"].split())
    assert "reference/create-employee" in readme
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "/v1/employees`" in text)
    for words in ("TODO(id): BambooHR has no create-or-update by a key of ours",
                  "BambooHR keeps no key of ours", "TODO(decide): keep the ids",
                  "OpenFn has no dedicated BambooHR adaptor"):
        assert words in job
