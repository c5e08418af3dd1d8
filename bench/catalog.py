"""How fast the catalog of known systems loads: in-process medians, on this machine.

    .venv/bin/python bench/catalog.py [--runs 50]

Measures loading the whole built-in catalog (every entry parsed and validated),
the first time in a fresh process (what `mailroom catalog` pays, with the cache
folder holding the entry's schema, as after a first run) and again after that.
Target: under 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

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
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    runs = max(args.runs // 5, 5) + 1  # the first one fills the cache folder
    firsts = [float(subprocess.run([sys.executable, "-c", FIRST], capture_output=True,
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
    print(f"{first * 1000:6.1f} ms  first load in a fresh process (median)")
    print(f"{warm * 1000:6.1f} ms  each load after that (median)")
    ok = first < 0.05
    print(f"target under 50 ms: {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
