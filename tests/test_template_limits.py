"""User templates run with limits on time, size, ranges, recursion and memory (issue 13,
item 8): each attack is refused with a message naming the limit, exit 2, quickly."""

from __future__ import annotations

import time

import pytest
from tests.conftest import SAMPLES

from mailroom.document import sandbox

LEAD = SAMPLES / "lead-push-salesforce-netsuite.yaml"

ATTACKS = {
    "huge-range": ("{{ range(100000000)|list|length }}",
                   "range() of 100,000,000 numbers; the limit is 10,000"),
    "recursive-macro": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
                        "macros call each other more than 50 deep"),
    "string-times-huge": ("{{ ('a' * 10**10)|length }}",
                          "'*' would make a value of about 10,000,000,000 characters"),
    "list-times-huge": ("{{ ([0] * 10**9)|length }}",
                        "'*' would make a value of about 1,000,000,000 characters or items"),
    "huge-power": ("{{ 7 ** 100000000 }}", "'**' would make a value of about"),
    "huge-filter-width": ("{{ 'x'|center(10**9) }}",
                          "the filter center was given 1,000,000,000"),
    "huge-output": ("{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
                    "the template's output passed 2,000,000 characters"),
    "doubling": ("{% set ns = namespace(s='a') %}{% for i in range(60) %}"
                 "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
                 "the template needed more than"),
}


@pytest.fixture
def fast_limits(monkeypatch):
    """Time and memory limits small enough for a test (the attacks are the same)."""
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    monkeypatch.setattr(sandbox, "MAX_MEMORY", 256 * 1024 * 1024)


@pytest.mark.parametrize("name", ATTACKS)
def test_an_exhausting_template_is_refused(run, tmp_path, fast_limits, name):
    source, message = ATTACKS[name]
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "document.md.j2").write_text(source)
    started = time.monotonic()
    result = run("render", str(LEAD), "-o", str(tmp_path / "out"), "--format", "md",
                 "--no-stub", "--templates", str(templates))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        f"Error: template refused by the sandbox: {templates / 'document.md.j2'}: "), result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("source", [
    "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
    "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{% set l = range(10000)|list %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}",
])
def test_a_template_that_runs_too_long_is_stopped(run, tmp_path, fast_limits, source):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "document.md.j2").write_text(source)
    started = time.monotonic()
    result = run("render", str(LEAD), "-o", str(tmp_path / "out"), "--format", "md",
                 "--no-stub", "--templates", str(templates))
    assert time.monotonic() - started < 10
    assert result.exit_code == 2, result.output
    assert "the template ran longer than 1 seconds" in result.stderr


def test_a_copy_of_the_packaged_template_renders_the_same_document(run, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    packaged = (SAMPLES.parent / "templates" / "document.md.j2").read_text(encoding="utf-8")
    (templates / "document.md.j2").write_text(packaged, encoding="utf-8")
    mine = run("render", str(LEAD), "-o", str(tmp_path / "mine"), "--format", "md,html",
               "--no-stub", "--templates", str(templates), "--date", "2026-01-15")
    theirs = run("render", str(LEAD), "-o", str(tmp_path / "theirs"), "--format", "md,html",
                 "--no-stub", "--date", "2026-01-15")
    assert mine.exit_code == theirs.exit_code == 0, mine.output + theirs.output
    for suffix in (".md", ".html"):
        name = LEAD.stem + suffix
        assert (tmp_path / "mine" / name).read_text() == (tmp_path / "theirs" / name).read_text()
