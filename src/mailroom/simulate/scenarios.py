"""What happens in a simulation, workflow by workflow, and what must come of it.

A scenario sets up the mocks a workflow knocks on, with made-up records and
injected faults, lists the runs (events, polls, requests) to start, and says
what the mailboxes and the mail person's final states must show afterwards.
The same scenario is played on either engine.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from mailroom.simulate.mocks import FaultPlan
from mailroom.simulate.poll_scenarios import fetch_files, poll
from mailroom.simulate.push_scenarios import push
from mailroom.simulate.routes import LookupRoute
from mailroom.simulate.scenario import (
    Expect,
    Run,
    Scenario,
    caller,
    credentials,
)
from mailroom.simulate.vendor_lookups import VendorLookupRoute
from mailroom.simulate.vendor_lookups_more import LOOKUPS
from mailroom.simulate.world import World
from mailroom.spec.schedule import parse_schedule
from mailroom.stub.examples import example_record
from mailroom.stub.plan import Workflow
from mailroom.stub.shape import FlowShape, upload_name


def build_scenario(world: World, workflow: Workflow) -> Scenario:
    kinds = {s.kind for s in workflow.steps}
    for kind, builder in (("poll", poll), ("fetch-files", fetch_files), ("lookup", _lookup),
                          ("upload", _upload)):
        if kind in kinds:
            return builder(world, workflow)
    return push(world, workflow)


# -- files written into a folder ----------------------------------------------------------


def _upload(world: World, workflow: Workflow) -> Scenario:
    step = next(s for s in workflow.steps if s.kind == "upload")
    assert step.target is not None
    folder = world.folder(step.target.system, step.target.endpoint.path)
    world.credential(step.target.credential, step.target.system, caller(world, step.flow))
    pages = [_document(step.flow, n) for n in (1, 2)]
    times = _run_times(step.flow)
    names = [upload_name(step.flow.flow, when) for when in times]
    expect = Expect(files=(folder, *_uncollected(step.flow, names, pages)))
    area = "SFTP area" if step.flow.transport == "sftp" else "shared folder"
    expect.notes.append(f"The folder stands in for {step.target.label}'s {area}: no "
                        "credentials are checked and no faults are injected.")
    upload = "scheduled upload" if step.flow.flow.trigger == "schedule" else "upload"
    runs = [Run(f"Run 1: {'a' if upload[0] == 's' else 'an'} {upload}",
                {"data": {"content": pages[0]}, "runAt": times[0].isoformat()}),
            Run(f"Run 2: the next {upload}",
                {"data": {"content": pages[1]}, "runAt": times[1].isoformat()})]
    return Scenario(workflow, runs, expect, credentials(world, workflow))


# The first simulated upload's time (UTC); the next comes one schedule later (a day when
# the schedule does not say), so a dated name differs as the job's would.
FIRST_UPLOAD = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def _run_times(shape: FlowShape) -> list[datetime]:
    flow = shape.flow
    parsed = parse_schedule(flow.schedule) if flow.trigger == "schedule" and flow.schedule \
        else None
    gap = timedelta(seconds=parsed.seconds if parsed and parsed.seconds else 86400)
    return [FIRST_UPLOAD, FIRST_UPLOAD + gap]


def _uncollected(shape: FlowShape, names: list[str], pages: list[str]
                 ) -> tuple[list[tuple[str, str]], str]:
    """What the folder holds after two uploads nobody collected, as the spec says: both
    files (names of their own, or `kept`), the first alone (`run-waits`: the second run
    writes nothing), or the latest (`overwritten`, or not said: the upload replaces it)."""
    uncollected = shape.flow.file.if_not_collected if shape.flow.file else None
    both = list(zip(names, pages, strict=True))
    if names[0] != names[1]:
        return both, "both files, each under the name of its run"
    if uncollected == "kept":
        return both, "both files, as the spec says files wait side by side"
    if uncollected == "run-waits":
        return both[:1], "the first file alone, as the spec says the run waits while it is there"
    said = "as the spec says" if uncollected == "overwritten" else \
        "the spec does not say what happens to a file not collected"
    return both[1:], f"one file, the latest upload; {said}"


def _document(shape: FlowShape, n: int) -> str:
    record = example_record(shape, n)
    if (shape.flow.format or "").lower() == "html":
        cells = "".join(f"<td>{v}</td>" for v in record.values())
        return f"<html><body><h1>Run {n}</h1><table><tr>{cells}</tr></table></body></html>\n"
    return json.dumps(record) + "\n"


# -- real-time lookups --------------------------------------------------------------------


def _lookup(world: World, workflow: Workflow) -> Scenario:
    step = workflow.steps[0]
    assert step.target is not None
    shape = step.flow
    dialect = step.target.dialect
    check = world.credential(step.target.credential, step.target.system, caller(world, shape),
                             dialect)
    vendor = LOOKUPS[dialect.lookup.style] if dialect and dialect.lookup else None
    route: LookupRoute | VendorLookupRoute
    if dialect is not None and vendor is not None:  # the vendor's own read and answers
        faults = FaultPlan()
        route = vendor[0](dialect, caller(world, shape), check, faults)
        records = vendor[1](step, 3)
        keys: list[Any] = [route.key_of(r) for r in records]
        ids = [str(k) for k in keys]
        faults.transient = {ids[1]: 500, ids[2]: dialect.transient_status}
        unknown = route.unknown
        answers = [route.answered(r) for r in records]
    else:
        records = [example_record(shape, n) for n in range(1, 4)]
        keys = [r["id"] for r in records]
        ids = [str(k) for k in keys]
        unknown = str(example_record(shape, 9999)["id"])
        faults = FaultPlan({ids[1]: 500, ids[2]: 429}, {unknown: 404})
        route = LookupRoute(step.target.endpoint.path, caller(world, shape), check, faults)
        answers = records
    route.records = dict(zip(ids, records, strict=True))
    world.server(step.target.system).add(route)
    what = workflow.trigger.when.removeprefix("on demand, when ")
    host = caller(world, shape)
    again = Run(f"Request 3: {what} again ({ids[0]})", {"data": {"id": keys[0]}})
    if shape.flow.caching:
        again.cached = f"{host} answers from its cache; {step.target.label} is not asked"
    runs = [Run(f"Request 1: {what} ({ids[0]})", {"data": {"id": keys[0]}}),
            Run(f"Request 2: {what} ({ids[1]})", {"data": {"id": keys[1]}}),
            again,
            Run(f"Request 4: {what} ({ids[2]})", {"data": {"id": keys[2]}}),
            Run(f"Request 5: an id {step.target.label} does not know ({unknown})",
                {"data": {"id": unknown}})]
    expect = Expect(dead=[unknown], dead_generic=vendor is None)
    expect.answers = [(0, answers[0]), (1, answers[1]), (3, answers[2]), (4, None)]
    if not shape.flow.caching:
        expect.answers.append((2, answers[0]))
    expect.retried += [(f"{step.target.label} answered 500", faults, ids[1]),
                       (f"{step.target.label} answered {faults.transient[ids[2]]}", faults,
                        ids[2])]
    return Scenario(workflow, runs, expect, credentials(world, workflow))
