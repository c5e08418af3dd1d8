"""Reading a spec file into the model.

Every problem is reported as `file:line: field: what is wrong`, in the
words of the spec's contract, one line each.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic_core import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from mailroom.errors import SpecError
from mailroom.fileio import MAX_SPEC_BYTES, read_text
from mailroom.spec.secrets import find_secrets, secret_in_text
from mailroom.spec.validation import validate
from mailroom.spec.vocabulary import VOCABULARIES
from mailroom.spec.yaml_limits import (
    LimitedComposer,
    LimitedConstructor,
    LimitedScanner,
    YamlLimitError,
)

if TYPE_CHECKING:
    from mailroom.spec.model import Spec

Loc = tuple[str | int, ...]
MAX_PROBLEMS = 20


@dataclass
class LoadedSpec:
    """A valid spec, with the text it came from and its YAML tree (for saving it back)."""

    spec: Spec
    path: Path
    text: str
    tree: CommentedMap = field(repr=False)

    @property
    def name(self) -> str:
        return str(self.path)


def yaml_reader() -> YAML:
    """The YAML reader (and writer) that keeps lines, comments, order and quotes."""
    return _yaml()


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # tags, depth and aliases within limits, checked before the tree is built (yaml_limits)
    yaml.Scanner = LimitedScanner
    yaml.Composer = LimitedComposer
    yaml.Constructor = LimitedConstructor
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100
    yaml.preserve_quotes = True
    # An unknown is written `null`, not left blank: it reads as a decision still to make.
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def load_spec(path: Path | str, cache: Path | None = None) -> LoadedSpec:
    """A spec file, read and validated (`cache`: the cache folder, where the schema the
    models make is kept between runs; see validation.py)."""
    path = Path(path)
    text = read_text(path)
    tree = parse_tree(text, str(path))
    return LoadedSpec(spec=validate_tree(tree, str(path), cache), path=path, text=text,
                      tree=tree)


def parse_tree(text: str, name: str) -> CommentedMap:
    """The YAML (or JSON) text as a tree that remembers lines and comments."""
    if not text.strip():
        raise SpecError([f"{name}:1: the file is empty; a spec starts with `spec: 1` and a title"])
    if len(text) > MAX_SPEC_BYTES:  # read_text's limit, for text that came another way
        raise SpecError([f"{name}: is {len(text):,} characters, too large for a spec (the "
                         f"limit is {MAX_SPEC_BYTES:,}); is this the right file?"])
    try:
        tree = _yaml().load(text)
    except YamlLimitError as exc:
        where = field_path(exc.loc[:6]) + ("…" if len(exc.loc) > 6 else "")
        raise SpecError([_unless_secret(f"{name}:{exc.line}: {where}: {exc.what}",
                                        f"{name}:{exc.line}")]) from None
    except RecursionError:
        raise SpecError([f"{name}: nests too deeply to be read; a spec needs a handful of "
                         "levels"]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{name}:{mark.line + 1 if mark is not None else 1}"
        raise SpecError([_unless_secret(_yaml_problem(exc, name, text), where)]) from None
    except YAMLError as exc:
        raise SpecError([_unless_secret(f"{name}: is not valid YAML ({exc})", name)]) from None
    if tree is None:
        raise SpecError([f"{name}:1: the file has only comments; a spec starts with `spec: 1`"])
    if not isinstance(tree, CommentedMap):
        raise SpecError(
            [f"{name}:1: expected a mapping at the top (spec:, title:, systems:, flows:), "
             f"got {_kind(tree)}"]
        )
    return tree


def validate_tree(tree: CommentedMap, name: str, cache: Path | None = None) -> Spec:
    """Check the tree for secrets, then by the model's rules. The spec is made of records
    (records.py): the model's fields and methods, without importing pydantic; where a
    model is needed, `Spec.model_validate(records.as_data(spec))` makes one."""
    secrets = secret_problems(tree, name)
    if secrets:
        raise SpecError(secrets)
    _check_format_version(tree, name)
    try:
        return cast("Spec", validate("spec", _plain(tree), cache))
    except ValidationError as exc:
        problems = [_pydantic_problem(err, tree, name) for err in exc.errors()]
        if len(problems) > MAX_PROBLEMS:
            hidden = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], f"{name}: … and {hidden} more problems"]
        raise SpecError(problems) from None


def secret_problems(tree: Any, name: str) -> list[str]:
    """Every secret in the tree, as `file:line: field: holds ...` (never the value)."""
    return [
        f"{name}:{line_of(tree, s.path)}: {field_path(s.path)}: holds {s.what}; {NO_SECRETS}"
        for s in find_secrets(tree)
    ]


NO_SECRETS = ("a spec names only the auth method, never a secret value. Remove it and keep "
              "the secret in the mail person's credential store")


def _check_format_version(tree: CommentedMap, name: str) -> None:
    """`spec:` is the integer 1: true and 1.0 equal 1 in Python, but are not format 1."""
    value = tree.get("spec", 1)
    if isinstance(value, (bool, float)):
        raise SpecError([f"{name}:{line_of(tree, ('spec',))}: spec: this mailroom reads spec "
                         f"format 1, got {_kind(value)}"])


def _plain(node: Any) -> Any:
    """ruamel's tree as plain dicts and lists, so pydantic sees ordinary data."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


# -- where things are ---------------------------------------------------------


def line_of(tree: Any, loc: Loc) -> int:
    """The 1-based line of the deepest part of loc that exists in the tree."""
    line = getattr(getattr(tree, "lc", None), "line", 0) or 0
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            # a key merged in with `<<:` has no line of its own here: the mapping's is kept
            line = node.lc.data[part][0] if part in node.lc.data else line
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0]
            node = node[part]
        else:
            break
    return int(line) + 1


def field_path(loc: Loc) -> str:
    """('flows', 0, 'trigger') -> 'flows[0].trigger'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


# -- messages -----------------------------------------------------------------


def _unless_secret(message: str, where: str) -> str:
    """The reader's message, unless it would repeat a secret (a duplicate key quotes the
    key): then only where the problem is."""
    if secret_in_text(message) is None:
        return message
    return (f"{where}: cannot be read, and the reason would repeat a secret, so it is not "
            "shown; a spec names only the auth method, never a secret value")


def _yaml_problem(exc: MarkedYAMLError, name: str, text: str) -> str:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    what = exc.problem or exc.context or "cannot be read"
    message = f"{name}:{line}: is not valid YAML: {what}"
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if re.search(r"(:|^\s*-)\s+\*", source_line):
        message += '; put quotes around values that start with *, e.g. schedule: "*/30 * * * *"'
    elif "mapping values are not allowed" in what:
        message += "; put quotes around text that contains ': '"
    return message


# The model whose fields sit under each key.
_MODELS = {"stakeholders": "Stakeholder", "systems": "System", "flows": "Flow", "auth": "Auth"}


def _pydantic_problem(err: Any, tree: CommentedMap, name: str) -> str:
    loc: Loc = tuple(err["loc"])
    where = f"{name}:{line_of(tree, loc)}: {field_path(loc)}"
    return f"{where}: {_explain(err, loc)}"


def _explain(err: Any, loc: Loc) -> str:  # noqa: C901 - one branch per error kind
    kind = err["type"]
    value = err.get("input")
    field = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return "is required" + (" (a lowercase id such as 'salesforce')" if field == "id" else "")
    if kind == "extra_forbidden":
        return _unknown_field(loc)
    if kind in ("literal_error", "enum"):
        if field == "spec":
            return f"this mailroom reads spec format 1, got {_show(value)}"
        allowed = VOCABULARIES.get(field)
        choices = ", ".join(allowed) if allowed else err.get("ctx", {}).get("expected", "")
        return f"expected one of {choices}, got {_show(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true, false or null (not known yet), got {_show(value)}"
    if kind in ("string_type", "string_too_short"):
        if kind == "string_too_short":
            return "must not be empty"
        return f"expected text, got {_kind(value)}"
    if kind == "list_type":
        return f"expected a list, got {_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if field == "auth" and isinstance(value, str):
            return f"expected a mapping such as `auth: {{method: {value}}}`, got text"
        return f"expected a mapping of fields, got {_kind(value)}"
    return str(err.get("msg", "is not valid"))


def _unknown_field(loc: Loc) -> str:
    field = str(loc[-1])
    model = _model_for(loc[:-1])
    allowed = list(_model_fields(model)) if model is not None else []
    message = f"unknown field '{field}'"
    close = difflib.get_close_matches(field, allowed, n=1, cutoff=0.6)
    if close:
        message += f"; did you mean '{close[0]}'?"
    elif allowed:
        message += f"; the fields here are: {', '.join(allowed)}"
    return message


def _model_fields(name: str) -> tuple[str, ...]:
    from mailroom.spec import model

    return tuple(getattr(model, name).model_fields)


def _model_for(loc: Loc) -> str | None:
    model: str | None = "Spec"
    for part in loc:
        if isinstance(part, str):
            model = _MODELS.get(part)
    return model


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return _show(value)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _kind(value)
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text) if isinstance(value, str) else text
