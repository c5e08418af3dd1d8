"""Dialects of shop platforms: WooCommerce's REST API (wc/v3). Every path, parameter and
header rests on the page kept beside it."""

from __future__ import annotations

from mailroom.vendors.model import Dialect, Pull, Signing
from mailroom.vendors.writes import WOOCOMMERCE_CUSTOMER

WOO_DOCS = "https://woocommerce.github.io/woocommerce-rest-api-docs/"
WOO_ORDERS = WOO_DOCS + "#list-all-orders"
WOO_PAGING = WOO_DOCS + "#pagination"
WOO_AUTH = WOO_DOCS + "#authentication-over-https"
WOO_ERRORS = WOO_DOCS + "#errors"
WOO_WEBHOOKS = WOO_DOCS + "#webhooks"

WOOCOMMERCE = Dialect(
    id="woocommerce",
    name="WooCommerce",
    pull=Pull(
        style="woocommerce-orders",
        path="/wp-json/wc/v3/orders",
        records_key="",  # the answer is the list of orders itself
        id_field="id",
        modified_field="date_modified_gmt",
        change_filter=("modified_after=<cursor>&dates_are_gmt=true: the orders modified after "
                       "the latest date_modified_gmt taken, orderby=id&order=asc"),
        paging=("per_page orders a page, page 1, 2, ... until the page the X-WP-TotalPages "
                "header names"),
        kinds=("modified-since",),
        source=WOO_ORDERS,
    ),
    push=WOOCOMMERCE_CUSTOMER,
    transient_status=500,
    permanent_status=400,
    signing=Signing(
        style="raw-body-base64",
        header="X-WC-Webhook-Signature",
        secret="the secret set on the webhook",
        signed="an HMAC-SHA256 of the request body, base64-encoded",
        source=WOO_WEBHOOKS,
        quote="X-WC-Webhook-Signature - a base64 encoded HMAC-SHA256 hash of the payload.",
    ),
)
