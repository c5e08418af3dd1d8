"""Where mailroom may write: the one place that decides it.

Every writer (the stub folder, render's and brief's outputs, the interview's spec, journal
and lock) asks `inside` for the path of what it is about to write or remove. A name is
taken relative to the output folder it was given: never absolute, never with `..`, never
through a link (the file itself or any folder between) that leads out of that folder.
Generated names are kept short enough for every file system by `short_name`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath

from mailroom.errors import MailroomError

MAX_NAME = 80  # characters of a generated name; file systems allow 255 bytes


class UnsafePath(MailroomError):
    """A path that would leave the output folder, or that no file system takes."""


def inside(folder: Path, name: str | Path) -> Path:
    """The path of `name` inside `folder`, or UnsafePath saying why it cannot be.

    `folder` itself is the user's choice and may be anything, a link included; what is
    below it must stay below it once every link is followed."""
    text = str(name)
    pure = PurePosixPath(text.replace("\\", "/"))
    if not text or pure.is_absolute() or Path(text).is_absolute() or Path(text).drive:
        raise UnsafePath(f"{text}: an absolute path; mailroom writes only inside {folder}")
    if ".." in pure.parts or pure.parts in ((), (".",)):
        raise UnsafePath(f"{text}: leads out of {folder}; mailroom writes only inside it")
    if any(len(part.encode("utf-8")) > 255 for part in pure.parts):
        raise UnsafePath(f"{text[:100]}…: a name longer than a file system allows")
    root = folder.resolve()
    target = folder.joinpath(*pure.parts)
    step = folder
    for part in pure.parts:
        step = step / part
        if step.is_symlink() and not step.resolve().is_relative_to(root):
            raise UnsafePath(f"{step}: is a link to {os.readlink(step)}, outside {folder}; "
                                "mailroom does not write through it")
    if not target.resolve().is_relative_to(root):
        raise UnsafePath(f"{target}: leads out of {folder}; mailroom writes only inside it")
    return target


def beside(path: Path, suffix: str) -> Path:
    """A file next to `path` (the interview's journal and lock next to its spec), checked
    like any other: not a link that leads out of the spec's folder."""
    return inside(path.parent, path.name + suffix)


def short_name(name: str, limit: int = MAX_NAME) -> str:
    """`name` itself when short enough, else its start and a digest of the whole, so two
    long names that share their start still differ: readable and unique."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[: limit - 9].rstrip('-_. ')}-{digest}"
