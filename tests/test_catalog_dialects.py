"""The vendor dialects (vendors/) and the catalog say the same of each system: one OpenFn
adaptor, one signature header. Two copies of a vendor fact that disagree would make the
stub and the brief contradict each other."""

from __future__ import annotations

import pytest

from mailroom.catalog.callouts import pushes
from mailroom.catalog.loading import load_catalog
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
