"""Where mailroom keeps what it can rebuild: compiled templates, read questionnaires,
frozen schemas for another pydantic-core.

$MAILROOM_CACHE_DIR, else $XDG_CACHE_HOME/mailroom, else ~/.cache/mailroom. Losing
it only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    chosen = os.environ.get("MAILROOM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mailroom"
