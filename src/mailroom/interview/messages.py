"""What the interview says when it ends: what to do next, how to continue after a stop,
and, without a terminal, which answers are missing."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailroom.interview.journal import sidecar_path

if TYPE_CHECKING:
    from mailroom.interview.answers import Slot
    from mailroom.interview.session import NotSaved, Session
    from mailroom.questionnaire.model import NextStep

MAX_LISTED = 15


def next_steps(
    path: Path, findings: list[Any], has_errors: bool, step: NextStep | None = None,
    questionnaire: str | None = None,
) -> list[str]:
    """What to do now, each command on a line of its own. `step`: the questionnaire's own
    next step (the sales brief's: make the brief, which lists what is still open);
    `questionnaire`: the one used, when it is not the default (the journal is gone, so
    resuming must name it)."""
    from mailroom.checks.open_questions import CODE as OPEN_QUESTION

    spec = quote(path)
    again = resume_command(path) + (f" --questionnaire {shlex.quote(questionnaire)}"
                                    if questionnaire else "")
    if has_errors:
        steps = [f"Next: resolve the errors. Change the answers (go back to them) with\n"
                 f"  {again}\nor edit {spec}, then run\n  mailroom check {spec}"]
    elif step is not None:
        return [f"Next: {step.say}\n  {step.command.replace('{spec}', spec)}",
                f"To fill in what is not known yet, later:\n  {again}"]
    elif any(f.code == OPEN_QUESTION for f in findings):
        steps = ["Next: take the open questions to the people who know, then fill them in "
                 f"with\n  {again}\nor by editing {spec}."]
    else:
        steps = ["Next: make the requirements document for everyone who must agree to it:\n"
                 f"  mailroom render {spec} -o docs"]
    steps.append("To compare with another stakeholder's view, interview them too and compare:\n"
                 "  mailroom interview --as \"Name (role)\" -o other.yaml\n"
                 f"  mailroom compare {spec} other.yaml")
    return steps


def resume_command(path: Path) -> str:
    return f"mailroom interview --resume {quote(path)}"


def quote(path: Path) -> str:
    return shlex.quote(str(path))


def stopped_message(session: Session, exc: BaseException) -> str:
    if not session.path.exists() and not sidecar_path(session.path).exists():
        return "Stopped before the first answer; nothing was saved."
    return (f"Stopped. Every answer so far is saved in {session.path}.\n"
            f"To continue where you left off: {resume_command(session.path)}")


def not_saved_message(session: Session, exc: NotSaved) -> str:
    """A write failed: why, the answer just typed (so that it is not lost), and what is
    on disk: "saved" only for what a write that succeeded holds."""
    lines = [f"Stopped: {exc.path} cannot be written ({exc.reason})."]
    if exc.answer is not None:
        question, answer = exc.answer
        lines += ["Your last answer is NOT saved; here it is, to give again:",
                  f"  {question}", f"  → {answer}"]
    journal = sidecar_path(session.path)
    kept = journal if journal.exists() else session.path if session.path.exists() else None
    fix = "make the folder writable or free some space"
    if kept is not None:
        before = "before it" if exc.answer is not None else "so far"
        lines += [f"The answers {before} are saved in {kept}.",
                  f"To continue, {fix}, then: {resume_command(session.path)}"]
    else:
        lines += ["Nothing was saved.",
                  f"To start again, {fix}, then: mailroom interview -o {quote(session.path)}"]
    return "\n".join(lines)


def missing_message(session: Session, slots: list[Slot], answers: str | Path | None) -> str:
    lines = _describe(session, slots)
    shown = lines[:MAX_LISTED]
    if len(lines) > MAX_LISTED:
        shown.append(f"  … and {len(lines) - MAX_LISTED} more")
    source = str(answers) if answers is not None else str(session.path)
    return "\n".join([
        f"there is no terminal to ask what {source} leaves open:",
        *shown,
        f"Add them to {source} (null means \"don't know yet\") and run again with --answers "
        f"{quote(Path(source))}, or run mailroom interview in a terminal to be asked.",
    ])


def _describe(session: Session, slots: list[Slot]) -> list[str]:
    """One line per missing answer; the systems or flows missing altogether, one line."""
    from mailroom.interview.prepared import resolve
    from mailroom.interview.view import View

    view = View(session.questionnaire, session.answers.values, session.catalog)
    lines: list[str] = []
    absent: dict[str, list[str]] = {}
    for slot in slots:
        if slot.group is not None and not view.answers_in(slot.scope):
            group, index = slot.scope
            names = absent.setdefault(group, [])
            if f"{group}[{index}]" not in names:
                if not names:
                    lines.append(group)  # placeholder, filled in below
                names.append(f"{group}[{index}]")
            continue
        asked = resolve(view, session.answers, slot, can_go_back=False)
        lines.append(f"  {_field_path(slot)}: {asked.text}")
    for group, names in absent.items():
        found = session.questionnaire.group(group)
        minimum = found.min if found is not None else 1
        word = group if minimum != 1 else group.rstrip("s")
        lines[lines.index(group)] = (f"  {', '.join(names)}: not given (a spec needs at least "
                                     f"{minimum} {word})")
    return lines


def _field_path(slot: Slot) -> str:
    name = slot.question.field or slot.question.id
    if slot.group is None:
        return name
    return f"{slot.scope[0]}[{slot.scope[1]}].{name}"
