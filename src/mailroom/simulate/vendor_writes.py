"""Vendor-shaped destinations for the write side of dialects read elsewhere (the
descriptions are in mailroom.vendors.writes): the mock's route, answering as the
vendor documents it, and the Python engine's delivery of one record, request for request
what the job template (templates/stub/vendors/<style>.js.j2) does."""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from typing import TYPE_CHECKING, Any

import mailroom.simulate.vendor_bamboohr_create as bamboohr_create
import mailroom.simulate.vendor_commcare as commcare
import mailroom.simulate.vendor_kobo_submissions as kobo_submissions
import mailroom.simulate.vendor_odk_submissions as odk_submissions
import mailroom.simulate.vendor_odoo as odoo
import mailroom.simulate.vendor_payments as payments
import mailroom.simulate.vendor_servicenow_insert as servicenow_insert
import mailroom.simulate.vendor_sheets_append as sheets_append
import mailroom.simulate.vendor_slack as slack
import mailroom.simulate.vendor_woo_customers as woo_customers
import mailroom.simulate.vendor_zendesk_users as zendesk_users
from mailroom.simulate.mocks import Answer, FaultPlan, Request
from mailroom.simulate.routes import Delivery, DestinationRoute
from mailroom.simulate.step_tools import HttpAnswer, js_string, reason_of, send_with_retries
from mailroom.simulate.vendor_airtable import airtable_error
from mailroom.simulate.vendor_dataverse import dataverse_error
from mailroom.simulate.vendor_mailchimp import mailchimp_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from mailroom.simulate.auth import AuthCheck
    from mailroom.simulate.step_tools import Context
    from mailroom.stub.plan import Step
    from mailroom.vendors import Dialect


def subscriber_hash(address: str) -> str:
    """Mailchimp's subscriber hash: the MD5 of the lower-cased e-mail address."""
    return hashlib.md5(address.lower().encode()).hexdigest()


def push_constant(dialect: Dialect, name: str) -> str:
    assert dialect.push is not None
    return dialect.push.constants[name][0]


# -- Mailchimp: add or update a list member ----------------------------------------------


def mailchimp_member(dialect: Dialect, mapped: dict[str, Any]) -> dict[str, Any]:
    """The job's memberOf(): the address, status_if_new, the rest as merge fields."""
    email_field = push_constant(dialect, "EMAIL_FIELD")
    merge = {k: v for k, v in mapped.items() if k != email_field}
    member: dict[str, Any] = {"email_address": mapped.get(email_field),
                              "status_if_new": push_constant(dialect, "STATUS_IF_NEW"),
                              "merge_fields": merge}
    return member


class MailchimpMemberRoute(DestinationRoute):
    """Mailchimp's PUT /3.0/lists/{list_id}/members/{subscriber_hash}: adds the member, or
    updates the one the same address added."""

    vendor = True
    words = ("adds or updates a list member by the MD5 hash of the lower-cased address "
             "(PUT, an upsert; status_if_new for a new member), as Mailchimp's library and "
             "API reference document it; errors as problem details {type, title, status, "
             "detail, instance}")
    duplicate_words = ("repeated deliveries updated the member they added (PUT by subscriber "
                       "hash, an upsert)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("PUT", "/3.0/lists/{list_id}/members/{subscriber_hash}", caller, auth,
                         faults, label)
        faults.generic = False
        self.members: dict[str, dict[str, Any]] = {}

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        digest = params.get("subscriber_hash", "")
        body = request.body if isinstance(request.body, dict) else {}
        address = body.get("email_address")
        if not isinstance(address, str) or subscriber_hash(address) != digest:
            return mailchimp_error(400, "Invalid Resource",
                                   "the path's subscriber hash is not the MD5 of the body's "
                                   "lower-cased email_address (mock)")
        status = self.faults.next(digest)
        if status is not None and status >= 500:
            return mailchimp_error(status, "Internal Server Error", "injected")
        if status is not None:
            refused = mailchimp_error(status, "Invalid Resource",
                                      f"{address} looks fake or invalid, please enter a real "
                                      "email address. (injected)")
            refused.note = f"injected permanent {status}: Invalid Resource"
            return refused
        known = self.members.get(digest)
        if known is None and body.get("status_if_new") is None and body.get("status") is None:
            return mailchimp_error(400, "Invalid Resource",
                                   "a new member needs status_if_new (mock)")
        member = {"id": digest, "email_address": address, "list_id": params.get("list_id"),
                  "status": (known or {}).get("status") or body.get("status_if_new"),
                  "merge_fields": {**(known or {}).get("merge_fields", {}),
                                   **(body.get("merge_fields") or {})}}
        self.members[digest] = member
        if known is not None:
            self.duplicates.append(digest)
            return Answer(200, member, note="updated: a member with this address was there")
        self.deliveries.append(Delivery(digest, request.body))
        return Answer(200, member, note=f"added, status {member['status']}")


def push_mailchimp(context: Context, step: Step, key: str, body: Any,
                   headers: dict[str, str], settings: dict[str, Any]
                   ) -> tuple[HttpAnswer, bool, str]:
    """One record as a member: PUT by subscriber hash; no address, no request."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    member = mailchimp_member(dialect, body if isinstance(body, dict) else {})
    address = member["email_address"]
    if not isinstance(address, str) or not address:
        field = push_constant(dialect, "EMAIL_FIELD")
        return (HttpAnswer(0, {}, None, attempts=0), False,
                f"no e-mail address in {field}: Mailchimp keys a member by it")
    list_id = _component(dialect.constants["LIST_ID"][0])
    path = f"/3.0/lists/{list_id}/members/{subscriber_hash(address)}"
    answer = send_with_retries("PUT", context.base_url + path, settings, context.deadline,
                               body=member, headers=headers)
    return answer, 200 <= answer.status < 300, _problem_reason(answer)


def _problem_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "title" in body and "detail" in body:
        return f"{js_string(body['title'])}: {js_string(body['detail'])}"
    return reason_of(answer)


# -- Airtable: update records with performUpsert ----------------------------------------


class AirtableUpsertRoute(DestinationRoute):
    """Airtable's PATCH /v0/{baseId}/{tableIdOrName} with performUpsert: up to 10 records,
    matched on fieldsToMergeOn; a match is updated, none is created."""

    vendor = True
    words = ("upserts up to 10 records a request, matched on performUpsert.fieldsToMergeOn "
             "(createdRecords, updatedRecords), as Airtable documents it; errors as "
             "{error: {type, message}} (the types of its own refusals, MOCK_..., are the "
             "mock's)")
    duplicate_words = ("repeated deliveries updated the record they created (performUpsert, "
                       "merged on the key field)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("PATCH", "/v0/{baseId}/{tableIdOrName}", caller, auth, faults, label)
        faults.generic = False
        self.ids: dict[str, str] = {}  # the merge fields' values -> the record's id

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        body = request.body if isinstance(request.body, dict) else {}
        records = body.get("records")
        upsert = body.get("performUpsert")
        merge = upsert.get("fieldsToMergeOn") if isinstance(upsert, dict) else None
        if not isinstance(records, list) or not 1 <= len(records) <= 10:
            return airtable_error(422, "MOCK_INVALID_RECORDS", "records takes 1 to 10 records")
        if not isinstance(merge, list) or not merge:
            return airtable_error(422, "MOCK_NO_UPSERT", "no performUpsert.fieldsToMergeOn: "
                                  "without it each record needs an id")
        rows = [r.get("fields") if isinstance(r, dict) else None for r in records]
        if any(not isinstance(f, dict) or any(m not in f for m in merge) for f in rows):
            return airtable_error(422, "MOCK_MISSING_MERGE_FIELD",
                                  "a record lacks a field of fieldsToMergeOn")
        keys = ["|".join(js_string(f[m]) for m in merge) for f in rows if isinstance(f, dict)]
        for key in keys:
            status = self.faults.next(key)
            if status is not None:
                kind = {429: "TOO_MANY_REQUESTS"}.get(status, "SERVER_ERROR" if status >= 500
                                                      else "MOCK_REFUSED")
                return airtable_error(status, kind, "injected" if kind != "MOCK_REFUSED"
                                      else f"the record {key} was refused (injected)")
        created, updated, answered = [], [], []
        for key, fields in zip(keys, rows, strict=True):
            if key in self.ids:
                updated.append(self.ids[key])
                self.duplicates.append(key)
            else:
                self.ids[key] = f"recSIMW{len(self.ids) + 1:010d}"
                created.append(self.ids[key])
                self.deliveries.append(Delivery(key, fields))
            answered.append({"id": self.ids[key], "createdTime": "2024-05-01T08:00:00.000Z",
                             "fields": fields})
        return Answer(200, {"records": answered, "createdRecords": created,
                            "updatedRecords": updated},
                      note=f"{len(created)} created, {len(updated)} updated")


def push_airtable(context: Context, step: Step, key: str, body: Any,
                  headers: dict[str, str], settings: dict[str, Any]
                  ) -> tuple[HttpAnswer, bool, str]:
    """One record, upserted on KEY_FIELD (which carries its key)."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    field = push_constant(dialect, "KEY_FIELD")
    path = (f"/v0/{_component(dialect.constants['BASE_ID'][0])}/"
            f"{_component(dialect.constants['TABLE'][0])}")
    payload = {"performUpsert": {"fieldsToMergeOn": [field]},
               "records": [{"fields": {**(body if isinstance(body, dict) else {}),
                                       field: key}}],
               "typecast": False}
    answer = send_with_retries("PATCH", context.base_url + path, settings, context.deadline,
                               body=payload, headers=headers)
    return answer, 200 <= answer.status < 300, _error_reason(answer)


def _error_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        return f"{js_string(error.get('type'))}: {js_string(error.get('message'))}"
    return reason_of(answer)


def _component(text: str) -> str:
    """JavaScript's encodeURIComponent."""
    return urllib.parse.quote(text, safe="!*'()")


# -- Dynamics 365 (Dataverse): upsert by alternate key --------------------------------------

_KEYED = re.compile(r"^(\w+)\((\w+)='((?:[^']|'')*)'\)$")
_ODATA = {"OData-MaxVersion": "4.0", "OData-Version": "4.0", "Accept": "application/json"}


class DataverseUpsertRoute(DestinationRoute):
    """Dataverse's PATCH /api/data/v9.2/<entity set>(<key column>='<value>'): creates the
    row the alternate key names, or updates it; If-Match: * refuses to create (404),
    If-None-Match: * to update (412)."""

    vendor = True
    words = ("upserts the row an alternate key names (PATCH <entity set>(<key>='<value>'), "
             "204 No Content whether created or updated; If-Match: * refuses to create, "
             "If-None-Match: * to update), as Microsoft documents it; errors as {error: "
             "{code, message}}")
    duplicate_words = ("repeated deliveries updated the row they created (an upsert by "
                       "alternate key)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 faults: FaultPlan, label: str) -> None:
        super().__init__("PATCH", "/api/data/v9.2/{row}", caller, auth, faults, label)
        faults.generic = False
        self.rows: dict[str, str] = {}  # the key's value -> the row's id

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        found = _KEYED.match(params.get("row", ""))
        if found is None:
            return dataverse_error(400, "", "the row is not named <entity set>(<key "
                                   "column>='<value>') (mock)")
        entity_set, _, value = found.group(1), found.group(2), found.group(3).replace("''", "'")
        status = self.faults.next(value)
        if status is not None:
            return dataverse_error(status, "", "injected" if status == 429 or status >= 500
                                   else f"the row {value} was refused (injected)")
        exists = value in self.rows
        headers = {k.lower(): v for k, v in request.headers.items()}
        if headers.get("if-match") == "*" and not exists:
            return dataverse_error(404, "", "the row does not exist (If-Match: *)")
        if headers.get("if-none-match") == "*" and exists:
            return dataverse_error(412, "", "A record with matching key values already exists.")
        if exists:
            self.duplicates.append(value)
            note = "204 updated: a row with this key was there"
        else:
            self.rows[value] = f"00000000-0000-4000-8000-{len(self.rows) + 1:012d}"
            self.deliveries.append(Delivery(value, request.body))
            note = "204 created"
        return Answer(204, None, {"OData-EntityId": f"/api/data/v9.2/{entity_set}"
                                                    f"({self.rows[value]})"}, note=note)


def push_dataverse(context: Context, step: Step, key: str, body: Any,
                   headers: dict[str, str], settings: dict[str, Any]
                   ) -> tuple[HttpAnswer, bool, str]:
    """One record, upserted on the alternate key KEY_COLUMN, which holds its key."""
    assert step.target is not None and step.target.dialect is not None
    dialect = step.target.dialect
    literal = _component(key.replace("'", "''"))
    path = (f"/api/data/v9.2/{_component(dialect.constants['ENTITY_SET'][0])}"
            f"({push_constant(dialect, 'KEY_COLUMN')}='{literal}')")
    answer = send_with_retries("PATCH", context.base_url + path, settings, context.deadline,
                               body=body, headers={**headers, **_ODATA})
    return answer, 200 <= answer.status < 300, _dataverse_reason(answer)


def _dataverse_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    error = body.get("error")
    if isinstance(error, dict):
        return f"{js_string(error.get('code'))}: {js_string(error.get('message'))}"
    return reason_of(answer)


# -- dispatch ------------------------------------------------------------------------------

PUSHES = {"mailchimp-member": push_mailchimp, "airtable-upsert": push_airtable,
          "dataverse-upsert": push_dataverse}
ROUTES: dict[str, Callable[..., DestinationRoute]] = {"mailchimp-member": MailchimpMemberRoute,
                                                      "airtable-upsert": AirtableUpsertRoute,
                                                      "dataverse-upsert": DataverseUpsertRoute}

PUSHES["sheets-append"] = sheets_append.push_sheets  # Sheets: read the keys, then append
ROUTES["sheets-append"] = sheets_append.SheetsAppendRoute
PUSHES["zendesk-user-upsert"] = zendesk_users.push_zendesk_user  # by external_id
ROUTES["zendesk-user-upsert"] = zendesk_users.ZendeskUserUpsertRoute
PUSHES["servicenow-insert"] = servicenow_insert.push_servicenow  # look up, then insert
ROUTES["servicenow-insert"] = servicenow_insert.ServiceNowInsertRoute
PUSHES["woocommerce-customer"] = woo_customers.push_woo_customer  # look up, then create
ROUTES["woocommerce-customer"] = woo_customers.WooCustomerRoute
PUSHES["stripe-create"] = payments.push_stripe  # Stripe: a create with Idempotency-Key
ROUTES["stripe-create"] = payments.StripeCreateRoute
PUSHES["odoo-write"] = odoo.push_odoo  # Odoo: search on the key, then write or create
ROUTES["odoo-write"] = odoo.OdooWriteRoute
PUSHES["slack-post"] = slack.push_slack  # Slack: one chat.postMessage, its `ok` read
ROUTES["slack-post"] = slack.SlackPostRoute
PUSHES["commcare-case-upsert"] = commcare.push_commcare  # CommCare: PUT a case by external id
ROUTES["commcare-case-upsert"] = commcare.CommCareCaseUpsertRoute
PUSHES["odk-submission"] = odk_submissions.push_odk_submission  # ODK: XML by instanceID
ROUTES["odk-submission"] = odk_submissions.OdkSubmissionRoute
PUSHES["kobo-submission"] = kobo_submissions.push_kobo_submission  # Kobo: JSON by instanceID
ROUTES["kobo-submission"] = kobo_submissions.KoboSubmissionRoute
PUSHES["bamboohr-create"] = bamboohr_create.push_bamboohr  # BambooHR: add; no key, no upsert
ROUTES["bamboohr-create"] = bamboohr_create.BambooCreateRoute


def wire_key(dialect: Dialect, key: str, mapped: dict[str, Any] | None) -> str | None:
    """What the vendor's mock keys a delivery by, where it is not the record's key:
    Mailchimp's subscriber hash of the mapped address. None: the record's key."""
    assert dialect.push is not None
    if dialect.push.style == "mailchimp-member":
        address = mailchimp_member(dialect, mapped or {})["email_address"]
        return subscriber_hash(address) if isinstance(address, str) and address else ""
    if dialect.push.style == "woocommerce-customer":  # WooCommerce keys a customer by e-mail
        return js_string((mapped or {}).get("email") or "")
    if dialect.push.style == "bamboohr-create":  # BambooHR keeps no key: the fields sent
        return bamboohr_create.employee_key(mapped)
    if dialect.push.style in ("odk-submission", "kobo-submission"):  # the instanceID made
        return odk_submissions.instance_id(key)
    if dialect.push.style == "qbo-create":  # QuickBooks' requestid: the MD5 of the key
        from mailroom.simulate.vendor_quickbooks import request_id
        return request_id(key)
    return None
