"""How fast the secret scan is: on a sample, and on 1 MiB texts shaped to be slow.

    .venv/bin/python bench/secrets.py [--runs 5]

Prints, for each shape, the best of --runs scans of a 1 MiB text, and for the
samples the best scan of their whole tree. Targets from issue 13: every 1 MiB
shape in well under a second (the old URL pattern took minutes); a sample in a
few milliseconds, without loading detect-secrets (its import costs 150-300 ms).
Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import string
import sys
import time
from pathlib import Path

from mailroom.spec.reading import parse_tree
from mailroom.spec.secrets import find_secrets, secret_in_text

REPO = Path(__file__).resolve().parent.parent
MIB = 2**20
SHAPE_TARGET = 1.0  # seconds for 1 MiB
SAMPLE_TARGET = 0.010  # seconds for a sample's tree


def shapes() -> dict[str, str]:
    rng = random.Random(13)
    return {
        "one letter": "a" * MIB,
        "words and spaces": "a " * (MIB // 2),
        "scheme after scheme": "https://" * (MIB // 8),
        "user:password@ halves": "x://a:b" * (MIB // 7),
        "JWT beginnings": "eyJ" * (MIB // 3),
        "keyword, no secret": "password: a " * (MIB // 12),
        "keyword glued": "pwd:" * (MIB // 4),
        "query parameters": "?token=$" * (MIB // 8),
        "PEM beginnings": "-----BEGIN " * (MIB // 11),
        "full-width letters": "Ａ" * MIB,
        "near-random letters": "".join(rng.choice(string.ascii_lowercase[:22]) for _ in range(MIB)),
        "path segments": "ab/" * (MIB // 3),
        "capital M": "M" * MIB,
        "keyword, then a sign": "pwd: * " * (MIB // 7),
        "the alphabet, again": "ABCDEFGHIJKLMNOPQRSTUVWXYZ " * (MIB // 27),
    }


def best(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    missed = False
    for path in sorted(REPO.glob("samples/*.yaml")):
        tree = parse_tree(path.read_text(encoding="utf-8"), str(path))
        seconds = best(lambda tree=tree: list(find_secrets(tree)), runs * 4)
        missed |= seconds > SAMPLE_TARGET
        print(f"sample {path.name:42} {seconds * 1000:6.2f} ms")
    loaded = any(name.startswith("detect_secrets") for name in sys.modules)
    missed |= loaded
    print(f"detect-secrets loaded by the samples: {'yes' if loaded else 'no'}")
    for name, text in shapes().items():
        seconds = best(lambda text=text: secret_in_text(text), runs)
        missed |= seconds > SHAPE_TARGET
        print(f"1 MiB, {name:24} {seconds * 1000:8.1f} ms")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
