"""One choice a question offers: its value, what the person sees, what choosing it
means, and why the rules make it unavailable (if they do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    value: Any
    label: str
    explain: str | None = None
    disabled: str | None = None  # why the rules exclude it
