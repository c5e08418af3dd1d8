"""Dialects of accounting systems: Xero's Accounting API and QuickBooks Online's
Accounting API. Every path, parameter and header rests on the page, the vendor's
published OpenAPI file or its own library kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, Pull, Push

XERO_OPENAPI = "https://github.com/XeroAPI/Xero-OpenAPI/blob/master/xero_accounting.yaml"
XERO_REQUESTS = "https://developer.xero.com/documentation/api/requests-and-responses"
XERO_ERRORS = "https://developer.xero.com/documentation/api/http-response-codes"
XERO_LIMITS = "https://developer.xero.com/faq/limits"
# Xero's own Python library asks https://identity.xero.com/connect/token for a client
# credentials token with client_id and client_secret in the form (custom connections)
XERO_TOKEN = ("https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/"
              "oauth2.py")
XERO_CUSTOM = "https://developer.xero.com/faq/custom-integration"

# The OpenAPI file's createContacts (PUT/POST /Contacts, and the same for Invoices, ...):
# a body {Contacts: [...]}, the Idempotency-Key header ("This allows you to safely retry
# requests without the risk of duplicate processing. 128 character max."), summarizeErrors
# ("If false return 200 OK and mix of successfully created objects and any with validation
# errors"), the 400 answer an Error {ErrorNumber, Type, Message, Elements}.
XERO_CREATE = Push(
    style="xero-create",
    method="POST",
    path="/api.xro/2.0/{ENDPOINT}",
    dedup=("the Idempotency-Key header (128 characters at most), with which Xero lets a "
           "request be retried without the risk of duplicate processing (how long it keeps a "
           "key is not said)"),
    success="200 with the created records under the endpoint's name",
    errors="400 {ErrorNumber, Type, Message, Elements: [{ValidationErrors: [{Message}]}]}",
    source=XERO_OPENAPI,
    also=(XERO_ERRORS,),
)

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
    push=XERO_CREATE,
    auth_methods=("oauth2-authorization-code", "oauth2-client-credentials"),
    constants={
        "ENDPOINT": ("Contacts", "TODO(path): the Accounting API endpoint (Contacts, "
                     "Invoices, CreditNotes, ...); `Contacts` stands in; the spec does not "
                     "say"),
        "ID_FIELD": ("ContactID", "TODO(mapping): the records' id (ContactID for Contacts, "
                     "InvoiceID for Invoices); it changes with ENDPOINT"),
        "TENANT_ID": ("TODO_tenant_id", "TODO(path): the organisation's tenant id, sent as "
                      "xero-tenant-id (GET https://api.xero.com/connections lists those the "
                      "token may reach); the spec does not name it"),
    },
    transient_status=429,  # past a rate limit: https://developer.xero.com/faq/limits
    permanent_status=400,
)

QBO_QUERIES = ("https://developer.intuit.com/app/developer/qbo/docs/learn/"
               "explore-the-quickbooks-online-api/data-queries")
# Intuit's own Java SDK: the schema its JSON is read with (Fault, QueryResponse,
# MetaData.LastUpdatedTime "Filterable: ALL, Sortable: ALL") and its reader of a Fault
QBO_SCHEMA = ("https://github.com/intuit/QuickBooks-V3-Java-SDK/blob/HEAD/ipp-v3-java-data/"
              "src/main/xsd/IntuitRestServiceDef.xsd")
QBO_METADATA = ("https://github.com/intuit/QuickBooks-V3-Java-SDK/blob/HEAD/"
                "ipp-v3-java-data/src/main/xsd/IntuitBaseTypes.xsd")
QBO_FAULT = ("https://github.com/intuit/QuickBooks-V3-Java-SDK/blob/HEAD/ipp-v3-java-devkit/"
             "src/main/java/com/intuit/ipp/serialization/IntuitResponseDeserializer.java")

# Intuit's RequestID: "In the request, the app specifies the RequestID as a query string
# parameter. If the service receives another request with the same RequestID, instead of
# performing the operation again or returning an error, the service sends the same
# response as it did for the original request." At most 50 characters, unique for all
# requests for a given company. The create: POST baseURL/company/<realmId>/<entity>.
QBO_REQUEST_ID = "https://blogs.intuit.com/2015/04/06/15346/"
QBO_CREATE = Push(
    style="qbo-create",
    method="POST",
    path="/v3/company/{REALM_ID}/{ENTITY}",  # the entity's name lower-cased: .../customer
    dedup=("the requestid query parameter (50 characters at most; here the MD5 of the "
           "record's key, in hex): a request with a requestid QuickBooks has seen is not "
           "performed again, and the same response comes back"),
    success="200 with the created entity under its name ({Customer: {Id, ...}})",
    errors="{Fault: {Error: [{Message, Detail, code}], type}} (400 ValidationFault)",
    source=QBO_REQUEST_ID,
    also=(QBO_SCHEMA,),
)

QUICKBOOKS_ONLINE = Dialect(
    id="quickbooks-online",
    name="QuickBooks Online",
    pull=Pull(
        style="qbo-query",
        path="/v3/company/{REALM_ID}/query",
        records_key="QueryResponse",  # then the entity's name: QueryResponse.Customer
        id_field="Id",
        modified_field="MetaData.LastUpdatedTime",
        change_filter=("the query SELECT * FROM <entity> WHERE MetaData.LastUpdatedTime >= "
                       "'<cursor>' ORDERBY MetaData.LastUpdatedTime; the records of the "
                       "cursor's moment already taken are skipped"),
        paging="STARTPOSITION 1, 1 + MAXRESULTS, ... until a page comes back short",
        kinds=("modified-since",),
        source=QBO_QUERIES,
    ),
    push=QBO_CREATE,
    # the company connects the app through OAuth 2.0 (catalog: quickbooks-online)
    auth_methods=("oauth2-authorization-code",),
    adaptor="@openfn/language-intuit",
    # language-intuit's http.get sends the access token as Bearer, Accept: application/json
    # (packages/intuit/src/Utils.js, http.js)
    operations={"poll": "http.get('/v3/company/<realmId>/query', { query: { query } })",
                "push": "http.post('/v3/company/<realmId>/<entity>', record, { query: { "
                        "requestid } })"},
    constants={
        "REALM_ID": ("TODO_realm_id", "TODO(path): the company's realm id (given when the "
                     "company connects the app); the spec does not name it"),
        "ENTITY": ("Customer", "TODO(path): the entity queried (Customer, Invoice, Vendor, "
                   "...); `Customer` stands in; the spec does not say"),
    },
    transient_status=500,
    permanent_status=400,
)
