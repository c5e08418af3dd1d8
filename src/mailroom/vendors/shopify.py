"""Shopify's GraphQL Admin API, the read side: a modified-since pull of orders or
customers. Every path, argument and header rests on the page kept beside it; what the
pages leave open is marked in the job and said on the output."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mailroom.vendors.model import KeyAuth, Pull

if TYPE_CHECKING:
    from mailroom.vendors.model import Dialect

SHOPIFY_GRAPHQL = "https://shopify.dev/docs/api/admin-graphql"
SHOPIFY_ORDERS = "https://shopify.dev/docs/api/admin-graphql/latest/queries/orders"
SHOPIFY_PAGING = "https://shopify.dev/docs/api/usage/pagination-graphql"
SHOPIFY_SEARCH = "https://shopify.dev/docs/api/usage/search-syntax"
SHOPIFY_LIMITS = "https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits"

# The Admin API takes the app's access token in its own header, not as a Bearer token.
SHOPIFY_KEY = KeyAuth("X-Shopify-Access-Token", "", ("accessToken",),
                      "a Shopify Admin API access token", SHOPIFY_GRAPHQL)

SHOPIFY_PULL = Pull(
    style="shopify-graphql",
    path="/admin/api/{API_VERSION}/graphql.json",
    records_key="edges",  # data.<resource>.edges[].node
    id_field="id",  # a global id, gid://shopify/Order/<n>
    modified_field="updatedAt",
    change_filter=("the connection's search query updated_at:>'<cursor>' (the objects updated "
                   "after the latest updatedAt taken), sortKey: UPDATED_AT"),
    paging=("first (250 at most) nodes a page, then after: the page's pageInfo.endCursor while "
            "pageInfo.hasNextPage"),
    kinds=("modified-since",),
    source=SHOPIFY_ORDERS,
)

SHOPIFY_CONSTANTS: dict[str, tuple[str, str]] = {
    "API_VERSION": ("2025-01", "TODO(verify): the Admin API version the app is built for "
                    "(Shopify releases one a quarter and retires old ones); `2025-01` stands "
                    "in"),
    "RESOURCE": ("orders", "TODO(mapping): which connection is read (orders, customers, "
                 "products, ...); `orders` stands in; the spec does not say"),
}

_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]*$")


def graphql_fields(fields: tuple[str, ...] | list[str]) -> list[str]:
    """The flow's fields a GraphQL selection can name as written (id and updatedAt are
    always read); a name with spaces or dots is left out, and the job marks it."""
    return [f for f in dict.fromkeys(fields) if _NAME.match(f) and f not in ("id", "updatedAt")]


def pull_query(resource: str, fields: list[str]) -> str:
    """The job's QUERY, word for word: the connection, its arguments, the page's info."""
    selected = " ".join(["id", "updatedAt", *fields])
    return (f"query Pull($first: Int!, $after: String, $query: String) {{ "
            f"{resource}(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{ "
            f"edges {{ node {{ {selected} }} }} pageInfo {{ hasNextPage endCursor }} }} }}")


def shopify_view(dialect: Dialect | None, fields: tuple[str, ...] | list[str]
                 ) -> dict[str, Any] | None:
    """What the job template writes for a Shopify pull: its query and the fields left out
    of the selection; None for any other step."""
    if dialect is None or dialect.pull is None or dialect.pull.style != "shopify-graphql":
        return None
    chosen = graphql_fields(fields)
    return {"query": pull_query(dialect.constants["RESOURCE"][0], chosen),
            "left_out": [f for f in dict.fromkeys(fields)
                         if f not in chosen and f not in ("id", "updatedAt")]}
