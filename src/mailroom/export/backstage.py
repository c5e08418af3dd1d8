"""Backstage catalog entities: the integration as a System, each system as a Component,
each mailbox's interface as an API, and who calls whom as relations.

`catalog-info.yaml`, one file with every entity. A Component or API `providesApis` the
interfaces of its mailbox, the mail person `consumesApis` them and `dependsOn` the
mailbox it calls (an SFTP folder too, which has no API entity). The API's definition is
the OpenAPI or AsyncAPI document beside it, by `$text` (Backstage reads the file in). What
Backstage requires and the spec does not say (the integration's owner, an owner of a
system, a lifecycle) is a placeholder ending in `-not-decided`, listed in
open-questions.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mailroom.export.model import (
    NOT_DECIDED,
    Openings,
    Use,
    ascii_name,
    names,
    system_description,
    words,
)

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts

FILE = "catalog-info.yaml"
API_VERSION = "backstage.io/v1alpha1"
OWNER = f"group:default/owner-{NOT_DECIDED}"
LIFECYCLE = f"lifecycle-{NOT_DECIDED}"
TYPE = f"type-{NOT_DECIDED}"


@dataclass(frozen=True)
class ApiFile:
    """An interface document written beside the catalog: whose, which kind, where."""

    system: str  # the system that provides it
    kind: str  # openapi or asyncapi
    name: str  # the entity's name before it is made safe: "<system>-rest-api"
    file: str  # relative to the output folder
    title: str
    users: tuple[str, ...]  # the systems that call it (or, for webhooks, receive its calls)


def entities(facts: SpecFacts, stem: str, used: list[Use], apis: list[ApiFile],
             openings: Openings) -> list[dict[str, Any]]:
    spec = facts.spec
    system_names = names([s.id for s in spec.systems])
    integration = names([stem])[stem]
    api_names = names([a.name for a in apis])
    lifecycle_of: list[str] = []
    found: list[dict[str, Any]] = [{
        "apiVersion": API_VERSION,
        "kind": "System",
        "metadata": _metadata(integration, words(spec.title) or stem, (spec.why or "").strip()),
        "spec": {"owner": OWNER},
    }]
    openings.add(FILE, f"System {integration}: spec.owner", (
        "Who owns this integration as a whole? Backstage's System needs an owner and the "
        f"spec names none; '{OWNER}' stands in."), OWNER)
    for system in spec.systems:
        name = system_names[system.id]
        entity_spec: dict[str, Any] = {"type": words(system.kind) or TYPE, "lifecycle": LIFECYCLE,
                                       "owner": _owner(facts, system.id, f"Component {name}",
                                                       openings),
                                       "system": integration}
        if not system.kind:
            asked = facts.question(None, f"systems.{system.id}.kind")
            openings.add(FILE, f"Component {name}: spec.type", (
                asked.text if asked else f"What kind of system is {system.label}?")
                + f" '{TYPE}' stands in.", TYPE)
        provides = [f"api:default/{api_names[a.name]}" for a in apis
                    if a.system == system.id]
        consumes = [f"api:default/{api_names[a.name]}" for a in apis
                    if system.id in a.users]
        depends = [f"component:default/{system_names[u.facts.mailbox]}" for u in used
                   if u.facts.mail_person == system.id and u.facts.mailbox in system_names]
        for key, refs in (("providesApis", provides), ("consumesApis", consumes),
                          ("dependsOn", depends)):
            if refs:
                entity_spec[key] = list(dict.fromkeys(refs))
        lifecycle_of.append(f"Component {name}")
        found.append({"apiVersion": API_VERSION, "kind": "Component",
                      "metadata": _metadata(name, system.label, system_description(system)),
                      "spec": entity_spec})
    for api in apis:
        name = api_names[api.name]
        lifecycle_of.append(f"API {name}")
        found.append({
            "apiVersion": API_VERSION,
            "kind": "API",
            "metadata": _metadata(name, api.title, _api_description(facts, api)),
            "spec": {"type": api.kind, "lifecycle": LIFECYCLE,
                     "owner": _owner(facts, api.system, f"API {name}", openings),
                     "system": integration,
                     "definition": {"$text": f"./{api.file}"}},
        })
    if lifecycle_of:
        openings.add(FILE, "spec.lifecycle of " + ", ".join(lifecycle_of), (
            "Which lifecycle (production, experimental, deprecated) is each component and "
            f"API in? Backstage requires one and the spec does not say; '{LIFECYCLE}' stands "
            "in."), LIFECYCLE)
    return found


def _metadata(name: str, title: str, description: str) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "title": title}
    if description:
        found["description"] = description
    return found


def _owner(facts: SpecFacts, system_id: str, entity: str, openings: Openings) -> str:
    """The system's owner as a group reference made from the spec's words ("Sales
    operations" -> group:default/sales-operations); a placeholder when not named."""
    system = facts.spec.system(system_id)
    owner = words(system.owner) if system is not None else ""
    if owner:
        reference = f"group:default/{names([owner], fallback='owner')[owner]}"
        if not ascii_name(owner):
            openings.add(FILE, f"{entity}: spec.owner", (
                f"Backstage names are in Latin letters: {facts.label(system_id)}'s owner "
                f"'{owner}' is written as '{reference}'; which group is it in your "
                "catalog?"), reference)
        return reference
    asked = facts.question(None, f"systems.{system_id}.owner")
    openings.add(FILE, f"{entity}: spec.owner", (
        asked.text if asked else f"Who owns {facts.label(system_id)}?")
        + f" '{OWNER}' stands in.", OWNER)
    return OWNER


def _api_description(facts: SpecFacts, api: ApiFile) -> str:
    name = facts.label(api.system)
    users = ", ".join(facts.label(u) for u in api.users)
    if api.kind == "asyncapi":
        return f"What {name} receives from {users}, flow by flow (AsyncAPI, {api.file})."
    if api.file.endswith("-webhooks.yaml"):
        return f"The webhooks {name} calls, received by {users} (OpenAPI, {api.file})."
    return f"What {users} asks of {name}'s REST API (OpenAPI, {api.file})."
