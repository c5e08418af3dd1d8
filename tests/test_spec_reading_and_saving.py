"""Loading and saving round-trips: same meaning, comments kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import CONTRACT_SPEC, SAMPLES

from mailroom.errors import SpecError
from mailroom.spec.model import Flow
from mailroom.spec.reading import load_spec, parse_tree, validate_tree
from mailroom.spec.records import as_data
from mailroom.spec.saving import dump_spec, save_spec


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
    from mailroom.spec.model import Spec

    spec = Spec(flows=[Flow(id="a", trigger="schedule", schedule="*/30 * * * *")])
    out = tmp_path / "new.yaml"
    save_spec(spec, out)
    assert load_spec(out).spec == spec


@pytest.mark.parametrize("sample", sorted(p for p in SAMPLES.glob("**/*.yaml")
                                           # generated: a project, a document's exports
                                           if not {"stub", "rendered"} & set(p.parts)),
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


# YAML that readers are known to trip over: each is read, or refused with a message.
TRICKY_YAML = {
    "flow mapping with a colon": "flows:\n  - {id: a, schedule: 12:30}\n",
    "escaped slash": 'title: "a\\/b"\n',
    "tab after a colon": "title:\ta\n",
    "tab in a value": "title: a\tb\n",
    "merge key": "systems:\n  - &s {id: a, name: A}\n  - <<: *s\n    id: b\n",
    "alias": "title: &t hello\nwhy: *t\n",
    "YAML 1.1 booleans": "%YAML 1.1\n---\nsystems:\n  - {id: a, api: yes, events: on}\n",
    "YAML 1.1 yes as text": "%YAML 1.1\n---\ntitle: yes\nsystems: [{id: a, name: on}]\n",
    "YAML 1.1 octal as text": "%YAML 1.1\n---\nflows:\n  - {id: a, volume: 0755}\n",
    "tag after a colon": '{"spec": 1, "title":!!str 123}',
    "byte-order mark inside": "spec: 1\ntitle: x\nsystems:\n  - id: a\n\ufeff   name: A\n",
    "line separator starting a line": "spec: 1\ntitle: x\n\u2028why: y\n",
    "paragraph separator": "title: a\u2029b\n",
    "alias holding itself": "spec: 1\ntitle: x\nflows: &a [*a]\n",
    "alias inside itself": "spec: 1\nflows: &a [{id: a, notes: *a}]\n",
    "YAML 1.2 directive": "%YAML 1.2\n---\nsystems:\n  - {id: a, api: true}\n",
    "duplicate key": "title: a\ntitle: b\n",
    "JSON": '{"spec": 1, "title": "x", "flows": [{"id": "a"}]}',
    "CRLF": "spec: 1\r\ntitle: x\r\n",
    "next line character": "title: a\u0085b\n",
    "line separator": "title: a\u2028b\n",
    "quoted next line": 'title: "a\u0085b"\n',
    "emoji": "title: mail \U0001f4ec\n",
    "two documents": "title: a\n---\ntitle: b\n",
    "document end": "title: a\n...\n",
    "number key": "title: a\n1: b\n",
    "null key": "~: a\n",
    "complex key": "? [a, b]\n: c\n",
    "folded": "why: >-\n  a\n\n  b\n   c\n",
    "literal kept": "why: |+\n  a\n\n",
    "plain over lines": "why: a\n  b\n\n  c\n",
    "str tag": "title: !!str 123\n",
    "own tag": "title: !foo x\n",
    "binary": "title: !!binary aGVsbG8=\n",
    "YAML 1.1 octal": "flows:\n  - {id: a, volume: 0755}\n",
    "sexagesimal": "flows:\n  - {id: a, volume: 1:30}\n",
    "underscores": "flows:\n  - {id: a, volume: 1_000}\n",
    "hash without a space": "title: a#b\n",
    "anchored key": "&k title: x\n",
    "empty value": "title:\n",
    "unindented list": "flows:\n- id: a\n",
    "Null": "title: Null\n",
    "y for yes": "systems:\n  - {id: a, api: y}\n",
    "infinity": "flows:\n  - {id: a, volume: .Inf}\n",
    "hex": "flows:\n  - {id: a, volume: 0xFF}\n",
    "timestamp": "flows:\n  - {id: a, volume: 2001-12-14t21:59:43.10-05:00}\n",
    "deep nesting": "title: " + "[" * 200 + "]" * 200 + "\n",
    "escapes": 'title: "\\u00e9\\x41\\U0001F4EC"\n',
    "flow list": "flows: [{id: a}, {id: b}]\n",
    "exclamation in text": "title: Leads, now!\nwhy: 'Fast! !'\n",
}


@pytest.mark.parametrize("text", TRICKY_YAML.values(), ids=TRICKY_YAML.keys())
def test_tricky_yaml_is_read_or_refused_with_file_and_line(text):
    """Never a traceback: a spec, or problems that each name the file (and a line)."""
    try:
        spec = validate_tree(parse_tree(text, "x.yaml"), "x.yaml")
    except SpecError as exc:
        assert exc.lines and all(line.startswith("x.yaml") for line in exc.lines), exc.lines
    else:
        assert spec.spec == 1
