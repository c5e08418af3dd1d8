"""Dialects of systems read as tables of records: ServiceNow's Table API and Airtable's
list records. Every path, parameter and header rests on the page kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, KeyAuth, Pull

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
    constants={
        "BASE_ID": ("appTODO", "TODO(path): the base's id (app...); the spec does not name it"),
        "TABLE": ("TODO_table", "TODO(path): the table's name or id (tbl...); the spec does "
                  "not name it"),
    },
    transient_status=429,
    permanent_status=422,
)
