"""Shared by the interview tests: answer scripts, a scripted terminal, and the keys a
person would press to give an answer in the real prompts."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from mailroom.interview import engine
from mailroom.interview.answers import Answers
from mailroom.interview.prepared import BACK, Asked
from mailroom.interview.vendor_facts import installed_catalog
from mailroom.interview.view import MISSING
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.questionnaire.model import Questionnaire

# What the catalog documents, as `mailroom interview` gives it to the engine.
CATALOG = installed_catalog()

# One flow, pushed: Salesforce pushes converted leads into NetSuite on an event.
PUSH: dict[str, Any] = {
    "title": "Converted leads from Salesforce to NetSuite",
    "why": "Finance needs every converted lead as a NetSuite customer within minutes.",
    "answered_by": "Dana Ortiz (project manager)",
    "systems[0].name": "Salesforce",
    "systems[0].catalog": "salesforce",
    "systems[0].id": "salesforce",
    "systems[0].platform": False,
    "systems[0].api": True,
    "systems[0].events": True,
    "systems[0].skills": True,
    "systems[0].third_party": False,
    "systems[1].name": "NetSuite",
    "systems[1].catalog": "netsuite",
    "systems[1].id": "netsuite",
    "systems[1].platform": False,
    "systems[1].api": True,
    "systems[1].events": False,
    "systems[1].skills": False,
    "systems[1].third_party": False,
    "systems[1].another": False,
    "flows[0].source": "salesforce",
    "flows[0].destination": "netsuite",
    "flows[0].id": "salesforce-to-netsuite",
    "flows[0].data": "Converted leads (name, email, company)",
    "flows[0].mail_person": "salesforce",
    "flows[0].mailbox": "netsuite",
    "flows[0].roles_ok": True,
    "flows[0].trigger": "event",
    "flows[0].event": "a lead is converted",
    "flows[0].transport": "rest",
    "flows[0].format": "json",
    "flows[0].auth": "oauth2-client-credentials",
    "flows[0].business_logic": "netsuite",
    "flows[0].pattern": "clone",
    "flows[0].personal_data": True,
    "flows[0].volume": "200",
    "flows[0].latency": "15 minutes",
    "flows[0].error_handling": ["retry automatically with growing delays",
                                "alert the owner of the flow"],
    "flows[0].notes": "",
    "flows[0].another": False,
}

# A platform in the middle: CommCare pushes to OpenFn by webhook, OpenFn pushes to DHIS2.
MIDDLE: dict[str, Any] = {
    "title": "Household visits from CommCare to DHIS2 through OpenFn",
    "why": "Every visit must reach DHIS2 the same day, without re-entry.",
    "answered_by": "Grace Wanjiru (head of health information systems)",
    "systems[0].name": "CommCare",
    "systems[0].catalog": "commcare",
    "systems[0].id": "commcare",
    "systems[0].platform": False,
    "systems[0].api": True,
    "systems[0].events": True,
    "systems[0].skills": True,
    "systems[0].third_party": False,
    "systems[1].name": "OpenFn",
    "systems[1].catalog": "openfn",
    "systems[1].id": "openfn",
    "systems[1].platform": True,
    "systems[1].api": True,
    "systems[1].events": True,
    "systems[1].skills_platform": True,
    "systems[1].third_party": True,
    "systems[1].another": True,
    "systems[2].name": "DHIS2",
    "systems[2].catalog": "dhis2",
    "systems[2].id": "dhis2",
    "systems[2].platform": False,
    "systems[2].api": True,
    "systems[2].events": False,
    "systems[2].skills": False,
    "systems[2].third_party": False,
    "systems[2].another": False,
    "flows[0].source": "commcare",
    "flows[0].destination": "openfn",
    "flows[0].id": "commcare-to-openfn",
    "flows[0].data": "Household visit forms (child id, vaccines given)",
    "flows[0].mail_person": "commcare",
    "flows[0].mailbox": "openfn",
    "flows[0].roles_ok": True,
    "flows[0].trigger": "event",
    "flows[0].event": "a health worker submits a form",
    "flows[0].transport": "webhook",
    "flows[0].webhook_registration": "manual",
    "flows[0].format": "json",
    "flows[0].auth": "api-key",
    "flows[0].business_logic": "openfn",
    "flows[0].pattern": "push",
    "flows[0].personal_data": True,
    "flows[0].volume": "1200",
    "flows[0].latency": "15 minutes",
    "flows[0].error_handling": ["retry automatically with growing delays"],
    "flows[0].notes": "",
    "flows[0].another": True,
    "flows[1].source": "openfn",
    "flows[1].destination": "dhis2",
    "flows[1].id": "openfn-to-dhis2",
    "flows[1].data": "Immunisation events (tracked child, vaccine, date given)",
    "flows[1].mail_person": "openfn",
    "flows[1].mailbox": "dhis2",
    "flows[1].roles_ok": True,
    "flows[1].trigger": "event",
    "flows[1].event": "a form arrives from CommCare",
    "flows[1].transport": "rest",
    "flows[1].format": "json",
    "flows[1].auth": "basic",
    "flows[1].business_logic": "openfn",
    "flows[1].pattern": "clone",
    "flows[1].personal_data": True,
    "flows[1].volume": "1200",
    "flows[1].latency": "15 minutes",
    "flows[1].error_handling": ["alert the owner of the flow"],
    "flows[1].notes": "The CommCare case id is kept in DHIS2 so a re-sent form updates the child.",
    "flows[1].another": False,
}

Reply = Any | Callable[[Asked], Any]


class Then:
    """Successive replies to a question asked more than once; the last one repeats."""

    def __init__(self, *replies: Any) -> None:
        self.replies = list(replies)

    def __call__(self, asked: Asked) -> Any:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


class Scripted:
    """A terminal that answers from a script: key -> reply (or a function of the question).
    It records every question asked and every line said. `stop_at` raises Ctrl-C there."""

    def __init__(self, script: Mapping[str, Reply], stop_at: str | None = None,
                 session_replies: list[Any] | None = None) -> None:
        self.script = dict(script)
        self.stop_at = stop_at
        self.session_replies = list(session_replies or [])
        self.asked: list[Asked] = []
        self.said: list[tuple[str, str]] = []

    def ask(self, asked: Asked) -> Any:
        self.asked.append(asked)
        if self.keys.count(asked.key) > 10:
            raise AssertionError(f"asked {asked.key} over and over: {self.text()}")
        if asked.key == self.stop_at:
            raise KeyboardInterrupt
        if asked.key == "(session)":
            return self.session_replies.pop(0) if self.session_replies else asked.default
        if asked.key not in self.script:
            raise AssertionError(f"not in the script: {asked.key} ({asked.text})")
        reply = self.script[asked.key]
        return reply(asked) if callable(reply) else reply

    def say(self, kind: str, text: str) -> None:
        self.said.append((kind, text))

    def text(self) -> str:
        return "\n".join(text for _, text in self.said)

    @property
    def keys(self) -> list[str]:
        return [a.key for a in self.asked]


def replay(script: Mapping[str, Any], questionnaire: Questionnaire | None = None,
           answers: Answers | None = None) -> tuple[Answers, list[Asked]]:
    """Run the pure engine through a script; the answers and every question asked."""
    questionnaire = questionnaire or load_questionnaire()
    answers = answers or Answers()
    asked_all = []
    while (asked := engine.next_question(questionnaire, answers, catalog=CATALOG)) is not None:
        asked_all.append(asked)
        reply = script[asked.key]
        if reply is BACK:
            raise AssertionError("replay does not go back")
        parsed = asked.parse(reply)
        assert parsed.problem is None, (asked.key, parsed.problem)
        answers = engine.answer(questionnaire, answers, asked.key, parsed.value,
                                catalog=CATALOG).answers
    return answers, asked_all


def answered_until(key: str, script: Mapping[str, Any] = PUSH,
                   questionnaire: Questionnaire | None = None) -> Answers:
    """The answers given before the question `key` is asked."""
    questionnaire = questionnaire or load_questionnaire()
    answers = Answers()
    while (asked := engine.next_question(questionnaire, answers, catalog=CATALOG)) is not None:
        if asked.key == key:
            return answers
        value = asked.parse(script[asked.key]).value
        answers = engine.answer(questionnaire, answers, asked.key, value, catalog=CATALOG).answers
    raise AssertionError(f"{key} was never asked")


def asked_at(key: str, script: Mapping[str, Any] = PUSH) -> Asked:
    questionnaire = load_questionnaire()
    asked = engine.next_question(questionnaire, answered_until(key, script, questionnaire),
                                 catalog=CATALOG)
    assert asked is not None and asked.key == key
    return asked


# -- the keys a person presses -------------------------------------------------------

DOWN, UP, ENTER, KILL_LINE = "\x1b[B", "\x1b[A", "\r", "\x15"


def keys_for(asked: Asked, reply: Any) -> str:
    """What to type into the real prompt to give this reply."""
    if reply is None:
        return "?"
    if reply is BACK:
        return "<"
    if asked.type in ("text", "number"):
        return KILL_LINE + str(reply) + ENTER
    if asked.type == "confirm":
        return "y" if reply else "n"
    if asked.type == "multi-select":
        return _ticks(asked, reply)
    return _move(asked, reply) + ENTER


def _rows(asked: Asked) -> list[tuple[Any, bool]]:
    """(value, selectable) of each row of a select, in order."""
    rows = [(o.value, o.disabled is None) for o in asked.options]
    if asked.other is not None:
        rows.append(("(other)", True))
    if asked.unknown:
        rows.append(("(unknown)", True))
    if asked.can_go_back:
        rows.append(("(back)", True))
    return rows


def _move(asked: Asked, reply: Any) -> str:
    rows = _rows(asked)
    selectable = [i for i, (_, ok) in enumerate(rows) if ok]
    values = [repr(v) for v, _ in rows]
    start = selectable[0]
    default = repr(asked.default)
    if asked.default not in (MISSING, None) and default in values:
        start = values.index(default) if rows[values.index(default)][1] else start
    if repr(reply) in values:
        target = values.index(repr(reply))
        extra = ""
    else:  # typed after "something else"
        target = values.index(repr("(other)"))
        extra = ENTER + KILL_LINE + str(reply)
    steps = selectable.index(target) - selectable.index(start)
    return (DOWN * steps if steps > 0 else UP * -steps) + extra


def _ticks(asked: Asked, reply: list[Any]) -> str:
    keys = ""
    ticked = asked.default if isinstance(asked.default, list) else []
    for option in asked.options:
        if (option.value in reply) != (option.value in ticked):
            keys += " "
        keys += DOWN
    return keys + ENTER


# -- driving the real program in a pseudo-terminal -------------------------------------------

ANSI = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


def spawn(args: list[str], cwd: str, env: Mapping[str, str] | None = None) -> Any:
    """`mailroom interview …` in a pseudo-terminal, wide enough that questions do not wrap."""
    import os
    import sys

    import pexpect

    environment = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color",
                   **(env or {})}
    mailroom = os.path.join(os.path.dirname(sys.executable), "mailroom")
    child = pexpect.spawn(mailroom, ["interview", *args], cwd=cwd, env=environment,
                          encoding="utf-8", timeout=30, dimensions=(50, 220))
    child.delaybeforesend = None  # pexpect waits 50 ms before each send unless told not to
    return child


def question_pattern(asked: Asked) -> str:
    """The question being drawn as a prompt: "?", then its text (not the ✔ line it leaves)."""
    import re

    return r"\?" + ANSI + r" " + ANSI + re.escape(asked.text[:50])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(child: Any, script: Mapping[str, Any], answers: Answers | None = None,
          stop_at: str | None = None, timings: list[float] | None = None,
          think: float = 0.0, cpu: list[float] | None = None,
          questionnaire: Questionnaire | None = None) -> Answers:
    """Answer the real program's questions from a script, as a person would, following the
    engine to know what comes next. Stops (without answering) at `stop_at`. `think` is how
    long the person reads each question before answering."""
    import time

    questionnaire = questionnaire or load_questionnaire()
    answers = answers or Answers()
    while (asked := engine.next_question(questionnaire, answers, catalog=CATALOG)) is not None:
        child.expect(question_pattern(asked))
        if asked.key == stop_at:
            return answers
        reply = script[asked.key]
        time.sleep(think)
        started = time.perf_counter()
        used = cpu_seconds(child.pid) if cpu is not None else 0.0
        child.send(keys_for(asked, reply))
        answers = engine.answer(questionnaire, answers, asked.key, asked.parse(reply).value,
                                catalog=CATALOG).answers
        if timings is not None:
            following = engine.next_question(questionnaire, answers, catalog=CATALOG)
            pattern = question_pattern(following) if following else "Save the spec"
            child.expect(pattern)
            timings.append(time.perf_counter() - started)
            if cpu is not None:
                cpu.append(cpu_seconds(child.pid) - used)
            # The prompt was found; the loop expects it again, so hand it back.
            child.buffer = child.after + child.buffer
    return answers
