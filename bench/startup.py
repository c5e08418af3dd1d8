"""How fast mailroom starts: whole-process median wall time, on this machine.

    .venv/bin/python bench/startup.py [--runs 30]

Compares `mailroom --help` and `mailroom check` on a sample with the floor
(`python -c pass`) and with `python -c "import click"`. Targets from the
issue tracker: --help within 1.5x of importing click; check under 0.25 s.
Also the first `check` with nothing compiled yet (a fresh bytecode folder, as
after an install that did not compile, such as an editable one): one run each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLE = REPO / "samples" / "lead-push-salesforce-netsuite.yaml"


# As an installed mailroom runs: with its bytecode cached (pip compiles it on install).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int) -> float:
    for _ in range(2):  # warm the file cache and the .pyc files
        subprocess.run(command, capture_output=True, check=False, env=ENV)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_run_seconds(command: list[str], runs: int, cache: bool = False) -> float:
    """A run with no bytecode compiled (every module Python imports is compiled first), or,
    with `cache`, with bytecode but an empty mailroom cache folder."""
    import tempfile

    subprocess.run(command, capture_output=True, check=False, env=ENV)  # bytecode, for `cache`
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as fresh:
            env = {**ENV, "MAILROOM_CACHE_DIR": fresh} if cache else \
                {**ENV, "PYTHONPYCACHEPREFIX": fresh}
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False, env=env)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    python = sys.executable
    mailroom = str(BIN / "mailroom")
    cases = {
        "python -c pass": [python, "-c", "pass"],
        'python -c "import click"': [python, "-c", "import click"],
        "mailroom --help": [mailroom, "--help"],
        f"mailroom check {SAMPLE.name}": [mailroom, "check", str(SAMPLE)],
    }
    results = {name: median_seconds(cmd, args.runs) for name, cmd in cases.items()}
    for name, seconds in results.items():
        print(f"{seconds * 1000:8.1f} ms  {name}")
    first = first_run_seconds([mailroom, "check", str(SAMPLE)], runs=5)
    print(f"{first * 1000:8.1f} ms  the same check with nothing compiled yet (median of 5 "
          "fresh bytecode folders)")
    empty = first_run_seconds([mailroom, "check", str(SAMPLE)], runs=5, cache=True)
    print(f"{empty * 1000:8.1f} ms  the same check with an empty cache folder (the schema is "
          "built from the models: the first check after an install or an upgrade)")
    click_time = results['python -c "import click"']
    help_time = results["mailroom --help"]
    check_time = results[f"mailroom check {SAMPLE.name}"]
    help_ok = help_time <= 1.5 * click_time
    check_ok = check_time < 0.25
    print(f"\n--help is {help_time / click_time:.2f}x importing click (target: at most 1.5x): "
          f"{'ok' if help_ok else 'MISSED'}")
    print(f"check takes {check_time * 1000:.0f} ms (target: under 250 ms): "
          f"{'ok' if check_ok else 'MISSED'}")
    return 0 if help_ok and check_ok else 1


if __name__ == "__main__":
    sys.exit(main())
