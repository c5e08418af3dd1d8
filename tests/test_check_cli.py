"""`mailroom check` as a user meets it: text grouped by flow, JSON per the contract."""

from __future__ import annotations

import json
import re

import pytest
from tests.conftest import CONTRACT_SPEC, SAMPLES

# The contract's example with what a signed document also needs of each system.
COMPLETE = CONTRACT_SPEC.replace(
    "    skills: true\n",
    "    skills: true\n    kind: CRM\n    owner: Sales operations\n    third_party: true\n"
    "    signatory: Sam Lee (head of sales operations)\n"
).replace(
    "{id: netsuite, name: NetSuite, api: true, events: false, skills: false}",
    "{id: netsuite, name: NetSuite, api: true, events: false, skills: true, kind: ERP,\n"
    "     owner: Finance systems, third_party: true, interface: REST API (customer records),\n"
    "     signatory: Ida Berg (finance director)}"
).replace(
    "    error_handling: Retry three times, then alert the NetSuite admin.\n",
    "    error_handling: Retry three times, then alert the NetSuite admin.\n"
    "    alert_to: NetSuite admin\n"
    "    personal_fields: [name, email]\n"
    "    personal_data_kinds: [contact]\n"
    "    personal_data_agreement: dpa\n"
    "    personal_data_stored: NetSuite's EU data centre\n"
) + "data_protection_contact: Ola Hansen (data-protection officer)\n"
PULL_ON_EVENT = CONTRACT_SPEC.replace("mail_person: salesforce", "mail_person: netsuite").replace(
    "mailbox: netsuite", "mailbox: salesforce").replace("direction: push", "direction: pull")


def test_contract_example_passes_with_its_sentence(write, run):
    path = write("spec.yaml", CONTRACT_SPEC)
    result = run("check", path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == [f"{path}: Converted leads from Salesforce to NetSuite", "",
                         "The whole spec"]
    flow = lines.index("Flow salesforce-to-netsuite")
    assert lines[flow + 1] == (
        "  Salesforce pushes converted leads into NetSuite's REST API when a lead is converted.")
    # What the example leaves out of its systems is asked, never filled in.
    assert "  ? systems.netsuite.owner: Who owns NetSuite: which team or organisation keeps it" \
        in lines


def test_error_finding_exits_1_and_says_what_to_decide(write, run):
    path = write("spec.yaml", PULL_ON_EVENT)
    result = run("check", path)
    assert result.exit_code == 1
    out = result.stdout
    assert "  NetSuite pulls converted leads from Salesforce's REST API when a lead is converted." \
        in out
    assert "  error [event-needs-push] trigger\n" in out
    assert "Decide: make Salesforce the mail person" in " ".join(out.split())
    # 13: with who signs for each system's owner and for data protection, and which kinds
    # of personal data travel
    assert out.rstrip().endswith("1 error, 2 warnings, 13 open questions.")


def test_json_output_follows_the_contract(write, run):
    path = write("spec.yaml", PULL_ON_EVENT)
    result = run("check", "--format", "json", path)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert all(list(f) == ["severity", "flow", "field", "code", "message"] for f in findings)
    [error] = [f for f in findings if f["severity"] == "error"]
    assert {"severity": "error", "flow": "salesforce-to-netsuite", "field": "trigger",
            "code": "event-needs-push"}.items() <= error.items()


def test_open_questions_are_listed_per_flow(write, run):
    path = write("spec.yaml", "title: Early draft\nsystems:\n  - id: crm\n  - id: erp\n"
                              "flows:\n  - id: crm-to-erp\n    source: crm\n    destination: erp\n")
    result = run("check", path)
    assert result.exit_code == 0
    out = result.stdout
    assert "The whole spec\n  ? why: Why does the data move?" in out
    assert "  ? mail_person: Which system starts the exchange and carries the data (the mail\n" \
           "      person): crm pushing it, or erp pulling it?" in out
    assert "  Records (not described yet) move from crm to erp at a time not decided yet; which " \
           "of\n  them starts it is not decided yet." in out
    assert "? schedule" not in out  # not relevant until the trigger is known
    assert out.rstrip().endswith("open questions.")


def test_complete_spec_without_findings_says_so(write, run):
    result = run("check", write("spec.yaml", COMPLETE))
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith("No problems and no open questions.")


SAMPLE_SPECS = sorted(SAMPLES.glob("*.yaml")) + sorted(SAMPLES.glob("compare/*.yaml"))


def test_the_samples_readme_lists_every_sample_and_only_samples_that_exist():
    listed = set(re.findall(r"^\| `([\w/.-]+\.yaml)` \|", (SAMPLES / "README.md").read_text(),
                            re.MULTILINE))
    present = {str(p.relative_to(SAMPLES)) for p in SAMPLES.glob("*.yaml")}
    present |= {str(p.relative_to(SAMPLES)) for p in SAMPLES.glob("compare/*.yaml")}
    assert present and present <= listed
    assert all((SAMPLES / name).is_file() or (SAMPLES / "briefs" / name).is_file()
               for name in listed)


@pytest.mark.parametrize("sample", SAMPLE_SPECS, ids=lambda p: p.name)
def test_every_sample_passes_check(run, sample):
    result = run("check", str(sample))
    assert result.exit_code == 0, result.output
    findings = json.loads(run("check", "--format", "json", str(sample)).stdout)["findings"]
    assert not [f for f in findings if f["severity"] == "error"]


def test_schema_command_prints_the_contract_fields(run):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    flow = schema["$defs"]["Flow"]["properties"]
    for name in ("id", "data", "source", "destination", "mail_person", "mailbox", "direction",
                 "trigger", "event", "schedule", "change_detection", "transport", "format",
                 "auth", "business_logic", "pattern", "personal_data", "volume", "latency"):
        assert name in flow
    assert schema["$defs"]["Flow"]["required"] == ["id"]
    assert schema["$defs"]["Flow"]["additionalProperties"] is False
    trigger = flow["trigger"]["anyOf"][0]
    assert trigger["enum"] == ["event", "schedule", "on-demand"]


def test_schema_validates_the_samples(run):
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    schema = json.loads(run("schema").stdout)
    for sample in SAMPLE_SPECS:
        jsonschema.validate(YAML(typ="safe").load(sample.read_text()), schema)
