"""The one-page sales brief: its Markdown, whose product is "ours", what the catalog adds,
unknowns said as such, escaping, and the committed sample briefs kept up to date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import SAMPLES
from tests.render_specs import HOSTILE_SPEC, UNKNOWN_SPEC

from mailroom.brief.view import brief_title, brief_view, ours_and_theirs
from mailroom.diagrams import dot_program
from mailroom.document.output import Options
from mailroom.document.render import render_briefs
from mailroom.facts.spec_facts import facts_of
from mailroom.spec.model import Spec
from mailroom.spec.reading import load_spec

BRIEFS = SAMPLES / "briefs"
DATE = "2026-01-15"
needs_dot = pytest.mark.skipif(dot_program() is None, reason="graphviz's dot is not installed")


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MAILROOM_CACHE_DIR", str(tmp_path / "cache"))


def brief_of(spec: Path, out: Path, formats: tuple[str, ...] = ("md",), date: str = DATE) -> str:
    [result] = render_briefs([spec], out, Options(formats=formats, date=date), jobs=1)
    assert result.error is None, result.error
    return (out / f"{spec.stem}-brief.{formats[-1]}").read_text(encoding="utf-8")


def spec_file(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the samples -------------------------------------------------------------------


@needs_dot
@pytest.mark.parametrize("spec", sorted(BRIEFS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_committed_sample_briefs_are_what_brief_writes(spec, tmp_path):
    committed = (BRIEFS / f"{spec.stem}-brief.md").read_text(encoding="utf-8")
    date = re.search(r"^Integration brief · (\d{4}-\d\d-\d\d)", committed, re.MULTILINE)
    assert date is not None
    assert brief_of(spec, tmp_path, date=date.group(1)) == committed, (
        "samples/briefs is out of date: run ./scripts/render-briefs and commit the result")
    for suffix in ("-brief.html", "-brief.pdf", "-brief-context.svg"):
        assert (BRIEFS / f"{spec.stem}{suffix}").exists()


@pytest.mark.parametrize("spec", sorted(BRIEFS.glob("*.yaml")), ids=lambda p: p.stem)
def test_each_sample_prospect_passes_check(run, spec):
    result = run("check", str(spec))
    assert result.exit_code == 0, result.output
    assert "error [" not in result.stdout


def test_three_prospects_each_a_spec_of_the_sales_interview():
    specs = sorted(BRIEFS.glob("*.yaml"))
    assert len(specs) == 4
    for path in specs:
        spec = load_spec(path).spec
        assert spec.our_system == spec.systems[0].id
        assert spec.title == brief_title(spec)
        assert spec.systems[1].catalog is not None


def test_the_brief_of_two_flows_says_who_does_what(tmp_path):
    md = brief_of(BRIEFS / "shopwise-hubspot.yaml", tmp_path)
    assert md.startswith("# How Shopwise integrates with HubSpot\n\n"
                         "Integration brief · 2026-01-15 · Prepared by Lee Chen (sales engineer)\n")
    assert ("**Flow 1.** Shopwise pushes customers who place an order into HubSpot's REST API "
            "when an order is paid. So the work is done by code in Shopwise: it "
            "starts each exchange, carries the data and holds the credentials for HubSpot.\n"
            ) in md
    assert "**Flow 2.** HubSpot pushes unsubscribes into Shopwise's webhook receiver" in md
    assert "- **Flow 1.** **Clone.** HubSpot keeps customers who place an order as its own" in md
    assert ("- **Flow 2.** An event in HubSpot: a contact unsubscribes from marketing email. "
            "HubSpot sends the data at once. How fresh the data must be: 1 hour.\n") in md
    assert ("- Credentials that Shopwise holds to call HubSpot: an OAuth 2.0 client and a "
            "user's consent (refresh token).\n") in md
    assert ("- Set-up in HubSpot so that it sends unsubscribes when a contact unsubscribes from "
            "marketing email: someone with admin rights enters Shopwise's receiver URL in "
            "HubSpot's settings.\\\n"  # what the vendor documents, on a line of its own
            "   *The vendor documents webhooks: JSON sent to a receiver URL set up by hand in "
            "its settings; the receiver tells they are genuine by a signature of each call in "
            "its X-HubSpot-Signature-v3 header.* ([developers.hubspot.com](<https://"
            "developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/"
            "request-validation>))\n") in md


def test_the_four_questions_of_article_001_always_close_the_brief(tmp_path):
    md = brief_of(BRIEFS / "expensly-netsuite.yaml", tmp_path)
    questions = md.split("## To settle before a commitment\n\n")[1].split("\n---")[0]
    lines = [line for line in questions.splitlines() if line]
    assert [re.sub(r"^\d+\. ", "", line).split("**")[1] for line in lines[-4:]] == [
        "Who built it?", "Who supports it?", "How many use it?", "A demo."]
    assert ("**Who built it?** The work is done in Expensly: is it part of Expensly as sold, "
            "a partner's add-on, or a project built for you?") in lines[-4]
    assert ("**A demo.** See approved expense reports in Expensly and then in NetSuite, as your "
            "users would meet them.") in lines[-1]


def test_one_interface_is_one_access_line_whatever_it_reads_and_writes(tmp_path):
    md = brief_of(BRIEFS / "expensly-netsuite.yaml", tmp_path)
    assert md.count("- Access to NetSuite's") == 1
    assert ("for Expensly: an integration user (or app) allowed to write approved expense "
            "reports and read departments and expense accounts.") in md
    assert "platform in the middle" not in md  # a round trip with NetSuite is two flows


# -- unknowns and the catalog ------------------------------------------------------------


def test_an_unknown_auth_is_to_be_confirmed_with_what_the_vendor_documents(tmp_path):
    md = brief_of(BRIEFS / "clinicflow-dhis2.yaml", tmp_path)
    assert ("- Credentials that Clinicflow holds to call DHIS2: their kind is to be confirmed.\\\n"
            "   *The vendor documents basic auth, API key and OAuth 2.0 authorization code. Basic "
            "authentication, personal access tokens (sent as Authorization: ApiToken \\<token\\>)"
            ", and OAuth 2 clients registered in DHIS2.* "
            "([github.com](<https://github.com/dhis2/dhis2-docs/") in md


def test_a_spec_of_unknowns_guesses_nothing(tmp_path):
    md = brief_of(spec_file(tmp_path, UNKNOWN_SPEC), tmp_path / "out")
    assert md.startswith("# How Shop integrates with Warehouse\n")
    assert ("Paid orders move from Shop to Warehouse at a time not decided yet; which of them "
            "starts it is not decided yet. Which system starts each exchange, Shop pushing or "
            "Warehouse pulling, is to be confirmed.") in md
    assert "The pattern (embed, push, pull, clone or synthesize) is to be confirmed." in md
    assert "What starts each movement (an event, a schedule or a request) is to be confirmed." \
        in md
    assert ("- What paid orders need on your side depends on which system starts each "
            "exchange: to be confirmed.") in md
    assert "Which system starts the exchange and carries the data (the mail person)" in md
    assert "Credentials that" not in md and "an API key" not in md


def test_only_the_six_first_open_questions_are_listed_and_the_rest_counted(tmp_path):
    text = UNKNOWN_SPEC + "  - {id: second, data: Stock, source: warehouse, destination: shop}\n"
    md = brief_of(spec_file(tmp_path, text), tmp_path / "out")
    questions = md.split("## To settle before a commitment\n\n")[1].split("\n---")[0]
    assert len(re.findall(r"^\d+\. ", questions, re.MULTILINE)) == 6 + 4
    assert re.search(r"^\d+ more open questions are listed by `mailroom check spec.yaml`\.$",
                     questions, re.MULTILINE)


# -- whose product ---------------------------------------------------------------------------


def two_systems(**extra: object) -> Spec:
    return Spec.model_validate({
        "systems": [{"id": "crm", "name": "CRM"}, {"id": "shop", "name": "Shop"}], **extra})


def test_ours_is_our_system_else_the_first_system():
    assert ours_and_theirs(two_systems()) == ("crm", ["shop"])
    assert brief_title(two_systems()) == "How CRM integrates with Shop"
    assert ours_and_theirs(two_systems(our_system="shop")) == ("shop", ["crm"])
    assert brief_title(two_systems(our_system="shop")) == "How Shop integrates with CRM"
    assert brief_title(Spec()) == ("How our product (not named yet) integrates with another "
                                   "system (not named yet)")


def test_an_our_system_that_is_no_system_is_an_error(run, write):
    spec = write("spec.yaml", "spec: 1\nour_system: erp\nsystems:\n  - {id: crm}\n")
    result = run("check", spec)
    assert result.exit_code == 1
    assert "Your product is named as 'erp', which is not a system in this spec (its " \
        "systems: crm)" in " ".join(result.stdout.split())


def test_the_view_names_the_vendor_page_of_each_catalog_fact():
    spec = load_spec(BRIEFS / "clinicflow-dhis2.yaml").spec
    view = brief_view(facts_of(spec), source="clinicflow-dhis2.yaml", date=DATE)
    vendors = [v for line in view.provide for v in line.vendors]
    assert vendors and all(v.source.startswith("https://github.com/dhis2/dhis2-docs/")
                           for v in vendors)
    assert {v.site for v in vendors} == {"github.com"}


# -- escaping ------------------------------------------------------------------------------


def test_typed_text_stays_text_in_markdown_and_html(tmp_path):
    spec = spec_file(tmp_path, HOSTILE_SPEC)
    md = brief_of(spec, tmp_path / "out")
    html = brief_of(spec, tmp_path / "out", formats=("html",))
    assert "<script>" not in md and "<img" not in md
    assert r"\<script\>" in md
    assert "<script" not in html and "<b>" not in html
    assert re.findall(r'<img(?! src="data:image/svg\+xml;base64,)', html) == []  # the diagram
    assert "javascript:" not in re.sub(r"&[a-z]+;", "", "".join(re.findall(r'href="[^"]*"',
                                                                             html)))
    # The title is made of the systems' names, escaped in the header.
    title = "How CRM &lt;i&gt;x&lt;/i&gt; integrates with ERP &amp; &#34;Ledger&#34;"
    assert f"<title>{title}</title>" in html


# -- the command -------------------------------------------------------------------------------


@needs_dot
def test_brief_command_writes_the_files_it_names(run, tmp_path):
    out = tmp_path / "out"
    spec = BRIEFS / "clinicflow-dhis2.yaml"
    result = run("brief", str(spec), "-o", str(out), "--format", "md,html", "--date", DATE)
    assert result.exit_code == 0, result.output
    names = ["clinicflow-dhis2-brief-context.svg", "clinicflow-dhis2-brief.md",
             "clinicflow-dhis2-brief.html"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert result.stdout == f"{spec}: wrote {', '.join(str(out / n) for n in names)}\n"
    html = (out / "clinicflow-dhis2-brief.html").read_text()
    assert "data:image/svg+xml;base64," in html  # the diagram travels inside the HTML


def test_brief_command_reports_an_unreadable_spec_and_writes_the_others(run, write, tmp_path):
    bad = write("bad.yaml", "spec: 1\nflows:\n  - {id: a, trigger: sometimes}\n")
    good = write("good.yaml", UNKNOWN_SPEC)
    result = run("brief", bad, good, "-o", str(tmp_path / "out"), "--format", "md")
    assert result.exit_code == 2
    assert "bad.yaml:3: flows[0].trigger: expected one of event, schedule, on-demand" \
        in result.stderr
    assert (tmp_path / "out" / "good-brief.md").exists()


def test_a_template_of_your_own_runs_in_the_sandbox(run, write, tmp_path):
    (tmp_path / "mine").mkdir()
    write("mine/brief.md.j2", "{{ brief.__class__.__init__.__globals__ }}")
    result = run("brief", write("spec.yaml", UNKNOWN_SPEC), "-o", str(tmp_path / "out"),
                 "--format", "md", "--templates", str(tmp_path / "mine"))
    assert result.exit_code == 2
    assert "template refused by the sandbox" in result.stderr


def test_stakeholders_who_disagree_on_whose_product_it_is_are_told(run, write):
    base = "spec: 1\nsystems:\n  - {id: crm}\n  - {id: shop}\n"
    ours = write("ours.yaml", base + "our_system: crm\nanswered_by: Dana\n")
    theirs = write("theirs.yaml", base + "our_system: shop\nanswered_by: Lee\n")
    result = run("compare", "--format", "json", ours, theirs)
    assert result.exit_code == 1
    assert '"field": "our_system"' in result.stdout


def test_catalog_false_is_compared_with_no_catalog_entry(run, write):
    spec = CONTRACT_LIKE.replace("{id: netsuite, name: NetSuite", "{id: netsuite, name: NetSuite"
                                 ", catalog: false")
    assert "catalog-auth" not in run("check", "--format", "json", write("own.yaml", spec)).stdout
    assert "catalog-auth" in run("check", "--format", "json", write("cat.yaml", CONTRACT_LIKE)
                                 ).stdout


CONTRACT_LIKE = """\
spec: 1
systems:
  - {id: salesforce, name: Salesforce, api: true, events: true, skills: true}
  - {id: netsuite, name: NetSuite, api: true, events: false, skills: true}
flows:
  - {id: f, data: Leads, source: salesforce, destination: netsuite, mail_person: salesforce,
     mailbox: netsuite, trigger: event, event: a lead is converted, transport: rest,
     auth: {method: basic}}
"""


def test_what_the_catalog_documents_is_stated_not_asked_of_the_prospect(tmp_path):
    """HubSpot's webhooks are in the catalog, with their source, under what the prospect
    provides; the brief does not also ask the prospect whether HubSpot can call out."""
    md = brief_of(BRIEFS / "shopwise-hubspot.yaml", tmp_path)
    assert ("*The vendor documents webhooks: JSON sent to a receiver URL set up by hand in its "
            "settings;") in md
    assert "Can HubSpot emit events or call webhooks" not in md


def test_our_side_of_the_buyers_checks_is_stated_when_the_spec_records_it(tmp_path):
    md = brief_of(BRIEFS / "shopwise-hubspot.yaml", tmp_path)
    assert "For Northwind Outfitters. What you want to achieve: Campaigns that reach" in md
    assert ("- **Who built it?** It is part of Shopwise as sold: the same for every customer, "
            "and upgraded with it.") in md
    assert "- **How many use it?** About 120 shops; Alder & Co (outdoor clothing) will talk" in md
    assert "Ask to speak to one of them" not in md  # answered above: not asked again
    unanswered = brief_of(BRIEFS / "expensly-netsuite.yaml", tmp_path / "other")
    assert "## Who stands behind it" not in unanswered
    assert "**How many use it?** How many customers run it today? Ask to speak to one" in unanswered


@pytest.mark.parametrize(("built_by", "said"), [
    ("product", "It is part of Shopwise as sold"),
    ("partner", "It is a partner's add-on to Shopwise"),
    ("project", "It is a project built for you"),
])
def test_who_built_it_is_said_in_words(built_by, said, tmp_path):
    text = (BRIEFS / "shopwise-hubspot.yaml").read_text(encoding="utf-8").replace(
        "  built_by: product ", f"  built_by: {built_by} ")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    md = brief_of(spec, tmp_path / "out")
    assert f"- **Who built it?** {said}" in md
    assert "built_by" not in md and f"Who built it?** {built_by}" not in md
