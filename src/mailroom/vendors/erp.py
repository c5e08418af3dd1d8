"""Dialects of ERP systems: NetSuite's SuiteTalk REST web services and SAP S/4HANA's OData
V2 APIs. Every path, parameter, header and body shape rests on the vendor's page or own
files kept beside it (docs.oracle.com's NetSuite help center; SAP's EDMX and SAP Cloud
SDK on GitHub)."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, Pull, Push

_NS_HELP = "https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/"
NETSUITE_FILTER = _NS_HELP + "section_1545222128.html"  # Record Collection Filtering
NETSUITE_PAGING = _NS_HELP + "section_156414087576.html"  # Collection Paging
NETSUITE_DATE_EXAMPLE = _NS_HELP + "section_0224115754.html"  # q=createddate AFTER "2/14/23"
NETSUITE_DATETIME = _NS_HELP + "section_157305090645.html"  # Using Datetime Fields
NETSUITE_ERRORS = _NS_HELP + "section_156570709583.html"  # Error Handling in REST
NETSUITE_TOKEN = _NS_HELP + "section_162755359851.html"  # M2M: POST to the token endpoint
NETSUITE_ASSERTION = _NS_HELP + "section_162790605110.html"  # the request token's structure
NETSUITE_UPSERT = _NS_HELP + "section_156335203191.html"  # Using the Upsert Operation
NETSUITE_EXTERNAL_IDS = _NS_HELP + "section_156334828635.html"  # Using External IDs
NETSUITE_UPDATE = _NS_HELP + "section_1545142173.html"  # Updating a Record Instance: 204
NETSUITE_AUTH = _NS_HELP + "chapter_1540809676.html"  # no login by user credentials
CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

NETSUITE = Dialect(
    id="netsuite",
    name="NetSuite",
    # REST web services take OAuth 2.0 (or token-based authentication), never a user's
    # password; the M2M token request carries a JWT client assertion, not a secret
    auth_methods=("oauth2-client-credentials", "oauth2-authorization-code"),
    token_path="/services/rest/auth/oauth2/v1/token",
    token_source=NETSUITE_TOKEN,
    client_assertion=True,
    pull=Pull(
        style="netsuite-records",
        path="/services/rest/record/v1/{RECORD_TYPE}",
        records_key="items",
        id_field="id",
        modified_field="lastModifiedDate",
        change_filter=('q=lastModifiedDate ON_OR_AFTER "<the day before the cursor\'s>" '
                       "(a date: the pages read give no time of day in a filter), then "
                       "each listed record read by its id; those older than the cursor, or "
                       "at it and already taken, are skipped"),
        paging="limit records a page, skipping offset, while hasMore is true",
        kinds=("modified-since", "full-fetch"),
        source=NETSUITE_FILTER,
    ),
    push=Push(
        style="netsuite-upsert",
        method="PUT",
        path="/services/rest/record/v1/{RECORD_TYPE}/eid:{key}",
        dedup=("an upsert by external id (eid:<the record's key>, written in the letters, "
               "digits, _ and - an external id takes): the same key again updates the "
               "record it created"),
        success=("204 with the record's address in Location, as Oracle documents a create "
                 "and an update (its upsert page shows the request only)"),
        errors="{type, title, status, o:errorDetails: [{detail, o:errorCode}]}",
        source=NETSUITE_UPSERT,
        also=(NETSUITE_EXTERNAL_IDS, NETSUITE_UPDATE, NETSUITE_ERRORS),
    ),
    constants={
        "RECORD_TYPE": ("customer", "TODO(mapping): the record type read or written "
                        "(customer, salesOrder, a customrecord_...); `customer` stands in; "
                        "the spec does not say"),
    },
    transient_status=500,
    permanent_status=400,
)

# SAP S/4HANA's OData V2 APIs. api.sap.com's pages need a login; these rest on SAP's own
# files on GitHub: the Business Partner API's EDMX (as downloaded from the API Hub into
# SAP's S/4HANA Cloud SDK book repository, which also gives the service's path) and the
# SAP Cloud SDK for JavaScript, which reads and writes these services.
_SAP_BOOK = "https://github.com/SAP-archive/cloud-s4-sdk-book/blob/"
SAP_BP_EDMX = (_SAP_BOOK + "a3847e56fb728654cabb5a188a303ee4d47eb1f8/application/edmx/"
               "API_BUSINESS_PARTNER.edmx")
SAP_BP_PATH = _SAP_BOOK + "master/docs/pages/mock-odata.md"
_SAP_SDK = "https://github.com/SAP/cloud-sdk-js/blob/main/packages/"
SAP_SDK_LITERALS = _SAP_SDK + "odata-v2/src/de-serializers/default-de-serializers.ts"
SAP_SDK_VALUES = _SAP_SDK + "odata-v2/src/de-serializers/converters.ts"
SAP_SDK_RESULTS = _SAP_SDK + "odata-v2/src/request-builder/response-data-accessor.ts"
SAP_SDK_PAGING = _SAP_SDK + "odata-common/src/request/odata-get-all-request-config.ts"
SAP_SDK_HEADERS = _SAP_SDK + "odata-common/src/request/odata-request-config.ts"
SAP_SDK_ERRORS = _SAP_SDK + "odata-common/src/request/odata-request.ts"
SAP_BASIC = ("https://learning.sap.com/courses/implementing-sap-s-4hana-cloud-public-edition/"
             "setting-up-sap-best-practices-integrations")

SAP_S4HANA = Dialect(
    id="sap-s4hana",
    name="SAP S/4HANA",
    # a communication user: a user name and password (basic) or a certificate
    auth_methods=("basic",),
    pull=Pull(
        style="sap-odata",
        path="/sap/opu/odata/sap/{SERVICE}/{ENTITY_SET}",
        records_key="d.results",
        id_field="BusinessPartner",
        modified_field="_changedAt",  # the job's own: the later of creation and last change
        change_filter=("$filter on the creation and last-change date and time "
                       "(CreationDate/CreationTime, LastChangeDate/LastChangeTime: an "
                       "Edm.DateTime day and an Edm.Time each) on or after the cursor; "
                       "those at the cursor already taken are skipped"),
        paging="$top entities a page, skipping $skip, ordered by the key, until a page "
               "comes back short",
        kinds=("modified-since", "full-fetch"),
        source=SAP_BP_EDMX,
    ),
    constants={
        "SERVICE": ("API_BUSINESS_PARTNER", "TODO(mapping): the OData service read; the "
                    "Business Partner API stands in (its entity set's change fields are the "
                    "ones the filter names); the spec does not say"),
        "ENTITY_SET": ("A_BusinessPartner", "TODO(mapping): the entity set read; "
                       "`A_BusinessPartner` stands in. Another entity set has its own key "
                       "and change fields: read them in its EDMX before changing this"),
    },
    transient_status=500,
    permanent_status=400,
)
