"""A file flow's file: how each run's file is named, what happens to one not yet
collected, whether it is encrypted while it waits, who collects and archives it, and how
long it is kept (issue "Schedules, dates, files and signatures as people say them").

Only flows whose data travels as files (an SFTP folder or a shared folder: the transport,
else the mailbox's way in) have one. What the spec does not say stays unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from mailroom.spec.vocabulary import Uncollected

if TYPE_CHECKING:
    from mailroom.spec.model import Flow

# What makes each run's file name its own, filled in by the job at run time: the date
# ("{date}" or "YYYY-MM-DD"; "YYYYMMDD" without dashes) or the date and time ("{datetime}").
RUN_PLACEHOLDERS = ("{date}", "{datetime}", "YYYY-MM-DD", "YYYYMMDD")
_DATED = re.compile(r"\{(?:date|datetime)\}|YYYY-?MM-?DD", re.IGNORECASE)
# How the job fills them in, in UTC: (the placeholder as a regular expression, the
# strftime format of what replaces it), in this order. The stub's upload step and the
# simulation both read this, so the simulation writes the name the job writes.
NAME_FILLS = (
    (r"\{datetime\}", "%Y%m%dT%H%M%S"),
    (r"\{date\}|YYYY-MM-DD", "%Y-%m-%d"),
    (r"YYYYMMDD", "%Y%m%d"),
)


def run_file_name(pattern: str, when: datetime) -> str:
    """The file name a run at `when` (UTC) writes: "new-hires-{date}.csv" on 5 January
    2026 is new-hires-2026-01-05.csv."""
    for placeholder, fmt in NAME_FILLS:
        pattern = re.sub(placeholder, when.strftime(fmt), pattern, flags=re.IGNORECASE)
    return pattern


def unique_per_run(name: str) -> bool:
    """Does a file name differ from run to run (it holds the date, or the date and time)?"""
    return bool(_DATED.search(name))


@dataclass(frozen=True)
class FileFacts:
    name: str | None  # the file name, with {date} or {datetime}; None: not said
    if_not_collected: Uncollected | None
    encrypted: bool | None  # while it waits
    collected_by: str | None  # who collects and archives it
    kept_for: str | None

    @property
    def unique_per_run(self) -> bool | None:
        """Does each run write a file of its own name? None while the name is not said."""
        if not self.name:
            return None
        return unique_per_run(self.name)

    @property
    def overwrites(self) -> bool | None:
        """Can a run overwrite a file not yet collected: one fixed name, and nothing that
        makes the run wait. None while either is not said."""
        if self.unique_per_run is True or self.if_not_collected in ("kept", "run-waits"):
            return False
        if self.unique_per_run is False and self.if_not_collected == "overwritten":
            return True
        return None if self.unique_per_run is None or self.if_not_collected is None else False


def file_facts(flow: Flow) -> FileFacts:
    spec = flow.file
    if spec is None:
        return FileFacts(None, None, None, None, None)
    return FileFacts(spec.name or None, spec.if_not_collected, spec.encrypted,
                     spec.collected_by or None, spec.kept_for or None)
