"""Work done aside in a forked copy of the process: its result, or the work done again."""

from __future__ import annotations

import filecmp
import os
import signal
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from mailroom.aside import Aside, can_fork
from mailroom.document import build
from mailroom.document.render import Options
from mailroom.errors import MailroomError
from mailroom.specfile import load_spec

forks = pytest.mark.skipif(not can_fork(), reason="no fork here, or one core, or other threads")


@forks
def test_the_work_is_done_in_another_process():
    aside = Aside(os.getpid)
    assert aside.result() != os.getpid()
    assert aside.done_aside


def test_without_a_fork_the_work_is_done_here_when_the_result_is_asked():
    done: list[int] = []
    aside = Aside(lambda: done.append(os.getpid()) or len(done), forked=False)
    assert done == []
    assert aside.result() == 1
    assert done == [os.getpid()]
    assert not aside.done_aside


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

    aside = Aside(work)
    assert aside.result() == 42
    assert not aside.done_aside


@forks
def test_a_child_killed_while_sending_means_the_work_is_done_here():
    big = b"x" * 5_000_000  # more than a pipe holds: the child waits to send the rest
    aside = Aside(lambda: big)
    os.kill(aside._pid, signal.SIGKILL)
    assert aside.result() == big
    assert not aside.done_aside


@forks
def test_an_abandoned_child_is_reaped():
    aside = Aside(lambda: sum(range(10_000)))
    pid = aside._pid
    aside.abandon()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


@forks
@pytest.mark.parametrize("sample", ["commcare-openfn-dhis2.yaml", "hr-nightly-new-employees.yaml"])
def test_the_stub_made_aside_is_the_stub_made_here(sample):
    loaded = load_spec(SAMPLES / sample)
    aside = Aside(lambda: build._stub_files(loaded, SAMPLES / sample))
    assert aside.result() == build._stub_files(loaded, SAMPLES / sample)
    assert aside.done_aside


@forks
def test_render_with_the_stub_aside_writes_what_render_without_it_writes(tmp_path):
    options = Options(formats=("md",), date="2026-01-15")
    spec = SAMPLES / "commcare-openfn-dhis2.yaml"
    inline = build.build_document(spec, tmp_path / "inline", options, stub_aside=False)
    aside = build.build_document(spec, tmp_path / "aside", options, stub_aside=True)
    assert [p.name for p in inline.files] == [p.name for p in aside.files]
    assert aside.files[-1] == tmp_path / "aside" / "stub"
    compared = filecmp.dircmp(tmp_path / "inline" / "stub", tmp_path / "aside" / "stub")
    assert not compared.diff_files and not compared.left_only and not compared.right_only
    assert sorted(p.name for p in Path(tmp_path / "aside" / "stub").rglob("*")) == sorted(
        p.name for p in Path(tmp_path / "inline" / "stub").rglob("*"))


@forks
def test_a_stub_edited_by_hand_is_kept_and_said_when_made_aside(tmp_path):
    options = Options(formats=("md",), date="2026-01-15")
    spec = SAMPLES / "lead-push-salesforce-netsuite.yaml"
    build.build_document(spec, tmp_path, options, stub_aside=True)
    (tmp_path / "stub" / "README.md").write_text("my notes\n")
    again = build.build_document(spec, tmp_path, options, stub_aside=True)
    assert (tmp_path / "stub" / "README.md").read_text() == "my notes\n"
    assert len(again.warnings) == 1
    assert again.warnings[0].startswith(f"stub not written: {tmp_path / 'stub' / 'README.md'}")


@forks
def test_a_document_that_fails_writes_no_stub(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "document.md.j2").write_text("{% if %}\n")
    options = Options(formats=("md",), date="2026-01-15", templates=tmp_path / "templates")
    with pytest.raises(MailroomError):
        build.build_document(SAMPLES / "lead-push-salesforce-netsuite.yaml", tmp_path / "out",
                             options, stub_aside=True)
    assert not (tmp_path / "out" / "stub").exists()
