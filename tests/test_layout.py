"""The shape of the code: one place works out the roles, no import cycles, modules that
stay readable. A newcomer finds the room for a change from the folder names alone; these
tests keep it that way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mailroom"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def run_time_imports(path: Path, name: str | None = None) -> set[str]:
    """The mailroom modules a module imports when it runs: at module level or inside a
    function, not under `if TYPE_CHECKING:` (those only inform the type checker)."""
    name = name or module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(node) for branch in ast.walk(tree) if isinstance(branch, ast.If)
            and "TYPE_CHECKING" in ast.unparse(branch.test)
            for statement in branch.body for node in ast.walk(statement)}
    known = {module_name(p) for p in MODULES}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def test_only_the_facts_layer_works_out_the_roles():
    """Who is the mail person, stated or inferred, is worked out in mailroom.facts.roles and
    read everywhere else from the facts: a module that worked it out again would one day
    disagree with the others."""
    outside = [path for path in MODULES if "facts" not in path.relative_to(PACKAGE).parts]
    offenders = [str(path.relative_to(PACKAGE)) for path in outside
                 if "mailroom.facts.roles" in run_time_imports(path)
                 or "roles_of(" in path.read_text(encoding="utf-8")]
    assert offenders == []


def test_the_test_above_would_see_an_import_of_the_role_derivation(tmp_path):
    module = PACKAGE / "document" / "flows.py"
    assert "mailroom.facts.roles" not in run_time_imports(module)
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("def f():\n    from mailroom.facts.roles import roles_of\n")
    assert "mailroom.facts.roles" in run_time_imports(sneaky, "mailroom.document.sneaky")


def test_no_import_cycles():
    """Imports at run time, at module level or inside functions, form no cycle: a cycle is a
    sign that the rooms are cut wrong (and a function-level import does not hide one)."""
    graph = {module_name(path): run_time_imports(path) for path in MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_short_enough_to_read(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by concept"
