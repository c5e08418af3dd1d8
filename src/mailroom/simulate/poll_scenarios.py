"""Scenarios of scheduled pulls: polls with a cursor or a full fetch and its duplicate
check, and files fetched from a folder; what changes in the source between runs, and
what each run must take."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from mailroom.simulate.mocks import FaultPlan, Route
from mailroom.simulate.routes import SourceRoute
from mailroom.simulate.scenario import (
    Expect,
    Run,
    Scenario,
    State,
    caller,
    credentials,
    destination,
    wire_keys,
)
from mailroom.simulate.step_tools import idempotency_key
from mailroom.simulate.vendor_forms import odk_stamp
from mailroom.simulate.vendor_quickbooks import qbo_trail
from mailroom.simulate.vendor_routes import (
    changed_vendor_record,
    request_cursor,
    vendor_record,
    vendor_source,
    zendesk_cursor,
)
from mailroom.simulate.vendor_sap import as_pulled, changed_at
from mailroom.simulate.vendor_shop import changed_shop_record, shop_record, shop_source
from mailroom.simulate.world import World
from mailroom.stub.examples import example_record, timestamp
from mailroom.stub.plan import Step, Workflow
from mailroom.stub.shape import Cursor
from mailroom.stub.vendor import records_of
from mailroom.vendors import Dialect


def poll(world: World, workflow: Workflow) -> Scenario:
    fetch = next(s for s in workflow.steps if s.kind == "poll")
    target, shape, cursor = fetch.target, fetch.flow, fetch.flow.cursor
    assert target is not None and cursor is not None
    dialect = target.dialect if target.dialect and target.dialect.pull else None
    check = world.credential(target.credential, target.system, caller(world, shape), dialect)
    records = [example_record(shape, n) for n in range(1, 8)]
    changed = _changed(records[1], shape.fields[0])
    if dialect is not None:
        records = [shop_record(dialect, r, n) or vendor_record(dialect, r, n)
                   for n, r in enumerate(records, 1)]
        changed = (changed_shop_record(dialect, records[1], shape.fields[0], timestamp(8))
                   or changed_vendor_record(dialect, records[1], shape.fields[0], timestamp(8)))
    modified = records_of(workflow)[1]
    trail = _vendor_trail(dialect, records, changed) if dialect is not None else None
    if trail is None:
        trail = _cursor_trail(cursor.kind, records, changed, modified)
    first = trail[0] if trail else None
    busy = dialect.transient_status if dialect is not None else 429
    transient = {"|2": busy}
    if cursor.kind != "full-fetch":
        wire = request_cursor(dialect, first) if dialect is not None else first
        transient[f"{wire}|1"] = 500
    source_faults = FaultPlan(transient)
    source: Route
    if dialect is not None:
        source = (shop_source(dialect, target.endpoint.path, caller(world, shape), check,
                              cursor, source_faults)
                  or vendor_source(dialect, target.endpoint.path, caller(world, shape), check,
                                   cursor, source_faults))
    else:
        source = SourceRoute(target.endpoint.path, caller(world, shape), check, cursor,
                             source_faults)
    world.server(target.system).add(source)
    source.records = [dict(r) for r in records[:5]]
    expect = Expect()
    one_read = dialect is not None and dialect.pull is not None and dialect.pull.style in (
        "sheets-values",)  # one read a poll: the busy answer meets the second poll's read
    expect.retried.append((f"{target.label} answered {_busy_words(dialect, busy)} to "
                           + ("the second poll's read" if one_read else _page_2(dialect)),
                           source_faults, "|2"))
    if cursor.kind != "full-fetch":
        expect.retried.append((f"{target.label} answered 500", source_faults,
                               next(k for k in transient if k != "|2")))
    taken = _taken(cursor.kind, records, changed)
    if dialect is not None and dialect.pull is not None and dialect.pull.style == "kobo-data":
        taken.remove(changed)  # KoboToolbox's filter sees new submissions, not edits
        expect.notes.append(f"{target.label}'s _submission_time does not change when a "
                            "submission is edited: poll 2 does not take the edited one again.")
    expect_saves(world, workflow, fetch, [as_pulled(dialect, r) for r in taken],
                 as_pulled(dialect, records[3]), expect)
    expect.cursors = trail
    if cursor.kind == "full-fetch":
        expect.skipped = [0, 5, 7]
    expect.notes += _change_notes(cursor, world.spec.label(shape.flow.source))

    ident = records_of(workflow)[0]

    def poll_2() -> str:
        kept = [r for r in source.records
                if r[ident] != changed[ident]]
        source.records = [*kept, dict(changed), dict(records[5]),
                          dict(records[6])]
        if dialect is not None and dialect.pull is not None \
                and dialect.pull.style == "stripe-events":
            added = [r["data"]["object"]["id"] for r in records[5:7]]
            return (f"In {target.label}, 2 objects are created ({added[0]}, {added[1]}) and "
                    f"{changed['data']['object']['id']} is changed: an event each "
                    f"({records[5][ident]}, {records[6][ident]}, {changed[ident]}).")
        return (f"In {target.label}, 2 records are added ({records[5][ident]}, "
                f"{records[6][ident]}) and {changed[ident]} is changed.")

    runs = [Run("Poll 1: the first run, no cursor yet"),
            Run("Poll 2: the next scheduled run", carry=True, before=poll_2),
            Run("Poll 3: the next scheduled run", carry=True,
                before=lambda: f"Nothing changes in {target.label}.")]
    return Scenario(workflow, runs, expect, credentials(world, workflow))


def _vendor_trail(dialect: Dialect, records: list[State], changed: State) -> list[Any] | None:
    """The cursors after each of the three polls where the vendor's cursor is not the
    latest modified time as the record has it: Zendesk's after_cursor, a Stripe event's
    created (a number)."""
    assert dialect.pull is not None
    later = [*records[:7], changed]
    if dialect.pull.style == "zendesk-cursor":
        return [zendesk_cursor(records[:5]), *[zendesk_cursor(later)] * 2]
    if dialect.pull.style == "stripe-events":
        return [max(r["created"] for r in records[:5]), *[max(r["created"] for r in later)] * 2]
    if dialect.pull.style == "kobo-data":  # the latest _submission_time: an edit keeps it
        return [max(r["_submission_time"] for r in records[:n]) for n in (5, 7, 7)]
    if dialect.pull.style == "qbo-query":  # the latest MetaData.LastUpdatedTime taken
        return qbo_trail(records, changed)
    if dialect.pull.style == "jira-jql":  # the latest `updated` taken, as Jira wrote it
        return [max(r["fields"]["updated"] for r in records[:5]),
                *[max(r["fields"]["updated"] for r in later)] * 2]
    if dialect.pull.style == "sap-odata":  # the latest creation or last change taken
        return [max(str(changed_at(r)) for r in records[:5]),
                *[max(str(changed_at(r)) for r in later)] * 2]
    if dialect.pull.style == "odk-odata":  # the latest submissionDate or updatedAt taken
        return [max(map(odk_stamp, records[:5])), *[max(map(odk_stamp, later))] * 2]
    return None


def _busy_words(dialect: Dialect | None, busy: int) -> str:
    """The mock's busy answer in words: Shopify's is a THROTTLED error (the status it
    comes with is not documented), every other one's its status."""
    if dialect is not None and dialect.pull is not None \
            and dialect.pull.style == "shopify-graphql":
        return "a THROTTLED error"
    return str(busy)


def _page_2(dialect: Dialect | None) -> str:
    """Where the mock's busy answer meets the job's reads: page 2, or BambooHR's first
    employee read after the list of changed employees (that list has no pages)."""
    if dialect is not None and dialect.pull is not None \
            and dialect.pull.style == "bamboohr-changed":
        return "the first employee's read"
    return "page 2"


def _changed(record: State, field: str) -> State:
    """The record as someone edits it in the source: a new value, a new timestamp."""
    changed = {**record, field: f"{record[field]} (changed)"}
    if "modified_at" in record:
        changed["modified_at"] = timestamp(8)
    return changed


def _cursor_after(kind: str, records: list[State], modified: str = "modified_at") -> Any:
    if kind == "incremental-id":
        return max(int(r["id"]) for r in records)
    if kind == "modified-since":
        return max(str(r[modified]) for r in records)
    return None


def _cursor_trail(kind: str, records: list[State], changed: State,
                  modified: str = "modified_at") -> list[Any] | None:
    if kind == "full-fetch":
        return None
    after_1 = _cursor_after(kind, records[:5], modified)
    after_2 = _cursor_after(kind, [*records[:7], changed], modified)
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


def expect_saves(world: World, workflow: Workflow, fetch: Step, taken: list[State],
                  poison: State, expect: Expect) -> None:
    for step in (s for s in workflow.steps if s.kind == "push"):
        assert step.target is not None
        dialect = step.target.dialect
        keys = [idempotency_key(step.flow.id, r, records_of(workflow)) for r in taken]
        poison_key = idempotency_key(step.flow.id, poison, records_of(workflow))
        wire = wire_keys(workflow, step, keys, taken)
        busy = dialect.transient_status if dialect is not None else 429
        refused = dialect.permanent_status if dialect is not None else 422
        faults = FaultPlan({wire[0]: busy},
                           {wire_keys(workflow, step, [poison_key], [poison])[0]: refused})
        route = destination(world, step, faults)
        expect.stored.append((route, [w for k, w in zip(keys, wire, strict=True)
                                      if k != poison_key]))
        expect.duplicates.append((route, 0))
        expect.dead.append(poison_key)
        expect.retried.append((f"{route.label} answered {busy}", faults, wire[0]))


def fetch_files(world: World, workflow: Workflow) -> Scenario:
    fetch = next(s for s in workflow.steps if s.kind == "fetch-files")
    target, shape = fetch.target, fetch.flow
    assert target is not None
    folder = world.folder(target.system, target.endpoint.path)
    world.credential(target.credential, target.system, caller(world, shape))
    records = [example_record(shape, n) for n in range(1, 8)]
    extension = (shape.flow.format or "csv").lower()
    expect = Expect(skipped=[0, 3, 5])
    taken = [*records[:5], records[5], records[6]]
    expect_saves(world, workflow, fetch, taken, records[3], expect)
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
    return Scenario(workflow, runs, expect, credentials(world, workflow))


def _csv(rows: list[State]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
