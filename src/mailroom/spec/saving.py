"""Saving a spec: written over the tree it was read from, so that its comments,
order and explicit unknowns (`key: null`) survive every save."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from mailroom.fileio import atomic_write_text
from mailroom.spec.reading import yaml_reader
from mailroom.spec.records import as_data

if TYPE_CHECKING:
    from mailroom.spec.model import Spec


def dump_spec(spec: Spec, base: CommentedMap | None = None) -> str:
    """The spec as YAML; laid over `base` so its comments and order survive."""
    data = as_data(spec, exclude_none=True)
    tree = _merge(base if base is not None else CommentedMap(), data)
    out = io.StringIO()
    yaml_reader().dump(tree, out)
    return out.getvalue()


def save_spec(spec: Spec, path: Path | str, base: CommentedMap | None = None) -> None:
    atomic_write_text(Path(path), dump_spec(spec, base))


def _merge(base: Any, new: Any) -> Any:
    if isinstance(new, dict):
        target = base if isinstance(base, CommentedMap) else CommentedMap()
        for key in [k for k in target if k not in new and target[k] is not None]:
            del target[key]  # an explicit `key: null` stays: it marks an open question
        for key, value in new.items():
            target[key] = _merge(target.get(key), value)
        return target
    if isinstance(new, list):
        return _merge_list(base, new)
    return new


def _merge_list(base: Any, new: list[Any]) -> CommentedSeq:
    old = base if isinstance(base, CommentedSeq) else CommentedSeq()
    by_id = {
        item["id"]: item for item in old if isinstance(item, CommentedMap) and item.get("id")
    }
    items = []
    for index, item in enumerate(new):
        if isinstance(item, dict) and item.get("id"):
            previous = by_id.get(item["id"])
        else:  # no id (stakeholders, plain values): the same position is the same item
            previous = old[index] if index < len(old) else None
        items.append(_merge(previous, item))
    old.clear()
    old.extend(items)
    return old
