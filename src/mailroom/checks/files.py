"""`mailroom check` on several files and folders at once, as a pre-commit hook calls it:
each file's report under its name, one file's failure never stopping the others, and
the exit code of the worst. `--secrets-only` looks for secrets and nothing else.

One file named on its own keeps the single-file output (check_file): the report, or
`{"findings": [...]}` / `{"errors": [...]}` for `--format json`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailroom.errors import ExitCode, MailroomError, SpecError


@dataclass
class Printed:
    """What one step of the run prints: on standard output, and lines for stderr."""

    stdout: str = ""
    stderr: list[str] = field(default_factory=list)


@dataclass
class _Outcome:
    name: str
    code: ExitCode
    findings: list[dict[str, Any]] = field(default_factory=list)
    failure: MailroomError | None = None


def scan_secrets(path: str) -> None:
    """Raise SpecError naming where every secret in the file is (never the value), whether
    or not the file is a valid spec. A file that is not readable YAML is scanned line by
    line, so a broken draft holding a key is refused too."""
    from mailroom.fileio import read_text
    from mailroom.spec.reading import NO_SECRETS, parse_tree, secret_problems
    from mailroom.spec.secrets import secret_in_text

    text = read_text(Path(path))
    try:
        tree = parse_tree(text, path)
    except SpecError:
        found = [f"{path}:{number}: holds {what}; {NO_SECRETS}"
                 for number, line in enumerate(text.splitlines(), 1)
                 if (what := secret_in_text(line)) is not None]
        if found:
            raise SpecError(found) from None
        return
    problems = secret_problems(tree, path)
    if problems:
        raise SpecError(problems)


def check_paths(
    paths: Sequence[str], show: Callable[[Printed], None], output: str = "text",
    catalog: str | Path | None = None, cache: Path | None = None, *,
    secrets_only: bool = False,
) -> ExitCode:
    """Check every spec the paths name (a folder: the spec files directly inside it), one
    after the other, handing `show` what to print as it goes, and return the worst exit
    code. Text: each file's report, then a line of totals; json: `{"files": [...]}` at the
    end. Problems go to stderr as lines naming their file, whatever the format. One file
    named on its own is reported as it always was: no totals, and check's JSON shapes."""
    from mailroom.spec.files import specs_in

    single = len(paths) == 1 and not Path(paths[0]).is_dir()
    outcomes: list[_Outcome] = []
    seen: set[Path] = set()
    for given in paths:
        try:
            files = specs_in(Path(given))
        except MailroomError as exc:
            outcomes.append(_Outcome(given, exc.exit_code, failure=exc))
            show(Printed(stderr=exc.lines))
            continue
        for path in files:
            if path not in seen:
                seen.add(path)
                outcome, printed = _check_one(str(path), output, catalog, cache, secrets_only)
                outcomes.append(outcome)
                if printed.stdout and not (single or secrets_only):
                    printed.stdout += "\n"  # a blank line before the next file's name
                show(printed)
    if output == "json":
        show(Printed(_single_json(outcomes[0]) if single else _files_json(outcomes)))
    elif not single:
        show(Printed(_total(outcomes, secrets_only)))
    return max((o.code for o in outcomes), default=ExitCode.OK)


def _check_one(
    path: str, output: str, catalog: str | Path | None, cache: Path | None, secrets_only: bool,
) -> tuple[_Outcome, Printed]:
    from mailroom.checks import findings_of_file, has_errors, report

    try:
        if secrets_only:
            scan_secrets(path)
            text = "" if output == "json" else f"{path}: no secret found.\n"
            return _Outcome(path, ExitCode.OK), Printed(text)
        name, facts, findings = findings_of_file(path, catalog, cache)
    except MailroomError as exc:
        return _Outcome(path, exc.exit_code, failure=exc), Printed(stderr=exc.lines)
    code = ExitCode.FINDINGS if has_errors(findings) else ExitCode.OK
    text = "" if output == "json" else report.as_text(facts, findings, name)
    return _Outcome(path, code, [f.as_json() for f in findings]), Printed(text)


def _single_json(outcome: _Outcome) -> str:
    from mailroom.spec.problems import errors_json

    if outcome.failure is not None:
        return errors_json([(outcome.name, outcome.failure)])
    return json.dumps({"findings": outcome.findings}, indent=2, ensure_ascii=False) + "\n"


def _files_json(outcomes: list[_Outcome]) -> str:
    from mailroom.spec.problems import problem

    files: list[dict[str, Any]] = []
    for outcome in outcomes:
        if outcome.failure is None:
            files.append({"file": outcome.name, "findings": outcome.findings})
        else:
            files.append({"file": outcome.name, "errors": [
                problem(line, outcome.name) for line in outcome.failure.lines]})
    return json.dumps({"files": files}, indent=2, ensure_ascii=False) + "\n"


def _total(outcomes: list[_Outcome], secrets_only: bool) -> str:
    """The last line: how many files, and how many of each outcome."""
    unread = sum(o.code == ExitCode.BAD_INPUT for o in outcomes)
    errors = sum(o.code == ExitCode.FINDINGS for o in outcomes)
    files = f"{len(outcomes)} file{'' if len(outcomes) == 1 else 's'}"
    if secrets_only:
        return (f"{files}: {unread} refused (a secret, or the file cannot be read).\n"
                if unread else f"{files}: no secret found.\n")
    parts = [f"{errors} with an error finding" if errors else "",
             f"{unread} could not be read" if unread else ""]
    said = ", ".join(part for part in parts if part)
    return f"{files} checked: {said or 'no error finding'}.\n"
