"""Dialects of ERP systems: NetSuite's SuiteTalk REST web services. Every path, parameter,
header and body shape rests on the vendor's page kept beside it (docs.oracle.com's
NetSuite help center)."""

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
