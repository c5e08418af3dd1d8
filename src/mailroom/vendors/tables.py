"""Dialects of systems read as tables of records: ServiceNow's Table API and Airtable's
list records. Every path, parameter and header rests on the page kept beside it."""

from __future__ import annotations

from mailroom.vendors.lookups import SERVICENOW_LOOKUP
from mailroom.vendors.lookups_more import DATAVERSE_LOOKUP
from mailroom.vendors.model import Dialect, KeyAuth, Pull
from mailroom.vendors.writes import (
    AIRTABLE_UPSERT,
    DATAVERSE_KEY_UPSERT,
    GOOGLE_SHEETS_APPEND,
    SERVICENOW_INSERT,
)

SERVICENOW_TABLE = ("https://docs.servicenow.com/bundle/geneva-servicenow-platform/page/"
                    "integrate/inbound_rest/reference/r_TableAPI-GET.html")

SERVICENOW = Dialect(
    id="servicenow",
    name="ServiceNow",
    pull=Pull(
        style="servicenow-table",
        path="/api/now/table/{TABLE}",
        records_key="result",
        id_field="sys_id",
        modified_field="sys_updated_on",
        change_filter=("the Table API: sysparm_query=sys_updated_on>=<cursor>^ORDERBY"
                       "sys_updated_on^ORDERBYsys_id (an encoded query with its ORDERBY "
                       "clauses); the records at the cursor's second already taken are "
                       "skipped"),
        paging=("sysparm_limit records a page, skipping sysparm_offset, until a page comes "
                "back short"),
        kinds=("modified-since",),
        source=SERVICENOW_TABLE,
    ),
    push=SERVICENOW_INSERT,
    lookup=SERVICENOW_LOOKUP,
    constants={
        "TABLE": ("incident", "TODO(mapping): which table is read (incident, sys_user, a "
                  "custom u_ table, ...); `incident` stands in; the spec does not say"),
    },
    transient_status=500,
    permanent_status=400,
)

AIRTABLE_LIST = "https://support.airtable.com/docs/getting-started-with-airtables-web-api"

AIRTABLE = Dialect(
    id="airtable",
    name="Airtable",
    key_auth=KeyAuth("Authorization", "Bearer ", ("apiKey",),
                     "an Airtable personal access token",
                     "https://github.com/Airtable/airtable.js/blob/master/src/base.ts"),
    pull=Pull(
        style="airtable-list",
        path="/v0/{BASE_ID}/{TABLE}",
        records_key="records",
        id_field="id",
        modified_field="createdTime",  # a listed record carries no modification time
        change_filter=("none: every poll lists the whole table; a record whose id was taken "
                       "before is skipped"),
        paging="pageSize (100 at most), then the answer's offset until it has none",
        kinds=("full-fetch",),
        source=AIRTABLE_LIST,
    ),
    push=AIRTABLE_UPSERT,
    constants={
        "BASE_ID": ("appTODO", "TODO(path): the base's id (app...); the spec does not name it"),
        "TABLE": ("TODO_table", "TODO(path): the table's name or id (tbl...); the spec does "
                  "not name it"),
    },
    transient_status=429,
    permanent_status=422,
)

DATAVERSE_PAGING = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                    "webapi/query/page-results")
DATAVERSE_FILTER = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                    "webapi/query/filter-rows")
DATAVERSE_ORDER = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                   "webapi/query/order-rows")
DATAVERSE_ERRORS = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                    "webapi/compose-http-requests-handle-errors")
ENTRA_CLIENT_CREDENTIALS = ("https://learn.microsoft.com/en-us/entra/identity-platform/"
                            "v2-oauth2-client-creds-grant-flow")

DYNAMICS_365 = Dialect(
    id="dynamics-365",
    name="Microsoft Dynamics 365",
    # Microsoft Entra ID issues the tokens, at login.microsoftonline.com/<tenant>/...; the
    # mock serves that path on its own address, TENANT standing in for the tenant's id
    # (the credential's tokenUrl says where)
    token_path="/TENANT/oauth2/v2.0/token",
    token_source=ENTRA_CLIENT_CREDENTIALS,
    pull=Pull(
        style="dataverse-odata",
        path="/api/data/v9.2/{ENTITY_SET}",
        records_key="value",
        id_field="contactid",  # the table's primary key column: <table>id
        modified_field="modifiedon",
        change_filter=("the Web API: $filter=modifiedon ge <cursor> with $orderby=modifiedon "
                       "asc,<id> asc; the rows at the cursor's moment already taken are "
                       "skipped"),
        paging=("Prefer: odata.maxpagesize=<n> (5000 at most), then the answer's "
                "@odata.nextLink until it has none ($skip is not supported)"),
        kinds=("modified-since", "full-fetch"),
        source=DATAVERSE_PAGING,
    ),
    push=DATAVERSE_KEY_UPSERT,
    lookup=DATAVERSE_LOOKUP,
    adaptor="@openfn/language-dynamics",
    operations={"poll": "query({ entityName, query: { filter, orderBy, limit } }) (one "
                        "page: it does not follow @odata.nextLink; configuration resource, "
                        "accessToken, apiVersion)",
                # updateEntity PATCHes <entityName>(<entityId>) without If-Match
                # (packages/dynamics/src/Adaptor.js): with the key as entityId, an upsert
                "push": "updateEntity({ entityName, entityId: \"<key column>='<key>'\", body "
                        "}) (a PATCH without If-Match: the same upsert)",
                # query GETs <entityName>(<entityId>)?$select=<query.fields> and rejects
                # any status but 200/201/202/204 (packages/dynamics/src/Adaptor.js)
                "lookup": "query({ entityName, entityId: \"<key column>='<key>'\", query: { "
                          "fields } }) (a status other than 2xx throws)"},
    constants={
        "ENTITY_SET": ("contacts", "TODO(mapping): the table's entity set name (contacts, "
                       "accounts, a custom prefix_names, ...); `contacts` stands in; the spec "
                       "does not say"),
        "ID_COLUMN": ("contactid", "TODO(mapping): the table's primary key column (contactid "
                      "for contacts, accountid for accounts); it changes with ENTITY_SET"),
    },
    transient_status=429,
    permanent_status=400,
)

SHEETS_GET = ("https://developers.google.com/workspace/sheets/api/reference/rest/v4/"
              "spreadsheets.values/get")
SHEETS_A1 = "https://developers.google.com/workspace/sheets/api/guides/concepts"

GOOGLE_SHEETS = Dialect(
    id="google-sheets",
    name="Google Sheets",
    pull=Pull(
        style="sheets-values",
        path="/v4/spreadsheets/{SPREADSHEET_ID}/values/{RANGE}",
        records_key="values",
        id_field="id",  # the column named by ID_COLUMN: a sheet's rows have no id of their own
        modified_field="",  # a row carries no modification time
        change_filter=("none: every poll reads the whole range; a row whose id column was "
                       "taken before is skipped"),
        paging="none: one answer holds the whole range (values, row by row)",
        kinds=("full-fetch",),
        source=SHEETS_GET,
    ),
    push=GOOGLE_SHEETS_APPEND,
    adaptor="@openfn/language-googlesheets",
    # appendValues calls values.append (valueInputOption USER_ENTERED unless given) and
    # reads nothing first (packages/googlesheets/src/Adaptor.js)
    operations={"poll": "getValues(spreadsheetId, range) (configuration accessToken)",
                "push": "appendValues(spreadsheetId, range, values, { valueInputOption: 'RAW' "
                        "}) (it reads nothing first: the key check stays the job's)"},
    constants={
        "SPREADSHEET_ID": ("TODO_spreadsheet_id", "TODO(path): the spreadsheet's id (from "
                           "its URL, docs.google.com/spreadsheets/d/<id>/edit); the spec does "
                           "not name it"),
        "RANGE": ("Sheet1", "TODO(path): the range in A1 notation; `Sheet1` (every cell of "
                  "the sheet of that name) stands in; the spec does not say"),
        "ID_COLUMN": ("id", "TODO(id): the column (by its heading in the range's first row) "
                      "that names each row; `id` stands in; the spec does not name one"),
    },
    transient_status=429,
    permanent_status=400,
)
