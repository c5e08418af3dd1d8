"""Dialects of systems read by a search request: HubSpot's CRM search (and its batch
upsert by a unique property) and Jira's JQL search (and its create issue). Every path,
parameter, header and body shape rests on the vendor's page or published OpenAPI file
kept beside it."""

from __future__ import annotations

from mailroom.vendors.lookups_more import HUBSPOT_LOOKUP
from mailroom.vendors.model import Dialect, KeyAuth, Pull, Push
from mailroom.vendors.webhooks import HUBSPOT_SIGNING

HUBSPOT_SEARCH = "https://developers.hubspot.com/docs/api-reference/search/guide"
HUBSPOT_UPSERT = ("https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/"
                  "contacts/batch/upsert-contacts")
HUBSPOT_OPENAPI = ("https://github.com/HubSpot/HubSpot-public-api-spec-collection/blob/main/"
                   "PublicApiSpecs/CRM/Contacts/Rollouts/424/v3/contacts.json")
HUBSPOT_RESULTS_CAP = 10000  # "limited to 10,000 total results for any given query"

HUBSPOT = Dialect(
    id="hubspot",
    name="HubSpot",
    # A private app's access token, as Bearer (the search guide's own requests send
    # "authorization: Bearer YOUR_ACCESS_TOKEN"); an OAuth access token goes the same way.
    key_auth=KeyAuth("Authorization", "Bearer ", ("apiKey",),
                     "a HubSpot private app's access token", HUBSPOT_SEARCH),
    pull=Pull(
        style="hubspot-search",
        path="/crm/v3/objects/{OBJECT_TYPE}/search",
        records_key="results",
        id_field="id",
        modified_field="updatedAt",
        change_filter=("the CRM search: POST with a filter on the last-modified property "
                       "(lastmodifieddate for contacts, hs_lastmodifieddate for other "
                       "objects) GTE the cursor in milliseconds, sorted by it ascending; the "
                       "objects at the cursor's moment already taken are skipped"),
        paging=("limit objects a page (200 at most), then the answer's paging.next.after "
                "until it has none; a search gives at most 10,000 results in all (a page "
                "beyond them is refused with 400)"),
        kinds=("modified-since",),
        source=HUBSPOT_SEARCH,
    ),
    push=Push(
        style="hubspot-upsert",
        method="POST",
        path="/crm/v3/objects/{OBJECT_TYPE}/batch/upsert",
        dedup=("a batch upsert by a unique property (idProperty): the same key again "
               "updates the object it created"),
        success=("200 with status COMPLETE and the object in results (new: true when it "
                 "was created, false when it was updated); 207 with errors for inputs it "
                 "could not take"),
        errors="{message, correlationId, category}, with context, errors and links where given",
        source=HUBSPOT_UPSERT,
    ),
    lookup=HUBSPOT_LOOKUP,
    constants={
        "OBJECT_TYPE": ("contacts", "TODO(mapping): the CRM object read or written "
                        "(contacts, companies, deals, tickets, or a custom object's type); "
                        "`contacts` stands in; the spec does not say"),
        "MODIFIED_PROPERTY": ("lastmodifieddate", "TODO(mapping): the object's last-modified "
                              "property: lastmodifieddate for contacts, hs_lastmodifieddate "
                              "for companies, deals, tickets and most other objects; it "
                              "changes with OBJECT_TYPE"),
        "ID_PROPERTY": ("TODO_mailroom_key", "TODO(id): a property of the object whose "
                        "values are unique (a custom property set to require unique values), "
                        "which holds the record's key; the spec does not name one"),
    },
    transient_status=500,
    permanent_status=400,
    signing=HUBSPOT_SIGNING,  # its webhooks' v3 signature (vendors/webhooks.py)
)

JIRA_SEARCH = ("https://developer.atlassian.com/cloud/jira/platform/rest/v3/"
               "api-group-issue-search/#api-rest-api-3-search-jql-get")
JIRA_CREATE = ("https://developer.atlassian.com/cloud/jira/platform/rest/v3/"
               "api-group-issues/#api-rest-api-3-issue-post")
JIRA_OPENAPI = "https://dac-static.atlassian.com/cloud/jira/platform/swagger-v3.v3.json"
JIRA_JQL_DATES = "https://support.atlassian.com/jira-software-cloud/docs/jql-fields/"
JIRA_BASIC_AUTH = "https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/"

JIRA = Dialect(
    id="jira",
    name="Jira",
    # HTTP Basic with the Atlassian account's e-mail address as the user name and an API
    # token as the password (the spec's `basic` method: username and password).
    pull=Pull(
        style="jira-jql",
        path="/rest/api/3/search/jql",
        records_key="issues",
        id_field="id",
        modified_field="fields.updated",
        change_filter=("a JQL search: project = <key> AND updated >= \"<the cursor's minute, "
                       "yyyy-MM-dd HH:mm, in the API user's time zone>\" ORDER BY updated "
                       "ASC, key ASC; JQL dates go to the minute, so the issues of the "
                       "cursor's minute already taken are skipped"),
        paging=("maxResults issues a page, then the answer's nextPageToken until it has none "
                "(isLast)"),
        kinds=("modified-since",),
        source=JIRA_SEARCH,
    ),
    push=Push(
        style="jira-create",
        method="POST",
        path="/rest/api/3/issue",
        dedup=("none: Jira has no create-or-update by an external key, so a repeated "
               "delivery creates a second issue (a TODO(id) in the job); the record's key "
               "is kept on the issue in an issue property"),
        success="201 with the new issue's {id, key, self}",
        errors="{errorMessages, errors} (an ErrorCollection)",
        source=JIRA_CREATE,
    ),
    constants={
        "PROJECT_KEY": ("TODO", "TODO(mapping): the key of the Jira project the issues are "
                        "read from or created in; the spec does not name it (a JQL search "
                        "must be bounded: the project restricts it)"),
        "ISSUE_TYPE": ("Task", "TODO(mapping): the issue type created issues get; `Task` "
                       "stands in; the spec does not say"),
        "USER_TIME_ZONE": ("UTC", "TODO(verify): the time zone of the Jira user whose token "
                           "the job uses (JQL reads dates in it); `UTC` stands in"),
        "KEY_PROPERTY": ("mailroom.key", "The issue property that keeps the record's key on "
                         "the issue it became"),
    },
    transient_status=500,
    permanent_status=400,
)
