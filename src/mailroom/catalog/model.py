"""The catalog entry's model: the contract of a catalog file.

Every fact names the vendor's page (`source`) and copies the sentence it rests on
(`quote`), so that anyone can check it; `also` adds further pages and sentences where
one fact rests on several. A fact the vendor does not document is left out.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mailroom.catalog.links import check_header, check_quote, check_url
from mailroom.spec.vocabulary import AuthMethod

ApiStyle = Literal["rest", "soap", "graphql", "bulk", "sql", "sftp", "odata", "file", "other"]
Registration = Literal["api", "manual"]
Link = Annotated[str, AfterValidator(check_url)]
Quote = Annotated[str, AfterValidator(check_quote)]
Header = Annotated[str, AfterValidator(check_header)]

# How a list is read page by page: a cursor (an opaque token the last page gave), a
# next link (the whole URL of the next page), an offset (skip N records), a page number.
PagingStyle = Literal["cursor", "next-link", "offset", "page-number"]
# How a reader finds what changed: a filter on the time records were last changed, an
# event it subscribes to, or a feed of changes it reads from where it left off.
ChangeWay = Literal["modified-filter", "event-subscription", "changes-feed"]
Per = Literal["second", "minute", "hour", "day"]
# How the system calls out: it pushes to a receiver URL, or the receiver subscribes
# (over a streaming API) and the events come down that connection.
Delivery = Literal["push", "subscribe"]
Payload = Literal["json", "soap-xml", "xml", "form-encoded", "other"]
# How the receiver can tell a call is genuine: a signature of the body (HMAC) in a
# header, a secret shared in the call, the sending organisation's id in the body, the
# sender's published IP addresses, a client certificate, HTTP basic credentials on the
# URL, a token issued for the subscription, or nothing the vendor documents.
CallSecurity = Literal["hmac-signature", "shared-secret", "organisation-id", "ip-allow-list",
                       "client-certificate", "basic", "token", "none"]


class Evidence(BaseModel):
    """One more page and sentence a fact rests on."""

    model_config = ConfigDict(extra="forbid")
    source: Link = Field(description="The vendor's public page.")
    quote: Quote = Field(description="The sentence on that page the fact rests on.")


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None
    source: Link = Field(description="The vendor's public page that documents this fact.")
    quote: Quote = Field(description="The sentence on that page the fact rests on.")
    also: list[Evidence] = Field(default_factory=list)


class ApiFact(_Fact):
    available: bool
    styles: list[ApiStyle] = Field(default_factory=list)


class EventsFact(_Fact):
    available: bool
    mechanisms: list[str] = Field(default_factory=list)
    registration: Registration | None = None


class AuthFact(_Fact):
    methods: list[AuthMethod]
    # The client-credentials grant proves the client with a JWT it signs with its own
    # private key (the token request's client_assertion), not with a client secret; the
    # fact's quote (or one of its `also`) says so.
    client_assertion: bool = False


class LimitFact(_Fact):
    text: str
    by_edition: bool = False  # the limit depends on the edition, plan or licences bought


class PagingFact(_Fact):
    """How the API returns a long list: page by page, and how the next page is asked for."""

    style: PagingStyle
    # The query parameters or response fields that carry the paging, as the vendor
    # names them ("limit", "page_info"; "nextRecordsUrl").
    parameters: list[str] = Field(default_factory=list)
    # Of those, the query parameters a request sends to page (the others are fields of
    # the answer), where the quoted page shows them sent: ["limit", "starting_after"].
    query: list[str] = Field(default_factory=list)
    max_page_size: int | None = Field(default=None, gt=0)


class ChangesFact(_Fact):
    """One way a reader finds what is new or changed since it last looked."""

    how: ChangeWay
    parameter: str | None = None  # the filter's parameter or field, as the vendor names it
    # The parameter is a query parameter of the list request (updatedAfter=…), not a field
    # named inside a query language (Salesforce's SystemModstamp in SOQL).
    in_query: bool = False


class RateLimitFact(_Fact):
    """A documented cap on calls; `requests` per `per` where it is one number."""

    text: str
    requests: int | None = Field(default=None, gt=0)
    per: Per | None = None


class CalloutFact(_Fact):
    """One way the system tells another system that something happened."""

    mechanism: str  # the vendor's name for it: "outbound messages", "webhooks"
    delivery: Delivery
    payload: Payload | None = None
    registration: Registration | None = None  # where the receiver URL is set (push only)
    security: list[CallSecurity] = Field(default_factory=list)
    signature_header: Header | None = None  # the header that carries the HMAC signature


class AdaptorFact(_Fact):
    """OpenFn's adaptor for the system: its package in OpenFn's adaptors repository."""

    package: str = Field(pattern=r"^@openfn/language-[a-z0-9-]+$")


class Entry(BaseModel):
    """One known system. A missing fact means "not documented": ask, don't assume."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    kind: str
    platform: bool = False
    docs: Link
    note: str | None = None
    api: ApiFact | None = None
    events: EventsFact | None = None
    auth: AuthFact | None = None
    limits: list[LimitFact] = Field(default_factory=list)
    paging: PagingFact | None = None
    changes: list[ChangesFact] = Field(default_factory=list)
    rate_limits: list[RateLimitFact] = Field(default_factory=list)
    callouts: list[CalloutFact] = Field(default_factory=list)
    adaptor: AdaptorFact | None = None


def facts_of(entry: Entry) -> list[tuple[str, _Fact]]:
    """Every fact of an entry, with its field's path ("callouts[0]")."""
    found: list[tuple[str, _Fact]] = []
    for name in ("api", "events", "auth", "paging", "adaptor"):
        fact = getattr(entry, name)
        if fact is not None:
            found.append((name, fact))
    for name in ("limits", "changes", "rate_limits", "callouts"):
        found += [(f"{name}[{index}]", fact) for index, fact in enumerate(getattr(entry, name))]
    return found
