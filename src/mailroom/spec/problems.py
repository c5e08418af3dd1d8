"""Problems with spec files as data, for `--format json`: a program that asked for JSON
gets JSON on standard output even when a file cannot be read.

Every message the reader makes is `file:line: field: what is wrong`, with the line and
the field left out where they are not known; this takes such lines apart.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mailroom.errors import MailroomError

# flows[0].trigger, systems[1].auth.method, spec, title: a name, indexes and dots, no spaces
_FIELD = re.compile(r"[A-Za-z_][\w-]*(\[\d+\])*(\.[A-Za-z_][\w-]*(\[\d+\])*)*")
_OTHER_FILE = re.compile(r"(?P<file>[^\s:][^:]*):(?P<line>\d+): ")


def problem(line: str, file: str) -> dict[str, Any]:
    """One message as {"file", "line", "field", "message"} (line and field None when the
    message does not say). `file` is the file it is about, unless the message names
    another (a catalog entry, a questionnaire)."""
    number: int | None = None
    rest = line
    if line.startswith(f"{file}:"):
        rest = line[len(file) + 1:]
        digits = re.match(r"(\d+): ", rest)
        if digits:
            number, rest = int(digits.group(1)), rest[digits.end():]
        else:
            rest = rest.lstrip()
    elif (other := _OTHER_FILE.match(line)) is not None:
        file, number, rest = other.group("file"), int(other.group("line")), line[other.end():]
    field, sep, message = rest.partition(": ")
    if not sep or not _FIELD.fullmatch(field):
        field, message = "", rest
    return {"file": file, "line": number, "field": field or None, "message": message}


def errors_json(failures: list[tuple[str, MailroomError]]) -> str:
    """`{"errors": [...]}` for each file that could not be read, every problem of each."""
    errors = [problem(line, file) for file, exc in failures for line in exc.lines]
    return json.dumps({"errors": errors}, indent=2, ensure_ascii=False) + "\n"
