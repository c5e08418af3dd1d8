"""The shape of a vendor dialect (mailroom.vendors): how a catalog system's own API is
called, its pulls, pushes, keys and webhook signing."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field


@dataclass(frozen=True)
class KeyAuth:
    """An API key as the vendor wants it: `header: prefix + fields joined by ':'`; with
    `basic_password`, as HTTP Basic credentials: `prefix + base64(fields:password)`
    (BambooHR: the key as the user name, any password)."""

    header: str
    prefix: str
    fields: tuple[str, ...]  # credential fields, by OpenFn's names where it has them
    words: str  # "a DHIS2 personal access token"
    source: str
    basic_password: str | None = None

    def value(self, values: list[str]) -> str:
        """The header's value for these values of the fields (as strings)."""
        joined = ":".join(values)
        if self.basic_password is None:
            return self.prefix + joined
        pair = f"{joined}:{self.basic_password}".encode()
        return self.prefix + base64.b64encode(pair).decode()

    def shown(self) -> str:
        """The header's value in words: `ApiToken <apiKey>`, `Basic <apiKey:x, base64>`."""
        joined = ":".join(self.fields)
        if self.basic_password is None:
            return f"{self.prefix}<{joined}>"
        return f"{self.prefix}<{joined}:{self.basic_password}, base64>"


@dataclass(frozen=True)
class Pull:
    """A scheduled pull from the vendor: its list endpoint, change filter and paging."""

    style: str  # "soql" or "commcare-forms": the job's and the mock's code for it
    path: str  # may hold {placeholders} the job fills from its constants
    records_key: str  # where the records are in an answer
    id_field: str  # the record's id, as the vendor names it
    modified_field: str  # the record's last-modified time, as the vendor names it
    change_filter: str  # in words, for the job's comment and the transcript
    paging: str  # in words
    kinds: tuple[str, ...]  # the change detections it covers
    source: str
    # what the read needs that the spec does not say (name -> (stand-in, TODO)), written by
    # the pull job only, apart from the dialect's constants the push job writes too
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)
    also: tuple[str, ...] = ()  # the vendor's further pages the read rests on


@dataclass(frozen=True)
class Push:
    """Delivering a record into the vendor so that sending it twice stores it once."""

    style: str  # "sobject-upsert" or "tracker-import"
    method: str
    path: str  # may hold {placeholders}
    dedup: str  # in words: how a repeated delivery does not become a second record
    success: str  # in words: what a success looks like
    errors: str  # in words: what an error body looks like
    source: str
    # what the write needs that the spec does not say (name -> (stand-in, TODO)); the
    # push job writes these, not the dialect's pull-side constants beside them
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)
    also: tuple[str, ...] = ()  # the vendor's further pages the write rests on


@dataclass(frozen=True)
class Lookup:
    """A real-time read of one record by its key, as the vendor documents it."""

    style: str  # the job's and the mock's code for it: "bamboohr-employee"
    method: str
    path: str  # holds {id}, the record's key, and may hold the dialect's {CONSTANTS}
    record: str  # in words: the answer's record shape
    not_found_status: int  # what the vendor answers for a key it does not know
    not_found: str  # in words: that answer's body, as documented (or that it is not)
    source: str
    also: tuple[str, ...] = ()  # the vendor's further pages the read rests on
    # what the read needs that the spec does not say (name -> (stand-in, TODO)), written
    # by the lookup job only
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Signing:
    """How the vendor signs the webhooks it sends (the "how it calls out" side): the
    header, what is signed and how the digest is written, and with which secret."""

    style: str  # "raw-body-base64" (Shopify), "timestamp-dot-body-hex" (Stripe) or
    #             "timestamp-body-base64" (Zendesk)
    header: str  # as the vendor spells it
    secret: str  # in words: which secret signs
    signed: str  # in words: what is signed and how the digest is written
    source: str
    quote: str  # the sentence of the vendor's page the signing rests on
    tolerance: int | None = None  # seconds a signed timestamp may be old, where documented
    timestamp_header: str | None = None  # where the signed timestamp comes, if apart
    also: tuple[str, ...] = ()  # the vendor's further pages (its own library's code)


@dataclass(frozen=True)
class Dialect:
    id: str  # the catalog entry's id
    name: str
    key_auth: KeyAuth | None = None  # for the spec's `api-key` method
    token_path: str | None = None  # OAuth 2 token endpoint, for the token-granting methods
    token_source: str | None = None
    pull: Pull | None = None
    push: Push | None = None
    lookup: Lookup | None = None  # a real-time read of one record by its key
    adaptor: str = ""  # OpenFn's dedicated adaptor, on npm
    operations: dict[str, str] = field(default_factory=dict)  # step kind -> its operation
    constants: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (value, TODO)
    transient_status: int = 500  # what the mock answers when it is made to fail for a moment
    permanent_status: int = 400  # ... and for good
    signing: Signing | None = None  # how its webhooks are signed, where it sends them
    auth_methods: tuple[str, ...] = ()  # the spec's methods its API takes, where it limits them
    client_assertion: bool = False  # its client-credentials token request carries a signed
    #                                 JWT (client_assertion), not a client secret (NetSuite)

    def covers(self, kind: str, change_detection: str | None, method: str | None) -> bool:
        """Does this dialect speak for a step of this kind, change detection and method?"""
        if kind == "poll":
            if self.pull is None or (change_detection or "full-fetch") not in self.pull.kinds:
                return False
        elif kind == "push":
            if self.push is None:
                return False
        elif kind == "lookup":
            if self.lookup is None:
                return False
        else:
            return False
        return self.auth_covers(method)

    def auth_covers(self, method: str | None) -> bool:
        if self.auth_methods and method not in self.auth_methods:
            return False
        if method == "api-key":
            return self.key_auth is not None
        if method in ("oauth2-client-credentials", "oauth2-jwt-bearer"):
            return self.token_path is not None
        return method in ("basic", "oauth2-authorization-code")

    def sources(self, kind: str, method: str | None) -> list[str]:
        """The vendor's pages a step of this kind and authentication method follows."""
        found = [self.key_auth.source if method == "api-key" and self.key_auth else None,
                 self.token_source if method in ("oauth2-client-credentials",
                                                 "oauth2-jwt-bearer") else None,
                 self.pull.source if kind == "poll" and self.pull else None,
                 *(self.pull.also if kind == "poll" and self.pull else ()),
                 self.push.source if kind == "push" and self.push else None,
                 *(self.push.also if kind == "push" and self.push else ()),
                 self.lookup.source if kind == "lookup" and self.lookup else None,
                 *(self.lookup.also if kind == "lookup" and self.lookup else ())]
        return list(dict.fromkeys(s for s in found if s))
