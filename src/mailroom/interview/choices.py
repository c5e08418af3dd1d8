"""What a question offers: its choices, with those the rules exclude marked unavailable
(and why), and those a vendor documents marked as such."""

from __future__ import annotations

from typing import Any

from mailroom.interview.answers import Slot
from mailroom.interview.option import Option
from mailroom.interview.view import View


def options(view: View, slot: Slot) -> tuple[Option, ...]:
    question = slot.question
    if question.type == "confirm":
        found = [Option(True, "yes"), Option(False, "no")]
    elif question.choices_from == "systems":
        found = [Option(sid, name) for sid, name in view.systems]
    elif question.choices_from in ("system-pairs", "schedules"):
        from mailroom.interview import offered

        found = (offered.system_pairs(view) if question.choices_from == "system-pairs"
                 else offered.schedules(view, slot.scope))
    else:
        found = []
        if question.choices_from == "catalog":
            from mailroom.interview.suggest import catalog_options

            found = catalog_options(view, slot)
        for choice in question.choices:
            value: Any = choice.value
            if isinstance(value, str) and "{" in value:
                value = view.render_strict(slot.scope, value)
                if value is None:
                    continue  # names an end not known yet
            label = view.render(slot.scope, choice.label) if choice.label else str(value)
            explain = view.render(slot.scope, choice.explain) if choice.explain else None
            found.append(Option(value, label, explain))
    unique = list({repr(o.value): o for o in found}.values())
    from mailroom.interview.suggest import mark_documented

    return tuple(mark_documented(view, slot, _mark_unavailable(view, slot, unique)))


def _mark_unavailable(view: View, slot: Slot, found: list[Option]) -> list[Option]:
    reasons: dict[str, str] = {}
    for rule in slot.question.unavailable:
        if not view.holds(slot.scope, rule.when):
            continue
        value: Any = rule.value
        if isinstance(value, str) and "{" in value:
            value = view.render_strict(slot.scope, value)
        if value is not None:
            reasons.setdefault(repr(value), view.render(slot.scope, rule.reason))
    return [
        Option(o.value, o.label, o.explain, reasons[repr(o.value)]) if repr(o.value) in reasons
        else o
        for o in found
    ]
