"""How fast the catalog of known systems loads: medians, on this machine.

    .venv/bin/python bench/catalog.py [--runs 30]

Measures what a person waits for, `mailroom catalog` (every entry read and
validated, then listed) as a whole process, and, inside a process, loading the
whole catalog the first time and again after that. Target: `mailroom catalog`
under 250 ms, as for `check` (both are lookups typed at a prompt).

Each entry is read as a spec is, by ruamel's line-keeping reader, so that a
problem names its file, line and field; the quicker libyaml reader the catalog
once had beside it was a second reader to keep in step and went with the issue
"One truth per spec" (it cost `mailroom catalog` about 40 ms: 118 -> 161 ms).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import ENV, median_seconds  # noqa: E402

FIRST = """
import time
from mailroom.catalog.loading import load_catalog
from mailroom.environment import Environment
cache = Environment.from_os().cache
start = time.perf_counter()
load_catalog(cache=cache)
print(time.perf_counter() - start)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    command = median_seconds([str(Path(sys.executable).parent / "mailroom"), "catalog"], args.runs)
    runs = max(args.runs // 3, 5) + 1  # the first one fills the cache folder
    firsts = [float(subprocess.run([sys.executable, "-c", FIRST], capture_output=True, env=ENV,
                                   text=True, check=True).stdout) for _ in range(runs)][1:]
    from mailroom.catalog.loading import load_catalog

    load_catalog()
    again = []
    for _ in range(args.runs):
        start = time.perf_counter()
        catalog = load_catalog()
        again.append(time.perf_counter() - start)
    first, warm = statistics.median(firsts), statistics.median(again)
    print(f"{len(catalog.entries)} entries")
    print(f"{command * 1000:6.1f} ms  mailroom catalog, the whole process (median)")
    print(f"{first * 1000:6.1f} ms  loading it the first time in a process, imports included")
    print(f"{warm * 1000:6.1f} ms  each load after that (median)")
    ok = command < 0.25
    print(f"target: mailroom catalog under 250 ms: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
