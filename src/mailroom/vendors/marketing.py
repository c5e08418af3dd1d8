"""Dialects of e-mail marketing platforms: Mailchimp's Marketing API (3.0). Every path,
parameter and header rests on the page or the vendor's own library kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, Pull
from mailroom.vendors.writes import MAILCHIMP_MEMBER_PUT

MAILCHIMP_SDK = ("https://github.com/mailchimp/mailchimp-marketing-python/blob/master/"
                 "mailchimp_marketing/api/lists_api.py")
MAILCHIMP_AUTH = ("https://github.com/mailchimp/mailchimp-marketing-python/blob/master/"
                  "mailchimp_marketing/api_client.py")
MAILCHIMP_ERRORS = "https://mailchimp.com/developer/marketing/docs/errors/"

MAILCHIMP = Dialect(
    id="mailchimp",
    name="Mailchimp",
    pull=Pull(
        style="mailchimp-members",
        path="/3.0/lists/{LIST_ID}/members",
        records_key="members",
        id_field="id",
        modified_field="last_changed",
        change_filter=("since_last_changed=<cursor>: the members whose information changed "
                       "after the latest last_changed taken"),
        paging="count members a page (1000 at most), skipping offset, until a page comes back "
               "short",
        kinds=("modified-since",),
        source=MAILCHIMP_SDK,
    ),
    push=MAILCHIMP_MEMBER_PUT,
    adaptor="@openfn/language-mailchimp",
    # language-mailchimp's listMembers calls the SDK's getListMembersInfo, its options as
    # given; its upsertMembers calls batchListMembers (POST /lists/<list id>, members with
    # update_existing: true), and request() any path (packages/mailchimp/src/Adaptor.js).
    operations={"poll": "listMembers({ listId, since_last_changed, count, offset })",
                "push": "request('PUT', '/lists/<list id>/members/<hash>', { body }) (this "
                        "very call), or upsertMembers({ listId, users }) (the batch "
                        "endpoint, update_existing)"},
    constants={
        "LIST_ID": ("TODO_list", "TODO(path): the audience's list id; the spec does not name "
                    "it"),
    },
    transient_status=500,
    permanent_status=400,
)
