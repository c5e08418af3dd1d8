"""Which vendor dialect a flow's mailbox speaks (mailroom.vendors), and the endpoint and
credential its step then has: the vendor's documented path (at the API version the
spec's interface names) and the fields its authentication needs."""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from mailroom.catalog.loading import entry_id
from mailroom.stub.shape import Endpoint, FlowShape
from mailroom.vendors import DIALECTS, Dialect, Signing

if TYPE_CHECKING:
    import jinja2

    from mailroom.spec.model import Spec
    from mailroom.stub.openfn import Provenance
    from mailroom.stub.plan import Target, Workflow

_VERSION = re.compile(r"/services/data/v\d+\.\d+")


def vendor_dialect(spec: Spec, shape: FlowShape) -> Dialect | None:
    """The vendor dialect a flow's mailbox speaks, when its catalog entry has one that
    covers what the flow does (its kind, change detection and authentication) over HTTP."""
    system = spec.system(shape.mailbox)
    if system is None or not shape.is_http or shape.kind is None:
        return None
    found = entry_id(system)
    dialect = DIALECTS.get(found) if found else None
    if dialect is None:
        return None
    cursor = shape.cursor
    change = "full-fetch" if cursor is None or cursor.stand_in else cursor.kind
    return dialect if dialect.covers(shape.kind, change, shape.credential.method) else None


def vendor_target(spec: Spec, shape: FlowShape, target: Target) -> Target:
    """A flow's mailbox target, with the vendor's endpoint, the credential fields its
    authentication needs and the dialect's id when the mailbox speaks a vendor dialect."""
    dialect = vendor_dialect(spec, shape)
    if dialect is None or shape.endpoint is None:
        return target
    credential = shape.credential
    if credential.method == "api-key" and dialect.key_auth is not None:
        credential = dataclasses.replace(credential,
                                         fields=("baseUrl", *dialect.key_auth.fields))
    if credential.method == "oauth2-client-credentials" and dialect.client_assertion:
        credential = dataclasses.replace(credential,
                                         fields=("baseUrl", "tokenUrl", "clientAssertion"))
    if shape.kind == "poll" and dialect.pull is not None:
        method = "POST" if dialect.pull.style in ("hubspot-search", "odoo-search-read",
                                                  "shopify-graphql") \
            else "GET"  # a search, or a call of a model's method
        endpoint = Endpoint(method, _api_version(dialect.pull.path, shape.endpoint), True)
    elif shape.kind == "lookup" and dialect.lookup is not None:
        endpoint = Endpoint(dialect.lookup.method,
                            _api_version(dialect.lookup.path, shape.endpoint), True)
    else:
        assert dialect.push is not None
        endpoint = Endpoint(dialect.push.method, _api_version(dialect.push.path, shape.endpoint),
                            True)
    return dataclasses.replace(target, endpoint=endpoint, credential=credential,
                               dialect=dialect)


def records_of(workflow: Workflow) -> tuple[str, str]:
    """The id and last-modified fields of the records a workflow's pushes carry: the
    vendor's, when a vendor-shaped pull fetched them; else the generic ones."""
    for step in workflow.steps:
        dialect = step.target.dialect if step.target is not None else None
        if step.kind == "poll" and dialect is not None and dialect.pull is not None:
            return dialect.pull.id_field, dialect.pull.modified_field
    return "id", "modified_at"


def _api_version(path: str, named: Endpoint) -> str:
    """The vendor's path, at the API version the spec's interface names, if it names one
    (Salesforce's /services/data/v60.0/...)."""
    found = _VERSION.search(named.path) if named.from_spec else None
    return _VERSION.sub(found.group(0), path) if found else path


def sender_signing(spec: Spec, workflow: Workflow) -> tuple[Dialect, Signing] | None:
    """How the system pushing into a workflow's webhook trigger signs what it sends, when
    its catalog entry's dialect documents it."""
    if workflow.inbound is None:
        return None
    system = spec.system(workflow.inbound.flow.flow.source)
    found = entry_id(system) if system is not None else None
    dialect = DIALECTS.get(found) if found else None
    if dialect is None or dialect.signing is None:
        return None
    return dialect, dialect.signing


def signature_files(spec: Spec, workflows: list[Workflow], origin: Provenance,
                    templates: jinja2.Environment) -> dict[str, str]:
    """For each workflow a catalog system pushes into with signed webhooks, the check of
    its signature (verify-signature.mjs), to run in front of the webhook trigger."""
    files: dict[str, str] = {}
    for workflow in workflows:
        found = sender_signing(spec, workflow)
        if found is None:
            continue
        dialect, signing = found
        code = templates.get_template("stub/vendors/verify-signature.mjs.j2").render(
            dialect=dialect, signing=signing)
        files[f"workflows/{workflow.id}/verify-signature.mjs"] = \
            f"{origin.header('//')}\n//\n{code}"
    return files
