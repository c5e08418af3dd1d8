"""The spec's closed vocabularies and its id pattern, without pydantic.

The model (model.py) types its fields with these; the fast read path, the
checks and the messages use them without importing the model.
"""

from __future__ import annotations

from typing import Literal

SPEC_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Trigger = Literal["event", "schedule", "on-demand"]
Direction = Literal["push", "pull"]
ChangeDetection = Literal["modified-since", "incremental-id", "full-fetch"]
Transport = Literal[
    "rest", "soap", "graphql", "webhook", "sftp", "database", "queue", "file", "other"
]
AuthMethod = Literal[
    "none",
    "api-key",
    "basic",
    "oauth2-client-credentials",
    "oauth2-authorization-code",
    "oauth2-jwt-bearer",
    "mtls",
    "ssh-key",
    "other",
]
Pattern = Literal["embed", "push", "pull", "clone", "synthesize"]
WebhookRegistration = Literal["api", "manual"]
# A system's way in (its mailbox): the interfaces that exist, or none yet.
InterfaceKind = Literal[
    "rest", "soap", "graphql", "webhook", "sftp", "file", "database", "queue", "other", "none"
]
# What covers personal data that reaches another organisation.
DataAgreement = Literal["dpa", "other-basis", "none"]
# What each movement carries: only what changed, or everything (a whole register).
Sends = Literal["changes", "everything"]
# Kinds of personal data a flow carries; `children`: the data is about children.
PersonalKind = Literal["contact", "identity", "financial", "health", "children"]
# What happens to a file not yet collected when the next one is due: the new one replaces
# it, both wait (the names differ), or the run waits (writes nothing and tells someone).
Uncollected = Literal["overwritten", "kept", "run-waits"]
# When the integration acts on data that takes effect on a date: when the record is
# entered, or on the day it takes effect.
ActOn = Literal["entered", "effective-day"]
# Who built the integration a sales brief offers: part of the product as sold, a
# partner's add-on, or a project built for this customer.
BuiltBy = Literal["product", "partner", "project"]

# The closed vocabularies, by field name, for messages and for the interview.
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "trigger": Trigger.__args__,  # type: ignore[attr-defined]
    "direction": Direction.__args__,  # type: ignore[attr-defined]
    "change_detection": ChangeDetection.__args__,  # type: ignore[attr-defined]
    "transport": Transport.__args__,  # type: ignore[attr-defined]
    "method": AuthMethod.__args__,  # type: ignore[attr-defined]
    "pattern": Pattern.__args__,  # type: ignore[attr-defined]
    "webhook_registration": WebhookRegistration.__args__,  # type: ignore[attr-defined]
    "interface_kind": InterfaceKind.__args__,  # type: ignore[attr-defined]
    "personal_data_agreement": DataAgreement.__args__,  # type: ignore[attr-defined]
    "sends": Sends.__args__,  # type: ignore[attr-defined]
    "built_by": BuiltBy.__args__,  # type: ignore[attr-defined]
    "personal_data_kinds": PersonalKind.__args__,  # type: ignore[attr-defined]
    "if_not_collected": Uncollected.__args__,  # type: ignore[attr-defined]
    "act_on": ActOn.__args__,  # type: ignore[attr-defined]
}
