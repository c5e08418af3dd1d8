"""Fuzzing every sample (issue 13): mutated specs never crash, hang or show a traceback.

Each sample of samples/, samples/compare/ and samples/briefs/ is mutated (truncated,
values of the wrong type, odd tags, deep nesting, aliases and billion laughs, huge
strings, control characters, flipped bytes, lines dropped or doubled; tests/
fuzz_support.py) and read by `mailroom check`, and a lighter sample of them rendered
with `mailroom render --format md`. Whatever the mutation, the command ends with exit
0, 1 or 2 within 10 seconds; exit 2 comes with `Error: FILE…` lines, never a traceback
or "failed unexpectedly" (exit 3).

A few examples per sample here (a few seconds; in CI, CI=true, drawn from a fixed seed
so that a red CI is reproducible); `FUZZ_EXAMPLES=20 python -m pytest tests/test_fuzz.py`
tries twenty times as many, and scripts/fuzz runs the long hunt.
"""

from __future__ import annotations

import os
import random
import signal
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from tests.fuzz_support import MUTATIONS, REPO, SAMPLE_FILES, mutate

from mailroom.cli import main

SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))
CI = os.environ.get("CI") == "true"
TOO_LONG = 10.0  # seconds


def examples(count: int) -> settings:
    # No explain phase: it traces every line run, and the 2 MB specs then take minutes.
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink]
    return settings(max_examples=max(1, int(count * SCALE)), deadline=None, database=None,
                    print_blob=True, derandomize=CI, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


mutations = st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """A command still running after `seconds` fails the example instead of hanging."""

    def expired(signum: int, frame: object) -> None:
        raise TookTooLong(f"still running after {seconds:g} s")

    # Processor time, not wall time: the machine may be busy with other work.
    previous = signal.signal(signal.SIGVTALRM, expired)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def write_mutant(folder: Path, sample: Path, names: list[str], seed: int) -> Path:
    mutant = mutate(sample.read_text(encoding="utf-8"), names, random.Random(seed))
    path = folder / sample.name
    if isinstance(mutant, bytes):
        path.write_bytes(mutant)
    else:
        path.write_text(mutant, encoding="utf-8", newline="")
    note(f"{sample.name} mutated by {names} with seed {seed}")
    return path


def run_mailroom(*args: str) -> tuple[Result, float]:
    """The command's result, and the processor time it took (on a machine shared with
    other work, wall time measures the neighbours)."""
    started = time.process_time()
    with time_limit(TOO_LONG + 5), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    # A warning would reach the user's standard error as lines of a library's source.
    shown = [w for w in caught if not issubclass(w.category, DeprecationWarning)]
    assert not shown, [str(w.message) for w in shown]
    return result, time.process_time() - started


def assert_clear_outcome(result: Result, elapsed: float, path: Path, codes: set[int]) -> None:
    assert result.exit_code in codes, (result.exit_code, result.output[-2000:])
    assert elapsed < TOO_LONG, f"took {elapsed:.1f} s of processor time"
    assert "Traceback" not in result.output
    assert "failed unexpectedly" not in result.stderr, result.stderr[-2000:]
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines and all(line.startswith(("Error: ", "Warning: ")) for line in lines), lines
        assert str(path) in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
@examples(3)
@given(names=mutations, seed=seeds)
def test_check_survives_mutations_of_every_sample(tmp_path, sample, names, seed):
    path = write_mutant(tmp_path, sample, names, seed)
    result, elapsed = run_mailroom("check", str(path))
    assert_clear_outcome(result, elapsed, path, {0, 1, 2})


@examples(5)
@given(sample=st.sampled_from(SAMPLE_FILES), names=mutations, seed=seeds)
def test_render_md_survives_mutated_samples(tmp_path, sample, names, seed):
    path = write_mutant(tmp_path, sample, names, seed)
    result, elapsed = run_mailroom("render", str(path), "-o", str(tmp_path / "out"),
                                   "--format", "md", "--no-stub", "--date", "2026-01-15")
    assert_clear_outcome(result, elapsed, path, {0, 2})


def test_every_sample_is_fuzzed():
    names = {p.relative_to(REPO).as_posix() for p in SAMPLE_FILES}
    assert {"samples/lead-push-salesforce-netsuite.yaml", "samples/compare/dana-pm.yaml",
            "samples/briefs/expensly-netsuite.yaml"} <= names
