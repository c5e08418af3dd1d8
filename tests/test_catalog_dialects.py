"""The vendor dialects (vendors/) and the catalog say the same of each system: one OpenFn
adaptor, one signature header. Two copies of a vendor fact that disagree would make the
stub and the brief contradict each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from mailroom.catalog.callouts import pushes
from mailroom.catalog.loading import load_catalog
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.model import Spec
from mailroom.stub.plan import plan_workflows
from mailroom.vendors import DIALECTS

CATALOG = load_catalog()


@pytest.mark.parametrize("dialect", sorted(DIALECTS), ids=str)
def test_a_dialect_is_a_catalog_system_and_agrees_with_it(dialect):
    entry = CATALOG.get(dialect)
    assert entry is not None, f"{dialect} has a dialect but no catalog entry"
    speaks = DIALECTS[dialect]
    if speaks.adaptor and entry.adaptor is not None:
        assert speaks.adaptor == entry.adaptor.package
    headers = {c.signature_header.lower() for c in pushes(entry) if c.signature_header}
    if speaks.signing is not None and headers:
        assert speaks.signing.header.lower() in headers


# Catalog systems with no vendor dialect, and why: the simulation's generic mock stands
# in for them, and every check it earns says "generic mock".
NO_DIALECT = {
    "boomi": "an integration platform: the middle that runs the jobs, never a mailbox",
    "zoho-flow": "an integration platform: the middle that runs the jobs, never a mailbox",
    "openfn": "the platform the stub runs on: its webhook trigger is the receiver itself",
    "rest-service": "a placeholder for a service with no entry: it has no vendor to follow",
    "intranet-cms": "a placeholder for an organisation's own site: no vendor to follow",
    "postgresql": "a database: simulate does not mock one, and says so for such a flow",
    "sftp": "a folder of files: simulated as a real folder, with no API to shape",
}


def test_every_catalog_system_speaks_its_vendors_dialect_or_says_why_not():
    for entry_id in CATALOG.entries:
        assert (entry_id in DIALECTS) != (entry_id in NO_DIALECT), (
            f"{entry_id}: give it a dialect (mailroom.vendors), or say in NO_DIALECT why "
            "it has none")
    platforms = {i for i, e in CATALOG.entries.items() if e.platform}
    assert platforms <= set(NO_DIALECT)


VENDOR_TESTS = sorted(Path(__file__).parent.glob("test_vendors*.py"))


def _specs(path: Path):
    """The spec texts a vendor test module holds as its module's string constants."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)):
            try:
                data = yaml.safe_load(node.value.value)
            except yaml.YAMLError:
                continue
            if isinstance(data, dict) and "flows" in data:
                yield Spec.model_validate(data)


def _run_on_openfn() -> set[tuple[str, str]]:
    """(dialect, step kind) of every vendor-shaped step the vendor tests run on the OpenFn
    runtime, as the stub plans them."""
    found: set[tuple[str, str]] = set()
    for path in VENDOR_TESTS:
        if 'engine="openfn"' not in path.read_text(encoding="utf-8"):
            continue
        for spec in _specs(path):
            for workflow in plan_workflows(facts_of(spec)):
                found |= {(s.target.dialect.id, s.kind) for s in workflow.steps
                          if s.target is not None and s.target.dialect is not None}
    return found


def test_every_dialects_pull_and_push_is_run_on_the_openfn_runtime_against_its_mock():
    """The issue's bar: for each catalog system with a vendor-shaped mock, the job
    generated for it is run on the OpenFn runtime against that mock (the vendor tests
    assert the documented endpoints, authentication and equal deliveries)."""
    ran = _run_on_openfn()
    for dialect in DIALECTS.values():
        if dialect.pull is not None:
            assert (dialect.id, "poll") in ran, f"{dialect.id}'s pull is not run on OpenFn"
        if dialect.push is not None:
            assert (dialect.id, "push") in ran, f"{dialect.id}'s push is not run on OpenFn"
        if dialect.lookup is not None:
            assert (dialect.id, "lookup") in ran, f"{dialect.id}'s lookup is not run on OpenFn"


def test_every_vendors_webhook_is_sent_in_its_shape_to_a_job_run_on_openfn():
    """A dialect that signs its webhooks, or whose webhook body is described
    (vendors/webhooks.py), is exercised by a vendor test that runs on OpenFn."""
    from mailroom.vendors.webhooks import PAYLOADS

    texts = [p.read_text(encoding="utf-8") for p in VENDOR_TESTS]
    on_openfn = [t for t in texts if 'engine="openfn"' in t]
    senders = {d.id for d in DIALECTS.values() if d.signing is not None} | set(PAYLOADS)
    for sender in sorted(senders):
        assert any(f'"{sender}"' in t or f"catalog: {sender}" in t for t in on_openfn), sender
