"""Made-up records shaped like a flow's data, for example inputs and mock mailboxes.

Every value is fake and deterministic (the same spec gives the same records), so
a transcript reads the same on every run and on every engine.
"""

from __future__ import annotations

import re
from typing import Any

from mailroom.stub.shape import FlowShape, snake_case

_PEOPLE = ("Ada Byron", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
           "Barbara Liskov", "Radia Perlman", "Donald Knuth", "Frances Allen", "Ken Thompson")
_COMPANIES = ("Northwind Traders", "Fabrikam Ltd", "Contoso Pharma", "Tailspin Toys",
              "Litware Inc", "Adventure Works", "Wingtip Labs", "Proseware", "Woodgrove",
              "Lucerne Publishing")
_PLACES = ("12 Harbour Street, Leeds", "4 Mill Lane, Bergen", "88 Rue Cler, Lyon",
           "7 Kings Road, Mombasa", "31 Elm Avenue, Toronto", "2 Quay Side, Gothenburg",
           "19 Bridge Street, Cork", "5 Lake View, Kisumu", "60 Park Row, Sheffield",
           "23 Dock Road, Aarhus")
_JOBS = ("Accountant", "Nurse", "Engineer", "Driver", "Analyst", "Teacher", "Designer",
         "Planner", "Technician", "Editor")
_WORDS = ("BCG", "OPV", "DTP", "Measles", "Hep B", "Rotavirus", "PCV", "Yellow fever",
          "HPV", "Td")


def record_prefix(shape: FlowShape) -> str:
    """"employee" for (employee id, …), else the data's last word made singular."""
    for field in shape.fields:
        name = snake_case(field)  # Contact.Id -> contact_id
        if name.endswith("_id") and name != "id":
            return name[:-3].split("_")[-1]
    words = re.findall(r"[a-z]+", (shape.flow.data or "record").split("(")[0].lower())
    word = words[-1] if words else "record"
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def example_record(shape: FlowShape, n: int) -> dict[str, Any]:
    """Record number n (from 1) of a flow, with the fields its spec names."""
    numeric = shape.cursor is not None and shape.cursor.kind == "incremental-id"
    record: dict[str, Any] = {"id": n if numeric else f"{record_prefix(shape)}-{n:04d}"}
    for name in shape.fields:
        record[name] = fake_value(name, n)
    if shape.cursor is not None and shape.cursor.kind == "modified-since":
        record["modified_at"] = timestamp(n)
    return record


def fake_value(field: str, n: int) -> Any:
    """A plausible made-up value for a field, by its name (as the source spells it:
    Account.Name and account_name read alike)."""
    name = snake_case(field)
    i = (n - 1) % 10
    rules: tuple[tuple[tuple[str, ...], Any], ...] = (
        (("email", "e_mail", "mail"), f"person{n}@example.org"),
        (("phone", "mobile"), f"+1 555 01{n % 100:02d}"),
        (("company", "organisation", "organization", "account_name"), _COMPANIES[i]),
        (("name", "contact", "manager", "person"), _PEOPLE[i]),
        (("gps",), f"-1.{28 + i},36.{80 + i}"),
        (("address", "location", "office", "org_unit", "department"), _PLACES[i]),
        (("date", "time", "_at", "since"), timestamp(n)[:10]),
        (("_id", "number", "reference"), f"{name.split('_')[0]}-{1000 + n}"),
        (("age",), 1 + n % 5),
        (("vaccine", "type", "status", "category"), _WORDS[i]),
        (("job_title", "role", "position"), _JOBS[i]),
        (("title", "headline"), f"Item {n}: {_WORDS[i]} update"),
    )
    words = name.split("_")
    for needles, value in rules:
        if any(_matches(needle, name, words) for needle in needles):
            return value
    return f"{name.replace('_', ' ')} {n}"


def _matches(needle: str, name: str, words: list[str]) -> bool:
    """A short needle is a whole word ("age", not the one in "images"); "_id" a suffix."""
    if needle.startswith("_"):
        return name.endswith(needle)
    return needle in words if len(needle) <= 4 else needle in name


def timestamp(n: int) -> str:
    """Minute n after a fixed moment: ISO 8601 strings that sort as they compare."""
    hours, minutes = divmod(n, 60)
    return f"2024-05-01T{8 + hours:02d}:{minutes:02d}:00Z"
