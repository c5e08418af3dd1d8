"""What mailroom keeps between runs because it can rebuild it: compiled templates and
read questionnaires. The folder is the Environment's (environment.py); losing it only
costs time, and without one nothing is kept.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

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


def jinja_bytecode_cache(cache: Path | None) -> BytecodeCache | None:
    """Compiled templates kept between runs: compiling the document's templates is about
    a fifth of an md+html render.

    Keyed by the template's source, so an edited template is compiled afresh; none
    without a cache folder, or when it cannot be written.
    """
    if cache is None:
        return None
    import jinja2

    folder = cache / f"jinja-{jinja2.__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
