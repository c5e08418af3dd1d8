"""Loading and saving round-trips: same meaning, comments kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import CONTRACT_SPEC, SAMPLES

from mailroom.model import Flow
from mailroom.records import as_data
from mailroom.specfile import dump_spec, load_spec, save_spec


def test_unchanged_spec_saves_back_identically(write):
    path = write("spec.yaml", CONTRACT_SPEC)
    loaded = load_spec(path)
    assert dump_spec(loaded.spec, loaded.tree) == CONTRACT_SPEC


def test_edit_keeps_comments_and_explicit_unknowns(write, tmp_path):
    loaded = load_spec(write("spec.yaml", CONTRACT_SPEC))
    loaded.spec.flows[0].latency = "1 minute"
    loaded.spec.systems[1].skills = True
    out = tmp_path / "out.yaml"
    save_spec(loaded.spec, out, loaded.tree)
    text = out.read_text()
    assert "# format version" in text
    assert "# lowercase id, [a-z0-9-]" in text
    assert "latency: 1 minute" in text
    assert "{id: netsuite, name: NetSuite, api: true, events: false, skills: true}" in text
    assert "schedule: null" in text  # an explicit unknown stays visible
    assert load_spec(out).spec.flows[0].latency == "1 minute"


def test_new_flow_and_removed_field(write, tmp_path):
    loaded = load_spec(write("spec.yaml", CONTRACT_SPEC))
    loaded.spec.flows[0].volume = None
    loaded.spec.flows.append(Flow(id="netsuite-to-salesforce", source="netsuite"))
    out = tmp_path / "out.yaml"
    save_spec(loaded.spec, out, loaded.tree)
    again = load_spec(out).spec
    assert again.flows[0].volume is None
    assert "volume:" not in out.read_text()
    assert again.flows[1] == Flow(id="netsuite-to-salesforce", source="netsuite")
    assert as_data(again) == as_data(loaded.spec)


def test_fresh_dump_quotes_cron(tmp_path):
    from mailroom.model import Spec

    spec = Spec(flows=[Flow(id="a", trigger="schedule", schedule="*/30 * * * *")])
    out = tmp_path / "new.yaml"
    save_spec(spec, out)
    assert load_spec(out).spec == spec


@pytest.mark.parametrize("sample", sorted(p for p in SAMPLES.glob("**/*.yaml")
                                           if "stub" not in p.parts),  # a generated project
                         ids=lambda p: p.name)
def test_every_sample_round_trips(sample: Path, tmp_path):
    loaded = load_spec(sample)
    out = tmp_path / sample.name
    save_spec(loaded.spec, out, loaded.tree)
    assert load_spec(out).spec == loaded.spec
    comments = [line.split("#", 1)[1] for line in sample.read_text().splitlines() if "#" in line]
    saved = out.read_text()
    assert all(comment in saved for comment in comments)


def test_save_is_atomic_and_leaves_no_temp_files(write, tmp_path, monkeypatch):
    import os

    loaded = load_spec(write("spec.yaml", CONTRACT_SPEC))
    target = tmp_path / "target.yaml"
    target.write_text("old content\n")

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        save_spec(loaded.spec, target, loaded.tree)
    assert target.read_text() == "old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml", "target.yaml"]
