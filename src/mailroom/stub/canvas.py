"""Each workflow in the form Lightning's canvas imports: the portability format (v2),
whose shape Lightning validates against `assets/js/yaml/schema/workflow-spec-v2.json`.

One list of `steps`, the trigger first: a trigger has `id`, `type` (webhook or cron),
`enabled`, its `cron_expression` (and `cron_cursor`, the step whose output starts the
next scheduled run) or its `webhook_reply`; a job has `id`, `name`, `adaptor`,
`expression` (its code) and `configuration` (the credential, by name). `next` maps
each following step to its edge: a `condition` ("always", "on_job_success" or a
JavaScript expression) and a `label`. Triggers are disabled, as in project.yaml.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from mailroom.stub.openfn import credential_key, trigger_fields
from mailroom.stub.plan import DEAD_LETTERS, DEAD_LETTERS_EXPRESSION

if TYPE_CHECKING:
    from mailroom.stub.jobs import Job
    from mailroom.stub.openfn import Provenance
    from mailroom.stub.plan import Edge, Workflow

SCHEMA = "workflow-spec-v2.json"  # Lightning's, under assets/js/yaml/schema/


def canvas_yaml(workflow: Workflow, jobs: dict[tuple[str, str], Job], origin: Provenance) -> str:
    """The workflow as Lightning's canvas imports it (Import, then paste or upload)."""
    trigger = workflow.trigger
    first = trigger_fields(workflow, "cron_cursor", {"id": trigger.kind, "name": trigger.kind})
    steps = [_with_next(first, workflow, trigger.kind)]
    for step in workflow.steps:
        job = {"id": step.id, "name": step.name,
               "adaptor": f"{step.adaptor}@{step.adaptor_version}",
               "expression": LiteralScalarString(jobs[(workflow.id, step.id)].source()),
               "configuration": credential_key(step.target.credential) if step.target else None}
        steps.append(_with_next(job, workflow, step.id))
    document = {"id": workflow.id, "name": workflow.name, "start": trigger.kind, "steps": steps}
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # no folded lines: no trailing spaces for an editor to trim
    out = io.StringIO()
    yaml.dump(document, out)
    note = (f"# Lightning's canvas import format ({SCHEMA}): in a project, create a workflow,\n"
            "# choose Import and paste this file. The trigger is disabled: enable it once the\n"
            "# TODOs are done. Create the credential named under `configuration` first.\n")
    return f"{origin.header('#')}\n{note}{out.getvalue()}"


def _with_next(step: dict[str, Any], workflow: Workflow, source: str) -> dict[str, Any]:
    edges = [e for e in workflow.edges if e.source == source]
    if edges:
        step["next"] = {e.target: _edge(e) for e in sorted(edges, key=lambda e: e.target)}
    return step


def _edge(edge: Edge) -> dict[str, str]:
    if edge.condition == DEAD_LETTERS:
        return {"condition": DEAD_LETTERS_EXPRESSION, "label": "dead letters"}
    return {"condition": edge.condition}
