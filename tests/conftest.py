from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mailroom.cli import main

# Hermetic: nothing is read from or left in the user's home or settings. Compiled
# templates, questionnaires, schemas and the OpenFn runtime go to a cache folder of
# this test run's own (tests that look at the cache set their own), and a catalog
# folder or an OpenFn cache the user has set is not used.
_CACHE = tempfile.mkdtemp(prefix="mailroom-tests-")
os.environ["MAILROOM_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)  # nothing left behind either
for _name in ("MAILROOM_CATALOG", "MAILROOM_OPENFN_CACHE", "MAILROOM_DEBUG"):
    os.environ.pop(_name, None)

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"

# The contract's own example (../shared/PRODUCT.md), event phrased for the sentence.
CONTRACT_SPEC = """\
spec: 1                                  # format version
title: Converted leads from Salesforce to NetSuite
why: Finance needs every converted lead as a NetSuite customer within minutes.
stakeholders:
  - {name: Dana Ortiz, role: project manager}
systems:
  - id: salesforce                       # lowercase id, [a-z0-9-]
    name: Salesforce
    api: true
    events: true
    skills: true
  - {id: netsuite, name: NetSuite, api: true, events: false, skills: false}
flows:
  - id: salesforce-to-netsuite
    data: Converted leads (name, email, company)
    source: salesforce
    destination: netsuite
    mail_person: salesforce
    mailbox: netsuite
    direction: push
    trigger: event
    event: a lead is converted
    schedule: null
    change_detection: null
    transport: rest
    format: json
    auth: {method: oauth2-client-credentials}
    business_logic: netsuite
    pattern: clone
    personal_data: true
    volume: 200 records/day
    latency: 5 minutes
    error_handling: Retry three times, then alert the NetSuite admin.
"""


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], str]:
    """Write a file into tmp_path and return its path as the user would type it."""

    def _write(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture(scope="session")
def openfn_modules() -> Path:
    """The OpenFn runtime's node_modules in this run's cache: installed from the npm
    registry by the first test that needs it (MAILROOM_SKIP_OPENFN=1 skips those tests
    where there is no Node.js)."""
    if os.environ.get("MAILROOM_SKIP_OPENFN") == "1":
        pytest.skip("MAILROOM_SKIP_OPENFN=1")
    from mailroom.environment import Environment
    from mailroom.simulate.openfn_engine import ensure_installed

    return ensure_installed(Environment.from_os().openfn)


@pytest.fixture
def run() -> Callable[..., Result]:
    def _run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return _run
