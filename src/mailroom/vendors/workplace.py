"""Dialects of workplace systems: BambooHR's API (HR), Odoo's JSON-2 API (ERP), Slack's
Web API (messaging). Every path, parameter and header rests on the vendor's page or its
own library, kept beside it."""

from __future__ import annotations

from mailroom.vendors.form_writes import BAMBOOHR_CREATE
from mailroom.vendors.lookups import BAMBOOHR_LOOKUP
from mailroom.vendors.model import Dialect, KeyAuth, Pull, Push

BAMBOOHR_CHANGED = "https://documentation.bamboohr.com/reference/get-changed-employee-ids"
BAMBOOHR_EMPLOYEE = "https://documentation.bamboohr.com/reference/get-employee"
BAMBOOHR_DETAILS = "https://documentation.bamboohr.com/docs/api-details"
BAMBOOHR_AUTH = "https://documentation.bamboohr.com/docs/getting-started"
# BambooHR's own library, generated from its OpenAPI description: the paths, the
# parameters, the answers' shapes and the Accept header (application/json or XML).
BAMBOOHR_SDK = ("https://github.com/BambooHR/bhr-api-python/blob/main/docs/"
                "LastChangeInformationApi.md")
BAMBOOHR_SDK_EMPLOYEE = ("https://github.com/BambooHR/bhr-api-python/blob/main/docs/"
                         "EmployeesApi.md")
BAMBOOHR_SINCE_2011 = "https://www.bamboohr.com/api/documentation/changes.php"

BAMBOOHR = Dialect(
    id="bamboohr",
    name="BambooHR",
    # the API key over HTTP Basic: the key as the user name, any password ("x")
    key_auth=KeyAuth("Authorization", "Basic ", ("apiKey",),
                     "a BambooHR API key, the user name of HTTP Basic",
                     BAMBOOHR_AUTH, basic_password="x"),
    pull=Pull(
        style="bamboohr-changed",
        path="/api/gateway.php/{COMPANY_DOMAIN}/v1/employees/changed",
        records_key="employees",  # a map of employee id to {id, action, lastChanged}
        id_field="id",
        modified_field="lastChanged",
        change_filter=("since=<cursor> (ISO 8601): the employees whose record changed since "
                       "the latest lastChanged taken (any field, or the employment status, "
                       "job information or compensation tables); the answer's latest is "
                       "the next cursor"),
        paging=("none: one answer lists every changed employee; each one is then read "
                "with GET .../v1/employees/<id>?fields=<the flow's fields>"),
        kinds=("modified-since",),
        source=BAMBOOHR_CHANGED,
    ),
    push=BAMBOOHR_CREATE,
    lookup=BAMBOOHR_LOOKUP,
    constants={
        "COMPANY_DOMAIN": ("TODO-company", "TODO(path): the company's BambooHR subdomain (the "
                           "<company> of https://<company>.bamboohr.com); the spec does not "
                           "name it"),
        "FIRST_SINCE": ("2011-06-05T00:00:00Z", "TODO(decide): where the first poll starts "
                        "(since is required). BambooHR records change times from 5 June 2011 "
                        "on, so this stands in for every employee: "
                        f"{BAMBOOHR_SINCE_2011}"),
    },
    # BambooHR throttles with 503 Service Unavailable (api-details); errors are not
    # given a documented body there, so the mock's 4xx bodies are its own.
    transient_status=503,
    permanent_status=400,
)

# Odoo's JSON-2 API (Odoo 19), the version catalog/odoo.yaml cites; XML-RPC and JSON-RPC
# are deprecated there. The ORM's search_read and write_date are in its ORM reference.
_ODOO_DOCS = ("https://github.com/odoo/documentation/blob/0516a4dc6794bd75af0e7f6874dd2009a065e247/"
              "content/developer/reference/")
ODOO_JSON2 = _ODOO_DOCS + "external_api.rst"
ODOO_ORM = "https://www.odoo.com/documentation/19.0/developer/reference/backend/orm.html"

ODOO = Dialect(
    id="odoo",
    name="Odoo",
    key_auth=KeyAuth("Authorization", "bearer ", ("apiKey",), "an Odoo API key", ODOO_JSON2),
    pull=Pull(
        style="odoo-search-read",
        path="/json/2/{MODEL}/search_read",
        records_key="",  # the answer is the list of records itself
        id_field="id",
        modified_field="write_date",
        change_filter=("the domain [[\"write_date\", \">\", <cursor>]]: the records last "
                       "written after the latest write_date taken, ordered by write_date, id"),
        paging="limit records a call, skipping offset, until a call answers fewer",
        kinds=("modified-since",),
        source=ODOO_JSON2,
    ),
    # Odoo has no upsert: the job searches the model for the record's key in KEY_FIELD,
    # then writes the record found or creates one. Each call is its own transaction.
    push=Push(
        style="odoo-write",
        method="POST",
        path="/json/2/{MODEL}/{method}",
        dedup=("a search on KEY_FIELD for the record's key, then write on the record found or "
               "create with the key: the same key again updates the record it created"),
        success="200 with the method's return value (search: the ids; write: true)",
        errors="a 4xx/5xx status with {name, message, arguments, context, debug}",
        source=ODOO_JSON2,
        also=(ODOO_ORM,),
        constants={
            "KEY_FIELD": ("x_mailroom_key", "TODO(id): a field of the model that keeps the "
                          "record's key (a custom field, x_...), so that a repeat finds the "
                          "record it created; Odoo has no upsert and the spec names no such "
                          "field"),
        },
    ),
    adaptor="@openfn/language-odoo",
    # language-odoo calls Odoo through odoo-await, logging in with a user name and
    # password over the older RPC API (packages/odoo/src/Adaptor.js), not JSON-2's key
    operations={"poll": "searchReadRecord(model, domain, fields, { limit, offset, pageSize }) "
                        "(over the older RPC API, with a user name and password)",
                "push": "searchRecord(model, domain), then update(model, recordId, data) or "
                        "create(model, data)"},
    constants={
        "MODEL": ("res.partner", "TODO(mapping): the technical name of the Odoo model these "
                  "records are (res.partner stands in); the spec does not say"),
        "DATABASE": ("", "TODO(path): the database name, sent as X-Odoo-Database only when "
                     "one Odoo server hosts several databases; empty: not sent"),
    },
    transient_status=500,
    permanent_status=400,
)

SLACK_POST = "https://api.slack.com/methods/chat.postMessage"
# Slack's own library raises unless the answer is 200 with ok true (validate())
SLACK_SDK = ("https://github.com/slackapi/python-slack-sdk/blob/main/slack_sdk/web/"
             "slack_response.py")
SLACK_RATE = "https://github.com/slackhq/slack-api-docs/blob/master/page_rate_limits.md"
SLACK_ESCAPE = "https://api.slack.com/reference/surfaces/formatting#escaping"

SLACK = Dialect(
    id="slack",
    name="Slack",
    key_auth=KeyAuth("Authorization", "Bearer ", ("apiKey",),
                     "a Slack bot token (xoxb-...) with the chat:write scope", SLACK_POST),
    push=Push(
        style="slack-post",
        method="POST",
        path="/api/chat.postMessage",
        dedup=("none: Slack does not de-duplicate messages (chat.postMessage takes no "
               "idempotency key), so a repeated delivery posts a second message; the "
               "record's key travels in the message's metadata"),
        success="200 with ok: true, the channel and the message's ts",
        errors=("200 with ok: false and an error code (channel_not_found, invalid_auth, ...); "
                "429 with Retry-After beyond the rate limits"),
        source=SLACK_POST,
        also=(SLACK_SDK, SLACK_RATE, SLACK_ESCAPE),
        constants={
            "CHANNEL": ("TODO-channel-id", "TODO(mapping): the ID of the channel the "
                        "messages go to (C...); the spec does not name it, and the bot must "
                        "be a member of it"),
            "EVENT_TYPE": ("mailroom_delivery", "The metadata's event_type: the record's "
                           "key is sent in event_payload, so a repeat can be recognised"),
        },
    ),
    transient_status=429,  # Slack's rate-limit answer, with Retry-After
    permanent_status=200,  # Slack refuses with 200 and ok: false
)
