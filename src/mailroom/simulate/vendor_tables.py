"""The mocks of the systems read as tables of records (ServiceNow's Table API,
Airtable's list records, Dataverse's Web API, Google Sheets' values; DHIS2's tracker
export, whose objects are listed the same way), as vendor_routes
asks for them: a made-up record as the vendor serves it, the record as someone edits it,
and the list endpoint; None where the dialect is not one of these."""

from __future__ import annotations

from typing import Any

import mailroom.simulate.vendor_airtable as airtable
import mailroom.simulate.vendor_dataverse as dataverse
import mailroom.simulate.vendor_dhis2 as dhis2
import mailroom.simulate.vendor_hubspot as hubspot
import mailroom.simulate.vendor_jira as jira
import mailroom.simulate.vendor_ledgers as ledgers
import mailroom.simulate.vendor_servicenow as servicenow
import mailroom.simulate.vendor_sheets as sheets
from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import FaultPlan, Route
from mailroom.stub.shape import Cursor
from mailroom.vendors import Dialect


def table_record(dialect: Dialect, number: int, modified: str,
                 fields: dict[str, Any]) -> dict[str, Any] | None:
    style = dialect.pull.style if dialect.pull is not None else ""
    if style == "servicenow-table":
        return servicenow.servicenow_record(number, modified, fields)
    if style == "airtable-list":
        return airtable.airtable_record(number, modified, fields)
    if style == "dataverse-odata":
        return dataverse.dataverse_record(dialect, number, modified, fields)
    if style == "sheets-values":
        return sheets.sheets_record(dialect, number, fields)
    if style == "hubspot-search":
        return hubspot.hubspot_record(dialect, number, modified, fields)
    if style == "jira-jql":
        return jira.jira_issue(dialect, number, modified, fields)
    if style == "tracker-export":
        return dhis2.dhis2_event(dialect, number, modified, fields)
    return ledgers.ledger_record(dialect, number, modified, fields)  # Xero's


def changed_table_record(dialect: Dialect, record: dict[str, Any], field: str,
                         when: str) -> dict[str, Any] | None:
    style = dialect.pull.style if dialect.pull is not None else ""
    if style == "servicenow-table":
        return servicenow.changed_servicenow_record(record, field, when)
    if style == "airtable-list":
        return airtable.changed_airtable_record(record, field)
    if style == "dataverse-odata":
        return dataverse.changed_dataverse_record(record, field, when)
    if style == "sheets-values":
        return sheets.changed_sheets_record(record, field)
    if style == "hubspot-search":
        return hubspot.changed_hubspot_record(dialect, record, field, when)
    if style == "jira-jql":
        return jira.changed_jira_issue(record, field, when)
    if style == "tracker-export":
        return dhis2.changed_dhis2_event(record, field, when)
    return ledgers.changed_ledger_record(dialect, record, field, when)


def table_source(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> Route | None:
    style = dialect.pull.style if dialect.pull is not None else ""
    if style == "servicenow-table":
        return servicenow.ServiceNowTableRoute(dialect, path, caller, auth, cursor, faults)
    if style == "airtable-list":
        return airtable.AirtableListRoute(dialect, path, caller, auth, cursor, faults)
    if style == "dataverse-odata":
        return dataverse.DataverseListRoute(dialect, path, caller, auth, cursor, faults)
    if style == "sheets-values":
        return sheets.SheetsValuesRoute(dialect, path, caller, auth, cursor, faults)
    if style == "hubspot-search":
        return hubspot.HubSpotSearchRoute(dialect, path, caller, auth, cursor, faults)
    if style == "jira-jql":
        return jira.JiraSearchRoute(dialect, path, caller, auth, cursor, faults)
    if style == "tracker-export":
        return dhis2.TrackerExportRoute(dialect, path, caller, auth, cursor, faults)
    return ledgers.ledger_source(dialect, path, caller, auth, cursor, faults)
