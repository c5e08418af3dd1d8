"""The integration spec: the contract every command reads and writes.

Field names follow ../shared/PRODUCT.md and are never renamed. Every value
except an id may be null, which means "not known yet" and becomes an open
question; nothing is ever guessed to fill it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from mailroom.spec.calendar import known_zone
from mailroom.spec.records import SpecMethods, SystemMethods
from mailroom.spec.vocabulary import (
    ID_PATTERN,
    SPEC_VERSION,
    VOCABULARIES,
    ActOn,
    AuthMethod,
    BuiltBy,
    ChangeDetection,
    DataAgreement,
    Direction,
    InterfaceKind,
    Pattern,
    PersonalKind,
    Sends,
    Transport,
    Trigger,
    Uncollected,
    WebhookRegistration,
)

__all__ = [
    "ID_PATTERN", "SPEC_VERSION", "VOCABULARIES", "Auth", "AuthMethod", "ChangeDetection",
    "DataAgreement", "Direction", "EffectiveDate", "FieldMap", "FileSpec", "Flow",
    "InterfaceKind", "Pattern", "Sends", "Spec", "Stakeholder", "System", "Transport",
    "Trigger", "WebhookRegistration",
    "json_schema",
]


# An IANA time zone name (Europe/Oslo), checked against the zone database. (The check lives
# in calendar.py: a spec is validated from the cached schema without importing this module.)
TimeZone = Annotated[str, AfterValidator(known_zone)]


def _id_field(description: str) -> Any:
    # The pattern is shown to editors through the JSON Schema but not enforced
    # here: `mailroom check` reports a bad id as a finding, next to the others.
    return Field(min_length=1, description=description, json_schema_extra={"pattern": ID_PATTERN})


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,  # `volume: 200` is text, not a type error
        validate_assignment=True,
    )


class Stakeholder(_Model):
    name: str | None = Field(default=None, description="Who this person is.")
    role: str | None = Field(default=None, description="Their role, e.g. project manager.")
    organisation: str | None = Field(default=None, description="Whom they work for.")


class System(SystemMethods, _Model):
    id: str = _id_field("Lowercase id, [a-z0-9-], used by flows to name this system.")
    name: str | None = Field(default=None, description="The system's name as people say it.")
    kind: str | None = Field(default=None, description="CRM, ERP, SFTP area, database, platform…")
    api: bool | None = Field(
        default=None, description="Does it expose a mailbox (API, folder, table) usable here?"
    )
    events: bool | None = Field(default=None, description="Can it emit events / call webhooks?")
    skills: bool | None = Field(default=None, description="Do we have developers for it?")
    platform: bool | None = Field(
        default=None,
        description="Is it an integration platform (Boomi, OpenFn, Zoho Flow) that can be the "
        "mail person without custom code?",
    )
    third_party: bool | None = Field(
        default=None,
        description="Does another organisation hold its data (a SaaS vendor, a partner, an "
        "agency)? The data-protection question.",
    )
    interface_kind: InterfaceKind | None = Field(
        default=None,
        description="Its way in for this data (its mailbox): rest, soap, graphql, webhook (a "
        "receiver URL), sftp, file (a file share), database, queue, other, or none (none yet).",
    )
    interface: str | None = Field(
        default=None,
        description="Where its way in is, in plain words: 'REST API v2, /customers', "
        "'/outbound folder', 'table crm.contacts'.",
    )
    owner: str | None = Field(
        default=None, description="The team or organisation that keeps it running."
    )
    signatory: str | None = Field(
        default=None,
        description="Who must agree to the document for the team or organisation that runs "
        "this system (its owner; for another organisation's system, the receiving "
        "organisation): a name and role, 'Kari Nordmann (HR director)'.",
    )
    access_control: str | None = Field(
        default=None,
        description="Who can see the data once it is in this system (roles, a named team), "
        "in plain words: 'payroll staff only, by role'.",
    )
    catalog: str | Literal[False] | None = Field(
        default=None,
        description="The catalog entry this system is (`mailroom catalog` lists them); when "
        "absent, a catalog entry with the system's id is used; false: none is (a system of "
        "your own that only shares a name or an id with a catalog entry).",
    )


class Auth(_Model):
    method: AuthMethod | None = Field(
        default=None,
        description="How the mail person proves who it is to the mailbox. Never a secret value.",
    )
    credential_name: str | None = Field(
        default=None,
        description="Where the secret is kept, by name only (an environment variable or a "
        "credential in the platform), never the secret itself.",
    )
    scopes: list[str] | None = Field(default=None, description="Permissions the credential needs.")
    notes: str | None = None


class FieldMap(_Model):
    name: str | None = Field(default=None, description="The field in plain words: 'email'.")
    source_field: str | None = Field(default=None, description="Its name in the source.")
    destination_field: str | None = Field(
        default=None, description="Its name in the destination."
    )
    transform: str | None = Field(
        default=None, description="What is done to it on the way: 'upper case', 'as is'."
    )
    personal: bool | None = Field(default=None, description="Is it personal data?")


class FileSpec(_Model):
    """A file flow's file: how it is named, what happens while it waits, who takes it."""

    name: str | None = Field(
        default=None,
        description="The file name, with the date where each run's file differs ({date} or "
        "YYYY-MM-DD, YYYYMMDD, or {datetime}): 'new-hires-YYYY-MM-DD.csv'.",
    )
    if_not_collected: Uncollected | None = Field(
        default=None,
        description="When the next file is due and the last is still there: overwritten (the "
        "new one replaces it), kept (both wait), or run-waits (the run writes nothing and "
        "tells someone).",
    )
    encrypted: bool | None = Field(
        default=None, description="Is the file encrypted while it waits (PGP, for instance)?"
    )
    collected_by: str | None = Field(
        default=None, description="Who collects the file and archives or removes it."
    )
    kept_for: str | None = Field(
        default=None, description="How long a file is kept, collected or not: '30 days'."
    )


class EffectiveDate(_Model):
    """Data that takes effect on a date (a start date, a leaving date, a price valid from)."""

    field: str | None = Field(
        default=None, description="The date that says when it takes effect: 'start date'."
    )
    act_on: ActOn | None = Field(
        default=None,
        description="entered: act when the record is entered; effective-day: act on the day "
        "it takes effect.",
    )


class Flow(_Model):
    id: str = _id_field("Lowercase id, [a-z0-9-]; usually <source>-to-<destination>.")
    data: str | None = Field(default=None, description="What moves, in plain words.")
    fields: list[FieldMap] | None = Field(
        default=None, description="The data field by field: where each comes from and goes."
    )
    sends: Sends | None = Field(
        default=None,
        description="What each movement carries: changes (only the records that changed) or "
        "everything (the whole register).",
    )
    source: str | None = Field(default=None, description="System id where the data comes from.")
    destination: str | None = Field(default=None, description="System id where the data goes.")
    mail_person: str | None = Field(
        default=None, description="System id whose code starts the exchange and carries the data."
    )
    mailbox: str | None = Field(
        default=None, description="System id whose interface the data is placed into or taken from."
    )
    direction: Direction | None = Field(
        default=None, description="As a stakeholder stated it; checked against the roles."
    )
    trigger: Trigger | None = None
    event: str | None = Field(
        default=None,
        description="When trigger is event: what happens, read after 'when' ('a lead is "
        "converted'). For on-demand: what the demand is ('an employee logs in').",
    )
    schedule: str | None = Field(
        default=None, description="When trigger is schedule: a cron expression or 'every 2 weeks'."
    )
    time_zone: TimeZone | None = Field(
        default=None, description="The time zone of this flow's schedule (an IANA name, "
        "Europe/Oslo) where it differs from the spec's `time_zone`; a zone written in the "
        "schedule itself wins.",
    )
    change_detection: ChangeDetection | None = Field(
        default=None, description="For scheduled pulls: how new or changed records are found."
    )
    transport: Transport | None = None
    format: str | None = Field(default=None, description="json, xml, csv, html, …")
    auth: Auth | None = None
    business_logic: str | None = Field(
        default=None, description="System id where mapping, transformation and decisions live."
    )
    pattern: Pattern | None = None
    personal_data: bool | None = None
    personal_fields: list[str] | None = Field(
        default=None, description="Which fields are personal data: 'name', 'email'."
    )
    personal_data_agreement: DataAgreement | None = Field(
        default=None,
        description="When personal data reaches another organisation, what covers it: dpa (a "
        "data-processing agreement), other-basis (another lawful basis), or none.",
    )
    personal_data_stored: str | None = Field(
        default=None,
        description="Where the receiving organisation keeps the personal data (a country, a "
        "service).",
    )
    personal_data_kinds: list[PersonalKind] | None = Field(
        default=None,
        description="Which kinds of personal data: contact (contact details), identity "
        "(identity numbers), financial (bank details, salary), health, children (the data is "
        "about children).",
    )
    file: FileSpec | None = Field(
        default=None, description="For a file flow (SFTP or a shared folder): the file."
    )
    effective_date: EffectiveDate | None = Field(
        default=None,
        description="When the data takes effect on a date: which date, and whether the "
        "integration acts when the record is entered or on that day.",
    )
    volume: str | None = Field(default=None, description="e.g. 200 records/day")
    volume_peak: str | None = Field(
        default=None, description="The most on a peak day: '3000 records/day on Black Friday'."
    )
    latency: str | None = Field(default=None, description="How fresh the data must be: 5 minutes")
    webhook_registration: WebhookRegistration | None = Field(
        default=None,
        description="For webhooks: is the receiver URL registered through the source's API, or "
        "copied in by hand?",
    )
    caching: bool | None = Field(
        default=None, description="For real-time pulls: does the host cache what it fetched?"
    )
    error_handling: str | None = Field(
        default=None, description="When a delivery fails: retries, alerts, who is told."
    )
    alert_to: str | None = Field(
        default=None, description="Who is told when a delivery fails: a person or a team."
    )
    alert_within: str | None = Field(
        default=None, description="How soon they are told: 'at once', 'within an hour'."
    )
    resend_by: str | None = Field(
        default=None, description="Who re-sends what failed, once it is fixed."
    )
    notes: str | None = None


class Prospect(_Model):
    """Whom a sales brief answers (set by the sales-brief interview)."""

    organisation: str | None = Field(default=None, description="The prospect's organisation.")
    outcome: str | None = Field(
        default=None, description="What the prospect wants to achieve, in their words."
    )


class Offer(_Model):
    """Our side of the integration a sales brief offers: the buyer's own checks (article
    001: who built it, who supports it, how many use it, a demo), answered by us."""

    built_by: BuiltBy | None = Field(
        default=None,
        description="product: part of our product as sold; partner: a partner's add-on; "
        "project: a project built for this customer.",
    )
    supported_by: str | None = Field(
        default=None,
        description="Who watches it once it runs, fixes failed deliveries and keeps it "
        "working across both systems' releases.",
    )
    customers: str | None = Field(
        default=None, description="How many customers run it today, and one who will talk to "
        "the prospect.",
    )
    demo: str | None = Field(default=None, description="Where and how a demo can be seen.")


class Spec(SpecMethods, _Model):
    spec: Literal[1] = Field(default=1, description="Format version.")
    title: str | None = None
    why: str | None = Field(default=None, description="The business requirement behind the flows.")
    answered_by: str | None = Field(
        default=None,
        description="Who gave the answers in this file (set by `mailroom interview --as`); "
        "`mailroom compare` names them.",
    )
    our_system: str | None = Field(
        default=None,
        description="The system id of the product this spec is written for, seen from the "
        "vendor's side (set by the sales-brief interview): `mailroom brief` is titled \"How "
        "<it> integrates with <the others>\". When absent, the first system is.",
    )
    prospect: Prospect | None = Field(
        default=None, description="Whom a sales brief answers: their organisation and the "
        "outcome they want.",
    )
    offer: Offer | None = Field(
        default=None, description="Our side of what a sales brief offers: who built it, who "
        "supports it, how many customers run it, a demo.",
    )
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    data_protection_contact: str | None = Field(
        default=None,
        description="Who must agree to the document for data protection (a data-protection "
        "officer or contact), where personal data travels: a name and role.",
    )
    time_zone: TimeZone | None = Field(
        default=None, description="The time zone the schedules' times are in (an IANA name, "
        "Europe/Oslo); a flow's own `time_zone`, or a zone written in a schedule, wins. With "
        "none, a stated time is taken as UTC, the zone the platform runs cron in.",
    )
    systems: list[System] = Field(default_factory=list)
    flows: list[Flow] = Field(default_factory=list)



def json_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "mailroom integration spec",
    }
