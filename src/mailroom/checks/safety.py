"""Moving data safely: personal data, and credentials that fit the interface."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailroom.checks.registry import flow_rule

if TYPE_CHECKING:
    from mailroom.facts.flows import FlowFacts
    from mailroom.facts.spec_facts import SpecFacts

BULK_TRANSPORTS = ("sftp", "file")
_AUTH_FOR_TRANSPORT = {
    "ssh-key": ("sftp", "other"),
    "oauth2-client-credentials": ("rest", "soap", "graphql", "webhook", "queue", "other"),
    "oauth2-authorization-code": ("rest", "soap", "graphql", "webhook", "other"),
    "oauth2-jwt-bearer": ("rest", "soap", "graphql", "webhook", "queue", "other"),
}


@flow_rule("personal-data-bulk-file", "warning", "personal_data")
def personal_data_bulk_file(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """Bulk files of personal data handed to another organisation are a GDPR concern."""
    spec, flow = facts.spec, flow_facts.flow
    if not flow.personal_data or flow.transport not in BULK_TRANSPORTS:
        return None
    ends = [spec.system(flow.source), spec.system(flow.destination)]
    if ends and all(s is not None and s.third_party is False for s in ends):
        return None  # both ends are ours: no one else receives the file
    return (
        f"Personal data moves as bulk files ({flow.transport}) from "
        f"{spec.label(flow.source)} to {spec.label(flow.destination)}. If another organisation "
        "receives or keeps those files, the whole register is handed over and must be kept in "
        "sync, a data-protection (GDPR) concern. Consider an event-based push of only the "
        "changed records that are needed (a webhook), and record the legal basis and who "
        "deletes the files."
    )


@flow_rule("auth-none-personal-data", "warning", "auth.method")
def auth_none_personal_data(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """An interface without authentication should not carry personal data."""
    if not flow_facts.flow.personal_data or flow_facts.credential.method != "none":
        return None
    mailbox = facts.label(flow_facts.mailbox)
    return (
        f"This flow carries personal data, yet {mailbox}'s interface asks for no "
        "authentication, so anyone who finds it can use it. Choose an auth method (api-key, "
        "oauth2-…, mtls, ssh-key) that the mail person will hold."
    )


@flow_rule("auth-transport-mismatch", "warning", "auth.method")
def auth_transport_mismatch(facts: SpecFacts, flow_facts: FlowFacts) -> str | None:
    """Some auth methods belong to some transports: an SSH key opens SFTP, not a REST API."""
    flow, method = flow_facts.flow, flow_facts.credential.method
    if method is None or flow.transport is None:
        return None
    fits = _AUTH_FOR_TRANSPORT.get(method)
    if fits is None or flow.transport in fits:
        return None
    return (
        f"The auth method {method} does not usually go with {flow.transport}. Check with the "
        f"owner of {facts.label(flow_facts.mailbox)} how its {flow.transport} interface "
        "authenticates callers, and record that method."
    )
