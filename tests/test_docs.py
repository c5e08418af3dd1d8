"""The README stays honest: every command has --help and is documented, every rule too."""

from __future__ import annotations

import re

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


# -- CONTRIBUTING.md and CHANGELOG.md ---------------------------------------------

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text()
CHANGELOG = (REPO / "CHANGELOG.md").read_text()
# What CONTRIBUTING shows as code: fenced blocks and `inline spans`.
_CODE = re.findall(r"```[a-z]*\n(.*?)```|`([^`\n]+)`", CONTRIBUTING, re.DOTALL)
CONTRIBUTING_CODE = "\n".join(block or span for block, span in _CODE)
# A file or folder of this repository (or of src/mailroom/, as `spec/model.py`), as a
# command or a path names it; templates such as catalog/<id>.yaml, and globs, are not
# names of one file.
_PATH = re.compile(r"(?<![\w/.-])(?:\./)?((?:src|tests|bench|scripts|\.ci|questionnaires|samples"
                   r"|templates|catalog|spec|facts|checks|document|brief|diagrams|interview"
                   r"|questionnaire|stub|simulate)/[\w./-]*[\w/])(::\w+)?(?![\w<*{])")


def test_contributing_gives_the_two_commands():
    assert "./scripts/demo" in CONTRIBUTING and "./scripts/test" in CONTRIBUTING


def test_every_command_contributing_shows_exists(run):
    used = set(re.findall(r"(?<![\w/.-])mailroom ([a-z][a-z-]*)", CONTRIBUTING_CODE))
    assert used, "CONTRIBUTING shows no mailroom command"
    assert used <= set(main.commands), f"not commands: {sorted(used - set(main.commands))}"
    for words in re.findall(r"mailroom catalog ([a-z]+)", CONTRIBUTING_CODE):
        assert run("catalog", words, "--help").exit_code == 0


def test_every_file_contributing_names_exists():
    named = _PATH.findall(CONTRIBUTING_CODE)
    assert len(named) > 20
    for path, test in named:
        found = [f for f in (REPO / path, REPO / "src" / "mailroom" / path) if f.exists()]
        assert found, f"{path} does not exist"
        if test:  # tests/test_x.py::test_name: that test is defined there
            assert f"def {test[2:]}(" in found[0].read_text(), f"no {test[2:]} in {path}"


def test_the_changelog_keeps_a_changelog_and_its_latest_version_is_mailrooms(run):
    versions = re.findall(r"^## \[([^\]]+)\]", CHANGELOG, re.MULTILINE)
    assert versions[0] == "Unreleased"
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", CHANGELOG, re.MULTILINE)
    assert released == versions[1:], "every version heading is ## [x.y.z] - YYYY-MM-DD"
    assert run("--version").stdout == f"mailroom, version {released[0]}\n"


def test_the_licence_is_mit_with_the_projects_copyright():
    licence = (REPO / "LICENSE").read_text()
    assert licence.startswith("MIT License\n\nCopyright (c) 2026 The mailroom authors\n")
    assert "Permission is hereby granted, free of charge" in licence
