"""A folder of generated files that people go on to edit (the stub).

Generating it again replaces what mailroom wrote and keeps what a person changed:
a manifest records the digest of every file as written, so a file that differs
both from it and from the new content was edited, and is not overwritten without
`force`. A file that comes out the same is left alone; one mailroom wrote that is
no longer generated is removed, unless it was edited.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mailroom.errors import MailroomError
from mailroom.fileio import write_if_changed

MANIFEST = ".mailroom-stub.json"


@dataclass
class Written:
    """What writing the folder changed."""

    outdir: Path
    written: list[str] = field(default_factory=list)  # new or changed this time
    removed: list[str] = field(default_factory=list)  # left over from an earlier run


def write_folder(outdir: Path, files: dict[str, str], *, force: bool = False) -> Written:
    """Write files (relative path -> text) into outdir; MailroomError, and nothing
    written, when a file a person edited is in the way and force is false."""
    if outdir.exists() and not outdir.is_dir():
        raise MailroomError(f"{outdir}: is a file; give a folder for the stub")
    previous = _read_manifest(outdir)
    conflicts = [name for name in files if _edited(outdir / name, previous.get(name), files[name])]
    if conflicts and not force:
        shown = ", ".join(str(outdir / name) for name in conflicts[:5])
        more = f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        them = "it" if len(conflicts) == 1 else "them"
        raise MailroomError(
            f"{shown}{more}: changed since mailroom wrote {them} (or not written by mailroom); "
            f"nothing was overwritten. Keep your changes elsewhere, or pass --force to replace "
            f"{them}."
        )
    result = Written(outdir)
    for name, text in files.items():
        if write_if_changed(outdir / name, text.encode("utf-8")):
            result.written.append(name)
    for name, digest in previous.items():
        path = outdir / name
        if name not in files and path.is_file() and _digest(path.read_bytes()) == digest:
            path.unlink()
            result.removed.append(name)
    manifest = {"generator": "mailroom", "files": {n: _digest(t.encode()) for n, t in
                                                   sorted(files.items())}}
    write_if_changed(outdir / MANIFEST, (json.dumps(manifest, indent=2) + "\n").encode())
    return result


def _edited(path: Path, recorded: str | None, new_text: str) -> bool:
    """A file is in the way when it exists, differs from what would be written, and
    is not what mailroom wrote last time."""
    if not path.is_file():
        return False
    current = _digest(path.read_bytes())
    return current != _digest(new_text.encode()) and current != recorded


def _read_manifest(outdir: Path) -> dict[str, str]:
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, ValueError):
        return {}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
