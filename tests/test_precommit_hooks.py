"""The pre-commit hooks this repository publishes (.pre-commit-hooks.yaml), run the way a
team's spec repository runs them: `pre-commit try-repo` installs mailroom from this
checkout into an environment of its own and runs each hook on the files given.

try-repo installs into a fresh temporary store on every call (about 40 s on a quiet
machine: building mailroom's wheel and installing its dependencies), so the test makes
only two calls, side by side: a repository of good specs, and one with a good spec, a
spec with an error finding and a spec holding a secret. Hermetic: pre-commit's store,
pip's and virtualenv's caches and git's settings are this test's own, under tmp_path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from tests.conftest import CONTRACT_SPEC, REPO

PULL_ON_EVENT = CONTRACT_SPEC.replace("mail_person: salesforce", "mail_person: netsuite").replace(
    "mailbox: netsuite", "mailbox: salesforce").replace("direction: push", "direction: pull")
WITH_SECRET = CONTRACT_SPEC.replace(
    "    auth: {method: oauth2-client-credentials}\n",
    "    auth: {method: basic, password: hunter2-Sup3r}\n")


def test_the_hooks_follow_pre_commits_manifest_conventions():
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in hooks] == ["mailroom-check", "mailroom-secrets"]
    for hook in hooks:
        assert hook["language"] == "python"  # pre-commit pip-installs this repository
        assert hook["entry"].startswith("mailroom check")
        assert {"name", "description", "files"} <= set(hook)
    matches = re.compile(hooks[0]["files"]).search
    hidden = re.compile(hooks[0]["exclude"]).search
    assert matches("specs/orders.yaml") and matches("integration.yml")
    assert not matches("README.md")
    assert hidden(".pre-commit-config.yaml") and hidden(".github/workflows/ci.yml")
    assert not hidden("specs/orders.yaml")


def _env(tmp_path: Path) -> dict[str, str]:
    """Everything pre-commit, pip, virtualenv and git would keep or read in the home folder
    goes to tmp_path instead."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"),
           "PIP_CACHE_DIR": str(tmp_path / "pip"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "XDG_DATA_HOME": str(tmp_path / "data"),
           "VIRTUALENV_OVERRIDE_APP_DATA": str(tmp_path / "virtualenv"),
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    for name in ("PRE_COMMIT", "SKIP", "PIP_REQUIRE_VIRTUALENV", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def _git(cwd: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def _snapshot_of_this_checkout(target: Path, env: dict[str, str]) -> Path:
    """The checkout as it is now (tracked and new files, links kept) committed in a
    repository of its own, so that what is tried is the working tree being tested."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, env=env, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.exists() or source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    _git(target, env, "init", "-q")
    _git(target, env, "add", "-A")
    _git(target, env, "commit", "-q", "-m", "snapshot")
    return target


def _spec_repository(folder: Path, env: dict[str, str], specs: dict[str, str]) -> Path:
    (folder / "specs").mkdir(parents=True)
    for name, text in specs.items():
        (folder / "specs" / name).write_text(text)
    (folder / ".pre-commit-config.yaml").write_text("repos: []\n")  # hidden: not a spec
    _git(folder, env, "init", "-q")
    _git(folder, env, "add", "-A")
    return folder


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_try_repo_passes_good_specs_and_fails_an_error_finding_or_a_secret(tmp_path):
    hooks_repo = _snapshot_of_this_checkout(tmp_path / "mailroom", _env(tmp_path / "setup"))
    repos = {
        "clean": {"good.yaml": CONTRACT_SPEC},
        "troubled": {"good.yaml": CONTRACT_SPEC, "pull-on-event.yaml": PULL_ON_EVENT,
                     "with-secret.yaml": WITH_SECRET},
    }
    # The two installs run side by side: each try-repo builds its own environment.
    running = {}
    for name, specs in repos.items():
        env = _env(tmp_path / f"{name}-home")
        folder = _spec_repository(tmp_path / name, env, specs)
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), "--all-files",
             "--color", "never"],
            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = {name: process.communicate(timeout=900)[0] for name, process in running.items()}
    codes = {name: process.returncode for name, process in running.items()}

    # A commit of good specs passes both hooks (open questions are no reason to fail).
    assert codes["clean"] == 0, out["clean"]
    assert "mailroom check....." in out["clean"] and "mailroom secrets....." in out["clean"]
    assert out["clean"].count("Passed") == 2, out["clean"]

    troubled = out["troubled"]
    assert codes["troubled"] == 1, troubled
    check = troubled[troubled.index("mailroom check....."):troubled.index("mailroom secrets.")]
    secrets = troubled[troubled.index("mailroom secrets....."):]
    # mailroom-check: every spec reported under its name; it fails on the error finding
    # and on the secret (exit 2, the worst); the hidden config file was not passed to it.
    assert "Failed\n- hook id: mailroom-check\n- exit code: 2" in check
    assert "specs/good.yaml: Converted leads from Salesforce to NetSuite" in check
    assert "specs/pull-on-event.yaml: Converted leads" in check
    assert "error [event-needs-push] trigger" in check
    assert "Error: specs/with-secret.yaml:" in check
    assert "3 files checked: 1 with an error finding, 1 could not be read." in check
    assert ".pre-commit-config.yaml" not in check
    # mailroom-secrets: only the secret is refused, named by file, line and field.
    assert "Failed\n- hook id: mailroom-secrets\n- exit code: 2" in secrets
    assert "specs/good.yaml: no secret found." in secrets
    assert "specs/pull-on-event.yaml: no secret found." in secrets
    assert "Error: specs/with-secret.yaml:" in secrets and "flows[0].auth.password" in secrets
    assert "hunter2" not in troubled
