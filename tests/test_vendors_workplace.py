"""Workplace systems' dialects (mailroom.vendors.workplace: BambooHR, Odoo, Slack): the
job generated for each flow, run on the OpenFn runtime against the vendor-shaped mock,
reaches the endpoints the vendor documents with the authentication it documents, and the
Python engine makes the same deliveries. Their own spec, apart from tests/test_vendors.py's
combined one, so that run stays short.

The OpenFn half needs Node.js and the OpenFn packages (see test_simulate_openfn.py);
MAILROOM_SKIP_OPENFN=1 skips it.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

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

WORKPLACE = """\
spec: 1
title: Workplace systems' dialects
systems:
  - {id: bamboohr, name: BambooHR, api: true}
  - {id: odoo, name: Odoo, api: true}
  - {id: slack, name: Slack, api: true}
  - {id: erp, name: Payroll, api: true}
flows:
  - id: bamboohr-to-payroll
    data: Employees (firstName, workEmail)
    fields:
      - {source_field: firstName, destination_field: FirstName, personal: true}
      - {source_field: workEmail, destination_field: Email, personal: true}
    source: bamboohr
    destination: erp
    mail_person: erp
    mailbox: bamboohr
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: basic, credential_name: BAMBOOHR_KEY}
  - id: bamboohr-key-to-payroll
    data: Employees (lastName)
    fields:
      - {source_field: lastName, destination_field: LastName, personal: true}
    source: bamboohr
    destination: erp
    mail_person: erp
    mailbox: bamboohr
    trigger: schedule
    schedule: every day at 02:00
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: BAMBOOHR_API_KEY}
  - id: odoo-to-payroll
    data: Contacts (name, email)
    fields:
      - {source_field: name, destination_field: Name, personal: true}
      - {source_field: email, destination_field: Email, personal: true}
    source: odoo
    destination: erp
    mail_person: erp
    mailbox: odoo
    trigger: schedule
    schedule: every 30 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key, credential_name: ODOO_KEY}
  - id: payroll-to-odoo
    data: Payslips (employee, amount)
    fields:
      - {source_field: employee, destination_field: name}
      - {source_field: amount, destination_field: x_amount}
    source: erp
    destination: odoo
    mail_person: erp
    mailbox: odoo
    trigger: event
    event: a payslip is approved
    transport: rest
    auth: {method: api-key, credential_name: ODOO_PUSH_KEY}
  - id: payroll-to-slack
    data: Payslip alerts (employee, note)
    fields:
      - {source_field: employee, destination_field: Employee}
      - {source_field: note, destination_field: Note}
    source: erp
    destination: slack
    mail_person: erp
    mailbox: slack
    trigger: event
    event: a payslip is held back
    transport: rest
    auth: {method: api-key, credential_name: SLACK_BOT_TOKEN}
"""


@pytest.fixture(scope="module")
def workplace_spec(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "workplace.yaml"
    path.write_text(WORKPLACE)
    return path


@pytest.fixture(scope="module")
def python_report(workplace_spec) -> Report:
    return simulate(load_spec(workplace_spec).spec, engine="python", source=str(workplace_spec))


@pytest.fixture(scope="module")
def openfn_report(openfn_modules, workplace_spec) -> Report:
    return simulate(load_spec(workplace_spec).spec, engine="openfn", source=str(workplace_spec),
                    openfn=Environment.from_os().openfn,
                    timeout=300)  # a busy machine: the whole spec's runs, not one


def workflow(report: Report, flow: str) -> WorkflowReport:
    return next(w for w in report.workflows if w.workflow.flows[0].id == flow)


def to(w: WorkflowReport, system: str) -> list[Exchange]:
    return [e for o in w.outcomes for e in o.exchanges if e.mailbox == system]


def _serve(route, path: str, query: dict | None = None, accept: str = "application/json"):
    params = route.match("GET", path)
    assert params is not None, path
    return route.answer(Request("GET", path, query or {}, {"accept": accept}, None), params)


def test_every_workplace_flow_speaks_its_dialect_and_passes(python_report):
    assert python_report.failed == 0
    for w in python_report.workflows:
        vendors = {s.target.dialect.id for s in w.workflow.steps
                   if s.target is not None and s.target.dialect is not None}
        assert vendors and vendors <= set(DIALECTS), w.workflow.id


def test_both_engines_make_the_same_deliveries(python_report, openfn_report):
    assert_same(python_report, openfn_report)


# -- BambooHR ----------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_reads_changed_bamboohr_employees(openfn_report):
    pull = workflow(openfn_report, "bamboohr-to-payroll")
    calls = to(pull, "BambooHR")
    base = "/api/gateway.php/TODO-company/v1/employees"
    lists = [e for e in calls if e.request.path == f"{base}/changed"]
    reads = [e for e in calls if e.request.path != f"{base}/changed"]
    assert lists and reads
    assert {e.request.path.rsplit("/", 1)[0] for e in reads} == {base}
    # the API key over HTTP Basic, JSON asked for on every request
    for e in calls:
        scheme, _, pair = e.request.headers["authorization"].partition(" ")
        assert scheme == "Basic" and ":" in base64.b64decode(pair).decode()
        assert e.request.headers["accept"] == "application/json"
    # since is required: the first poll starts at FIRST_SINCE, the next at latest
    sinces = [e.request.query["since"] for e in lists]
    assert sinces[0] == "2011-06-05T00:00:00Z"
    assert "2024-05-01T08:05:00+00:00" in sinces
    assert {e.request.query["fields"] for e in reads} == {"firstName,workEmail"}
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01T08:05:00+00:00", "2024-05-01T08:08:00+00:00", "2024-05-01T08:08:00+00:00"]
    # BambooHR's throttling answer (503) on the first employee read, tried again
    assert any(e.answer.status == 503 for e in reads)
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7  # 5, then 2 new and 1 changed, less the refused one
    assert all(d.body["FirstName"] and d.body["Email"] for d in saved.deliveries)


def test_an_api_key_for_bamboohr_goes_over_http_basic_as_the_user_name(openfn_report):
    pull = workflow(openfn_report, "bamboohr-key-to-payroll")
    calls = to(pull, "BambooHR")
    assert calls
    config = pull.scenario.credentials["BAMBOOHR_API_KEY"]
    want = "Basic " + base64.b64encode(f"{config['apiKey']}:x".encode()).decode()
    assert {e.request.headers["authorization"] for e in calls} == {want}
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7


def test_the_bamboohr_mock_answers_as_bamboohr_documents():
    from mailroom.simulate.vendor_bamboohr import BambooChangedRoute, bamboo_employee

    route = BambooChangedRoute(DIALECTS["bamboohr"], "", "Payroll", None,
                               Cursor("modified-since", None, "lastChanged"), FaultPlan())
    route.records = [bamboo_employee(n, f"2024-05-01T08:0{n}:00Z", {"firstName": f"F{n}"})
                     for n in (3, 1, 2)]
    base = "/api/gateway.php/acme/v1/employees"
    assert _serve(route, f"{base}/changed").status == 400  # since is required
    assert _serve(route, f"{base}/changed", {"since": "yesterday"}).status == 400
    listed = _serve(route, f"{base}/changed", {"since": "2024-05-01T10:01:00+02:00"})
    assert listed.status == 200
    assert listed.body["latest"] == "2024-05-01T08:03:00+00:00"  # the latest lastChanged
    assert listed.body["employees"] == {  # after, not at, the given time (08:01 UTC)
        "2": {"id": "2", "lastChanged": "2024-05-01T08:02:00+00:00", "action": "Inserted"},
        "3": {"id": "3", "lastChanged": "2024-05-01T08:03:00+00:00", "action": "Inserted"}}
    one = _serve(route, f"{base}/2", {"fields": "firstName"})
    assert one.body == {"id": "2", "firstName": "F2"}  # only the fields asked for
    assert _serve(route, f"{base}/2", {"fields": "nickname"}).status == 406
    assert _serve(route, f"{base}/9", {"fields": "firstName"}).status == 404
    # without Accept: application/json the answer is not JSON
    assert isinstance(_serve(route, f"{base}/changed", {"since": "2024-05-01T08:00:00Z"},
                             accept="*/*").body, str)


def test_the_transcript_says_bamboohrs_mock_is_shaped_like_it(python_report):
    out = transcript(python_report)
    part = out[out.index("Workflow bamboohr-to-payroll"):out.index("PASS bamboohr-to-payroll")]
    assert "Shaped like the vendor: BambooHR's mock" in part
    assert "answered 503 to the first employee's read" in part


def test_the_stub_readme_says_bamboohr_has_no_dedicated_adaptor(workplace_spec):
    loaded = load_spec(workplace_spec)
    files = build_stub(loaded.spec, provenance(loaded))[1]
    job = next(text for name, text in files.items()
               if name.endswith(".js") and "employees/changed" in text)
    assert "https://documentation.bamboohr.com/reference/get-changed-employee-ids" in job
    assert "TODO(verify): whether since takes employees changed exactly" in job


# -- Odoo --------------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_calls_odoo_search_read_over_json_2(openfn_report):
    pull = workflow(openfn_report, "odoo-to-payroll")
    calls = to(pull, "Odoo")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/json/2/res.partner/search_read")}
    for e in calls:  # an API key as a bearer token, the named parameters in a JSON body
        assert e.request.headers["authorization"].startswith("bearer ")
        assert "application/json" in e.request.headers["content-type"]
        assert e.request.body["order"] == "write_date asc, id asc"
        assert e.request.body["fields"] == ["name", "email", "write_date"]
    bodies = [e.request.body for e in calls]
    assert bodies[0]["domain"] == []  # no cursor yet: every record
    assert any(b["domain"] == [["write_date", ">", "2024-05-01 08:05:00"]] for b in bodies)
    assert {b["offset"] for b in bodies} >= {0, 3}  # limit a call, skipping offset
    assert [o.result.state.get("cursor") for o in pull.outcomes] == [
        "2024-05-01 08:05:00", "2024-05-01 08:08:00", "2024-05-01 08:08:00"]
    saved = next(route for route, _ in pull.scenario.expect.stored)
    assert len(saved.deliveries) == 7
    assert all(d.body["Name"] and d.body["Email"] for d in saved.deliveries)


def test_the_odoo_mock_filters_orders_and_pages_as_json_2_documents():
    from mailroom.simulate.vendor_odoo import OdooSearchReadRoute, odoo_record

    route = OdooSearchReadRoute(DIALECTS["odoo"], "", "Payroll", None,
                                Cursor("modified-since", None, "write_date"), FaultPlan())
    route.records = [odoo_record(n, f"2024-05-01T08:0{n}:00Z", {"name": f"N{n}", "email": "x"})
                     for n in (3, 1, 2, 4)]
    path = "/json/2/res.partner/search_read"

    def call(body, content_type="application/json; charset=utf-8"):
        params = route.match("POST", path)
        assert params is not None
        return route.answer(Request("POST", path, {}, {"content-type": content_type}, body),
                            params)

    first = call({"domain": [["write_date", ">", "2024-05-01 08:01:00"]], "fields": ["name"],
                  "order": "write_date asc, id asc", "offset": 0, "limit": 2})
    assert first.body == [{"id": 2, "name": "N2"}, {"id": 3, "name": "N3"}]  # after, not at
    later = call({"domain": [["write_date", ">", "2024-05-01 08:01:00"]], "fields": ["name"],
                  "order": "write_date asc, id asc", "offset": 2, "limit": 2})
    assert later.body == [{"id": 4, "name": "N4"}]
    refused = call({"domain": [["name", "ilike", "N"]]})
    assert refused.status == 400
    assert {"name", "message", "arguments", "context", "debug"} <= set(refused.body)
    assert call({"domain": []}, content_type="text/plain").status == 415


def test_the_stub_readme_names_odoos_adaptor_and_its_operation(workplace_spec):
    loaded = load_spec(workplace_spec)
    readme = " ".join(build_stub(loaded.spec, provenance(loaded))[1]["README.md"].split())
    assert "@openfn/language-odoo" in readme and "searchReadRecord(" in readme
    assert "POST /json/2/{MODEL}/search_read" in readme


def test_the_job_on_the_openfn_runtime_writes_into_odoo_by_search_then_write_or_create(
        openfn_report):
    push = workflow(openfn_report, "payroll-to-odoo")
    calls = to(push, "Odoo")
    methods = [e.request.path.rsplit("/", 1)[1] for e in calls]
    assert {e.request.path.rsplit("/", 1)[0] for e in calls} == {"/json/2/res.partner"}
    assert set(methods) == {"search", "create", "write"}  # no upsert: a search first
    assert all(e.request.headers["authorization"].startswith("bearer ") for e in calls)
    searches = [e for e in calls if e.request.path.endswith("/search")]
    assert all(e.request.body["domain"][0][:2] == ["x_mailroom_key", "="] for e in searches)
    creates = [e for e in calls if e.request.path.endswith("/create")]
    assert all(e.request.body["vals_list"][0]["x_mailroom_key"] for e in creates)
    writes = [e for e in calls if e.request.path.endswith("/write")]
    assert writes and all(e.request.body["ids"] for e in writes)  # the repeat updates
    route = next(route for route, _ in push.scenario.expect.stored)
    assert route.duplicates  # the repeated delivery was written, not created again


def test_the_odoo_write_mock_finds_by_key_and_refuses_what_it_does_not_model():
    from mailroom.simulate.vendor_odoo import OdooWriteRoute

    route = OdooWriteRoute(DIALECTS["odoo"], "", "Payroll", None, FaultPlan(), "Odoo")

    def call(method, body):
        path = f"/json/2/res.partner/{method}"
        params = route.match("POST", path)
        return route.answer(Request("POST", path, {}, {"content-type": "application/json"},
                                    body), params)

    assert call("search", {"domain": [["x_mailroom_key", "=", "k1"]]}).body == []
    assert call("create", {"vals_list": [{"name": "A", "x_mailroom_key": "k1"}]}).body == [1]
    assert call("search", {"domain": [["x_mailroom_key", "=", "k1"]]}).body == [1]
    assert call("write", {"ids": [1], "vals": {"name": "B"}}).body is True
    assert route.rows[1] == {"name": "B", "x_mailroom_key": "k1"}
    assert len(route.deliveries) == 1 and route.duplicates == ["k1"]
    assert call("create", {"vals_list": [{"name": "C"}]}).status == 400  # no key: refused
    assert call("write", {"ids": [9], "vals": {}}).status == 400
    assert call("unlink", {"ids": [1]}).status == 404


# -- Slack -------------------------------------------------------------------------------


def test_the_job_on_the_openfn_runtime_posts_to_slack_and_reads_ok(openfn_report):
    push = workflow(openfn_report, "payroll-to-slack")
    calls = to(push, "Slack")
    assert calls and {(e.request.method, e.request.path) for e in calls} == {
        ("POST", "/api/chat.postMessage")}
    for e in calls:
        assert e.request.headers["authorization"].startswith("Bearer ")
        assert e.request.headers["content-type"] == "application/json; charset=utf-8"
        assert e.request.body["channel"] == "TODO-channel-id"
        assert e.request.body["text"].startswith("Employee: ")
        assert e.request.body["metadata"]["event_type"] == "mailroom_delivery"
        assert e.request.body["metadata"]["event_payload"]["key"].startswith("payroll-to-slack:")
    # the refusal comes with HTTP 200: the job read `ok` and dead-lettered it
    refused = [e for e in calls if e.answer.status == 200 and e.answer.body["ok"] is False]
    assert len(refused) == 1
    letters = [letter for o in push.outcomes if o.result is not None and o.result.state
               for letter in o.result.state.get("deadLetters") or []]
    assert [(d["status"], d["reason"]) for d in letters] == [(200, "is_archived")]
    # 429 with Retry-After, waited out and tried again
    assert any(e.answer.status == 429 and e.answer.headers["Retry-After"] for e in calls)
    # Slack keeps no key: the repeated event posted a second message, and nothing says
    # "exactly once"
    route = next(route for route, _ in push.scenario.expect.stored)
    assert route.duplicates and len(route.messages) == len(route.deliveries) + 1


def test_the_transcript_does_not_claim_slack_posts_exactly_once(python_report):
    out = transcript(python_report)
    part = out[out.index("Workflow payroll-to-slack"):out.index("PASS payroll-to-slack")]
    assert "exactly once" not in part
    assert "Slack does not de-duplicate: the repeated delivery posted a second message" in part


def test_the_slack_mock_answers_as_slack_documents():
    from mailroom.simulate.vendor_slack import SlackPostRoute, message_text

    plan = FaultPlan({"k2": 429}, {"k3": 200})
    route = SlackPostRoute(DIALECTS["slack"], "", "Payroll", None, plan, "Slack")

    def post(body):
        path = "/api/chat.postMessage"
        return route.serve(Request("POST", path, {}, {}, body), route.match("POST", path))

    def message(key):
        return {"channel": "C1", "text": "hi", "metadata": {"event_type": "mailroom_delivery",
                                                             "event_payload": {"key": key}}}

    assert post({"channel": "C1"}).body == {"ok": False, "error": "no_text"}
    assert post({"text": "hi"}).body == {"ok": False, "error": "channel_not_found"}
    first = post(message("k1"))
    assert first.status == 200 and first.body["ok"] is True and first.body["ts"]
    busy = post(message("k2"))
    assert busy.status == 429 and busy.headers["Retry-After"] == "1"
    refused = post(message("k3"))
    assert refused.status == 200 and refused.body == {"ok": False, "error": "is_archived"}
    assert post(message("k1")).body["ok"] is True  # no key kept: posted again
    assert len(route.messages) == 2 and route.duplicates == ["k1"]
    # Slack's control characters are escaped in the text, nothing else
    assert message_text({"Note": "<b> & 'x'"}) == "Note: &lt;b&gt; &amp; 'x'"


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_jobs_slack_text_escapes_as_the_python_engine_does(workplace_spec, tmp_path):
    """What a stakeholder or a record holds reaches Slack with its control characters
    escaped (&, <, >) and nothing else changed, the same in the job and in Python."""
    from mailroom.simulate.vendor_slack import message_text

    loaded = load_spec(workplace_spec)
    job = next(text for name, text in build_stub(loaded.spec, provenance(loaded))[1].items()
               if name.endswith(".js") and "function messageText(" in text)
    start = job.index("function slackEscape(")
    end = job.index("\nfunction slackReason(", start)
    records = [{"Note": "<!channel> & <@U123|boss> > 'quoted' \"double\""},
               {"Name": "東京ストア", "Amount": 12.5, "Held": True, "Missing": None},
               {"Nested": {"a": [1, "x<y"]}, "Empty": ""}]
    script = tmp_path / "text.js"
    show = "for (const r of records) console.log(JSON.stringify(messageText(r)));"
    script.write_text(f"{job[start:end]}\nconst records = {json.dumps(records)};\n{show}\n",
                      encoding="utf-8")
    got = subprocess.run(["node", str(script)], capture_output=True, text=True, check=True,
                         timeout=30).stdout.splitlines()
    assert [json.loads(line) for line in got] == [message_text(r) for r in records]
    assert "&lt;!channel&gt; &amp; &lt;@U123|boss&gt; &gt;" in message_text(records[0])
