"""The fast read path validates exactly as the pydantic models do.

Specs and catalog entries are read with pydantic-core alone, against schemas frozen
from the models (frozen.py), into plain records (records.py). These tests hold the
frozen schemas to the models, and the records and errors to what the models give.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic_core
import pytest
from pydantic import BaseModel, ValidationError
from pydantic_core import SchemaValidator
from ruamel.yaml import YAML
from tests.conftest import REPO, SAMPLES

from mailroom import frozen, records
from mailroom.catalog_model import Entry
from mailroom.model import Auth, Flow, Spec, Stakeholder, System
from mailroom.records import as_data
from mailroom.resources import packaged

SPECS = sorted(
    p for p in SAMPLES.rglob("*.yaml") if "stub" not in p.parts and "rendered" not in p.parts
)
ENTRIES = sorted(
    (p for p in packaged("catalog_data").iterdir() if p.name.endswith(".yaml")),
    key=lambda p: p.name,
)
MODELS: dict[str, type[BaseModel]] = {"spec": Spec, "catalog-entry": Entry}


def _read(text: str) -> Any:
    return YAML(typ="safe", pure=True).load(text)


@pytest.fixture(autouse=True)
def _fresh_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))
    frozen.schema.cache_clear()
    frozen.validator.cache_clear()
    yield
    frozen.schema.cache_clear()
    frozen.validator.cache_clear()


@pytest.mark.parametrize("name", frozen.MODELS)
def test_the_frozen_schema_is_what_the_model_builds_today(name):
    stored = json.loads(packaged("catalog_data").parent.joinpath(
        frozen.FOLDER, f"{name}.json").read_text("utf-8"))
    if (stored["pydantic"], stored["pydantic_core"]) == frozen.versions():
        assert stored["schema"] == frozen.freeze(MODELS[name]), (
            "a model changed: run `.venv/bin/python -m mailroom.frozen` and commit the files")
    else:  # another pydantic: the schema comes from the model, never the stale file
        assert frozen.schema(name) == frozen.freeze(MODELS[name])


def test_on_another_pydantic_core_the_models_schema_is_frozen_once_into_the_cache(
        tmp_path, monkeypatch):
    monkeypatch.setattr(frozen.pydantic_core, "__version__", "0.0.1-elsewhere")
    assert frozen.schema("spec") == frozen.freeze(Spec)
    (cached,) = (tmp_path / "cache").glob("schema-spec-*-0.0.1-elsewhere-*.json")
    frozen.schema.cache_clear()

    def no_models(name: str) -> Any:
        raise AssertionError("the second run should read the cache, not the models")

    monkeypatch.setattr(frozen, "_model", no_models)
    assert frozen.schema("spec") == json.loads(cached.read_text())["schema"]


def test_pydantics_version_is_read_without_importing_it():
    import pydantic

    assert frozen.versions() == (pydantic.VERSION, pydantic_core.__version__)


def test_a_model_used_twice_freezes_into_a_schema_that_builds(monkeypatch):
    """pydantic refers to a model used twice by a ref that carries an id of the run."""

    class Twice(BaseModel):
        first: Stakeholder
        second: Stakeholder | None = None

    monkeypatch.setattr(records, "Twice", type("Twice", (records.Record,), {}), raising=False)
    schema = frozen.freeze(Twice)
    assert schema == frozen.freeze(Twice)
    got = SchemaValidator(frozen._thaw(schema)).validate_python(
        {"first": {"name": "Dana"}, "second": {"role": "PM"}})
    assert (got.first.name, got.second.role) == ("Dana", "PM")


@pytest.mark.parametrize("path", SPECS, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_every_sample_reads_into_records_equal_to_the_model(path):
    data = _read(path.read_text())
    record = frozen.validator("spec").validate_python(data)
    model = Spec.model_validate(data)
    assert as_data(record) == model.model_dump(mode="json")
    assert record == model
    assert [type(f).__name__ for f in record.flows] == ["Flow"] * len(model.flows)
    assert isinstance(record, records.Spec)
    for system in model.systems:
        assert record.system(system.id).label == system.label
        assert record.label(system.id) == model.label(system.id)
    assert record.label("nowhere") == "nowhere"


@pytest.mark.parametrize("path", ENTRIES, ids=lambda p: p.name)
def test_every_catalog_entry_reads_into_records_equal_to_the_model(path):
    data = _read(path.read_text(encoding="utf-8"))
    record = frozen.validator("catalog-entry").validate_python(data)
    assert as_data(record, exclude_none=True) == Entry.model_validate(data).model_dump(
        mode="json", exclude_none=True)


BAD_SPECS = [
    {"spec": 2},
    {"title": ["a", "list"]},
    {"flows": [{"id": "a", "trigger": "sometimes", "trigerr": "event"}]},
    {"flows": [{"id": ""}]},
    {"flows": [{"data": "no id"}]},
    {"flows": [{"id": "a", "auth": "oauth2-client-credentials"}]},
    {"flows": [{"id": "a", "auth": {"method": "password", "scopes": "all"}}]},
    {"flows": [{"id": "a", "personal_data": "maybe", "volume": 200, "caching": 1.5}]},
    {"systems": [{"id": "x", "api": "yes please", "catalog": True}]},
    {"systems": "salesforce", "stakeholders": [{"name": 3, "email": "x@example.org"}]},
    {"flows": [None, 3, "a flow"]},
]


BAD_ENTRIES = [
    {"id": "x", "name": "X", "kind": "CRM", "docs": "http://example.org/docs"},
    {"id": "X y", "name": "X", "docs": "https://example.org", "api": {"available": "maybe"}},
    {"id": "x", "name": "X", "kind": "CRM", "docs": "https://example.org",
     "auth": {"methods": ["password"], "source": "ftp://example.org"}, "colour": "red"},
]


@pytest.mark.parametrize(("name", "data"), [
    *(("spec", data) for data in BAD_SPECS),
    *(("catalog-entry", data) for data in BAD_ENTRIES),
], ids=lambda d: json.dumps(d)[:40])
def test_bad_input_gets_the_models_own_errors(name, data):
    with pytest.raises(pydantic_core.ValidationError) as fast:
        frozen.validator(name).validate_python(data)
    with pytest.raises(ValidationError) as slow:
        MODELS[name].model_validate(data)
    assert fast.value.json(include_url=False) == slow.value.json(include_url=False)


def test_field_names_follow_the_models():
    names = frozen.field_names("spec")
    for model in (Spec, Stakeholder, System, Flow, Auth):
        assert names[model.__name__] == tuple(model.model_fields)


@pytest.mark.parametrize("model", [Spec, Stakeholder, System, Flow, Auth, Entry],
                         ids=lambda m: m.__name__)
def test_each_record_has_the_models_own_methods(model):
    own = {n for n in dir(model) if not n.startswith("_")} - set(dir(BaseModel))
    assert own - set(model.model_fields) <= set(dir(getattr(records, model.__name__)))


@pytest.mark.parametrize("command", [
    "from mailroom.checks import check_file; check_file(sys.argv[1])",
    "from mailroom.compare import compare_files; compare_files([sys.argv[1], sys.argv[1]])",
])
def test_reading_and_checking_a_spec_never_imports_pydantic(command, tmp_path):
    """Importing pydantic and building the models would take most of check's time.
    (After an upgrade of pydantic, the first run imports it once to freeze the schema
    again into the cache: the second run is measured.)"""
    script = f"import sys\n{command}\nprint(sorted(m for m in sys.modules if 'pydantic.' in m))"
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", script, str(SAMPLES / "commcare-openfn-dhis2.yaml")],
            capture_output=True, text=True, check=True, cwd=Path(REPO),
            env={**os.environ, "MAILROOM_CACHE_DIR": str(tmp_path / "cache")},
        )
    assert done.stdout.strip() == "[]"


def test_no_code_calls_pydantics_methods_on_what_it_read():
    """Specs and catalog entries are read into records: the models' fields and methods,
    not pydantic's (model_dump, model_copy…), which mypy cannot see missing. Use
    records.as_data, copy.deepcopy, or model.Spec.model_validate(as_data(spec))."""
    on_an_instance = re.compile(r"\b[a-z_][A-Za-z0-9_]*(\(\)|\[[^\]]*\])?\.model_[a-z_]+")
    questionnaires = {"questionnaire.py", "questionnaire_check.py"}  # pydantic models, read so
    offenders = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / "src" / "mailroom").rglob("*.py"))
        if path.name not in questionnaires
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if on_an_instance.search(line)
    ]
    assert offenders == []
