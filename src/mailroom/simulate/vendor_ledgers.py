"""The mocks of accounting systems (Xero's Accounting API, QuickBooks Online's query
operation), as vendor_tables asks for
them: a made-up record as the vendor serves it, the record as someone edits it, and the
list endpoint; None where the dialect is not one of these."""

from __future__ import annotations

from typing import Any

import mailroom.simulate.vendor_quickbooks as quickbooks
import mailroom.simulate.vendor_xero as xero
from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import FaultPlan, Route
from mailroom.stub.shape import Cursor
from mailroom.vendors import Dialect


def ledger_record(dialect: Dialect, number: int, modified: str,
                  fields: dict[str, Any]) -> dict[str, Any] | None:
    style = dialect.pull.style if dialect.pull is not None else ""
    if style == "xero-accounting":
        return xero.xero_record(dialect, number, modified, fields)
    if style == "qbo-query":
        return quickbooks.qbo_record(number, modified, fields)
    return None


def changed_ledger_record(dialect: Dialect, record: dict[str, Any], field: str,
                          when: str) -> dict[str, Any] | None:
    style = dialect.pull.style if dialect.pull is not None else ""
    if style == "xero-accounting":
        return xero.changed_xero_record(record, field, when)
    if style == "qbo-query":
        return quickbooks.changed_qbo_record(record, field, when)
    return None


def ledger_source(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                  cursor: Cursor, faults: FaultPlan) -> Route | None:
    style = dialect.pull.style if dialect.pull is not None else ""
    if style == "xero-accounting":
        return xero.XeroListRoute(dialect, path, caller, auth, cursor, faults)
    if style == "qbo-query":
        return quickbooks.QboQueryRoute(dialect, path, caller, auth, cursor, faults)
    return None
