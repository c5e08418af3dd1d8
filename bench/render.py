"""How fast `mailroom render` is: whole-process median wall time, on this machine.

    .venv/bin/python bench/render.py [--runs 10] [--batch-runs 3]

Targets from the issue tracker:
  1. Markdown + HTML of a sample within 2x of the bare pipeline (bench/bare_pipeline.py:
     Jinja, markdown-it-py and graphviz's dot doing the same work without mailroom).
  2. A PDF within 1.3x of weasyprint alone printing the same HTML (its import included).
  3. All samples in one call faster than one call per sample.

Markdown+HTML and the bare pipeline run in turn, and their ratio is taken run by run.
Runs as an installed mailroom would: bytecode is cached (PYTHONDONTWRITEBYTECODE is
dropped) and so are compiled templates (MAILROOM_CACHE_DIR, warmed before timing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAMPLES = REPO / "samples"
SAMPLE = SAMPLES / "commcare-openfn-dhis2.yaml"  # the largest: two flows, four diagrams


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    for _ in range(2):  # warm the file cache, the .pyc files and the template cache
        subprocess.run(command, capture_output=True, check=True, env=env)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired_seconds(a: list[str], b: list[str], runs: int,
                   env: dict[str, str]) -> tuple[float, float, float]:
    """A and B run in turn (A B A B ...): their medians, and the median of the ratios
    taken pair by pair, which the machine's drift during the runs does not move."""
    for command in (a, b, a, b):  # warm
        subprocess.run(command, capture_output=True, check=True, env=env)
    times_a, times_b = [], []
    for _ in range(runs):
        for command, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True, env=env)
            times.append(time.perf_counter() - start)
    ratios = [x / y for x, y in zip(times_a, times_b, strict=True)]
    return statistics.median(times_a), statistics.median(times_b), statistics.median(ratios)


def _bare_inputs(folder: Path) -> Path:
    """What the bare pipeline starts from: the sample's Markdown as mailroom writes it,
    and the graphviz source of each of its diagrams."""
    from mailroom.diagrams.graphviz import dot_program
    from mailroom.document.build import build_document
    from mailroom.document.output import Options
    from mailroom.document.views import plan_diagrams
    from mailroom.facts.spec_facts import facts_of
    from mailroom.spec.reading import load_spec

    assert dot_program() is not None, "graphviz's dot is needed"
    folder.mkdir(parents=True)
    build_document(SAMPLE, folder, Options(("md",), date="2026-01-15", stub=False))
    (folder / f"{SAMPLE.stem}.md").rename(folder / "document.md")
    for svg in folder.glob("*.svg"):
        svg.unlink()
    for diagram in plan_diagrams(facts_of(load_spec(SAMPLE).spec)).all():
        (folder / f"{diagram.name}.dot").write_text(diagram.dot, encoding="utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--batch-runs", type=int, default=3)
    args = parser.parse_args()
    mailroom = str(BIN / "mailroom")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["MAILROOM_CACHE_DIR"] = str(out / "cache")
        render = [mailroom, "render", "--date", "2026-01-15"]
        subprocess.run([*render, str(SAMPLE), "-o", str(out / "html"), "--format", "html"],
                       check=True, capture_output=True, env=env)
        html = out / "html" / f"{SAMPLE.stem}.html"
        weasy = [sys.executable, "-c",
                 "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1])"
                 ".write_pdf(sys.argv[2])", str(html), str(out / "weasy.pdf")]
        bare = [sys.executable, str(REPO / "bench" / "bare_pipeline.py"),
                str(_bare_inputs(out / "inputs")), str(out / "bare")]
        check = median_seconds([mailroom, "check", str(SAMPLE)], args.runs, env)
        md_html, floor, md_ratio = paired_seconds(
            [*render, str(SAMPLE), "-o", str(out / "a"), "--format", "md,html"], bare,
            args.runs * 2, env)
        pdf = median_seconds(
            [*render, str(SAMPLE), "-o", str(out / "b"), "--format", "pdf"], args.runs, env)
        alone = median_seconds(weasy, args.runs, env)
        specs = sorted(SAMPLES.glob("*.yaml"))
        batch = median_seconds([*render, str(SAMPLES), "-o", str(out / "c")],
                               args.batch_runs, env)
        one_by_one = sum(
            median_seconds([*render, str(spec), "-o", str(out / "d" / spec.stem)],
                           args.batch_runs, env)
            for spec in specs)
    print(f"{check * 1000:8.0f} ms  mailroom check {SAMPLE.name} (the floor: load, validate, "
          "check)")
    print(f"{md_html * 1000:8.0f} ms  mailroom render {SAMPLE.name} --format md,html")
    print(f"{floor * 1000:8.0f} ms  the bare pipeline doing the same work (jinja2, "
          "markdown-it-py, dot)")
    print(f"{pdf * 1000:8.0f} ms  mailroom render {SAMPLE.name} --format pdf")
    print(f"{alone * 1000:8.0f} ms  weasyprint alone printing the same HTML (import included)")
    print(f"{batch * 1000:8.0f} ms  mailroom render samples/ ({len(specs)} specs, all formats)")
    print(f"{one_by_one * 1000:8.0f} ms  the same, one call per spec (sum of medians)")
    checks = [
        (f"Markdown+HTML is {md_ratio:.2f}x the bare pipeline, run by run (target: at most "
         "2x)", md_ratio <= 2),
        (f"PDF is {pdf / alone:.2f}x weasyprint alone (target: at most 1.3x)",
         pdf <= 1.3 * alone),
        (f"one call for all samples is {one_by_one / batch:.1f}x faster than one call each "
         "(target: faster)", batch < one_by_one),
    ]
    print()
    for text, ok in checks:
        print(f"{text}: {'ok' if ok else 'MISSED'}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
