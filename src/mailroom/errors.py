"""Expected failures and the exit codes they map to.

Anything a user can fix raises MailroomError; the CLI prints its message on
stderr and exits with its code. Anything else is a bug and shows a traceback
only with --debug.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # check found an error, or compare found a disagreement
    BAD_INPUT = 2  # a file cannot be read or is not a valid spec
    BUG = 3  # mailroom itself failed; rerun with --debug
    INTERRUPTED = 130  # Ctrl-C


class MailroomError(Exception):
    """A failure the user can act on; its message says what to do."""

    exit_code: ExitCode = ExitCode.BAD_INPUT
    stdout: str = ""  # printed on standard output too: the JSON a program asked for

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def lines(self) -> list[str]:
        return str(self).splitlines()


class SpecError(MailroomError):
    """A spec file that cannot be read or is not valid; one problem per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems), ExitCode.BAD_INPUT)
        self.problems = problems
