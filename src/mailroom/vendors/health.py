"""The sides of the health systems' dialects added beside the first ones (mailroom.vendors
holds DHIS2's tracker import and CommCare's form API): DHIS2 as a source, read through its
tracker export. Every path, parameter and body shape rests on the page kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Pull

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
