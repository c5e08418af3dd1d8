"""From a spec to workflows: one per mail person's job, each a trigger, steps and edges.

A flow is one leg. Most legs become one workflow of their own. A platform in
the middle is different: it is pushed to by (or pulls from) the source and
pushes to the destination, so its legs become one workflow whose trigger is
the inbound leg (a webhook when the source pushes to it, a cron when it pulls)
and whose steps pull and then push.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mailroom.facts.grammar import sentence_start_lowered, system_names
from mailroom.outfolder import short_name
from mailroom.spec.calendar import in_zone
from mailroom.spec.schedule import cron_for, describe_schedule, zone_of
from mailroom.stub.shape import (
    Credential,
    Endpoint,
    FlowShape,
    flow_shape,
    own_records_credential,
    slug,
    subscription_credential,
)
from mailroom.stub.vendor import vendor_target
from mailroom.vendors import Dialect

if TYPE_CHECKING:
    from mailroom.facts.middle import Middle
    from mailroom.facts.spec_facts import SpecFacts
    from mailroom.spec.model import Flow, Spec

HTTP_ADAPTOR = "@openfn/language-http"
HTTP_ADAPTOR_VERSION = "7.2.10"  # the version the simulation runs and tests
SFTP_ADAPTOR = "@openfn/language-sftp"
SFTP_ADAPTOR_VERSION = "3.0.3"  # not on the registry here: OpenFn/adaptors' newest, untried
RUNTIME_VERSION = "1.9.5"

# Edge conditions, in OpenFn's words; "dead-letters" is a js_expression.
ALWAYS, ON_SUCCESS, DEAD_LETTERS = "always", "on_job_success", "dead-letters"
DEAD_LETTERS_EXPRESSION = "Boolean(state.deadLetters && state.deadLetters.length > 0)"


@dataclass(frozen=True)
class Trigger:
    """What starts a workflow on the platform: a webhook or a cron."""

    kind: str  # "webhook" or "cron"
    cron: str | None = None
    when: str = ""  # in words: "when a lead is converted", "every 30 minutes"
    note: str | None = None  # why the cron is a placeholder or an approximation
    reply_after_completion: bool = False  # a real-time request waits for the answer
    decided: bool = True  # False: the spec has no trigger; a webhook stands in

    def words(self) -> str:
        if not self.decided:
            return "not decided yet (a webhook stands in)"
        if self.kind == "cron":  # OpenFn's Lightning runs cron in UTC
            return f"cron {self.cron} in UTC ({self.when})"
        return f"webhook, {self.when}"


@dataclass(frozen=True)
class Target:
    """Where a step knocks: a system, at an endpoint (or folder), with a credential."""

    system: str
    label: str
    endpoint: Endpoint
    credential: Credential
    own: bool = False  # the mail person's own records, not another system's mailbox
    # the vendor dialect it speaks (mailroom.vendors), if any; else the generic one
    dialect: Dialect | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Step:
    """One job of a workflow."""

    id: str
    name: str
    kind: str  # poll, fetch-files, lookup, push, upload, collect, report, todo
    flow: FlowShape
    target: Target | None = None

    @property
    def adaptor(self) -> str:
        """Folders are read and written with the SFTP adaptor; everything else is HTTP
        (a pull's save into the mail person's own records included)."""
        if self.kind in ("fetch-files", "upload"):
            return SFTP_ADAPTOR
        return HTTP_ADAPTOR

    @property
    def adaptor_version(self) -> str:
        return HTTP_ADAPTOR_VERSION if self.adaptor == HTTP_ADAPTOR else SFTP_ADAPTOR_VERSION


@dataclass(frozen=True)
class Edge:
    """Which job follows which, and on what condition."""

    source: str  # a step id, or "webhook"/"cron" for the trigger
    target: str
    condition: str


@dataclass(frozen=True)
class Registration:
    """How a webhook receiver's URL gets into the caller: through its API, or by hand."""

    flow: str  # the flow whose data travels by webhook
    how: str | None  # "api", "manual" or None (not decided)
    registrar: str  # the system that owns the receiver and registers it
    caller: str | None  # the system that calls the URL (the mail person)
    api: Target | None  # the caller's subscription endpoint, when through its API


@dataclass
class Workflow:
    """One workflow of the stub: its trigger, jobs and edges."""

    id: str
    name: str
    trigger: Trigger
    runner: str  # who runs this job in real life: the mail person
    flows: list[FlowShape]
    steps: list[Step] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    inbound: Step | None = None  # a leg pushed into a platform's webhook, by its source
    registrations: list[Registration] = field(default_factory=list)  # one per webhook leg
    cursor_step: str | None = None  # whose final state the next scheduled run starts from

    @property
    def problems(self) -> list[str]:
        return [p for f in self.flows for p in f.problems]

    @property
    def registration(self) -> Registration | None:
        """The registration of the leg whose pushes start this workflow (its first flow)."""
        return next((r for r in self.registrations if r.flow == self.flows[0].id), None)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)


def plan_workflows(facts: SpecFacts) -> list[Workflow]:
    """Every workflow the spec's flows need, in the spec's order."""
    spec = facts.spec
    shapes = {flow.id: flow_shape(spec, flow) for flow in facts.flows}
    workflows: list[Workflow] = []
    used: set[str] = set()
    for middle in facts.middles:
        for workflow in _middle_workflows(spec, middle, shapes, used):
            used.update(f.id for f in workflow.flows)
            workflows.append(workflow)
    for flow in spec.flows:
        if flow.id not in used:
            workflows.append(_single_workflow(spec, shapes[flow.id]))
    order = {flow.id: i for i, flow in enumerate(spec.flows)}
    workflows.sort(key=lambda w: min(order[f.id] for f in w.flows))
    return _unique_ids(workflows)


# -- one leg, one workflow ----------------------------------------------------------


def _single_workflow(spec: Spec, shape: FlowShape) -> Workflow:
    flow = shape.flow
    runner = spec.label(shape.mail_person) if shape.mail_person else "(not decided)"
    name = f"{spec.label(flow.source)} to {spec.label(flow.destination)}: {_short_data(spec, flow)}"
    ident = _id(name, flow.id)
    workflow = Workflow(
        id=ident,
        name=_platform_name(name, ident),
        trigger=trigger_for(flow, zone_of(spec, flow)),
        runner=runner,
        flows=[shape],
    )
    first = _steps_for(spec, shape)
    _chain(workflow, first)
    workflow.registrations = _registrations(spec, [shape])
    if workflow.trigger.kind == "cron" and shape.kind in ("poll", "fetch-files"):
        workflow.cursor_step = _last_work_step(workflow)
    return workflow


def _steps_for(spec: Spec, shape: FlowShape) -> list[Step]:
    kind = shape.kind
    if kind is None:
        return [_step("Decide who starts it" if shape.mail_person is None else "Decide the "
                      "trigger", "todo", shape)]
    mailbox = _mailbox_target(spec, shape)
    if kind in ("poll", "fetch-files"):
        verb = "Pull" if kind == "poll" else "Fetch"
        fetch = _step(f"{verb} {_short_data(spec, shape.flow)} from {mailbox.label}", kind, shape,
                      mailbox)
        store = _own_records_step(spec, shape)
        return [fetch, store, _report_step(shape)]
    if kind == "lookup":
        return [_step(f"Look up {_short_data(spec, shape.flow)} in {mailbox.label}", kind, shape,
                      mailbox)]
    verb = "Upload" if kind == "upload" else "Push"
    deliver = _step(f"{verb} {_short_data(spec, shape.flow)} to {mailbox.label}", kind, shape,
                    mailbox)
    steps = [deliver, _report_step(shape)]
    if shape.flow.trigger == "schedule" and kind == "push":
        source = spec.label(shape.mail_person)
        steps.insert(0, _step(f"Collect what {source} sends", "collect", shape))
    return steps


def _mailbox_target(spec: Spec, shape: FlowShape) -> Target:
    assert shape.mailbox is not None and shape.endpoint is not None
    target = Target(shape.mailbox, spec.label(shape.mailbox), shape.endpoint, shape.credential)
    return vendor_target(spec, shape, target)


def _own_records_step(spec: Spec, shape: FlowShape) -> Step:
    """A pull keeps what it fetched in the mail person's own records."""
    home = shape.mail_person or "destination"
    target = Target(home, spec.label(home),
                    Endpoint("POST", f"/TODO/{shape.flow.id}/own-records", False),
                     own_records_credential(spec, home), own=True)
    return _step(f"Save {_short_data(spec, shape.flow)} in {target.label}", "push", shape, target)


def _report_step(shape: FlowShape) -> Step:
    return _step("Report failures", "report", shape)


def _id(name: str, fallback: str) -> str:
    """An id from a name; it names a folder or a file of the stub, so it is kept short. A
    name with letters an id cannot hold (東京ストア, مستودع) would lose them: the
    `fallback`, made of the flow's id, stands in."""
    if any(c.isalpha() and not c.isascii() for c in name):
        return short_name(slug(fallback))
    return short_name(slug(name))


def _platform_name(name: str, ident: str) -> str:
    """The name the project gives the platform: OpenFn's tools make a workflow's and a
    step's id from its name, so a name whose letters an id cannot hold becomes its id."""
    return ident if any(c.isalpha() and not c.isascii() for c in name) else name


def _step(name: str, kind: str, shape: FlowShape, target: Target | None = None) -> Step:
    """A step whose id is its name as the platform keys it (lower case, dashes)."""
    ident = _id(name, f"{kind}-{shape.flow.id}")
    return Step(ident, _platform_name(name, ident), kind, shape, target)


def _chain(workflow: Workflow, steps: list[Step]) -> None:
    """Trigger -> first step -> ... ; the report step runs only when something failed."""
    workflow.steps.extend(steps)
    previous = workflow.trigger.kind
    for step in steps:
        if step.kind == "report":
            workflow.edges.append(Edge(previous, step.id, DEAD_LETTERS))
            continue
        condition = ALWAYS if previous == workflow.trigger.kind else ON_SUCCESS
        workflow.edges.append(Edge(previous, step.id, condition))
        previous = step.id


def _last_work_step(workflow: Workflow) -> str | None:
    work = [s for s in workflow.steps if s.kind not in ("report", "todo")]
    return work[-1].id if work else None


def _registrations(spec: Spec, shapes: list[FlowShape]) -> list[Registration]:
    """Every receiver URL the workflow's legs need registered (the facts say which)."""
    found = []
    for shape in shapes:
        webhook = shape.webhook
        if webhook is None or webhook.receiver is None:
            continue
        api = None
        if webhook.registration == "api" and webhook.caller is not None:
            api = Target(webhook.caller, spec.label(webhook.caller),
                         Endpoint("POST", f"/TODO/{shape.id}/webhooks", False),
                         subscription_credential(webhook.caller))
        found.append(Registration(shape.id, webhook.registration, webhook.receiver,
                                  webhook.caller, api))
    return found


# -- a platform in the middle ---------------------------------------------------------


def _middle_workflows(
    spec: Spec, middle: Middle, shapes: dict[str, FlowShape], used: set[str]
) -> list[Workflow]:
    """One workflow for an integration platform's legs: what comes in feeds what goes out.

    Only a system the spec calls a platform, with one inbound leg, is joined up: with
    two inbound legs, which one feeds which outbound leg is a decision, not a guess. An
    outbound leg joins only when it starts on an event (the data arriving is the event):
    one on a schedule of its own, or whose start is not decided, is a workflow apart."""
    system = spec.system(middle.system)
    if system is None or not system.platform or len(middle.inbound) != 1:
        return []
    inbound = shapes[middle.inbound[0]]
    outbound = [shapes[i] for i in middle.outbound
                if shapes[i].mail_person == middle.system and i not in used
                and shapes[i].flow.trigger == "event"]
    if not outbound or inbound.id in used or inbound.kind not in ("push", "poll", "fetch-files"):
        return []
    return [_middle_workflow(spec, middle.system, inbound, outbound)]


def _middle_workflow(
    spec: Spec, platform: str, inbound: FlowShape, outbound: list[FlowShape]
) -> Workflow:
    source = inbound.flow.source
    targets = " and ".join(spec.label(o.flow.destination) for o in outbound)
    name = f"{spec.label(source)} to {targets} through {spec.label(platform)}"
    ident = _id(name, f"{source or 'source'}-through-{platform}")
    workflow = Workflow(
        id=ident,
        name=_platform_name(name, ident),
        trigger=trigger_for(inbound.flow, zone_of(spec, inbound.flow)),
        runner=spec.label(platform),
        flows=[inbound, *outbound],
    )
    steps: list[Step] = []
    if inbound.kind == "push":
        # The source pushes into the platform: the workflow's webhook trigger is the mailbox.
        receiver = Target(platform, spec.label(platform),
                          Endpoint("POST", f"/i/{workflow.id}", False), inbound.credential)
        workflow.inbound = Step(_id(f"{source or 'source'} pushes", "source-pushes"),
                                inbound.sentence, "push", inbound, receiver)
    else:
        steps.append(_steps_for(spec, inbound)[0])  # the platform pulls first
    for leg in outbound:
        steps.extend(s for s in _steps_for(spec, leg) if s.kind in ("push", "upload"))
    steps.append(_report_step(outbound[0]))
    _chain(workflow, steps)
    workflow.registrations = _registrations(spec, [inbound, *outbound])
    if workflow.trigger.kind == "cron" and inbound.kind in ("poll", "fetch-files"):
        workflow.cursor_step = _last_work_step(workflow)
    return workflow


# -- triggers -------------------------------------------------------------------------


def trigger_for(flow: Flow, zone: str | None = None) -> Trigger:
    """Event and on-demand flows start on a webhook; scheduled ones on a cron (its times
    in `zone`, the spec's or the flow's time zone, where the schedule names none)."""
    if flow.trigger == "schedule":
        cron, note = cron_for(flow.schedule, zone)
        said = in_zone(flow.schedule, zone) if flow.schedule else None
        when = describe_schedule(said) if said else "on a schedule (TODO)"
        return Trigger("cron", cron, when, note)
    if flow.trigger == "on-demand":
        when = f"on demand, when {flow.event}" if flow.event else "on demand"
        return Trigger("webhook", when=when, reply_after_completion=True)
    if flow.trigger == "event":
        return Trigger("webhook", when=f"when {flow.event}" if flow.event else "on an event")
    return Trigger("webhook", when="when it is started (not decided yet)",
                   note="the spec does not say what starts this flow", decided=False)


# -- names ----------------------------------------------------------------------------


def _short_data(spec: Spec, flow: Flow) -> str:
    """"Converted leads (name, email)" -> "converted leads": a name's worth of the data, its
    first letter lowered only as the sentences lower it (facts/grammar.py)."""
    text = re.split(r"[(（]", flow.data or "records")[0].strip().rstrip(".")
    words = text.split()[:6] or ["records"]
    return sentence_start_lowered(" ".join(words), system_names(spec), evidence=flow.data)


def _unique_ids(workflows: list[Workflow]) -> list[Workflow]:
    seen: dict[str, int] = {}
    for workflow in workflows:
        count = seen.get(workflow.id, 0)
        seen[workflow.id] = count + 1
        if count:
            workflow.id = f"{workflow.id}-{count + 1}"
    return workflows

