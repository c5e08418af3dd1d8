"""Personal data in a flow: which fields are personal, whether the data reaches another
organisation, what covers it there and where it is kept.

"Personal data that reaches another organisation needs an agreement that covers it, and
only the data that is needed should travel" (domain article 004: not handing a customer
registry to a third party). The data reaches whoever receives it: the destination,
which for a leg into a platform in the middle is the platform; a platform run by
another organisation holds the data as any other receiver does. Whether the receiver is
another organisation is its own answer (`third_party`); unknown stays unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mailroom.spec.vocabulary import DataAgreement

if TYPE_CHECKING:
    from mailroom.spec.model import Flow, Spec


SENSITIVE_KINDS = ("identity", "financial", "health")
KIND_WORDS = {"contact": "contact details", "identity": "identity numbers",
              "financial": "financial data", "health": "health data",
              "children": "data about children"}


@dataclass(frozen=True)
class PersonalData:
    """A flow that carries personal data, and what the spec says about protecting it."""

    fields: tuple[str, ...]  # the fields called personal; empty: not said which
    receiver: str | None  # the system that receives it (the destination)
    other_organisation: bool | None  # does another organisation hold the receiver's data?
    agreement: DataAgreement | None  # what covers it there; None: not recorded
    stored: str | None  # where the receiving organisation keeps it
    kinds: tuple[str, ...] = ()  # contact, identity, financial, health; empty: not said
    about_children: bool = False  # said to be about children
    kinds_said: bool = False  # the spec says which kinds (kinds may still be empty)

    @property
    def sensitive_data(self) -> tuple[str, ...]:
        """Identity numbers, financial and health data: what must not wait unencrypted
        or reach a system where nobody says who can see it."""
        return tuple(k for k in self.kinds if k in SENSITIVE_KINDS)

    @property
    def sensitive(self) -> tuple[str, ...]:
        """The kinds that harm most when they leak: identity numbers, financial and health
        data, and anything about children."""
        return tuple(k for k in self.kinds if k in SENSITIVE_KINDS) + (
            ("children",) if self.about_children else ())

    @property
    def fields_known(self) -> bool:
        return bool(self.fields)


def personal_fields(flow: Flow) -> tuple[str, ...]:
    """The fields the spec calls personal: `personal_fields`, and those marked personal in
    the field-by-field list, each once ("customer name" and `customer_name` are one field:
    the first spelling is kept)."""
    names = list(flow.personal_fields or [])
    names += [f.name or f.source_field or f.destination_field or ""
              for f in flow.fields or [] if f.personal]
    kept: dict[str, str] = {}
    for name in (n.strip() for n in names if n and n.strip()):
        kept.setdefault(" ".join(name.replace("_", " ").replace("-", " ").lower().split()),
                        name)
    return tuple(kept.values())


def personal_data_of(spec: Spec, flow: Flow) -> PersonalData | None:
    """The flow's personal data, or None when it carries none or whether it does is not
    known (a field marked personal answers yes, unless the flow says no)."""
    fields = personal_fields(flow)
    if flow.personal_data is False or (flow.personal_data is None and not fields):
        return None
    receiver = spec.system(flow.destination)
    return PersonalData(
        fields=fields,
        receiver=flow.destination,
        other_organisation=receiver.third_party if receiver is not None else None,
        agreement=flow.personal_data_agreement,
        stored=flow.personal_data_stored,
        kinds=tuple(k for k in flow.personal_data_kinds or () if k != "children"),
        about_children="children" in (flow.personal_data_kinds or ()),
        kinds_said=flow.personal_data_kinds is not None,
    )
