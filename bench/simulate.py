"""How long `mailroom simulate` takes on every sample, on this machine.

    .venv/bin/python bench/simulate.py [--runs 5] [--engine python|openfn|both]

Times one process simulating all the samples (the target: under 10 s with the
Python engine), and each sample as its own `mailroom simulate` process (median
of --runs). Afterwards it checks that no mock port is still listening and that
no child process is left. Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))
TARGET = 10.0
ALL_IN_ONE = """
import sys
from mailroom.environment import Environment
from mailroom.simulate import simulate
from mailroom.spec.reading import load_spec
env = Environment.from_os()
failed = 0
for path in sys.argv[2:]:
    report = simulate(load_spec(path, env.cache).spec, engine=sys.argv[1], source=path,
                      openfn=env.openfn)
    failed += report.failed
sys.exit(1 if failed else 0)
"""


def whole(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    return time.perf_counter() - start, done


def all_samples(engine: str) -> float:
    seconds, done = whole([sys.executable, "-c", ALL_IN_ONE, engine, *map(str, SAMPLES)])
    if done.returncode != 0:
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"simulating the samples failed ({engine})")
    return seconds


def per_sample(engine: str, runs: int) -> dict[str, tuple[float, set[int]]]:
    results = {}
    for sample in SAMPLES:
        times, ports = [], set()
        for _ in range(runs):
            seconds, done = whole([str(BIN / "mailroom"), "simulate", str(sample),
                                   "--engine", engine])
            if done.returncode != 0:
                raise SystemExit(f"mailroom simulate {sample.name} failed:\n{done.stdout}")
            times.append(seconds)
            ports |= {int(p) for p in re.findall(r"http://127\.0\.0\.1:(\d+)", done.stdout)}
        results[sample.name] = (statistics.median(times), ports)
    return results


def still_listening(ports: set[int]) -> list[int]:
    open_ports = []
    for port in sorted(ports):
        with socket.socket() as probe:
            probe.settimeout(0.2)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                open_ports.append(port)
    return open_ports


def children() -> list[str]:
    """Processes whose parent is this one (there should be none left)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(entry.name)
    return found


def report(engine: str, runs: int) -> bool:
    total = all_samples(engine)
    print(f"{engine}: all {len(SAMPLES)} samples in one process: {total:.2f} s"
          + (f" (target: under {TARGET:.0f} s: {'met' if total < TARGET else 'NOT met'})"
             if engine == "python" else ""))
    results = per_sample(engine, runs)
    ports: set[int] = set()
    for name, (seconds, used) in results.items():
        print(f"  {seconds * 1000:8.0f} ms  mailroom simulate {name} --engine {engine}")
        ports |= used
    left = still_listening(ports)
    print(f"  mock ports used: {len(ports)}; still listening afterwards: {left or 'none'}")
    return (engine != "python" or total < TARGET) and not left


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--engine", choices=["python", "openfn", "both"], default="python")
    args = parser.parse_args()
    engines = ["python", "openfn"] if args.engine == "both" else [args.engine]
    ok = all([report(engine, args.runs) for engine in engines])
    left = children()
    print(f"child processes left: {left or 'none'}")
    return 0 if ok and not left else 1


if __name__ == "__main__":
    sys.exit(main())
