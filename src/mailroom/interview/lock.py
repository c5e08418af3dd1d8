"""One interview per spec at a time.

Two interviews of one spec would each write their own answers over the other's. So an
interview holds a lock beside its spec (`<spec>.interview.lock`, a filelock: the system
lets it go when its holder dies, however it dies) and a small record of who holds it
(`<spec>.interview.holder`: user, host, process, since when), so that a second one is
refused with the holder's name. A record left by a process that is gone (same host, no
such process) is what a crash leaves: the next interview says so and takes over. Both
files go when the interview ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import shlex
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from mailroom.errors import ExitCode, MailroomError
from mailroom.fileio import atomic_write_text
from mailroom.outfolder import beside

LOCK_SUFFIX = ".interview.lock"
HOLDER_SUFFIX = ".interview.holder"


class InterviewBusy(MailroomError):
    """Another interview of the same spec is running."""

    exit_code = ExitCode.BAD_INPUT


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str  # UTC, to the second

    @classmethod
    def me(cls) -> Holder:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "someone"
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return cls(user, socket.gethostname(), os.getpid(), now)

    def __str__(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid}, since {self.since})"

    @property
    def gone(self) -> bool:
        """Known to have ended: on this host, and no such process any more."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False  # it exists, under another user
        return False


def read_holder(spec: Path) -> Holder | None:
    try:
        data = json.loads(beside(spec, HOLDER_SUFFIX).read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]),
                      str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def interview_lock(spec: Path) -> Iterator[str | None]:
    """Hold the spec's interview lock inside the block; InterviewBusy when another
    interview holds it. Yields what to tell the person about a crashed one taken over."""
    from filelock import FileLock, Timeout

    path = beside(spec, LOCK_SUFFIX)
    lock = FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise InterviewBusy(_busy(spec, read_holder(spec))) from None
    except OSError as exc:
        raise MailroomError(cannot_write(path, exc)) from None
    try:
        note = _take(spec)
    except BaseException:
        lock.release()  # the record, if any, is the other interview's: left as it is
        raise
    try:
        yield note
    finally:
        with contextlib.suppress(OSError):
            beside(spec, HOLDER_SUFFIX).unlink(missing_ok=True)
            path.unlink(missing_ok=True)  # while still held: a waiter gets it, or nothing
        lock.release()


def _take(spec: Path) -> str | None:
    """Write the record of who holds the lock; say so if a crashed interview left one."""
    previous = read_holder(spec)
    if previous is not None and previous.pid != os.getpid() and not previous.gone:
        # The lock was free, yet the record names a live process, or one on another host
        # (a shared folder where the lock may not reach): it may still be answering.
        raise InterviewBusy(_busy(spec, previous) + (
            f" If that interview is not running any more, remove "
            f"{beside(spec, HOLDER_SUFFIX)} and try again."))
    record = beside(spec, HOLDER_SUFFIX)
    try:
        atomic_write_text(record, json.dumps(asdict(Holder.me())) + "\n")
    except OSError as exc:
        raise MailroomError(cannot_write(record, exc)) from None
    if previous is None or previous.pid == os.getpid():
        return None
    return (f"The interview of {spec} by {previous} stopped without ending (that process "
            "is gone); it continues here.")


def _busy(spec: Path, holder: Holder | None) -> str:
    who = f"by {holder}" if holder is not None else "by another process"
    return (f"{spec} is being interviewed {who}. Two interviews of one spec would write "
            "over each other's answers: wait until it ends, then continue with "
            f"mailroom interview --resume {shlex.quote(str(spec))}, or interview into another "
            "file with -o.")


def cannot_write(path: Path, exc: OSError) -> str:
    """Why a file of the interview cannot be written, in the system's words."""
    folder = "the current folder" if str(path.parent) == "." else str(path.parent)
    return (f"{path}: cannot be written ({exc.strerror or exc}); the interview saves every "
            f"answer in {folder}, so it needs to write there. Free some space or make "
            "the folder writable, or choose another place with -o.")
