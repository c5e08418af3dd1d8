"""pydantic's validation of a spec or a catalog entry, without importing pydantic.

Importing pydantic and building the models takes longer than `mailroom check`
may take in all. Validation itself is pydantic-core's work, and pydantic-core
accepts the schema pydantic builds from a model as plain data. So that schema
is frozen here as JSON, once per model (`python -m mailroom.frozen` rewrites
the files, and a test fails when they drift from the models), and read back
with the model classes swapped for the plain records of records.py. The errors
are pydantic's own, field for field.

When the installed pydantic or pydantic-core is not the one the files were frozen
with, the schema is frozen from the models instead, once, into the cache.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import importlib.util
import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic_core import SchemaValidator

from mailroom import records
from mailroom.cache import cache_dir
from mailroom.fileio import atomic_write_text

# Which model each frozen schema comes from ("module:class").
MODELS = {
    "spec": "mailroom.model:Spec",
    "catalog-entry": "mailroom.catalog_model:Entry",
}
FOLDER = "frozen_schemas"
_REF_ID = re.compile(r":\d+$")  # pydantic makes refs unique with the class's id()


@functools.cache
def validator(name: str) -> SchemaValidator:
    """The validator for MODELS[name], filling in records instead of models."""
    return SchemaValidator(_thaw(schema(name)))


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The frozen core schema: the package's, or with another pydantic or pydantic-core,
    the models' (frozen once into the cache: only the first run after an upgrade imports
    pydantic)."""
    text = resources.files("mailroom").joinpath(FOLDER, f"{name}.json").read_text("utf-8")
    stored: dict[str, Any] = json.loads(text)
    installed = versions()
    if (stored.get("pydantic"), stored.get("pydantic_core")) == installed:
        return dict(stored["schema"])
    import hashlib  # only here: an upgrade's first run

    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    cached = cache_dir() / f"schema-{name}-{installed[0]}-{installed[1]}-{digest}.json"
    try:
        return dict(json.loads(cached.read_bytes())["schema"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    fresh = frozen_text(name)
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        atomic_write_text(cached, fresh)
    return dict(json.loads(fresh)["schema"])


def versions() -> tuple[str | None, str]:
    """The installed pydantic's version, and pydantic-core's.

    pydantic builds the schema and pydantic-core reads it, so both matter. pydantic's is
    read from its version.py rather than by importing it (that import is what this module
    is for avoiding); None when it cannot be found, which means freezing afresh.
    """
    found = importlib.util.find_spec("pydantic")
    version = None
    if found is not None and found.origin:
        with contextlib.suppress(OSError):
            text = Path(found.origin).with_name("version.py").read_text(encoding="utf-8")
            match = re.search(r"^VERSION = ['\"]([^'\"]+)['\"]", text, re.M)
            version = match.group(1) if match else None
    return version, pydantic_core.__version__


@functools.cache
def field_names(name: str) -> dict[str, tuple[str, ...]]:
    """Each model's fields in the schema, by class name, in their order."""
    found: dict[str, tuple[str, ...]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "model" and "$record" in node.get("cls", {}):
                found[node["cls"]["$record"]] = tuple(node["schema"]["fields"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema(name))
    return found


# -- freezing (imports pydantic, through the models) -------------------------------------


def freeze(model: Any) -> dict[str, Any]:
    """The model's core schema as JSON-able data, with classes and functions named."""
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
    raise TypeError(f"cannot freeze {node!r} in a core schema")


def _freeze_item(key: str, value: Any) -> Any:
    if key in ("ref", "schema_ref") and isinstance(value, str):
        return _REF_ID.sub("", value)
    return _freeze(value, names=key == "fields")


def _model(name: str) -> Any:
    module, _, attribute = MODELS[name].partition(":")
    return getattr(importlib.import_module(module), attribute)


def frozen_text(name: str) -> str:
    """The file's text for MODELS[name] as the installed pydantic builds it."""
    import pydantic

    data = {"pydantic": pydantic.VERSION, "pydantic_core": pydantic_core.__version__,
            "schema": freeze(_model(name))}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


# -- thawing ---------------------------------------------------------------------------


def _thaw(node: Any) -> Any:
    if isinstance(node, dict):
        if "$record" in node:
            return getattr(records, node["$record"])
        if "$call" in node:
            module, _, attribute = node["$call"].partition(":")
            return _attribute(importlib.import_module(module), attribute)
        return {key: _thaw(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_thaw(value) for value in node]
    return node


def _attribute(target: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def main() -> int:
    """Rewrite the frozen schemas from the models (run after changing a model)."""
    folder = resources.files("mailroom").joinpath(FOLDER)
    for name in MODELS:
        path = folder.joinpath(f"{name}.json")
        path.write_text(frozen_text(name), encoding="utf-8")  # type: ignore[attr-defined]
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
