"""Vendor-shaped mock destinations: Salesforce's upsert by external id and DHIS2's
synchronous tracker import, with the answers and error bodies each vendor documents
(the sources, shaped the same way, are in vendor_routes.py)."""

from __future__ import annotations

import re
from typing import Any

from mailroom.simulate.auth import AuthCheck
from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.vendors import Dialect

_UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


class SObjectUpsertRoute(DestinationRoute):
    """Salesforce's sObject rows by external id: PATCH upserts; the same external id
    again updates the record it created."""

    vendor = True
    words = ("upserts by external id (201 created, 200 updated), as Salesforce documents "
             "it; errors as a JSON array of {message, errorCode}")
    duplicate_words = "repeated deliveries updated the record they created (upsert by external id)"

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        path = path.split("/{SOBJECT}")[0] + "/{object}/{field}/{value}"
        super().__init__("PATCH", path, caller, auth, faults, label)
        faults.generic = False
        self.ids: dict[str, str] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        key = params.get("value", "")
        status = self.faults.next(key)
        if status is not None:
            return salesforce_fault(status)
        if key in self.ids:
            self.duplicates.append(key)
            return Answer(200, {"id": self.ids[key], "success": True, "errors": [],
                                "created": False},
                          note="updated: this external id was upserted before")
        self.ids[key] = f"003SIM{len(self.ids) + 1:012d}"
        self.deliveries.append(Delivery(key, request.body))
        return Answer(201, {"id": self.ids[key], "success": True, "errors": [], "created": True},
                      note="created")


class TrackerImportRoute(DestinationRoute):
    """DHIS2's tracker importer: a synchronous import answers with an import report."""

    vendor = True
    words = ("imports tracker objects synchronously (async=false) and answers with an import "
             "report (status, stats, validationReport; 409 on errors), as DHIS2 documents it")
    duplicate_words = ("repeated deliveries updated the object they created (the same UID, "
                       "importStrategy CREATE_AND_UPDATE)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("POST", path, caller, auth, faults, label)
        faults.generic = False

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        if request.query.get("async") != "false":
            return Answer(200, {"httpStatus": "OK", "httpStatusCode": 200, "status": "OK",
                                "message": "Tracker job added",
                                "response": {"id": "SimJob00001"}},
                          note="an asynchronous job was queued: no import report")
        body = request.body if isinstance(request.body, dict) else {}
        strategy = request.query.get("importStrategy", "CREATE_AND_UPDATE")
        objects = [(kind, uid_field, item) for kind, uid_field in _TRACKER_TYPES
                   for item in body.get(kind) or [] if isinstance(item, dict)]
        stats = {"created": 0, "updated": 0, "deleted": 0, "ignored": 0, "total": len(objects)}
        errors: list[dict[str, Any]] = []
        fault: int | None = None
        for kind, uid_field, item in objects:
            uid = str(item.get(uid_field) or "")
            tracker_type = _TRACKER_NAMES[kind]
            status = self.faults.next(uid)
            if status is not None and status >= 500:
                fault = status
                break
            if status is not None:
                errors.append(_report(f"Could not find OrganisationUnit: `{uid}`, linked to "
                                      "Event. (injected)", "E1011", tracker_type, uid))
            elif not _UID.match(uid):
                errors.append(_report(f"Object: `{tracker_type}`, uid: `{uid}`, has an invalid "
                                      "uid format.", "E1048", tracker_type, uid))
            elif any(d.key == uid for d in self.deliveries):
                if strategy == "CREATE":
                    errors.append(_report(f"Event: `{uid}`, already exists.", "E1030",
                                          tracker_type, uid))
                else:
                    stats["updated"] += 1
                    self.duplicates.append(uid)
            else:
                stats["created"] += 1
                self.deliveries.append(Delivery(uid, item))
        if fault is not None:
            return Answer(fault, {"httpStatus": "Internal Server Error", "httpStatusCode": fault,
                                  "status": "ERROR", "message": "injected server error"},
                          note=f"injected {fault}")
        if errors:
            stats["ignored"] = len(objects) - stats["created"] - stats["updated"]
            return Answer(409, {"status": "ERROR",
                                "validationReport": {"errorReports": errors,
                                                     "warningReports": []},
                                "stats": stats},
                          note=f"import report: ERROR, {errors[0]['errorCode']}")
        note = "import report: OK, " + ", ".join(f"{n} {k}" for k, n in stats.items()
                                                 if n and k != "total")
        return Answer(200, {"status": "OK",
                            "validationReport": {"errorReports": [], "warningReports": []},
                            "stats": stats}, note=note)


_TRACKER_TYPES = (("trackedEntities", "trackedEntity"), ("enrollments", "enrollment"),
                  ("events", "event"))
_TRACKER_NAMES = {"trackedEntities": "TRACKED_ENTITY", "enrollments": "ENROLLMENT",
                  "events": "EVENT"}


def _report(message: str, code: str, tracker_type: str, uid: str) -> dict[str, Any]:
    return {"message": message, "errorCode": code, "trackerType": tracker_type, "uid": uid}


def vendor_destination(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                       faults: FaultPlan, label: str) -> DestinationRoute:
    """The vendor's write endpoint (`path`: the job's, at the spec's API version)."""
    assert dialect.push is not None
    from mailroom.simulate.vendor_writes import ROUTES
    if dialect.push.style in ROUTES:
        return ROUTES[dialect.push.style](dialect, path, caller, auth, faults, label)
    if dialect.push.style == "netsuite-upsert":
        from mailroom.simulate.vendor_netsuite import NetSuiteUpsertRoute
        return NetSuiteUpsertRoute(dialect, path, caller, auth, faults, label)
    if dialect.push.style == "hubspot-upsert":
        from mailroom.simulate.vendor_hubspot import HubSpotUpsertRoute
        return HubSpotUpsertRoute(dialect, path, caller, auth, faults, label)
    if dialect.push.style == "jira-create":
        from mailroom.simulate.vendor_jira import JiraCreateRoute
        return JiraCreateRoute(dialect, path, caller, auth, faults, label)
    if dialect.push.style == "xero-create":
        from mailroom.simulate.vendor_xero import XeroCreateRoute
        return XeroCreateRoute(dialect, path, caller, auth, faults, label)
    if dialect.push.style == "qbo-create":
        from mailroom.simulate.vendor_quickbooks import QboCreateRoute
        return QboCreateRoute(dialect, path, caller, auth, faults, label)
    if dialect.push.style == "sobject-upsert":
        return SObjectUpsertRoute(dialect, path, caller, auth, faults, label)
    return TrackerImportRoute(dialect, path, caller, auth, faults, label)


def delivery_key(dialect: Dialect | None, key: str, mapped: dict[str, Any] | None = None
                 ) -> str:
    """What a mock keys a delivery by: the upsert's external id is the record's key; a
    DHIS2 object's UID is made from it; a Mailchimp member's hash from the address in
    `mapped` (the record as the job maps it); the generic mock reads the Idempotency-Key."""
    if dialect is not None and dialect.push is not None \
            and dialect.push.style == "tracker-import":
        from mailroom.vendors.wire import dhis2_uid
        return dhis2_uid(key)
    if dialect is not None and dialect.push is not None:
        from mailroom.simulate.vendor_writes import wire_key
        found = wire_key(dialect, key, mapped)
        if found is not None:
            return found
    return key


def salesforce_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, [{"message": message, "errorCode": code}], note=f"{status} {code}")


def salesforce_fault(status: int) -> Answer:
    if status >= 500:
        return Answer(status, [{"message": "injected server error",
                                "errorCode": "UNKNOWN_EXCEPTION"}], note=f"injected {status}")
    return Answer(status, [{"message": "Required fields are missing: [TODO] (injected)",
                            "errorCode": "REQUIRED_FIELD_MISSING", "fields": []}],
                  note=f"injected permanent {status} REQUIRED_FIELD_MISSING")
