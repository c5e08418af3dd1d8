"""Hypothesis strategies for mailroom specs, complete and partial, for tests/test_coherence.py.

A spec is generated as a plain dict in the contract's format (../shared/PRODUCT.md,
`mailroom schema`) and written as YAML by `spec_yaml`. Every generated spec is valid
(`mailroom check` exits 0 or 1, never 2): ids are `s1`…, `f1`…; names are distinct plain
words; every vocabulary value comes from the closed lists below; no secret anywhere.

Every flow field may be null or absent ("don't know yet"): that is the point. The
strategies lean towards the shapes the domain articles describe (see FLOW_SHAPES):
a push on an event, often by webhook; a scheduled pull (polling) with or without change
detection; an on-demand (real-time) pull with or without caching; a webhook or an event
whose mail person is left blank; a mailbox stated without a mail person; an integration
platform in the middle as two flows; and, sometimes, contradictions (a pull on an event,
a pulled webhook, a clone fetched on demand).

To keep the outputs easy to read back, the generator keeps these invariants (the tests
rely on them; keep them if you change the generator):
- every flow has a source and a destination, two different listed systems;
- no two flows have the same (source, destination) pair;
- system names are distinct, have no Markdown or Mermaid punctuation, and none is a
  prefix of another;
- a system's `kind` says "integration platform" only when `platform: true`;
- `interface` texts never contain transport words (REST, SOAP, webhook, SFTP…).
"""

from __future__ import annotations

import io
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

# -- the closed vocabularies (PRODUCT.md; `mailroom schema` prints them) ----------------

TRIGGERS = ("event", "schedule", "on-demand")
DIRECTIONS = ("push", "pull")
CHANGE_DETECTIONS = ("modified-since", "incremental-id", "full-fetch")
TRANSPORTS = ("rest", "soap", "graphql", "webhook", "sftp", "database", "queue", "file", "other")
INTERFACE_KINDS = (*TRANSPORTS, "none")  # a system's way in; "none": none yet
AUTH_METHODS = ("none", "api-key", "basic", "oauth2-client-credentials",
                "oauth2-authorization-code", "oauth2-jwt-bearer", "mtls", "ssh-key", "other")
PATTERNS = ("embed", "push", "pull", "clone", "synthesize")
WEBHOOK_REGISTRATIONS = ("api", "manual")

# -- free text ----------------------------------------------------------------------------

# Distinct, plain, none a prefix of another (see the module docstring).
SYSTEM_NAMES = ("Ledgerly", "Northwind CRM", "Payroll Hub", "Clinic Forms", "Stockroom",
                "Web Shop", "Intranet", "Data Lake", "Ticket Desk", "Fleet Tracker")
PLATFORM_NAMES = ("Flowbridge", "Relaybox", "Pipewright")
KINDS = ("CRM", "ERP", "intranet", "SFTP area", "database", "mobile data collection")
INTERFACES = ("Orders endpoint v2", "/outbound folder", "intake service", "customer table")
OWNERS = ("Finance", "IT operations", "Vendor support")
DATA = ("Converted leads (name, email, company)", "Invoices", "New employees (name, office)",
        "Stock levels (sku, quantity)", "household visit forms")
EVENTS = ("a lead is converted", "an invoice is approved", "a form is submitted")
DEMANDS = ("an employee opens the page", "a clerk searches a customer")
SCHEDULES = ("every 30 minutes", "0 2 * * *", "nightly at 01:00", "every 2 hours")
FORMATS = ("json", "xml", "csv")
VOLUMES = ("200 records/day", "5,000 rows per run", "40 records/hour")
LATENCIES = ("5 minutes", "1 hour", "a day")
ERROR_HANDLING = ("Retry three times, then alert the admin.",
                  "Failed records go to a dead-letter list checked daily.")
CREDENTIAL_NAMES = ("CRM_INTEGRATION_CREDENTIAL", "LEDGER_CONNECTION")


def maybe(strategy: st.SearchStrategy[Any], *, none_weight: int = 1) -> st.SearchStrategy[Any]:
    """A value, or None ("don't know yet"); none_weight tilts towards None."""
    return st.one_of(*([st.none()] * none_weight), strategy)


def tri() -> st.SearchStrategy[bool | None]:
    """true / false / null (unknown)."""
    return st.sampled_from((True, False, None))


# -- systems ------------------------------------------------------------------------------


@st.composite
def systems(draw: st.DrawFn, count: int, platforms: int = 0) -> list[dict[str, Any]]:
    """`count` systems s1…sN with distinct names; the last `platforms` of them are
    integration platforms (`platform: true`), the others have platform true/false/null."""
    names = draw(st.permutations(SYSTEM_NAMES))
    platform_names = draw(st.permutations(PLATFORM_NAMES))
    out = []
    for index in range(count):
        is_platform = index >= count - platforms
        system: dict[str, Any] = {"id": f"s{index + 1}"}
        system["name"] = platform_names[index - (count - platforms)] if is_platform \
            else names[index]
        platform = True if is_platform else draw(st.sampled_from((False, None, None, True)))
        for key, value in (("api", draw(tri())), ("events", draw(tri())),
                           ("skills", draw(tri())), ("platform", platform),
                           ("third_party", draw(tri()))):
            system[key] = value
        if platform is True and draw(st.booleans()):
            system["kind"] = "integration platform"
        elif draw(st.booleans()):
            system["kind"] = draw(st.sampled_from(KINDS))
        if draw(st.booleans()):
            system["interface"] = draw(st.sampled_from(INTERFACES))
        if draw(st.booleans()):
            system["interface_kind"] = draw(st.sampled_from(INTERFACE_KINDS))
        if draw(st.booleans()):
            system["owner"] = draw(st.sampled_from(OWNERS))
        out.append(_drop_some_nulls(draw, system, keep=("id", "name")))
    return out


# -- flows --------------------------------------------------------------------------------

FLOW_SHAPES = (
    "free",            # every field drawn independently, null included
    "event-push",      # the source pushes on an event; often a webhook
    "scheduled-pull",  # polling: the destination pulls on a schedule
    "on-demand-pull",  # a real-time lookup by the destination
    "inferred",        # mail person left blank, but a webhook or an event says who pushes
    "mailbox-only",    # the mailbox is stated, the mail person is not
    "contradiction",   # a pull on an event, a pulled webhook, a clone fetched on demand
)


@st.composite
def flow(draw: st.DrawFn, flow_id: str, source: str, destination: str,
         shape: str | None = None) -> dict[str, Any]:
    """One flow between two systems, in one of FLOW_SHAPES (drawn when not given)."""
    shape = shape or draw(st.sampled_from(FLOW_SHAPES))
    f: dict[str, Any] = {"id": flow_id, "source": source, "destination": destination}
    f["data"] = draw(maybe(st.sampled_from(DATA)))
    SHAPES[shape](draw, f, source, destination)
    _timing_details(draw, f)
    _common_fields(draw, f, (source, destination))
    if draw(st.integers(0, 3)) == 0:  # a stated direction, as a stakeholder said it
        f["direction"] = _direction_of(f)
    return _drop_some_nulls(draw, f, keep=("id", "source", "destination"))


def _free(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """Every field drawn independently; the roles among the two ends, or null."""
    ends = (source, destination)
    f["mail_person"] = draw(maybe(st.sampled_from(ends)))
    f["mailbox"] = draw(maybe(st.sampled_from(ends)))
    f["trigger"] = draw(maybe(st.sampled_from(TRIGGERS)))
    f["transport"] = draw(maybe(st.sampled_from(TRANSPORTS)))
    f["change_detection"] = draw(maybe(st.sampled_from(CHANGE_DETECTIONS), none_weight=2))
    f["webhook_registration"] = draw(maybe(st.sampled_from(WEBHOOK_REGISTRATIONS)))
    f["caching"] = draw(maybe(st.booleans(), none_weight=2))


def _event_push(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """The source pushes on an event, often over a webhook (registration known or not)."""
    f["mail_person"] = source
    f["mailbox"] = draw(st.sampled_from((destination, None)))
    f["trigger"] = "event"
    f["transport"] = draw(st.sampled_from(("webhook", "webhook", "rest", "queue", None)))
    if f["transport"] == "webhook":
        f["webhook_registration"] = draw(maybe(st.sampled_from(WEBHOOK_REGISTRATIONS)))


def _scheduled_pull(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """Polling: the destination pulls on a schedule, change detection known or not."""
    f["mail_person"] = destination
    f["mailbox"] = draw(st.sampled_from((source, None)))
    f["trigger"] = "schedule"
    f["transport"] = draw(st.sampled_from(("rest", "sftp", "database", None)))
    f["change_detection"] = draw(maybe(st.sampled_from(CHANGE_DETECTIONS)))


def _on_demand_pull(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """A real-time lookup by the destination, with or without a cache."""
    f["mail_person"] = destination
    f["mailbox"] = draw(st.sampled_from((source, None)))
    f["trigger"] = "on-demand"
    f["transport"] = draw(st.sampled_from(("rest", "graphql", None)))
    f["caching"] = draw(tri())
    f["pattern"] = draw(maybe(st.sampled_from(("pull", "embed", "clone"))))


def _inferred(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """The mail person left blank while a webhook or an event says the source pushes."""
    f["mail_person"] = None
    f["mailbox"] = draw(st.sampled_from((destination, None)))
    f["trigger"] = draw(st.sampled_from(("event", "event", None, "schedule", "on-demand")))
    webhook = f["trigger"] != "event" or draw(st.booleans())
    f["transport"] = "webhook" if webhook else draw(maybe(st.sampled_from(("rest", "queue"))))
    if webhook:
        f["webhook_registration"] = draw(maybe(st.sampled_from(WEBHOOK_REGISTRATIONS),
                                               none_weight=2))


def _mailbox_only(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """The mailbox stated, the mail person not: the other end is the mail person."""
    f["mail_person"] = None
    f["mailbox"] = draw(st.sampled_from((source, destination)))
    f["trigger"] = draw(maybe(st.sampled_from(("schedule", "on-demand"))))
    f["transport"] = draw(maybe(st.sampled_from(("rest", "sftp"))))


def _contradiction(draw: st.DrawFn, f: dict[str, Any], source: str, destination: str) -> None:
    """The destination pulls, yet on an event, or over a webhook; or a clone fetched on
    demand (a real-time pull whose pattern says no live connection is needed)."""
    kind = draw(st.sampled_from(("pull-on-event", "pulled-webhook", "clone-on-demand")))
    f["mail_person"] = destination
    f["mailbox"] = draw(st.sampled_from((source, None)))
    if kind == "pull-on-event":
        f["trigger"] = "event"
        f["transport"] = draw(maybe(st.sampled_from(("rest", "webhook"))))
    elif kind == "pulled-webhook":
        f["trigger"] = draw(maybe(st.sampled_from(TRIGGERS)))
        f["transport"] = "webhook"
        f["webhook_registration"] = draw(maybe(st.sampled_from(WEBHOOK_REGISTRATIONS)))
    else:
        f["trigger"] = "on-demand"
        f["pattern"] = "clone"
        f["transport"] = draw(maybe(st.just("rest")))


SHAPES = {
    "free": _free, "event-push": _event_push, "scheduled-pull": _scheduled_pull,
    "on-demand-pull": _on_demand_pull, "inferred": _inferred, "mailbox-only": _mailbox_only,
    "contradiction": _contradiction,
}


def _timing_details(draw: st.DrawFn, f: dict[str, Any]) -> None:
    """The event, the demand or the schedule that goes with the trigger (or null)."""
    if f.get("trigger") == "event":
        f["event"] = draw(maybe(st.sampled_from(EVENTS)))
    elif f.get("trigger") == "on-demand":
        f["event"] = draw(maybe(st.sampled_from(DEMANDS)))
    elif f.get("trigger") == "schedule":
        f["schedule"] = draw(maybe(st.sampled_from(SCHEDULES)))


def _common_fields(draw: st.DrawFn, f: dict[str, Any], ends: tuple[str, str]) -> None:
    """Fields any flow may have, each known or not."""
    f.setdefault("pattern", draw(maybe(st.sampled_from(PATTERNS))))
    f["format"] = draw(maybe(st.sampled_from(FORMATS)))
    method = draw(maybe(st.sampled_from(AUTH_METHODS)))
    auth_shape = draw(st.sampled_from(("absent", "null", "method", "named")))
    if auth_shape == "null":
        f["auth"] = None
    elif auth_shape == "method":
        f["auth"] = {"method": method}
    elif auth_shape == "named":
        f["auth"] = {"method": method, "credential_name": draw(st.sampled_from(CREDENTIAL_NAMES))}
    f["business_logic"] = draw(maybe(st.sampled_from(ends)))
    f["personal_data"] = draw(tri())
    f["volume"] = draw(maybe(st.sampled_from(VOLUMES)))
    f["latency"] = draw(maybe(st.sampled_from(LATENCIES)))
    f["error_handling"] = draw(maybe(st.sampled_from(ERROR_HANDLING)))


def _direction_of(f: dict[str, Any]) -> str | None:
    """The direction the stated roles make (push when the mail person is the source), or
    None: a stated direction never contradicts the roles here (that is compare's job)."""
    if f.get("mail_person") is None:
        return None
    return "push" if f["mail_person"] == f["source"] else "pull"


def _drop_some_nulls(draw: st.DrawFn, record: dict[str, Any], keep: tuple[str, ...]) -> \
        dict[str, Any]:
    """Null and absent both mean "don't know yet": some nulls are written, some left out."""
    out = {}
    for key, value in record.items():
        if value is None and key not in keep and draw(st.booleans()):
            continue
        out[key] = value
    return out


# -- whole specs ----------------------------------------------------------------------------


@st.composite
def plain_specs(draw: st.DrawFn, shapes: tuple[str, ...] = FLOW_SHAPES) -> dict[str, Any]:
    """2–5 systems, 1–4 flows between distinct pairs of them, each flow of one of `shapes`."""
    count = draw(st.integers(2, 5))
    listed = draw(systems(count))
    ids = [s["id"] for s in listed]
    pairs = [(a, b) for a in ids for b in ids if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=4, unique=True))
    flows = [draw(flow(f"f{n}", a, b, draw(st.sampled_from(shapes))))
             for n, (a, b) in enumerate(chosen, start=1)]
    return _spec(draw, listed, flows)


@st.composite
def middle_specs(draw: st.DrawFn) -> dict[str, Any]:
    """An integration platform in the middle, as two flows: one into it, one out of it
    (and sometimes one more flow elsewhere). The leg in is pushed by the source (often a
    webhook on an event), pulled by the platform on a schedule, or undecided; the leg out
    is pushed by the platform, or its mail person is left blank."""
    count = draw(st.integers(3, 5))
    listed = draw(systems(count, platforms=1))
    platform = listed[-1]["id"]
    others = [s["id"] for s in listed[:-1]]
    source, destination = draw(st.permutations(others))[:2]
    inbound_shape = draw(st.sampled_from(("event-push", "scheduled-pull", "inferred", "free")))
    inbound = draw(flow("f1", source, platform, inbound_shape))
    outbound = draw(flow("f2", platform, destination, "event-push"))
    variant = draw(st.integers(0, 5))
    if variant == 0:  # the platform's own leg, its mail person left blank
        outbound["mail_person"] = None
        outbound.pop("direction", None)
    elif variant == 1:  # the platform pushes on its own schedule, or when is not decided
        outbound["trigger"] = draw(st.sampled_from(("schedule", None)))
        outbound.pop("event", None)
    flows = [inbound, outbound]
    if count > 3 and draw(st.booleans()):
        a, b = draw(st.permutations([s for s in others if s not in (source, destination)]
                                    + [source]))[:2]
        flows.append(draw(flow("f3", a, b)))
    return _spec(draw, listed, flows)


def _spec(draw: st.DrawFn, listed: list[dict[str, Any]], flows: list[dict[str, Any]]) -> \
        dict[str, Any]:
    spec: dict[str, Any] = {"spec": 1}
    spec["title"] = draw(st.sampled_from(("Orders to the ledger", "Staff data sync", None)))
    spec["why"] = draw(st.sampled_from(("Finance needs every order within minutes.", None)))
    spec["stakeholders"] = draw(st.sampled_from((
        [{"name": "Dana Ortiz", "role": "project manager"}],
        [{"name": "Dana Ortiz", "role": "project manager"},
         {"name": "Lee Chen", "role": "developer"}],
        [],
    )))
    spec["systems"] = listed
    spec["flows"] = flows
    return spec


def specs() -> st.SearchStrategy[dict[str, Any]]:
    """Any spec: mostly plain ones, a third with a platform in the middle."""
    return st.one_of(plain_specs(), plain_specs(), middle_specs())


def spec_yaml(spec: dict[str, Any]) -> str:
    """The spec as YAML text, as a person would write it (block style, keys in order)."""
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(spec, buffer)
    return buffer.getvalue()
