"""Which files are specs: the paths a person names, with a folder standing for the spec
files directly inside it (by their suffix; what is in them is the reader's business)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mailroom.errors import MailroomError

SPEC_SUFFIXES = (".yaml", ".yml", ".json")


def specs_in(path: Path) -> list[Path]:
    """A file (or a path that does not exist: reading it says so) stands for itself; a
    folder for the spec files directly inside it, sorted. A folder that holds none, or
    cannot be listed, is a MailroomError naming it."""
    if not path.is_dir():
        return [path]
    try:
        held = sorted(p for p in path.iterdir()
                      if p.suffix.lower() in SPEC_SUFFIXES and p.is_file())
    except OSError as exc:
        raise MailroomError(f"{path}: the folder cannot be read "
                            f"({exc.strerror or exc})") from None
    if not held:
        raise MailroomError(f"{path}: holds no spec (*.yaml, *.yml or *.json)")
    return held


def find_specs(paths: Sequence[Path | str]) -> list[Path]:
    """The spec files named, each once, with a folder standing for the specs in it."""
    found: list[Path] = []
    for item in map(Path, paths):
        found += specs_in(item)
    return list(dict.fromkeys(found))
