"""Work done aside in a forked copy of the process: its result, or the work done again."""

from __future__ import annotations

import filecmp
import os
import signal
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from mailroom.aside import Aside, can_fork
from mailroom.document.build import build_document
from mailroom.document.render import Options

forks = pytest.mark.skipif(not can_fork(), reason="no fork here, or one core, or other threads")


@forks
def test_the_work_is_done_in_another_process():
    here = os.getpid()
    assert Aside(os.getpid).result() != here


def test_without_a_fork_the_work_is_done_here_when_the_result_is_asked():
    done: list[int] = []
    aside = Aside(lambda: done.append(os.getpid()) or len(done), forked=False)
    assert done == []
    assert aside.result() == 1
    assert done == [os.getpid()]


@forks
def test_an_error_aside_is_raised_here_as_if_the_work_was_never_done_aside():
    with pytest.raises(ZeroDivisionError):
        Aside(lambda: 1 // 0).result()


@forks
def test_a_child_killed_midway_means_the_work_is_done_here():
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return 42

    assert Aside(work).result() == 42


@forks
def test_an_abandoned_child_is_reaped():
    aside = Aside(lambda: sum(range(10_000)))
    pid = aside._pid
    aside.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@forks
@pytest.mark.parametrize("sample", ["commcare-openfn-dhis2.yaml", "hr-nightly-new-employees.yaml"])
def test_the_stub_written_aside_is_the_stub_written_inline(sample, tmp_path):
    options = Options(formats=("md",), date="2026-01-15")
    spec = SAMPLES / sample
    inline = build_document(spec, tmp_path / "inline", options, stub_aside=False)
    aside = build_document(spec, tmp_path / "aside", options, stub_aside=True)
    assert [p.name for p in inline.files] == [p.name for p in aside.files]
    assert aside.files[-1] == tmp_path / "aside" / "stub"
    compared = filecmp.dircmp(tmp_path / "inline" / "stub", tmp_path / "aside" / "stub")
    assert not compared.diff_files and not compared.left_only and not compared.right_only
    assert sorted(p.name for p in Path(tmp_path / "aside" / "stub").rglob("*")) == sorted(
        p.name for p in Path(tmp_path / "inline" / "stub").rglob("*"))


@forks
def test_a_stub_edited_by_hand_is_kept_and_said_when_written_aside(tmp_path):
    options = Options(formats=("md",), date="2026-01-15")
    spec = SAMPLES / "lead-push-salesforce-netsuite.yaml"
    build_document(spec, tmp_path, options, stub_aside=True)
    (tmp_path / "stub" / "README.md").write_text("my notes\n")
    again = build_document(spec, tmp_path, options, stub_aside=True)
    assert (tmp_path / "stub" / "README.md").read_text() == "my notes\n"
    assert len(again.warnings) == 1
    assert again.warnings[0].startswith(f"stub not written: {tmp_path / 'stub' / 'README.md'}")
