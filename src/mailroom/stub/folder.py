"""A folder of generated files that people go on to edit (the stub).

Generating it again replaces what mailroom wrote and keeps what a person changed:
a manifest records the digest of every file as written, so a file that differs
both from it and from the new content was edited, and is not overwritten without
`force`. A file that comes out the same is left alone; one mailroom wrote that is
no longer generated is removed, unless it was edited. Whitespace an editor changes on
save (line ends, trailing spaces, blank lines at the end) is no edit: the manifest keeps
the digest of the text without it.

The manifest is in the folder, so anyone may have written it: its names are only ever
taken inside the folder (`outfolder.inside`); one that would lead out is ignored, with a
warning, and nothing outside is read, written or removed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mailroom.errors import MailroomError
from mailroom.fileio import write_if_changed
from mailroom.outfolder import UnsafePath, inside

MANIFEST = ".mailroom-stub.json"


@dataclass
class Written:
    """What writing the folder changed."""

    outdir: Path
    written: list[str] = field(default_factory=list)  # new or changed this time
    removed: list[str] = field(default_factory=list)  # left over from an earlier run
    warnings: list[str] = field(default_factory=list)  # manifest entries ignored, and why


def write_folder(outdir: Path, files: dict[str, str], *, force: bool = False) -> Written:
    """Write files (relative path -> text) into outdir; MailroomError, and nothing
    written, when a file a person edited is in the way and force is false."""
    if outdir.exists() and not outdir.is_dir():
        raise MailroomError(f"{outdir}: is a file; give a folder for the stub")
    paths = {name: inside(outdir, name) for name in [*files, MANIFEST]}  # all, before writing
    result = Written(outdir)
    previous = _read_manifest(outdir, result.warnings)
    conflicts = [name for name in files if _edited(paths[name], previous.get(name), files[name])]
    if conflicts and not force:
        shown = ", ".join(str(outdir / name) for name in conflicts[:5])
        more = f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else ""
        them = "it" if len(conflicts) == 1 else "them"
        raise MailroomError(
            f"{shown}{more}: changed since mailroom wrote {them} (or not written by mailroom); "
            f"nothing was overwritten. Keep your changes elsewhere, or pass --force to replace "
            f"{them}."
        )
    for name, text in files.items():
        if _write(paths[name], text.encode("utf-8")):
            result.written.append(name)
    for name, digest in previous.items():
        path = outdir / name  # checked by _read_manifest
        if name not in files and path.is_file() and _as_written(path.read_bytes(), digest):
            path.unlink()
            result.removed.append(name)
    manifest = {"generator": "mailroom", "files": {n: _digest(_plain(t.encode())) for n, t in
                                                   sorted(files.items())}}
    _write(paths[MANIFEST], (json.dumps(manifest, indent=2) + "\n").encode())
    return result


def _write(path: Path, data: bytes) -> bool:
    try:
        return write_if_changed(path, data)
    except OSError as exc:
        raise MailroomError(f"{path}: cannot be written ({exc.strerror or exc})") from None


def _edited(path: Path, recorded: str | None, new_text: str) -> bool:
    """A file is in the way when it exists, differs from what would be written, and
    is not what mailroom wrote last time."""
    if not path.is_file():
        return False
    data = path.read_bytes()
    return data != new_text.encode() and (recorded is None or not _as_written(data, recorded))


def _as_written(data: bytes, recorded: str) -> bool:
    """The file is what mailroom wrote, but for whitespace an editor changes on save
    (line ends, trailing spaces, blank lines at the end), which is no one's work."""
    return recorded in (_digest(_plain(data)), _digest(data))


def _plain(data: bytes) -> bytes:
    """The text without what editors change on their own: CRLF line ends, trailing
    spaces and tabs, blank lines at the end."""
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    return b"\n".join(line.rstrip(b" \t") for line in lines).rstrip(b"\n") + b"\n"


def _read_manifest(outdir: Path, warnings: list[str]) -> dict[str, str]:
    """The files mailroom wrote last time and their digests: only those inside outdir."""
    try:
        data = json.loads(inside(outdir, MANIFEST).read_text(encoding="utf-8"))
        files = data.get("files", {}) if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}
    if not isinstance(files, dict):
        return {}
    kept: dict[str, str] = {}
    for name, digest in files.items():
        try:
            if str(name) != MANIFEST:
                inside(outdir, str(name))
                kept[str(name)] = str(digest)
        except UnsafePath as exc:
            warnings.append(f"{outdir / MANIFEST}: the entry {str(name)[:200]!r} is ignored: "
                            f"{exc}")
    return kept


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
