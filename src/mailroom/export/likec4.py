"""A C4 model of the systems and flows, as a LikeC4 workspace.

`likec4/<stem>.c4` and `likec4/likec4.config.json` (the project's name, so that several
exports side by side stay separate projects): every system as an element, every flow as a
relationship from the mail person to the mailbox it calls (a push solid, a pull dashed,
as in mailroom's context diagram), the context view, and a dynamic view per flow whose
first step comes from the mail person. A flow whose mail person is not decided is drawn
from its source to its destination and says so; it has no dynamic view.

Every string a stakeholder typed goes through `literal`, which escapes it for LikeC4's
grammar; identifiers are made by mailroom, never taken from the spec as they are.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from mailroom.export.model import (
    Openings,
    Use,
    data_of,
    names,
    system_description,
    trigger_words,
    words,
)
from mailroom.facts.grammar import INTERFACE_WORDS, data_words

if TYPE_CHECKING:
    from mailroom.facts.spec_facts import SpecFacts

FOLDER = "likec4"
SPECIFICATION = """\
specification {
  element system
  element platform {
    style {
      shape component
    }
  }
  relationship push {
    color blue
    line solid
  }
  relationship pull {
    color amber
    line dashed
  }
  relationship undecided {
    color gray
    line dotted
  }
}
"""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def literal(text: str | None) -> str:
    """A LikeC4 string literal: single-quoted, backslashes and quotes escaped, every line
    break or control character a plain space (a label is one line)."""
    flat = " ".join(_CONTROL.sub(" ", text or "").split())
    return "'" + flat.replace("\\", "\\\\").replace("'", "\\'") + "'"


def files(facts: SpecFacts, stem: str, used: list[Use], header: list[str],
          openings: Openings) -> dict[str, str]:
    spec = facts.spec
    ids = {s: f"s_{n.replace('-', '_')}" for s, n in names([s.id for s in spec.systems]).items()}
    lines = [f"// {' '.join(line.split())}" for line in header]
    lines += ["", SPECIFICATION, "model {"]
    for system in spec.systems:
        kind = "platform" if system.platform else "system"
        lines.append(f"  {ids[system.id]} = {kind} {literal(system.label)} {{")
        if system.kind:
            lines.append(f"    technology {literal(system.kind)}")
        description = system_description(system, kind=False)  # kind: technology
        if description:
            lines.append(f"    description {literal(description)}")
        lines.append("  }")
    lines.append("")
    known = {u.id for u in used}
    for flow in facts.flows:
        lines += _relationship(facts, flow.id, ids, known, used)
    lines += ["}", "", "views {", "  view index {",
              f"    title {literal((words(spec.title) or stem) + ': context')}",
              "    include *", "  }"]
    views = names([u.id for u in used])
    for use in used:
        lines += _dynamic(facts, use, ids, "flow_" + views[use.id].replace("-", "_"))
    for flow in facts.flows:
        if flow.id not in known:
            openings.add(f"{FOLDER}/{stem}.c4", f"flow {flow.id}", (
                f"Who is the mail person of flow {flow.id}? Until the spec says, the flow is "
                "drawn from its source to its destination, dotted, and has no dynamic view."))
    lines += ["}", ""]
    config = json.dumps({"name": names([stem])[stem], "title": words(spec.title) or stem},
                        indent=2, ensure_ascii=False) + "\n"
    return {f"{FOLDER}/{stem}.c4": "\n".join(lines), f"{FOLDER}/likec4.config.json": config}


def _relationship(facts: SpecFacts, flow_id: str, ids: dict[str, str], known: set[str],
                  used: list[Use]) -> list[str]:
    flow = facts.flow(flow_id)
    assert flow is not None
    data = data_words(facts.spec, flow.flow)
    if flow_id in known:
        use = next(u for u in used if u.id == flow_id)
        start, end = use.facts.mail_person or "", use.facts.mailbox or ""
        kind = use.facts.direction or "undecided"
        title = f"{'pushes' if kind == 'push' else 'pulls'} {data}"
    else:
        start, end = flow.flow.source or "", flow.flow.destination or ""
        kind, title = "undecided", f"{data} (who starts it is not decided)"
    if start not in ids or end not in ids or start == end:
        return []
    lines = [f"  {ids[start]} -[{kind}]-> {ids[end]} {literal(title)} {{"]
    if flow.transport:
        lines.append(f"    technology {literal(_technology(flow.transport, flow.flow.format))}")
    lines.append(f"    description {literal(flow.sentence)}")
    lines.append("  }")
    return lines


def _technology(transport: str, format_: str | None) -> str:
    words_ = INTERFACE_WORDS.get(transport, transport)
    return f"{words_}, {words(format_)}" if format_ else words_


def _dynamic(facts: SpecFacts, use: Use, ids: dict[str, str], view: str) -> list[str]:
    caller, callee = ids.get(use.facts.mail_person or ""), ids.get(use.facts.mailbox or "")
    if caller is None or callee is None or caller == callee:
        return []
    data = data_of(facts, use)
    when = trigger_words(facts, use)
    start = f", {when}" if when else ""
    into, out_of = _place(use, "into"), _place(use, "from")
    steps: list[tuple[str, str]] = []
    action = use.action
    if action == "push":
        steps.append(("->", f"sends {data}{into}{start}"))
    elif action == "upload":
        steps.append(("->", f"uploads a file of {data}{into}{start}"))
    elif action == "poll":
        steps.append(("->", f"asks for {data} new or changed since the last run{out_of}"
                      f"{start}"))
        steps.append(("<-", f"returns {data}"))
    elif action == "fetch-files":
        steps.append(("->", f"fetches the files of {data}{out_of}{start}"))
        steps.append(("<-", f"hands over the files of {data}"))
    elif action == "lookup":
        steps.append(("->", f"looks up {data}{out_of}{start}"))
        steps.append(("<-", f"returns {data}"))
    else:
        verb = "pushes" if use.facts.direction == "push" else "pulls"
        steps.append(("->", f"{verb} {data}{start} (how is not decided: "
                      f"{'; '.join(use.facts.undecided)})"))
    lines = [f"  dynamic view {view} {{",
             f"    title {literal(f'Flow {use.facts.number}: {use.facts.sentence}')}"]
    for arrow, text in steps:
        lines.append(f"    {caller} {arrow} {callee} {literal(text)}")
    lines.append("  }")
    return lines


def _place(use: Use, word: str) -> str:
    """Where in the mailbox: " into POST /v2/releases", " from its SFTP folder"; empty
    when nothing is known."""
    endpoint = use.endpoint
    if endpoint.path is not None:
        method = f"{endpoint.method} " if endpoint.method else ""
        return f" {word} {method}{endpoint.path}"
    kind = INTERFACE_WORDS.get(use.facts.transport or "")
    return f" {word} its {kind}" if kind else ""
