"""`mailroom interview`: start, resume or pre-fill an interview, run it, and check
the spec it wrote. `run_interview` is the Python API; the CLI only calls it."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from mailroom.errors import ExitCode, MailroomError
from mailroom.interview import engine
from mailroom.interview.answers import Answers
from mailroom.interview.journal import (
    Journal,
    read_journal,
    remove_journal,
    sidecar_path,
)
from mailroom.interview.lock import interview_lock
from mailroom.interview.messages import (
    missing_message,
    next_steps,
    not_saved_message,
    quote,
    resume_command,
    stopped_message,
)
from mailroom.interview.prepared import Asked
from mailroom.interview.session import NotSaved, Session, Terminal, signal_handlers
from mailroom.interview.vendor_facts import installed_catalog
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.questionnaire.model import DEFAULT_NAME, Question, Questionnaire

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

DEFAULT_OUTPUT = "integration.yaml"
NO_TERMINAL = (
    "mailroom interview asks its questions in a terminal, and there is none here. Give the "
    "answers in a spec file instead (YAML or JSON, complete or partial; null means \"don't "
    "know yet\"): mailroom interview --answers FILE -o SPEC"
)


class InterviewStopped(MailroomError):
    """Ctrl-C, end of input or a closed terminal: every answer so far is on disk."""

    exit_code = ExitCode.INTERRUPTED


class TerminalClosed(KeyboardInterrupt):
    """SIGHUP or SIGTERM while the interview runs. A kind of KeyboardInterrupt, so that
    the prompt's event loop lets it through wherever it lands, as it does Ctrl-C."""


@dataclass
class InterviewResult:
    path: Path
    has_errors: bool
    report: str


@dataclass
class _Start:
    path: Path
    tree: CommentedMap | None  # None: a new spec, nothing to read
    journal: Journal
    note: str | None = None
    on_disk: str | None = None  # digest of the content of the spec being resumed
    reopened: str | None = None  # what resuming asks again


def run_interview(
    output: str | Path | None = None,
    *,
    questionnaire: str | None = None,
    person: str | None = None,
    answers: str | Path | None = None,
    resume: str | Path | None = None,
    terminal: Terminal | None = None,
    interactive: bool = False,
    catalog_dir: Path | None = None,
    cache: Path | None = None,
) -> InterviewResult:
    """Interview one person and write the spec: a new one at `output`, the one being
    resumed, or one pre-filled from an answers file (a spec, complete or partial).

    Questions are asked on `terminal`, else on the process's own when `interactive` (the
    CLI says whether there is one); else nothing is asked: the answers file must answer
    every required question, or a MailroomError names what is missing. `catalog_dir`
    holds the user's own catalog entries; `cache` keeps the read questionnaire.
    """
    interactive = interactive or terminal is not None
    if not interactive and answers is None and resume is None:
        raise MailroomError(NO_TERMINAL)
    if person is not None and not person.strip():
        raise MailroomError('--as needs a name, for example --as "Dana Ortiz (project manager)"')
    path = _target(output, answers, resume)
    with interview_lock(path) as taken_over:
        start = _start(path, answers, resume, questionnaire)
        if taken_over:
            start.note = f"{taken_over} {start.note or ''}".strip()
        return _run(start, person, answers, resume, terminal, interactive, catalog_dir, cache)


def _run(
    start: _Start, person: str | None, answers: str | Path | None, resume: str | Path | None,
    terminal: Terminal | None, interactive: bool, catalog_dir: Path | None, cache: Path | None,
) -> InterviewResult:
    """The interview itself, with the spec's lock held."""
    loaded = load_questionnaire(start.journal.questionnaire, cache)
    catalog = installed_catalog(catalog_dir, cache)
    if not start.journal.answers.values and start.tree is not None:
        from mailroom.interview import specmap

        seeded = specmap.seed(loaded, start.tree, catalog)
        drafts = {k: v for k, v in start.journal.answers.drafts.items() if k not in seeded.values}
        start.journal.answers = engine.complete(loaded, replace(seeded, drafts=drafts),
                                                catalog=catalog)
        if resume is not None:
            start.reopened = _reopen_unknowns(loaded, start)
    if interactive and terminal is None:
        from mailroom.interview.prompts import PromptTerminal

        terminal = PromptTerminal()
        terminal.after_draw(_warm_up)
        terminal.after_draw(catalog.read)  # so that naming a system does not wait for it
    session = Session(loaded, start.path, start.tree, start.journal, terminal or PlainTerminal(),
                      on_disk=start.on_disk, catalog=catalog, catalog_dir=catalog_dir,
                      cache=cache)
    if person is not None:
        _answer_as(session, person.strip())
    if interactive:
        _interactive(session, start, resume is not None)
    else:
        _complete_or_fail(session, answers)
    return _finish(session)


# -- setting up -------------------------------------------------------------------


def _target(
    output: str | Path | None, answers: str | Path | None, resume: str | Path | None
) -> Path:
    """The spec the interview writes."""
    if resume is None:
        return Path(output or DEFAULT_OUTPUT)
    if answers is not None:
        raise MailroomError("--resume continues a spec and --answers starts one; use one")
    if output is not None and Path(output) != Path(resume):
        raise MailroomError("--resume writes to the file it continues; leave out -o")
    if not Path(resume).parent.is_dir():  # (before the lock, which would make the folder)
        raise MailroomError(f"{resume}: no such file, and no interview to resume there")
    return Path(resume)


def _start(
    path: Path, answers: str | Path | None, resume: str | Path | None, questionnaire: str | None,
) -> _Start:
    if resume is not None:
        return _resume(path, questionnaire)
    if path.exists() or sidecar_path(path).exists():
        raise MailroomError(
            f"{path} already exists. To continue it: mailroom interview --resume "
            f"{quote(path)}; to start afresh, choose another file with -o"
        )
    journal = Journal(questionnaire=_reference(questionnaire))
    if answers is None:
        return _Start(path, None, journal)
    from mailroom.spec.reading import load_spec

    loaded = load_spec(answers)
    return _Start(path, loaded.tree, journal, f"Starting from the answers in {answers}.")


def _resume(path: Path, questionnaire: str | None) -> _Start:
    from mailroom.interview import specmap
    from mailroom.interview.session import digest_of
    from mailroom.spec.reading import load_spec

    journal = read_journal(path)
    if not path.exists():
        if journal is None:
            raise MailroomError(f"{path}: no such file, and no interview to resume there")
        return _Start(path, None, journal, f"Continuing the interview for {path}.")
    loaded = load_spec(path)
    wanted = _reference(questionnaire) if questionnaire else None
    digest = digest_of(specmap.fingerprint(loaded.tree))
    if journal is not None and (wanted is None or wanted == journal.questionnaire):
        if digest in (journal.spec_sha256, journal.previous_sha256):
            # As the interview left it, or one answer behind (cut short): the journal has it.
            return _Start(path, loaded.tree, journal, f"Continuing {path}.", digest)
        # Edited by hand since: the file is what people read, so it wins.
        fresh = Journal(journal.questionnaire, Answers(drafts=journal.answers.values),
                        shown=journal.shown)
        return _Start(path, loaded.tree, fresh,
                      f"{path} was edited since the interview saved it; continuing from the "
                      "file as it is now.", digest)
    return _Start(path, loaded.tree, Journal(wanted or DEFAULT_NAME), f"Continuing {path}.",
                  digest)


def _reopen_unknowns(questionnaire: Questionnaire, start: _Start) -> str | None:
    """Resuming a finished spec (or one written by hand): its "don't know yet" answers are
    the open questions, asked again with "don't know yet" as the default."""
    answers = start.journal.answers
    unknown = {  # (an optional text left empty was skipped, not unknown)
        slot.key for slot in engine.path(questionnaire, answers)
        if answers.values.get(slot.key, False) is None and slot.question.unknown
        and slot.question.ask is not False
        and (slot.question.required or slot.question.type != "text")
    }
    if not unknown:
        return None
    start.journal.answers = replace(answers, revisit=answers.revisit | unknown)
    count = "1 question was" if len(unknown) == 1 else f"{len(unknown)} questions were"
    return (f"{count} answered \"don't know yet\": they are asked again (Enter keeps that "
            "answer).")


def _reference(questionnaire: str | None) -> str:
    """A packaged name as it is; a file as an absolute path, so --resume finds it anywhere."""
    if questionnaire is None:
        return DEFAULT_NAME
    if questionnaire.endswith((".yaml", ".yml")) or "/" in questionnaire:
        return str(Path(questionnaire).resolve())
    return questionnaire


def _answer_as(session: Session, person: str) -> None:
    """--as: the person answering, recorded as answered_by and as a stakeholder."""
    question = next((q for q in session.questionnaire.items
                     if isinstance(q, Question) and q.person), None)
    if question is None or session.answers.values.get(question.id) == person:
        return
    change = engine.answer(session.questionnaire, session.answers, question.id, person,
                           catalog=session.catalog)
    session.journal.answers = change.answers


# -- running ----------------------------------------------------------------------


def _interactive(session: Session, start: _Start, resumed: bool) -> None:
    terminal = session.terminal
    title = session.questionnaire.title
    terminal.say("heading", f"mailroom interview: {title}")
    if start.note:
        count = len([k for k in session.answers.values if not k.endswith(".another")])
        terminal.say("", f"{start.note} {count} answers so far.")
        if start.reopened:
            terminal.say("", start.reopened)
    elif session.questionnaire.intro:
        terminal.say("", session.questionnaire.intro)
    terminal.say("quiet", f"Every answer is saved in {start.path} as you go. Ctrl-C stops at any "
                          f"question; continue later with: {resume_command(start.path)}")
    terminal.say("", "")
    try:
        with _closed_terminal_stops():
            if session.answers.values:
                session.start()
            session.run(confirm_end=resumed)
    except NotSaved as exc:  # nothing more is written: the tree may hold the lost answer
        raise MailroomError(not_saved_message(session, exc)) from None
    except (KeyboardInterrupt, EOFError, TerminalClosed, OSError) as exc:
        # OSError: the terminal went away under the prompt.
        _flush_if_possible(session)
        raise InterviewStopped(stopped_message(session, exc)) from None
    except Exception:
        if session.path.exists() or sidecar_path(session.path).exists():
            _flush_if_possible(session)
            print(f"Your answers so far are saved in {session.path}; continue with: "
                  f"{resume_command(session.path)}", file=sys.stderr)
        raise


def _flush_if_possible(session: Session) -> None:
    # Even a second Ctrl-C: the journal holds every answer anyway.
    with contextlib.suppress(Exception, KeyboardInterrupt, TerminalClosed):
        session.flush()


def _warm_up() -> None:
    """While the person reads the first question: import what saving an answer needs."""
    import mailroom.catalog.loading
    import mailroom.checks
    import mailroom.facts.spec_facts
    import mailroom.interview.specmap
    import mailroom.spec.reading  # noqa: F401


def _complete_or_fail(session: Session, answers: str | Path | None) -> None:
    open_slots = engine.missing(session.questionnaire, session.answers, catalog=session.catalog)
    if open_slots:
        raise MailroomError(missing_message(session, open_slots, answers))


def _finish(session: Session) -> InterviewResult:
    from mailroom.checks import check_file

    try:
        spec = session.save()
        session.flush()
    except NotSaved as exc:
        raise MailroomError(not_saved_message(session, exc)) from None
    remove_journal(session.path)
    report, has_errors = check_file(str(session.path), catalog=session.catalog_dir,
                                    cache=session.cache)
    terminal = session.terminal
    terminal.say("heading", f"Saved {session.path}")
    terminal.say("", report.rstrip("\n"))
    used = session.journal.questionnaire
    for line in next_steps(session.path, session.checks_of(spec), has_errors,
                           session.questionnaire.next, None if used == DEFAULT_NAME else used):
        terminal.say("quiet", line)
    return InterviewResult(session.path, has_errors, report)


@contextmanager
def _closed_terminal_stops() -> Iterator[None]:
    """A closed terminal (SIGHUP) or SIGTERM stops the interview like Ctrl-C: the
    answers are on disk already; only the goodbye is left to say."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise TerminalClosed(signum)

    with signal_handlers([signal.SIGHUP, signal.SIGTERM], stop):
        yield


class PlainTerminal:
    """No terminal to ask with: messages go to standard output, as text."""

    def ask(self, asked: Asked) -> Any:
        raise MailroomError(NO_TERMINAL)

    def say(self, kind: str, text: str) -> None:
        import click

        from mailroom.printable import printable

        if kind == "heading":
            text = f"\n{text}"
        click.echo(printable(text))
