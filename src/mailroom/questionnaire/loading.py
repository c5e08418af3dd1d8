"""Reading a questionnaire: a packaged one by name, or a file of one's own.

Problems in a questionnaire are reported like problems in a spec:
`scoping.yaml:42: items[3].questions[1].when: …`. Reading and checking one takes
about 150 ms, a third of the interview's start-up, so one that loaded cleanly is
cached as JSON in the user's cache folder, keyed by its text and by mailroom's
code (cache.code_digest): a change to either reads and checks it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mailroom.cache import code_digest
from mailroom.errors import MailroomError
from mailroom.questionnaire.model import (
    DEFAULT_NAME,
    Another,
    CatalogRef,
    Choice,
    Group,
    NextStep,
    Question,
    Questionnaire,
    Rule,
    Unavailable,
)

_CACHE_FORMAT = 4


def packaged_names() -> list[str]:
    from mailroom.resources import packaged

    folder = packaged("questionnaires")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def locate(name_or_path: str) -> tuple[str, str]:
    """(text, name for messages) of a packaged questionnaire or of a file."""
    from mailroom.fileio import read_text

    if name_or_path.endswith((".yaml", ".yml")) or os.sep in name_or_path:
        path = Path(name_or_path)
        return read_text(path), str(path)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name_or_path):
        raise MailroomError(f"no questionnaire named {name_or_path!r}")
    from mailroom.resources import packaged

    resource = packaged("questionnaires").joinpath(f"{name_or_path}.yaml")
    if not resource.is_file():
        known = ", ".join(packaged_names()) or "none"
        raise MailroomError(
            f"no questionnaire named {name_or_path!r}; the packaged ones are: {known} "
            "(or give the path of a .yaml file)"
        )
    return resource.read_text(encoding="utf-8"), f"{name_or_path}.yaml"


def load_questionnaire(
    name_or_path: str = DEFAULT_NAME, cache: Path | None = None
) -> Questionnaire:
    """A questionnaire by packaged name ('scoping') or by path, validated; kept in the
    cache folder, when one is given, for the next start."""
    text, name = locate(name_or_path)
    return parse_questionnaire(text, name, cache)


def parse_questionnaire(text: str, name: str, cache: Path | None = None) -> Questionnaire:
    key = hashlib.sha256(f"{_CACHE_FORMAT}:{code_digest()}:{text}".encode()).hexdigest()[:32]
    stored = cache / f"questionnaire-{key}.json" if cache is not None else None
    cached = _read_cache(stored) if stored is not None else None
    if cached is not None:
        return cached
    from mailroom.questionnaire.check import check_questionnaire, pydantic_problems
    from mailroom.spec.reading import parse_tree

    tree = parse_tree(text, name)
    try:
        questionnaire = Questionnaire.model_validate(_plain(tree))
    except ValidationError as exc:
        raise MailroomError("\n".join(pydantic_problems(exc, tree, name))) from None
    problems = check_questionnaire(questionnaire, tree, name)
    if problems:
        raise MailroomError("\n".join(problems))
    if stored is not None:
        _write_cache(stored, questionnaire)
    return questionnaire


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


# -- the cache ----------------------------------------------------------------


def _read_cache(stored: Path) -> Questionnaire | None:
    """The questionnaire as it was validated last time. Built without validating again
    (the models are built lazily, `defer_build`), which saves most of the start-up."""
    try:
        data = json.loads(stored.read_bytes())
        items = tuple(_group(i) if "group" in i else _question(i) for i in data.pop("items"))
        step = data.pop("next")
        return Questionnaire.model_construct(
            **data, items=items, next=NextStep.model_construct(**step) if step else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _question(data: dict[str, Any]) -> Question:
    return Question.model_construct(**{
        **data,
        "choices": tuple(Choice.model_construct(**c) for c in data["choices"]),
        "unavailable": tuple(Unavailable.model_construct(**u) for u in data["unavailable"]),
        "validate_": tuple(Rule.model_construct(**r) for r in data["validate_"]),
        "default": tuple(data["default"]) if isinstance(data["default"], list)
        else data["default"],
        "depends_on": tuple(data["depends_on"]),
        "on_no": tuple(data["on_no"]),
        "catalog": CatalogRef.model_construct(**data["catalog"]) if data["catalog"] else None,
    })


def _group(data: dict[str, Any]) -> Group:
    return Group.model_construct(**{
        **data,
        "heading": tuple(data["heading"]),
        "another": Another.model_construct(**data["another"]),
        "resolve": {code: tuple(ids) for code, ids in data["resolve"].items()},
        "questions": tuple(_question(q) for q in data["questions"]),
    })


def _write_cache(stored: Path, questionnaire: Questionnaire) -> None:
    from mailroom.fileio import atomic_write_text

    try:
        data = json.dumps(questionnaire.model_dump(mode="json"))
        atomic_write_text(stored, data)
    except OSError:
        pass  # a cache that cannot be written only costs time next start
