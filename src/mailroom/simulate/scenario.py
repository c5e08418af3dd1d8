"""What a simulation is made of: the runs to start (events, polls, requests), what must
come of them, and the helpers every kind of scenario shares."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailroom.simulate.mocks import FaultPlan
from mailroom.simulate.routes import DestinationRoute
from mailroom.simulate.vendor_destinations import delivery_key, vendor_destination
from mailroom.simulate.world import World
from mailroom.stub.plan import Step, Workflow
from mailroom.stub.shape import FlowShape

SETTINGS = {"delayScale": 0.001, "pageSize": 3}  # retries in milliseconds; small pages
State = dict[str, Any]


@dataclass
class Run:
    label: str
    state: State = field(default_factory=dict)
    carry: bool = False  # start from the last successful run's final state (a cron cursor)
    before: Callable[[], str] | None = None  # what changes in the world first, in words
    cached: str | None = None  # answered from the host's cache: no run, and why


@dataclass
class Expect:
    stored: list[tuple[DestinationRoute, list[str]]] = field(default_factory=list)
    duplicates: list[tuple[DestinationRoute, int]] = field(default_factory=list)
    dead: list[str] = field(default_factory=list)  # keys the mail person must dead-letter
    dead_generic: bool | None = None  # told by a generic mock (None: by the stored routes)
    retried: list[tuple[str, FaultPlan, str]] = field(default_factory=list)  # (what, plan, key)
    cursors: list[Any] | None = None  # state.cursor after each run
    skipped: list[int] | None = None  # duplicates skipped by each poll (full fetch)
    answers: list[tuple[int, Any]] = field(default_factory=list)  # run index -> state.data
    # the folder, the files (name, content) the spec says it holds after the runs, and why
    files: tuple[Path, list[tuple[str, str]], str] | None = None
    notes: list[str] = field(default_factory=list)  # what the checks cannot show


@dataclass
class Scenario:
    workflow: Workflow
    runs: list[Run]
    expect: Expect
    credentials: dict[str, dict[str, Any]]
    prelude: list[str] = field(default_factory=list)  # what happened before the runs


def credentials(world: World, workflow: Workflow) -> dict[str, dict[str, Any]]:
    return {s.target.credential.name:
            world.configurations[(s.target.credential.name, s.target.system)]
            for s in workflow.steps if s.target is not None}


def caller(world: World, shape: FlowShape) -> str:
    return world.spec.label(shape.mail_person)


def wire_keys(workflow: Workflow, step: Step, keys: list[str], records: list[State]
              ) -> list[str]:
    """What the mock of a push's mailbox keys each record's delivery by (delivery_key),
    from the record as the job maps it where the vendor keys by a mapped field."""
    from mailroom.simulate.runner import _fields_in
    from mailroom.simulate.step_tools import Context
    from mailroom.simulate.steps import map_record

    context = Context({}, lambda system, path: Path(), None, fields_in=_fields_in(workflow))
    dialect = step.target.dialect if step.target is not None else None
    return [delivery_key(dialect, key, map_record(step, record, context))
            for key, record in zip(keys, records, strict=True)]


def destination(world: World, step: Step, faults: FaultPlan) -> DestinationRoute:
    assert step.target is not None
    target = step.target
    check = world.credential(target.credential, target.system, caller(world, step.flow),
                             target.dialect)
    route: DestinationRoute
    if target.dialect is not None:
        route = vendor_destination(target.dialect, target.endpoint.path,
                                   caller(world, step.flow), check, faults, target.label)
    else:
        route = DestinationRoute(target.endpoint.method, target.endpoint.path,
                                 caller(world, step.flow), check, faults, target.label)
    if target.own:
        route.mailbox_name = f"{target.label}'s own records"
    world.server(target.system).add(route)
    return route
