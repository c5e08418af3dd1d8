"""From "Do you integrate with HubSpot?" to the PDF, timed: the sales-brief interview in a
real pseudo-terminal, answered at a person's pace, then `mailroom brief` to PDF.

    .venv/bin/python bench/sales_brief.py [--read 4] [--type 4]

A person who knows the answers reads each question for `--read` seconds and types
`--type` characters a second; the script counts the questions asked, the time the
program took between them, and the whole run (target: under five minutes from the start
of the interview to the PDF).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.interview_support import (  # noqa: E402
    CATALOG,
    keys_for,
    question_pattern,
    spawn,
)

from mailroom.interview import engine  # noqa: E402
from mailroom.interview.answers import Answers  # noqa: E402
from mailroom.questionnaire.loading import load_questionnaire  # noqa: E402

TARGET = 300.0  # seconds, start of the interview to the PDF
# A retailer wants its paying customers shared into HubSpot: the longer, ordinary path.
SCRIPT: dict[str, Any] = {
    "systems[0].ours": "Shopwise",
    "systems[1].theirs": "HubSpot",
    "systems[1].catalog": "hubspot",
    "flows[0].pattern": "clone",
    "flows[0].source": "shopwise",
    "flows[0].data": "Customers who place an order (name, email, order total)",
    "flows[0].mail_person": "shopwise",
    "flows[0].trigger": "event",
    "flows[0].event": "an order is paid",
    "flows[0].latency": "15 minutes",
    "flows[0].transport": "rest",
    "flows[0].auth": "oauth2-authorization-code",
    "flows[0].another": False,
}


def interview(folder: Path, env: dict[str, str], read: float, chars_per_second: float
              ) -> tuple[int, float, float]:
    """(questions asked, seconds the program took, seconds in all)."""
    questionnaire = load_questionnaire("sales-brief")
    started = time.perf_counter()
    child = spawn(["--questionnaire", "sales-brief", "--as", "Lee Chen (sales engineer)",
                   "-o", "prospect.yaml"], str(folder), env)
    answers, asked, waiting = Answers(), 0, 0.0
    shown = time.perf_counter()
    while (question := engine.next_question(questionnaire, answers, catalog=CATALOG)):
        child.expect(question_pattern(question))
        waiting += time.perf_counter() - shown
        reply = SCRIPT[question.key]
        typed = len(reply) if isinstance(reply, str) and question.type == "text" else 1
        time.sleep(read + typed / chars_per_second)
        child.send(keys_for(question, reply))
        shown = time.perf_counter()
        asked += 1
        answers = engine.answer(questionnaire, answers, question.key,
                                question.parse(reply).value, catalog=CATALOG).answers
    child.expect("Save the spec and run the checks")
    waiting += time.perf_counter() - shown
    time.sleep(read)
    child.send("\r")
    shown = time.perf_counter()
    child.expect("mailroom brief prospect.yaml")
    child.expect(__import__("pexpect").EOF)
    waiting += time.perf_counter() - shown
    return asked + 1, waiting, time.perf_counter() - started


def brief(folder: Path, env: dict[str, str]) -> float:
    import subprocess

    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "mailroom"), "brief", "prospect.yaml",
                    "-o", "briefs"], cwd=folder, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--read", type=float, default=4.0, help="seconds to read a question")
    parser.add_argument("--type", type=float, default=4.0, help="characters typed a second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "MAILROOM_CACHE_DIR": str(folder / "cache")}
        asked, program, total = interview(folder, env, args.read, args.type)
        pdf = brief(folder, env)
        assert (folder / "briefs" / "prospect-brief.pdf").exists()
    whole = total + pdf
    print(f"questions asked:          {asked} (the last one: Enter to save)")
    print(f"the program's own time:   {program:.1f} s between answers and questions")
    print(f"the interview, in all:    {total:.1f} s (reading {args.read:g} s a question, "
          f"typing {args.type:g} characters a second)")
    print(f"mailroom brief to PDF:    {pdf:.1f} s")
    print(f"start to PDF:             {whole:.1f} s; target under {TARGET:.0f} s: "
          f"{'ok' if whole < TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
