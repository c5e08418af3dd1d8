"""Dialects of e-mail marketing platforms: Mailchimp's Marketing API (3.0). Every path,
parameter and header rests on the page or the vendor's own library kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, Pull

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
    adaptor="@openfn/language-mailchimp",
    # language-mailchimp's listMembers calls the SDK's getListMembersInfo, its options as
    # given (packages/mailchimp/src/Adaptor.js).
    operations={"poll": "listMembers({ listId, since_last_changed, count, offset })"},
    constants={
        "LIST_ID": ("TODO_list", "TODO(path): the audience's list id; the spec does not name "
                    "it"),
    },
    transient_status=500,
    permanent_status=400,
)
