"""What the document says with the fields a signed document needs: each system's way in,
owner and organisation; volume with its peak; the data field by field; data protection
per flow and across the flows; who is alerted and who re-sends; findings by severity in
words; a pattern the design contradicts never stated as its promise. Unknowns point at
their open questions, or say that nothing records them; nothing is guessed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.render_specs import DETAILED_SPEC, UNKNOWN_SPEC

from mailroom.document.output import Options
from mailroom.document.render import render, render_briefs

DATE = "2026-01-15"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def markdown(tmp_path: Path, text: str, name: str = "spec") -> str:
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(text, encoding="utf-8")
    [result] = render([spec], tmp_path / "out", Options(formats=("md",), date=DATE, stub=False),
                      jobs=1)
    assert result.error is None, result.error
    return (tmp_path / "out" / f"{name}.md").read_text(encoding="utf-8")


def section(md: str, heading: str) -> str:
    """The text under `heading` (a whole "## …" or "### …" line) up to the next heading of
    the same level or higher."""
    level = heading.split(" ")[0]
    start = md.index(heading + "\n") + len(heading) + 1
    stop = re.search(rf"^#{{1,{len(level)}}} ", md[start:], flags=re.MULTILINE)
    return md[start:start + stop.start()] if stop else md[start:]


def flow(md: str, number: int) -> str:
    heading = re.search(rf"^## Flow {number}: .*$", md, flags=re.MULTILINE)
    assert heading, f"no flow {number}"
    return section(md, heading.group(0))


def topic(md: str, number: int, title: str) -> str:
    return section(flow(md, number), f"### {title}")


@pytest.fixture(scope="module")
def detailed(tmp_path_factory) -> str:
    return markdown(tmp_path_factory.mktemp("detailed"), DETAILED_SPEC)


def test_each_system_says_its_way_in_owner_and_whose_data_it_holds(detailed):
    systems = section(detailed, "## Systems and their mailboxes")
    assert "| System | Kind | Way in (its mailbox) | Owner | Its data held by |" in systems
    assert ("| **Warehouse system** | warehouse management system | SFTP folder: /inbound/orders"
            " | Boxhall Logistics | Another organisation |") in systems
    # The kind is not said twice when the interface's own words say it already.
    assert "| **Web shop** | e-commerce platform | REST API v2 (/orders) |" in systems
    assert "Zapflow has a usable webhook receiver URL" not in systems  # its place is known
    assert "- Warehouse system: /inbound/orders exists; it is the mailbox of flow 1." in systems


def test_volume_is_said_with_its_peak(detailed):
    assert ("- **Volume:** about 300 orders/day; at peak 3000 orders/day on Black Friday"
            in topic(detailed, 1, "Volume and latency"))
    assert "at peak" not in topic(detailed, 2, "Volume and latency")


def test_the_data_field_by_field_is_a_mapping_table(detailed):
    data = topic(detailed, 1, "Data")
    assert ("| Field | From (in Web shop) | To (in Warehouse system) | Transformation | "
            "Personal data |") in data
    assert "| customer name | billing.name | CUST_NAME | upper case | Yes |" in data
    assert "| delivery address | shipping.address | ADDR | — | Yes |" in data
    assert "A dash (—) marks what the spec does not record." in data
    assert "| Field |" not in topic(detailed, 2, "Data")  # no fields listed: no table


def test_failures_are_handled_by_someone_named(detailed):
    errors = topic(detailed, 1, "Error handling")
    assert "- **Who is alerted:** E-commerce on-call developer" in errors
    assert "- **How soon:** 15 minutes" in errors
    assert "- **Who re-sends:** E-commerce team" in errors


def test_personal_data_says_fields_organisation_agreement_place_and_what_travels(detailed):
    first = topic(detailed, 1, "Personal data")
    assert "- **Personal fields:** customer name and delivery address" in first
    assert ("- **Reaches another organisation:** Yes: another organisation holds the data in "
            "Warehouse system") in first
    assert "- **Covered by:** A data-processing agreement" in first
    assert "- **Where it is kept:** Boxhall's data centre in Rotterdam (EU)" in first
    assert "- **Each movement carries:** Only the records that changed" in first
    second = topic(detailed, 2, "Personal data")
    assert "in Zapflow (the platform in the middle)" in second
    assert "- **Covered by:** None recorded" in second
    assert re.search(r"^\*\*Warning:\*\* Personal data \(customer email\) reaches Zapflow",
                     second, flags=re.MULTILINE)
    third = flow(detailed, 3)
    assert "- **Personal data:** No" in section(third, "### Personal data")
    assert "- **Each movement carries:** Everything" in section(third, "### Data")


def test_the_data_protection_section_gathers_the_flows_with_personal_data(detailed):
    protection = section(detailed, "## Data protection")
    rows = [line for line in protection.splitlines() if line.startswith("| [Flow")]
    assert [row.split("]")[0] for row in rows] == ["| [Flow 1", "| [Flow 2"]
    assert "| A data-processing agreement | Boxhall's data centre in Rotterdam (EU) |" in rows[0]


def test_a_pattern_the_design_contradicts_is_not_stated_as_its_promise(detailed):
    pattern = topic(detailed, 2, "Pattern")
    assert ("- **Pattern:** Embed was chosen, but this flow's design contradicts it (see the "
            "warning below)") in pattern
    assert "Embed: the host shows" not in pattern
    assert "only the messenger" not in pattern
    assert "**Warning:** The pattern is embed" in pattern


def test_findings_are_listed_by_severity_in_words_without_codes(detailed):
    found = section(detailed, "### What the checks found")
    assert "**Warnings: risks to accept, or to design away**" in found
    assert re.search(r"^- \[Flow 2\]\(#flow-2-[^)]*\): The pattern is embed", found,
                     flags=re.MULTILINE)
    assert "`" not in found and "embed-host-keeps" not in detailed


def test_unknowns_point_at_their_questions_or_say_nothing_records_them(tmp_path):
    md = markdown(tmp_path, UNKNOWN_SPEC.replace(
        "    destination: warehouse\n",
        "    destination: warehouse\n    mail_person: shop\n    personal_data: true\n"),
        "partial")
    questions = dict(re.findall(r"^- \*\*(Q\d+)\*\* (.*)$", section(md, "## Open questions"),
                                flags=re.MULTILINE))
    personal = topic(md, 1, "Personal data")
    reaches = re.search(r"- \*\*Reaches another organisation:\*\* \*not decided yet\* "
                        r"\((Q\d+)\)", personal)
    assert reaches and questions[reaches.group(1)].startswith("Is Warehouse run by us")
    fields = re.search(r"- \*\*Personal fields:\*\* \*not decided yet\* \((Q\d+)\)", personal)
    assert fields and "personal data" in questions[fields.group(1)]
    assert "- **Each movement carries:** Not recorded" in personal
    assert "Who re-sends" not in md and "How soon" not in md  # nobody asks: not said


def test_whether_a_flow_carries_personal_data_is_asked_in_the_data_protection_section(tmp_path):
    md = markdown(tmp_path, UNKNOWN_SPEC)
    protection = section(md, "## Data protection")
    assert re.search(r"^- Whether \[flow 1\]\(#flow-1-[^)]*\) carries personal data: "
                     r"\*not decided yet\* \(Q\d+\)\.$", protection, flags=re.MULTILINE)


def test_the_brief_does_not_state_a_contradicted_pattern(tmp_path):
    spec = tmp_path / "spec.yaml"
    spec.write_text(DETAILED_SPEC, encoding="utf-8")
    [result] = render_briefs([spec], tmp_path / "out", Options(formats=("md",), date=DATE),
                             jobs=1)
    assert result.error is None, result.error
    brief = (tmp_path / "out" / "spec-brief.md").read_text(encoding="utf-8")
    assert ("- **Flow 2.** **Embed.** Chosen, but the design does not fit it yet: see the "
            "questions below.") in brief
    assert "Storing or acting on" not in brief
    assert "The pattern is embed: Zapflow only shows" in section(
        brief, "## To settle before a commitment")


FOLDER_PULL_SPEC = """\
spec: 1
title: New employees
systems:
  - {id: sap, name: SAP HCM, interface_kind: sftp, api: true}
  - {id: intranet, name: Intranet, api: true}
flows:
  - id: sap-to-intranet
    data: New employee records
    source: sap
    destination: intranet
    mail_person: intranet
    trigger: schedule
    schedule: every day at 02:00
    change_detection: modified-since
"""


def test_a_folder_polled_by_modification_time_is_told_as_a_folder_not_an_api(tmp_path):
    """The flow does not say how the data travels: SAP HCM's only stated way in, an SFTP
    folder, does; and a folder has a listing with times, not an API that filters."""
    md = markdown(tmp_path, FOLDER_PULL_SPEC)
    assert "pulls new employee records from SAP HCM's SFTP folder (mailbox, inferred)" in md
    timing = flow(md, 1)
    assert "files in an SFTP folder (SAP HCM's way in)" in timing
    assert "by the time the folder's listing gives each file" in timing
    assert "API must filter" not in md


def test_the_sign_off_speaks_of_open_questions_only_when_there_are_some(tmp_path):
    sample = Path(__file__).parent.parent / "samples" / "shop-orders-warehouse-ledger.yaml"
    text = sample.read_text(encoding="utf-8")
    complete = markdown(tmp_path, text, "complete")
    undecided = markdown(tmp_path, text.replace("    latency: 2 hours\n", "", 1), "undecided")
    agrees = ("By signing, each signatory agrees that the sentences in the Summary say who "
              "does what")
    assert "None: every question that matters has an answer." in complete
    assert agrees + ".\n" in complete and "open questions above" not in complete
    assert agrees + ", and that the open questions above are still to be answered." in undecided
