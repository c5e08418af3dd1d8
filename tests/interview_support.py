"""Shared by the interview tests: answer scripts, a scripted terminal, and the keys a
person would press to give an answer in the real prompts."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from mailroom.interview import engine
from mailroom.interview.answers import Answers
from mailroom.interview.prepared import BACK, REVIEW, Asked
from mailroom.interview.vendor_facts import installed_catalog
from mailroom.interview.view import MISSING
from mailroom.questionnaire.loading import load_questionnaire
from mailroom.questionnaire.model import Questionnaire

# What the catalog documents, as `mailroom interview` gives it to the engine.
CATALOG = installed_catalog()

# A script is key -> reply, in the order the questions are asked: the reply is what the
# prompt returns (typed text, a chosen value, a list typed entry by entry). The next
# system's or flow's first question is also "another?": "" there means no more.

# One flow, pushed: Salesforce pushes converted leads into NetSuite on an event. Both are
# in the catalog, so their kind and their way in are not asked; the details are given.
PUSH: dict[str, Any] = {
    "title": "Converted leads from Salesforce to NetSuite",
    "why": "Finance needs every converted lead as a NetSuite customer within minutes.",
    "answered_by": "Dana Ortiz (project manager)",
    "systems[0].name": "Salesforce",
    "systems[0].catalog": "salesforce",
    "systems[0].runs": True,
    "systems[0].owner": "Sales operations",
    "systems[0].signatory": "Sam Lee (head of sales operations)",
    "systems[1].name": "NetSuite",
    "systems[1].catalog": "netsuite",
    "systems[1].runs": True,
    "systems[1].owner": "Finance systems",
    "systems[1].signatory": "",  # Enter skips: an open question
    "systems[2].name": "",  # no more systems
    "flows[0].data": "Converted leads (name, email, company)",
    "flows[0].ends": ["salesforce", "netsuite"],
    "flows[0].fields": ["email -> Email, lower case, personal", "company -> Company name"],
    "flows[0].latency": "15 minutes",
    "flows[0].trigger": "event",
    "flows[0].event": "a lead is converted",
    "flows[0].events": True,
    "flows[0].skills": True,
    "flows[0].business_logic": "netsuite",
    "flows[0].pattern": "clone",
    "flows[0].personal_data": True,
    "flows[0].personal_fields": ["name", "email"],
    "flows[0].personal_kinds": ["contact"],
    "flows[0].agreement": "dpa",
    "flows[0].stored": "in the EU (Frankfurt)",
    "flows[0].sends": "changes",
    "flows[0].volume": "200, up to 2000 at the end of the quarter",
    "flows[0].error_handling": ["retry automatically with growing delays", "alert someone"],
    "flows[0].alert_to": "the NetSuite admin",
    "flows[0].alert_within": "within an hour",
    "flows[0].resend_by": "the flow itself",
    "flows[0].details": True,
    "flows[0].where": "SuiteTalk REST web services (/record/v1/customer)",
    "flows[0].transport": "rest",
    "flows[0].format": "json",
    "flows[0].auth": "oauth2-client-credentials",
    "flows[0].notes": "",
    "flows[1].data": "",  # no more flows
    "data_protection_contact": "Ola Hansen (data-protection officer)",
}

# The same, pulled: NetSuite fetches the leads from Salesforce every 15 minutes.
PULL: dict[str, Any] = {
    **{k: v for k, v in PUSH.items() if k.startswith(("title", "why", "answered_by",
                                                      "systems"))},
    "flows[0].data": "Converted leads (name, email, company)",
    "flows[0].ends": ["salesforce", "netsuite"],
    "flows[0].fields": [],
    "flows[0].latency": "15 minutes",
    "flows[0].trigger": "schedule",
    "flows[0].schedule": "every 15 minutes",
    "flows[0].mail_person": "netsuite",
    "flows[0].skills": False,
    "flows[0].change_detection": "modified-since",
    "flows[0].business_logic": "netsuite",
    "flows[0].pattern": "clone",
    "flows[0].personal_data": False,
    "flows[0].volume": "200",
    "flows[0].error_handling": None,
    "flows[0].details": False,
    "flows[1].data": "",
    "time_zone": "Europe/Oslo",
}

# A platform in the middle: CommCare pushes to OpenFn by webhook, OpenFn pushes to DHIS2.
MIDDLE: dict[str, Any] = {
    "title": "Household visits from CommCare to DHIS2 through OpenFn",
    "why": "Every visit must reach DHIS2 the same day, without re-entry.",
    "answered_by": "Grace Wanjiru (head of health information systems)",
    "systems[0].name": "CommCare",
    "systems[0].catalog": "commcare",
    "systems[0].runs": True,
    "systems[0].owner": "Dimagi",
    "systems[0].signatory": "",
    "systems[1].name": "OpenFn",
    "systems[1].catalog": "openfn",
    "systems[1].runs": True,
    "systems[1].owner": "Open Function Group",
    "systems[1].signatory": "",
    "systems[2].name": "DHIS2",
    "systems[2].catalog": "dhis2",
    "systems[2].runs": False,
    "systems[2].owner": "Ministry of Health HMIS unit",
    "systems[2].signatory": "",
    "systems[3].name": "",
    "flows[0].data": "Household visit forms (child id, vaccines given)",
    "flows[0].ends": ["commcare", "openfn"],
    "flows[0].fields": [],
    "flows[0].latency": "1 day",
    "flows[0].trigger": "event",
    "flows[0].event": "a health worker submits a form",
    "flows[0].events": True,
    "flows[0].skills": True,
    "flows[0].business_logic": "openfn",
    "flows[0].pattern": "push",
    "flows[0].personal_data": True,
    "flows[0].personal_fields": ["child name", "caregiver phone"],
    "flows[0].personal_kinds": ["contact", "children"],
    "flows[0].agreement": "dpa",
    "flows[0].stored": "",
    "flows[0].sends": "changes",
    "flows[0].volume": "1200",
    "flows[0].error_handling": ["retry automatically with growing delays"],
    "flows[0].alert_to": "the HMIS team",
    "flows[0].alert_within": "at once",
    "flows[0].resend_by": "the flow itself",
    "flows[0].details": True,
    "flows[0].where": "",
    "flows[0].transport": "webhook",
    "flows[0].webhook_registration": "manual",
    "flows[0].format": "json",
    "flows[0].auth": "api-key",
    "flows[0].notes": "",
    "flows[1].data": "Immunisation events (tracked child, vaccine, date given)",
    "flows[1].ends": ["openfn", "dhis2"],
    "flows[1].fields": [],
    "flows[1].latency": "1 day",
    "flows[1].trigger": "event",
    "flows[1].event": "a form arrives from CommCare",
    "flows[1].events": True,
    "flows[1].skills_platform": True,
    "flows[1].business_logic": "openfn",
    "flows[1].pattern": "clone",
    "flows[1].personal_data": True,
    "flows[1].personal_fields": ["child name"],
    "flows[1].personal_kinds": ["health", "children"],
    "flows[1].access_control": "",
    "flows[1].sends": "changes",
    "flows[1].volume": "1200",
    "flows[1].error_handling": ["alert someone"],
    "flows[1].alert_to": "the HMIS team",
    "flows[1].alert_within": "at once",
    "flows[1].resend_by": "the HMIS team",
    "flows[1].details": True,
    "flows[1].where": "",
    "flows[1].transport": "rest",
    "flows[1].format": "json",
    "flows[1].auth": "basic",
    "flows[1].notes": "The CommCare case id is kept in DHIS2 so a re-sent form updates the child.",
    "flows[2].data": "",
    "data_protection_contact": "",
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
    It records every question asked and every line said. `stop_at` raises Ctrl-C there.
    The session's own questions (the last screen, a resolution, the review) take
    `session_replies` in turn, else their default."""

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
            if self.session_replies:
                return self.session_replies.pop(0)
            return None if asked.default is MISSING else asked.default
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


def give(questionnaire: Questionnaire, answers: Answers, asked: Asked, value: Any) -> Answers:
    """Record a checked answer as the session does: the next system's or flow's first
    question answers "another?" too (empty: no more)."""
    if asked.continues is None:
        return engine.answer(questionnaire, answers, asked.key, value, catalog=CATALOG).answers
    more = value not in (None, "")
    answers = engine.answer(questionnaire, answers, asked.continues, more,
                            catalog=CATALOG).answers
    if more:
        answers = engine.answer(questionnaire, answers, asked.key, value, catalog=CATALOG).answers
    return answers


def replay(script: Mapping[str, Any], questionnaire: Questionnaire | None = None,
           answers: Answers | None = None) -> tuple[Answers, list[Asked]]:
    """Run the pure engine through a script; the answers and every question asked."""
    questionnaire = questionnaire or load_questionnaire()
    answers = answers or Answers()
    asked_all = []
    while (asked := engine.next_question(questionnaire, answers, catalog=CATALOG)) is not None:
        asked_all.append(asked)
        if asked.key not in script:
            raise AssertionError(f"not in the script: {asked.key} ({asked.text})")
        reply = script[asked.key]
        if reply is BACK or reply is REVIEW:
            raise AssertionError("replay does not go back")
        parsed = asked.parse(reply)
        assert parsed.problem is None, (asked.key, parsed.problem)
        answers = give(questionnaire, answers, asked, parsed.value)
    return answers, asked_all


def answered_until(key: str, script: Mapping[str, Any] = PUSH,
                   questionnaire: Questionnaire | None = None) -> Answers:
    """The answers given before the question `key` is asked."""
    questionnaire = questionnaire or load_questionnaire()
    answers = Answers()
    while (asked := engine.next_question(questionnaire, answers, catalog=CATALOG)) is not None:
        if asked.key == key:
            return answers
        if asked.key not in script:
            raise AssertionError(f"not in the script: {asked.key} ({asked.text})")
        answers = give(questionnaire, answers, asked, asked.parse(script[asked.key]).value)
    raise AssertionError(f"{key} was never asked")


def asked_at(key: str, script: Mapping[str, Any] = PUSH) -> Asked:
    questionnaire = load_questionnaire()
    asked = engine.next_question(questionnaire, answered_until(key, script, questionnaire),
                                 catalog=CATALOG)
    assert asked is not None and asked.key == key
    return asked


# -- the keys a person presses -------------------------------------------------------

DOWN, UP, ENTER, KILL_LINE, CTRL_R = "\x1b[B", "\x1b[A", "\r", "\x15", "\x12"


def keys_for(asked: Asked, reply: Any) -> str:
    """What to type into the real prompt to give this reply."""
    if reply is None:
        return "?"
    if reply is BACK:
        return "<"
    if reply is REVIEW:
        return CTRL_R
    if asked.type in ("text", "number"):
        return KILL_LINE + str(reply) + ENTER
    if asked.type == "list":  # one entry a line; an empty line ends the list
        return "".join(str(entry) + ENTER for entry in reply) + ENTER
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


def start_row(asked: Asked) -> Any:
    """The row a select's pointer starts on: the suggestion, else "don't know yet" (never a
    guess), else the first choice that can be taken."""
    rows = _rows(asked)
    values = [repr(v) for v, _ in rows]
    default = asked.default
    if default is MISSING or default is None:
        if asked.unknown:
            return "(unknown)"
    elif repr(default) in values and rows[values.index(repr(default))][1]:
        return default
    elif asked.other is not None and isinstance(default, str):
        return "(other)"
    return next(v for v, ok in rows if ok)


def _move(asked: Asked, reply: Any) -> str:
    rows = _rows(asked)
    selectable = [i for i, (_, ok) in enumerate(rows) if ok]
    values = [repr(v) for v, _ in rows]
    start = values.index(repr(start_row(asked)))
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


def spawn(args: list[str], cwd: str, env: Mapping[str, str] | None = None,
          command: list[str] | None = None) -> Any:
    """`mailroom interview …` in a pseudo-terminal, wide enough that questions do not wrap.
    `command` is how mailroom is started (default: the venv's `mailroom` script; for
    instance `[sys.executable, "-m", "mailroom"]`)."""
    import os
    import sys

    import pexpect

    environment = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm-256color",
                   **(env or {})}
    program, *before = command or [os.path.join(os.path.dirname(sys.executable), "mailroom")]
    child = pexpect.spawn(program, [*before, "interview", *args], cwd=cwd, env=environment,
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
        answers = give(questionnaire, answers, asked, asked.parse(reply).value)
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
