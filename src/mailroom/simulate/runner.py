"""The Python engine: each workflow's mail person, run in Python against the mocks.

It does what the generated OpenFn jobs do, step for step and rule for rule
(templates/stub/jobs/*.js.j2): the same requests, the same retries on 408, 425,
429 and 5xx, the same dead letters, the same idempotency keys and cursors, the
same edges between steps. The cross-engine test holds the two to that.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mailroom.simulate.step_tools import Context, RunResult, State, StepFailed
from mailroom.simulate.steps import STEPS
from mailroom.simulate.vendor_webhooks import receive
from mailroom.stub.jobs import TRACKER_VALUES, record_fields_expression
from mailroom.stub.plan import ALWAYS, DEAD_LETTERS, ON_SUCCESS, Workflow
from mailroom.stub.vendor import records_of
from mailroom.vendors.webhooks import Payload


class PythonEngine:
    name = "python"

    def __init__(self, folders: Callable[[str, str], Path], deadline: float | None = None,
                 receivers: dict[str, tuple[str, Payload]] | None = None):
        self.folders = folders
        self.deadline = deadline
        # workflow id -> the vendor pushing into its trigger and what its webhooks carry
        self.receivers = receivers or {}

    def run(self, workflow: Workflow, state: State,
            credentials: dict[str, dict[str, Any]]) -> RunResult:
        steps: dict[str, dict[str, Any]] = {}
        queue: list[tuple[str, State]] = [(workflow.trigger.kind, state)]
        final: State | None = None
        for _ in range(len(workflow.steps) + 1):  # a chain: each step at most once
            if not queue:
                break
            step_id, current = queue.pop(0)
            failed = False
            if step_id != workflow.trigger.kind:
                step = workflow.step(step_id)
                config = credentials.get(step.target.credential.name, {}) if step.target else {}
                context = Context(config, self.folders, self.deadline, workflow.cursor_step,
                                  records=records_of(workflow),
                                  fields_in=_fields_in(workflow))
                try:
                    if step is workflow.steps[0] and workflow.id in self.receivers:
                        current = receive(self.receivers[workflow.id][1],
                                          self.receivers[workflow.id][0], current)
                    current = STEPS[step.kind](context, step, copy.deepcopy(current))
                    steps[step_id] = {"ok": True}
                except StepFailed as error:
                    failed = True
                    current = {**current, "errors": {**current.get("errors", {}),
                                                     step_id: {"message": str(error)}}}
                    steps[step_id] = {"ok": False, "error": str(error)}
            following = [e.target for e in workflow.edges
                         if e.source == step_id and _holds(e.condition, failed, current)]
            queue.extend((target, current) for target in following)
            if not following:
                final = current
        ok = all(s["ok"] for s in steps.values())
        return RunResult(ok, final, steps)


def _holds(condition: str, failed: bool, state: State) -> bool:
    if condition == ALWAYS:
        return True
    if condition == ON_SUCCESS:
        return not failed
    if condition == DEAD_LETTERS:
        return bool(state.get("deadLetters"))
    return False


def _fields_in(workflow: Workflow) -> str:
    """Where the records a workflow pulls keep their own fields (as the job's mapRecord
    reads them): CommCare's forms in `form`, Stripe's events in `data.object`."""
    return {"(record.form || {})": "form",
            "((record.data || {}).object || {})": "data.object",
            "(record.fields || {})": "fields",
            "(record.properties || {})": "properties",
            "({ ...record, ...(record.merge_fields || {}) })": "merge_fields",
            TRACKER_VALUES: "tracker-values"}.get(
        record_fields_expression(workflow), "")
