"""The same checks on both paths: every sample, simulated in Python and on the OpenFn
runtime (the generated job files), against the same mocks, makes the same deliveries.

The OpenFn packages come from the npm registry into mailroom's cache folder the first
time (a session fixture); Node.js must be on the machine (scripts/setup sees to it).
Set MAILROOM_SKIP_OPENFN=1 to skip these tests where there is no Node.js.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SAMPLES

from mailroom.environment import Environment
from mailroom.simulate import Report, WorkflowReport, simulate
from mailroom.spec.reading import load_spec

# Every shape the samples do not cover: an incremental-id poll with basic auth, a full
# fetch with OAuth 2 client credentials and scopes, a real-time lookup without a cache
# (authorization code), a scheduled push, and a platform in the middle that pulls and
# then pushes each return mapped field by field (its `fields`).
ENGINES_AGREE = """\
spec: 1
title: Every shape on both engines
systems:
  - {id: shop, name: Shop, api: true}
  - {id: erp, name: ERP, api: true}
  - {id: crm, name: CRM, api: true, interface: "REST API (/api/v2/customers)"}
  - {id: wh, name: Warehouse, api: true}
  - {id: hub, name: Hub, api: true, platform: true}
flows:
  - id: shop-to-erp
    data: Orders (order number, amount, customer email)
    source: shop
    destination: erp
    mail_person: erp
    mailbox: shop
    trigger: schedule
    schedule: every 10 minutes
    change_detection: incremental-id
    transport: rest
    auth: {method: basic, credential_name: SHOP_API}
  - id: crm-to-wh
    data: Customers (name, email)
    source: crm
    destination: wh
    mail_person: wh
    mailbox: crm
    trigger: schedule
    schedule: "0 * * * *"
    change_detection: full-fetch
    transport: rest
    auth: {method: oauth2-client-credentials, scopes: [read, customers]}
  - id: erp-to-crm
    data: Invoice status (invoice id, status)
    source: erp
    destination: crm
    mail_person: crm
    mailbox: erp
    trigger: on-demand
    event: an agent opens a customer
    transport: rest
    auth: {method: oauth2-authorization-code}
  - id: wh-to-erp
    data: Stock levels (sku, quantity)
    source: wh
    destination: erp
    mail_person: wh
    mailbox: erp
    trigger: schedule
    schedule: "15 3 * * *"
    transport: rest
    auth: {method: none}
  - id: shop-to-hub
    data: Returns (return number, reason)
    source: shop
    destination: hub
    mail_person: hub
    mailbox: shop
    trigger: schedule
    schedule: every 5 minutes
    change_detection: modified-since
    transport: rest
    auth: {method: api-key}
  - id: hub-to-wh
    data: Returns (return number, reason)
    fields:
      - {source_field: return_number, destination_field: ReturnRef}
      - {source_field: reason, destination_field: ReasonText, transform: trimmed}
      - {source_field: customer_email, personal: true}
    source: hub
    destination: wh
    mail_person: hub
    mailbox: wh
    trigger: event
    event: a return arrives at Hub
    transport: rest
    auth: {method: basic}
"""


@pytest.fixture(scope="module")
def engines_agree(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spec") / "engines-agree.yaml"
    path.write_text(ENGINES_AGREE)
    return path


def both(path: Path) -> tuple[Report, Report]:
    spec = load_spec(path).spec
    return (simulate(spec, engine="python", source=str(path)),
            simulate(spec, engine="openfn", source=str(path),
                     openfn=Environment.from_os().openfn))


def outcome(workflow: WorkflowReport) -> dict[str, Any]:
    """What a workflow's runs came to, whatever engine ran them."""
    states = [o.result.state or {} if o.result else None for o in workflow.outcomes]
    return {
        "deliveries": json.loads(json.dumps(workflow.deliveries, sort_keys=True)),
        "dead letters": [[(d["key"], d["status"], d["attempts"])
                          for d in (s or {}).get("deadLetters") or []] for s in states],
        "cursors": [(s or {}).get("cursor") for s in states],
        "seen": [(s or {}).get("seen") for s in states],
        "answers": [(s or {}).get("data") for s in states] if "Request" in
        (workflow.outcomes[0].run.label if workflow.outcomes else "") else None,
        "checks": [(c.ok, c.text) for c in workflow.checks],
        "requests": [(e.request.method, e.request.path, sorted(e.request.query.items()),
                      e.answer.status) for o in workflow.outcomes for e in o.exchanges],
    }


def assert_same(python: Report, openfn: Report) -> None:
    assert python.failed == 0 and openfn.failed == 0
    assert len(python.workflows) == len(openfn.workflows)
    for py, js in zip(python.workflows, openfn.workflows, strict=True):
        if js.skipped and not py.skipped:
            assert "language-sftp needs an SFTP server" in js.skipped
            assert py.passed
            continue
        assert py.passed and js.passed, (py.workflow.id, js.checks)
        assert outcome(py) == outcome(js), py.workflow.id


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_sample_makes_the_same_deliveries_on_both_engines(openfn_modules, sample):
    python, openfn = both(sample)
    assert_same(python, openfn)
    assert openfn.passed == sum(not w.skipped for w in openfn.workflows)


def test_every_shape_behaves_the_same_on_both_engines(openfn_modules, engines_agree):
    python, openfn = both(engines_agree)
    assert python.passed == 5 and openfn.passed == 5
    assert_same(python, openfn)


def test_the_openfn_transcript_has_no_secret_and_no_process_is_left(openfn_modules, run,
                                                                   engines_agree):
    result = run("simulate", str(engines_agree), "--engine", "openfn")
    assert result.exit_code == 0, result.output
    assert "engine: openfn (the generated OpenFn job files, run on @openfn/runtime)" in \
        result.output
    assert result.output.splitlines()[-1] == "5 passed, 0 failed"
    assert "sim-" not in result.output  # every throw-away secret starts with sim-
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == os.getpid():
                    children.append(entry.name)
            except (OSError, IndexError, ValueError):
                continue
    assert children == []
