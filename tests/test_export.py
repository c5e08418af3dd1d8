"""`mailroom export`: AsyncAPI, OpenAPI, Backstage and LikeC4 made from the facts, valid
by each ecosystem's own tool, nothing guessed, everything typed escaped, no secret, and
written only inside the output folder. The committed sample exports are what it writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from tests.conftest import CONTRACT_SPEC, REPO, SAMPLES
from tests.spec_strategies import spec_yaml, specs

from mailroom.export import export_specs
from mailroom.export.likec4 import literal
from mailroom.spec.secrets import secret_in_text

SPECS = sorted(SAMPLES.glob("*.yaml"))
ALL = ("asyncapi", "openapi", "backstage", "likec4")
# The validators, pinned (the versions these exports were checked with), from npm; `yaml`
# is the reader Backstage's catalog uses.
VALIDATORS = {
    "@asyncapi/parser": "3.6.3",
    "@redocly/cli": "2.77.0",
    "@backstage/catalog-model": "1.10.1",
    "likec4": "1.59.4",
    "yaml": "2.9.1",
}

# Everything a stakeholder might type that a format could take for its own syntax.
HOSTILE = "O'Brien \"quoted\" \\back\\slash #hash: colon *star &amp {{brace}} `tick` <b>x</b>"
HOSTILE_SPEC = """\
spec: 1
title: TITLE
why: "line one\\nline two: 'yes' # not a comment"
systems:
  - id: view
    name: "yes"
    kind: "null"
    interface_kind: rest
    interface: "REST API (/v1/it's)"
    owner: "Sales' ops: #1"
  - id: model
    name: NAME
    interface_kind: webhook
    interface: "receiver (/hooks/it's)"
flows:
  - id: "View/To Model~1 #x"
    data: "Orders ('quoted'): 50% off\\u2028next"
    source: view
    destination: model
    trigger: event
    event: "an order's paid: 'now'"
    format: json
    auth: {method: api-key, notes: "key: in the header 'X-Key'"}
    fields:
      - {name: "e-mail 'work'", source_field: "a: b", destination_field: "on", personal: true}
  - id: model-to-view
    data: counts
    source: model
    destination: view
    mail_person: view
    trigger: schedule
    schedule: every 15 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: oauth2-client-credentials, scopes: ["read:all", "yes"]}
""".replace("TITLE", json.dumps(HOSTILE + " yes")).replace("NAME", json.dumps(HOSTILE))


# Polls of three mailboxes: Stripe's catalog entry documents its paging (no change
# filter), DHIS2's both, and a help desk the catalog does not know (catalog: false).
PAGING_SPEC = """\
spec: 1
title: Customers from Stripe and tickets from a help desk
systems:
  - id: stripe
    name: Stripe
    interface_kind: rest
    interface: "REST API (GET /v1/customers)"
  - id: helpdesk
    name: Help desk
    catalog: false
    interface_kind: rest
    interface: "REST API (GET /api/tickets)"
  - id: dhis2
    name: DHIS2
    interface_kind: rest
    interface: "REST API (GET /api/tracker/events)"
  - id: crm
    name: CRM
    interface_kind: rest
flows:
  - id: customers
    data: customers
    source: stripe
    destination: crm
    mail_person: crm
    trigger: schedule
    schedule: every 15 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key}
  - id: tickets
    data: tickets
    source: helpdesk
    destination: crm
    mail_person: crm
    trigger: schedule
    schedule: every hour
    change_detection: modified-since
    transport: rest
    auth: {method: api-key}
  - id: events
    data: events
    source: dhis2
    destination: crm
    mail_person: crm
    trigger: schedule
    schedule: every hour
    change_detection: modified-since
    transport: rest
    auth: {method: api-key}
"""


def export(spec: Path | str, out: Path, formats: tuple[str, ...] = ALL) -> Path:
    results = export_specs([spec], formats, out)
    assert [r.error for r in results] == [None]
    return out


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_the_committed_sample_exports_are_what_export_writes(spec, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)  # named as scripts/render-samples names them
    fresh = tree(export(f"samples/{spec.name}", tmp_path / "out"))
    committed = tree(SAMPLES / "rendered" / spec.stem / "export")
    assert sorted(fresh) == sorted(committed), "run ./scripts/render-samples"
    for name in fresh:
        assert fresh[name] == committed[name], f"{name} differs; run ./scripts/render-samples"


def test_several_formats_in_one_call_into_one_folder(run, tmp_path):
    result = run("export", str(SAMPLES / "shop-orders-warehouse-ledger.yaml"),
                 "--to", "openapi,c4", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    names = set(tree(tmp_path / "out"))
    assert {"openapi/ledgerly.yaml", "openapi/shopwise-webhooks.yaml",
            "likec4/shop-orders-warehouse-ledger.c4", "likec4/likec4.config.json",
            "open-questions.md", "README.md"} == names
    assert "open question" in result.stdout and "open-questions.md" in result.stdout


def test_backstage_brings_the_documents_its_apis_point_at(run, tmp_path):
    result = run("export", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "--to",
                 "backstage", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "written too" in result.stdout
    entities = list(yaml.safe_load_all((tmp_path / "catalog-info.yaml").read_text()))
    for api in (e for e in entities if e["kind"] == "API"):
        assert (tmp_path / api["spec"]["definition"]["$text"]).is_file()


def test_default_folder_is_beside_the_spec_and_a_folder_stands_for_its_specs(run, tmp_path):
    for spec in ("lead-push-salesforce-netsuite.yaml", "hr-nightly-new-employees.yaml"):
        shutil.copy(SAMPLES / spec, tmp_path / spec)
    result = run("export", str(tmp_path / "lead-push-salesforce-netsuite.yaml"), "--to", "all")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lead-push-salesforce-netsuite-export" / "catalog-info.yaml").is_file()
    result = run("export", str(tmp_path), "--to", "likec4", "-o", str(tmp_path / "all"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "hr-nightly-new-employees", "lead-push-salesforce-netsuite"]


def test_bad_calls_get_a_message_and_exit_2(run, write, tmp_path):
    result = run("export", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "--to", "pdf")
    assert result.exit_code == 2 and "--to: expected a comma list" in result.stderr
    bad = write("bad.yaml", "spec: 1\nflows:\n  - id: x\n    trigger: sometimes\n")
    good = str(SAMPLES / "lead-push-salesforce-netsuite.yaml")
    result = run("export", bad, good, "--to", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "bad.yaml:4" in result.stderr and "Traceback" not in result.output
    assert (tmp_path / "out" / "lead-push-salesforce-netsuite" / "catalog-info.yaml").is_file()
    assert not (tmp_path / "out" / "bad").exists()
    file = write("file", "x")
    result = run("export", good, "--to", "all", "-o", file)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_unknowns_are_left_out_or_stand_in_marked_and_asked(run, write, tmp_path):
    """The contract's example names no owner, no interface and no path: no address, no
    server in AsyncAPI; the owners Backstage requires stand in, marked, and are asked."""
    spec = write("lead.yaml", CONTRACT_SPEC)
    result = run("export", spec, "--to", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    asyncapi = yaml.safe_load((out / "asyncapi" / "netsuite.yaml").read_text())
    channel = asyncapi["channels"]["salesforce-to-netsuite"]
    assert "address" not in channel and "servers" not in asyncapi
    assert "properties" not in channel["messages"]["salesforce-to-netsuite"]["payload"]
    openapi = yaml.safe_load((out / "openapi" / "netsuite.yaml").read_text())
    assert openapi["paths"] == {}  # no path stated: none made up
    assert "salesforce-to-netsuite" in openapi["components"]["requestBodies"]
    entities = list(yaml.safe_load_all((out / "catalog-info.yaml").read_text()))
    owners = {e["metadata"]["name"]: e["spec"]["owner"] for e in entities}
    assert owners["salesforce"] == owners["netsuite"] == "group:default/owner-not-decided"
    questions = (out / "open-questions.md").read_text()
    for text in ("Who owns Salesforce", "Who owns NetSuite", "At which address does NetSuite "
                 "receive", "group:default/owner-not-decided"):
        assert text in questions and text in " ".join(result.stdout.split())


def test_what_the_spec_says_is_what_the_exports_say(tmp_path):
    out = export(SAMPLES / "contacts-poll-netsuite-salesforce.yaml", tmp_path)
    openapi = yaml.safe_load((out / "openapi" / "salesforce.yaml").read_text())
    get = openapi["paths"]["/services/data/v60.0/query"]["get"]
    # Salesforce pages by the next page's address (its catalog entry): no page stand-ins;
    # the filter on SystemModstamp goes inside the SOQL query, so its name stands in.
    assert {p["name"] for p in get["parameters"]} == {"modified_since"}
    assert all("Stand-in name" in p["description"] for p in get["parameters"])
    assert "nextRecordsUrl" in get["description"]
    assert "2XX" in get["responses"]  # the poll's data comes back in the answer
    out = export(SAMPLES / "lead-push-salesforce-netsuite.yaml", tmp_path / "lead")
    openapi = yaml.safe_load((out / "openapi" / "netsuite.yaml").read_text())
    post = openapi["paths"]["/record/v1/customer"]["post"]
    assert "POST stands in" in post["summary"]  # the interface names no method
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert {"companyName", "email", "externalId"} <= set(schema["properties"])  # NetSuite's
    assert "personal data" in schema["properties"]["email"]["description"]
    scheme = openapi["components"]["securitySchemes"]["salesforce-to-netsuite"]
    assert scheme["flows"]["clientCredentials"]["scopes"] == {
        "rest_webservices": "as the spec names it (flow salesforce-to-netsuite)"}
    assert scheme["flows"]["clientCredentials"]["tokenUrl"].endswith(".invalid/token")
    out = export(SAMPLES / "press-release-push-pr-agency.yaml", tmp_path / "press")
    asyncapi = yaml.safe_load(next((out / "asyncapi").iterdir()).read_text())
    operation = next(iter(asyncapi["operations"].values()))
    assert operation["action"] == "receive"
    assert operation["bindings"]["http"]["method"] == "POST"  # stated: "POST /v2/releases"
    c4 = next((out / "likec4").glob("*.c4")).read_text()
    view = c4[c4.index("dynamic view"):]
    first = view.splitlines()[2].split()
    assert first[0] == "s_intranet" and first[1] == "->"  # the mail person speaks first


def test_everything_typed_is_escaped_for_each_format(write, tmp_path):
    out = export(write("hostile.yaml", HOSTILE_SPEC), tmp_path / "out")
    entities = list(yaml.safe_load_all((out / "catalog-info.yaml").read_text()))
    titles = {e["metadata"]["title"] for e in entities}
    assert {"yes", HOSTILE} <= titles
    system = next(e for e in entities if e["kind"] == "System")
    assert system["metadata"]["description"] == "line one\nline two: 'yes' # not a comment"
    assert system["metadata"]["title"] == HOSTILE + " yes"
    hooks = yaml.safe_load((out / "asyncapi" / "model.yaml").read_text())
    channel = hooks["channels"]["view-to-model-1-x"]  # a key of the id that every format takes
    assert channel["title"] == "Flow View/To Model~1 #x"
    assert channel["address"] == "/hooks/it"  # the path as the interface states it
    payload = channel["messages"]["view-to-model-1-x"]["payload"]
    assert list(payload["properties"]) == ["on"]  # a key YAML 1.1 would read as true
    c4 = next((out / "likec4").glob("*.c4")).read_text()
    assert literal(HOSTILE) in c4
    assert "\u2028" not in c4


def test_what_is_printed_shows_control_characters_as_codes(run, write, tmp_path):
    spec = write("esc.yaml", CONTRACT_SPEC.replace("name: Salesforce",
                                                   'name: "Sales\\e]52;c;QUFB\\aforce"'))
    result = run("export", spec, "--to", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\\u001b]52" in result.stdout


def test_owners_in_other_scripts_become_valid_names_and_are_asked(write, tmp_path):
    spec = CONTRACT_SPEC.replace("    skills: true\n",
                                 "    skills: true\n    owner: 电子商务部\n", 1)
    spec = spec.replace("skills: false}", "skills: false, owner: Zürich Ops}")
    out = export(write("owners.yaml", spec), tmp_path / "out")
    entities = list(yaml.safe_load_all((out / "catalog-info.yaml").read_text()))
    owners = {e["metadata"]["name"]: e["spec"]["owner"] for e in entities}
    assert owners["netsuite"] == "group:default/zurich-ops"
    assert owners["salesforce"].startswith("group:default/owner-")
    questions = (out / "open-questions.md").read_text()
    assert f"'电子商务部' is written as '{owners['salesforce']}'" in questions
    assert "Zürich Ops" not in questions  # a Latin name needs no question


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "'plain'"),
    ("it's", "'it\\'s'"),
    ("back\\slash'", "'back\\\\slash\\''"),
    ("two\nlines\r\u2028end\x1b[31m", "'two lines end [31m'"),
])
def test_likec4_literals(text, expected):
    assert literal(text) == expected


def test_no_secret_in_any_export_and_nothing_written_if_one_would_be(tmp_path, monkeypatch):
    for spec in SPECS:
        for path in export(spec, tmp_path / spec.stem).rglob("*"):
            if path.is_file():
                assert secret_in_text(path.read_text()) is None, path
    import mailroom.export as core

    real = core.build
    key = "AKIA" + "IOSFODNN7EXAMPLE"

    def leaky(*args, **kwargs):  # a bug that would copy a key into a file
        files, openings, notes = real(*args, **kwargs)
        return {**files, "README.md": files["README.md"] + key}, openings, notes

    monkeypatch.setattr(core, "build", leaky)
    result = core.export_specs([SAMPLES / SPECS[0].name], ALL, tmp_path / "leak")
    assert result[0].error and key not in result[0].error
    assert not (tmp_path / "leak").exists()


def test_writes_only_inside_the_output_folder(run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "openapi").symlink_to(outside)
    result = run("export", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "--to", "all",
                 "-o", str(out))
    assert result.exit_code == 2 and "outside" in result.stderr
    assert list(outside.iterdir()) == []
    assert "Traceback" not in result.output


def test_a_folder_that_cannot_be_written_is_said_without_a_traceback(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "openapi").write_text("a file where a folder must go")
    result = run("export", str(SAMPLES / "lead-push-salesforce-netsuite.yaml"), "--to", "all",
                 "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "cannot be written" in result.stderr and "Traceback" not in result.output


def test_an_export_again_removes_only_what_an_earlier_export_wrote(tmp_path):
    out = export(SAMPLES / "shop-orders-warehouse-ledger.yaml", tmp_path)
    mine = out / "openapi" / "notes.yaml"
    mine.write_text("kept: a file of the user's\n")
    old = out / "openapi" / "gone.yaml"
    old.write_text((out / "openapi" / "ledgerly.yaml").read_text())
    export(SAMPLES / "shop-orders-warehouse-ledger.yaml", tmp_path)
    assert mine.is_file() and not old.exists()


@settings(max_examples=40, deadline=None, database=None,
          derandomize=os.environ.get("CI") == "true",
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(spec=specs())
def test_any_spec_exports_and_says_who_calls_whom_as_the_facts_do(spec, tmp_path_factory):
    """Complete or partial, any spec exports; each flow whose roles are known has its
    dynamic view, first step from the facts' mail person; placeholders carry their mark."""
    from mailroom.export import build
    from mailroom.facts.spec_facts import facts_of
    from mailroom.spec.reading import load_spec

    path = tmp_path_factory.mktemp("any") / "any.yaml"
    path.write_text(spec_yaml(spec))
    loaded = load_spec(path)
    files, openings, _ = build(loaded, ALL, "any.yaml")
    facts = facts_of(loaded.spec)
    for name, text in files.items():
        if name.endswith(".yaml"):
            for document in yaml.safe_load_all(text):
                assert document  # parses, and is not empty
    c4 = files["likec4/any.c4"]
    for flow in facts.flows:
        if flow.mail_person and flow.mailbox and flow.direction \
                and flow.mail_person != flow.mailbox:
            view = c4[c4.index(f"title {literal(f'Flow {flow.number}: {flow.sentence}')}"):]
            first = view.splitlines()[1].split()
            assert first[0] == f"s_{flow.mail_person}" and first[1] == "->"
    for opening in openings.items:
        if opening.placeholder and opening.placeholder not in ("post", "get", "*/*"):
            assert "not-decided" in opening.placeholder or ".invalid" in opening.placeholder \
                or "modified_since" in opening.placeholder or "page" in opening.placeholder \
                or opening.placeholder.startswith("group:default/owner-")


# --- validated by each ecosystem's own tool ------------------------------------------------


@pytest.fixture(scope="session")
def validators() -> Path:
    """The validators' node_modules in this run's cache folder, installed once from npm."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js with npm is not installed: the exports cannot be validated by "
                    "their ecosystems' tools")
    from mailroom.environment import Environment
    from mailroom.simulate.openfn_engine import ensure_installed

    cache = Environment.from_os().cache
    saved = os.environ.get("NPM_CONFIG_CACHE")
    os.environ["NPM_CONFIG_CACHE"] = str(cache / "npm")  # never the real home's ~/.npm
    try:
        return ensure_installed(cache / "export-validators", VALIDATORS, say=lambda _: print(
            "Installing the export validators from npm (once per test run)", file=sys.stderr))
    finally:
        if saved is None:
            os.environ.pop("NPM_CONFIG_CACHE", None)
        else:
            os.environ["NPM_CONFIG_CACHE"] = saved


@pytest.fixture(scope="session")
def exports(tmp_path_factory) -> list[Path]:
    """Every sample's committed export, and the hostile spec's."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "hostile.yaml").write_text(HOSTILE_SPEC)
    (root / "paging.yaml").write_text(PAGING_SPEC)
    return [*(SAMPLES / "rendered" / s.stem / "export" for s in SPECS),
            export(root / "hostile.yaml", root / "hostile"),
            export(root / "paging.yaml", root / "paging")]


def test_a_poll_pages_as_the_catalog_documents_and_stands_in_only_where_it_is_silent(
        tmp_path):
    (tmp_path / "paging.yaml").write_text(PAGING_SPEC)
    out = export(tmp_path / "paging.yaml", tmp_path / "out", ("openapi",))

    def parameters(name: str, path: str) -> dict[str, str]:
        document = yaml.safe_load((out / "openapi" / f"{name}.yaml").read_text())
        return {p["name"]: p["description"] for p in document["paths"][path]["get"]
                .get("parameters", [])}

    stripe = parameters("stripe", "/v1/customers")
    assert {"limit", "starting_after", "ending_before"} <= set(stripe)
    assert "page" not in stripe and "per_page" not in stripe
    assert "https://docs.stripe.com/api/pagination" in stripe["starting_after"]
    assert "Stand-in name" in stripe["modified_since"]  # Stripe documents no such filter
    dhis2 = parameters("dhis2", "/api/tracker/events")
    assert set(dhis2) == {"updatedAfter", "page", "pageSize"}
    assert "Stand-in" not in " ".join(dhis2.values())
    assert "dhis2-docs" in dhis2["updatedAfter"]
    unknown = parameters("helpdesk", "/api/tickets")
    assert set(unknown) == {"modified_since", "page", "per_page"}
    assert all("Stand-in name" in text for text in unknown.values())
    asked = (out / "open-questions.md").read_text()
    assert "Stand-in names are written: modified_since, page, per_page." in asked  # help desk
    assert "Stand-in names are written: modified_since." in asked  # Stripe: its filter only
    assert "dhis2.yaml`, paths./api/tracker/events parameters" not in asked



def test_a_users_own_catalog_entry_is_read_as_render_reads_it(tmp_path):
    """MAILROOM_CATALOG's entries count in the export as in check and the document: a help
    desk described by the user's own entry pages by that entry's documented names."""
    from click.testing import CliRunner

    from mailroom.cli import main

    own = tmp_path / "entries"
    own.mkdir()
    entry = (REPO / "catalog" / "zendesk.yaml").read_text(encoding="utf-8")
    (own / "helpdesk.yaml").write_text(entry.replace("id: zendesk", "id: helpdesk", 1)
                                       .replace("name: Zendesk", "name: Help desk", 1))
    spec = PAGING_SPEC.replace("    name: Help desk\n    catalog: false\n",
                               "    name: Help desk\n", 1)
    assert spec != PAGING_SPEC
    (tmp_path / "paging.yaml").write_text(spec)

    def parameters(env: dict[str, str]) -> set[str]:
        out = tmp_path / f"out-{len(env)}"
        done = CliRunner().invoke(main, ["export", str(tmp_path / "paging.yaml"), "--to",
                                         "openapi", "-o", str(out)], env=env)
        assert done.exit_code == 0, done.output
        document = yaml.safe_load((out / "openapi" / "helpdesk.yaml").read_text())
        return {p["name"] for p in document["paths"]["/api/tickets"]["get"]["parameters"]}

    assert "page[size]" in parameters({"MAILROOM_CATALOG": str(own)})
    assert {"page", "per_page"} <= parameters({})  # without it: stand-ins, marked

def _tool_env(home: Path) -> dict[str, str]:
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"), "REDOCLY_TELEMETRY": "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1", "CI": "true"}


def _node(validators: Path, command: list[str], home: Path, timeout: float = 300
          ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env=_tool_env(home), stdin=subprocess.DEVNULL, check=False)


def test_asyncapi_and_backstage_by_their_own_libraries(validators, exports, tmp_path):
    files = [str(p) for out in exports for p in [*sorted(out.glob("asyncapi/*.yaml")),
                                                 out / "catalog-info.yaml"]]
    assert any("/asyncapi/" in f for f in files)
    done = _node(validators, ["node", str(REPO / "tests" / "export_validators.mjs"),
                              str(validators), *files], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    errors = {f: [p for p in problems if p["severity"] == 0] for f, problems in report.items()}
    assert errors == {f: [] for f in files}
    for out in exports:  # every relation points at an entity of the same catalog
        entities = list(yaml.safe_load_all((out / "catalog-info.yaml").read_text()))
        known = {f"{e['kind'].lower()}:default/{e['metadata']['name']}" for e in entities}
        for entity in entities:
            for key in ("providesApis", "consumesApis", "dependsOn"):
                assert set(entity["spec"].get(key, [])) <= known, (out, entity)


def test_openapi_by_redocly_lint(validators, exports, tmp_path):
    files = [str(p) for out in exports for p in sorted(out.glob("openapi/*.yaml"))]
    done = _node(validators, [str(validators / ".bin" / "redocly"), "lint", "--format",
                              "json", *files], tmp_path)
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-2000:])
    reports, text, decoder = [], done.stdout, json.JSONDecoder()
    while "{" in text:  # one JSON report per file
        report, end = decoder.raw_decode(text[text.index("{"):])
        reports.append(report)
        text = text[text.index("{") + end:]
    assert len(reports) == len(files)
    assert [r["totals"]["errors"] for r in reports] == [0] * len(files)


def test_likec4_validates_and_builds(validators, exports, tmp_path):
    workspace = tmp_path / "workspace"
    for out in exports:
        name = out.parent.name if out.name == "export" else out.name  # a sample's, or ours
        shutil.copytree(out / "likec4", workspace / name)
    likec4 = str(validators / ".bin" / "likec4")
    done = _node(validators, [likec4, "validate", "--no-layout", "--json", str(workspace)],
                 tmp_path)
    report = json.loads(done.stdout[done.stdout.index("{"):])
    assert report["errors"] == [] and report["valid"], report
    assert report["stats"]["totalFiles"] == len(exports)
    assert done.returncode == 0
    site = tmp_path / "site"
    done = _node(validators, [likec4, "build", str(workspace / "shop-orders-warehouse-ledger"),
                              "-o", str(site)], tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (site / "index.html").is_file()


def test_the_validators_catch_a_broken_export(validators, tmp_path):
    """The tools would fail: an AsyncAPI operation without its action, a Backstage
    component without an owner, an OpenAPI security scheme of a type there is not, a LikeC4
    step to an element that does not exist."""
    out = export(SAMPLES / "lead-push-salesforce-netsuite.yaml", tmp_path / "out")
    document = out / "asyncapi" / "netsuite.yaml"
    data = yaml.safe_load(document.read_text())
    del next(iter(data["operations"].values()))["action"]
    document.write_text(yaml.safe_dump(data))
    catalog = out / "catalog-info.yaml"
    entities = list(yaml.safe_load_all(catalog.read_text()))
    del entities[1]["spec"]["owner"]
    catalog.write_text(yaml.safe_dump_all(entities))
    done = _node(validators, ["node", str(REPO / "tests" / "export_validators.mjs"),
                              str(validators), str(document), str(catalog)], tmp_path)
    report = json.loads(done.stdout)
    assert all(any(p["severity"] == 0 for p in report[str(f)]) for f in (document, catalog))
    openapi = out / "openapi" / "netsuite.yaml"
    data = yaml.safe_load(openapi.read_text())
    data["components"]["securitySchemes"]["salesforce-to-netsuite"]["type"] = "password"
    openapi.write_text(yaml.safe_dump(data))
    done = _node(validators, [str(validators / ".bin" / "redocly"), "lint", str(openapi)],
                 tmp_path)
    assert done.returncode != 0
    c4 = next((out / "likec4").glob("*.c4"))
    c4.write_text(c4.read_text().replace("s_salesforce -> s_netsuite", "s_nobody -> s_netsuite"))
    with tempfile.TemporaryDirectory() as home:
        done = _node(validators, [str(validators / ".bin" / "likec4"), "validate",
                                  "--no-layout", "--json", str(out / "likec4")], Path(home))
    assert done.returncode != 0
