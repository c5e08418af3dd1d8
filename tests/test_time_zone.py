"""The time zone of the schedules: asked once for the spec, overridable per flow, used by
the cron conversion, and stated in the document and the stub (issue "Schedules, dates,
files and signatures as people say them")."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.interview_support import PULL, PUSH, replay

from mailroom.document.output import Options
from mailroom.document.render import render
from mailroom.errors import SpecError
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.reading import load_spec
from mailroom.spec.schedule import cron_for
from mailroom.stub.plan import plan_workflows

SPEC = """\
spec: 1
title: Weekly file
{top}systems:
  - {{id: hr, name: HR system}}
  - {{id: bureau, name: Payroll bureau}}
flows:
  - id: hr-to-bureau
    source: hr
    destination: bureau
    trigger: schedule
    schedule: {schedule}
{flow}"""


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def _spec(tmp_path: Path, schedule: str, top: str = "", flow: str = "") -> Path:
    path = tmp_path / "weekly.yaml"
    path.write_text(SPEC.format(top=top, schedule=schedule, flow=flow), encoding="utf-8")
    return path


def _trigger(path: Path):
    (workflow,) = plan_workflows(facts_of(load_spec(path).spec))
    return workflow.trigger


def _document(path: Path, out: Path) -> str:
    [result] = render([path], out, Options(formats=("md",)), jobs=1)
    assert result.error is None, result.error
    return (out / f"{path.stem}.md").read_text(encoding="utf-8")


def test_the_specs_zone_converts_a_stated_time_and_the_stub_and_document_say_it(tmp_path):
    path = _spec(tmp_path, "every Friday at 09:00", top="time_zone: Europe/Oslo\n")
    trigger = _trigger(path)
    assert trigger.cron == "0 8 * * 5"
    assert trigger.when == "every Friday at 09:00 Europe/Oslo"
    assert trigger.note is not None and "10:00 Oslo time" in trigger.note
    document = _document(path, tmp_path / "out")
    assert "**Schedule:** every Friday at 09:00 Europe/Oslo" in document
    assert "0 8 \\* \\* 5" in document and "taken as UTC" not in document


def test_with_no_zone_anywhere_the_time_is_taken_as_utc_and_said_so(tmp_path):
    path = _spec(tmp_path, "every Friday at 09:00")
    assert _trigger(path).cron == "0 9 * * 5"
    assert "no time zone is stated, so the times are taken as UTC" in _document(
        path, tmp_path / "out")


def test_a_flows_zone_overrides_the_specs(tmp_path):
    path = _spec(tmp_path, "every Friday at 09:00", top="time_zone: Europe/Oslo\n",
                 flow="    time_zone: America/New_York\n")
    assert _trigger(path).cron == "0 14 * * 5"


def test_a_zone_written_in_the_schedule_wins(tmp_path):
    path = _spec(tmp_path, "every Friday at 09:00 UTC", top="time_zone: Europe/Oslo\n")
    assert _trigger(path).cron == "0 9 * * 5"
    assert cron_for("every Friday at 09:00 Asia/Kolkata", "Europe/Oslo")[0] == "30 3 * * 5"


def test_a_zone_changes_nothing_in_an_interval_or_a_cron():
    assert cron_for("every 15 minutes", "Europe/Oslo") == ("*/15 * * * *", None)
    assert cron_for("0 2 * * *", "Europe/Oslo") == ("0 2 * * *", None)


@pytest.mark.parametrize("where", ["top", "flow"])
def test_a_zone_the_database_does_not_know_is_refused_with_its_line(tmp_path, where):
    bad = "time_zone: Europe/Olso\n"
    path = _spec(tmp_path, "every Friday at 09:00", top=bad if where == "top" else "",
                 flow="    " + bad if where == "flow" else "")
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    line = 3 if where == "top" else 12
    assert f"weekly.yaml:{line}: " in str(raised.value)
    assert "“Europe/Olso” is not a time zone" in str(raised.value)


def test_the_interview_asks_the_zone_once_when_a_flow_is_scheduled():
    answers, asked = replay(PULL)
    assert [a.key for a in asked].count("time_zone") == 1
    assert answers.values["time_zone"] == "Europe/Oslo"


def test_the_interview_does_not_ask_the_zone_when_nothing_is_scheduled():
    _answers, asked = replay(PUSH)
    assert "time_zone" not in [a.key for a in asked]


def test_the_interview_refuses_a_zone_it_does_not_know():
    from tests.interview_support import asked_at

    asked = asked_at("time_zone", PULL)
    assert "Region/City" in (asked.parse("Europe/Olso").problem or "")
    assert asked.parse("Europe/Oslo").problem is None
