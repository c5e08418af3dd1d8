"""The write side of dialects whose read side lives beside them (marketing.py, tables.py,
...): how a record is delivered into the vendor so that sending it twice stores it once,
or, where the vendor has no such write, what a repeat does. Every path, parameter,
header and body shape rests on the vendor's page or own library kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Push

MAILCHIMP_SDK = ("https://github.com/mailchimp/mailchimp-marketing-python/blob/master/"
                 "mailchimp_marketing/api/lists_api.py")
MAILCHIMP_PUT = ("https://mailchimp.com/developer/marketing/api/list-members/"
                 "add-or-update-list-member/")
MAILCHIMP_ERRORS = "https://mailchimp.com/developer/marketing/docs/errors/"

# lists_api.py, set_list_member: "Add or update a list member", PUT
# '/lists/{list_id}/members/{subscriber_hash}', the hash "The MD5 hash of the lowercase
# version of the list member's email address"; the body's status_if_new is "required only
# if the email address is not already present on the list" (the API reference's words).
MAILCHIMP_MEMBER_PUT = Push(
    style="mailchimp-member",
    method="PUT",
    path="/3.0/lists/{LIST_ID}/members/{subscriber_hash}",
    dedup=("an upsert by the member's address: the path holds the MD5 hash of the "
           "lower-cased e-mail address, so the same address again updates the member it "
           "added (status_if_new applies only to a new member)"),
    success="200 with the member (its id the same hash)",
    errors="problem details {type, title, status, detail, instance}",
    source=MAILCHIMP_SDK,
    also=(MAILCHIMP_PUT, MAILCHIMP_ERRORS),
    constants={
        "EMAIL_FIELD": ("email_address", "TODO(mapping): the mapped field holding the "
                        "member's e-mail address, which Mailchimp keys a member by; "
                        "`email_address` stands in. The other mapped fields are sent as "
                        "merge fields (by their merge tags: FNAME, LNAME, ...)"),
        "STATUS_IF_NEW": ("pending", "TODO(decide): the status a new member gets "
                          "(subscribed, pending, unsubscribed, ...); the spec does not say "
                          "whether these people agreed to be e-mailed, so `pending` (not yet "
                          "confirmed) stands in. A member already on the list keeps theirs"),
    },
)

AIRTABLE_UPDATE = "https://airtable.com/developers/web/api/update-multiple-records"

# "Updates up to 10 records, or upserts them when performUpsert is set": "Records that do
# not include id will use the fields chosen by fieldsToMergeOn as an external ID to match
# with existing records" (zero matches: created; one: updated; several: the request fails).
AIRTABLE_UPSERT = Push(
    style="airtable-upsert",
    method="PATCH",
    path="/v0/{BASE_ID}/{TABLE}",
    dedup=("an upsert: performUpsert.fieldsToMergeOn names the field holding the record's "
           "key, so the same key again updates the record it created (createdRecords, "
           "updatedRecords say which)"),
    success="200 with records, createdRecords and updatedRecords",
    errors="{error: {type, message}}",
    source=AIRTABLE_UPDATE,
    constants={
        "KEY_FIELD": ("mailroom_key", "TODO(id): a text field of the table that holds each "
                      "record's key, which Airtable merges on (performUpsert.fieldsToMergeOn); "
                      "the spec does not name one. It must be unique in the table: two rows "
                      "with the same key make Airtable refuse the request"),
    },
)

DATAVERSE_CONDITIONAL = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                         "webapi/perform-conditional-operations-using-web-api")
DATAVERSE_ALTERNATE_KEY = ("https://learn.microsoft.com/en-us/power-apps/developer/"
                           "data-platform/use-alternate-key-reference-record")
DATAVERSE_UPSERT = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                    "use-upsert-insert-update-record")

# "An upsert ordinarily operates by creating a record if it doesn't exist; otherwise, it
# updates an existing record." If-Match: * prevents the create (404 when the record is not
# found), If-None-Match: * the update (412, "A record with matching key values already
# exists."); a found record answers 204 No Content (perform-conditional-operations).
DATAVERSE_KEY_UPSERT = Push(
    style="dataverse-upsert",
    method="PATCH",
    path="/api/data/v9.2/{ENTITY_SET}({KEY_COLUMN}='{key}')",
    dedup=("an upsert by alternate key: PATCH to the row named by the key column's value, "
           "with neither If-Match nor If-None-Match, so the same key again updates the row "
           "it created"),
    success="204 No Content, created or updated",
    errors="{error: {code, message}}",
    source=DATAVERSE_CONDITIONAL,
    also=(DATAVERSE_UPSERT, DATAVERSE_ALTERNATE_KEY),
    constants={
        "KEY_COLUMN": ("mailroom_key", "TODO(id): a text column of the table, defined as "
                       "an alternate key (and Active), that holds each record's key; the spec "
                       "does not name one"),
    },
)

STRIPE_IDEMPOTENCY = "https://docs.stripe.com/api/idempotent_requests"
STRIPE_ERRORS = "https://docs.stripe.com/api/errors"

# "Stripe's idempotency works by saving the resulting status code and body of the first
# request made for any given idempotency key, regardless of whether it succeeds or fails.
# Subsequent requests with the same key return the same result, including 500 errors."
# "You can remove keys from the system automatically after they're at least 24 hours old.
# We generate a new request if a key is reused after the original is pruned." "We save
# results only after the execution of an endpoint begins." Keys are up to 255 characters.
STRIPE_CREATE = Push(
    style="stripe-create",
    method="POST",
    path="/v1/{RESOURCE}",
    dedup=("the Idempotency-Key header: Stripe saves the first answer for a key and gives "
           "it again to a repeat with the same key and parameters, for at least 24 hours; "
           "a repeat after the key is pruned creates a second object"),
    success="200 with the object created",
    errors="{error: {type, message, ...}}",
    source=STRIPE_IDEMPOTENCY,
    also=(STRIPE_ERRORS,),
    constants={
        "RESOURCE": ("customers", "TODO(mapping): the Stripe objects these records become, "
                     "by their create endpoint's name (customers, products, invoiceitems, "
                     "...); `customers` stands in; the spec does not say"),
    },
)

SHEETS_APPEND = ("https://developers.google.com/workspace/sheets/api/reference/rest/v4/"
                 "spreadsheets.values/append")

# "Appends values to a spreadsheet. The input range is used to search for existing data
# and find a "table" within that range. Values will be appended to the next row of the
# table". The API has no key to merge on: every append adds rows.
GOOGLE_SHEETS_APPEND = Push(
    style="sheets-append",
    method="POST",
    path="/v4/spreadsheets/{SPREADSHEET_ID}/values/{RANGE}:append",
    dedup=("none in Sheets: every append adds a row. The job reads the range first "
           "(values.get) and skips a record whose key is already in its first column; two "
           "runs at the same moment could still both append it"),
    success="200 with tableRange and updates (updatedRange, updatedRows, ...)",
    errors="{error: {code, message, status}}",
    source=SHEETS_APPEND,
    constants={
        "VALUE_INPUT_OPTION": ("RAW", "TODO(decide): how Sheets takes the values: RAW stores "
                               "them as sent; USER_ENTERED parses them as if typed (numbers, "
                               "dates, and a value starting with = becomes a formula). RAW "
                               "stands in: the records' texts never run as formulas"),
    },
)

ZENDESK_USERS = ("https://developer.zendesk.com/api-reference/ticketing/users/users/"
                 "#create-or-update-user")
# Zendesk's own client reads an error's body["details"] || body["description"]
ZENDESK_ERRORS = ("https://github.com/zendesk/zendesk_api_client_rb/blob/main/lib/zendesk_api/"
                  "error.rb")

# "Creates a user if the user does not already exist, or updates an existing user
# identified by e-mail address or external ID." "If the user exists in Zendesk, a
# successful request returns a 200 status code ... If the user does not exist in Zendesk,
# a successful request returns a 201 status code" (Zendesk's reference for the endpoint);
# "the search for the user record is not case sensitive" for an external id.
ZENDESK_USER_UPSERT = Push(
    style="zendesk-user-upsert",
    method="POST",
    path="/api/v2/users/create_or_update",
    dedup=("an upsert of users by external_id (the record's key): the same key again "
           "updates the user it created (200, not 201); Zendesk matches external ids "
           "without regard to case"),
    success="201 when it created the user, 200 when it updated one, with {user}",
    errors="{error, description, details}",
    source=ZENDESK_USERS,
    also=(ZENDESK_ERRORS,),
)

SERVICENOW_TABLE_API = ("https://github.com/ServiceNow/ServiceNowDocs/blob/australia/markdown/"
                        "api-reference/rest-apis/c_TableAPI.md")

# "Table - POST /now/table/{tableName}: Inserts one record in the specified table"; 201
# "Indicates that the request completed successfully", the new record under `result`. The
# Table API has no upsert: a record sent twice is inserted twice.
SERVICENOW_INSERT = Push(
    style="servicenow-insert",
    method="POST",
    path="/api/now/table/{TABLE}",
    dedup=("none in the Table API, which only inserts: the job first asks for a record whose "
           "key field holds the record's key (GET with sysparm_query=<field>=<key>) and "
           "inserts only when there is none; two runs at the same moment could both insert"),
    success="201 with the new record under result",
    errors="an error status (the body's shape not modelled)",
    source=SERVICENOW_TABLE_API,
    constants={
        "KEY_FIELD": ("correlation_id", "TODO(id): a field of the table that holds each "
                      "record's key, which the job looks up before inserting; correlation_id "
                      "(on task tables such as incident) stands in; the spec does not name "
                      "one"),
    },
)

WOO_CUSTOMERS = "https://woocommerce.github.io/woocommerce-rest-api-docs/#create-a-customer"
WOO_CUSTOMER_LIST = ("https://woocommerce.github.io/woocommerce-rest-api-docs/"
                     "#list-all-customers")

# "Create a customer": POST /wp-json/wc/v3/customers, the email "mandatory"; list all
# customers takes `email` ("Limit result set to resources with a specific email") and
# `role` (default customer; all for every role). The REST API has no upsert.
WOOCOMMERCE_CUSTOMER = Push(
    style="woocommerce-customer",
    method="POST",
    path="/wp-json/wc/v3/customers",
    dedup=("none in the REST API, which creates: the job first lists the customers with the "
           "record's e-mail address (email=<address>&role=all) and creates one only when there "
           "is none; two runs at the same moment could both create one"),
    success="201 with the customer",
    errors="{code, message, data: {status}}",
    source=WOO_CUSTOMERS,
    also=(WOO_CUSTOMER_LIST,),
)
