"""Where mailroom keeps what it can rebuild: compiled templates, read questionnaires,
frozen schemas for another pydantic-core.

$MAILROOM_CACHE_DIR, else $XDG_CACHE_HOME/mailroom, else ~/.cache/mailroom. Losing
it only costs time.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import BytecodeCache


def cache_dir() -> Path:
    chosen = os.environ.get("MAILROOM_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mailroom"


PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_digest(root: Path = PACKAGE) -> str:
    """A digest of mailroom's own code as installed: what is cached from a file (a
    questionnaire read and checked) is kept under a key that holds it, so that a
    change to the code that reads or checks it is never answered from the cache.
    Reading and hashing the package's sources takes a few milliseconds."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def jinja_bytecode_cache() -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling them is most of a render's time.

    Keyed by the template's source, so an edited template is compiled afresh; none
    when the folder cannot be written.
    """
    import jinja2

    folder = cache_dir() / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
