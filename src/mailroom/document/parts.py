"""The small view objects every section is made of: facts, questions, findings, diagrams.

Templates receive these, never the pydantic models: what a section shows, and
how an unknown reads ("Not decided yet"), is decided here, once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mailroom.checks import Finding

if TYPE_CHECKING:
    from mailroom.document.markdown import Md
    from mailroom.facts.documented import Documented

# An unknown that no open question asks about: the spec does not say, and nothing here
# depends on it enough to ask. Said as such, never filled in.
NOT_RECORDED = "Not recorded"
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}


@dataclass(frozen=True)
class Fact:
    """One labelled fact of a document table. None is not known yet: the template says
    "not decided yet" and where the document asks about it (`ask`)."""

    label: str
    value: str | None
    ask: str | None = None  # "Q3", or "see the warning below": where it is asked

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Question:
    """An open question of the document, numbered across it."""

    number: int  # Q1, Q2 … across the document, so a flow's section can point at the list
    text: str
    field: str | None
    flow: str | None

    @property
    def label(self) -> str:
        return f"Q{self.number}"


@dataclass(frozen=True)
class FindingView:
    """A check's finding as the document shows it: its severity in words and its message.
    The code and the field stay in `mailroom check`'s output; the document, meant for
    signing, shows neither."""

    severity: str
    label: str  # Error, Warning, Note
    code: str
    message: str
    flow: str | None
    field: str | None

    @classmethod
    def of(cls, finding: Finding) -> FindingView:
        return cls(finding.severity, SEVERITY_LABELS[finding.severity], finding.code,
                   finding.message, finding.flow, finding.field)


@dataclass(frozen=True)
class Table:
    """A small table inside a topic (the data, field by field): headings and rows of
    plain text; an empty cell is what the spec does not record."""

    headings: list[str]
    rows: list[list[str]]
    note: str | None = None  # what an empty cell means, said under the table


@dataclass(frozen=True)
class Topic:
    """One sub-section of a flow: its facts, what they imply, and what is still open."""

    title: str
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    findings: list[FindingView] = field(default_factory=list)
    table: Table | None = None

    @property
    def undecided(self) -> bool:
        """One fact, not known, and nothing else to say: the topic reads "Not decided yet"."""
        return (len(self.facts) == 1 and not self.facts[0].known and not self.notes
                and self.table is None)

    @property
    def asks(self) -> list[str]:
        """Where the document asks about this topic's unknowns."""
        return list(dict.fromkeys(f.ask for f in self.facts if f.ask is not None))


@dataclass(frozen=True)
class DiagramView:
    """A diagram as the document shows it: its picture file and its sources."""

    name: str
    title: str
    file: str | None  # the SVG's file name; None when graphviz could not draw it
    dot: str
    mermaid: str


class Asks:
    """Where the document asks about each unknown: its open question ("Q3"), or the
    finding of `mailroom check` that covers the field and says what to decide."""

    def __init__(self, questions: list[Question], findings: list[FindingView],
                 documented: Sequence[Documented] = ()) -> None:
        self._where: dict[tuple[str | None, str], str] = {}
        # What a vendor documents where the spec is silent: stated with its page, where
        # the document would otherwise have asked (facts/documented.py decides).
        self._documented = {(d.flow, d.field): d for d in documented}
        for finding in findings:
            place = "below" if finding.flow is not None else "under Risks"
            self._where.setdefault((finding.flow, finding.field or ""),
                                   f"see the {finding.label.lower()} {place}")
        for question in questions:
            self._where[(question.flow, question.field or "")] = question.label

    def __call__(self, flow: str | None, *fields: str) -> str | None:
        """The first of the fields that is asked about (a fact may stand on several)."""
        return next((self._where[(flow, f)] for f in fields if (flow, f) in self._where),
                    None)

    def first_flow_ask(self, *fields: str) -> str | None:
        """Where the first flow that asks about one of the fields asks it."""
        return next((where for (flow, field), where in self._where.items()
                     if flow is not None and field in fields), None)

    def documented(self, flow: str | None, *fields: str) -> Md | None:
        """The first of the fields a vendor documents, as the document states it: the
        vendor's word and a link to its page."""
        found = next((self._documented[(flow, f)] for f in fields
                      if (flow, f) in self._documented), None)
        if found is None:
            return None
        from mailroom.document.markdown import Md, escape, url  # it imports this module

        site = urlsplit(found.source).netloc or found.source
        return Md(f"{escape(found.text)} ({url(site, found.source)})")

    def fact(self, label: str, value: str | None, flow: str | None, *fields: str) -> Fact:
        if value is None:  # the vendor's word wins over a finding's "see below"
            documented = self.documented(flow, *fields)
            if documented is not None:
                return Fact(label, documented)
        return Fact(label, value, None if value is not None else self(flow, *fields))

    def fact_or(self, label: str, value: str | None, flow: str | None, *fields: str,
                unasked: str = NOT_RECORDED) -> Fact:
        """A fact that reads "not decided yet" only where the document asks about it; an
        unknown nobody asks about says `unasked` ("Not recorded") instead."""
        if value is None and self(flow, *fields) is None:
            return Fact(label, unasked)
        return self.fact(label, value, flow, *fields)

    def asked(self, flow: str | None, *fields: str) -> bool:
        return self(flow, *fields) is not None


def way_in_fields(system_id: str) -> tuple[str, str]:
    """Where a system's "has it a way in (a mailbox)?" is asked: with the kind of its way
    in, one question for both ("none yet" is no), or on its own."""
    return f"systems.{system_id}.interface_kind", f"systems.{system_id}.api"


def yes_no(value: bool | None, yes: str = "Yes", no: str = "No") -> str | None:
    if value is None:
        return None
    return yes if value else no


def file_part(text: str) -> str:
    """A safe piece of a file name: any spec id, even an invalid one, becomes [a-z0-9-]."""
    part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return part[:60] or "item"
