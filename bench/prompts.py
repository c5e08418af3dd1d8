"""How many prompts the scoping interview puts on screen, per system and per flow.

    .venv/bin/python bench/prompts.py

A prompt is one question on screen. The shortest path accepts every suggestion (a
catalog fact, an inferred role, a default from an earlier answer), answers "don't
know yet" where there is none, and skips optional detail; only what defines the
integration is typed: names, each flow's data and its two ends. The scenario is the
one the issue describes: a web shop sends paid orders to a warehouse that has only an
SFTP folder, and to an accounting system through an integration platform, which is
three flows between four systems. Targets: at most 3 prompts for a system the catalog
knows, 6 for another system, 12 for a flow.

It also counts a detailed path through the same scenario (every question answered,
the details too), for comparison. Counts come from the interview's own engine, the
same that drives the terminal, so they do not depend on the machine.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from mailroom.interview import engine  # noqa: E402
from mailroom.interview.answers import Answers  # noqa: E402
from mailroom.interview.prepared import Asked  # noqa: E402
from mailroom.interview.vendor_facts import installed_catalog  # noqa: E402
from mailroom.interview.view import MISSING  # noqa: E402
from mailroom.questionnaire.loading import load_questionnaire  # noqa: E402

TARGETS = {"catalog system": 3, "other system": 6, "flow": 12}
SYSTEMS = ("Shopwise", "Stockroom", "Ledgerly", "OpenFn")  # OpenFn is in the catalog
FLOWS = (  # data, source, destination
    ("Paid orders", "shopwise", "stockroom"),
    ("Paid orders", "shopwise", "openfn"),
    ("Invoices for paid orders", "openfn", "ledgerly"),
)
DETAIL: dict[str, Any] = {  # the detailed path's answers, by question id
    "kind": "#1", "way_in": "#1", "runs": False, "owner": "IT operations",
    "fields": ["order_id -> OrderRef", "email -> CustomerEmail, lower case, personal"],
    "latency": "15 minutes", "trigger": "schedule", "schedule": "every 15 minutes",
    "mail_person": "#1", "skills": True, "skills_platform": True,
    "change_detection": "modified-since", "business_logic": "#0", "pattern": "clone",
    "personal_data": True, "personal_fields": ["email"],
    "volume": "300, up to 3000 on Black Friday",
    "error_handling": ["alert someone"], "alert_to": "Ops team", "alert_within": "at once",
    "resend_by": "Ops team", "details": True, "where": "/orders", "transport": "#0",
    "format": "json", "auth": "#0", "notes": "",
}


def typed(asked: Asked) -> Any:
    """What defines the integration: names, each flow's data and its ends."""
    group, index = asked.slot.scope
    name = asked.question.id
    if group == "systems" and name == "name":
        return SYSTEMS[index] if index < len(SYSTEMS) else ""
    if group == "flows" and name == "data":
        return FLOWS[index][0] if index < len(FLOWS) else ""
    if group == "flows" and name == "ends":
        return [FLOWS[index][1], FLOWS[index][2]]
    if group == "" and name in ("title", "why"):
        return "Paid orders to the warehouse and the books"
    return MISSING


def shortest(asked: Asked) -> Any:
    chosen = typed(asked)
    if chosen is not MISSING:
        return chosen
    if asked.type == "list":
        return []
    return None if asked.default is MISSING else asked.default


def detailed(asked: Asked) -> Any:
    chosen = typed(asked)
    if chosen is not MISSING:
        return chosen
    reply = DETAIL.get(asked.question.id, MISSING)
    if isinstance(reply, str) and reply.startswith("#"):
        enabled = [o.value for o in asked.options if o.disabled is None]
        return enabled[int(reply[1:])] if enabled else None
    if reply is MISSING:
        return shortest(asked)
    return reply


def count(reply: Callable[[Asked], Any]) -> tuple[Counter[tuple[str, int]], Answers]:
    """Prompts per scope (the system or flow they belong to) on one path."""
    questionnaire, catalog = load_questionnaire("scoping"), installed_catalog()
    answers, prompts = Answers(), Counter[tuple[str, int]]()
    while (asked := engine.next_question(questionnaire, answers, catalog=catalog)) is not None:
        prompts[asked.slot.scope] += 1
        parsed = asked.parse(reply(asked))
        assert parsed.problem is None, (asked.key, parsed.problem)
        if asked.continues is not None:
            more = parsed.value not in (None, "")
            answers = engine.answer(questionnaire, answers, asked.continues, more,
                                    catalog=catalog).answers
            if not more:
                continue
        answers = engine.answer(questionnaire, answers, asked.key, parsed.value,
                                catalog=catalog).answers
    return prompts, answers


def report(name: str, prompts: Counter[tuple[str, int]], answers: Answers) -> dict[str, int]:
    worst: dict[str, int] = {}
    print(f"{name}:")
    order = {"": 0, "systems": 1, "flows": 2}
    for (group, index), number in sorted(prompts.items(),
                                         key=lambda item: (order[item[0][0]], item[0][1])):
        if group == "systems" and index < len(SYSTEMS):
            known = answers.values.get(f"systems[{index}].catalog")
            kind = "catalog system" if isinstance(known, str) else "other system"
            label = f"system {index + 1} ({SYSTEMS[index]}, {kind})"
        elif group == "flows" and index < len(FLOWS):
            kind, label = "flow", f"flow {index + 1} ({FLOWS[index][0]})"
        elif group:
            print(f"  {number:3}  ending the list of {group}")
            continue
        else:
            kind, label = "top", "the integration (title, why, who answers)"
        worst[kind] = max(worst.get(kind, 0), number)
        print(f"  {number:3}  {label}")
    return worst


def main() -> int:
    worst = report("shortest path", *count(shortest))
    report("detailed path (every question answered, for comparison)", *count(detailed))
    ok = all(worst.get(kind, 0) <= most for kind, most in TARGETS.items())
    for kind, most in TARGETS.items():
        print(f"{kind}: at most {worst.get(kind, 0)} prompts on the shortest path "
              f"(target: {most})")
    print("targets met" if ok else "targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
