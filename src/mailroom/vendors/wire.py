"""Values in the vendors' own formats that the job, the Python engine and the mocks must
compute alike: DHIS2 UIDs made from a record's key, SOQL date-times."""

from __future__ import annotations

import re

_UID_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_UID_REST = _UID_FIRST + "0123456789"


def dhis2_uid(key: str) -> str:
    """A DHIS2 UID (a letter, then ten letters or digits) made from a record's key, the
    same every time: the job's uidFor() computes exactly this (FNV-1a over the key's
    UTF-16 code units and the position)."""
    out = []
    units = key.encode("utf-16-le")
    h = 2166136261
    for position in range(11):
        data = units + str(position).encode("utf-16-le")
        for i in range(0, len(data), 2):
            h ^= data[i] | data[i + 1] << 8
            h = (h * 16777619) & 0xFFFFFFFF
        alphabet = _UID_FIRST if position == 0 else _UID_REST
        out.append(alphabet[h % len(alphabet)])
    return "".join(out)


_SOQL_AFTER = re.compile(r"\bWHERE\s+LastModifiedDate\s*>\s*(\S+)", re.IGNORECASE)


def soql_after(query: str) -> str | None:
    """The date-time a SOQL query's `WHERE LastModifiedDate > …` asks for, or None."""
    found = _SOQL_AFTER.search(query)
    return found.group(1) if found else None


def soql_datetime(value: str) -> str:
    """A record's LastModifiedDate (2024-05-01T08:05:00.000+0000) as a SOQL date-time
    literal (2024-05-01T08:05:00Z): the job's soqlDateTime() does the same."""
    return re.sub(r"(\.\d+)?(\+0000|Z)$", "Z", value)
