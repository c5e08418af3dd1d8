"""Validating a spec or a catalog entry by the models' rules, without importing pydantic
on every run: the schema cache.

Validation is pydantic-core's work, and pydantic-core takes the core schema pydantic
builds from a model as plain data. Importing pydantic and building the models is
~110 ms, more than a third of `mailroom check`; so the core schema is built from the
models once, written as JSON into the cache folder, and read back from there, with
the model classes swapped for the plain records of records.py. The errors are
pydantic's own, field for field.

The models stay the single source of truth. A cached schema is keyed by a digest of
mailroom's code (cache.code_digest) and by the installed pydantic and pydantic-core:
a change to any of them builds the schema afresh, so a cached schema can never drift
from the models. Nothing is shipped; without a cache folder, the schema is built in
memory, once a process.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic_core import SchemaValidator

from mailroom.cache import code_digest
from mailroom.fileio import atomic_write_text
from mailroom.spec import records

# Which model each schema is built from ("module:class").
MODELS = {
    "spec": "mailroom.spec.model:Spec",
    "catalog-entry": "mailroom.catalog.model:Entry",
}
_REF_ID = re.compile(r":\d+$")  # pydantic makes refs unique with the class's id()


def validate(name: str, data: Any, cache: Path | None) -> Any:
    """The records of `data` by MODELS[name]'s rules; pydantic's ValidationError when it
    breaks them."""
    return validator(name, cache).validate_python(data)


@functools.cache
def validator(name: str, cache: Path | None) -> SchemaValidator:
    return SchemaValidator(_thaw(schema(name, cache)))


def schema(name: str, cache: Path | None) -> dict[str, Any]:
    """MODELS[name]'s core schema as JSON-able data: from the cache folder when it holds
    the one for this code and these versions, else built from the model (importing
    pydantic) and kept there."""
    pydantic_version, core_version = versions()
    key = f"{code_digest()[:16]}-{pydantic_version}-{core_version}"
    stored = cache / f"core-schema-{name}-{key}.json" if cache is not None else None
    if stored is not None:
        with contextlib.suppress(OSError, ValueError):
            found: dict[str, Any] = json.loads(stored.read_bytes())
            return found
    built = build_schema(name)
    if stored is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            atomic_write_text(stored, json.dumps(built, ensure_ascii=False))
    return built


def versions() -> tuple[str | None, str]:
    """The installed pydantic's version, and pydantic-core's: pydantic builds the schema
    and pydantic-core reads it. pydantic's is read from its version.py, since importing
    pydantic is what the cache spares (None when it cannot be found: never cached)."""
    found = importlib.util.find_spec("pydantic")
    version = None
    if found is not None and found.origin:
        with contextlib.suppress(OSError):
            text = Path(found.origin).with_name("version.py").read_text(encoding="utf-8")
            match = re.search(r"^VERSION = ['\"]([^'\"]+)['\"]", text, re.M)
            version = match.group(1) if match else None
    return version, pydantic_core.__version__


def build_schema(name: str) -> dict[str, Any]:
    """The model's core schema as JSON-able data, its classes and functions named."""
    module, _, attribute = MODELS[name].partition(":")
    model = getattr(importlib.import_module(module), attribute)
    return dict(_freeze(model.__pydantic_core_schema__))


def _freeze(node: Any, names: bool = False) -> Any:
    if isinstance(node, dict):
        # Serialization and JSON Schema hints don't change validation, and hold functions.
        # (A dict of field names keeps them all: a field may be called `metadata`.)
        return {key: _freeze_item(key, value) for key, value in node.items()
                if names or key not in ("metadata", "serialization")}
    if isinstance(node, list | tuple):
        return [_freeze(value) for value in node]
    if isinstance(node, type) and hasattr(node, "__pydantic_core_schema__"):
        return {"$record": node.__name__}
    if callable(node):
        return {"$call": f"{node.__module__}:{node.__qualname__}"}
    if node is None or isinstance(node, str | int | float | bool):
        return node
    raise TypeError(f"cannot keep {node!r} of a core schema")


def _freeze_item(key: str, value: Any) -> Any:
    if key in ("ref", "schema_ref") and isinstance(value, str):
        return _REF_ID.sub("", value)
    return _freeze(value, names=key == "fields")


def _thaw(node: Any) -> Any:
    if isinstance(node, dict):
        if "$record" in node:
            return getattr(records, node["$record"])
        if "$call" in node:
            module, _, dotted = node["$call"].partition(":")
            target = importlib.import_module(module)
            for part in dotted.split("."):
                target = getattr(target, part)
            return target
        return {key: _thaw(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_thaw(value) for value in node]
    return node
