"""The environment is read once, where a command starts, and passed on: the core never
reads the process's variables or asks whether a stream is a terminal."""

from __future__ import annotations

import io
import re
from pathlib import Path

from tests.test_layout import MODULES, PACKAGE

from mailroom.environment import Environment


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_cache_follows_mailroom_then_xdg_then_the_home_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert Environment.from_os({}).cache == tmp_path / "home" / ".cache" / "mailroom"
    assert Environment.from_os({"XDG_CACHE_HOME": "/x"}).cache == Path("/x/mailroom")
    both = Environment.from_os({"XDG_CACHE_HOME": "/x", "MAILROOM_CACHE_DIR": "/m"})
    assert (both.cache, both.openfn) == (Path("/m"), Path("/m/openfn"))


def test_each_variable_sets_what_it_says():
    env = Environment.from_os({
        "MAILROOM_CACHE_DIR": "/c", "MAILROOM_OPENFN_CACHE": "/o", "MAILROOM_CATALOG": "/k",
        "SOURCE_DATE_EPOCH": "1700000000", "MAILROOM_DEBUG": "1"})
    assert (env.cache, env.openfn, env.catalog, env.source_date_epoch, env.debug) == (
        Path("/c"), Path("/o"), Path("/k"), 1700000000, True)
    quiet = Environment.from_os({"MAILROOM_CACHE_DIR": "/c", "SOURCE_DATE_EPOCH": "soon"})
    assert (quiet.catalog, quiet.source_date_epoch, quiet.debug) == (None, None, False)


def test_terminals_decide_whether_to_ask_and_to_draw_progress():
    env = {"MAILROOM_CACHE_DIR": "/c"}
    asking = Environment.from_os(env, Terminal(), Terminal(), io.StringIO())
    assert (asking.interactive, asking.progress) == (True, False)
    piped = Environment.from_os(env, io.StringIO(), Terminal(), Terminal())
    assert (piped.interactive, piped.progress) == (False, True)


def test_only_the_edge_reads_the_process_environment():
    reads = re.compile(r"os\.environ|os\.getenv|\.isatty\(|Path\.home\(|expanduser\(")
    readers = sorted(str(p.relative_to(PACKAGE)) for p in MODULES
                     if reads.search(p.read_text(encoding="utf-8")))
    assert readers == ["environment.py"]


def test_a_spec_dated_from_source_date_epoch(run, write, tmp_path, monkeypatch):
    from tests.conftest import CONTRACT_SPEC

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    out = tmp_path / "out"
    assert run("render", write("spec.yaml", CONTRACT_SPEC), "-o", str(out), "--format", "md",
               "--no-stub").exit_code == 0
    assert "Integration requirements document · 2023-11-14 ·" in (out / "spec.md").read_text()
