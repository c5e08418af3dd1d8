"""The README stays honest: every command has --help and is documented, every rule too."""

from __future__ import annotations

import pytest
from tests.conftest import REPO

from mailroom.checks import RULES
from mailroom.checks.registry import CATALOG_RULES
from mailroom.cli import main

README = (REPO / "README.md").read_text()


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: main {command} ")
    summary = (main.commands[command].help or "").strip().split("\n\n")[0]
    assert summary and " ".join(summary.split()) in " ".join(result.stdout.split())
    assert f"mailroom {command}" in README


@pytest.mark.parametrize(
    "code", sorted({rule.code for rule in RULES} | {rule[0] for rule in CATALOG_RULES}))
def test_every_rule_is_in_the_readme(code):
    assert f"| `{code}` |" in README


def test_readme_gives_the_two_commands():
    assert "./scripts/demo" in README
    assert "./scripts/test" in README
    assert "scripts/test" in (REPO / ".ci" / "run").read_text()


def test_help_and_version(run):
    assert run("--help").exit_code == 0
    assert "mailroom check" in run("--help").stdout
    assert run("--version").stdout.startswith("mailroom, version ")
