"""The shape of the house: one module talks to the terminal, the engine is pure, and the
interview costs nothing to commands that do not use it."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO

SOURCE = REPO / "src" / "mailroom"
TERMINAL = re.compile(r"^\s*(import|from)\s+(questionary|prompt_toolkit)\b", re.MULTILINE)


def modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=REPO)
    return set(result.stdout.split())


def test_only_the_prompt_adapter_imports_questionary_or_prompt_toolkit():
    importing = sorted(str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*.py")
                       if TERMINAL.search(path.read_text(encoding="utf-8")))
    assert importing == ["interview/prompts.py"]


def test_the_engine_needs_no_terminal_and_no_yaml():
    loaded = modules_after("import mailroom.interview.engine")
    assert not {"questionary", "prompt_toolkit", "ruamel.yaml", "click"} & loaded


def test_help_does_not_load_the_interview():
    loaded = modules_after(
        "from mailroom.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not {m for m in loaded if m.startswith(("mailroom.interview", "questionary",
                                                   "prompt_toolkit", "mailroom.questionnaire"))}
