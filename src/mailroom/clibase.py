"""What every `mailroom` command shares: printing safely, and turning expected failures
into one-line messages and exit codes (the commands themselves are in cli.py)."""

from __future__ import annotations

import sys
from typing import Any

import click

from mailroom.errors import ExitCode, MailroomError
from mailroom.printable import printable

FORMAT = click.option(
    "--format", "output", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="text for people, json for programs.",
)


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line: every line mailroom prints goes here, so that control characters a
    stakeholder typed (escape sequences, C1, bidirectional overrides) are shown as codes
    and never obeyed by the terminal (printable.py)."""
    click.echo(printable(text), err=err, nl=nl)


class MailroomGroup(click.Group):
    """Turns expected failures into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MailroomError as exc:
            if exc.stdout:
                echo(exc.stdout, nl=False)
            for line in exc.lines:
                echo(f"Error: {line}", err=True)
            sys.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            echo("Interrupted.", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if _debug(ctx):
                raise
            echo(
                f"Error: mailroom failed unexpectedly ({type(exc).__name__}: {exc}). "
                "Run again with --debug for the details, and report it.",
                err=True,
            )
            sys.exit(int(ExitCode.BUG))


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.obj and (ctx.obj.get("debug") or ctx.obj["env"].debug))
