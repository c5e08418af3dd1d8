"""Shop platforms in their own dialect: WooCommerce's list of orders (GET
/wp-json/wc/v3/orders with modified_after and dates_are_gmt, page/per_page, the
X-WP-Total and X-WP-TotalPages headers, errors as {code, message, data: {status}}), for
the mock (a route answering as WooCommerce's REST API docs document it) and for the Python
engine (the job's pull, request for request). mailroom.vendors.shops holds the one
description the job template reads too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import mailroom.simulate.vendor_bamboohr as bamboohr
import mailroom.simulate.vendor_mailchimp as mailchimp
import mailroom.simulate.vendor_netsuite as netsuite
import mailroom.simulate.vendor_odoo as odoo
import mailroom.simulate.vendor_sap as sap
import mailroom.simulate.vendor_shopify as shopify
from mailroom.simulate.mocks import Answer, FaultPlan, Request, Route
from mailroom.simulate.step_tools import (
    MAX_PAGES,
    Context,
    HttpAnswer,
    State,
    get_page,
    reason_of,
)
from mailroom.stub.examples import timestamp

if TYPE_CHECKING:
    from mailroom.simulate.auth import AuthCheck
    from mailroom.stub.plan import Step
    from mailroom.stub.shape import Cursor
    from mailroom.vendors import Dialect

PATH = "/wp-json/wc/v3/orders"
PAGE_SIZE = 100  # the job's per_page; WooCommerce's default is 10


# -- orders as WooCommerce serves them -------------------------------------------------


def woo_stamp(when: str) -> str:
    """2024-05-01T08:05:00Z as WooCommerce writes a date: 2024-05-01T08:05:00 (no zone)."""
    return when.removesuffix("Z")


def woo_order(number: int, modified: str, fields: dict[str, Any]) -> State:
    """An order as the list of orders serves it; the mock's site keeps UTC, so its local
    dates and its _gmt dates are the same."""
    stamp = woo_stamp(modified)
    return {"id": number, "status": "processing", "date_created": stamp,
            "date_created_gmt": stamp, "date_modified": stamp, "date_modified_gmt": stamp,
            **fields}


def changed_woo_order(record: State, field: str, when: str) -> State:
    stamp = woo_stamp(when)
    return {**record, field: f"{record.get(field)} (changed)", "date_modified": stamp,
            "date_modified_gmt": stamp}


def woo_error(status: int, code: str, message: str) -> Answer:
    return Answer(status, {"code": code, "message": message, "data": {"status": status}},
                  note=f"injected {status}" if code == "mock_injected" else f"{status} {code}")


class WooOrdersRoute(Route):
    """WooCommerce's list of orders: modified_after (read in GMT with dates_are_gmt=true),
    orderby/order, page and per_page; the totals in X-WP-Total and X-WP-TotalPages."""

    kind = "source"
    vendor = True
    words = ("lists orders modified after modified_after (dates_are_gmt=true: on "
             "date_modified_gmt), ordered by orderby/order, per_page a page by page, with "
             "X-WP-Total and X-WP-TotalPages, errors as {code, message, data: {status}}, as "
             "WooCommerce's REST API docs document it (the per_page bound of 1 to 100 and "
             "rest_invalid_param are WordPress's; other refusals are not modelled)")

    def __init__(self, dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                 cursor: Cursor, faults: FaultPlan) -> None:
        super().__init__("GET", PATH, caller, auth)
        self.dialect = dialect
        self.cursor = cursor
        self.faults = faults
        faults.generic = False
        self.records: list[dict[str, Any]] = []
        self.calls = 0

    def answer(self, request: Request, params: dict[str, str]) -> Answer:
        self.calls += 1
        query = request.query
        page, per_page = _int(query.get("page"), 1), _int(query.get("per_page"), 10)
        if page is None or page < 1 or per_page is None or not 1 <= per_page <= 100:
            return woo_error(400, "rest_invalid_param", "Invalid parameter(s): page, per_page")
        since = query.get("modified_after")
        gmt = query.get("dates_are_gmt") in ("true", "1")
        status = self.faults.next(f"{since or ''}|{page}")
        if status is not None:
            return woo_error(status, "mock_injected", "injected")
        field = "date_modified_gmt" if gmt else "date_modified"  # the same at the mock
        chosen = [r for r in self.records if since is None or r[field] > woo_stamp(since)]
        key = query.get("orderby", "date")
        chosen.sort(key=lambda r: r["id"] if key == "id" else r["date_created_gmt"],
                    reverse=query.get("order", "desc") != "asc")
        orders = chosen[(page - 1) * per_page:page * per_page]
        pages = -(-len(chosen) // per_page)
        return Answer(200, orders, headers={"X-WP-Total": str(len(chosen)),
                                            "X-WP-TotalPages": str(pages)},
                      note=f"{len(orders)} order(s), page {page} of {pages}")


# -- the hooks poll_scenarios calls: WooCommerce's orders, Mailchimp's members ---------


def shop_record(dialect: Dialect, record: State, n: int) -> State | None:
    """A made-up record (mailroom.stub.examples) as WooCommerce serves an order or
    Mailchimp a member; None for other vendors."""
    style = dialect.pull.style if dialect.pull is not None else None
    fields = {k: v for k, v in record.items() if k not in ("id", "modified_at")}
    modified = str(record.get("modified_at") or timestamp(n))
    if style == "bamboohr-changed":
        return bamboohr.bamboo_employee(n, modified, fields)
    if style == "odoo-search-read":
        return odoo.odoo_record(n, modified, fields)
    if style == "woocommerce-orders":
        return woo_order(n, modified, fields)
    if style == "shopify-graphql":
        return shopify.shopify_node(dialect, n, modified, fields)
    if style == "mailchimp-members":
        return mailchimp.mailchimp_member(n, modified, fields)
    if style == "netsuite-records":
        return netsuite.netsuite_record(dialect, n, modified, fields)
    if style == "sap-odata":
        return sap.sap_partner(dialect, n, modified, fields)
    return None


def changed_shop_record(dialect: Dialect, record: State, field: str, when: str) -> State | None:
    style = dialect.pull.style if dialect.pull is not None else None
    if style == "bamboohr-changed":
        return bamboohr.changed_bamboo_employee(record, field, when)
    if style == "odoo-search-read":
        return odoo.changed_odoo_record(record, field, when)
    if style == "woocommerce-orders":
        return changed_woo_order(record, field, when)
    if style == "shopify-graphql":
        return shopify.changed_shopify_node(record, field, when)
    if style == "mailchimp-members":
        return mailchimp.changed_mailchimp_member(record, field, when)
    if style == "netsuite-records":
        return netsuite.changed_netsuite_record(record, field, when)
    if style == "sap-odata":
        return sap.changed_sap_partner(record, field, when)
    return None


def shop_source(dialect: Dialect, path: str, caller: str, auth: AuthCheck | None,
                cursor: Cursor, faults: FaultPlan
                ) -> (WooOrdersRoute | mailchimp.MailchimpMembersRoute
                      | bamboohr.BambooChangedRoute | netsuite.NetSuiteRecordsRoute
                      | sap.SapODataRoute
                      | odoo.OdooSearchReadRoute | shopify.ShopifyGraphQLRoute | None):
    """The mock of WooCommerce's orders or Mailchimp's members; None for other vendors."""
    style = dialect.pull.style if dialect.pull is not None else None
    if style == "bamboohr-changed":
        return bamboohr.BambooChangedRoute(dialect, path, caller, auth, cursor, faults)
    if style == "odoo-search-read":
        return odoo.OdooSearchReadRoute(dialect, path, caller, auth, cursor, faults)
    if style == "woocommerce-orders":
        return WooOrdersRoute(dialect, path, caller, auth, cursor, faults)
    if style == "shopify-graphql":
        return shopify.ShopifyGraphQLRoute(dialect, path, caller, auth, cursor, faults)
    if style == "mailchimp-members":
        return mailchimp.MailchimpMembersRoute(dialect, path, caller, auth, cursor, faults)
    if style == "netsuite-records":
        return netsuite.NetSuiteRecordsRoute(dialect, path, caller, auth, cursor, faults)
    if style == "sap-odata":
        return sap.SapODataRoute(dialect, path, caller, auth, cursor, faults)
    return None


def _int(text: str | None, default: int) -> int | None:
    if text is None:
        return default
    return int(text) if text.isdigit() else None


# -- the Python engine's pull ------------------------------------------------------------


def pull_woocommerce(context: Context, step: Step, state: State, headers: dict[str, str],
                     settings: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    """The orders modified after the cursor, page by page until X-WP-TotalPages; the
    cursor stays as it was (the engine takes the latest date_modified_gmt after)."""
    assert step.target is not None
    cursor = state.get("cursor")
    per_page = settings.get("pageSize") or PAGE_SIZE
    records: list[dict[str, Any]] = []
    for page in range(1, MAX_PAGES + 1):
        query: dict[str, Any] = {"page": page, "per_page": per_page, "orderby": "id",
                                 "order": "asc"}
        if cursor is not None:
            query.update(modified_after=cursor, dates_are_gmt="true")
        answer = get_page(context, step, settings, headers, PATH, query, page, _woo_reason)
        records.extend(answer.body if isinstance(answer.body, list) else [])
        pages = answer.headers.get("x-wp-totalpages", "")
        if not (pages.isdigit() and page < int(pages)):
            break
    return records, cursor


def _woo_reason(answer: HttpAnswer) -> str:
    body = answer.body if isinstance(answer.body, dict) else {}
    if "code" in body and "message" in body:
        return f"{body['code']}: {body['message']}"
    return reason_of(answer)
