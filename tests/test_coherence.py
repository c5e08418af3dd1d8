"""Coherence: every output tells the same story, and says only what the spec says.

Property-based tests (hypothesis) over generated specs, complete and partial
(tests/spec_strategies.py). Each spec is run through the CLI only, never through
mailroom's internal modules (they are being reorganised; the CLI stays):

    mailroom check SPEC --format json           -> findings, open questions
    mailroom render SPEC -o OUT --format md,html --no-stub
                                                -> OUT/<stem>.md (with a Mermaid copy of every
                                                   diagram), <stem>.html, <stem>-*.svg
    mailroom brief SPEC -o OUT --format md      -> OUT/<stem>-brief.md
    mailroom stub SPEC -o OUT                   -> README.md, project.yaml, workflows/<id>/*

The properties (one test each; property 1 has two: the outputs agree with each other,
and with what the spec says; property 6 reads the stub's plan and simulate's scenarios
through the Python API, since they are plans rather than text):

1. One mail person everywhere: every output names the same mail person for a flow (or
   all say it is undecided), and it is the one the spec states or implies.
2. Every "not decided yet" is an open question, and every open question is in the document.
3. Nothing is stated that the spec leaves unknown.
4. The stub's trigger and change detection agree with the spec.
5. Webhook registration is decided by one rule, in check, document, diagram and stub.
6. The stub's steps, cursor and trigger, and simulate's scenarios, agree with the facts.

Reading the outputs: every text extraction is a small function in the "Readers" section
below, each saying which line of which output it reads. When an output's wording or
layout changes, adapt the reader, not the property. A reader that cannot find what it
looks for fails loudly (ReaderError) rather than returning "nothing", so a format change
never makes a property pass by reading nothing. `test_readers_understand_the_sample` and
`test_value_phrases_are_current` are the positive controls: they fail when a reader or a
phrase table no longer matches what mailroom writes.

Known contradictions: `test_known_contradiction_is_gone[<property>-<name>]` runs each
property on the smallest specs (KNOWN) that broke it on commit baafbd1 (the code before
the facts layer, mailroom.facts, which every output now reads), one test case each: the
checklist the redesign was proved against, whatever hypothesis happens to draw.

Counts: 60 examples for properties 1a, 1b, 2 and 3, 50 for 4 and 5 (about 0.15 s each:
about a minute in all when every property holds; shrinking a failure takes longer).
More examples: COHERENCE_EXAMPLES=5 multiplies every example count by 5.
No shrinking (a quicker red run; the failing spec is shown unshrunk): COHERENCE_NO_SHRINK=1.
In CI (CI=true) the specs are drawn from a fixed seed (hypothesis's derandomize), so a red
CI is reproducible and never a matter of luck; elsewhere every run draws new specs, and a
long hunt (COHERENCE_EXAMPLES=10) is how new contradictions are found.
"""

from __future__ import annotations

import contextlib
import copy
import html
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, note, settings
from ruamel.yaml import YAML
from tests.conftest import SAMPLES
from tests.spec_strategies import middle_specs, plain_specs, spec_yaml, specs

from mailroom.cli import main

SCALE = float(os.environ.get("COHERENCE_EXAMPLES", "1"))
CI = os.environ.get("CI") == "true"
DATE = "2026-01-15"
OPEN_QUESTION = "open-question"

# Say so if a finding of another code on the same flow and field (a warning such as
# poll-needs-change-detection, which replaces the plain open question) may stand for the
# open question of property 2. PRODUCT.md: "unknowns become open questions in the
# document"; so by default only `open-question` findings count.
SHARPER_FINDING_STANDS_FOR_QUESTION = False


def examples(count: int) -> settings:
    # No example database (nothing is written into the repository); a failure prints
    # the spec (as a note) and a @reproduce_failure blob to replay it exactly.
    # COHERENCE_NO_SHRINK=1 reports the first failing spec without shrinking it (faster).
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target]
    if os.environ.get("COHERENCE_NO_SHRINK") != "1":
        phases.append(Phase.shrink)
    return settings(max_examples=max(1, int(count * SCALE)), deadline=None, database=None,
                    print_blob=True, phases=phases, derandomize=CI,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


# =====================================================================================
# Running mailroom (through its CLI only)
# =====================================================================================


@dataclass(frozen=True)
class Finding:
    severity: str
    flow: str | None
    field: str | None
    code: str
    message: str


@dataclass
class Outputs:
    """Everything mailroom writes for one spec, read into memory."""

    spec: dict[str, Any]
    yaml: str
    check_exit: int
    findings: list[Finding]
    doc: str  # the Markdown document
    html: str
    brief: str  # the brief's Markdown
    stub: dict[str, str] = field(default_factory=dict)  # path in the stub folder -> text
    svgs: dict[str, str] = field(default_factory=dict)  # the document's SVG file -> text

    @property
    def open_questions(self) -> list[Finding]:
        return [f for f in self.findings if f.code == OPEN_QUESTION]


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@lru_cache(maxsize=256)
def _run_all(yaml_text: str) -> tuple[Any, ...]:
    with tempfile.TemporaryDirectory(prefix="coherence-") as tmp:
        root = Path(tmp)
        spec_path = root / "spec.yaml"
        spec_path.write_text(yaml_text, encoding="utf-8")
        checked = _invoke("check", str(spec_path), "--format", "json")
        assert checked.exit_code in (0, 1), f"check exit {checked.exit_code}:\n{checked.output}"
        rendered = _invoke("render", str(spec_path), "-o", str(root / "doc"), "--format",
                           "md,html", "--no-stub", "--date", DATE)
        assert rendered.exit_code == 0, rendered.output
        briefed = _invoke("brief", str(spec_path), "-o", str(root / "brief"), "--format", "md",
                          "--date", DATE)
        assert briefed.exit_code == 0, briefed.output
        stubbed = _invoke("stub", str(spec_path), "-o", str(root / "stub"))
        assert stubbed.exit_code == 0, stubbed.output
        stub = tuple(sorted(
            (str(p.relative_to(root / "stub")), p.read_text(encoding="utf-8"))
            for p in (root / "stub").rglob("*")
            if p.is_file() and p.suffix in (".md", ".yaml", ".json", ".js")))
        svgs = tuple(sorted((p.name, p.read_text(encoding="utf-8"))
                            for p in (root / "doc").glob("*.svg")))
        return (checked.exit_code, checked.stdout,
                (root / "doc" / "spec.md").read_text(encoding="utf-8"),
                (root / "doc" / "spec.html").read_text(encoding="utf-8"),
                (root / "brief" / "spec-brief.md").read_text(encoding="utf-8"),
                stub, svgs)


def run_mailroom(spec: dict[str, Any]) -> Outputs:
    """check, render, brief and stub for one spec (memoised: shrinking replays specs)."""
    text = spec_yaml(spec)
    with contextlib.suppress(Exception):  # outside a hypothesis test (positive controls)
        note("The spec:\n" + text)
    exit_code, check_json, doc, html_text, brief, stub, svgs = _run_all(text)
    findings = [Finding(**f) for f in json.loads(check_json)["findings"]]
    return Outputs(implied(spec), text, exit_code, findings, doc, html_text, brief,
                   dict(stub), dict(svgs))


def implied(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec as its readers must take it: a flow that does not say how its data travels
    travels by its mailbox's way in, when that way in is known (not "none yet", and a
    webhook receiver only for a push), as README's "mailroom render" and
    mailroom.facts.flows.transport_of document; and a system whose way in is of a known
    kind has a usable way in ("none yet": it has none), as mailroom.facts.flows.has_way_in
    documents. Everything else is as written."""
    spec = copy.deepcopy(spec)
    kinds = {s["id"]: s.get("interface_kind") for s in spec["systems"]}
    for system in spec["systems"]:
        if system.get("api") is None and system.get("interface_kind") is not None:
            system["api"] = system["interface_kind"] != "none"
    for flow in spec["flows"]:
        if flow.get("transport") is not None:
            continue
        mail_person, source = expected_mail_person(flow), flow["source"]
        mailbox = flow.get("mailbox")
        if mailbox is None and mail_person in (source, flow["destination"]):
            mailbox = flow["destination"] if mail_person == source else source
        kind = kinds.get(mailbox)
        if kind not in (None, "none") and (kind != "webhook" or mail_person == source):
            flow["transport"] = kind
    return spec


# =====================================================================================
# The spec as the oracle
# =====================================================================================

UNDECIDED = "<undecided>"  # what a reader returns when an output says "not decided"


def labels(spec: dict[str, Any]) -> dict[str, str]:
    """System id -> the name outputs use for it (its name, else its id)."""
    return {s["id"]: s.get("name") or s["id"] for s in spec["systems"]}


def flows(spec: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(number in the document, flow) in the spec's order; numbers start at 1."""
    return list(enumerate(spec["flows"], start=1))


def expected_mail_person(flow: dict[str, Any]) -> str | None:
    """The mail person the spec states or implies (PRODUCT.md: stated, or inferred), by the
    rule the README and mailroom.facts.roles document, first match wins:
    - stated: `mail_person`;
    - a stated mailbox that is one end makes the other end the mail person;
    - a stated direction names it (push: the source; pull: the destination);
    - a webhook transport, or else an event trigger, means the source pushes;
    - else None (undecided)."""
    if flow.get("mail_person"):
        return flow["mail_person"]
    source, destination = flow["source"], flow["destination"]
    mailbox = flow.get("mailbox")
    if mailbox in (source, destination) and source != destination:
        return destination if mailbox == source else source
    if flow.get("direction") in ("push", "pull"):
        return source if flow["direction"] == "push" else destination
    if flow.get("transport") == "webhook" or flow.get("trigger") == "event":
        return source
    return None


def expected_direction(flow: dict[str, Any]) -> str | None:
    """push when the (expected) mail person is the source, pull when it is the destination."""
    mail_person = expected_mail_person(flow)
    if mail_person == flow["source"]:
        return "push"
    if mail_person == flow["destination"]:
        return "pull"
    return None


def is_polling(flow: dict[str, Any]) -> bool:
    return expected_direction(flow) == "pull" and flow.get("trigger") == "schedule"


def is_realtime_pull(flow: dict[str, Any]) -> bool:
    return expected_direction(flow) == "pull" and flow.get("trigger") == "on-demand"


def unknown(record: dict[str, Any] | None, key: str) -> bool:
    """Null or absent: "don't know yet". `auth.method` reads inside auth."""
    if record is None:
        return True
    if "." in key:
        head, rest = key.split(".", 1)
        return unknown(record.get(head), rest)
    return record.get(key) is None


# =====================================================================================
# Readers: every text extraction, one small function each. Adapt these when formats change.
# =====================================================================================


class ReaderError(AssertionError):
    """A reader did not find what it reads: the output's format has changed (adapt the
    reader) or the output lacks something it must always have."""


def unescape_md(text: str) -> str:
    """Markdown text as plain text: backslash escapes (`\\_`, `\\*`, `\\(`) removed."""
    return re.sub(r"\\(.)", r"\1", text)


def unescape_mermaid(text: str) -> str:
    """Mermaid text as plain text: mailroom writes unsafe characters as `#60;`."""
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def md_sections(md: str, level: int) -> list[tuple[str, str]]:
    """(heading, body) of every heading of exactly `level` (`## ` is 2), outside fences."""
    out: list[tuple[str, list[str]]] = []
    fence = False
    marker = "#" * level + " "
    for line in md.splitlines():
        if line.startswith("```"):
            fence = not fence
        if not fence and line.startswith(marker):
            out.append((line[len(marker):].strip(), []))
        elif not fence and level > 1 and re.match(rf"#{{1,{level - 1}}} ", line):
            out.append(("", []))  # a higher heading ends the section
        elif out:
            out[-1][1].append(line)
    return [(h, "\n".join(body)) for h, body in out if h]


def md_section(md: str, level: int, heading_start: str) -> str:
    """The body of the first heading of `level` that starts with `heading_start`."""
    for heading, body in md_sections(md, level):
        if heading.startswith(heading_start):
            return body
    raise ReaderError(f"no {'#' * level} heading starting {heading_start!r}")


def mermaid_blocks(md: str) -> list[str]:
    """The text of every ```mermaid fenced block, in order."""
    return re.findall(r"^`{3,}mermaid\n(.*?)^`{3,}$", md, flags=re.MULTILINE | re.DOTALL)


def subject_of(sentence: str, names: Iterable[str]) -> str | None:
    """Who a flow sentence names as its mail person (the subject): a system name, UNDECIDED
    for "…; which of them starts it is not decided yet.", None when it names none.
    Reads "X (mail person) pushes…", "X pushes…", "X pulls…", "X moves…"."""
    text = unescape_md(sentence).strip()
    if "which of them starts it is not decided" in text:
        return UNDECIDED
    for name in sorted(names, key=len, reverse=True):
        for verb in ("pushes ", "pulls ", "moves "):
            if any(text.startswith(f"{name} {role}{verb}")
                   for role in ("", "(mail person) ", "(mail person, inferred) ")):
                return name
    return None


# -- the document (OUT/<stem>.md) ------------------------------------------------------


def doc_summary_sentence(md: str, number: int) -> str:
    """Summary: the numbered item "N. <sentence> ([flow id](#anchor))"."""
    summary = md_section(md, 2, "Summary")
    found = re.search(rf"^{number}\. (.*) \(\[flow ", summary, flags=re.MULTILINE)
    if not found:
        raise ReaderError(f"no summary sentence {number}")
    return unescape_md(found.group(1))


def doc_flow_section(md: str, number: int) -> str:
    """The flow's own section: from "## Flow N: …" to the next "## " heading."""
    return md_section(md, 2, f"Flow {number}:")


def doc_flow_sentence(md: str, number: int) -> str:
    """The flow section's read-back: its "> <sentence>" line."""
    found = re.search(r"^> (.*)$", doc_flow_section(md, number), flags=re.MULTILINE)
    if not found:
        raise ReaderError(f"flow {number} has no '> sentence' line")
    return unescape_md(found.group(1))


def doc_fact(md: str, number: int, label: str) -> str | None:
    """A fact line of the flow section, "- **<label>:** <value>", as plain text;
    UNDECIDED when it reads *not decided yet*; None when there is no such line."""
    found = re.search(rf"^- \*\*{re.escape(label)}:\*\* (.*)$", doc_flow_section(md, number),
                      flags=re.MULTILINE)
    if not found:
        return None
    value = found.group(1).strip()
    if value.strip("*").lower().startswith("not decided"):
        return UNDECIDED
    return unescape_md(value)


def doc_roles_mail_person(md: str, number: int, names: Iterable[str]) -> str:
    """Roles list: "- **Mail person:** X: its code starts …", or *not decided yet*."""
    value = doc_fact(md, number, "Mail person")
    if value is None:
        raise ReaderError(f"flow {number} has no Mail person line")
    if value == UNDECIDED:
        return UNDECIDED
    return _name_at_start(value, names, f"flow {number}'s Mail person line")


def doc_held_by(md: str, number: int, names: Iterable[str]) -> str | None:
    """Authentication: "- **Held by:** X (the mail person), to call …"; None if absent."""
    value = doc_fact(md, number, "Held by")
    if value in (None, UNDECIDED):
        return value
    return _name_at_start(value, names, f"flow {number}'s Held by line")


def doc_context_edge(md: str, number: int) -> str | None:
    """Context diagram (the first Mermaid block, a flowchart): the edge labelled
    "N. X pushes: …" / "N. X pulls (inferred): …" -> X, "N. …: (X starts it; the roles do
    not add up)" -> X, or "N. …: (who starts it: not decided)" -> UNDECIDED; None when the
    flow has no edge."""
    blocks = [b for b in mermaid_blocks(md) if b.startswith("flowchart")]
    if not blocks:
        raise ReaderError("no Mermaid flowchart (context diagram) in the document")
    for label in re.findall(r'\|"(.*?)"\|', blocks[0]):
        label = unescape_mermaid(label)
        if not label.startswith(f"{number}. "):
            continue
        if "who starts it: not decided" in label:
            return UNDECIDED
        muddled = re.search(r"\((.+) starts it; the roles do not add up\)", label)
        if muddled:
            return muddled.group(1)
        found = re.match(rf"{number}\. (.*?) (pushes|pulls)(?: \(inferred\))?: ", label)
        if not found:
            raise ReaderError(f"cannot read the context edge {label!r}")
        return found.group(1)
    return None


def doc_sequence(md: str, number: int) -> str | None:
    """The flow section's own sequence diagram (Mermaid), or None when the section says
    why there is none: "Not decided yet: the sequence can be drawn once …", or "The
    sequence can be drawn once who pushes and who pulls adds up"."""
    section = doc_flow_section(md, number)
    blocks = [b for b in mermaid_blocks(section) if b.startswith("sequenceDiagram")]
    if blocks:
        return unescape_mermaid(blocks[0])
    if "the sequence can be drawn once" not in section.lower():
        raise ReaderError(f"flow {number} has neither a sequence diagram nor says why not")
    return None


def doc_roles_do_not_add_up(md: str, number: int) -> bool:
    """The flow section says its sequence waits for the roles to add up (a mail person is
    named, but push or pull does not follow): the diagram says nothing about who it is."""
    return "drawn once who pushes and who pulls adds up" in doc_flow_section(md, number)


def doc_sequence_mail_person(md: str, number: int) -> str | None:
    """Sequence diagram: "participant pN as X (mail person)" (or "(mail person, inferred)")
    -> X; no diagram -> UNDECIDED, or None when the roles do not add up."""
    sequence = doc_sequence(md, number)
    if sequence is None:
        return None if doc_roles_do_not_add_up(md, number) else UNDECIDED
    found = re.search(r"participant \w+ as (.*) \(mail person(?:, inferred)?\)", sequence)
    if not found:
        raise ReaderError(f"flow {number}'s sequence names no mail person")
    return found.group(1)


def doc_responsibility_mail_person(md: str, number: int) -> str:
    """Responsibilities: under "### Flow N: …", the row "| Mail person | X | …"; UNDECIDED
    when the flow has no such row (the section leaves it out while roles are open)."""
    section = md_section(md, 2, "Responsibilities")
    for heading, body in md_sections("## x\n" + section, 3):
        if heading.startswith(f"Flow {number}:"):
            found = re.search(r"^\| Mail person \| (.*?) \|", body, flags=re.MULTILINE)
            return unescape_md(found.group(1)) if found else UNDECIDED
    return UNDECIDED


def doc_open_questions_section(md: str) -> str:
    """The "## Open questions" section, as plain text."""
    return unescape_md(md_section(md, 2, "Open questions"))


def doc_open_question_count(md: str) -> int:
    """How many "- **Qn** …" items the Open questions section lists."""
    return len(re.findall(r"^- \*\*Q\d+\*\* ", md_section(md, 2, "Open questions"),
                          flags=re.MULTILINE))


def doc_status_question_count(md: str) -> int:
    """The status line: "Status: **Draft: … N open question(s)**" -> N (0 when none)."""
    found = re.search(r"Status: \*\*(.*?)\*\*", md)
    if not found:
        raise ReaderError("no Status line")
    count = re.search(r"(\d+) open questions?", found.group(1))
    return int(count.group(1)) if count else 0


def doc_systems_row(md: str, name: str) -> dict[str, str]:
    """The two tables of "## Systems and their mailboxes", row "| **<name>** | …", as
    {column heading: cell text}."""
    section = md_section(md, 2, "Systems and their mailboxes")
    row: dict[str, str] = {}
    header: list[str] = []
    for line in section.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "System":
            header = cells
        elif unescape_md(cells[0]).strip("*") == name:
            row.update(zip(header, [unescape_md(c) for c in cells], strict=False))
    if not row:
        raise ReaderError(f"no row for {name} in the systems tables")
    return row


def doc_mailbox_notes(md: str) -> list[str]:
    """"### Mailboxes: which exist, which are missing": its bullet lines, plain text."""
    section = md_section(md, 2, "Systems and their mailboxes")
    part = section.split("### Mailboxes", 1)[-1].split("\n### ", 1)[0]
    return [unescape_md(line[2:]) for line in part.splitlines() if line.startswith("- ")]


def doc_responsibility_rows(md: str) -> list[dict[str, str]]:
    """Every row of the Responsibilities tables: {Role, System, Builds or provides, Owner,
    Skills in the team} plus "flow": the number of the "### Flow N:" it is under."""
    section = md_section(md, 2, "Responsibilities")
    rows = []
    for heading, body in md_sections("## x\n" + section, 3):
        number = int(re.match(r"Flow (\d+):", heading).group(1))
        for line in body.splitlines():
            cells = [unescape_md(c.strip()) for c in line.strip().strip("|").split("|")]
            if line.startswith("|") and cells[0] not in ("Role",) and not line.startswith("|-"):
                rows.append({"flow": str(number), **dict(zip(
                    ("Role", "System", "Builds or provides", "Owner", "Skills in the team"),
                    cells, strict=False))})
    return rows


def doc_risks(md: str, kind: str) -> list[str]:
    """"### Build risk" or "### Runtime risk" under "## Risks": its bullets, plain text."""
    section = md_section(md, 2, "Risks")
    for heading, body in md_sections("## x\n" + section, 3):
        if heading == kind:
            return [unescape_md(line[2:]) for line in body.splitlines() if line.startswith("- ")]
    raise ReaderError(f"no ### {kind}")


def doc_flow_risks(md: str, number: int) -> list[str]:
    """Build and runtime risks that start "Flow <number>: "."""
    return [r for kind in ("Build risk", "Runtime risk") for r in doc_risks(md, kind)
            if r.startswith(f"Flow {number}: ")]


def doc_flow_statements(md: str, number: int, flow_id: str) -> str:
    """What the document *states* about a flow, as plain text: its summary sentence, its
    section (facts, notes, diagram) and its risks, without the open questions ("- **Qn**
    …") and the check's findings ("**Warning:** …"), which ask rather than state."""
    lines = [doc_summary_sentence(md, number)]
    for line in doc_flow_section(md, number).splitlines():
        if re.match(r"^- \*\*Q\d+\*\* ", line) \
                or re.match(r"^\*\*(Error|Warning|Note):\*\* ", line):
            continue
        lines.append(unescape_mermaid(unescape_md(line)))
    lines += doc_flow_risks(md, number)
    return "\n".join(lines)


def doc_context_node(md: str, name: str) -> str:
    """Context diagram: the node label of a system, '["Name · kind · …"]'."""
    block = [b for b in mermaid_blocks(md) if b.startswith("flowchart")][0]
    for label in re.findall(r'^\s*s\d+\["(.*?)"\]', block, flags=re.MULTILINE):
        label = unescape_mermaid(label)
        if label == name or label.startswith(name + " · "):
            return label
    raise ReaderError(f"no context node for {name}")


# -- the document's HTML and SVG files (OUT/<stem>.html, OUT/<stem>-*.svg) -------------


def html_summary_sentence(page: str, number: int) -> str:
    """HTML: the Nth <li> of the first <ol> after <h2 id="summary">, as plain text."""
    summary = page.split('<h2 id="summary">', 1)[-1].split("<h2", 1)[0]
    ordered = re.search(r"<ol>(.*?)</ol>", summary, flags=re.DOTALL)
    items = re.findall(r"<li>(.*?)</li>", ordered.group(1), flags=re.DOTALL) if ordered else []
    if len(items) < number:
        raise ReaderError(f"no HTML summary item {number}")
    return html.unescape(re.sub(r"<[^>]+>", "", items[number - 1]))


def svg_texts(svg: str) -> list[str]:
    """The <text> elements of an SVG drawn by graphviz, in order, as plain text."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def svg_context_mail_person(svgs: dict[str, str], number: int) -> str | None:
    """The context diagram's SVG (<stem>-context.svg): the edge whose label starts "N. ":
    "N. X pushes" / "N. X pulls" -> X; a "(who starts it: not decided)" line -> UNDECIDED;
    None when no SVG was drawn (no graphviz) or the flow has no edge."""
    if not svgs:
        return None  # graphviz's dot is not installed: no SVG at all
    svg = next((text for name, text in svgs.items() if name.endswith("-context.svg")), None)
    if svg is None:
        raise ReaderError("no context SVG")
    for group in re.findall(r'<g id="edge\d+" class="edge">(.*?)</g>', svg, flags=re.DOTALL):
        texts = svg_texts(group)
        if not texts or not texts[0].startswith(f"{number}. "):
            continue
        if "(who starts it: not decided)" in texts:
            return UNDECIDED
        muddled = [re.match(r"\((.+) starts it; the roles do not add up\)$", t) for t in texts]
        if any(muddled):
            return next(m.group(1) for m in muddled if m)
        found = re.match(rf"{number}\. (.+) (pushes|pulls)(?: \(inferred\))?$", texts[0])
        if not found:
            raise ReaderError(f"cannot read the context SVG edge {texts!r}")
        return found.group(1)
    return None


def svg_sequence_mail_person(svgs: dict[str, str], md: str, number: int) -> str | None:
    """The flow's sequence SVG (<stem>-flowN-<id>.svg): the name above "(mail person)" (or
    "(mail person, inferred)"); UNDECIDED when there is no such file (drawn only once the
    roles are known), None when the document says the roles do not add up, or when no SVG
    was drawn at all."""
    if not svgs:
        return None  # graphviz's dot is not installed: no SVG at all
    svg = next((text for name, text in svgs.items() if f"-flow{number}-" in name), None)
    if svg is None:
        return None if doc_roles_do_not_add_up(md, number) else UNDECIDED
    texts = svg_texts(svg)
    marks = [t for t in texts if t in ("(mail person)", "(mail person, inferred)")]
    if not marks:
        raise ReaderError(f"flow {number}'s sequence SVG names no mail person")
    return texts[texts.index(marks[0]) - 1]


# -- the brief (OUT/<stem>-brief.md) ---------------------------------------------------


def brief_in_short(brief: str, number: int, flow_count: int) -> str:
    """"## In short": the flow's paragraph, "**Flow N.** <sentence> <work>" (no "**Flow
    N.**" when there is one flow: then the section's first paragraph)."""
    section = md_section(brief, 2, "In short")
    paragraphs = [p.strip() for p in section.split("\n\n") if p.strip()]
    if flow_count == 1:
        return unescape_md(paragraphs[0])
    for paragraph in paragraphs:
        if paragraph.startswith(f"**Flow {number}.** "):
            return unescape_md(paragraph[len(f"**Flow {number}.** "):])
    raise ReaderError(f"no 'In short' paragraph for flow {number}")


def brief_work_mail_person(paragraph: str, names: Iterable[str]) -> str:
    """The brief's work line: "So the work is done by code in X: …" / "by a workflow in X
    (inferred: …):" / "by a feature built into X:" -> X; "X is named as the system that
    starts each exchange, but …" -> X; "Which system starts each exchange, … is to be
    confirmed." -> UNDECIDED."""
    found = re.search(r"So the work is done by (?:code in|a workflow in|a feature built into) "
                      r"(.+?)"
                      r"(?: \(inferred: [^)]*\))?: it starts", paragraph)
    if found:
        return found.group(1)
    named = re.search(r"(?:^|\. )([^.]+?) is named as the system that starts each exchange, "
                      r"but who pushes and who pulls does not add up", paragraph)
    if named:
        return named.group(1)
    if re.search(r"Which system starts each exchange, .* is to be confirmed", paragraph):
        return UNDECIDED
    raise ReaderError(f"no work line in {paragraph!r}")


def brief_what_starts_it(brief: str, number: int, flow_count: int) -> str:
    """"## What starts it": the flow's bullet, "- **Flow N.** …" (or the only bullet)."""
    section = unescape_md(md_section(brief, 2, "What starts it"))
    bullets = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    if flow_count == 1:
        return bullets[0]
    for bullet in bullets:
        if bullet.startswith(f"**Flow {number}.** ") or bullet.startswith(f"Flow {number}. "):
            return bullet
    raise ReaderError(f"no 'What starts it' bullet for flow {number}")


def brief_trigger_mail_person(bullet: str, names: Iterable[str]) -> str | None:
    """Who the brief's trigger line says starts the flow: "X sends the data at once." (X
    pushes), "Y polls X for …" or "…, but Y pulls" (Y pulls); None when it names no one."""
    for name in sorted(names, key=len, reverse=True):
        if f"{name} sends the data at once" in bullet or f"{name} polls " in bullet \
                or f"but {name} pulls" in bullet:
            return name
    return None


def brief_pattern_bullet(brief: str, number: int, flow_count: int) -> str:
    """"## The pattern, and what it means for you": the flow's bullet."""
    section = unescape_md(md_section(brief, 2, "The pattern"))
    bullets = [line[2:] for line in section.splitlines() if line.startswith("- ")]
    if flow_count == 1:
        return bullets[0]
    for bullet in bullets:
        if bullet.startswith(f"**Flow {number}.** ") or bullet.startswith(f"Flow {number}. "):
            return bullet
    raise ReaderError(f"no pattern bullet for flow {number}")


# -- the stub (README.md, project.yaml, workflows/<id>/…) ------------------------------


def stub_workflow_sections(readme: str) -> list[tuple[str, str, str]]:
    """README "## Workflows": every "### <name> (`<id>`)" as (name, id, body)."""
    section = md_section(readme, 2, "Workflows")
    out = []
    for heading, body in md_sections("## x\n" + section, 3):
        found = re.match(r"(.*) \(`(.*)`\)$", heading)
        if not found:
            raise ReaderError(f"cannot read the workflow heading {heading!r}")
        out.append((found.group(1), found.group(2), body))
    return out


def stub_section_for_flow(readme: str, source: str, destination: str, flow_id: str) -> \
        tuple[str, str]:
    """The README workflow section that carries a flow, as (workflow id, body). Found by
    its heading: "<source> to <destination>: <data>" for a flow of its own; "<source> to
    … through <platform>" for the legs through a platform in the middle."""
    for name, workflow_id, body in stub_workflow_sections(readme):
        if name.startswith(f"{source} to {destination}: "):
            return workflow_id, body
        through = re.match(r"(.*) to (.*) through (.*)$", name)
        if through and through.group(3) == destination and through.group(1) == source:
            return workflow_id, body
        if through and through.group(3) == source and destination in through.group(2):
            return workflow_id, body
    raise ReaderError(f"no workflow in the stub README for flow {flow_id}")


def stub_runner(body: str) -> str:
    """"- **Who runs it in real life**: X (the mail person)" or "X (an integration platform:
    …)" -> X; "(not decided) …" -> UNDECIDED."""
    found = re.search(r"\*\*Who runs it in real life\*\*: (.*?) \((?:the mail person|an "
                      r"integration platform)", body)
    if not found:
        raise ReaderError("no 'Who runs it in real life' line")
    runner = found.group(1)
    return UNDECIDED if "not decided" in runner else runner


def stub_inbound(body: str) -> tuple[str, str] | None:
    """"- **Inbound**: X pushes into this workflow's webhook trigger (flow `id`)" -> (X, id)."""
    found = re.search(r"\*\*Inbound\*\*: (.*?) pushes into this workflow's webhook trigger "
                      r"\(flow `(.*?)`\)", body)
    return (found.group(1), found.group(2)) if found else None


def stub_mail_person(readme: str, source: str, destination: str, flow_id: str) -> str:
    """Who the stub README says runs a flow: the Inbound line's pusher for a leg pushed
    into a platform's workflow, else the workflow's runner."""
    _, body = stub_section_for_flow(readme, source, destination, flow_id)
    inbound = stub_inbound(body)
    if inbound is not None and inbound[1] == flow_id:
        return inbound[0]
    return stub_runner(body)


def stub_flow_sentence(readme: str, source: str, destination: str, flow_id: str) -> str:
    """The workflow section's bullet with the flow's sentence, told apart from the other
    legs of the workflow (a round trip through a platform has both directions) by its
    ends: "<source> pushes … into <destination>…", "<destination> pulls … from
    <source>…", or "… from <source> to <destination> …" (roles undecided or not adding up)."""
    _, body = stub_section_for_flow(readme, source, destination, flow_id)
    for line in body.splitlines():
        text = line[2:]
        if not line.startswith("- ") or line.startswith("- **"):
            continue
        if (text.startswith(f"{source} pushes ") and f" into {destination}" in text) \
                or (text.startswith(f"{destination} pulls ") and f" from {source}" in text) \
                or f" from {source} to {destination} " in text:
            return text
    raise ReaderError(f"no sentence for flow {flow_id} in its stub workflow")


def stub_trigger_line(body: str) -> str:
    """"- **Trigger**: …" of a README workflow section."""
    found = re.search(r"^- \*\*Trigger\*\*: (.*)$", body, flags=re.MULTILINE)
    if not found:
        raise ReaderError("no Trigger line")
    return found.group(1)


def stub_project(stub: dict[str, str]) -> dict[str, Any]:
    """project.yaml, loaded."""
    return YAML(typ="safe").load(stub["project.yaml"])


def stub_project_block(stub: dict[str, str], workflow_id: str) -> str:
    """project.yaml's text for one workflow, comments included: from "  <id>:" under
    "workflows:" to the next workflow."""
    lines = stub["project.yaml"].splitlines()
    start = next((i for i, line in enumerate(lines) if line == f"  {workflow_id}:"), None)
    if start is None:
        raise ReaderError(f"no workflow {workflow_id} in project.yaml")
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"^ {0,2}\S", lines[i])), len(lines))
    return "\n".join(lines[start:end])


def stub_project_trigger_lines(stub: dict[str, str], workflow_id: str) -> list[str]:
    """project.yaml's lines under the workflow's "    triggers:" (up to "    edges:" or the
    next key at that depth), comments included."""
    lines = stub_project_block(stub, workflow_id).splitlines()
    start = next((i for i, line in enumerate(lines) if line == "    triggers:"), None)
    if start is None:
        raise ReaderError(f"workflow {workflow_id} has no triggers in project.yaml")
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^ {0,4}\S", lines[i])),
               len(lines))
    return [line.strip() for line in lines[start + 1:end]]


def stub_trigger_types(stub: dict[str, str], workflow_id: str) -> set[str]:
    """project.yaml: the `type` of each trigger of the workflow ("webhook", "cron")."""
    workflow = stub_project(stub)["workflows"][workflow_id]
    return {t.get("type") for t in (workflow.get("triggers") or {}).values()}


def stub_job_files(stub: dict[str, str], workflow_id: str) -> dict[str, str]:
    """The workflow's compiled job files, workflows/<id>/*.js."""
    return {path: text for path, text in stub.items()
            if path.startswith(f"workflows/{workflow_id}/") and path.endswith(".js")}


# -- any output ---------------------------------------------------------------------------


def middle_sentences(text: str) -> dict[str, str]:
    """Every "<P> is a platform in the middle: it <legs>." line or paragraph (document
    Summary, brief "In short", stub README bullets), as {P: "<legs>"}."""
    found = re.findall(r"^(?:- )?(.+?) is a platform in the middle: it (.*)\.$",
                       unescape_md(text), flags=re.MULTILINE)
    return dict(found)


def middle_leg_mail_person(legs: str, other_end: str, inbound: bool) -> str | None:
    """Who a platform-in-the-middle sentence says starts one leg: inbound from A, "pulls
    from A" (the platform, returned as "<platform>") / "is pushed to by A" (A) / "receives
    from A" (UNDECIDED); outbound to B, "pushes to B" ("<platform>") / "is pulled from by B"
    (B). None when the sentence does not mention the leg."""
    readings = ({f"pulls from {other_end}": "<platform>", f"is pushed to by {other_end}":
                 other_end, f"receives from {other_end}": UNDECIDED} if inbound else
                {f"pushes to {other_end}": "<platform>", f"is pulled from by {other_end}":
                 other_end})
    verb = "receives from" if inbound else "sends to"  # a round trip has both, one each way
    muddled = re.search(rf"{verb} {re.escape(other_end)} \((.+?) is named "
                        r"to start it, but the roles do not add up\)", legs)
    if muddled:
        return muddled.group(1)
    for phrase, who in readings.items():
        if re.search(re.escape(phrase) + r"(?: and|,|$)", legs):
            return who
    return None


def _name_at_start(text: str, names: Iterable[str], where: str) -> str:
    for name in sorted(names, key=len, reverse=True):
        if text == name or text.startswith(name + ":") or text.startswith(name + " "):
            return name
    raise ReaderError(f"no system name at the start of {where}: {text!r}")


# =====================================================================================
# Known contradictions: the smallest specs that showed each one on the code of
# commit baafbd1. test_known_contradiction_is_gone (at the end) checks each against its
# properties, one test case each: a checklist for the redesign, whatever hypothesis draws.
# =====================================================================================


def known(*legs: dict[str, Any], platform: bool = False) -> dict[str, Any]:
    """A small spec: Ledgerly (s1) and Stockroom (s2), plus Flowbridge (s3), an integration
    platform, when `platform`; every capability known (api, events, skills true; platform
    and third_party false unless said), so that only the flows' unknowns are open."""
    systems = [{"id": "s1", "name": "Ledgerly"}, {"id": "s2", "name": "Stockroom"}]
    if platform:
        systems.append({"id": "s3", "name": "Flowbridge", "platform": True})
    for system in systems:
        for key, value in (("api", True), ("events", True), ("skills", True),
                           ("platform", False), ("third_party", False)):
            system.setdefault(key, value)
    flows_ = [{"id": f"f{n}", **leg} for n, leg in enumerate(legs, start=1)]
    return {"spec": 1, "title": "T", "why": "W", "stakeholders": [{"name": "Dana"}],
            "systems": systems, "flows": flows_}


KNOWN = {
    # 1: the mail person is implied but every output says "undecided" (an event, a webhook,
    # a stated mailbox); the brief's "What starts it" alone names the source.
    "event, mail person blank": known(
        {"source": "s1", "destination": "s2", "trigger": "event"}),
    "webhook, mail person blank": known(
        {"source": "s1", "destination": "s2", "transport": "webhook"}),
    "mailbox stated, mail person blank": known(
        {"source": "s1", "destination": "s2", "mailbox": "s2"}),
    # 1: mail person = mailbox: the sentences name it, the diagrams say "not decided".
    "mail person is the mailbox": known(
        {"source": "s1", "destination": "s2", "mail_person": "s1", "mailbox": "s1"}),
    # 1: the platform's leg out, mail person blank: "… and is pulled from by Stockroom".
    "platform leg out undecided": known(
        {"source": "s1", "destination": "s3", "mail_person": "s1", "trigger": "event"},
        {"source": "s3", "destination": "s2"}, platform=True),
    # 2, 3, 4: a poll without change detection; 2, 5: a webhook push without registration;
    # 2, 3: a real-time pull with caching unknown.
    "poll, change detection unknown": known(
        {"source": "s1", "destination": "s2", "mail_person": "s2", "trigger": "schedule",
         "schedule": "every hour"}),
    "webhook push, registration unknown": known(
        {"source": "s1", "destination": "s2", "mail_person": "s1", "trigger": "event",
         "transport": "webhook"}),
    "lookup, caching unknown": known(
        {"source": "s1", "destination": "s2", "mail_person": "s2", "trigger": "on-demand"}),
    # 2: "Whether Ledgerly offers a usable interface is not decided yet", never asked.
    "api unknown, not a mailbox": dict(known(
        {"source": "s1", "destination": "s2", "mail_person": "s1"}),
        systems=[{"id": "s1", "name": "Ledgerly"},
                 {"id": "s2", "name": "Stockroom", "api": True, "events": True,
                  "skills": True, "platform": False, "third_party": False}]),
    # 3: a platform whose skills are unknown: "Not needed", "little or no code".
    "platform, skills unknown": dict(known(
        {"source": "s3", "destination": "s2", "mail_person": "s3", "trigger": "event"},
        platform=True), systems=[
        {"id": "s1", "name": "Ledgerly", "api": True, "events": True, "skills": True,
         "platform": False, "third_party": False},
        {"id": "s2", "name": "Stockroom", "api": True, "events": True, "skills": True,
         "platform": False, "third_party": False},
        {"id": "s3", "name": "Flowbridge", "api": True, "events": True, "platform": True,
         "third_party": False}]),
    # 3: patterns explained against the rest of the spec.
    "clone fetched on demand": known(
        {"source": "s1", "destination": "s2", "mail_person": "s2", "trigger": "on-demand",
         "caching": True, "pattern": "clone"}),
    "push pattern, destination pulls": known(
        {"source": "s1", "destination": "s2", "mail_person": "s2", "trigger": "schedule",
         "change_detection": "modified-since", "pattern": "push"}),
    "push pattern, mail person unknown": known(
        {"source": "s1", "destination": "s2", "pattern": "push"}),
    "pull pattern, source pushes": known(
        {"source": "s1", "destination": "s2", "mail_person": "s1", "trigger": "event",
         "pattern": "pull"}),
    # 3: found by the generated specs on the facts layer itself (commit e641015): the
    # mailbox named is the mail person too, so the direction does not add up, yet the
    # stated mail person, the source, still starts each transfer.
    "pull pattern, source pushes, mailbox wrong": known(
        {"source": "s1", "destination": "s2", "mail_person": "s1", "mailbox": "s1",
         "direction": "push", "pattern": "pull"}),
    # 4, 5: a platform's two legs joined into one workflow: the leg out's own trigger and
    # webhook registration are lost.
    "platform leg out on a schedule": known(
        {"source": "s1", "destination": "s3", "mail_person": "s1", "trigger": "event",
         "transport": "webhook", "webhook_registration": "manual"},
        {"source": "s3", "destination": "s2", "mail_person": "s3", "trigger": "schedule",
         "schedule": "every 2 hours"}, platform=True),
    "platform leg out, trigger unknown": known(
        {"source": "s1", "destination": "s3", "mail_person": "s1", "trigger": "event",
         "transport": "webhook", "webhook_registration": "manual"},
        {"source": "s3", "destination": "s2", "mail_person": "s3"}, platform=True),
    "platform leg out by webhook, registration unknown": known(
        {"source": "s1", "destination": "s3", "mail_person": "s1", "trigger": "event",
         "transport": "webhook", "webhook_registration": "manual"},
        {"source": "s3", "destination": "s2", "mail_person": "s3", "trigger": "event",
         "transport": "webhook"}, platform=True),
    # 5: webhook registration shown or not by four different rules.
    "webhook push on a schedule": known(
        {"source": "s1", "destination": "s2", "mail_person": "s1", "trigger": "schedule",
         "schedule": "every hour", "transport": "webhook"}),
    "webhook on an event, mail person blank": known(
        {"source": "s1", "destination": "s2", "trigger": "event", "transport": "webhook"}),
    "pulled webhook on an event": known(
        {"source": "s1", "destination": "s2", "mail_person": "s2", "trigger": "event",
         "transport": "webhook"}),
}


# =====================================================================================
# Property 1: one mail person everywhere
# =====================================================================================


def mail_person_voices(out: Outputs, number: int, flow: dict[str, Any]) -> dict[str, str]:
    """Who each output names as the flow's mail person (a name, or UNDECIDED). A voice that
    says nothing about it (no Held by line, a trigger line naming no one) is left out."""
    names = list(labels(out.spec).values())
    count = len(out.spec["flows"])
    src, dst = labels(out.spec)[flow["source"]], labels(out.spec)[flow["destination"]]
    brief_paragraph = brief_in_short(out.brief, number, count)
    voices: dict[str, str | None] = {
        "document summary sentence": subject_of(doc_summary_sentence(out.doc, number), names),
        "document flow sentence": subject_of(doc_flow_sentence(out.doc, number), names),
        "document Roles list": doc_roles_mail_person(out.doc, number, names),
        "document Authentication 'Held by'": doc_held_by(out.doc, number, names),
        "document Responsibilities": doc_responsibility_mail_person(out.doc, number),
        "document HTML summary sentence": subject_of(html_summary_sentence(out.html, number),
                                                     names),
        "context diagram edge (Mermaid)": doc_context_edge(out.doc, number),
        "context diagram edge (SVG)": svg_context_mail_person(out.svgs, number),
        "sequence diagram participant (Mermaid)": doc_sequence_mail_person(out.doc, number),
        "sequence diagram participant (SVG)": svg_sequence_mail_person(out.svgs, out.doc,
                                                                       number),
        "brief sentence": subject_of(brief_paragraph, names),
        "brief 'So the work is done by'": brief_work_mail_person(brief_paragraph, names),
        "brief 'What starts it'": brief_trigger_mail_person(
            brief_what_starts_it(out.brief, number, count), names),
        "stub README sentence": subject_of(
            stub_flow_sentence(out.stub["README.md"], src, dst, flow["id"]), names),
        "stub README 'Who runs it'": stub_mail_person(out.stub["README.md"], src, dst,
                                                      flow["id"]),
    }
    for where, text in (("document", md_section(out.doc, 2, "Summary")),
                        ("brief", md_section(out.brief, 2, "In short")),
                        ("stub README", md_section(out.stub["README.md"], 2, "Workflows"))):
        for platform, legs in middle_sentences(text).items():
            if platform in (src, dst):
                inbound = platform == dst
                who = middle_leg_mail_person(legs, src if inbound else dst, inbound)
                voices[f"{where} 'platform in the middle' sentence"] = \
                    platform if who == "<platform>" else who
    return {voice: said for voice, said in voices.items() if said is not None}


def _show(voices: dict[str, str]) -> str:
    return "\n".join(f"  {voice}: {said}" for voice, said in voices.items())


def disagreeing_mail_people(out: Outputs) -> list[str]:
    """1a: flows whose outputs do not all name the same mail person (or all "undecided")."""
    problems = []
    for number, flow in flows(out.spec):
        voices = mail_person_voices(out, number, flow)
        if len(set(voices.values())) > 1:
            problems.append(f"flow {flow['id']}: the outputs disagree:\n{_show(voices)}")
    return problems


def mail_people_not_from_the_spec(out: Outputs) -> list[str]:
    """1b: outputs naming another mail person than the one the spec states or implies."""
    problems = []
    for number, flow in flows(out.spec):
        expected = expected_mail_person(flow)
        expected_name = labels(out.spec)[expected] if expected else UNDECIDED
        voices = mail_person_voices(out, number, flow)
        wrong = {v: s for v, s in voices.items() if s != expected_name}
        if wrong:
            problems.append(f"flow {flow['id']}: the spec makes the mail person "
                            f"{expected_name}, but:\n{_show(wrong)}")
    return problems


@examples(60)
@given(specs())
def test_1a_every_output_names_the_same_mail_person(spec):
    """All outputs name the same mail person for a flow, or all say it is undecided."""
    problems = disagreeing_mail_people(run_mailroom(spec))
    assert not problems, "\n".join(problems)


@examples(60)
@given(specs())
def test_1b_the_mail_person_is_the_one_the_spec_states_or_implies(spec):
    """Every output names the mail person the spec states, or implies (a webhook or an event
    means the source pushes; a stated mailbox makes the other end the mail person)."""
    problems = mail_people_not_from_the_spec(run_mailroom(spec))
    assert not problems, "\n".join(problems)


# =====================================================================================
# Property 2: every "not decided yet" is an open question, and every open question is in
# the document
# =====================================================================================

ROLES = frozenset({"mail_person", "mailbox", "direction"})
# "- **<label>:** *not decided yet*" in a flow section -> the spec fields it leaves open.
FACT_FIELDS: dict[str, frozenset[str]] = {
    "Data moves": frozenset({"source", "destination"}),
    "Mail person": ROLES, "Mailbox": ROLES, "Direction": ROLES, "Held by": ROLES,
    "Trigger": frozenset({"trigger"}), "Event": frozenset({"event"}),
    "Schedule": frozenset({"schedule"}), "Change detection": frozenset({"change_detection"}),
    "Webhook registration": frozenset({"webhook_registration"}),
    "Caching": frozenset({"caching"}), "What moves": frozenset({"data"}),
    "Volume": frozenset({"volume"}), "Latency (how fresh)": frozenset({"latency"}),
    "Transport": frozenset({"transport"}), "Format": frozenset({"format"}),
    "Method": frozenset({"auth.method", "auth"}), "Credential": frozenset({"auth.method", "auth"}),
    "Lives in": frozenset({"business_logic"}),
    "When a delivery fails": frozenset({"error_handling"}),
    "Personal data": frozenset({"personal_data"}), "Pattern": frozenset({"pattern"}),
}
# "### <topic>" followed by "*Not decided yet* (Qn, …).": every fact of the topic is open.
TOPIC_FIELDS: dict[str, frozenset[str]] = {
    "Roles": ROLES, "Trigger and timing": frozenset({"trigger"}),
    "Data": frozenset({"data"}), "Volume and latency": frozenset({"volume", "latency"}),
    "Transport and format": frozenset({"transport", "format"}),
    "Authentication": frozenset({"auth.method", "auth"}),
    "Business logic": frozenset({"business_logic"}),
    "Error handling": frozenset({"error_handling"}),
    "Personal data": frozenset({"personal_data"}), "Pattern": frozenset({"pattern"}),
}
# Phrases around "not decided" elsewhere (sentences, diagrams, risks) -> the fields.
PHRASE_FIELDS: tuple[tuple[str, frozenset[str]], ...] = (
    (r"which of them starts it is not decided yet", ROLES),
    (r"a mailbox not decided yet", ROLES),
    (r"who starts it: not decided", ROLES),
    (r"the sequence can be drawn once the mail person and the mailbox are decided", ROLES),
    (r"who builds what follows from the mail person", ROLES),
    (r"which event is not decided yet", frozenset({"event"})),
    (r"event: not decided yet", frozenset({"event"})),
    (r"on a schedule not decided yet", frozenset({"schedule"})),
    (r"schedule: not decided yet", frozenset({"schedule"})),
    (r"at a time not decided yet", frozenset({"trigger"})),
    (r"what starts it: not decided yet", frozenset({"trigger"})),
    (r"registering the receiver URL: not decided yet", frozenset({"webhook_registration"})),
    (r"how new or changed records are found: not decided yet",
     frozenset({"change_detection"})),
    (r"credential: not decided yet", frozenset({"auth.method", "auth"})),
    (r"caching: not decided yet", frozenset({"caching"})),
    (r"on failure: not decided yet", frozenset({"error_handling"})),
    (r"what happens then is not decided yet", frozenset({"error_handling"})),
)


@dataclass(frozen=True)
class Undecided:
    """One "not decided" in the document: where, which flow (None: the whole spec; "*":
    any flow), which fields could be the open question behind it, the questions it points
    to ("*not decided yet* (Q3)"), and the line itself."""

    flow: str | None
    fields: frozenset[str]
    line: str
    where: str
    pointers: tuple[str, ...] = ()


def doc_undecided_mentions(md: str, spec: dict[str, Any]) -> list[Undecided]:
    """Every "not decided" of the document, with the flow and fields it is about.
    Skipped: the Open questions section and the check's findings (they ask, not state), and
    the glossary. A mention no rule explains is returned with no fields, so that the
    property fails on it: add a rule for it above."""
    by_number = {n: f["id"] for n, f in flows(spec)}
    by_name = {name: sid for sid, name in labels(spec).items()}
    out: list[Undecided] = []
    h2 = h3 = ""
    fence = False
    for raw in md.splitlines():
        if raw.startswith("```"):
            fence = not fence
        if not fence and raw.startswith("## "):
            h2, h3 = raw[3:], ""
            continue
        if not fence and raw.startswith("### "):
            h3 = raw[4:]
            continue
        if h2 in ("Open questions", "Glossary") or h3 == "What the checks found":
            continue
        if re.match(r"^\*\*(Error|Warning|Note):\*\* ", raw) or re.match(r"^- \*\*Q\d+\*\*", raw):
            continue
        line = unescape_mermaid(unescape_md(raw))
        if "not decided" not in line.lower():
            continue
        flow_id = _mention_flow(h2, h3, line, by_number)
        pointers = tuple(q for group in re.findall(r"\((Q\d+(?:, Q\d+)*)\)", line)
                         for q in group.split(", "))
        out.append(Undecided(flow_id, _mention_fields(h2, h3, line, by_name), raw.strip(),
                             f"{h2} / {h3}".strip(" /"), pointers))
    return out


def _mention_flow(h2: str, h3: str, line: str, by_number: dict[int, str]) -> str | None:
    """Which flow a line is about: its flow section, its numbered summary item or context
    edge, its "Flow <number>: " risk; "*" (any flow) for the middle diagram and the
    Responsibilities; None for the whole spec."""
    section = re.match(r"Flow (\d+):", h2)
    if section:
        return by_number[int(section.group(1))]
    if h2 == "Summary":
        item = re.match(r'^\s*(?:(\d+)\. |.*\|"(\d+)\. )', line)
        if item:
            return by_number[int(item.group(1) or item.group(2))]
        return "*"
    risk = re.match(r"^- Flow (\d+): ", line)
    if h2 == "Risks" and risk:
        return by_number[int(risk.group(1))]
    if h3.startswith("Sequence: both legs") or h2 == "Responsibilities":
        return "*"
    return None


def _mention_fields(h2: str, h3: str, line: str, by_name: dict[str, str]) -> frozenset[str]:
    line = re.sub(r" \((Q\d+(?:, Q\d+)*|see the [^)]*)\)", "", line)  # the pointers
    fact = re.match(r"^- \*\*(.+?):\*\* \*?not decided yet\*?$", line)
    if fact:
        return FACT_FIELDS.get(fact.group(1), frozenset())
    if line.strip() in ("*Not decided yet.*", "Not decided yet.", "*Not decided yet*."):
        if re.match(r"Flow \d+:", h2):
            return TOPIC_FIELDS.get(h3, frozenset())
        return {"Why": frozenset({"why"}),
                "Stakeholders and sign-off": frozenset({"stakeholders"})}.get(h2, frozenset())
    if line.startswith("# ") and "title not decided yet" in line:
        return frozenset({"title"})
    interface = re.match(r"^- Whether (.*) offers a usable interface is not decided yet", line)
    if interface and interface.group(1) in by_name:
        return frozenset({f"systems.{by_name[interface.group(1)]}.api"})
    fields: set[str] = set()
    covered = 0
    for phrase, phrase_fields in PHRASE_FIELDS:
        hits = len(re.findall(phrase, line))
        if hits:
            fields |= phrase_fields
            covered += hits
    # Every "not decided" on the line must be explained by a phrase.
    if covered < len(re.findall(r"not decided", line, flags=re.IGNORECASE)):
        return frozenset()
    return frozenset(fields)


def questions_cover(out: Outputs, mention: Undecided) -> bool:
    """Does `check` ask an open question for this mention: same flow, one of its fields?"""
    findings = out.findings if SHARPER_FINDING_STANDS_FOR_QUESTION else out.open_questions
    flow_ids = {f["id"] for f in out.spec["flows"]}
    for finding in findings:
        if finding.field not in mention.fields:
            continue
        if mention.flow == "*" and finding.flow in flow_ids:
            return True
        if finding.flow == mention.flow:
            return True
    return False


def doc_numbered_questions(md: str) -> dict[str, str]:
    """The Open questions section: {"Q3": its text}, plain text."""
    section = md_section(md, 2, "Open questions")
    return {q: " ".join(unescape_md(text).split()) for q, text in
            re.findall(r"^- \*\*(Q\d+)\*\* (.*)$", section, flags=re.MULTILINE)}


def pointed_questions_missing(out: Outputs, mention: Undecided) -> list[str]:
    """The questions a "not decided" points to that are not open questions of check about
    its flow (and, where the line says which, one of its fields). The document numbers
    check's open questions in the order its Open questions section lists them: the whole
    spec's first, then flow by flow; two flows may ask the same question in the same words.
    A flow's fact that rests on a system's answer may point at that system's question."""
    flow_ids = [f["id"] for f in out.spec["flows"]]
    asked = [q for q in out.open_questions if q.flow not in flow_ids]
    asked += [q for flow_id in flow_ids for q in out.open_questions if q.flow == flow_id]
    numbered = doc_numbered_questions(out.doc)
    problems = []
    for pointer in mention.pointers:
        index = int(pointer[1:]) - 1
        question = asked[index] if index < len(asked) else None
        if question is None or numbered.get(pointer) != " ".join(question.message.split()):
            problems.append(f"{pointer} is no open question of check")
        elif mention.flow not in ("*", None) and question.flow != mention.flow and not (
                question.flow is None and (question.field or "").startswith("systems.")):
            # A flow's fact may rest on one of its systems' answers (whether the receiver
            # is another organisation's): it then points at that system's question.
            problems.append(f"{pointer} is about flow {question.flow}, not {mention.flow}")
        elif mention.fields and question.field not in mention.fields \
                and question.flow is not None:
            problems.append(f"{pointer} asks about {question.field}, not {sorted(mention.fields)}")
    return problems


def unknowns_without_questions(out: Outputs) -> list[str]:
    """2: "not decided" with no open question behind it, open questions missing from the
    document, and counts of open questions that differ."""
    problems = []
    for mention in doc_undecided_mentions(out.doc, out.spec):
        if mention.pointers:
            problems += [f"[{mention.where}] {problem}: {mention.line}"
                         for problem in pointed_questions_missing(out, mention)]
        elif not mention.fields:
            problems.append(f"[{mention.where}] a 'not decided' no rule explains (add one to "
                            f"PHRASE_FIELDS or FACT_FIELDS): {mention.line}")
        elif not questions_cover(out, mention):
            instead = sorted({f.code for f in out.findings if f.code != OPEN_QUESTION
                              and f.field in mention.fields
                              and (f.flow == mention.flow or mention.flow == "*")})
            problems.append(
                f"[{mention.where}] says not decided, but check asks no open question on flow "
                f"{mention.flow} about {sorted(mention.fields)}"
                + (f" (check has {', '.join(instead)} instead)" if instead else "")
                + f": {mention.line}")
    section = " ".join(doc_open_questions_section(out.doc).split())
    for question in out.open_questions:
        if " ".join(question.message.split()) not in section:
            problems.append(f"open question of check missing from the document's Open "
                            f"questions (flow {question.flow}, {question.field}): "
                            f"{question.message}")
    listed = doc_open_question_count(out.doc)
    status = doc_status_question_count(out.doc)
    if not listed == status == len(out.open_questions):
        problems.append(f"open questions: check has {len(out.open_questions)}, the Open "
                        f"questions section lists {listed}, the status line counts {status}")
    return problems


@examples(60)
@given(specs())
def test_2_every_unknown_is_an_open_question_and_every_question_is_in_the_document(spec):
    problems = unknowns_without_questions(run_mailroom(spec))
    assert not problems, "\n".join(problems)


# =====================================================================================
# Property 3: nothing stated that the spec leaves unknown
# =====================================================================================

# What a stated value reads like, per field, in the document's statements about a flow
# (copied from src/mailroom/words.py and the document's notes and diagrams; kept current by
# test_value_phrases_are_current). Case-sensitive substrings of doc_flow_statements.
VALUE_PHRASES: dict[str, tuple[str, ...]] = {
    "trigger": ("an event: something happens in the source", "a schedule (cron or an interval)",
                "on demand: a person's action", "acts the moment it happens",
                "fetches while it does its own work"),
    "change_detection": ("By modification time", "By increasing id",
                         "Full fetch with a duplicate check", "read the cursor",
                         "full fetch means comparing", "compare with what was stored last time"),
    "transport": ("REST API over HTTPS", "SOAP web service", "GraphQL API",
                  "webhook: an HTTP call", "files in an SFTP folder", "database tables",
                  "a message queue", "files dropped in a shared place", "another transport",
                  "'s REST API", "'s SOAP API", "'s webhook receiver", "'s SFTP folder",
                  "'s file drop", "call the receiver URL with", "drop a file of"),
    "auth.method": ("no authentication", "API key", "basic auth", "OAuth 2.0",
                    "mutual TLS certificate", "SSH key", "another method"),
    "pattern": ("Embed: the host", "Push: the host", "Pull: the host retrieves",
                "Clone: the remote", "Synthesize: the host", "(the system the integration is for)"),
    "webhook_registration": ("By hand: the receiver URL", "'s API: the receiver URL is registered",
                             "once, by hand", "register the receiver URL",
                             "subscription confirmed"),
    "caching": ("keeps what it fetched", "every request goes to", "look in the cache first",
                "keep it in the cache", "without a cache", "it caches what it fetched"),
    "business_logic": ("Mapping, transformation and decisions live here",),
    "error_handling": ("on failure: see Error handling",
                       "the error handling above says what happens then"),
}
# A null change detection on a scheduled pull: what the stub must not present as decided.
STUB_CHANGE_DETECTION_PHRASES = ("change detection:", "full fetch", "duplicate check",
                                 "ids already taken", "modified since", "incremental id")


def _lines_with(text: str, phrases: Iterable[str], *, ignore_case: bool = False) -> list[str]:
    hits = []
    for line in text.splitlines():
        probe = line.lower() if ignore_case else line
        if any((p.lower() if ignore_case else p) in probe for p in phrases):
            hits.append(line.strip())
    return hits


def _marked_open(line: str) -> bool:
    return "TODO" in line or "not decided" in line.lower()


def unknown_flow_values_stated(out: Outputs) -> list[str]:
    """3a: a null flow field whose value the document states anyway (fact lines and value
    phrases), and a null change detection that the stub presents as decided."""
    problems = []
    for number, flow in flows(out.spec):
        statements = doc_flow_statements(out.doc, number, flow["id"])
        for key, phrases in VALUE_PHRASES.items():
            if not unknown(flow, key):
                continue
            for line in _lines_with(statements, phrases):
                problems.append(f"flow {flow['id']}: {key} is null, yet the document says: "
                                f"{line}")
        for label, keys in FACT_FIELDS.items():
            if len(keys) == 1 and unknown(flow, next(iter(keys))):
                value = doc_fact(out.doc, number, label)
                if value not in (None, UNDECIDED):
                    problems.append(f"flow {flow['id']}: {next(iter(keys))} is null, yet "
                                    f"'{label}: {value}'")
        if is_polling(flow) and unknown(flow, "change_detection"):
            problems += _stub_change_detection_stated(out, flow, comments_only=True)
    return problems


def _stub_change_detection_stated(out: Outputs, flow: dict[str, Any], *,
                                  comments_only: bool) -> list[str]:
    names = labels(out.spec)
    src, dst = names[flow["source"]], names[flow["destination"]]
    workflow_id, body = stub_section_for_flow(out.stub["README.md"], src, dst, flow["id"])
    texts = {"stub README": body}
    for path, text in stub_job_files(out.stub, workflow_id).items():
        texts[path] = "\n".join(line for line in text.splitlines()
                                if not comments_only or line.lstrip().startswith("//"))
    if not comments_only:
        texts["project.yaml"] = stub_project_block(out.stub, workflow_id)
    problems = []
    for where, text in texts.items():
        for line in _lines_with(text, STUB_CHANGE_DETECTION_PHRASES, ignore_case=True):
            if not _marked_open(line):
                problems.append(f"flow {flow['id']}: change_detection is null, yet {where} "
                                f"says, unmarked: {line}")
    return problems


SYSTEM_TABLE_COLUMNS = {"api": "Usable API or folder (a mailbox)",
                        "events": "Emits events, calls webhooks",
                        "skills": "Developers in the team"}


def unknown_system_facts_stated(out: Outputs) -> list[str]:
    """3b: a system's null api / events / skills / platform / third_party stated anyway."""
    problems = []
    for system in out.spec["systems"]:
        name = labels(out.spec)[system["id"]]
        row = doc_systems_row(out.doc, name)
        for key, heading in SYSTEM_TABLE_COLUMNS.items():
            if unknown(system, key) and not _reads_unknown(row.get(heading, "")):
                problems.append(f"{name}: {key} is null, yet the systems table says "
                                f"'{row.get(heading)}' under '{heading}'")
        if unknown(system, "skills"):
            problems += _skills_stated(out, system, name)
        if unknown(system, "api"):
            problems += _api_stated(out, name)
        if unknown(system, "platform") and "platform" not in (system.get("kind") or ""):
            problems += _platform_stated(out, name, row)
        if unknown(system, "third_party"):
            run_by, node = row.get("Its data held by", ""), doc_context_node(out.doc, name)
            if run_by.startswith(("Us", "Another organisation")) \
                    or "another organisation" in node:
                problems.append(f"{name}: third_party is null, yet its data held by "
                                f"'{run_by}' / {node}")
    return problems


def _reads_unknown(cell: str) -> bool:
    """A cell that states no value: "*not decided yet* (Qn)", or "Not needed here" (no flow
    here depends on it)."""
    return "not decided" in cell.lower() or cell.startswith("Not needed here")


def _skills_stated(out: Outputs, system: dict[str, Any], name: str) -> list[str]:
    """Responsibilities' "Skills in the team" and the platform's "little or no code". A
    mailbox whose interface exists needs no one to build it: that follows from its API;
    nor does another organisation's system whose own webhook pushes the data (the facts'
    "built-in" side): that follows from who runs it and how the data travels."""
    problems = []
    for row in doc_responsibility_rows(out.doc):
        skills = row["Skills in the team"]
        if row["System"] == name and not _reads_unknown(skills) and not (
                row["Role"] == "Mailbox" and skills == "Not needed: its interface exists"
        ) and not (row["Role"] == "Mail person"
                   and skills.startswith("Not needed: its own webhook does it")):
            problems.append(f"{name}: skills is null, yet Responsibilities (flow "
                            f"{row['flow']}, {row['Role']}) says '{row['Skills in the team']}'")
    if f"systems.{system['id']}.skills" not in {q.field for q in out.open_questions}:
        for risk in doc_risks(out.doc, "Build risk"):
            if f"{name} is an integration platform" in risk and "little or no code" in risk:
                problems.append(f"{name}: skills is null and not asked, yet Build risk says: "
                                f"{risk}")
    return problems


def _api_stated(out: Outputs, name: str) -> list[str]:
    """The mailboxes list and the context diagram's "no API"."""
    problems = [f"{name}: api is null, yet Mailboxes says: {text}"
                for text in doc_mailbox_notes(out.doc)
                if (text.startswith(f"{name}: ") and " exists" in text)
                or text.startswith(f"{name} has ")]
    node = doc_context_node(out.doc, name)
    if "no API" in node:
        problems.append(f"{name}: api is null, yet the context diagram says: {node}")
    return problems


def _platform_stated(out: Outputs, name: str, row: dict[str, str]) -> list[str]:
    """"integration platform" said of a system whose `platform` is null."""
    claims = [f"{name} is an integration platform", f"{name} (the integration platform)",
              f"a workflow in {name}"]
    problems = [f"{name}: platform is null, yet: {line}"
                for line in _lines_with(out.doc + "\n" + out.brief, claims)]
    node = doc_context_node(out.doc, name)
    if "platform" in row.get("Its data held by", "") + row.get("Developers in the team", "") \
            or "integration platform" in node:
        problems.append(f"{name}: platform is null, yet it is called an integration "
                        f"platform: {row} / {node}")
    return problems


def pattern_paragraphs_contradicting_the_spec(out: Outputs) -> list[str]:
    """3c: the pattern's explanation says something the rest of the spec contradicts."""
    problems = []
    names = labels(out.spec)
    count = len(out.spec["flows"])
    for number, flow in flows(out.spec):
        section = unescape_md(doc_flow_section(out.doc, number))
        pattern = flow.get("pattern")
        mail_person = expected_mail_person(flow)
        if pattern == "clone" and is_realtime_pull(flow):
            for line in _lines_with(section, ("No real-time connection is needed",)):
                problems.append(f"flow {flow['id']}: a clone fetched on demand (a real-time "
                                f"pull), yet the document says: {line}")
            bullet = brief_pattern_bullet(out.brief, number, count)
            if "No live connection is needed" in bullet:
                problems.append(f"flow {flow['id']}: a clone fetched on demand, yet the brief "
                                f"says: {bullet}")
        if pattern == "push" and mail_person != flow["source"]:
            who = names.get(mail_person, "undecided") if mail_person else "undecided"
            for line in _lines_with(section, ("The host starts each transfer",)):
                problems.append(f"flow {flow['id']}: push pattern, host {names[flow['source']]},"
                                f" but the mail person is {who}; the document says: {line}")
        flagged = any(f.code == "pull-pattern-pushed" and f.flow == flow["id"]
                      for f in out.findings)
        if pattern == "pull" and mail_person == flow["source"] and not flagged:
            # The pattern's definition may stand next to the warning that the design
            # contradicts it; it must not stand alone.
            for line in _lines_with(section, ("Pull: the host retrieves",)):
                problems.append(f"flow {flow['id']}: pull pattern (the host "
                                f"{names[flow['destination']]} retrieves), but "
                                f"{names[flow['source']]} pushes; the document says: {line}")
    return problems


@examples(60)
@given(specs())
def test_3_nothing_is_stated_that_the_spec_leaves_unknown(spec):
    problems = things_stated_that_the_spec_leaves_unknown(run_mailroom(spec))
    assert not problems, "\n".join(problems)


def things_stated_that_the_spec_leaves_unknown(out: Outputs) -> list[str]:
    """3: all of 3a, 3b and 3c."""
    return (unknown_flow_values_stated(out) + unknown_system_facts_stated(out)
            + pattern_paragraphs_contradicting_the_spec(out))


# =====================================================================================
# Property 4: the stub's trigger and change detection agree with the spec
# =====================================================================================


@examples(50)
@given(specs())
def test_4_stub_trigger_and_change_detection_follow_the_spec(spec):
    problems = stub_triggers_not_from_the_spec(run_mailroom(spec))
    assert not problems, "\n".join(problems)


def _is_joined_outbound_leg(out: Outputs, flow: dict[str, Any], body: str) -> bool:
    """Is the flow the leg out of a workflow that joins a platform's legs ("… through
    <platform>", the flow's source)?"""
    source = labels(out.spec)[flow["source"]]
    heading = next(name for name, _, text in stub_workflow_sections(out.stub["README.md"])
                   if text == body)
    return heading.endswith(f" through {source}")


def stub_triggers_not_from_the_spec(out: Outputs) -> list[str]:
    """4: the stub's trigger (project.yaml, README) and its change detection vs the spec."""
    names = labels(out.spec)
    problems = []
    for _, flow in flows(out.spec):
        src, dst = names[flow["source"]], names[flow["destination"]]
        workflow_id, body = stub_section_for_flow(out.stub["README.md"], src, dst, flow["id"])
        types = stub_trigger_types(out.stub, workflow_id)
        readme_trigger = stub_trigger_line(body)
        trigger = flow.get("trigger")
        where = f"flow {flow['id']} (workflow {workflow_id})"
        if trigger == "event" and _is_joined_outbound_leg(out, flow, body):
            # A platform's leg out, started by what its leg in brings (the arrival is the
            # event): the joined workflow's trigger is the leg in's, whichever it is.
            continue
        if trigger == "schedule" and types != {"cron"}:
            problems.append(f"{where}: trigger schedule, project.yaml triggers {types}, "
                            f"README '{readme_trigger}'")
        if trigger in ("event", "on-demand") and types != {"webhook"}:
            problems.append(f"{where}: trigger {trigger}, project.yaml triggers {types}, "
                            f"README '{readme_trigger}'")
        if trigger is None:
            if "not decided" not in readme_trigger:
                problems.append(f"{where}: trigger null, README says '{readme_trigger}'")
            trigger_lines = stub_project_trigger_lines(out.stub, workflow_id)
            if not any(_marked_open(line) for line in trigger_lines):
                problems.append(f"{where}: trigger null, project.yaml's trigger is unmarked: "
                                f"{trigger_lines}")
        if is_polling(flow) and unknown(flow, "change_detection"):
            problems += _stub_change_detection_stated(out, flow, comments_only=False)
    return problems


# =====================================================================================
# Property 5: webhook registration decided by one rule
# =====================================================================================


def registration_voices(out: Outputs, number: int, flow: dict[str, Any]) -> dict[str, bool]:
    """Does each output say this flow's webhook registration is still to be decided?"""
    names = labels(out.spec)
    src, dst = names[flow["source"]], names[flow["destination"]]
    sequence = doc_sequence(out.doc, number) or ""
    _, body = stub_section_for_flow(out.stub["README.md"], src, dst, flow["id"])
    stub_line = next((line for line in body.splitlines()
                      if line.startswith("- **Webhook registration**")
                      and f"{dst}'s receiver URL" in line), "")
    return {
        # The warning that it is undecided, or its open question; not a finding about a
        # decided registration (webhook-registration-no-api: by API, from a caller without one).
        "check finding on webhook_registration": any(
            f.flow == flow["id"] and f.field == "webhook_registration"
            and f.code in ("webhook-registration", OPEN_QUESTION) for f in out.findings),
        "document 'Webhook registration: not decided yet'":
            doc_fact(out.doc, number, "Webhook registration") == UNDECIDED,
        "sequence 'registering the receiver URL: not decided yet'":
            "registering the receiver URL: not decided yet" in sequence,
        "stub README 'Webhook registration … not decided'":
            "not decided" in stub_line and f"{dst}'s receiver URL" in stub_line,
    }


@examples(50)
@given(specs())
def test_5_webhook_registration_is_open_everywhere_or_nowhere(spec):
    problems = registrations_out_of_step(run_mailroom(spec))
    assert not problems, "\n".join(problems)


def registrations_out_of_step(out: Outputs) -> list[str]:
    """5: a webhook push with a null registration not open everywhere, or outputs that
    disagree on whether it is open."""
    problems = []
    for number, flow in flows(out.spec):
        voices = registration_voices(out, number, flow)
        must = (flow.get("transport") == "webhook" and expected_direction(flow) == "push"
                and unknown(flow, "webhook_registration"))
        shown = "\n".join(f"  {v}: {'yes' if said else 'no'}" for v, said in voices.items())
        if must and not all(voices.values()):
            problems.append(f"flow {flow['id']}: a webhook push whose registration is null, "
                            f"but not every output says it is open:\n{shown}")
        elif len(set(voices.values())) > 1:
            problems.append(f"flow {flow['id']}: the outputs disagree on whether the webhook "
                            f"registration is open:\n{shown}")
    return problems


# =====================================================================================
# Property 6: the stub's plan and simulate's scenarios agree with the facts
# =====================================================================================


def plan_and_scenarios_against_the_facts(spec_data: dict[str, Any]) -> list[str]:
    """6: what the stub's workflows do (their steps, cursor, trigger) and what simulate
    plays against them (polls, events, requests; cursors, duplicate checks, the stand-in
    note) are what the facts say: read through the Python API, since both are plans."""
    from mailroom.facts.spec_facts import facts_of
    from mailroom.simulate import skip_reason
    from mailroom.simulate.poll_scenarios import STAND_IN
    from mailroom.simulate.scenarios import build_scenario
    from mailroom.simulate.world import World
    from mailroom.spec.model import Spec
    from mailroom.stub.plan import plan_workflows

    spec = Spec.model_validate(spec_data)
    facts = facts_of(spec)
    problems = []
    workflows = plan_workflows(facts)
    for workflow in workflows:
        for shape in workflow.flows:
            flow = facts.flow(shape.id)
            assert flow is not None
            where = f"flow {shape.id} (workflow {workflow.id})"
            if (shape.kind, shape.mail_person) != (flow.action, flow.mail_person):
                problems.append(f"{where}: the stub does {shape.kind} by {shape.mail_person}, "
                                f"the facts {flow.action} by {flow.mail_person}")
            detection = flow.polling.change_detection if flow.polling else None
            cursor = shape.cursor
            if (cursor is None) != (flow.polling is None) or (cursor is not None and (
                    cursor.kind != (detection or "full-fetch")
                    or cursor.stand_in != (detection is None))):
                problems.append(f"{where}: the stub's cursor {cursor}, the facts' change "
                                f"detection {detection} (polling: {flow.polling is not None})")
        first = workflow.flows[0].flow
        trigger = workflow.trigger
        expected = "cron" if first.trigger == "schedule" else "webhook"
        if trigger.kind != expected or trigger.decided != (first.trigger is not None):
            problems.append(f"workflow {workflow.id}: trigger {trigger.kind} (decided: "
                            f"{trigger.decided}) for a flow whose trigger is {first.trigger}")
    with World(spec, 20) as world:
        for workflow in workflows:
            if skip_reason(workflow, "python") is None:
                problems += _scenario_against_the_facts(
                    facts, workflow, build_scenario(world, workflow), STAND_IN)
    return problems


def _scenario_against_the_facts(facts: Any, workflow: Any, scenario: Any,
                                stand_in: str) -> list[str]:
    flow = facts.flow(workflow.flows[0].id)
    labels_ = [run.label for run in scenario.runs]
    where = f"workflow {workflow.id}'s scenario"
    words = {"poll": "Poll ", "fetch-files": "Run ", "lookup": "Request "}
    problems = []
    if flow.action in words and not all(label.startswith(words[flow.action])
                                        for label in labels_):
        problems.append(f"{where}: runs {labels_} for a flow that does {flow.action}")
    if flow.action in ("poll", "fetch-files"):
        detection = flow.polling.change_detection
        cursors = detection in ("modified-since", "incremental-id") and flow.action == "poll"
        if (scenario.expect.cursors is not None) != cursors:
            problems.append(f"{where}: cursors {scenario.expect.cursors} for change "
                            f"detection {detection}")
        if (stand_in in scenario.expect.notes) != (detection is None):
            problems.append(f"{where}: the stand-in note {scenario.expect.notes} for change "
                            f"detection {detection}")
        if not all(run.carry for run in scenario.runs[1:]):
            problems.append(f"{where}: a later poll does not start from the last one's state")
    if flow.action == "push" and workflow.trigger.kind == "cron" and not all(
            "scheduled push" in label for label in labels_):
        problems.append(f"{where}: runs {labels_} for a scheduled push")
    if flow.action == "push" and workflow.trigger.kind == "webhook" and workflow.inbound is None \
            and not all(label.startswith("Event ") for label in labels_):
        problems.append(f"{where}: runs {labels_} for a push on an event")
    return problems


@examples(40)
@given(specs())
def test_6_the_stub_and_simulate_agree_with_the_facts(spec):
    problems = plan_and_scenarios_against_the_facts(spec)
    assert not problems, "\n".join(problems)


# =====================================================================================
# The known contradictions, one by one
# =====================================================================================

PROPERTIES = {
    "1a": disagreeing_mail_people, "1b": mail_people_not_from_the_spec,
    "2": unknowns_without_questions, "3": things_stated_that_the_spec_leaves_unknown,
    "4": stub_triggers_not_from_the_spec, "5": registrations_out_of_step,
}
KNOWN_BY_PROPERTY = {
    "1a": ("event, mail person blank", "mail person is the mailbox",
           "platform leg out undecided"),
    "1b": ("event, mail person blank", "webhook, mail person blank",
           "mailbox stated, mail person blank", "platform leg out undecided"),
    "2": ("poll, change detection unknown", "webhook push, registration unknown",
          "lookup, caching unknown", "api unknown, not a mailbox", "mail person is the mailbox"),
    "3": ("platform, skills unknown", "clone fetched on demand", "lookup, caching unknown",
          "poll, change detection unknown", "push pattern, destination pulls",
          "push pattern, mail person unknown", "pull pattern, source pushes",
          "pull pattern, source pushes, mailbox wrong"),
    "4": ("platform leg out on a schedule", "platform leg out, trigger unknown",
          "poll, change detection unknown"),
    "5": ("webhook push on a schedule", "webhook on an event, mail person blank",
          "webhook, mail person blank", "pulled webhook on an event",
          "platform leg out by webhook, registration unknown"),
}


@pytest.mark.parametrize("prop, name", [(prop, name) for prop, names in
                                        KNOWN_BY_PROPERTY.items() for name in names],
                         ids=lambda value: value.replace(" ", "-").replace(",", ""))
def test_known_contradiction_is_gone(prop, name):
    """Property `prop` holds on the KNOWN spec `name` (each failed on commit baafbd1, or
    where its comment says)."""
    out = run_mailroom(KNOWN[name])
    problems = PROPERTIES[prop](out)
    assert not problems, "The spec:\n" + out.yaml + "\n" + "\n".join(problems)


# =====================================================================================
# Positive controls: the readers and the phrase tables still match what mailroom writes
# =====================================================================================


def _load_sample(name: str) -> dict[str, Any]:
    return YAML(typ="safe").load((SAMPLES / name).read_text(encoding="utf-8"))


def test_readers_understand_the_sample():
    """On the platform-in-the-middle sample, every reader finds the stated mail people."""
    spec = _load_sample("commcare-openfn-dhis2.yaml")
    out = run_mailroom(spec)
    for number, flow in flows(spec):
        voices = mail_person_voices(out, number, flow)
        expected = labels(spec)[flow["mail_person"]]
        assert set(voices.values()) == {expected}, _show(voices)
        assert len(voices) >= 10, _show(voices)  # every reader found its line
    assert doc_open_question_count(out.doc) == len(out.open_questions) == 0


def test_readers_understand_an_undecided_flow():
    """A flow with nothing but its ends: every reader finds "undecided"."""
    spec = {"spec": 1, "title": "T", "why": "W", "stakeholders": [{"name": "A"}],
            "systems": [{"id": "s1", "name": "Ledgerly"}, {"id": "s2", "name": "Stockroom"}],
            "flows": [{"id": "f1", "source": "s1", "destination": "s2"}]}
    out = run_mailroom(spec)
    voices = mail_person_voices(out, 1, spec["flows"][0])
    assert set(voices.values()) == {UNDECIDED}, _show(voices)
    assert all(m.fields or m.pointers for m in doc_undecided_mentions(out.doc, spec)), \
        [m.line for m in doc_undecided_mentions(out.doc, spec) if not (m.fields or m.pointers)]
    assert unknowns_without_questions(out) == []


def test_value_phrases_are_current():
    """Every phrase of VALUE_PHRASES still appears in some document when its field is
    set: a stale table would let property 3 pass by reading nothing."""
    seen: dict[str, set[str]] = {key: set() for key in VALUE_PHRASES}
    base = {"spec": 1, "title": "T", "why": "W", "stakeholders": [{"name": "A"}],
            "systems": [{"id": "s1", "name": "Ledgerly"}, {"id": "s2", "name": "Stockroom"},
                        {"id": "s3", "name": "Flowbridge", "platform": True}]}
    variants = []
    for transport in ("rest", "soap", "graphql", "webhook", "sftp", "database", "queue",
                      "file", "other"):
        for registration in ("api", "manual"):
            variants.append({"mail_person": "s1", "trigger": "event", "transport": transport,
                             "webhook_registration": registration, "pattern": "push",
                             "business_logic": "s2", "error_handling": "Retry."})
    for detection in ("modified-since", "incremental-id", "full-fetch"):
        variants.append({"mail_person": "s2", "trigger": "schedule", "schedule": "every hour",
                         "change_detection": detection, "transport": "rest"})
    for caching in (True, False):
        for pattern in ("embed", "pull", "clone", "synthesize"):
            variants.append({"mail_person": "s2", "trigger": "on-demand", "caching": caching,
                             "pattern": pattern})
    for method in ("none", "api-key", "basic", "oauth2-client-credentials", "mtls", "ssh-key",
                   "other"):
        variants.append({"mail_person": "s1", "trigger": "schedule", "auth": {"method": method}})
    for pattern in ("clone", "synthesize"):  # kept by a scheduled copy: said as fact
        variants.append({"mail_person": "s2", "trigger": "schedule", "schedule": "every hour",
                         "change_detection": "modified-since", "pattern": pattern})
    # Synthesize brings several remotes together: a second source feeds the host.
    second = {"id": "f2", "source": "s3", "destination": "s2", "mail_person": "s3",
              "trigger": "event"}
    for variant in variants:
        spec = dict(base, flows=[{"id": "f1", "source": "s1", "destination": "s2", **variant},
                                 second])
        out = run_mailroom(spec)
        statements = doc_flow_statements(out.doc, 1, "f1")
        for key, phrases in VALUE_PHRASES.items():
            seen[key] |= {p for p in phrases if p in statements}
    missing = {key: sorted(set(phrases) - seen[key]) for key, phrases in VALUE_PHRASES.items()
               if set(phrases) - seen[key]}
    assert not missing, f"phrases no document says any more (update VALUE_PHRASES): {missing}"


def test_strategies_make_valid_specs_of_every_shape():
    """The generator's specs are valid (check exits 0 or 1) — run_mailroom asserts it —
    and platform-in-the-middle specs come out as one workflow through the platform."""

    @examples(10)
    @given(middle_specs())
    def middle(spec):
        out = run_mailroom(spec)
        assert out.check_exit in (0, 1)

    @examples(10)
    @given(plain_specs())
    def plain(spec):
        assert run_mailroom(spec).check_exit in (0, 1)

    middle()
    plain()
