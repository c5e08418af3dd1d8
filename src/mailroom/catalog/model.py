"""The catalog entry's model: the contract of a catalog file."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mailroom.catalog.links import check_url
from mailroom.spec.vocabulary import AuthMethod

ApiStyle = Literal["rest", "soap", "graphql", "bulk", "sql", "sftp", "odata", "file", "other"]
Registration = Literal["api", "manual"]
Link = Annotated[str, AfterValidator(check_url)]


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = None
    source: Link = Field(description="The public page that documents this fact.")


class ApiFact(_Fact):
    available: bool
    styles: list[ApiStyle] = Field(default_factory=list)


class EventsFact(_Fact):
    available: bool
    mechanisms: list[str] = Field(default_factory=list)
    registration: Registration | None = None


class AuthFact(_Fact):
    methods: list[AuthMethod]


class LimitFact(_Fact):
    text: str


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
