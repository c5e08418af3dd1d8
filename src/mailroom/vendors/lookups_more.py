"""More real-time lookups in the vendor's dialect (see vendors/lookups.py): HubSpot's read
of one CRM object. Each rests on the vendor's page or published OpenAPI file kept beside
it; the mocks are in simulate/vendor_lookups_more.py."""

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
