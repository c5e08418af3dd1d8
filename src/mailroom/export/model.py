"""What every export is made of, worked out from the facts (mailroom.facts), never guessed.

An export says only what the spec says. Where a format leaves a value optional and the spec
leaves it open, the value is left out. Where the format requires one (Backstage's
`spec.owner`, an OpenAPI operation's method), a placeholder stands in that is still valid
and says it is one (`group:default/owner-not-decided`), and the export lists it as an open
question (`Openings`), on screen and in `open-questions.md` in the output folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mailroom.facts.flows import FOLDER_TRANSPORTS
from mailroom.facts.grammar import data_words, timing_words
from mailroom.facts.interfaces import StatedEndpoint, stated_endpoint

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import FieldMap, System

# Transports a request over HTTP carries: a REST API, or a receiver URL a webhook calls.
HTTP_TRANSPORTS = frozenset({"rest", "webhook"})
# Transports an AsyncAPI document cannot describe here (no message is sent to a channel).
NOT_MESSAGES = FOLDER_TRANSPORTS | {"database"}
# The marker every placeholder carries, in names and in words.
NOT_DECIDED = "not-decided"
# Media types of the formats a spec names (`format`), lowercased; others are left out.
MEDIA_TYPES = {
    "json": "application/json",
    "xml": "application/xml",
    "csv": "text/csv",
    "html": "text/html",
    "text": "text/plain",
}


@dataclass(frozen=True)
class Opening:
    """An open question an export raises: what stands in (or is left out), where, and
    what to decide. `placeholder` is the value written in its place, None when left out."""

    file: str  # the export's file, relative to the output folder
    where: str  # in that file: "components.securitySchemes.netsuite.flows…"
    question: str
    placeholder: str | None = None


@dataclass
class Openings:
    """The open questions of one spec's exports, in the order they were raised."""

    items: list[Opening] = field(default_factory=list)

    def add(self, file: str, where: str, question: str, placeholder: str | None = None
            ) -> None:
        opening = Opening(file, where, " ".join(question.split()), placeholder)
        if opening not in self.items:
            self.items.append(opening)


@dataclass(frozen=True)
class Use:
    """One flow as it uses a mailbox's way in: the mail person knocks, the mailbox answers."""

    facts: FlowFacts
    endpoint: StatedEndpoint  # what the mailbox's `interface` states (method, path)
    key: str = ""  # the flow's id as a key every format takes ([a-z0-9-]); see `uses`

    @property
    def flow(self) -> Any:
        return self.facts.flow

    @property
    def id(self) -> str:
        return self.facts.id

    @property
    def action(self) -> str | None:
        return self.facts.action

    @property
    def media_type(self) -> str | None:
        return MEDIA_TYPES.get((self.flow.format or "").strip().lower())

    @property
    def event_driven(self) -> bool:
        """A push started by an event, or a webhook: the receiver gets a message."""
        return self.facts.direction == "push" and (
            self.flow.trigger == "event" or self.facts.webhook is not None)

    @property
    def in_asyncapi(self) -> bool:
        return self.event_driven and self.facts.transport not in NOT_MESSAGES

    @property
    def in_openapi(self) -> bool:
        """A call into the mailbox's REST API (a webhook receiver is described by AsyncAPI,
        and by the caller's OpenAPI `webhooks`)."""
        return self.facts.transport == "rest" and self.action in ("push", "poll", "lookup")


def uses(facts: SpecFacts) -> list[Use]:
    """Every flow whose mail person and mailbox are known, with the mailbox's endpoint."""
    keys = names([f.id for f in facts.flows], fallback="flow")
    return [Use(f, stated_endpoint(facts.spec.system(f.mailbox)), keys[f.id])
            for f in facts.flows
            if f.mail_person is not None and f.mailbox is not None and f.direction is not None]


def by_mailbox(items: list[Use]) -> dict[str, list[Use]]:
    found: dict[str, list[Use]] = {}
    for use in items:
        found.setdefault(use.facts.mailbox or "", []).append(use)
    return found


def names(ids: list[str], limit: int = 63, fallback: str = "system") -> dict[str, str]:
    """A name per id that every format takes ([a-z0-9-], starting with a letter or digit,
    at most `limit` characters), kept apart when two ids come out the same. Accents are
    dropped ("Zürich" -> "zurich"); a text with no Latin letter or digit at all ("电子商务部")
    becomes `<fallback>-<digest of the text>`, the same for the same text."""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for ident in ids:
        base = ascii_name(ident)[:limit].strip("-")
        if not base:
            base = f"{fallback}-{hashlib.sha256(ident.encode()).hexdigest()[:8]}"
        name, n = base, 2
        while name in taken:
            suffix = f"-{n}"
            name, n = base[: limit - len(suffix)].strip("-") + suffix, n + 1
        taken.add(name)
        found[ident] = name
    return found


def ascii_name(text: str) -> str:
    """'Zürich team (ops)' -> 'zurich-team-ops'; '' when nothing of it is Latin."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def words(text: str | None) -> str:
    """A stakeholder's text on one line (formats that show a title or a label)."""
    return " ".join((text or "").split())


def field_name(item: FieldMap, side: str) -> str:
    """A field's name in the mailbox's own terms: its `destination_field` when the mailbox
    receives, `source_field` when it is read from; its plain name when that is not said."""
    named = item.destination_field if side == "destination" else item.source_field
    return words(named or item.name or item.source_field or item.destination_field) or "field"


def payload_schema(use: Use, side: str) -> dict[str, Any]:
    """The data as a JSON Schema, from the flow's `fields` when the spec lists them: a
    property per field, named as the mailbox names it, described in the spec's words. The
    types are not in the spec, so none is given; without `fields`, only a description."""
    flow = use.flow
    schema: dict[str, Any] = {}
    if use.media_type == "application/json":
        schema["type"] = "object"
    schema["description"] = words(flow.data) or "The data (not described yet)."
    properties: dict[str, Any] = {}
    for item in flow.fields or ():
        name = field_name(item, side)
        if name in properties:
            continue
        properties[name] = {"description": field_description(item)}
    personal = [words(p) for p in flow.personal_fields or () if words(p)]
    if personal:
        text = schema["description"]
        schema["description"] = (text if text.endswith((".", "!", "?")) else text + ".") \
            + " Personal data: " + ", ".join(personal) + "."
    if properties:
        schema["properties"] = properties
    return schema


def field_description(item: FieldMap) -> str:
    parts = [words(item.name) or "a field"]
    if item.source_field:
        parts.append(f"from {words(item.source_field)}")
    if item.destination_field:
        parts.append(f"to {words(item.destination_field)}")
    text = " ".join(parts)
    if item.transform:
        text += f" ({words(item.transform)})"
    if item.personal:
        text += "; personal data"
    return text + "."


def summary(facts: SpecFacts, use: Use) -> str:
    """The operation's summary: the flow's sentence, the mail person as its subject."""
    return use.facts.sentence.rstrip(".") + "."


def trigger_words(facts: SpecFacts, use: Use) -> str | None:
    """When the flow runs, in the sentence's words; None when the trigger is not decided."""
    if use.flow.trigger is None:
        return None
    return timing_words(facts.spec, use.flow)


def data_of(facts: SpecFacts, use: Use) -> str:
    return data_words(facts.spec, use.flow)


def system_description(system: System, *, kind: bool = True) -> str:
    """A system in the spec's words: its kind (unless shown apart), its way in and where,
    who owns it."""
    parts = []
    if system.kind and kind:
        said = words(system.kind).rstrip(".")
        parts.append(said[:1].upper() + said[1:] + ".")
    if system.interface:
        parts.append(f"Way in: {words(system.interface).rstrip('.')}.")
    if system.owner:
        parts.append(f"Owner: {words(system.owner).rstrip('.')}.")
    return " ".join(parts)
