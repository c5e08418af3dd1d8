"""What is still unknown, asked as the question a project manager puts next.

The questions are the facts layer's one list (mailroom.facts.questions); this rule
reports them. Unknown is a legal answer; it is never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mailroom.checks.registry import Finding, spec_rule

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts

CODE = "open-question"


@spec_rule(CODE, "info")
def open_questions(facts: SpecFacts) -> Iterator[Finding]:
    """Every unknown that matters becomes a question, never a guess."""
    for question in facts.questions:
        yield Finding("info", CODE, question.text, question.flow, question.field)
