"""`mailroom stub`: the OpenFn project a spec generates, its structure, and its manners."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from tests.conftest import CONTRACT_SPEC, REPO, SAMPLES

from mailroom.facts.spec_facts import facts_of
from mailroom.spec.reading import load_spec
from mailroom.spec.schedule import parse_schedule
from mailroom.stub import build_stub, provenance, write_stub
from mailroom.stub.jobs import environment
from mailroom.stub.plan import DEAD_LETTERS_EXPRESSION, plan_workflows

SPECS = sorted(SAMPLES.glob("*.yaml"))
COMMITTED = SAMPLES / "stub" / "commcare-openfn-dhis2"
CONDITIONS = {"always", "never", "on_job_success", "on_job_failure", "js_expression"}


def stub_of(sample: Path) -> dict[str, str]:
    loaded = load_spec(sample)
    return build_stub(loaded.spec, provenance(loaded, f"samples/{sample.name}"))[1]


def test_stub_command_writes_the_project_and_says_what_it_wrote(run, tmp_path):
    out = tmp_path / "out"
    result = run("stub", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    workflow = out / "workflows" / "salesforce-to-netsuite-converted-leads"
    assert sorted(p.name for p in workflow.iterdir()) == [
        "canvas.yaml", "input.example.json", "push-converted-leads-to-netsuite.js",
        "report-failures.js", "workflow.json"]
    for name in ("project.yaml", "README.md", "run.mjs", "package.json", "credential-map.json",
                 ".mailroom-stub.json"):
        assert (out / name).is_file(), name
    lines = result.output.splitlines()
    assert lines[0].startswith("Wrote an OpenFn stub of ")
    assert lines[0].endswith(f"into {out}: 1 workflow, 10 files (10 new or changed), 5 TODOs.")
    assert lines[-1] == ("Try it against mock mailboxes: mailroom simulate "
                         f"{SAMPLES / 'lead-push-salesforce-netsuite.yaml'} --engine openfn")


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_project_yaml_has_the_platforms_shape(sample):
    project = YAML(typ="safe").load(stub_of(sample)["project.yaml"])
    assert set(project) == {"name", "description", "credentials", "workflows"}
    assert re.fullmatch(r"[a-z0-9-]+", project["name"])
    for key, credential in project["credentials"].items():
        assert set(credential) == {"name", "owner"}
        assert key == f"{credential['owner']}-{credential['name']}"
    assert project["workflows"]
    for workflow in project["workflows"].values():
        _check_workflow_spec(workflow, project["credentials"])


def _check_workflow_spec(workflow: dict, credentials: dict) -> None:
    assert set(workflow) == {"name", "jobs", "triggers", "edges"}
    jobs, triggers = workflow["jobs"], workflow["triggers"]
    for job in jobs.values():
        assert set(job) == {"name", "adaptor", "credential", "body"}
        assert re.fullmatch(r"@openfn/language-[a-z]+@\d+\.\d+\.\d+", job["adaptor"])  # pinned
        assert job["credential"] is None or job["credential"] in credentials
        assert "export default" not in job["body"]  # the platform compiles the body itself
    assert len(triggers) == 1
    for kind, trigger in triggers.items():
        assert trigger["type"] == kind and kind in ("webhook", "cron")
        assert trigger["enabled"] is False
        if kind == "cron":
            assert parse_schedule(trigger["cron_expression"]).kind == "cron"
            assert trigger.get("cron_cursor_job") in (None, *jobs)
    for key, edge in workflow["edges"].items():
        source = edge.get("source_trigger") or edge.get("source_job")
        assert key == f"{source}->{edge['target_job']}"
        assert ("source_trigger" in edge) != ("source_job" in edge)
        assert edge.get("source_trigger", next(iter(triggers))) in triggers
        assert edge.get("source_job", next(iter(jobs))) in jobs
        assert edge["target_job"] in jobs
        assert edge["condition_type"] in CONDITIONS and edge["enabled"] is True
        if edge["condition_type"] == "js_expression":
            assert edge["condition_expression"] == DEAD_LETTERS_EXPRESSION
    targets = [e["target_job"] for e in workflow["edges"].values()]
    assert sorted(targets) == sorted(jobs)  # every job is reached, by exactly one edge


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_workflow_json_is_an_execution_plan_the_runtime_takes(sample):
    files = stub_of(sample)
    env_map = json.loads(files["credential-map.json"])
    plans = {n: json.loads(t) for n, t in files.items() if n.endswith("workflow.json")}
    assert plans
    for name, plan in plans.items():
        folder = name.rsplit("/", 1)[0]
        assert set(plan) == {"mailroom", "workflow", "options"}
        steps = plan["workflow"]["steps"]
        ids = [s["id"] for s in steps]
        assert len(ids) == len(set(ids))
        assert plan["options"]["start"] == ids[0] and steps[0]["type"] in ("webhook", "cron")
        for step in steps:
            for target, edge in step.get("next", {}).items():
                assert target in ids
                assert edge is True or set(edge) <= {"condition", "label"}
            if "expression" in step:
                job = files[f"{folder}/{step['expression'].removeprefix('./')}"]
                assert re.search(r"^import \{ [\w, ]+ \} from '@openfn/language-\w+';$", job, re.M)
                assert "\nexport default [\n" in job and job.endswith("];\n")
                assert [a.rsplit("@", 1)[0] for a in step["adaptors"]] in (
                    ["@openfn/language-http"], ["@openfn/language-sftp"])
            if "configuration" in step:
                assert step["configuration"] in env_map


def test_project_bodies_and_job_files_carry_the_same_operations():
    files = stub_of(SAMPLES / "contacts-poll-netsuite-salesforce.yaml")
    project = YAML(typ="safe").load(files["project.yaml"])
    (workflow_id, workflow), = project["workflows"].items()
    for job_id, job in workflow["jobs"].items():
        compiled = files[f"workflows/{workflow_id}/{job_id}.js"]
        operations = re.search(r"export default \[\n(.*)\];", compiled, re.S).group(1)
        for operation in operations.strip().splitlines():
            assert operation.strip().rstrip(",") + ";" in job["body"]
        helpers = compiled.split("export * from '@openfn/language-http';\n\n", 1)[1]
        assert helpers.split("export default")[0] in job["body"]


def test_jobs_carry_the_flows_shape():
    files = stub_of(SAMPLES / "contacts-poll-netsuite-salesforce.yaml")
    folder = "workflows/salesforce-to-netsuite-billing-contacts"
    pull = files[f"{folder}/pull-billing-contacts-from-salesforce.js"]
    # Salesforce's own API (its catalog entry has a vendor dialect), at the spec's version.
    assert 'const QUERY_PATH = "/services/data/v60.0/query";' in pull
    assert "WHERE LastModifiedDate > ${soqlDateTime(cursor)}" in pull
    assert "path = body.nextRecordsUrl;" in pull and "body.done !== false" in pull
    assert "grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}" in pull
    assert "state.configuration" in pull and "TODO(mapping)" in pull
    assert "@openfn/language-salesforce" in pull and "TODO(paging)" not in pull
    save = files[f"{folder}/save-billing-contacts-in-netsuite.js"]
    assert "'Idempotency-Key': key" in save
    assert "if (nextCursor !== undefined) committed.cursor = nextCursor;" in save
    assert "TODO(save)" in save and "TODO(mapping)" in save
    project = YAML(typ="safe").load(files["project.yaml"])
    cron = project["workflows"]["salesforce-to-netsuite-billing-contacts"]["triggers"]["cron"]
    assert cron == {"type": "cron", "enabled": False, "cron_expression": "*/30 * * * *",
                    "cron_cursor_job": "save-billing-contacts-in-netsuite"}


def test_full_fetch_jobs_check_duplicates_and_lookups_reply_to_the_request():
    hr = stub_of(SAMPLES / "hr-nightly-new-employees.yaml")
    fetch = next(t for n, t in hr.items()
                 if n.endswith("fetch-new-employee-records-from-sap-hcm.js"))
    assert "!seen.has(String(row.id))" in fetch and "from '@openfn/language-sftp'" in fetch
    assert 'const FOLDER = "/outbound/intranet/new-hires";' in fetch
    lookup = stub_of(SAMPLES / "intranet-hr-office-lookup.yaml")
    project = YAML(typ="safe").load(lookup["project.yaml"])
    (workflow,) = project["workflows"].values()
    assert workflow["triggers"]["webhook"]["webhook_reply"] == "after_completion"
    assert "TODO(fallback)" in next(iter(workflow["jobs"].values()))["body"]


def test_a_platform_in_the_middle_is_one_workflow():
    spec = load_spec(SAMPLES / "commcare-openfn-dhis2.yaml").spec
    (workflow,) = plan_workflows(facts_of(spec))
    assert workflow.id == "commcare-to-dhis2-through-openfn"
    assert workflow.trigger.kind == "webhook"
    assert [s.id for s in workflow.steps] == ["push-immunisation-events-to-dhis2",
                                              "report-failures"]
    assert workflow.inbound is not None and workflow.inbound.flow.id == "commcare-to-openfn"


def test_every_file_says_which_spec_and_version_it_came_from():
    sample = SAMPLES / "lead-push-salesforce-netsuite.yaml"
    loaded = load_spec(sample)
    origin = provenance(loaded, "samples/lead-push-salesforce-netsuite.yaml")
    header = origin.lines()[0]
    assert header == "Generated by mailroom 0.1.0 from samples/lead-push-salesforce-netsuite.yaml"
    for name, text in stub_of(sample).items():
        if name.endswith(".json"):
            data = json.loads(text)
            if "mailroom" in data:
                assert data["mailroom"]["spec_sha256"] == origin.sha256
            elif name == "package.json":
                assert data["description"].startswith(header)
            else:
                continue  # credential-map.json and example inputs are data, no room for one
        else:
            assert header in text and f"sha256 {origin.sha256[:12]}" in text, name


def test_secrets_are_referenced_never_written(tmp_path, monkeypatch):
    """No generated file holds a credential value, only names and references."""
    from mailroom.spec.secrets import secret_in_text

    secret = "s3cr3t-" + "x" * 24
    for variable in ("NETSUITE_REST_CLIENT_SECRET", "DHIS2_PAT_API_KEY", "BAMBOOHR_API_KEY"):
        monkeypatch.setenv(variable, secret)  # a stub never reads the environment
    fields = ("apiKey", "clientSecret", "clientId", "password", "assertion", "access_token",
              "privateKey", "tls")
    literal = re.compile(rf"\b({'|'.join(fields)})\b['\"]?\s*[:=]\s*['\"`][^'\"`]")
    for sample in SPECS:
        out = tmp_path / sample.stem
        # named as in the repository: a checkout's random temporary path could look like a key
        write_stub(load_spec(sample), out, source=f"samples/{sample.name}")
        for path in out.rglob("*"):
            if not path.is_file():
                continue
            text = path.read_text()
            assert secret not in text
            assert secret_in_text(text) is None, path
            if path.name == "credential-map.json":
                for fields_of in json.loads(text).values():
                    assert all(re.fullmatch(r"[A-Z0-9_]+", v) for v in fields_of.values())
                continue
            assert not literal.search(text), (path, literal.search(text))


def test_credentials_are_named_from_the_spec_and_read_from_the_environment():
    files = stub_of(SAMPLES / "commcare-openfn-dhis2.yaml")
    assert json.loads(files["credential-map.json"]) == {
        "DHIS2_PAT": {"baseUrl": "DHIS2_PAT_BASE_URL", "apiKey": "DHIS2_PAT_API_KEY"}}
    assert "credential: TODO@example.org-DHIS2_PAT" in files["project.yaml"]
    assert "export DHIS2_PAT_API_KEY=..." in files["README.md"]
    assert "add a webhook authentication method (api-key) to the webhook trigger" in \
        files["README.md"]


def test_undecided_flows_get_a_todo_not_a_guess(write, tmp_path):
    """Nothing says who starts it: a schedule fits a push and a pull alike."""
    spec = write("spec.yaml", CONTRACT_SPEC.replace("    mail_person: salesforce\n", "")
                 .replace("    mailbox: netsuite\n", "").replace("    direction: push\n", "")
                 .replace("transport: rest", "transport: database")
                 .replace("trigger: event", "trigger: schedule").replace("    event: a lead is "
                                                                         "converted\n", ""))
    files = build_stub(load_spec(spec).spec, provenance(load_spec(spec)))[1]
    (job,) = [t for n, t in files.items() if n.endswith(".js") and n.startswith("workflows/")]
    assert "TODO(decide)" in job and "who is the mail person" in job
    assert "Not decided" in files["README.md"]


def test_regenerating_keeps_edited_files_unless_forced(run, tmp_path):
    sample = str(SAMPLES / "press-release-push-pr-agency.yaml")
    out = tmp_path / "out"
    assert run("stub", sample, "-o", str(out)).exit_code == 0
    job = next(out.rglob("push-*.js"))
    job.write_text(job.read_text() + "// my mapping\n")
    result = run("stub", sample, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {job}: changed since mailroom wrote it (or not written by mailroom); nothing "
        "was overwritten. Keep your changes elsewhere, or pass --force to replace it.\n")
    assert job.read_text().endswith("// my mapping\n")
    assert run("stub", sample, "-o", str(out), "--force").exit_code == 0
    assert not job.read_text().endswith("// my mapping\n")


def test_files_left_from_an_earlier_stub_are_removed_when_untouched(tmp_path):
    out = tmp_path / "out"
    write_stub(load_spec(SAMPLES / "lead-push-salesforce-netsuite.yaml"), out)
    result = write_stub(load_spec(SAMPLES / "press-release-push-pr-agency.yaml"), out)
    assert "workflows/salesforce-to-netsuite-converted-leads/workflow.json" in result.removed
    assert not (out / "workflows" / "salesforce-to-netsuite-converted-leads" /
                "workflow.json").exists()


def test_a_file_in_the_way_is_an_error(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("stub", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "-o", str(blocker))
    assert result.exit_code == 2


def test_the_committed_sample_stub_is_current():
    """samples/stub/ shows visitors a generated stub; regenerate it with the README's command."""
    files = stub_of(SAMPLES / "commcare-openfn-dhis2.yaml")
    committed = {str(p.relative_to(COMMITTED)): p.read_text() for p in COMMITTED.rglob("*")
                 if p.is_file() and p.name != ".mailroom-stub.json"}
    assert committed == files, "regenerate: mailroom stub samples/commcare-openfn-dhis2.yaml " \
                               "-o samples/stub/commcare-openfn-dhis2 --force"
    assert (REPO / "README.md").read_text().count("samples/stub/commcare-openfn-dhis2") >= 1


def test_names_from_the_spec_cannot_break_out_of_a_comment(write):
    text = CONTRACT_SPEC.replace("    name: Salesforce\n",
                                 "    name: \"Sales\\nforce(); process.exit(1) //\"\n")
    spec = write("spec.yaml", text)
    files = build_stub(load_spec(spec).spec, provenance(load_spec(spec)))[1]
    for name, job in files.items():
        if name.endswith(".js"):
            assert not any(line.startswith("force();") for line in job.splitlines()), name


# What each adaptor exports, of what the jobs import (language-http 7.2.10's index.js;
# language-sftp's Adaptor.js): a job importing anything else would fail to link.
EXPORTS = {"@openfn/language-http": {"fn", "request", "get", "post", "each"},
           "@openfn/language-sftp": {"fn", "list", "getCSV", "putCSV"}}


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_jobs_import_only_what_their_adaptor_exports(sample):
    files = stub_of(sample)
    for name, text in files.items():
        if not name.endswith(".js") or not name.startswith("workflows/"):
            continue
        names, adaptor = re.search(r"^import \{ ([\w, ]+) \} from '([^']+)';$", text, re.M).groups()
        assert set(names.split(", ")) <= EXPORTS[adaptor], (name, names, adaptor)
        plan = json.loads(files[name.rsplit("/", 1)[0] + "/workflow.json"])
        step = next(s for s in plan["workflow"]["steps"]
                    if s.get("expression") == "./" + name.rsplit("/", 1)[1])
        assert step["adaptors"][0].rsplit("@", 1)[0] == adaptor


def test_an_inferred_mail_person_runs_the_workflow_and_the_readme_says_why(write):
    spec = write("spec.yaml", CONTRACT_SPEC.replace("    mail_person: salesforce\n", "")
                 .replace("    mailbox: netsuite\n", "").replace("    direction: push\n", ""))
    files = build_stub(load_spec(spec).spec, provenance(load_spec(spec)))[1]
    assert ("**Who runs it in real life**: Salesforce (the mail person, inferred: only the "
            "system where an event happens can act on it at once") in files["README.md"]


def test_compiled_templates_kept_in_the_cache_folder_make_the_same_stub(tmp_path):
    """The stub's templates are compiled once into the cache folder; a stub made from the
    compiled ones is the stub made without a cache, file for file."""
    sample = SAMPLES / "commcare-openfn-dhis2.yaml"
    loaded = load_spec(sample)
    origin = provenance(loaded, f"samples/{sample.name}")
    cache = tmp_path / "cache"
    first = build_stub(loaded.spec, origin, cache)[1]
    assert list(cache.rglob("*.cache")), "compiled templates are kept in the cache folder"
    environment.cache_clear()  # as a new process would: the templates come from the folder
    assert build_stub(loaded.spec, origin, cache)[1] == first == stub_of(sample)


def test_a_mailbox_whose_only_way_in_is_an_sftp_folder_gets_a_file_not_a_web_request(write):
    """The interview asks each system's way in; a flow whose transport was left to the
    details is reached through it, not over HTTP."""
    spec = write("spec.yaml", CONTRACT_SPEC.replace("    transport: rest\n", "")
                 .replace("{id: netsuite, name: NetSuite, api: true,",
                          "{id: netsuite, name: NetSuite, interface_kind: sftp, api: true,")
                 .replace("{method: oauth2-client-credentials}", "{method: ssh-key}")
                 .replace("format: json", "format: csv"))
    files = build_stub(load_spec(spec).spec, provenance(load_spec(spec)))[1]
    folder = "workflows/salesforce-to-netsuite-converted-leads"
    upload = files[f"{folder}/upload-converted-leads-to-netsuite.js"]
    assert "from '@openfn/language-sftp'" in upload and "putCSV(" in upload
    assert "(host, port, username, privateKey)" in upload
    assert not any(name.startswith(f"{folder}/push-") for name in files)
    # Pinned like the HTTP adaptor, and the README says it was not tried here.
    assert json.loads(files["package.json"])["dependencies"]["@openfn/language-sftp"] == "3.0.3"
    assert "neither installed nor tested" in " ".join(files["README.md"].split())


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_no_generated_line_ends_in_whitespace(sample):
    """Editors trim trailing spaces; a stub must still be the file mailroom wrote."""
    for name, text in stub_of(sample).items():
        trailing = [n for n, line in enumerate(text.splitlines(), 1) if line != line.rstrip()]
        assert not trailing, f"{name}: lines {trailing[:5]} end in whitespace"


# Lightning's canvas import format (workflow-spec-v2.json in OpenFn/lightning, under
# assets/js/yaml/schema/), restated: what the importer validates before it reads a file.
_EDGE = {"oneOf": [{"type": "boolean"}, {"type": "string"}, {
    "type": "object", "additionalProperties": False,
    "properties": {"condition": {"type": "string"}, "label": {"type": "string"},
                   "disabled": {"type": "boolean"}}}]}
_NEXT = {"oneOf": [{"type": "string"}, {"type": "object", "additionalProperties": _EDGE}]}
CANVAS_SCHEMA = {
    "type": "object", "required": ["steps"], "additionalProperties": False,
    "properties": {
        "schema_version": {"type": "string"}, "id": {"type": "string"},
        "name": {"type": ["string", "null"]}, "start": {"type": "string"},
        "steps": {"type": "array", "items": {"oneOf": [
            {"type": "object", "required": ["id", "type"], "additionalProperties": False,
             "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                            "type": {"enum": ["webhook", "cron", "kafka"]},
                            "enabled": {"type": "boolean"},
                            "cron_expression": {"type": "string"},
                            "cron_cursor": {"type": "string"},
                            "webhook_reply": {"type": "string"}, "next": _NEXT}},
            {"type": "object", "required": ["id", "name", "adaptor", "expression"],
             "additionalProperties": False,
             "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                            "adaptor": {"type": "string"}, "expression": {"type": "string"},
                            "configuration": {"type": ["string", "null"]}, "next": _NEXT}},
        ]}},
    },
}


@pytest.mark.parametrize("sample", SPECS, ids=lambda p: p.stem)
def test_each_workflow_is_also_in_the_form_lightnings_canvas_imports(sample):
    import jsonschema

    files = stub_of(sample)
    project = YAML(typ="safe").load(files["project.yaml"])
    for workflow_id, workflow in project["workflows"].items():
        canvas = YAML(typ="safe").load(files[f"workflows/{workflow_id}/canvas.yaml"])
        jsonschema.validate(canvas, CANVAS_SCHEMA)
        trigger, *jobs = canvas["steps"]
        assert canvas["start"] == trigger["id"] and trigger["enabled"] is False
        assert {j["id"]: j["expression"] for j in jobs} == {
            job_id: job["body"] for job_id, job in workflow["jobs"].items()}
        ids = {step["id"] for step in canvas["steps"]}
        targets = {t for step in canvas["steps"] for t in step.get("next", {})}
        assert targets <= ids and ids - targets == {trigger["id"]}
        (project_trigger,) = workflow["triggers"].values()
        assert trigger.get("cron_expression") == project_trigger.get("cron_expression")
        assert trigger.get("cron_cursor") == project_trigger.get("cron_cursor_job")


def test_a_file_whose_only_change_is_whitespace_is_regenerated(run, tmp_path):
    """An editor that trims trailing spaces, adds a final newline or saves CRLF line ends
    changes no one's work: regenerating replaces the file without --force."""
    out = tmp_path / "out"
    sample = str(SAMPLES / "lead-push-salesforce-netsuite.yaml")
    assert run("stub", sample, "-o", str(out)).exit_code == 0
    project, readme = out / "project.yaml", out / "README.md"
    project.write_bytes(project.read_bytes().replace(b"\n", b"\r\n") + b"\r\n\r\n")
    readme.write_text(readme.read_text().replace("\n", "   \n"))
    result = run("stub", sample, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert b"\r\n" not in project.read_bytes() and "   \n" not in readme.read_text()
    readme.write_text(readme.read_text() + "my own note\n")  # a person's edit is still kept
    refused = run("stub", sample, "-o", str(out))
    assert refused.exit_code == 2 and "changed since mailroom wrote it" in refused.output
