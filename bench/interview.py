"""How fast the interview feels, on this machine, in a real pseudo-terminal.

    .venv/bin/python bench/interview.py [--runs 10]

Start-up: from launching `mailroom interview` to its first question on screen
(target: under 0.5 s). Answer to question: from pressing Enter (or y, or ?) to
the next question drawn, over whole one-flow interviews answered at a reading
pace (target: under 50 ms). Both are medians; the 90th percentile and the slowest
answer are shown too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.interview_support import (  # noqa: E402
    PUSH,
    cpu_seconds,
    drive,
    question_pattern,
    spawn,
)

from mailroom.interview import engine  # noqa: E402
from mailroom.interview.answers import Answers  # noqa: E402
from mailroom.questionnaire.loading import load_questionnaire  # noqa: E402

STARTUP_TARGET = 0.5
ANSWER_TARGET = 0.050
THINK = 0.3  # a person reads each question before answering (the spec is written meanwhile)


def startup(runs: int, folder: Path, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds from launch to the first question on screen."""
    first = engine.next_question(load_questionnaire(), Answers())
    assert first is not None
    walls, cpus = [], []
    for run in range(runs + 1):
        started = time.perf_counter()
        child = spawn(["-o", f"startup-{run}.yaml"], str(folder), env)
        child.expect(question_pattern(first))
        elapsed = time.perf_counter() - started
        used = cpu_seconds(child.pid)
        child.sendcontrol("c")
        child.wait()
        if run:  # the first run warms the caches
            walls.append(elapsed)
            cpus.append(used)
    return walls, cpus


def floor(runs: int) -> float:
    """Median wall seconds of only importing what the interview is built on."""
    import subprocess

    command = [sys.executable, "-c", "import click, pydantic.main, questionary"]
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        subprocess.run(command, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times[1:])


def answers(runs: int, folder: Path, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Wall seconds from each answer to the next question drawn, and the CPU seconds the
    program used meanwhile (summed: the clock ticks are too coarse for one answer)."""
    timings: list[float] = []
    cpu: list[float] = []
    for run in range(runs):
        child = spawn(["-o", f"answers-{run}.yaml"], str(folder), env)
        drive(child, PUSH, timings=timings, think=THINK, cpu=cpu)
        child.expect("Save the spec")
        child.send("\r")
        child.wait()
    return timings, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {"MAILROOM_CACHE_DIR": str(folder / "cache")}
        base = floor(args.runs)
        walls, cpus = startup(args.runs, folder, env)
        answered, cpu = answers(max(1, args.runs // 5), folder, env)
    started = statistics.median(walls)
    median = statistics.median(answered)
    slowest = max(answered)
    p90 = statistics.quantiles(answered, n=10)[-1]
    print(f"start-up to the first question: {started * 1000:6.0f} ms median "
          f"(target: under {STARTUP_TARGET * 1000:.0f} ms); CPU "
          f"{statistics.median(cpus) * 1000:.0f} ms")
    print(f"  (importing click, pydantic and questionary alone: {base * 1000:.0f} ms)")
    print(f"answer to the next question:    {median * 1000:6.1f} ms median, "
          f"{p90 * 1000:.1f} ms p90, {slowest * 1000:.1f} ms slowest, over {len(answered)} "
          f"answers (target: under {ANSWER_TARGET * 1000:.0f} ms); CPU "
          f"{sum(cpu) / len(cpu) * 1000:.1f} ms an answer on average")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs "
          "(the wall times grow with it; the CPU times hardly do)")
    ok = started < STARTUP_TARGET and median < ANSWER_TARGET
    print("targets met" if ok else "targets MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
