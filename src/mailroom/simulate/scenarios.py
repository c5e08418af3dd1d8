"""What happens in a simulation, workflow by workflow, and what must come of it.

A scenario sets up the mocks a workflow knocks on, with made-up records and
injected faults, lists the runs (events, polls, requests) to start, and says
what the mailboxes and the mail person's final states must show afterwards.
The same scenario is played on either engine.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailroom.simulate.mocks import FaultPlan
from mailroom.simulate.routes import (
    DestinationRoute,
    LookupRoute,
    ReceiverRoute,
    RegistrationRoute,
    SourceRoute,
)
from mailroom.simulate.step_tools import Context, idempotency_key, send, send_with_retries
from mailroom.simulate.steps import auth_headers
from mailroom.simulate.world import World
from mailroom.stub.examples import example_record, timestamp
from mailroom.stub.plan import Step, Workflow
from mailroom.stub.shape import Cursor, FlowShape

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
    retried: list[tuple[str, FaultPlan, str]] = field(default_factory=list)  # (what, plan, key)
    cursors: list[Any] | None = None  # state.cursor after each run
    skipped: list[int] | None = None  # duplicates skipped by each poll (full fetch)
    answers: list[tuple[int, Any]] = field(default_factory=list)  # run index -> state.data
    file: tuple[Path, str] | None = None  # the uploaded file and its last content
    notes: list[str] = field(default_factory=list)  # what the checks cannot show


@dataclass
class Scenario:
    workflow: Workflow
    runs: list[Run]
    expect: Expect
    credentials: dict[str, dict[str, Any]]
    prelude: list[str] = field(default_factory=list)  # what happened before the runs


def build_scenario(world: World, workflow: Workflow) -> Scenario:
    kinds = {s.kind for s in workflow.steps}
    for kind, builder in (("poll", _poll), ("fetch-files", _fetch_files), ("lookup", _lookup),
                          ("upload", _upload)):
        if kind in kinds:
            return builder(world, workflow)
    return _push(world, workflow)


def _credentials(world: World, workflow: Workflow) -> dict[str, dict[str, Any]]:
    return {s.target.credential.name: world.configurations[s.target.credential.name]
            for s in workflow.steps if s.target is not None}


def _caller(world: World, shape: FlowShape) -> str:
    return world.spec.label(shape.mail_person)


def _destination(world: World, step: Step, faults: FaultPlan) -> DestinationRoute:
    assert step.target is not None
    target = step.target
    check = world.credential(target.credential, target.system, _caller(world, step.flow))
    route = DestinationRoute(target.endpoint.method, target.endpoint.path,
                             _caller(world, step.flow), check, faults, target.label)
    if target.own:
        route.mailbox_name = f"{target.label}'s own records"
    world.server(target.system).add(route)
    return route


# -- pushes: events, scheduled pushes, a platform's outbound legs --------------------------


def _push(world: World, workflow: Workflow) -> Scenario:
    pushes = [s for s in workflow.steps if s.kind == "push"]
    source = workflow.inbound.flow if workflow.inbound else pushes[0].flow
    records = [example_record(source, n) for n in range(1, 5)]
    expect = Expect()
    for step in pushes:
        keys = [idempotency_key(step.flow.id, r) for r in records]
        faults = FaultPlan({keys[1]: 429, keys[2]: 500}, {keys[3]: 422})
        route = _destination(world, step, faults)
        expect.stored.append((route, keys[:3]))
        expect.duplicates.append((route, 1))
        expect.dead.append(keys[3])
        expect.retried += [(f"{route.label} answered 429", faults, keys[1]),
                           (f"{route.label} answered 500", faults, keys[2])]
    scenario = Scenario(workflow, [], expect, _credentials(world, workflow))
    sends = [*records, records[0]]
    receiver = _receiving_step(workflow)
    url = world.server(receiver.target.system).url + receiver.target.endpoint.path \
        if receiver.target else ""
    if workflow.registration is not None:
        url = _register(world, workflow, scenario, receiver, url)
        if workflow.inbound is None and receiver.target is not None:
            scenario.credentials[receiver.target.credential.name]["baseUrl"] = _origin(url)
    if workflow.trigger.kind == "cron":
        scenario.runs = [Run("Run 1: a scheduled push", {"data": records[:3]}),
                         Run("Run 2: the next scheduled push", {"data": records[2:]})]
    elif workflow.inbound is not None:
        scenario.runs = _inbound(world, workflow, sends, scenario, url)
    else:
        scenario.runs = [_event_run(workflow, n, record) for n, record in enumerate(sends, 1)]
    return scenario


def _receiving_step(workflow: Workflow) -> Step:
    """The step whose target receives what is pushed: a platform's webhook trigger, or
    the first push's mailbox."""
    if workflow.inbound is not None:
        return workflow.inbound
    return next(s for s in workflow.steps if s.kind == "push")


def _event_run(workflow: Workflow, n: int, record: State) -> Run:
    what = workflow.trigger.when.removeprefix("when ")
    again = " again: a repeated delivery of the same event" if n == 5 else ""
    return Run(f"Event {n}: {what} ({record['id']}){again}", {"data": record})


def _inbound(world: World, workflow: Workflow, sends: list[State], scenario: Scenario,
             url: str) -> list[Run]:
    """The source pushes into the platform's webhook trigger; each request is a run."""
    assert workflow.inbound is not None and workflow.inbound.target is not None
    step, target = workflow.inbound, workflow.inbound.target
    leg = step.flow
    check = world.credential(target.credential, target.system, _caller(world, leg))
    receiver = ReceiverRoute(target.endpoint.path, _caller(world, leg), check)
    world.server(target.system).add(receiver)
    config = world.configurations[target.credential.name]
    headers = auth_headers(Context(config, world.folder, world.deadline), step, SETTINGS)
    for record in sends:
        send_with_retries("POST", url, SETTINGS, world.deadline, body=record,
                          headers={**headers,
                                   "Idempotency-Key": idempotency_key(leg.id, record)})
    scenario.prelude.append(
        f"{_caller(world, leg)} pushes {len(sends)} times into {target.label}'s webhook "
        f"trigger (flow {leg.id}; played by mailroom: {_caller(world, leg)}'s own side, not "
        "part of this workflow). Each request starts one run:")
    return [Run(f"Run {n}: what {_caller(world, leg)} sent ({body.get('id')})"
                + (", sent again" if n == 5 else ""), {"data": body})
            for n, body in enumerate(receiver.received, 1) if isinstance(body, dict)]


def _register(world: World, workflow: Workflow, scenario: Scenario, receiver: Step,
              url: str) -> str:
    """Before any event, the receiver's URL gets into the source as the spec says; the
    URL the source will call is returned."""
    registration = workflow.registration
    assert registration is not None
    owner = world.spec.label(registration.registrar)
    source = world.spec.label(receiver.flow.mail_person)
    if registration.how == "api" and registration.api is not None:
        api = registration.api
        route = RegistrationRoute(api.endpoint.path, owner)
        world.server(api.system).add(route)
        send("POST", world.server(api.system).url + api.endpoint.path,
             body={"url": url, "events": [receiver.flow.flow.event or "changes"]})
        scenario.prelude.append(f"{owner} registers its receiver URL with {api.label}'s "
                                f"webhook API, and {source} calls the URL it was given:")
        return route.urls[-1] if route.urls else "http://127.0.0.1:9/not-registered"
    how = "is copied by hand into" if registration.how == "manual" else \
        "(registration not decided) is given by mailroom to"
    scenario.prelude.append(f"{owner}'s receiver URL {how} {source}'s settings.")
    return url


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# -- polls: a cursor, or a full fetch with a duplicate check ------------------------------


def _poll(world: World, workflow: Workflow) -> Scenario:
    fetch = next(s for s in workflow.steps if s.kind == "poll")
    target, shape, cursor = fetch.target, fetch.flow, fetch.flow.cursor
    assert target is not None and cursor is not None
    check = world.credential(target.credential, target.system, _caller(world, shape))
    records = [example_record(shape, n) for n in range(1, 8)]
    first = _cursor_after(cursor.kind, records[:5])
    transient = {"|2": 429}
    if cursor.kind != "full-fetch":
        transient[f"{first}|1"] = 500
    source_faults = FaultPlan(transient)
    source = SourceRoute(target.endpoint.path, _caller(world, shape), check, cursor,
                         source_faults)
    world.server(target.system).add(source)
    source.records = [dict(r) for r in records[:5]]
    changed = _changed(records[1], shape.fields[0])
    expect = Expect()
    expect.retried.append((f"{target.label} answered 429 to page 2", source_faults, "|2"))
    if cursor.kind != "full-fetch":
        expect.retried.append((f"{target.label} answered 500", source_faults, f"{first}|1"))
    taken = _taken(cursor.kind, records, changed)
    _expect_saves(world, workflow, fetch, taken, records[3], expect)
    expect.cursors = _cursor_trail(cursor.kind, records, changed)
    if cursor.kind == "full-fetch":
        expect.skipped = [0, 5, 7]
    expect.notes += _change_notes(cursor, world.spec.label(shape.flow.source))

    def poll_2() -> str:
        source.records = [r for r in source.records if r["id"] != changed["id"]]
        source.records += [dict(changed), dict(records[5]), dict(records[6])]
        return (f"In {target.label}, 2 records are added ({records[5]['id']}, "
                f"{records[6]['id']}) and {changed['id']} is changed.")

    runs = [Run("Poll 1: the first run, no cursor yet"),
            Run("Poll 2: the next scheduled run", carry=True, before=poll_2),
            Run("Poll 3: the next scheduled run", carry=True,
                before=lambda: f"Nothing changes in {target.label}.")]
    return Scenario(workflow, runs, expect, _credentials(world, workflow))


def _changed(record: State, field: str) -> State:
    """The record as someone edits it in the source: a new value, a new timestamp."""
    changed = {**record, field: f"{record[field]} (changed)"}
    if "modified_at" in record:
        changed["modified_at"] = timestamp(8)
    return changed


def _cursor_after(kind: str, records: list[State]) -> Any:
    if kind == "incremental-id":
        return max(int(r["id"]) for r in records)
    if kind == "modified-since":
        return max(str(r["modified_at"]) for r in records)
    return None


def _cursor_trail(kind: str, records: list[State], changed: State) -> list[Any] | None:
    if kind == "full-fetch":
        return None
    after_1 = _cursor_after(kind, records[:5])
    after_2 = _cursor_after(kind, [*records[:7], changed])
    return [after_1, after_2, after_2]


def _taken(kind: str, records: list[State], changed: State) -> list[State]:
    """Every record version the three polls take, in order."""
    taken = [*records[:5], records[5], records[6]]
    if kind == "modified-since":
        taken.append(changed)  # a changed record is taken again, as a new version
    return taken


def _change_notes(cursor: Cursor, source: str) -> list[str]:
    stand_in = [STAND_IN] if cursor.stand_in else []
    kind = cursor.kind
    if kind == "incremental-id":
        return [f"An incremental-id cursor does not see a record changed in {source} after "
                "it was taken: poll 2 does not take the changed record again."]
    if kind == "full-fetch":
        return [*stand_in, "The duplicate check compares ids: the changed record is skipped as "
                "a duplicate in poll 2. Compare a hash of the row too if changes matter "
                "(TODO(id))."]
    return []


STAND_IN = ("How changes are found is not decided in the spec: what runs here is the stub's "
            "stand-in, a full fetch with a duplicate check (TODO(decide)).")


def _expect_saves(world: World, workflow: Workflow, fetch: Step, taken: list[State],
                  poison: State, expect: Expect) -> None:
    for step in (s for s in workflow.steps if s.kind == "push"):
        keys = [idempotency_key(step.flow.id, r) for r in taken]
        poison_key = idempotency_key(step.flow.id, poison)
        faults = FaultPlan({keys[0]: 429}, {poison_key: 422})
        route = _destination(world, step, faults)
        expect.stored.append((route, [k for k in keys if k != poison_key]))
        expect.duplicates.append((route, 0))
        expect.dead.append(poison_key)
        expect.retried.append((f"{route.label} answered 429", faults, keys[0]))


# -- files in a folder -------------------------------------------------------------------


def _fetch_files(world: World, workflow: Workflow) -> Scenario:
    fetch = next(s for s in workflow.steps if s.kind == "fetch-files")
    target, shape = fetch.target, fetch.flow
    assert target is not None
    folder = world.folder(target.system, target.endpoint.path)
    world.credential(target.credential, target.system, _caller(world, shape))
    records = [example_record(shape, n) for n in range(1, 8)]
    extension = (shape.flow.format or "csv").lower()
    expect = Expect(skipped=[0, 3, 5])
    taken = [*records[:5], records[5], records[6]]
    _expect_saves(world, workflow, fetch, taken, records[3], expect)
    if shape.cursor is not None and shape.cursor.stand_in:
        expect.notes.append(STAND_IN)
    expect.notes.append(f"The folder stands in for {target.label}'s SFTP area: no "
                        "credentials are checked and no faults are injected on that side.")

    def night(n: int, rows: list[State]) -> Callable[[], str]:
        def write() -> str:
            for old in folder.glob(f"*.{extension}"):
                old.unlink()
            name = f"{shape.id}-{n}.{extension}"
            (folder / name).write_text(_csv(rows), encoding="utf-8")
            return (f"{world.spec.label(shape.flow.source)} writes {name} into "
                    f"{target.endpoint.path} ({len(rows)} rows: "
                    f"{rows[0]['id']} to {rows[-1]['id']}).")
        return write

    runs = [Run("Run 1: the first scheduled run", before=night(1, records[:5])),
            Run("Run 2: the next scheduled run", carry=True, before=night(2, records[2:7])),
            Run("Run 3: the next scheduled run", carry=True,
                before=lambda: "No new file: last night's file is still there.")]
    return Scenario(workflow, runs, expect, _credentials(world, workflow))


def _csv(rows: list[State]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _upload(world: World, workflow: Workflow) -> Scenario:
    step = next(s for s in workflow.steps if s.kind == "upload")
    assert step.target is not None
    folder = world.folder(step.target.system, step.target.endpoint.path)
    world.credential(step.target.credential, step.target.system, _caller(world, step.flow))
    name = f"{step.flow.id}.{(step.flow.flow.format or 'txt').lower()}"
    pages = [_document(step.flow, n) for n in (1, 2)]
    expect = Expect(file=(folder / name, pages[1]))
    expect.notes.append(f"The folder stands in for {step.target.label}'s SFTP area: no "
                        "credentials are checked and no faults are injected.")
    runs = [Run("Run 1: a scheduled upload", {"data": {"content": pages[0]}}),
            Run("Run 2: the next scheduled upload", {"data": {"content": pages[1]}})]
    return Scenario(workflow, runs, expect, _credentials(world, workflow))


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
    check = world.credential(step.target.credential, step.target.system, _caller(world, shape))
    records = [example_record(shape, n) for n in range(1, 4)]
    ids = [str(r["id"]) for r in records]
    unknown = str(example_record(shape, 9999)["id"])
    faults = FaultPlan({ids[1]: 500, ids[2]: 429}, {unknown: 404})
    route = LookupRoute(step.target.endpoint.path, _caller(world, shape), check, faults)
    route.records = dict(zip(ids, records, strict=True))
    world.server(step.target.system).add(route)
    what = workflow.trigger.when.removeprefix("on demand, when ")
    host = _caller(world, shape)
    again = Run(f"Request 3: {what} again ({ids[0]})", {"data": {"id": records[0]["id"]}})
    if shape.flow.caching:
        again.cached = f"{host} answers from its cache; {step.target.label} is not asked"
    runs = [Run(f"Request 1: {what} ({ids[0]})", {"data": {"id": records[0]["id"]}}),
            Run(f"Request 2: {what} ({ids[1]})", {"data": {"id": records[1]["id"]}}),
            again,
            Run(f"Request 4: {what} ({ids[2]})", {"data": {"id": records[2]["id"]}}),
            Run(f"Request 5: an id {step.target.label} does not know ({unknown})",
                {"data": {"id": unknown}})]
    expect = Expect(dead=[unknown])
    expect.answers = [(0, records[0]), (1, records[1]), (3, records[2]), (4, None)]
    if not shape.flow.caching:
        expect.answers.append((2, records[0]))
    expect.retried += [(f"{step.target.label} answered 500", faults, ids[1]),
                       (f"{step.target.label} answered 429", faults, ids[2])]
    return Scenario(workflow, runs, expect, _credentials(world, workflow))
