"""Dialects of accounting systems: Xero's Accounting API. Every path, parameter and
header rests on the page, the vendor's published OpenAPI file or its own library kept
beside it."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, Pull

XERO_OPENAPI = "https://github.com/XeroAPI/Xero-OpenAPI/blob/master/xero_accounting.yaml"
XERO_REQUESTS = "https://developer.xero.com/documentation/api/requests-and-responses"
XERO_ERRORS = "https://developer.xero.com/documentation/api/http-response-codes"
XERO_LIMITS = "https://developer.xero.com/faq/limits"
# Xero's own Python library asks https://identity.xero.com/connect/token for a client
# credentials token with client_id and client_secret in the form (custom connections)
XERO_TOKEN = ("https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/"
              "oauth2.py")
XERO_CUSTOM = "https://developer.xero.com/faq/custom-integration"

XERO = Dialect(
    id="xero",
    name="Xero",
    # identity.xero.com issues the tokens; the mock serves that path on its own address
    # (the credential's tokenUrl says where)
    token_path="/connect/token",
    token_source=XERO_TOKEN,
    pull=Pull(
        style="xero-accounting",
        path="/api.xro/2.0/{ENDPOINT}",
        records_key="Contacts",  # the endpoint's name: Contacts, Invoices, ...
        id_field="ContactID",  # <endpoint's object>ID: ContactID, InvoiceID, ...
        modified_field="UpdatedDateUTC",
        change_filter=("the If-Modified-Since header (a UTC time, accurate to the second): "
                       "only what was created or updated since is returned; the records of "
                       "the cursor's moment already taken are skipped"),
        paging="page=1, 2, ... (up to 100 records a page, pageSize) until a page comes back "
               "short",
        kinds=("modified-since",),
        source=XERO_OPENAPI,
    ),
    auth_methods=("oauth2-authorization-code", "oauth2-client-credentials"),
    constants={
        "ENDPOINT": ("Contacts", "TODO(path): the Accounting API endpoint (Contacts, "
                     "Invoices, CreditNotes, ...; those that page); `Contacts` stands in; "
                     "the spec does not say"),
        "ID_FIELD": ("ContactID", "TODO(mapping): the records' id (ContactID for Contacts, "
                     "InvoiceID for Invoices); it changes with ENDPOINT"),
        "TENANT_ID": ("TODO_tenant_id", "TODO(path): the organisation's tenant id, sent as "
                      "xero-tenant-id (GET https://api.xero.com/connections lists those the "
                      "token may reach); the spec does not name it"),
    },
    transient_status=429,  # past a rate limit: https://developer.xero.com/faq/limits
    permanent_status=400,
)
