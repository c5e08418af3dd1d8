"""`pip install .` (not editable) into a fresh virtual environment gives a working mailroom."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from tests.conftest import REPO, SAMPLES

from mailroom.resources import packaged


def test_packaged_folders_are_found_in_the_checkout():
    for folder in ("templates", "questionnaires"):
        assert packaged(folder).joinpath("README.md").is_file()
    with pytest.raises(ValueError):
        packaged("../secrets")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with mailroom installed from a built wheel."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist),
         str(REPO)], check=True, cwd=root)
    wheel = next(dist.glob("mailroom-*.whl"))
    env_dir = root / "env"
    venv.create(env_dir, with_pip=True)
    subprocess.run([env_dir / "bin" / "python", "-m", "pip", "install", "--quiet", str(wheel)],
                   check=True, cwd=root)
    return env_dir


def test_installed_wheel_runs_check_on_a_sample(installed, tmp_path):
    sample = next(SAMPLES.glob("*.yaml"))
    result = subprocess.run([installed / "bin" / "mailroom", "check", str(sample)],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode == 0, result.stderr
    assert "Flow " in result.stdout


def test_installed_wheel_ships_templates_and_questionnaires(installed, tmp_path):
    code = ("import mailroom, mailroom.resources as r;"
            "print(mailroom.__file__);"
            "print(all(r.packaged(f).joinpath('README.md').is_file()"
            " for f in ('templates', 'questionnaires')))")
    result = subprocess.run([installed / "bin" / "python", "-c", code], capture_output=True,
                            text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": ""})
    location, shipped = result.stdout.split()
    assert str(installed) in location  # the installed copy, not the checkout
    assert shipped == "True"



def test_installed_wheel_carries_the_licence_and_the_one_version(installed, tmp_path):
    """The wheel's metadata names the MIT licence and ships LICENSE; its version is the
    checkout's mailroom.__version__ (pyproject.toml reads it), which --version prints."""
    from mailroom import __version__

    code = ("import importlib.metadata as m;"
            "d = m.distribution('mailroom');"
            "print(d.version, d.metadata['License-Expression'],"
            " (d.read_text('licenses/LICENSE') or '').startswith('MIT License'))")
    env = {**os.environ, "PYTHONPATH": ""}
    result = subprocess.run([installed / "bin" / "python", "-c", code], capture_output=True,
                            text=True, cwd=tmp_path, env=env)
    assert result.stdout.split() == [__version__, "MIT", "True"], result.stderr
    printed = subprocess.run([installed / "bin" / "mailroom", "--version"], capture_output=True,
                             text=True, cwd=tmp_path, env=env).stdout
    assert printed == f"mailroom, version {__version__}\n"
