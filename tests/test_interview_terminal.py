"""End to end: the real `mailroom interview` in a pseudo-terminal, driven key by key."""

from __future__ import annotations

import signal

import pexpect
import pytest
from tests.interview_support import DOWN, ENTER, MIDDLE, PULL, PUSH, Scripted, drive, spawn

from mailroom.interview.run import run_interview


@pytest.fixture
def env(tmp_path):
    return {"MAILROOM_CACHE_DIR": str(tmp_path / "cache")}


def in_process(tmp_path, script, name="expected.yaml") -> str:
    """The same answers given without a terminal: the spec an uninterrupted run writes."""
    path = tmp_path / name
    run_interview(path, terminal=Scripted(script))
    return path.read_text()


def finish(child) -> int:
    """Confirm the end of the interview and wait for the program to exit."""
    child.expect("Save the spec and run the checks")
    child.send("\r")
    child.expect("Saved ")
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_a_full_push_flow(tmp_path, env, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", env["MAILROOM_CACHE_DIR"])
    child = spawn(["-o", "spec.yaml"], str(tmp_path), env)
    child.expect("Every answer is saved in spec.yaml as you go")
    drive(child, PUSH)
    assert finish(child) == 0
    assert "Salesforce pushes converted leads into NetSuite's REST API" \
        in child.before
    assert (tmp_path / "spec.yaml").read_text() == in_process(tmp_path, PUSH)
    assert not (tmp_path / "spec.yaml.interview.json").exists()


def test_the_review_from_the_last_screen(tmp_path, env, monkeypatch):
    """The last screen's second choice lists every answer; Enter there comes back."""
    monkeypatch.setenv("MAILROOM_CACHE_DIR", env["MAILROOM_CACHE_DIR"])
    child = spawn(["-o", "spec.yaml"], str(tmp_path), env)
    drive(child, PULL)
    child.expect("Save the spec and run the checks")
    child.send(DOWN + ENTER)  # review the answers, to change one
    child.expect("Flow 1: Salesforce → NetSuite")
    child.expect("Which answer do you want to change?")
    child.send(ENTER)
    assert finish(child) == 0
    assert (tmp_path / "spec.yaml").read_text() == in_process(tmp_path, PULL)


def test_a_platform_in_the_middle_as_two_flows(tmp_path, env, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", env["MAILROOM_CACHE_DIR"])
    child = spawn(["-o", "middle.yaml"], str(tmp_path), env)
    drive(child, MIDDLE)
    assert finish(child) == 0
    report = child.before
    assert "OpenFn is a platform in the middle: it is pushed to by CommCare and pushes to" \
        in report
    assert (tmp_path / "middle.yaml").read_text() == in_process(tmp_path, MIDDLE)


@pytest.mark.parametrize(("stop_at", "how"), [("systems[1].name", "signal"),
                                              ("flows[0].trigger", "signal"),
                                              ("flows[0].fields", "ctrl-c"),
                                              ("flows[0].auth", "ctrl-c")])
def test_sigint_then_resume_ends_with_the_same_spec(tmp_path, env, monkeypatch, stop_at, how):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", env["MAILROOM_CACHE_DIR"])
    child = spawn(["-o", "spec.yaml"], str(tmp_path), env)
    answers = drive(child, PUSH, stop_at=stop_at)
    if how == "signal":
        child.kill(signal.SIGINT)
    else:
        child.sendcontrol("c")
    child.expect("Stopped. Every answer so far is saved in spec.yaml.")
    child.expect("To continue where you left off: mailroom interview --resume spec.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    child = spawn(["--resume", "spec.yaml"], str(tmp_path), env)
    child.expect("Continuing spec.yaml.")
    drive(child, PUSH, answers=answers)
    assert finish(child) == 0
    assert (tmp_path / "spec.yaml").read_text() == in_process(tmp_path, PUSH)


def test_a_closed_terminal_keeps_every_answer(tmp_path, env, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", env["MAILROOM_CACHE_DIR"])
    child = spawn(["-o", "spec.yaml"], str(tmp_path), env)
    drive(child, PUSH, stop_at="flows[0].ends")
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 or child.signalstatus == signal.SIGHUP
    text = (tmp_path / "spec.yaml").read_text()
    assert "  - id: netsuite\n    name: NetSuite\n" in text
    assert (tmp_path / "spec.yaml.interview.json").exists()
