"""Plain words in what stakeholders sign: the document (Markdown, HTML and its diagrams)
and the brief never show a field name of the spec, a rule code of `mailroom check` or
an option value of a closed vocabulary; they say each in words. Codes stay in `check`'s
own output and its JSON.

Rendered: every sample (documents and briefs) and specs that use every option value of
every closed vocabulary (mailroom.spec.vocabulary.VOCABULARIES). Words that are English
and belong to the glossary ("push", "pull", "webhook", "event", "schedule", "none") are
fine in prose; what is forbidden is:

- anywhere: a field name with an underscore (`mail_person`), a dotted field path
  (`auth.method`, `systems.<id>.api`), a rule code (`poll-needs-change-detection`), and an
  option value that is no English word (`modified-since`, `oauth2-jwt-bearer`, `api`,
  `mtls`, `dpa`, `sftp`…), matched as a whole token, hyphenated ones in any case;
- inside code (a Markdown code span, an HTML <code>): any field name or option value.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML
from tests.conftest import SAMPLES
from tests.render_specs import DETAILED_SPEC

from mailroom.checks import RULES
from mailroom.checks.open_questions import CODE as OPEN_QUESTION
from mailroom.checks.registry import CATALOG_RULES
from mailroom.document.output import Options
from mailroom.document.render import render, render_briefs
from mailroom.spec.model import Spec
from mailroom.spec.vocabulary import VOCABULARIES

DATE = "2026-01-15"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


# -- what must not appear ------------------------------------------------------------------


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every field name of the spec's models, nested ones too."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for inner in _models_in(info.annotation):
            names |= _field_names(inner, seen)
    return names


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)


FIELDS = _field_names(Spec)
CODES = {rule.code for rule in RULES} | {code for code, *_ in CATALOG_RULES} | {OPEN_QUESTION}
VALUES = {value for values in VOCABULARIES.values() for value in values}
# Option values that are not English words: said in words, never as they are spelled.
IDENTIFIER_VALUES = {v for v in VALUES if "-" in v or any(c.isdigit() for c in v)} | {
    "api", "mtls", "dpa", "sftp", "graphql", "oauth2"}


def _token(word: str, *, ignore_case: bool = False) -> re.Pattern[str]:
    """The word as a whole token: not part of a longer identifier, path or URL."""
    return re.compile(rf"(?<![\w\-/.]){re.escape(word)}(?![\w\-/])",
                      re.IGNORECASE if ignore_case else 0)


ANYWHERE: list[tuple[str, re.Pattern[str]]] = [
    *((f"field name {name}", _token(name)) for name in sorted(FIELDS) if "_" in name),
    ("a dotted field path", re.compile(r"\b(?:auth\.method|systems\.[a-z0-9-]+\.[a-z_]+)\b")),
    *((f"rule code {code}", _token(code, ignore_case=True)) for code in sorted(CODES)),
    *((f"option value {value}", _token(value, ignore_case="-" in value))
      for value in sorted(IDENTIFIER_VALUES)),
]
IN_CODE = {*FIELDS, *VALUES}


def typed_names(spec: dict[str, Any]) -> set[str]:
    """Names the stakeholders typed that the document shows as code, as they are spelled
    (a credential's name and permissions): theirs, not mailroom's words."""
    names = set()
    for flow in spec.get("flows") or []:
        auth = flow.get("auth") or {}
        names |= {str(n) for n in [auth.get("credential_name"), *(auth.get("scopes") or [])]
                  if n}
    return names


def problems_in(text: str, codes: list[str], where: str, typed: set[str]) -> list[str]:
    found = []
    for what, pattern in ANYWHERE:
        for match in pattern.finditer(text):
            line = text[max(0, match.start() - 60):match.end() + 60].replace("\n", " ")
            found.append(f"{where}: {what}: …{line}…")
    for code in codes:
        if code.strip() in typed:
            continue
        words = set(re.findall(r"[a-z0-9_\-.]+", code.lower()))
        if words & IN_CODE:
            found.append(f"{where}: code shows {sorted(words & IN_CODE)}: {code}")
    return found


# -- reading what was written ---------------------------------------------------------------

_FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1$", re.MULTILINE | re.DOTALL)


def markdown_problems(md: str, where: str, typed: set[str] = frozenset()) -> list[str]:
    """The Markdown's prose and code spans; a Mermaid diagram's labels count as prose
    (GitHub draws them); the DOT source of an undrawn diagram is left alone."""
    mermaid = [m.group(3) for m in _FENCE.finditer(md) if m.group(2) == "mermaid"]
    prose = _FENCE.sub("", md)
    codes = re.findall(r"(`+)(.+?)\1", prose)
    prose = re.sub(r"(`+)(.+?)\1", " ", prose)
    labels = [label for block in mermaid for label in re.findall(r'"([^"]*)"', block)]
    return problems_in(prose + "\n" + "\n".join(labels), [c for _, c in codes], where, typed)


def html_problems(page: str, where: str, typed: set[str] = frozenset()) -> list[str]:
    """The HTML's visible text and its <code>, and the text of the SVG diagrams it holds."""
    svgs = [base64.b64decode(data).decode("utf-8") for data in
            re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', page)]
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.DOTALL)
    page = re.sub(r'src="data:[^"]*"', " ", page)
    codes = [html.unescape(c) for c in re.findall(r"<code[^>]*>(.*?)</code>", page, re.DOTALL)]
    page = re.sub(r"<code[^>]*>.*?</code>", " ", page, flags=re.DOTALL)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    svg_text = "\n".join(html.unescape(t) for svg in svgs
                         for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    return problems_in(text + "\n" + svg_text, codes, where, typed)


def written_problems(spec: Path, out: Path) -> list[str]:
    [result] = render([spec], out / "doc", Options(formats=("md", "html"), date=DATE,
                                                    stub=False), jobs=1)
    assert result.error is None, result.error
    [brief] = render_briefs([spec], out / "brief", Options(formats=("md", "html"), date=DATE),
                            jobs=1)
    assert brief.error is None, brief.error
    stem = spec.stem
    typed = typed_names(YAML(typ="safe").load(spec.read_text(encoding="utf-8")))
    return [
        *markdown_problems((out / "doc" / f"{stem}.md").read_text(encoding="utf-8"),
                           f"{stem}.md", typed),
        *html_problems((out / "doc" / f"{stem}.html").read_text(encoding="utf-8"),
                       f"{stem}.html", typed),
        *markdown_problems((out / "brief" / f"{stem}-brief.md").read_text(encoding="utf-8"),
                           f"{stem}-brief.md", typed),
        *html_problems((out / "brief" / f"{stem}-brief.html").read_text(encoding="utf-8"),
                       f"{stem}-brief.html", typed),
    ]


# -- specs that use every option value --------------------------------------------------------


def _systems(**extra: dict[str, Any]) -> list[dict[str, Any]]:
    base = {"api": True, "events": True, "skills": True, "platform": False,
            "third_party": False, "owner": "IT", "kind": "CRM"}
    systems = [{"id": "s1", "name": "Ledgerly", **base}, {"id": "s2", "name": "Stockroom",
                                                          **base}]
    for system in systems:
        system.update(extra.get(system["id"], {}))
    return systems


def _spec(title: str, flows: list[dict[str, Any]], systems: list[dict[str, Any]] | None = None
          ) -> dict[str, Any]:
    numbered = [{"id": f"f{n}", "source": "s1", "destination": "s2", "data": "Orders",
                 **flow} for n, flow in enumerate(flows, start=1)]
    return {"spec": 1, "title": title, "why": "Because.", "stakeholders": [{"name": "Dana"}],
            "systems": systems or _systems(), "flows": numbered}


def vocabulary_specs() -> dict[str, dict[str, Any]]:
    """One spec per closed vocabulary, each value in a flow (or a system) where the
    document and the brief have something to say about it."""
    v = VOCABULARIES
    push = {"mail_person": "s1", "trigger": "event", "event": "an order is paid"}
    poll = {"mail_person": "s2", "trigger": "schedule", "schedule": "every hour"}
    personal = {**push, "personal_data": True, "personal_fields": ["email"]}
    return {
        "trigger": _spec("Triggers", [
            {"mail_person": "s2" if t == "on-demand" else "s1", "trigger": t,
             "event": "a clerk asks", "schedule": "every hour"} for t in v["trigger"]]),
        "direction": _spec("Directions", [{"direction": d} for d in v["direction"]]),
        "change_detection": _spec("Change detection", [
            {**poll, "change_detection": c} for c in v["change_detection"]]),
        "transport": _spec("Transports", [{**push, "transport": t} for t in v["transport"]]),
        "method": _spec("Authentication", [{**push, "auth": {"method": m}}
                                           for m in v["method"]]),
        "pattern": _spec("Patterns", [
            *({**push, "pattern": p} for p in v["pattern"]),
            *({**poll, "pattern": p} for p in v["pattern"]),
            *({"mail_person": "s2", "trigger": "on-demand", "pattern": p}
              for p in v["pattern"])]),
        "webhook_registration": _spec("Webhooks", [
            {**push, "transport": "webhook", "webhook_registration": r}
            for r in v["webhook_registration"]]),
        "interface_kind": _spec("Interfaces", [push], [
            {"id": f"k{n}", "name": f"System {n}", "interface_kind": kind}
            for n, kind in enumerate(v["interface_kind"])] + _systems()),
        "personal_data_agreement": _spec("Agreements", [
            {**personal, "personal_data_agreement": a, "transport": "sftp", "sends": s}
            for a in v["personal_data_agreement"] for s in v["sends"]],
            _systems(s2={"third_party": True})),
        "sends": _spec("Sends", [{**push, "sends": s} for s in v["sends"]]),
        # one offer per spec: each value is said in words in test_brief too
        "built_by": {**_spec("Offer", [push]), "offer": {"built_by": v["built_by"][1]}},
        "personal_data_kinds": _spec("Kinds", [
            {**personal, "transport": "sftp", "personal_data_kinds": [k]}
            for k in v["personal_data_kinds"]], _systems(s2={"third_party": True})),
        "if_not_collected": _spec("Files", [
            {**push, "transport": "sftp", "file": {"name": "orders.csv", "if_not_collected": u}}
            for u in v["if_not_collected"]]),
        "act_on": _spec("Effective dates", [
            {**push, "effective_date": {"field": "start date", "act_on": a}}
            for a in v["act_on"]]),
    }


def _write(spec: dict[str, Any], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        YAML().dump(spec, out)
    return path


def test_every_vocabulary_is_covered():
    assert set(vocabulary_specs()) == set(VOCABULARIES)


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_option_value_is_said_in_words(name, tmp_path):
    spec = _write(vocabulary_specs()[name], tmp_path / f"{name.replace('_', '-')}.yaml")
    problems = written_problems(spec, tmp_path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sample", [*sorted(SAMPLES.glob("*.yaml")),
                                    *sorted((SAMPLES / "briefs").glob("*.yaml"))],
                         ids=lambda p: p.stem)
def test_the_samples_say_everything_in_words(sample, tmp_path):
    problems = written_problems(sample, tmp_path)
    assert not problems, "\n".join(problems)


def test_the_new_fields_are_said_in_words(tmp_path):
    """Ways in, peaks, fields, personal data and its agreement, alerts: all in words."""
    spec = tmp_path / "detailed.yaml"
    spec.write_text(DETAILED_SPEC, encoding="utf-8")
    problems = written_problems(spec, tmp_path)
    assert not problems, "\n".join(problems)


def test_the_reader_finds_what_it_forbids():
    """The positive control: each kind of slip is caught, in prose and in code."""
    md = ("Set `webhook_registration` to api. Found by modified-since; see "
          "poll-needs-change-detection and auth.method. Uses `push`.\n")
    found = "\n".join(markdown_problems(md, "x.md"))
    for what in ("webhook_registration", "option value api", "modified-since",
                 "poll-needs-change-detection", "dotted field path", "code shows ['push']"):
        assert what in found, what
    assert markdown_problems("Salesforce pushes leads; the rest is pulled on a schedule. "
                             "See /api/tracker and the API.\n", "ok.md") == []
