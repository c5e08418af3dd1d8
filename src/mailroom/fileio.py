"""Reading and writing files without ever leaving half of one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mailroom.errors import MailroomError

MAX_SPEC_BYTES = 2 * 1024 * 1024  # a spec is a page or two of YAML


def read_text(path: Path, *, limit: int = MAX_SPEC_BYTES) -> str:
    """The UTF-8 text of a file, or a MailroomError that says why not."""
    name = str(path)
    if not path.exists():
        raise MailroomError(f"{name}: no such file")
    if path.is_dir():
        raise MailroomError(f"{name}: is a folder, not a spec file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise MailroomError(
                f"{name}: is {_megabytes(size)}, too large for a spec (the limit is "
                f"{_megabytes(limit)}); is this the right file?"
            )
        raw = path.read_bytes()
    except PermissionError:
        raise MailroomError(f"{name}: permission denied") from None
    except OSError as exc:
        raise MailroomError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in raw:
        raise MailroomError(f"{name}: is a binary file, not a YAML or JSON spec")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MailroomError(
            f"{name}:{line}: is not UTF-8 text; save the file as UTF-8 and try again"
        ) from None


def atomic_write_text(path: Path, text: str) -> None:
    """Write text so that the file is either the old one or the whole new one."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # (the temporary name keeps the start of the real one: a long name still fits)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:120]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly these bytes.

    Generated files that come out the same are left alone: their times stay as they
    were (for make, rsync and file watchers), and replacing a file costs a flush to disk.
    Returns whether the file was written.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: write it
    atomic_write_bytes(path, data)
    return True


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"
