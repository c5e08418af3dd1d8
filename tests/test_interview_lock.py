"""Answers are never lost and "saved" is said only when it is true (issue 13, item 4):
one interview per spec at a time, a lock left by a crash taken over, and a full disk or a
read-only folder stopping the interview with the cause and the answer just typed."""

from __future__ import annotations

import errno
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from tests.interview_support import PUSH, Scripted

from mailroom.errors import MailroomError
from mailroom.interview.journal import read_journal, sidecar_path
from mailroom.interview.lock import HOLDER_SUFFIX, LOCK_SUFFIX, InterviewBusy
from mailroom.interview.run import InterviewStopped, run_interview

WHY = "Why does the data need to move?"


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def stopped_at(path: Path, key: str) -> None:
    """An interview of `path` stopped with Ctrl-C at the question `key`."""
    with pytest.raises(InterviewStopped):
        run_interview(path, terminal=Scripted(PUSH, stop_at=key))


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "cache")


def test_an_interview_leaves_no_lock_behind(tmp_path):
    path = tmp_path / "spec.yaml"
    stopped_at(path, "systems[0].name")
    assert leftovers(tmp_path) == ["spec.yaml", "spec.yaml.interview.json"]


# -- two at once ------------------------------------------------------------------------

HOLD = """\
import sys
from pathlib import Path
from mailroom.interview.lock import interview_lock
with interview_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def held(tmp_path):
    """The spec's interview lock, held by another process until the test ends."""
    path = tmp_path / "spec.yaml"
    stopped_at(path, "systems[0].name")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    yield path, holder.pid
    holder.communicate("")


def test_a_second_interview_of_the_same_spec_is_refused(held):
    path, pid = held
    before = path.read_text(), sidecar_path(path).read_text()
    with pytest.raises(InterviewBusy) as busy:
        run_interview(resume=path, terminal=Scripted(PUSH))
    message = str(busy.value)
    assert message.startswith(f"{path} is being interviewed by ")
    assert f" on {socket.gethostname()} (process {pid}, since " in message
    assert "saved" not in message
    assert busy.value.exit_code == 2
    assert (path.read_text(), sidecar_path(path).read_text()) == before


def test_the_command_names_who_holds_the_spec(held, run):
    path, pid = held
    result = run("interview", "--resume", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {path} is being interviewed by ")
    assert f"(process {pid}, since " in result.stderr


def test_a_lock_left_by_a_crashed_interview_is_taken_over(tmp_path):
    path = tmp_path / "spec.yaml"
    stopped_at(path, "systems[0].name")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    record = {"user": "dana", "host": socket.gethostname(), "pid": int(dead.stdout),
              "since": "2026-12-01 09:00:00 UTC"}
    Path(f"{path}{HOLDER_SUFFIX}").write_text(json.dumps(record))
    Path(f"{path}{LOCK_SUFFIX}").write_text("")  # as SIGKILL leaves it
    terminal = Scripted(PUSH)
    run_interview(resume=path, terminal=terminal)
    assert ("", f"The interview of {path} by dana on {socket.gethostname()} (process "
                f"{record['pid']}, since 2026-12-01 09:00:00 UTC) stopped without ending "
                "(that process is gone); it continues here. Continuing "
                f"{path}. 3 answers so far.") in terminal.said
    assert leftovers(tmp_path) == ["spec.yaml"]


def test_a_record_from_another_host_is_not_taken_over_silently(tmp_path):
    path = tmp_path / "spec.yaml"
    stopped_at(path, "systems[0].name")
    record = {"user": "lee", "host": "elsewhere.example", "pid": 4242, "since": "now"}
    Path(f"{path}{HOLDER_SUFFIX}").write_text(json.dumps(record))
    with pytest.raises(InterviewBusy) as busy:
        run_interview(resume=path, terminal=Scripted(PUSH))
    assert "by lee on elsewhere.example (process 4242, since now)" in str(busy.value)
    assert str(busy.value).endswith(f"If that interview is not running any more, remove "
                                    f"{path}{HOLDER_SUFFIX} and try again.")
    assert json.loads(Path(f"{path}{HOLDER_SUFFIX}").read_text()) == record  # left alone


# -- full disks and read-only folders ---------------------------------------------------


def fail_writes(monkeypatch, code: int, *, after: int = 0, only: Path | None = None) -> None:
    """os.replace (how every file of the interview is put in place) fails with `code`
    after `after` successes (for `only` that file)."""
    real = os.replace
    done = [0]

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if only is None or Path(dst) == only:
            done[0] += 1
            if done[0] > after:
                raise OSError(code, os.strerror(code))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_full_disk_stops_the_interview_with_the_answer_on_screen(tmp_path, monkeypatch):
    path = tmp_path / "spec.yaml"
    fail_writes(monkeypatch, errno.ENOSPC, after=1, only=sidecar_path(path))  # the title's
    with pytest.raises(MailroomError) as stopped:
        run_interview(path, terminal=Scripted(PUSH))
    assert not isinstance(stopped.value, InterviewStopped)
    assert stopped.value.exit_code == 2
    assert str(stopped.value) == (
        f"Stopped: {sidecar_path(path)} cannot be written (No space left on device).\n"
        "Your last answer is NOT saved; here it is, to give again:\n"
        f"  {WHY}\n"
        f"  → {PUSH['why']}\n"
        f"The answers before it are saved in {sidecar_path(path)}.\n"
        "To continue, make the folder writable or free some space, then: "
        f"mailroom interview --resume {path}")
    journal = read_journal(path)
    assert journal is not None and set(journal.answers.values) == {"title"}


def test_a_spec_that_cannot_be_written_keeps_the_answer_on_screen(tmp_path, monkeypatch):
    path = tmp_path / "spec.yaml"
    fail_writes(monkeypatch, errno.ENOSPC, after=1, only=path)
    with pytest.raises(MailroomError) as stopped:
        run_interview(path, terminal=Scripted(PUSH))
    message = str(stopped.value)
    assert message.startswith(f"Stopped: {path} cannot be written (No space left on device).")
    assert f"  → {PUSH['title']}" not in message  # saved: the journal holds it
    assert "Your last answer is NOT saved" in message
    assert f"The answers before it are saved in {sidecar_path(path)}." in message
    monkeypatch.undo()
    terminal = Scripted(PUSH)
    run_interview(resume=path, terminal=terminal)  # and nothing before it is lost
    assert terminal.keys[0] != "title"


def test_the_first_answer_on_a_full_disk_says_nothing_was_saved(tmp_path, monkeypatch):
    path = tmp_path / "spec.yaml"
    fail_writes(monkeypatch, errno.ENOSPC, only=sidecar_path(path))
    with pytest.raises(MailroomError) as stopped:
        run_interview(path, terminal=Scripted(PUSH))
    message = str(stopped.value)
    assert f"  → {PUSH['title']}" in message
    assert "Nothing was saved." in message and "are saved" not in message
    assert leftovers(tmp_path) == []


def test_a_read_only_folder_is_refused_before_the_first_question(tmp_path, monkeypatch):
    path = tmp_path / "spec.yaml"
    real = os.open

    def read_only(file, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).startswith(str(tmp_path / "spec")) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(file))
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    terminal = Scripted(PUSH)
    with pytest.raises(MailroomError) as refused:
        run_interview(path, terminal=terminal)
    assert str(refused.value).startswith(
        f"{path}{LOCK_SUFFIX}: cannot be written (Read-only file system); the interview saves "
        f"every answer in {tmp_path}")
    assert terminal.asked == [] and terminal.said == []


def test_a_folder_that_turns_read_only_keeps_the_answer_on_screen(tmp_path, monkeypatch):
    path = tmp_path / "spec.yaml"
    stopped_at(path, "systems[0].name")
    fail_writes(monkeypatch, errno.EROFS, only=sidecar_path(path))
    with pytest.raises(MailroomError) as stopped:
        run_interview(resume=path, terminal=Scripted(PUSH))
    message = str(stopped.value)
    assert "cannot be written (Read-only file system)" in message
    assert f"  → {PUSH['systems[0].name']}" in message
    assert "Every answer" not in message
