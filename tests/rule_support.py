"""Building specs for the rule tests, and which rules have a test where they fire and
one where they must not.

Specs are built in Python from one complete, valid push (Salesforce pushes converted
leads into NetSuite's REST API when a lead is converted) with keyword overrides, so
each test shows only what differs from a spec that has no findings at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any, TypeVar

from mailroom.checks import RULES, Finding, run_checks
from mailroom.spec.model import Spec

F = TypeVar("F", bound=Callable[..., Any])

# -- building specs -----------------------------------------------------------

SYSTEMS: dict[str, dict[str, Any]] = {
    "salesforce": {
        "id": "salesforce", "name": "Salesforce", "api": True, "events": True,
        "skills": True, "third_party": False, "kind": "CRM", "owner": "Sales operations",
        "signatory": "Sam Lee (head of sales operations)",
        "interface": "REST API (accounts)",
    },
    "netsuite": {
        "id": "netsuite", "name": "NetSuite", "api": True, "events": False,
        "skills": True, "third_party": False, "kind": "ERP", "owner": "Finance systems",
        "signatory": "Ida Berg (finance director)",
        "interface": "REST API (customers)",
    },
}
BOOMI = {"id": "boomi", "name": "Boomi", "api": True, "events": True, "skills": False,
         "platform": True, "third_party": True, "kind": "integration platform",
         "owner": "Integration team", "interface": "Boomi web services listener",
         "signatory": "Ana Ruiz (integration lead)"}
WAREHOUSE = {"id": "warehouse", "name": "Data Warehouse", "api": True, "events": False,
             "skills": True, "third_party": False, "kind": "data warehouse",
             "owner": "Data team", "interface": "staging tables",
         "signatory": "Tom Vik (data lead)"}

PUSH: dict[str, Any] = {
    "id": "salesforce-to-netsuite",
    "data": "Converted leads (name, email, company)",
    "source": "salesforce",
    "destination": "netsuite",
    "mail_person": "salesforce",
    "mailbox": "netsuite",
    "trigger": "event",
    "event": "a lead is converted",
    "transport": "rest",
    "format": "json",
    "auth": {"method": "oauth2-client-credentials"},
    "business_logic": "netsuite",
    "pattern": "clone",
    "personal_data": True,
    "personal_fields": ["name", "email"],
    "personal_data_kinds": ["contact"],
    "volume": "200 records/day",
    "latency": "5 minutes",
    "error_handling": "Retry three times, then alert the integration team.",
    "alert_to": "Integration team",
}
# The same data, but NetSuite polls Salesforce's REST API every 30 minutes (the data may
# be an hour old).
PULL: dict[str, Any] = {
    "mail_person": "netsuite",
    "mailbox": "salesforce",
    "trigger": "schedule",
    "event": None,
    "schedule": "*/30 * * * *",
    "change_detection": "modified-since",
    "latency": "1 hour",
}
REALTIME_PULL: dict[str, Any] = {**PULL, "trigger": "on-demand", "schedule": None,
                                 "change_detection": None, "pattern": "pull"}
FLOW_ID = PUSH["id"]


def make_spec(
    *,
    systems: dict[str, dict[str, Any]] | None = None,
    add_systems: tuple[dict[str, Any], ...] = (),
    system_list: list[dict[str, Any]] | None = None,
    flows: list[dict[str, Any]] | None = None,
    top: dict[str, Any] | None = None,
    **flow: Any,
) -> Spec:
    """A valid two-system push, with overrides.

    systems: per-id changes to Salesforce and NetSuite; add_systems: more systems;
    system_list: the systems exactly; flows: the flows exactly; top: spec-level fields;
    any other keyword changes the one flow (None makes a field unknown).
    """
    if system_list is None:
        changes = systems or {}
        system_list = [{**base, **changes.get(sid, {})} for sid, base in SYSTEMS.items()]
        system_list += list(add_systems)
    data: dict[str, Any] = {
        "spec": 1,
        "title": "Converted leads from Salesforce to NetSuite",
        "why": "Finance needs every converted lead as a NetSuite customer within minutes.",
        "stakeholders": [{"name": "Dana Ortiz", "role": "project manager"}],
        "data_protection_contact": "Ola Hansen (data-protection officer)",
        "systems": system_list,
        "flows": flows if flows is not None else [{**PUSH, **flow}],
    }
    data.update(top or {})
    return Spec.model_validate(data)


def pull_spec(**flow: Any) -> Spec:
    return make_spec(**{**PULL, **flow})


def with_code(spec: Spec, code: str) -> list[Finding]:
    return [f for f in run_checks(spec) if f.code == code]


def the_finding(spec: Spec, code: str) -> Finding:
    found = with_code(spec, code)
    assert len(found) == 1, f"expected one {code} finding, got {found}"
    return found[0]


def codes(spec: Spec) -> set[str]:
    return {f.code for f in run_checks(spec)}


def assert_says(message: str, *phrases: str) -> None:
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"


# -- which rules have tests -----------------------------------------------------

RULE_CODES = [rule.code for rule in RULES]
COVERED: dict[str, set[str]] = defaultdict(set)


def covers(code: str, kind: str) -> Callable[[F], F]:
    """Mark a test as the `fires` or `quiet` case of a rule."""
    assert code in RULE_CODES, f"no rule has the code {code}"
    assert kind in ("fires", "quiet")

    def mark(test: F) -> F:
        COVERED[code].add(kind)
        return test

    return mark


