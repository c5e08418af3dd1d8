"""Questionnaires are data: the YAML files under questionnaires/, as pydantic models.

A questionnaire is a list of questions and repeatable groups (one block per
system, one per flow). Each question names the spec field it fills, so the
interview's answers are a spec.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

QuestionType = Literal["text", "select", "multi-select", "confirm", "number", "list"]
# How a typed answer is read: `volume` ("about 300 a day, 3000 on Black Friday": the
# volume and its peak), `field-map` ("email -> Email, lower case, personal": one field).
Parse = Literal["volume", "field-map"]
GroupName = Literal["systems", "flows"]
DEFAULT_NAME = "scoping"
_CACHE_FORMAT = 4

# Texts may hold {field}, {field.name} (the name of the system a field names) and
# {field|slug}. Facts are worked out from the answers rather than asked.
PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[a-z_]+)*)(?:\|([a-z]+))?\}")
FILTERS = ("slug",)
FACTS: dict[str, tuple[str, ...]] = {
    "": ("first_system", "last_system", "personal_data_travels", "scheduled"),
    "systems": ("n", "catalog_match"),
    "flows": ("n", "direction", "other_end", "sentence", "by_file", "sensitive_personal",
              "dated"),
}
SYSTEM_REFERENCES = (
    "source", "destination", "mail_person", "mailbox", "business_logic", "other_end",
    "first_system", "last_system",
)
CatalogFact = Literal["name", "kind", "platform", "api", "events", "registration", "auth",
                      "transport", "interface_kind"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class Choice(_Data):
    """One answer to pick. `value` and the texts may use {placeholders}."""

    value: str | bool
    label: str | None = Field(default=None, description="What the person sees (else the value).")
    explain: str | None = Field(default=None, description="One line on what choosing it means.")


class Unavailable(_Data):
    """A choice the domain rules exclude, shown disabled with the reason."""

    value: str | bool
    when: dict[str, Any] | None = Field(default=None, description="Only when this holds.")
    reason: str


class Rule(_Data):
    """A validation rule and the message shown when an answer breaks it."""

    rule: Literal["id", "unique", "schedule", "time-zone"] | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    message: str


class CatalogRef(_Data):
    """A fact the catalog documents about a system, offered as the question's default."""

    fact: CatalogFact
    of: str | None = Field(
        default=None,
        description="In a flow: the field naming the system (mailbox, source…). In a system's "
        "questions: left out, the system itself (its `catalog` answer).",
    )


class Question(_Data):
    id: str
    field: str | None = Field(
        default=None, description="The spec field it fills, within its system or flow."
    )
    type: QuestionType = "text"
    prompt: str
    help: str | None = None
    choices: tuple[Choice, ...] = ()
    choices_from: Literal["systems", "catalog", "system-pairs", "schedules"] | None = Field(
        default=None,
        description="systems: the systems so far; catalog: the catalog entries the name "
        "matches; system-pairs: every 'A → B' of two systems (with `also`); schedules: "
        "intervals, those slower than the flow's freshness (`latency`) shown unavailable.",
    )
    also: tuple[str, ...] = Field(
        default=(),
        description="More fields the one answer fills: the answer is then a list, the field's "
        "value first (a pair of systems, a volume and its peak).",
    )
    of: str | None = Field(
        default=None,
        description="In a flow: the field naming the system whose `field` this fills (skills "
        "of the mail person); asked once for each system, in the first flow that needs it.",
    )
    parse: Parse | None = Field(default=None, description="How a typed answer is read.")
    other: str | None = Field(
        default=None, description="select: a last choice that lets the person type a value."
    )
    default: str | bool | int | tuple[str, ...] | None = Field(
        default=None,
        description="A value, or a text built from earlier answers; a list of texts: the "
        "first whose answers are known (\"{source}-to-{destination}\", then \"flow-{n}\").",
    )
    when: dict[str, Any] | None = None
    depends_on: tuple[str, ...] = Field(
        default=(), description="Fields whose change makes this question be asked again."
    )
    unavailable: tuple[Unavailable, ...] = ()
    validate_: tuple[Rule, ...] = Field(default=(), alias="validate")
    unknown: bool = Field(default=True, description="May the answer be 'don't know yet'?")
    required: bool = Field(
        default=True, description="Must an answers file given without a terminal answer it?"
    )
    unit: str | None = Field(default=None, description="number: stored as '<n> <unit>'.")
    join: str | None = Field(default=None, description="multi-select: stored as joined text.")
    on_no: tuple[str, ...] = Field(
        default=(), description="confirm: a No asks these fields again."
    )
    confirms: str | None = Field(
        default=None, description="confirm: a Yes stores this fact (e.g. direction) in the field."
    )
    person: bool = Field(
        default=False,
        description="'Name (role)': recorded as answered_by and as a stakeholder.",
    )
    ask: bool | Literal["unless-documented"] = Field(
        default=True,
        description="False: never put to the person; the answer is worked out (its catalog "
        "fact, else its default, else a select's only choice) and follows what it is worked "
        "out from; asked after all when what is worked out breaks a rule (an id two systems "
        "would share). unless-documented: taken from the catalog when the vendor documents "
        "it, else asked. An answers file or --as may still give it.",
    )
    catalog: CatalogRef | None = Field(
        default=None, description="A catalog fact offered as the default, with its source."
    )


class Another(_Data):
    prompt: str
    help: str | None = None
    first: str | None = Field(
        default=None,
        description="Ask 'another?' as the next item's first question, with this prompt: an "
        "empty answer means there are no more (one question instead of two).",
    )


class Group(_Data):
    """A block of questions asked once per system or per flow."""

    group: GroupName
    heading: tuple[str, ...] = Field(description="The first one whose answers are known.")
    min: int = Field(default=1, ge=1)
    max: int | None = Field(default=None, ge=1, description="No 'another?' after this many.")
    another: Another
    resolve: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="A check's code → the questions whose answers can resolve it.",
    )
    questions: tuple[Question, ...]


def _kind(item: Any) -> str:
    if isinstance(item, Group) or (isinstance(item, dict) and "group" in item):
        return "group"
    return "question"


Item = Annotated[
    Annotated[Question, Tag("question")] | Annotated[Group, Tag("group")],
    Discriminator(_kind),
]


class NextStep(_Data):
    """What to do with the spec once the interview ends (unless it holds an error)."""

    say: str
    command: str = Field(description="A command; {spec} is the spec's path.")


class Questionnaire(_Data):
    questionnaire: Literal[1] = Field(description="Format version.")
    name: str
    title: str
    intro: str | None = None
    next: NextStep | None = Field(
        default=None, description="The next step shown at the end (default: render the "
        "requirements document, or fill in the open questions first).")
    items: tuple[Item, ...]

    def group(self, name: str) -> Group | None:
        return next((i for i in self.items if isinstance(i, Group) and i.group == name), None)
