"""AsyncAPI 3 documents: the messages each receiver gets, flow by flow.

One document per mailbox that receives event-driven flows or webhooks
(`asyncapi/<system>.yaml`), written from the receiver's side: a channel per flow, its
address the path the receiver's `interface` states (left out when it states none), a
`receive` operation with the HTTP binding (its method only when the spec states one),
the message with its payload from the flow's fields, and the security scheme from the
flow's authentication method. No server: the spec does not say where the receiver runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.export.model import HTTP_TRANSPORTS, Openings, Use, payload_schema, words
from mailroom.export.security import scheme

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts

VERSION = "3.0.0"
HTTP_BINDING = "0.3.0"


def documents(facts: SpecFacts, mailboxes: dict[str, list[Use]], files: dict[str, str],
              version: str, openings: Openings) -> dict[str, dict[str, Any]]:
    found = {}
    for system_id, used in mailboxes.items():
        events = [u for u in used if u.in_asyncapi]
        if events:
            found[files[system_id]] = _document(facts, system_id, events, files[system_id],
                                                version, openings)
    return found


def _document(facts: SpecFacts, system_id: str, used: list[Use], file: str, version: str,
              openings: Openings) -> dict[str, Any]:
    name = facts.label(system_id)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    schemes: dict[str, Any] = {}
    for use in used:
        channels[use.key] = _channel(name, use, file, openings)
        operation = _operation(name, facts.label(use.facts.mail_person), use, file, openings)
        found = scheme(facts, use, "asyncapi", file,
                                f"components.securitySchemes.{use.key}", openings)
        if found is not None:
            schemes[use.key] = found
            operation["security"] = [{"$ref": f"#/components/securitySchemes/{use.key}"}]
        operations[f"receive-{use.key}"] = operation
    document: dict[str, Any] = {
        "asyncapi": VERSION,
        "info": {"title": f"{name}: the messages it receives", "version": version,
                 "description": _description(facts, system_id)},
    }
    if used and all(u.media_type == used[0].media_type for u in used) and used[0].media_type:
        document["defaultContentType"] = used[0].media_type
    document["channels"] = channels
    document["operations"] = operations
    if schemes:
        document["components"] = {"securitySchemes": schemes}
    return document


def _channel(name: str, use: Use, file: str, openings: Openings) -> dict[str, Any]:
    channel: dict[str, Any] = {}
    if use.endpoint.path:
        channel["address"] = use.endpoint.path
    else:
        openings.add(file, f"channels.{use.key}.address", (
            f"At which address does {name} receive flow {use.id}? Its interface does "
            "not state a path, so the channel has no address yet."))
    channel["title"] = f"Flow {use.id}"
    channel["description"] = use.facts.sentence
    message: dict[str, Any] = {"name": use.key, "title": words(use.flow.data) or use.key}
    if use.media_type:
        message["contentType"] = use.media_type
    elif use.flow.format:
        openings.add(file, f"channels.{use.key}.messages.{use.key}.contentType", (
            f"Flow {use.id}'s format '{words(use.flow.format)}' is not a media type "
            "mailroom knows; the message's content type is left out."))
    message["payload"] = payload_schema(use, "destination")
    channel["messages"] = {use.key: message}
    return channel


def _operation(name: str, caller: str, use: Use, file: str, openings: Openings
               ) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "action": "receive",
        "channel": {"$ref": f"#/channels/{use.key}"},
        "title": f"{name} receives flow {use.id}",
        "summary": _summary(caller, use),
        "messages": [{"$ref": f"#/channels/{use.key}/messages/{use.key}"}],
    }
    if use.facts.transport in HTTP_TRANSPORTS:
        binding: dict[str, Any] = {"bindingVersion": HTTP_BINDING}
        if use.endpoint.method:
            binding["method"] = use.endpoint.method
        operation["bindings"] = {"http": binding}
    elif use.facts.transport is None:
        openings.add(file, f"operations.receive-{use.key}.bindings", (
            f"How does the data of flow {use.id} travel? The spec does not say, so the "
            "operation has no protocol binding."))
    return operation


def _summary(caller: str, use: Use) -> str:
    how = "calls its receiver URL (a webhook)" if use.facts.webhook is not None \
        else "sends it"
    flow = use.flow
    when = ""
    if flow.trigger == "event" and flow.event:
        when = f" when {words(flow.event)}"
    return f"{caller} {how}{when}."


def _description(facts: SpecFacts, system_id: str) -> str:
    system = facts.spec.system(system_id)
    interface = words(system.interface) if system is not None else ""
    name = facts.label(system_id)
    return (f"What {name} receives in {words(facts.spec.title) or 'the integration'}"
            + (f" ({interface})" if interface else "") + ", made by mailroom from the spec, "
            "from the receiver's side: a receive operation per flow. Only what the spec "
            "says: no server (where it runs is not in the spec), no field types; what "
            "stands in for a required value is listed in open-questions.md.")
