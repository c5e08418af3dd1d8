"""OpenFn's own tools read the generated project: @openfn/project parses project.yaml into
the workflows, steps and edges mailroom planned. The package comes from the npm registry
into mailroom's cache folder (MAILROOM_SKIP_OPENFN=1 skips this where there is no Node.js).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from mailroom.environment import Environment
from mailroom.facts.spec_facts import facts_of
from mailroom.simulate.openfn_engine import PACKAGES, ensure_installed, node_binary
from mailroom.spec.reading import load_spec
from mailroom.stub import write_stub
from mailroom.stub.plan import DEAD_LETTERS_EXPRESSION, plan_workflows

PROJECT_PACKAGE = {"@openfn/project": "0.20.2"}
READ_PROJECT = """
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
const [modules, file] = process.argv.slice(2);
const url = pathToFileURL(`${modules}/@openfn/project/dist/index.js`).href;
const { default: Project } = await import(url);
const project = await Project.from('project', await readFile(file, 'utf8'));
process.stdout.write(JSON.stringify({
  name: project.name,
  credentials: project.credentials,
  workflows: project.workflows.map(w => ({
    id: w.id, start: w.start,
    steps: w.steps.map(s => ({ id: s.id, type: s.type ?? null, adaptor: s.adaptor ?? null,
                               next: s.next ?? {}, body: typeof s.expression === 'string' })),
  })),
}));
"""


@pytest.fixture(scope="session")
def project_modules() -> Path:
    if os.environ.get("MAILROOM_SKIP_OPENFN") == "1":
        pytest.skip("MAILROOM_SKIP_OPENFN=1")
    return ensure_installed(Environment.from_os().openfn, {**PACKAGES, **PROJECT_PACKAGE})


def read_project(modules: Path, project: Path, tmp_path: Path) -> dict:
    script = tmp_path / "read-project.mjs"
    script.write_text(READ_PROJECT)
    done = subprocess.run([node_binary(), str(script), str(modules), str(project)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_openfn_project_reads_the_generated_project(project_modules, sample, tmp_path):
    loaded = load_spec(sample)
    write_stub(loaded, tmp_path / "stub")
    parsed = read_project(project_modules, tmp_path / "stub" / "project.yaml", tmp_path)
    planned = plan_workflows(facts_of(loaded.spec))
    assert [w["id"] for w in parsed["workflows"]] == [w.id for w in planned]
    for got, want in zip(parsed["workflows"], planned, strict=True):
        steps = {s["id"]: s for s in got["steps"]}
        assert got["start"] == want.trigger.kind
        assert set(steps) == {want.trigger.kind, *(s.id for s in want.steps)}
        for step in want.steps:
            assert steps[step.id]["body"] is True
            assert steps[step.id]["adaptor"] == f"{step.adaptor}@{step.adaptor_version}"
        for edge in want.edges:
            condition = steps[edge.source]["next"][edge.target]["condition"]
            assert condition == (DEAD_LETTERS_EXPRESSION if edge.condition == "dead-letters"
                                 else edge.condition)
    names = sorted(c["name"] for c in parsed["credentials"])
    assert names == sorted({s.target.credential.name for w in planned for s in w.steps
                            if s.target is not None})


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_job_is_valid_javascript_in_both_forms(sample, tmp_path):
    if os.environ.get("MAILROOM_SKIP_OPENFN") == "1":
        pytest.skip("MAILROOM_SKIP_OPENFN=1")
    """Node parses each compiled job as a module and each platform body as a script,
    the SFTP jobs (which only the Python engine simulates) included."""
    from ruamel.yaml import YAML

    loaded = load_spec(sample)
    write_stub(loaded, tmp_path)
    project = YAML(typ="safe").load((tmp_path / "project.yaml").read_text())
    forms = [(job.read_text(), "module") for job in (tmp_path / "workflows").rglob("*.js")]
    forms += [(job["body"], "commonjs") for workflow in project["workflows"].values()
              for job in workflow["jobs"].values()]
    for source, kind in forms:
        done = subprocess.run([node_binary(), f"--input-type={kind}", "--check"], input=source,
                              capture_output=True, text=True, timeout=30, check=False)
        assert done.returncode == 0, done.stderr
