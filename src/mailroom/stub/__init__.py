"""`mailroom stub`: a runnable OpenFn project generated from a spec.

One workflow per mail person's job (a platform in the middle is one workflow
that pulls or is pushed to, then pushes), as `project.yaml` for the OpenFn
platform and as `workflow.json` plus compiled job files for the OpenFn
runtime, with a README on running it and on every TODO left in it.

`write_stub(spec, outdir)` is the Python API; `mailroom render` calls it too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mailroom.facts.spec_facts import facts_of
from mailroom.resources import packaged
from mailroom.spec.reading import LoadedSpec
from mailroom.spec.records import as_data
from mailroom.stub.canvas import canvas_yaml
from mailroom.stub.folder import MANIFEST, write_folder
from mailroom.stub.jobs import environment
from mailroom.stub.openfn import (
    Provenance,
    all_jobs,
    credential_map,
    example_inputs,
    job_files,
    package_json,
    project_yaml,
    workflow_json,
)
from mailroom.stub.plan import Workflow, plan_workflows
from mailroom.stub.readme import readme
from mailroom.stub.vendor import signature_files

if TYPE_CHECKING:
    from mailroom.spec.model import Spec

__all__ = ["MANIFEST", "StubResult", "build_stub", "provenance", "stub_file", "write_stub"]


@dataclass
class StubResult:
    """The stub written: every file, and which changed or went this time."""

    outdir: Path
    workflows: list[Workflow]
    files: dict[str, str]  # relative path -> content, every file of the stub
    written: list[str] = field(default_factory=list)  # new or changed this time
    removed: list[str] = field(default_factory=list)  # left over from an earlier stub
    warnings: list[str] = field(default_factory=list)  # manifest entries ignored, and why

    @property
    def todos(self) -> int:
        """TODOs in the job files (project.yaml repeats them in its job bodies)."""
        return sum(text.count("TODO(") for name, text in self.files.items()
                   if name.endswith(".js") and name.startswith("workflows/"))


def provenance(spec: LoadedSpec | Spec, source: str | None = None) -> Provenance:
    """Where the spec came from: its path as the user gave it, and a hash of its text."""
    if isinstance(spec, LoadedSpec):
        data = spec.path.read_bytes() if spec.path.is_file() else b""
        name, model = source or spec.name, spec.spec
    else:
        data = json.dumps(as_data(spec), sort_keys=True).encode()
        name, model = source or "(a spec in memory)", spec
    return Provenance(name, model.title, model.spec, hashlib.sha256(data).hexdigest())


def build_stub(
    spec: Spec, origin: Provenance, cache: Path | None = None
) -> tuple[list[Workflow], dict[str, str]]:
    """Every file of the stub, by path relative to its folder (`cache`: where compiled
    templates are kept)."""
    facts = facts_of(spec)
    workflows = plan_workflows(facts)
    templates = environment(cache)
    jobs = all_jobs(spec, workflows, templates)
    files: dict[str, str] = {"project.yaml": project_yaml(spec, workflows, jobs, origin)}
    for workflow in workflows:
        files[f"workflows/{workflow.id}/workflow.json"] = workflow_json(workflow, origin)
        files[f"workflows/{workflow.id}/canvas.yaml"] = canvas_yaml(workflow, jobs, origin)
    files.update(job_files(workflows, jobs, origin))
    files.update(example_inputs(spec, workflows))
    files.update(signature_files(spec, workflows, origin, templates))
    files["package.json"] = package_json(spec, workflows, origin)
    files["credential-map.json"] = credential_map(workflows)
    driver = packaged("templates").joinpath("stub/run.mjs").read_text(encoding="utf-8")
    files["run.mjs"] = f"{origin.header('//')}\n//\n{driver}"
    files["README.md"] = readme(facts, workflows, origin, files, templates)
    return workflows, files


def write_stub(
    spec: LoadedSpec | Spec,
    outdir: Path | str,
    *,
    source: str | None = None,
    force: bool = False,
    cache: Path | None = None,
) -> StubResult:
    """Generate the stub into outdir. Files a person changed since mailroom wrote
    them are not overwritten (MailroomError) unless force is true."""
    model = spec.spec if isinstance(spec, LoadedSpec) else spec
    workflows, files = build_stub(model, provenance(spec, source), cache)
    written = write_folder(Path(outdir), files, force=force)
    return StubResult(written.outdir, workflows, files, written.written, written.removed,
                      written.warnings)



def stub_file(
    path: str, outdir: str, *, force: bool = False, cache: Path | None = None
) -> tuple[str, list[str]]:
    """`mailroom stub`: generate the stub of one spec file; what was written, and warnings."""
    from mailroom.spec.reading import load_spec

    result = write_stub(load_spec(path, cache), outdir, source=path, force=force, cache=cache)
    return summary(result, path), result.warnings


def summary(result: StubResult, source: str) -> str:
    out = result.outdir
    count = len(result.workflows)
    lines = [
        f"Wrote an OpenFn stub of {source} into {out}: {count} workflow"
        f"{'' if count == 1 else 's'}, {len(result.files)} files ({len(result.written)} new or "
        f"changed), {result.todos} TODOs.",
        f"  {out / 'project.yaml'}  for the OpenFn platform (Lightning)",
    ]
    for workflow in result.workflows:
        lines.append(f"  {out / 'workflows' / workflow.id}/  workflow.json and "
                     f"{len(workflow.steps)} job file{'' if len(workflow.steps) == 1 else 's'} "
                     "for the OpenFn runtime; canvas.yaml for Lightning's Import")
    lines.append(f"  {out / 'README.md'}  how to run it, and what each TODO means")
    for name in result.removed:
        lines.append(f"  removed {out / name} (left over from an earlier stub)")
    problems = [p for w in result.workflows for p in w.problems]
    if problems:
        lines.append("Not decided in the spec (marked TODO(decide)): " + "; ".join(problems))
    lines.append(f"Try it against mock mailboxes: mailroom simulate {source} --engine openfn")
    return "\n".join(lines) + "\n"
