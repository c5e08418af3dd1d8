"""The environment a command runs in, read once, where the command starts.

Environment variables and whether the streams are terminals are read here and
nowhere else; the CLI passes what the core needs (a cache folder, a catalog
folder, a date, whether to ask questions) as plain arguments, so that every core
function can be tested, and used from Python, without patching the process.

| variable | what it sets |
|---|---|
| MAILROOM_CACHE_DIR | the cache folder (else $XDG_CACHE_HOME/mailroom, else ~/.cache/mailroom) |
| MAILROOM_CATALOG | a folder of the user's own catalog entries |
| MAILROOM_OPENFN_CACHE | where the OpenFn runtime is installed (else openfn/ in the cache) |
| SOURCE_DATE_EPOCH | the date documents carry, for reproducible output |
| MAILROOM_DEBUG=1 | tracebacks for unexpected failures, as --debug |
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO


@dataclass(frozen=True)
class Environment:
    cache: Path  # what mailroom can rebuild: compiled templates, questionnaires
    openfn: Path  # the OpenFn runtime's packages, for simulate --engine openfn
    catalog: Path | None = None  # the user's own catalog entries
    source_date_epoch: int | None = None  # documents are dated from it when set
    debug: bool = False
    interactive: bool = False  # stdin and stdout are a terminal: the interview can ask
    progress: bool = False  # stderr is a terminal: a progress bar can be drawn

    @classmethod
    def from_os(
        cls,
        environ: Mapping[str, str] = os.environ,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> Environment:
        """The environment of this process (its variables and its streams)."""
        cache = Path(environ.get("MAILROOM_CACHE_DIR") or Path(
            environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mailroom")
        epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
        return cls(
            cache=cache,
            openfn=Path(environ.get("MAILROOM_OPENFN_CACHE") or cache / "openfn"),
            catalog=Path(environ["MAILROOM_CATALOG"]) if environ.get("MAILROOM_CATALOG")
            else None,
            source_date_epoch=int(epoch) if epoch.isdigit() else None,
            debug=environ.get("MAILROOM_DEBUG") == "1",
            interactive=_is_terminal(stdin or sys.stdin) and _is_terminal(stdout or sys.stdout),
            progress=_is_terminal(stderr or sys.stderr),
        )


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False
