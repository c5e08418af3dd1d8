"""A file flow's simulation writes the name the stub's upload step writes (a dated name
filled in for each run by the one rule, facts.files.NAME_FILLS) and checks what the spec
says happens to a file not yet collected (issue "Schedules, dates, files and signatures
as people say them", point 3)."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime

import pytest
from tests.conftest import SAMPLES

from mailroom.facts.files import run_file_name

SAMPLE = SAMPLES / "new-hires-idp-payroll-bureau.yaml"
FIXED = "      name: new-hires.csv    # the export writes the same name every week\n"


def _simulate(run, tmp_path, name: str, uncollected: str | None) -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    assert FIXED in text
    block = f"      name: \"{name}\"\n"
    if uncollected:
        block += f"      if_not_collected: {uncollected}\n"
    spec = tmp_path / "weekly.yaml"
    spec.write_text(text.replace(FIXED, block), encoding="utf-8")
    result = run("simulate", str(spec), "--engine", "python")
    return result.output


def _upload_check(output: str) -> str:
    [line] = [line.strip() for line in output.splitlines() if "the folder holds" in line]
    return line


def test_a_dated_name_is_written_as_the_job_writes_it_each_week(run, tmp_path):
    check = _upload_check(_simulate(run, tmp_path, "new-hires-{date}.csv", "kept"))
    # the schedule is every Friday: the second run comes a week after the first
    assert check == ("✓ the folder holds both files, each under the name of its run: "
                     "new-hires-2026-01-05.csv, new-hires-2026-01-12.csv")


@pytest.mark.parametrize(("uncollected", "passes", "says"), [
    ("overwritten", True, "one file, the latest upload; as the spec says"),
    (None, True, "the spec does not say what happens to a file not collected"),
    # the upload lists the folder first and writes nothing while the file waits
    ("run-waits", True, "the first file alone, as the spec says the run waits"),
    # one name cannot hold two files: the stub's TODO(file) says so, and the check shows it
    ("kept", False, "both files, as the spec says files wait side by side"),
])
def test_a_fixed_name_is_checked_against_what_the_spec_says(run, tmp_path, uncollected,
                                                            passes, says):
    check = _upload_check(_simulate(run, tmp_path, "new-hires.csv", uncollected))
    assert check.startswith("✓" if passes else "✗"), check
    assert says in check and "new-hires.csv" in check


@pytest.mark.parametrize(("pattern", "name"), [
    ("orders-{datetime}.csv", "orders-20261231T235958.csv"),
    ("a-{date}.csv", "a-2026-12-31.csv"),
    ("b-YYYY-MM-DD.csv", "b-2026-12-31.csv"),
    ("c-YYYYMMDD.csv", "c-20261231.csv"),
])
def test_the_stubs_upload_names_a_file_as_the_simulation_does(tmp_path, pattern, name, run):
    """The job's fileName, run on Node.js, against the simulation's rule."""
    when = datetime(2026, 12, 31, 23, 59, 58, tzinfo=UTC)
    assert run_file_name(pattern, when) == name
    text = SAMPLE.read_text(encoding="utf-8").replace(FIXED, f"      name: \"{pattern}\"\n")
    spec = tmp_path / "weekly.yaml"
    spec.write_text(text, encoding="utf-8")
    assert run("stub", str(spec), "-o", str(tmp_path / "stub")).exit_code == 0
    [job] = [p for p in (tmp_path / "stub").rglob("upload-*.js")]
    code = job.read_text(encoding="utf-8")
    helpers = re.search(r"^const FILE_NAME_PATTERN.*?^}\n", code, re.S | re.M)
    assert helpers is not None
    script = helpers.group(0) + f"console.log(fileName(new Date('{when.isoformat()}')));"
    node = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert node.stdout.strip() == name


def test_a_run_that_waits_writes_nothing_and_ends_failed_so_someone_is_told(run, tmp_path):
    output = _simulate(run, tmp_path, "new-hires.csv", "run-waits")
    assert "finds new-hires.csv not collected yet, and writes nothing: this run waits" in \
        " ".join(output.split())
    assert "1 ended failed, as it must, so the platform's failure alert fires" in output


@pytest.mark.parametrize(("name", "uncollected", "lists"), [
    ("new-hires.csv", "run-waits", True),
    ("new-hires.csv", "overwritten", False),
    ("new-hires-{date}.csv", "run-waits", False),  # a name of its own never waits
])
def test_the_stubs_upload_lists_the_folder_first_only_when_the_run_waits(
        run, tmp_path, name, uncollected, lists):
    text = SAMPLE.read_text(encoding="utf-8").replace(
        FIXED, f"      name: \"{name}\"\n      if_not_collected: {uncollected}\n")
    spec = tmp_path / "weekly.yaml"
    spec.write_text(text, encoding="utf-8")
    assert run("stub", str(spec), "-o", str(tmp_path / "stub")).exit_code == 0
    [job] = [p for p in (tmp_path / "stub").rglob("upload-*.js")]
    code = job.read_text(encoding="utf-8")
    assert ("  list(FOLDER),\n  fn(state => uploadFile(state))," in code) is lists
    assert ("has not been collected yet: nothing written" in code) is lists
    assert ("TODO(file): the spec says the run waits" in code) is False
