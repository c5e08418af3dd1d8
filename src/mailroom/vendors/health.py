"""The sides of the health systems' dialects added beside the first ones (mailroom.vendors
holds DHIS2's tracker import and CommCare's form API): DHIS2 as a source, read through its
tracker export, and CommCare as a destination, written through its Case Data API v2. Every
path, parameter and body shape rests on the page kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Pull, Push

DHIS2_TRACKER = "https://github.com/dhis2/dhis2-docs/blob/master/src/developer/web-api/tracker.md"
DHIS2_EXPORT = DHIS2_TRACKER + "#webapi_tracker_export"

# tracker.md, "Tracker export": GET /api/tracker/trackedEntities, /api/tracker/events and
# /api/tracker/enrollments, "page ... Page number to return. Defaults to 1", "pageSize ...
# Defaults to 50", "totalPages ... Defaults to `false` as getting the totals is an expensive
# operation"; the answer's "pager": {"page", "pageSize"} beside the objects under their own
# name ("events": [...]). updatedAfter (DateTime, ISO-8601): "Filter for events which were
# updated after this date" (trackedEntities: "Start date and time for last updated").
# program is mandatory for events and enrollments; trackedEntities want program (or a
# tracked entity type) and an organisation unit (or orgUnitMode=ALL). Errors come as the
# Web API's message, {httpStatus, httpStatusCode, status, message} (the ID-schemes section).
DHIS2_TRACKER_EXPORT = Pull(
    style="tracker-export",
    path="/api/tracker/{OBJECTS}",
    records_key="events",  # the objects' own name: OBJECTS' stand-in
    id_field="event",  # each object's UID field: event, trackedEntity or enrollment
    modified_field="updatedAt",
    change_filter=("updatedAfter the cursor (the latest updatedAt taken, as DHIS2 wrote it), "
                   "ordered by updatedAt:asc; whether 'after' takes the cursor's own "
                   "moment is not said, so the objects at it already taken are skipped"),
    paging=("page and pageSize (totalPages not asked for: DHIS2 calls the count expensive), "
            "until a page holds fewer than pageSize objects; the answer's pager says "
            "{page, pageSize}"),
    kinds=("modified-since", "full-fetch"),
    source=DHIS2_EXPORT,
    constants={
        "OBJECTS": ("events", "TODO(mapping): which tracker objects are read "
                    "(trackedEntities, enrollments or events); `events` stands in. Their "
                    "UID field (event, trackedEntity, enrollment) names each record: the "
                    "next step's idempotencyKey reads record.event, change it too"),
        "PROGRAM": ("TODO_program", "TODO(path): the UID of the program whose objects are "
                    "read (mandatory for events and enrollments); the spec does not name it"),
        "ORG_UNIT": ("TODO_org_unit", "TODO(path): the UID of the organisation unit whose "
                     "objects are read; the spec does not name it"),
        "ORG_UNIT_MODE": ("DESCENDANTS", "TODO(decide): which organisation units count "
                          "(SELECTED, CHILDREN, DESCENDANTS, ACCESSIBLE, CAPTURE, ALL); "
                          "DESCENDANTS (the unit and every unit under it) stands in"),
    },
)

COMMCARE_CASES = ("https://github.com/dimagi/commcare-hq/blob/master/docs/api/cases-v2.rst"
                  "#update-existing-case")
COMMCARE_CASES_OPENAPI = ("https://github.com/dimagi/commcare-hq/blob/master/docs/api/openapi/"
                          "paths/case-v2.yaml")

# cases-v2.rst, "Update Existing Case": PUT /a/<domain>/api/case/v2/ext/<ext_id>/ "If the
# case is identified by its external ID, then it will be updated if it is found, and
# created if it is not found. (In other words, PUT by external ID is an upsert
# operation.)"; case_type, case_name and owner_id "Required for new cases, optional for
# updates"; "All values other than close must be string types, including property
# values"; the answer {xform_id, case}. The OpenAPI file: "The same status is returned
# whether the case was created or updated" (200), errors as {"error": ...} with a 400.
COMMCARE_CASE_UPSERT = Push(
    style="commcare-case-upsert",
    method="PUT",
    path="/a/{DOMAIN}/api/case/v2/ext/{key}/",
    dedup=("an upsert by external id (the Case Data API v2): the external id is the "
           "record's key, so the same key again updates the case it created"),
    success="200 with {xform_id, case}, whether the case was created or updated",
    errors="400 with {error} (a failure while the form is processed adds form_id)",
    source=COMMCARE_CASES,
    also=(COMMCARE_CASES_OPENAPI,),
    constants={
        "CASE_TYPE": ("TODO_case_type", "TODO(mapping): the case type these records become "
                      "(required when a case is created); the spec does not say"),
        "OWNER_ID": ("TODO_owner_id", "TODO(mapping): the UUID of the mobile worker, group "
                     "or location that owns a new case (required when one is created; "
                     "CommCare does not check it); the spec does not name one"),
        "CASE_NAME_FIELD": ("case_name", "TODO(mapping): the mapped field that names the "
                            "case (case_name, required when a case is created); `case_name` "
                            "stands in, and where a record has none its key names the case"),
    },
)
