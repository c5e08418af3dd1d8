"""OpenAPI 3.1 skeletons: what the flows ask of each mailbox's REST API.

One document per mailbox whose REST API a flow uses (`openapi/<system>.yaml`): the path
its `interface` states, the method the mail person calls, the body from the flow's fields
(the request's for a push, the response's for a poll or a look-up), the security scheme
from the flow's authentication method, and the query parameters a poll needs. A path the
spec does not state is left out (the operation's parts wait under `components`); a method
it does not state stands in, marked, as an open question.

And, where a system with a REST API calls out to a receiver URL (a webhook), the same
call as OpenAPI 3.1 `webhooks` in the caller's own document
(`openapi/<system>-webhooks.yaml`): what its developers describe beside their API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mailroom.export.model import (
    NOT_DECIDED,
    Openings,
    Use,
    data_of,
    payload_schema,
    trigger_words,
    words,
)
from mailroom.export.security import requirement, scheme
from mailroom.facts.grammar import possessive

if TYPE_CHECKING:
    from mailroom.catalog.model import Entry
    from mailroom.facts.spec_facts import SpecFacts

VERSION = "3.1.0"
# What a poll asks for: records changed since the last run, a page at a time. The spec
# says how the poll finds what is new (change_detection), never the API's own names for
# it: these names stand in (the stub's jobs and simulate's mocks use the same), marked.
CURSOR_PARAMETERS = {
    "modified-since": ("modified_since", "Records changed since this moment (the cursor "
                       "the last run kept).", {"type": "string", "format": "date-time"}),
    "incremental-id": ("after_id", "Records whose id comes after this one (the cursor the "
                       "last run kept).", {"type": "string"}),
}
# How a vendor's documented paging reads in a parameter's description.
PAGING_WORDS = {"cursor": "by a cursor each page gives for the next",
                "next-link": "by the address of the next page that each page gives",
                "offset": "by skipping the records already read",
                "page-number": "by page number"}
PAGE_PARAMETERS = (("page", "Which page of the answer."),
                   ("per_page", "How many records a page holds."))
# Redocly's recommended rules require a server: one that says it is a placeholder.
SERVER = f"https://base-url-{NOT_DECIDED}.invalid"
STAND_IN_METHOD = {"push": "post", "poll": "get", "lookup": "get"}


def documents(facts: SpecFacts, mailboxes: dict[str, list[Use]], files: dict[str, str],
              version: str, openings: Openings) -> dict[str, dict[str, Any]]:
    """Each mailbox's document by its file name (`files`: system id -> file name)."""
    found = {}
    for system_id, used in mailboxes.items():
        rest = [u for u in used if u.in_openapi]
        if rest:
            found[files[system_id]] = _mailbox_document(facts, system_id, rest,
                                                        files[system_id], version, openings)
    return found


def webhook_documents(facts: SpecFacts, callers: dict[str, list[Use]], files: dict[str, str],
                      version: str, openings: Openings) -> dict[str, dict[str, Any]]:
    """The webhooks a system with a REST API calls, by its file name."""
    found = {}
    for system_id, used in callers.items():
        file = files[system_id]
        document = _head(f"{facts.label(system_id)}: the webhooks it calls",
                         _webhooks_description(facts, system_id), version)
        hooks: dict[str, Any] = {}
        schemes: dict[str, Any] = {}
        for use in used:
            method = use.endpoint.method
            if method is None:
                method = "POST"
                openings.add(file, f"webhooks.{use.key}", (
                    f"With which HTTP method does {facts.label(system_id)} call "
                    f"{facts.label(use.facts.mailbox)}'s receiver (flow {use.id})? The spec "
                    "does not say; POST stands in."), "post")
            operation = _operation(facts, use, file, f"webhooks.{use.key}", schemes, openings)
            operation["requestBody"] = _body(use, "source", file, f"webhooks.{use.key}",
                                             openings)
            operation["responses"] = {"2XX": {"description": (
                f"{facts.label(use.facts.mailbox)} took the message.")}}
            hooks[use.key] = {method.lower(): operation}
        _server(document, facts.label(system_id), file, openings)
        document["webhooks"] = hooks
        if schemes:
            document["components"] = {"securitySchemes": schemes}
        found[file] = document
    return found


def _head(title: str, description: str, version: str) -> dict[str, Any]:
    return {"openapi": VERSION,
            "info": {"title": title, "version": version, "description": description}}


def _mailbox_document(facts: SpecFacts, system_id: str, used: list[Use], file: str,
                      version: str, openings: Openings) -> dict[str, Any]:
    name = facts.label(system_id)
    document = _head(f"{name}: what {words(facts.spec.title) or 'this integration'} asks "
                     "of its REST API", _description(facts, system_id), version)
    paths: dict[str, dict[str, Any]] = {}
    components: dict[str, dict[str, Any]] = {}
    schemes: dict[str, Any] = {}
    for use in used:
        path = use.endpoint.path
        where = f"paths.{path}" if path else f"components (flow {use.id})"
        operation = _operation(facts, use, file, where, schemes, openings)
        side = "destination" if use.action == "push" else "source"
        if use.action == "push":
            operation["requestBody"] = _body(use, side, file, where, openings)
        else:
            parameters = _parameters(facts, use, file, where, openings)
            if parameters:
                operation["parameters"] = parameters
            paged = _paging_note(facts, use)
            if paged:
                operation["description"] += " " + paged
            operation["responses"] = {"2XX": {
                "description": f"{data_of(facts, use).capitalize()}, as {name} returns them.",
                "content": _content(use, side, file, where, openings)}}
        if path is None:
            openings.add(file, f"components (flow {use.id})", (
                f"Where in {name}'s REST API does flow {use.id} go: which path? The spec's "
                f"interface does not say one, so the operation has no path yet; its body, "
                "parameters and security wait under components."))
            _park(components, use, operation)
            continue
        method = (use.endpoint.method or "").lower()
        if not method:
            method = STAND_IN_METHOD[use.action or "push"]
            operation["summary"] = f"{operation['summary']} (method not stated in the " \
                f"spec: {method.upper()} stands in)"
            openings.add(file, f"paths.{path}.{method}", (
                f"Which HTTP method does {facts.label(use.facts.mail_person)} call at {path} "
                f"of {name} (flow {use.id})? The spec does not say; {method.upper()} stands "
                "in."), method)
        operations = paths.setdefault(path, {})
        if method in operations:  # two flows, one operation: both are said
            operations[method]["description"] += "\n\n" + operation["description"]
            continue
        operations[method] = operation
    _server(document, name, file, openings)
    document["paths"] = paths
    if schemes:
        components["securitySchemes"] = schemes
    if components:
        document["components"] = components
    return document


def _server(document: dict[str, Any], name: str, file: str, openings: Openings) -> None:
    document["servers"] = [{"url": SERVER, "description": (
        f"Placeholder: the spec does not say where {name}'s REST API is.")}]
    openings.add(file, "servers", f"Where is {name}'s REST API: its base URL? "
                 f"'{SERVER}' stands in.", SERVER)


def _operation(facts: SpecFacts, use: Use, file: str, where: str, schemes: dict[str, Any],
               openings: Openings) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": use.key,
        "summary": use.facts.sentence.rstrip("."),
        "description": _flow_description(facts, use),
    }
    found = scheme(facts, use, "openapi", file,
                            f"components.securitySchemes.{use.key}", openings)
    if found is not None:
        schemes[use.key] = found
        operation["security"] = [requirement(use.key, use)]
    elif use.facts.credential.method == "none":
        operation["security"] = []
    return operation


def _body(use: Use, side: str, file: str, where: str, openings: Openings) -> dict[str, Any]:
    return {"required": True, "description": words(use.flow.data) or None,
            "content": _content(use, side, file, where, openings)} \
        if use.flow.data else {"required": True,
                               "content": _content(use, side, file, where, openings)}


def _content(use: Use, side: str, file: str, where: str, openings: Openings
             ) -> dict[str, Any]:
    media = use.media_type
    if media is None:
        media = "*/*"
        format_ = words(use.flow.format)
        openings.add(file, f"{where} content", (
            f"In which format does the data of flow {use.id} travel? "
            + (f"The spec says '{format_}', which is not a media type mailroom knows; "
               if format_ else "The spec does not say; ")
            + "'*/*' (any) stands in."), "*/*")
    return {media: {"schema": payload_schema(use, side)}}


def _parameters(facts: SpecFacts, use: Use, file: str, where: str, openings: Openings
                ) -> list[dict[str, Any]]:
    """A poll's query parameters: the change filter and the paging its mailbox's vendor
    documents (named as the vendor names them, with the page they rest on); a stand-in,
    marked and asked, for what the catalog does not say."""
    if use.action != "poll":
        return []
    polling = use.facts.polling
    entry = _entry(facts, use.facts.mailbox)
    name = facts.label(use.facts.mailbox)
    stand_in = (f"Stand-in name: the spec says what the poll asks for, not the name {name} "
                "gives this parameter.")
    found: list[dict[str, Any]] = []
    standing_in: list[str] = []
    cursor = CURSOR_PARAMETERS.get(polling.change_detection or "") if polling else None
    change = next((c for c in entry.changes if c.how == "modified-filter" and c.parameter
                   and c.in_query), None) if entry is not None else None
    if cursor is not None and change is not None and polling is not None \
            and polling.change_detection == "modified-since":
        assert change.parameter is not None
        found.append({"name": change.parameter, "in": "query", "required": False,
                      "description": f"{cursor[1]} The filter {possessive(name)} vendor "
                      f"documents for this: {change.source}",
                      "schema": {"type": "string"}})
    elif cursor is not None:
        found.append({"name": cursor[0], "in": "query", "required": False,
                      "description": f"{cursor[1]} {stand_in}", "schema": cursor[2]})
        standing_in.append(cursor[0])
    elif polling is not None and polling.change_detection is None:
        asked = facts.question(use.id, "change_detection")
        openings.add(file, f"{where} parameters", asked.text if asked else (
            f"How does flow {use.id}'s poll find what is new or changed?"))
    paging = entry.paging if entry is not None else None
    if paging is not None and (paging.query or paging.style == "next-link"):
        style = PAGING_WORDS[paging.style]
        found += [{"name": param, "in": "query", "required": False,
                   "description": f"Paging: {name} pages {style}, as its vendor documents: "
                   f"{paging.source}", "schema": {}} for param in paging.query]
    else:
        for param, text in PAGE_PARAMETERS:
            found.append({"name": param, "in": "query", "required": False,
                          "description": f"{text} {stand_in}",
                          "schema": {"type": "integer", "minimum": 1}})
            standing_in.append(param)
    if standing_in:
        openings.add(file, f"{where} parameters", (
            f"Which query parameters does {name}'s API take for flow {use.id}'s poll "
            "(records changed since the last run, and paging)? Stand-in names are written: "
            + ", ".join(standing_in) + "."), ", ".join(standing_in))
    return found


def _paging_note(facts: SpecFacts, use: Use) -> str | None:
    """How a polled mailbox pages, as its vendor documents it, with its page."""
    entry = _entry(facts, use.facts.mailbox) if use.action == "poll" else None
    paging = entry.paging if entry is not None else None
    if paging is None or not (paging.query or paging.style == "next-link"):
        return None
    names = f" ({', '.join(paging.parameters)})" if paging.parameters else ""
    return (f"{facts.label(use.facts.mailbox)} pages {PAGING_WORDS[paging.style]}{names}, "
            f"as its vendor documents: {paging.source}")


def _entry(facts: SpecFacts, system_id: str | None) -> Entry | None:
    """The mailbox's catalog entry, where the facts were worked out with a catalog."""
    system = facts.spec.system(system_id)
    if facts.catalog is None or system is None:
        return None
    return facts.catalog.for_system(system)


def _park(components: dict[str, dict[str, Any]], use: Use, operation: dict[str, Any]
          ) -> None:
    """An operation without a path: its body and parameters under components."""
    if "requestBody" in operation:
        components.setdefault("requestBodies", {})[use.key] = operation["requestBody"]
    if "responses" in operation:
        components.setdefault("responses", {})[use.key] = operation["responses"]["2XX"]
    for parameter in operation.get("parameters", []):
        components.setdefault("parameters", {})[f"{use.key}-{parameter['name']}"] = parameter


def _flow_description(facts: SpecFacts, use: Use) -> str:
    flow = use.flow
    lines = [f"Flow {use.id}: {use.facts.sentence}"]
    trigger = trigger_words(facts, use)
    if trigger:
        lines.append(f"Starts {trigger}.")
    if flow.volume:
        peak = f" (peak: {words(flow.volume_peak)})" if flow.volume_peak else ""
        lines.append(f"Volume: {words(flow.volume)}{peak}.")
    if flow.latency:
        lines.append(f"Fresh within: {words(flow.latency)}.")
    return " ".join(lines)


def _description(facts: SpecFacts, system_id: str) -> str:
    system = facts.spec.system(system_id)
    interface = words(system.interface) if system is not None else ""
    name = facts.label(system_id)
    return (f"A skeleton of what {words(facts.spec.title) or 'the integration'} asks of "
            f"{name}'s REST API" + (f" ({interface})" if interface else "") + ", made by "
            "mailroom from the spec: only what the spec says. The server, the responses' "
            "details and the fields' types are not in the spec and are left out; what stands "
            "in for a required value is listed in open-questions.md.")


def _webhooks_description(facts: SpecFacts, system_id: str) -> str:
    name = facts.label(system_id)
    return (f"The calls {name} makes to receiver URLs (webhooks) in "
            f"{words(facts.spec.title) or 'the integration'}, as OpenAPI 3.1 webhooks: "
            f"what {name}'s developers describe beside their REST API. The receiver's side "
            "of the same calls is in the AsyncAPI document of the receiver.")
