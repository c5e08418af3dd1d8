"""Findings and open questions are printed in the document people sign, so their words
are plain: no field name of the spec (`mail_person`, `webhook_registration`), no rule
code, no raw option value (`api`, `manual`, `modified-since`, `oauth2-jwt-bearer`). The
code and the field stay beside the message, in `check`'s own output and its JSON.

Every rule's message is read here: from every sample, and from specs made to fire each
rule (the last test makes sure none is missed)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import SAMPLES
from tests.rule_support import BOOMI, PULL, PUSH, REALTIME_PULL, WAREHOUSE, make_spec

from mailroom.catalog.model import ApiStyle, Registration
from mailroom.checks import RULES, Finding, run_checks
from mailroom.checks.registry import CATALOG_RULES
from mailroom.spec.model import Auth, FieldMap, Flow, Spec, Stakeholder, System
from mailroom.spec.reading import load_spec
from mailroom.spec.vocabulary import VOCABULARIES

CODES = sorted({rule.code for rule in RULES} | {rule[0] for rule in CATALOG_RULES})
FIELDS = sorted({name for model in (Spec, System, Flow, Auth, FieldMap, Stakeholder)
                 for name in model.model_fields})
# Option values that are ordinary English words (or the glossary's) may be said as they are.
ENGLISH = {"event", "schedule", "push", "pull", "none", "other", "embed", "clone", "synthesize",
           "changes", "everything", "file", "database", "queue", "webhook", "basic", "bulk",
           "product", "partner", "project", "contact", "identity", "financial", "health",
           "children", "overwritten", "kept", "entered"}
RAW_VALUES = sorted(v for v in {*(v for values in VOCABULARIES.values() for v in values),
                                 *ApiStyle.__args__, *Registration.__args__}  # type: ignore[attr-defined]
                    if v not in ENGLISH)
VALUE = "|".join(re.escape(v) for v in [*RAW_VALUES, *sorted(ENGLISH), "true", "false", "null"])


def _word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")


FORBIDDEN: list[tuple[str, re.Pattern[str]]] = [
    *((f"field name {f}", _word(f)) for f in FIELDS if "_" in f),
    # "(mail_person: clinic)", "set caching: true"; a citation "(source: https://…)" is fine
    *((f"field {f} with a value", re.compile(rf"\({f}: (?!http)|\b{f}: ({VALUE})\b"))
      for f in FIELDS),
    *((f"rule code {c}", _word(c)) for c in CODES),
    *((f"raw option value {v}", _word(v)) for v in RAW_VALUES),
    ("a backtick", re.compile("`")),
]


def problems_in(text: str) -> list[str]:
    text = re.sub(r"https://\S+", "https://…", text)  # a cited page's address is not words
    return [what for what, pattern in FORBIDDEN if pattern.search(text)]


# -- specs that make every rule fire ------------------------------------------------------

THIRD_PARTY = {"netsuite": {"third_party": True}}
FIRING: dict[str, dict[str, Any]] = {
    "id-invalid": {"id": "Leads_To_NetSuite"},
    "id-duplicate": {"flows": [PUSH, {**PUSH, "data": "Contacts"}]},
    "unknown-system": {"mailbox": "netsuit", "top": {"our_system": "shop"}},
    "source-is-destination": {"destination": "salesforce", "mailbox": None},
    "roles-same-system": {"mailbox": "salesforce"},
    "roles-not-ends": {"add_systems": (BOOMI,), "mail_person": "boomi"},
    "direction-mismatch": {**PULL, "direction": "push"},
    "webhook-is-push": {**PULL, "transport": "webhook", "webhook_registration": "api"},
    "event-needs-push": {**PULL, "trigger": "event", "schedule": None,
                         "change_detection": None},
    "schedule-invalid": {**PULL, "schedule": "61 * * * *"},
    "platform-not-mail-person": {"add_systems": (BOOMI,), "flows": [
        {**PUSH, "id": "in", "destination": "boomi", "mailbox": "boomi"},
        {**PUSH, **PULL, "id": "out", "source": "boomi", "mailbox": "boomi"}]},
    "events-unavailable": {"systems": {"salesforce": {"events": False}}},
    "poll-needs-change-detection": {**PULL, "change_detection": None},
    "full-fetch-cost": {**PULL, "change_detection": "full-fetch", "volume": "500 records"},
    "volume-peak-below-typical": {"volume": "500 a day", "volume_peak": "20 a day"},
    "change-detection-unused": {"change_detection": "incremental-id"},
    "schedule-unclear": {**PULL, "schedule": "now and then"},
    "trigger-details-mismatch": {"schedule": "@hourly"},
    "realtime-pull-runtime-risk": {**REALTIME_PULL},
    "realtime-pull-cached": {**REALTIME_PULL, "caching": True},
    "webhook-registration": {"transport": "webhook", "auth": {"method": "api-key"}},
    "webhook-registration-no-api": {"transport": "webhook", "webhook_registration": "api",
                                    "systems": {"salesforce": {"api": False}}},
    "schedule-misses-freshness": {**PULL, "latency": "at once"},
    "mailbox-missing": {"systems": {"netsuite": {"api": False}}},
    "build-skills-missing": {"systems": {"salesforce": {"skills": False}}},
    "business-logic-off-flow": {"add_systems": (WAREHOUSE,), "business_logic": "warehouse"},
    "business-logic-no-skills": {"systems": {"netsuite": {"skills": False}}},
    "foreign-database-write": {"systems": THIRD_PARTY, "transport": "database",
                               "auth": {"method": "oauth2-jwt-bearer"}},
    "personal-data-bulk-file": {"systems": THIRD_PARTY, "transport": "sftp",
                                "auth": {"method": "ssh-key"}},
    "auth-none-personal-data": {"systems": THIRD_PARTY, "auth": {"method": "none"}},
    "auth-transport-mismatch": {"auth": {"method": "ssh-key"}},
    "personal-data-no-agreement": {"systems": THIRD_PARTY, "personal_data_agreement": "none"},
    "event-push-whole-register": {"sends": "everything"},
    "sensitive-file-unencrypted": {
        "systems": THIRD_PARTY, "transport": "sftp", "auth": {"method": "ssh-key"},
        "format": "csv", "personal_data_kinds": ["financial"], "file": {"encrypted": False}},
    "sensitive-no-access-control": {"personal_data_kinds": ["health", "children"]},
    "file-overwrite-risk": {"transport": "sftp", "auth": {"method": "ssh-key"},
                            "file": {"name": "payroll.csv", "if_not_collected": "overwritten"}},
    "effective-day-on-change": {"effective_date": {"field": "start date",
                                                   "act_on": "effective-day"}},
    "push-pattern-pulled": {**PULL, "pattern": "push"},
    "pull-pattern-pushed": {"pattern": "pull"},
    "clone-fetched-live": {**REALTIME_PULL, "pattern": "clone"},
    "embed-host-keeps": {"pattern": "embed",
                         "fields": [{"name": "email", "transform": "lower case"}]},
    "synthesize-single-remote": {"pattern": "synthesize"},
    "platform-one-leg": {"add_systems": (BOOMI,),
                         "flows": [{**PUSH, "destination": "boomi", "mailbox": "boomi"}]},
    "system-unused": {"add_systems": (WAREHOUSE,)},
    "credential-shared": {"add_systems": (WAREHOUSE,), "flows": [
        {**PUSH, "auth": {"method": "api-key", "credential_name": "SHARED_KEY"}},
        {**PUSH, "id": "to-warehouse", "destination": "warehouse", "mailbox": "warehouse",
         "auth": {"method": "api-key", "credential_name": "SHARED_KEY"}}]},
    "two-way-same-data": {"flows": [PUSH, {**PUSH, **PULL, "id": "back", "source": "netsuite",
                                           "destination": "salesforce"}]},
    "mail-person-inferred": {"mail_person": None, "mailbox": None},
    "open-question": {"systems": {"netsuite": {"api": None, "third_party": True,
                                               "owner": None, "kind": None}},
                      "transport": None, "auth": None, "pattern": None, "personal_fields": None,
                      "alert_to": None, "error_handling": None, "volume": None,
                      "latency": None, "business_logic": None, "format": None, "event": None},
    "catalog-api": {"systems": {"netsuite": {"api": False}}},
    "catalog-events": {"systems": {"salesforce": {"events": False}}},
    "catalog-auth": {"auth": {"method": "mtls"}},
    "catalog-webhook-registration": {"transport": "webhook", "webhook_registration": "api",
                                     "auth": {"method": "api-key"}},
    "catalog-callout": {"transport": "webhook", "webhook_registration": "manual",
                        "auth": {"method": "basic"}},
}
# Specs that ask the open questions the one above does not.
MORE_QUESTIONS: list[dict[str, Any]] = [
    {"mail_person": None, "mailbox": None, "trigger": None, "event": None, "data": None,
     "personal_data": None, "personal_fields": None},
    {**PULL, "trigger": None, "schedule": None, "change_detection": None},
    {**PULL, "change_detection": None, "schedule": None},
    {**REALTIME_PULL, "caching": None},
    {"transport": "webhook", "auth": {"method": "api-key"}},
    {"systems": {"netsuite": {"api": True, "interface": None}}},
    {"systems": {"salesforce": {"events": None, "skills": None, "name": None}}},
    {"add_systems": ({**BOOMI, "skills": None},), "business_logic": "boomi",
     "flows": [{**PUSH, "destination": "boomi", "mailbox": "boomi", "business_logic": None}]},
    {"top": {"title": None, "why": None, "stakeholders": []}},
]


def build(overrides: dict[str, Any]) -> Spec:
    return make_spec(**overrides)


def all_findings() -> Iterator[tuple[str, Finding]]:
    specs = [*SAMPLES.glob("*.yaml"), *SAMPLES.glob("compare/*.yaml"),
             *SAMPLES.glob("briefs/*.yaml")]
    for path in sorted(specs):
        for finding in run_checks(load_spec(str(path)).spec):
            yield path.name, finding
    for code, overrides in FIRING.items():
        for finding in run_checks(build(overrides)):
            yield f"spec firing {code}", finding
    for number, overrides in enumerate(MORE_QUESTIONS, start=1):
        for finding in run_checks(build(overrides)):
            yield f"question spec {number}", finding


FINDINGS = list(all_findings())


@pytest.mark.parametrize("code", sorted(FIRING))
def test_each_firing_spec_fires_its_rule(code: str) -> None:
    assert code in {f.code for f in run_checks(build(FIRING[code]))}


def test_every_rule_has_a_firing_spec_here() -> None:
    assert sorted(FIRING) == CODES


@pytest.mark.parametrize("code", CODES)
def test_every_message_of_the_rule_is_in_plain_words(code: str) -> None:
    found = [(where, f) for where, f in FINDINGS if f.code == code]
    assert found, f"no finding of {code} was read"
    problems = [f"{where}: {what}: {f.message}" for where, f in found
                for what in problems_in(f.message)]
    assert not problems, "\n".join(problems)


def test_the_check_for_plain_words_would_see_each_kind_of_raw_word() -> None:
    assert problems_in("Confirm it (mail_person: clinic).") == [
        "field name mail_person", "field mail_person with a value"]
    assert problems_in("see poll-needs-change-detection") == [
        "rule code poll-needs-change-detection"]
    assert problems_in("set caching: true") == ["field caching with a value"]
    assert problems_in("(source: https://example.org)") == []
    assert problems_in("register it (api) or by hand (manual)") == [
        "raw option value api", "raw option value manual"]
    assert problems_in("an API key, OAuth 2.0 JWT bearer tokens, by hand") == []
