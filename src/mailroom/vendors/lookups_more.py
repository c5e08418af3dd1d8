"""More real-time lookups in the vendor's dialect (see vendors/lookups.py): HubSpot's read
of one CRM object, Zendesk's search of users by external_id, Dataverse's read of a row by
alternate key. Each rests on the vendor's page or published OpenAPI file kept beside it;
the mocks are in simulate/vendor_lookups_more.py."""

from __future__ import annotations

from mailroom.vendors.model import Lookup

HUBSPOT_OBJECTS_OPENAPI = ("https://github.com/HubSpot/HubSpot-public-api-spec-collection/"
                           "blob/main/PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/"
                           "contacts.json")
HUBSPOT_OBJECTS_GUIDE = "https://developers.hubspot.com/docs/guides/api/crm/objects/contacts"

# contacts.json, GET /crm/v3/objects/contacts/{contactId}: "Retrieve a contact by its ID
# (`contactId`) or by a unique property (`idProperty`). You can specify what is returned
# using the `properties` query parameter."; properties: "A comma separated list of the
# properties to be returned in the response. If any of the specified properties are not
# present on the requested object(s), they will be ignored."; 200: SimplePublicObject
# WithAssociations {id, properties, createdAt, updatedAt, archived, ...}; any other status:
# components/responses/Error, {message, correlationId, category} (subCategory, context,
# errors, links where given). The file gives no 404 of its own: the category is not
# documented for it. The HubSpot upsert keys on ID_PROPERTY, so the lookup reads by it.
HUBSPOT_LOOKUP = Lookup(
    style="hubspot-object",
    method="GET",
    path="/crm/v3/objects/{OBJECT_TYPE}/{id}",
    record=("{ id, properties: { <property>: <value>, ... }, createdAt, updatedAt, "
            "archived }: the properties asked for in properties=<comma-separated names> "
            "(SimplePublicObjectWithAssociations)"),
    not_found_status=404,
    not_found=("HubSpot's error: {message, correlationId, category}; the OpenAPI file "
               "documents no category for a 404 (the mock's is its own)"),
    source=HUBSPOT_OBJECTS_OPENAPI,
    also=(HUBSPOT_OBJECTS_GUIDE,),
)

ZENDESK_SEARCH_USERS = ("https://developer.zendesk.com/api-reference/ticketing/users/users/"
                        "#search-users")

# users.md, "Search Users", GET /api/v2/users/search: "Returns an array of users who meet
# the search criteria"; external_id (query): "The `external_id` parameter does not support
# the search syntax. It only accepts ids."; cURL: -u {email_address}/token:{api_token}.
# The Zendesk push matches users on external_id (create_or_update), so the lookup reads by
# it; a key Zendesk does not know is not an error: the array is empty.
ZENDESK_LOOKUP = Lookup(
    style="zendesk-user-search",
    method="GET",
    path="/api/v2/users/search",
    record=("{ users: [{ id, external_id, name, email, ... }] }: the users whose external_id "
            "is the key; the job takes the first"),
    not_found_status=200,
    not_found="200 with { users: [] }: the search finds no user",
    source=ZENDESK_SEARCH_USERS,
)

DATAVERSE_RETRIEVE = ("https://learn.microsoft.com/en-us/power-apps/developer/data-platform/"
                      "webapi/retrieve-entity-using-web-api")
DATAVERSE_KEY_REFERENCE = ("https://learn.microsoft.com/en-us/power-apps/developer/"
                           "data-platform/use-alternate-key-reference-record")
DATAVERSE_CLIENT_ERRORS = ("https://learn.microsoft.com/en-us/troubleshoot/power-platform/"
                           "dataverse/dataverse-web-api-and-sdk/web-api-client-errors")

# retrieve-entity-using-web-api: GET <entity set>(<key>)?$select=<columns>; use-alternate-
# key-reference-record: "With single alternate key | /accounts(accountnumber='ABC123')";
# the Dataverse upsert (writes.DATAVERSE_KEY_UPSERT) names each row by KEY_COLUMN, so the
# lookup reads by it. web-api-client-errors: a 404 answers {"error": {"code": ...,
# "message": ...}}; the code for a row no key names is not given there (the mock's own).
DATAVERSE_LOOKUP = Lookup(
    style="dataverse-retrieve",
    method="GET",
    path="/api/data/v9.2/{ENTITY_SET}({KEY_COLUMN}='{id}')",
    record=("{ @odata.etag, <primary key column>, <column>: <value>, ... }: the columns "
            "asked for in $select=<comma-separated names>"),
    not_found_status=404,
    not_found=("{error: {code, message}}; the code for a row no key names is not documented "
               "(the mock's own)"),
    source=DATAVERSE_RETRIEVE,
    also=(DATAVERSE_KEY_REFERENCE, DATAVERSE_CLIENT_ERRORS),
)
