"""Dialects of data-collection servers whose description lives apart from
mailroom.vendors (which gathers them into DIALECTS): KoboToolbox's data endpoint.
Every path, parameter and header rests on the vendor's page kept beside it."""

from __future__ import annotations

from mailroom.vendors.form_writes import KOBO_SUBMISSION
from mailroom.vendors.model import Dialect, KeyAuth, Pull

KOBO_DATA = "https://github.com/kobotoolbox/kpi/blob/main/kpi/views/v2/data.py"

KOBOTOOLBOX = Dialect(
    id="kobotoolbox",
    name="KoboToolbox",
    key_auth=KeyAuth("Authorization", "Token ", ("apiKey",), "a KoboToolbox API token",
                     "https://support.kobotoolbox.org/migrating_api.html"),
    pull=Pull(
        style="kobo-data",
        path="/api/v2/assets/{ASSET_UID}/data/",
        records_key="results",
        id_field="_id",
        modified_field="_submission_time",
        change_filter=('query={"_submission_time": {"$gte": the cursor}} (a MongoDB-style '
                       "query): submissions received on or after it; the submissions of the "
                       "cursor's second already taken are skipped. An edit does not change "
                       "_submission_time: edited submissions are not pulled again"),
        paging="limit, then the start of the answer's next link, until next is null",
        kinds=("modified-since",),
        source=KOBO_DATA,
    ),
    push=KOBO_SUBMISSION,
    adaptor="@openfn/language-kobotoolbox",
    # language-kobotoolbox's getSubmissions calls the same endpoint, `query` as JSON, and
    # pages by the start of `next` (packages/kobotoolbox/src/util.js).
    # It has no write: its operations are getForms, getSubmissions and getDeploymentInfo.
    operations={"poll": "getSubmissions(formId, { query: { _submission_time: { $gte } } })",
                "push": "none: its operations only read (getForms, getSubmissions, "
                        "getDeploymentInfo); stay on language-http"},
    constants={
        "ASSET_UID": ("TODO_asset_uid", "TODO(path): the project's asset UID (after forms/ "
                      "in its summary page's URL; a submission's form id_string too); the "
                      "spec does not name it"),
    },
    transient_status=500,
    permanent_status=400,
)
