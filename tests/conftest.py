from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from mailroom.cli import main

# Compiled templates, questionnaires and schemas go to a folder of the test run's own,
# never into the user's ~/.cache (tests that look at the cache set their own).
os.environ.setdefault("MAILROOM_CACHE_DIR", tempfile.mkdtemp(prefix="mailroom-tests-"))

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


@pytest.fixture
def run() -> Callable[..., Result]:
    def _run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return _run
