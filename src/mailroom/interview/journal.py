"""The interview's own state, saved next to the spec as `<spec>.interview.json`.

The spec holds the answers; the sidecar holds what a spec cannot: answers of
a system or flow that has no id yet, answers taken back (offered again as
defaults), where the person went back to, what has been explained already,
and which questionnaire is being used. It is written before the spec, like a
journal: if the spec write is cut short, the sidecar still holds the answer
and `--resume` finishes the job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailroom.fileio import atomic_write_text
from mailroom.interview.answers import Answers
from mailroom.outfolder import beside

FORMAT = 1
SUFFIX = ".interview.json"


def sidecar_path(spec_path: Path) -> Path:
    """The journal beside the spec (never a link that leads out of the spec's folder)."""
    return beside(spec_path, SUFFIX)


@dataclass
class Journal:
    questionnaire: str
    answers: Answers = field(default_factory=Answers)
    history: list[str] = field(default_factory=list)  # keys, in the order they were answered
    shown: list[str] = field(default_factory=list)  # findings already explained
    spec_sha256: str | None = None  # digest of the spec content these answers make
    previous_sha256: str | None = None  # digest of the spec content on disk before them

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "mailroom_interview": FORMAT,
            "questionnaire": self.questionnaire,
            "spec_sha256": self.spec_sha256,
            "previous_sha256": self.previous_sha256,
            "values": dict(self.answers.values),
            "drafts": dict(self.answers.drafts),
            "revisit": sorted(self.answers.revisit),
            "history": self.history,
            "shown": self.shown,
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def read_journal(spec_path: Path) -> Journal | None:
    """The saved state, or None when there is none or it cannot be used."""
    path = sidecar_path(spec_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("mailroom_interview") != FORMAT:
        return None
    try:
        return Journal(
            questionnaire=str(data["questionnaire"]),
            answers=Answers(
                values=dict(data.get("values") or {}),
                drafts=dict(data.get("drafts") or {}),
                revisit=frozenset(data.get("revisit") or ()),
            ),
            history=[str(k) for k in data.get("history") or []],
            shown=[str(k) for k in data.get("shown") or []],
            spec_sha256=data.get("spec_sha256"),
            previous_sha256=data.get("previous_sha256"),
        )
    except (KeyError, TypeError, ValueError):
        return None


def write_journal(spec_path: Path, journal: Journal) -> None:
    atomic_write_text(sidecar_path(spec_path), journal.to_json())


def remove_journal(spec_path: Path) -> None:
    sidecar_path(spec_path).unlink(missing_ok=True)
