"""How fast the interview feels, on this machine, in a real pseudo-terminal.

    .venv/bin/python bench/interview.py [--runs 10]

Start-up: from launching `mailroom interview` to its first question on screen
(target: under 0.5 s). Answer to question: from pressing Enter (or y, or ?) to
the next question drawn, over a whole one-flow interview (target: under 50 ms).
Both are medians; the slowest answer is shown too.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.interview_support import PUSH, drive, question_pattern, spawn  # noqa: E402

from mailroom.interview import engine  # noqa: E402
from mailroom.interview.slots import Answers  # noqa: E402
from mailroom.questionnaire import load_questionnaire  # noqa: E402

STARTUP_TARGET = 0.5
ANSWER_TARGET = 0.050


def startup(runs: int, folder: Path, env: dict[str, str]) -> list[float]:
    first = engine.next_question(load_questionnaire(), Answers())
    assert first is not None
    times = []
    for run in range(runs + 1):
        started = time.perf_counter()
        child = spawn(["-o", f"startup-{run}.yaml"], str(folder), env)
        child.expect(question_pattern(first))
        elapsed = time.perf_counter() - started
        child.sendcontrol("c")
        child.wait()
        if run:  # the first run warms the caches
            times.append(elapsed)
    return times


def answers(runs: int, folder: Path, env: dict[str, str]) -> list[float]:
    timings: list[float] = []
    for run in range(runs):
        child = spawn(["-o", f"answers-{run}.yaml"], str(folder), env)
        drive(child, PUSH, timings=timings)
        child.expect("Save the spec")
        child.send("\r")
        child.wait()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"MAILROOM_CACHE_DIR": str(folder / "cache")}
        started = statistics.median(startup(args.runs, folder, env))
        answered = answers(max(1, args.runs // 5), folder, env)
    median = statistics.median(answered)
    slowest = max(answered)
    p90 = statistics.quantiles(answered, n=10)[-1]
    print(f"start-up to the first question: {started * 1000:6.0f} ms median "
          f"(target: under {STARTUP_TARGET * 1000:.0f} ms)")
    print(f"answer to the next question:    {median * 1000:6.1f} ms median, "
          f"{p90 * 1000:.1f} ms p90, {slowest * 1000:.1f} ms slowest, over {len(answered)} "
          f"answers (target: under {ANSWER_TARGET * 1000:.0f} ms)")
    ok = started < STARTUP_TARGET and median < ANSWER_TARGET
    print("targets met" if ok else "targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
