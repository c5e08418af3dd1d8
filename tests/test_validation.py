"""The schema cache: specs and catalog entries are validated by the models' rules, from a
core schema built from the models and kept in the cache folder, never from a stale one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError as ModelError
from pydantic_core import ValidationError
from tests.conftest import CONTRACT_SPEC, SAMPLES

from mailroom.catalog.model import Entry
from mailroom.resources import packaged
from mailroom.spec import validation
from mailroom.spec.model import Spec
from mailroom.spec.reading import parse_tree
from mailroom.spec.records import as_data

SPECS = sorted(p for p in SAMPLES.rglob("*.yaml")  # not what mailroom generated from them
               if not {"stub", "rendered"} & set(p.parts))
ENTRIES = sorted(p for p in packaged("catalog").iterdir() if p.name.endswith(".yaml"))
BAD_SPECS = {
    "trigger": CONTRACT_SPEC.replace("trigger: event", "trigger: sometimes"),
    "unknown field": CONTRACT_SPEC.replace("latency: 5 minutes", "latncy: 5 minutes"),
    "api": CONTRACT_SPEC.replace("api: true\n", "api: maybe\n", 1),
    "auth as text": CONTRACT_SPEC.replace("auth: {method: oauth2-client-credentials}",
                                          "auth: basic"),
    "format version": CONTRACT_SPEC.replace("spec: 1 ", "spec: 2 "),
    "empty id": CONTRACT_SPEC.replace("id: salesforce-to-netsuite", "id: ''"),
    "flows as text": "spec: 1\nflows: many\n",
    "stakeholder list": "spec: 1\nstakeholders: {name: x}\n",
    "catalog": "spec: 1\nsystems:\n  - {id: a, catalog: true}\n",
    "two errors": "spec: 1\nflows:\n  - {id: a, trigger: x, pattern: y}\n",
}


def data_of(path: Path) -> dict:
    return dict(parse_tree(path.read_text(encoding="utf-8"), path.name))


def errors(exc: Exception) -> list[tuple]:
    assert isinstance(exc, ValidationError | ModelError)
    return [(e["type"], tuple(e["loc"]), e["msg"]) for e in exc.errors()]


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.name)
def test_every_sample_reads_as_the_model_reads_it(path, tmp_path):
    data = json.loads(json.dumps(as_data(data_of(path))))  # plain data, as YAML gives it
    cached = validation.validate("spec", data, tmp_path)
    assert as_data(cached) == Spec.model_validate(data).model_dump(mode="json")


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.name)
def test_every_catalog_entry_reads_as_the_model_reads_it(path, tmp_path):
    data = json.loads(json.dumps(as_data(data_of(path))))
    cached = validation.validate("catalog-entry", data, tmp_path)
    assert as_data(cached) == Entry.model_validate(data).model_dump(mode="json")


@pytest.mark.parametrize("text", BAD_SPECS.values(), ids=BAD_SPECS.keys())
def test_bad_specs_get_the_models_own_errors(text, tmp_path):
    data = json.loads(json.dumps(as_data(dict(parse_tree(text, "x.yaml")))))
    with pytest.raises(ValidationError) as cached:
        validation.validate("spec", data, tmp_path)
    with pytest.raises(ModelError) as model:
        Spec.model_validate(data)
    assert errors(cached.value) == errors(model.value)


def test_a_catalog_entrys_link_is_checked_from_the_cache_too(tmp_path):
    data = json.loads(json.dumps(as_data(data_of(ENTRIES[0]))))
    data["docs"] = "http://not-secure.example.com"
    with pytest.raises(ValidationError) as exc:
        validation.validate("catalog-entry", data, tmp_path)
    assert "https:// link to the public documentation" in str(exc.value)


def test_the_schema_is_kept_in_the_cache_and_read_back(tmp_path, monkeypatch):
    validation.schema("spec", tmp_path)
    [stored] = tmp_path.glob("core-schema-spec-*.json")

    def no_models(name: str) -> dict:
        raise AssertionError("built from the models again")

    monkeypatch.setattr(validation, "build_schema", no_models)
    assert validation.schema("spec", tmp_path) == json.loads(stored.read_text())


def test_a_change_to_mailrooms_code_builds_the_schema_afresh(tmp_path, monkeypatch):
    """The key holds a digest of mailroom's code: a model changed (or anything else) is
    never validated by the schema cached for the code as it was."""
    validation.schema("spec", tmp_path)
    monkeypatch.setattr(validation, "code_digest", lambda: "f" * 64)
    built: list[str] = []
    real = validation.build_schema
    monkeypatch.setattr(validation, "build_schema", lambda name: built.append(name) or real(name))
    validation.schema("spec", tmp_path)
    assert built == ["spec"]
    assert len(list(tmp_path.glob("core-schema-spec-*.json"))) == 2


def test_other_versions_of_pydantic_build_the_schema_afresh(tmp_path, monkeypatch):
    validation.schema("spec", tmp_path)
    monkeypatch.setattr(validation, "versions", lambda: ("99.0", "99.1"))
    validation.schema("spec", tmp_path)
    assert any("-99.0-99.1.json" in p.name for p in tmp_path.glob("core-schema-spec-*.json"))


def test_a_damaged_cache_file_is_built_again(tmp_path):
    validation.schema("spec", tmp_path)
    [stored] = tmp_path.glob("core-schema-spec-*.json")
    stored.write_text("{not json")
    assert validation.schema("spec", tmp_path) == validation.build_schema("spec")


def test_without_a_cache_folder_the_schema_is_built_from_the_models(tmp_path):
    assert validation.schema("spec", None) == validation.build_schema("spec")


@pytest.mark.parametrize("command", ["check", "compare"])
def test_reading_commands_import_no_pydantic_once_the_cache_holds_the_schema(tmp_path, command):
    """What the cache is for: `mailroom check` stays under a quarter of a second because it
    does not import pydantic (importing it and building the models is ~110 ms)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(CONTRACT_SPEC)
    env = {**os.environ, "MAILROOM_CACHE_DIR": str(tmp_path / "cache")}
    args = [str(spec)] if command == "check" else [str(spec), str(spec)]
    code = ("import sys\nfrom mailroom.cli import main\n"
            f"try:\n    main([{command!r}, *sys.argv[1:]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))")
    runs = [subprocess.run([sys.executable, "-c", code, *args], env=env,
                           capture_output=True, text=True, check=True) for _ in range(2)]
    assert runs[0].stdout.splitlines()[-1] != "[]"  # the first builds it from the models
    assert runs[1].stdout.splitlines()[-1] == "[]"
