"""`mailroom simulate`: run each flow's mail person against mock mailboxes, on this machine.

Mock mailboxes shaped by the spec start on 127.0.0.1; each workflow of the
stub runs its scenario against them (events, polls, requests, with injected
429s, 500s and permanent failures); a transcript says who called whom with
what, and checks say whether the mail person behaved. Two engines run the
same scenarios: Python (the default, nothing to install) and the generated
OpenFn job files on the OpenFn runtime (`engine="openfn"`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mailroom.facts.flows import FOLDER_TRANSPORTS
from mailroom.facts.spec_facts import facts_of
from mailroom.outfolder import inside
from mailroom.simulate.checks import Check, Outcome, check_scenario
from mailroom.simulate.mocks import Exchange
from mailroom.simulate.runner import PythonEngine
from mailroom.simulate.scenario import SETTINGS, Scenario
from mailroom.simulate.scenarios import build_scenario
from mailroom.simulate.step_tools import RunResult
from mailroom.simulate.vendor_webhooks import webhook_receivers
from mailroom.simulate.world import World
from mailroom.stub.plan import SFTP_ADAPTOR, Workflow, plan_workflows
from mailroom.stub.shape import HTTP_TRANSPORTS

if TYPE_CHECKING:
    from mailroom.spec.model import Spec

__all__ = ["ENGINES", "Report", "WorkflowReport", "simulate", "simulate_file"]

ENGINES = ("python", "openfn")
DEFAULT_TIMEOUT = 60.0
_UNSUPPORTED = {
    "database": "a database mailbox needs a database; mailroom does not mock one yet",
    "queue": "a queue mailbox needs a message broker; mailroom does not mock one",
    "soap": "a SOAP call depends on the service's WSDL, which the spec does not hold",
    "graphql": "a GraphQL call depends on the API's schema, which the spec does not hold",
    "other": "the transport is 'other': there is nothing to mock it with",
}


@dataclass
class WorkflowReport:
    workflow: Workflow
    skipped: str | None = None
    scenario: Scenario | None = None
    mailboxes: list[str] = field(default_factory=list)
    prelude: list[Exchange] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    deliveries: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.skipped is None and all(c.ok for c in self.checks)


@dataclass
class Report:
    source: str
    title: str | None
    engine: str
    workflows: list[WorkflowReport]
    elapsed: float = 0.0
    secrets: list[str] = field(default_factory=list)  # the run's throw-away values (tests)

    @property
    def passed(self) -> int:
        return sum(w.passed for w in self.workflows)

    @property
    def failed(self) -> int:
        return sum(not w.passed and w.skipped is None for w in self.workflows)


class Session(Protocol):
    def run(self, state: dict[str, Any]) -> RunResult: ...
    def close(self) -> None: ...


def simulate_file(path: str, engine: str = "python", timeout: float = DEFAULT_TIMEOUT,
                  openfn: Path | None = None, cache: Path | None = None) -> tuple[str, bool]:
    """The transcript of one spec, and whether every simulated workflow behaved (`openfn`:
    where the OpenFn runtime is installed, for that engine; `cache`: the cache folder)."""
    from mailroom.simulate.transcript import transcript
    from mailroom.spec.reading import load_spec

    loaded = load_spec(path, cache)
    report = simulate(loaded.spec, engine=engine, timeout=timeout, source=path, openfn=openfn)
    return transcript(report), report.failed == 0


def simulate(spec: Spec, *, engine: str = "python", timeout: float = DEFAULT_TIMEOUT,
             source: str = "(spec)", openfn: Path | None = None) -> Report:
    """Every workflow of the spec's stub, run against mock mailboxes. The OpenFn engine
    needs `openfn`, the folder the OpenFn runtime is (or is to be) installed in."""
    if engine not in ENGINES:
        raise ValueError(f"no engine {engine!r}; expected one of {ENGINES}")
    if engine == "openfn" and openfn is None:
        raise ValueError("the OpenFn engine needs the folder of the OpenFn runtime (openfn=)")
    started = time.monotonic()
    workflows = plan_workflows(facts_of(spec))
    report = Report(source, spec.title, engine, [])
    stub: Path | None = None
    try:
        with World(spec, timeout) as world:
            open_session, stub = _engine(spec, engine, world, workflows, source, openfn)
            for workflow in workflows:
                report.workflows.append(_simulate(world, workflow, engine, open_session))
            report.secrets = world.secrets()
    finally:
        if stub is not None:
            shutil.rmtree(stub, ignore_errors=True)
    report.elapsed = time.monotonic() - started
    return report


OpenSession = Callable[[Workflow, dict[str, dict[str, Any]]], Session]


def _engine(spec: Spec, engine: str, world: World, workflows: list[Workflow],
            source: str, openfn: Path | None) -> tuple[OpenSession, Path | None]:
    python = PythonEngine(world.folder, world.deadline, webhook_receivers(spec, workflows))
    if engine == "python":
        return (lambda w, creds: _PythonSession(python, w, creds)), None
    from mailroom.simulate.openfn_engine import OpenFnEngine, ensure_installed, node_binary
    from mailroom.stub import build_stub, provenance

    node_binary()  # no installing what cannot run: say that Node.js is missing first
    assert openfn is not None
    modules = ensure_installed(openfn)
    stub = Path(tempfile.mkdtemp(prefix="mailroom-stub-"))
    try:  # the caller removes the folder once it has it; until then, this does
        _, files = build_stub(spec, provenance(spec, source))
        for name, text in files.items():
            path = inside(stub, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        runtime = OpenFnEngine(stub, modules, world.deadline)
    except BaseException:
        shutil.rmtree(stub, ignore_errors=True)
        raise
    return runtime.open, stub


class _PythonSession:
    def __init__(self, engine: PythonEngine, workflow: Workflow,
                 credentials: dict[str, dict[str, Any]]) -> None:
        self.engine, self.workflow, self.credentials = engine, workflow, credentials

    def run(self, state: dict[str, Any]) -> RunResult:
        return self.engine.run(self.workflow, state, self.credentials)

    def close(self) -> None:
        pass


def skip_reason(workflow: Workflow, engine: str) -> str | None:
    """Why a workflow cannot be simulated honestly, or None."""
    if workflow.problems:
        return workflow.problems[0]
    for shape in workflow.flows:
        transport = shape.transport
        if transport is None:
            return f"the transport of {shape.id} is not decided"
        if transport not in HTTP_TRANSPORTS | FOLDER_TRANSPORTS:
            return _UNSUPPORTED.get(transport, f"the transport {transport} is not mocked")
    if engine == "openfn" and any(s.adaptor == SFTP_ADAPTOR for s in workflow.steps):
        return ("on the OpenFn engine, language-sftp needs an SFTP server; the Python engine "
                "simulates the folder (run without --engine openfn)")
    return None


def _simulate(world: World, workflow: Workflow, engine: str,
              open_session: OpenSession) -> WorkflowReport:
    report = WorkflowReport(workflow, skipped=skip_reason(workflow, engine))
    if report.skipped:
        return report
    mark = world.journal.mark()
    routes_before = {s: len(server.routes) for s, server in world.servers.items()}
    scenario = build_scenario(world, workflow)
    report.scenario = scenario
    report.prelude = world.journal.since(mark)
    report.mailboxes = _mailboxes(world, routes_before) + [
        f"{s.target.label}  a temporary folder standing in for {s.target.endpoint.path}"
        for s in workflow.steps if s.target is not None and s.kind in ("fetch-files", "upload")]
    session: Session = open_session(workflow, scenario.credentials)
    try:
        report.outcomes = _play(world, scenario, session)
    finally:
        session.close()
    exchanges = world.journal.since(mark)
    report.checks = check_scenario(scenario, report.outcomes, world.journal, exchanges)
    report.deliveries = {
        f"{route.label} {route.method} {route.path}": [(d.key, d.body) for d in route.deliveries]
        for route, _ in scenario.expect.stored
    }
    return report


def _play(world: World, scenario: Scenario, session: Session) -> list[Outcome]:
    outcomes = []
    carried: dict[str, Any] = {}
    for run in scenario.runs:
        before = run.before() if run.before else None
        if run.cached:
            outcomes.append(Outcome(run, {}, None, [], before))
            continue
        state = {**carried, **run.state} if run.carry else dict(run.state)
        state["settings"] = dict(SETTINGS)
        mark = world.journal.mark()
        result = session.run(state)
        outcomes.append(Outcome(run, state, result, world.journal.since(mark), before))
        if result.state is not None and _cursor_kept(result, scenario.workflow.cursor_step):
            # Lightning starts the next cron run from the output of the cursor step's last
            # successful execution (Workflows.Scheduler: last_successful_step_for_job),
            # even when a later step (the report of dead letters) failed the run
            carried = {k: v for k, v in result.state.items() if k != "errors"}
    return outcomes


def _cursor_kept(result: RunResult, cursor_step: str | None) -> bool:
    """Did the step whose output starts the next scheduled run succeed?"""
    if cursor_step is None:
        return result.ok
    return bool(result.steps.get(cursor_step, {}).get("ok"))


def _mailboxes(world: World, before: dict[str, int]) -> list[str]:
    """The mock endpoints this workflow added, in words."""
    lines = []
    for system, server in world.servers.items():
        routes = server.routes[before.get(system, 0):]
        if not routes:
            continue
        lines.append(f"{server.label}  {server.url}")
        for route in routes:
            lines.append(f"  {route.method} {route.path}  {_route_words(route)}")
    return lines


def _route_words(route: Any) -> str:
    if getattr(route, "words", None):
        return f"{route.words}; {route.auth.describe()}" if route.auth is not None \
            else str(route.words)
    words: str = {
        "destination": "records each delivery; a repeated Idempotency-Key is skipped",
        "receiver": "the platform's webhook trigger: every request starts a run",
        "source": "serves records page by page"
        + (f", newer than {route.cursor.param}" if getattr(route, "cursor", None)
           and route.cursor.param else ", all of them (full fetch)"),
        "lookup": "serves one record by id",
        "token": "issues throw-away access tokens",
        "registration": "records the webhook URL to call",
    }.get(route.kind, route.kind)
    if route.kind == "token":
        words += f" {route.check.describe_grant()}"
    elif route.auth is not None:
        words += f"; {route.auth.describe()}"
    return words
