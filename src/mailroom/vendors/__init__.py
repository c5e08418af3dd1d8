"""Vendor dialects: how a catalog system's own API is called, one description per system.

The generated job (its templates read these constants), the Python engine and the
simulation's mock (which answers in the same shapes) all read the one description
here, so the three cannot drift apart. Every path, parameter, header and body shape
rests on the vendor's documentation, whose address is kept beside it (`sources`).
What the documentation does not settle (which object, which external-id field, which
program) stays a marked TODO in the job, never a guess.

A system without a dialect, or a flow a dialect does not cover (say, an
incremental-id poll of Salesforce, whose record ids are not ordered numbers), keeps
the generic dialect of `mailroom.stub.shape`, and every output says it is generic.
"""

from __future__ import annotations

from mailroom.vendors.erp import NETSUITE, SAP_S4HANA
from mailroom.vendors.form_writes import ODK_SUBMISSION
from mailroom.vendors.forms import KOBOTOOLBOX
from mailroom.vendors.health import COMMCARE_CASE_UPSERT, DHIS2_TRACKER_EXPORT
from mailroom.vendors.ledgers import QUICKBOOKS_ONLINE, XERO
from mailroom.vendors.lookups import DHIS2_LOOKUP, salesforce_lookup
from mailroom.vendors.lookups_more import ZENDESK_LOOKUP
from mailroom.vendors.marketing import MAILCHIMP
from mailroom.vendors.model import Dialect, KeyAuth, Pull, Push, Signing
from mailroom.vendors.searches import HUBSPOT, JIRA
from mailroom.vendors.shopify import SHOPIFY_CONSTANTS, SHOPIFY_KEY, SHOPIFY_PULL
from mailroom.vendors.shops import WOOCOMMERCE
from mailroom.vendors.tables import AIRTABLE, DYNAMICS_365, GOOGLE_SHEETS, SERVICENOW
from mailroom.vendors.workplace import BAMBOOHR, ODOO, SLACK
from mailroom.vendors.writes import STRIPE_CREATE, ZENDESK_USER_UPSERT

__all__ = ["DIALECTS", "Dialect", "KeyAuth", "Pull", "Push", "Signing"]


SALESFORCE_VERSION = "v66.0"

SALESFORCE = Dialect(
    id="salesforce",
    name="Salesforce",
    token_path="/services/oauth2/token",
    token_source="https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud."
                 "remoteaccess_oauth_client_credentials_flow.htm",
    pull=Pull(
        style="soql",
        path=f"/services/data/{SALESFORCE_VERSION}/query",
        records_key="records",
        id_field="Id",
        modified_field="LastModifiedDate",
        change_filter="a SOQL query, WHERE LastModifiedDate > the cursor",
        paging="the answer's nextRecordsUrl, until done is true",
        kinds=("modified-since", "full-fetch"),
        source="https://developer.salesforce.com/docs/platform/api-rest/guide/dome-query.html",
    ),
    push=Push(
        style="sobject-upsert",
        method="PATCH",
        path=f"/services/data/{SALESFORCE_VERSION}/sobjects/{{SOBJECT}}/{{EXTERNAL_ID_FIELD}}/{{key}}",
        dedup="an upsert by external id: the same key again updates the record it created",
        success="201 when it created the record, 200 when it updated it",
        errors="a JSON array of {message, errorCode}",
        source="https://developer.salesforce.com/docs/platform/api-rest/guide/dome-upsert.html",
    ),
    lookup=salesforce_lookup(SALESFORCE_VERSION),
    adaptor="@openfn/language-salesforce",
    # language-salesforce's retrieve(sObjectName, id) reads one record by its Id
    # (packages/salesforce/src/Adaptor.js, through jsforce's sobject().retrieve)
    operations={"poll": "query(soql)", "push": "upsert(sObject, externalId, records)",
                "lookup": "retrieve(sObject, id)"},
    constants={
        "SOBJECT": ("TODO_Object", "TODO(mapping): the Salesforce object these records are "
                    "(Lead, Contact, or a custom object__c); the spec does not say"),
        "EXTERNAL_ID_FIELD": ("TODO_Mailroom_Key__c", "TODO(id): a text field on that object "
                              "marked External ID, which holds the record's key; the spec "
                              "does not name one"),
    },
    transient_status=500,
    permanent_status=400,
)

DHIS2 = Dialect(
    id="dhis2",
    name="DHIS2",
    key_auth=KeyAuth("Authorization", "ApiToken ", ("apiKey",), "a DHIS2 personal access token",
                     "https://github.com/dhis2/dhis2-docs/blob/master/src/developer/web-api/"
                     "overview.md#webapi_pat_authentication"),
    push=Push(
        style="tracker-import",
        method="POST",
        path="/api/tracker",
        dedup=("each object carries a UID made from the record's key, and the import runs "
               "with importStrategy CREATE_AND_UPDATE: the same key again updates the object "
               "it created"),
        success="200 with an import report whose status is OK and whose stats count it",
        errors=("409 with an import report whose status is ERROR and whose "
                "validationReport.errorReports say why"),
        source="https://github.com/dhis2/dhis2-docs/blob/master/src/developer/web-api/"
               "tracker.md#webapi_tracker_import",
    ),
    pull=DHIS2_TRACKER_EXPORT,
    lookup=DHIS2_LOOKUP,
    adaptor="@openfn/language-dhis2",
    # language-dhis2's tracker.export(path, query) GETs tracker/<path> with the query as
    # given (packages/dhis2/src/tracker.js)
    operations={"push": "tracker.import('CREATE_AND_UPDATE', payload)",
                "poll": "tracker.export('events', { program, orgUnit, updatedAfter, page, "
                        "pageSize })",
                "lookup": "tracker.export('trackedEntities/' + uid, { program })"},
    constants={
        "TRACKER_OBJECTS": ("events", "TODO(mapping): which tracker objects these records "
                            "become (trackedEntities, enrollments or events); `events` stands in"),
    },
    transient_status=500,
    permanent_status=409,
)

COMMCARE = Dialect(
    id="commcare",
    name="CommCare",
    key_auth=KeyAuth("Authorization", "ApiKey ", ("username", "apiKey"),
                     "a CommCare API key, with the user's e-mail address",
                     "https://github.com/dimagi/commcare-hq/blob/master/docs/api/openapi/"
                     "components/securitySchemes.yaml"),
    pull=Pull(
        style="commcare-forms",
        path="/a/{DOMAIN}/api/form/v1/",
        records_key="objects",
        id_field="id",
        modified_field="indexed_on",
        change_filter="indexed_on_start (on or after the cursor), ordered by indexed_on",
        paging="the answer's meta.next, until it is null",
        kinds=("modified-since", "full-fetch"),
        source="https://github.com/dimagi/commcare-hq/blob/master/docs/api/openapi/paths/"
               "form.yaml",
    ),
    push=COMMCARE_CASE_UPSERT,
    adaptor="@openfn/language-commcare",
    # language-commcare's get() calls the same form API at its v0.5 path, with the
    # project space in the credential's `domain` (packages/commcare/src/Adaptor.js); it
    # has no case upsert of its own: request() sends any call, submit() posts an XForm
    # to /a/<domain>/receiver/<appId>/
    operations={"poll": "get('form', { indexed_on_start, order_by: 'indexed_on' }) (the "
                        "form API at its v0.5 path; the domain in the credential)",
                "push": "request('PUT', path, caseUpdate), the path "
                        "/a/<domain>/api/case/v2/ext/<external id>/ (no case upsert of its "
                        "own; its submit() posts an XForm to /a/<domain>/receiver/<appId>/)"},
    constants={
        "DOMAIN": ("TODO-project-space", "TODO(path): the CommCare project space (the domain "
                   "in its URLs); the spec does not name it"),
    },
    transient_status=500,
    permanent_status=400,
)

SHOPIFY = Dialect(
    id="shopify",
    name="Shopify",
    key_auth=SHOPIFY_KEY,
    auth_methods=("api-key",),  # the token goes in X-Shopify-Access-Token only
    pull=SHOPIFY_PULL,
    constants=SHOPIFY_CONSTANTS,
    transient_status=429,  # a THROTTLED answer (its HTTP status not settled: see the job)
    permanent_status=400,
    signing=Signing(
        style="raw-body-base64",
        header="X-Shopify-Hmac-SHA256",
        secret="the app's client secret",
        signed="an HMAC-SHA256 of the raw request body, base64-encoded",
        source="https://shopify.dev/docs/apps/build/webhooks/verify-deliveries",
        quote="Each HTTPS delivery includes a base64-encoded HMAC signature in the "
              "X-Shopify-Hmac-SHA256 header, generated using your app's client secret and "
              "the raw request body.",
    ),
)

STRIPE = Dialect(
    id="stripe",
    name="Stripe",
    key_auth=KeyAuth("Authorization", "Bearer ", ("apiKey",), "a Stripe secret API key",
                     "https://docs.stripe.com/api/authentication"),
    pull=Pull(
        style="stripe-events",
        path="/v1/events",
        records_key="data",
        id_field="id",
        modified_field="created",
        change_filter=("the Events API: the object's created and updated events "
                       "(types[0], types[1]) with created[gte] the cursor, going back at most "
                       "30 days; the events at the cursor's second already taken are skipped"),
        paging="limit, then starting_after the last event's id, while has_more is true",
        kinds=("modified-since",),
        source="https://docs.stripe.com/api/events/list",
    ),
    push=STRIPE_CREATE,
    adaptor="@openfn/language-stripe",
    # its operations read (list, get: packages/stripe/src/Adaptor.js); none creates
    operations={"push": "none: its operations only read (list, get); stay on language-http"},
    constants={
        "OBJECT": ("customer", "TODO(mapping): which Stripe object's events are pulled "
                   "(customer, invoice, charge, ...); `customer` stands in; the spec does not "
                   "say"),
    },
    transient_status=500,
    permanent_status=400,
    signing=Signing(
        style="timestamp-dot-body-hex",
        header="Stripe-Signature",
        secret="the webhook endpoint's own signing secret",
        signed=("t= the timestamp, v1= the signature: a hex HMAC-SHA256 of the timestamp, "
                "a dot and the raw request body; a timestamp older than the tolerance (300 "
                "seconds in Stripe's libraries) is refused"),
        source="https://docs.stripe.com/webhooks/signature",
        quote="To do this, use the Stripe-Signature header and call the constructEvent() "
              "function with three parameters.",
        tolerance=300,
        also=("https://github.com/stripe/stripe-ruby/blob/master/lib/stripe/webhook.rb",),
    ),
)

ZENDESK_EXPORT = ("https://developer.zendesk.com/api-reference/ticketing/ticket-management/"
                  "incremental_exports/#incremental-ticket-export-cursor-based")

ZENDESK = Dialect(
    id="zendesk",
    name="Zendesk",
    pull=Pull(
        style="zendesk-cursor",
        path="/api/v2/incremental/{RESOURCE}/cursor",
        records_key="tickets",
        id_field="id",
        modified_field="updated_at",
        change_filter=("the incremental export: start_time (Unix seconds) on the first "
                       "export, then the cursor Zendesk gave (after_cursor); it returns what "
                       "was created or changed since"),
        paging="the answer's after_cursor, until end_of_stream is true",
        kinds=("modified-since",),
        source=ZENDESK_EXPORT,
    ),
    push=ZENDESK_USER_UPSERT,
    lookup=ZENDESK_LOOKUP,
    constants={
        "RESOURCE": ("tickets", "TODO(mapping): what is exported; `tickets` stands in (users "
                     "have a cursor-based export too); the spec does not say"),
        "START_TIME": ("0", "TODO(decide): the Unix time (in seconds) the first export starts "
                       "from (every item created or changed on or after it); 0 stands in: "
                       "everything. Later exports start from the cursor Zendesk gave"),
    },
    transient_status=500,
    permanent_status=400,
    signing=Signing(
        style="timestamp-body-base64",
        header="X-Zendesk-Webhook-Signature",
        timestamp_header="X-Zendesk-Webhook-Signature-Timestamp",
        secret="the webhook's signing secret",
        signed=("a base64 HMAC-SHA256 of the timestamp (sent in "
                "X-Zendesk-Webhook-Signature-Timestamp) followed by the raw request body"),
        source="https://developer.zendesk.com/documentation/webhooks/verifying/",
        quote="Represented simply: base64(HMACSHA256(TIMESTAMP + BODY))",
    ),
)

ODK_ODATA = "https://docs.getodk.org/central-api-odata-endpoints/#data-document"

ODK_CENTRAL = Dialect(
    id="odk-central",
    name="ODK Central",
    pull=Pull(
        style="odk-odata",
        path="/v1/projects/{PROJECT_ID}/forms/{XML_FORM_ID}.svc/Submissions",
        records_key="value",
        id_field="__id",
        modified_field="__system.updatedAt",
        change_filter=("the OData $filter on the submission's metadata: "
                       "__system/submissionDate gt the cursor or __system/updatedAt gt the "
                       "cursor (new and since-edited submissions)"),
        paging="$top and $skip, until a page holds fewer than $top rows",
        kinds=("modified-since",),
        source=ODK_ODATA,
    ),
    push=ODK_SUBMISSION,
    adaptor="@openfn/language-odk",
    # language-odk's getSubmissions calls the same OData feed, its query as given
    # (packages/odk/src/Adaptor.js); it has no submission operation of its own: its
    # request() sends any call, with a session's bearer token and a header a job may set
    operations={"poll": "getSubmissions(projectId, xmlFormId, { $filter, $top, $skip })",
                "push": "request('POST', path, xml, options) with the form's submissions "
                        "path and an XML Content-Type in options.headers (no submission "
                        "operation of its own)"},
    constants={
        "PROJECT_ID": ("1", "TODO(path): the numeric id of the ODK Central project; the spec "
                       "does not name it (1 stands in)"),
        "XML_FORM_ID": ("TODO_form", "TODO(path): the xmlFormId of the form whose "
                        "submissions are read or made; the spec does not name it"),
    },
    transient_status=500,
    permanent_status=400,
)

DIALECTS: dict[str, Dialect] = {d.id: d for d in (SALESFORCE, DHIS2, COMMCARE, SHOPIFY, STRIPE,
                                                  NETSUITE, SAP_S4HANA,
                                                  BAMBOOHR, ODOO, SLACK,
                                                  ZENDESK, SERVICENOW, AIRTABLE, ODK_CENTRAL, JIRA,
                                                  KOBOTOOLBOX, DYNAMICS_365, WOOCOMMERCE, HUBSPOT,
                                                  MAILCHIMP, GOOGLE_SHEETS, XERO,
                                                  QUICKBOOKS_ONLINE)}
