"""Stakeholders write in their own scripts: the sample in Japanese, Chinese, Korean, Arabic,
Hebrew, German and French prints every character in the PDF, the brief and the diagrams,
keeps right-to-left text in its own direction, and keeps the words as typed.

The fonts come from scripts/setup (fonts-dejavu-core, fonts-noto-cjk): a machine without
them fails here, saying so, rather than skipping."""

from __future__ import annotations

import re
import subprocess
from functools import cache, lru_cache
from pathlib import Path
from xml.etree import ElementTree

import pytest
from tests.conftest import SAMPLES

from mailroom.document.direction import Isolator, direction
from mailroom.document.output import Options
from mailroom.document.render import render

SAMPLE = SAMPLES / "multilingual-orders-tokyo-riyadh.yaml"
SETUP = "run ./scripts/setup, which installs them"

# What the sample's stakeholders typed, one text per script (and the two Latin languages).
TYPED = {
    "Japanese": ["東京ストア", "田中 花子", "プロジェクトマネージャー", "支払い済みの注文"],
    "Chinese": ["王芳", "电子商务部"],
    "Korean": ["김민준", "통합 개발자"],
    "Arabic": ["مستودع الرياض", "فاطمة الزهراء", "شركة النخيل للخدمات اللوجستية"],
    "Hebrew": ["הנהלת חשבונות", "דוד כהן", "מנהל כספים"],
    "German": ["Bezahlte Bestellungen", "Jürgen Müller", "Finanzabteilung"],
    "French": ["une commande est payée", "chef de projet intégration"],
}
RTL = ("Arabic", "Hebrew")
LANGUAGES = {"Japanese": "ja", "Chinese": "zh-cn", "Korean": "ko", "Arabic": "ar",
             "Hebrew": "he", "German": "de", "French": "fr"}
IN_THE_BRIEF = ["Japanese", "Arabic", "Hebrew", "German", "French"]  # systems, data, events


def test_the_sample_holds_every_text_the_tests_look_for():
    text = SAMPLE.read_text(encoding="utf-8")
    assert all(typed in text for texts in TYPED.values() for typed in texts)


# -- HTML: right-to-left text isolated in its own direction ------------------------------


def test_direction_is_that_of_the_first_strong_character():
    assert direction("مستودع الرياض 2") == "rtl"
    assert direction("2. הנהלת חשבונות") == "rtl"
    assert direction("東京ストア") == "ltr" and direction("Shopwise") == "ltr"
    assert direction("300 / 15") is None


def test_each_typed_text_is_isolated_and_stays_escaped():
    isolate = Isolator(["فاطمة <b>", "Stock & co", "salesforce-to-netsuite"])
    html = isolate.html("Owner: فاطمة <b>, 300 records from Stock & co (salesforce-to-netsuite)")
    assert html == ('Owner: <bdi dir="rtl">فاطمة &lt;b&gt;</bdi>, 300 records from '
                    "<bdi>Stock &amp; co</bdi> (salesforce-to-netsuite)")
    # a typed text inside a longer word is not a piece of its own
    assert "<bdi>" not in Isolator(["Stock"]).html("Stockroom")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The sample's document (all formats) and its brief, rendered once for the module."""
    from mailroom.brief.build import build_brief

    for script, language in LANGUAGES.items():
        listed = subprocess.run(["fc-list", f":lang={language}", "family"], capture_output=True,
                                text=True, check=True).stdout
        if not listed.strip():
            pytest.fail(f"no font installed covers {script}: {SETUP}")
    root = tmp_path_factory.mktemp("scripts")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MAILROOM_CACHE_DIR", str(root / "cache"))
        options = Options(formats=("md", "html", "pdf"), date="2026-12-01", stub=False)
        [result] = render([SAMPLE], root / "doc", options, jobs=1)
        assert result.error is None
        brief = build_brief(SAMPLE, root / "brief", options)
    files = {f.name.removeprefix(SAMPLE.stem): f for f in [*result.files, *brief.files]}
    return files


def test_the_html_isolates_right_to_left_text_with_its_direction(rendered):
    # the brief names the systems, the data and the events, not the people
    for name, scripts in ((".html", list(TYPED)), ("-brief.html", IN_THE_BRIEF)):
        html = rendered[name].read_text(encoding="utf-8")
        for script in scripts:
            texts = TYPED[script]
            attribute = ' dir="rtl"' if script in RTL else ""
            found = [t for t in texts if f"<bdi{attribute}>{t}</bdi>" in html]
            assert found, (name, script)
        # in the sentence that reads the flow back too
        assert ('<bdi dir="rtl">הנהלת חשבונות</bdi> pulls <bdi>Bezahlte Bestellungen</bdi> '
                "from") in html.replace(" (mail person)", "")


def test_the_markdown_keeps_the_words_as_typed(rendered):
    text = rendered[".md"].read_text(encoding="utf-8")
    assert "<bdi" not in text
    assert "pulls Bezahlte Bestellungen from 東京ストア's REST API (mailbox) every hour" in text
    assert ("東京ストア (mail person) pushes 支払い済みの注文 into مستودع الرياض's REST API "
            "(mailbox) when une commande est payée") in text


# -- PDF: every character printed, with a font that has it -------------------------------


@lru_cache(maxsize=1)
def installed_fonts() -> dict[str, tuple[str, int]]:
    """Installed fonts by the name weasyprint embeds them under ("Noto-Sans-CJK-JP-Bold",
    "DejaVu-Sans"): file and index in a collection."""
    listed = subprocess.run(
        ["fc-list", "--format", "%{family[0]}|%{style[0]}|%{file}|%{index}\n"],
        capture_output=True, text=True, check=True).stdout
    fonts = {}
    for line in listed.splitlines():
        family, style, file, index = line.split("|")
        name = family.replace(" ", "-")
        if style not in ("Regular", "Book"):
            name += "-" + style.replace(" ", "-")
        fonts.setdefault(name, (file, int(index)))
    return fonts


def embedded_fonts(pdf: Path) -> list[str]:
    """The fonts the PDF embeds, by name, without the subset's tag ("ABCDEF+")."""
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in listed), "a font is not embedded"
    return [line.split()[0].split("+", 1)[-1] for line in listed]


@cache
def characters_of(name: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    file, index = installed_fonts()[name]
    with TTFont(file, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap())


@pytest.mark.parametrize(("name", "scripts"), [(".pdf", list(TYPED)),
                                               ("-brief.pdf", IN_THE_BRIEF)])
def test_the_pdf_embeds_a_font_that_has_every_character_typed(rendered, name, scripts):
    fonts = embedded_fonts(rendered[name])
    unknown = [font for font in fonts if font not in installed_fonts()]
    assert not unknown, f"embedded fonts not found among the installed ones: {unknown}"
    assert any(font.startswith("Noto-Sans-CJK") for font in fonts)
    for script in scripts:
        needed = {ord(c) for text in TYPED[script] for c in text if not c.isspace()}
        # one embedded font has every character of the script's texts
        covering = [font for font in fonts if needed <= characters_of(font)]
        assert covering, (f"no embedded font covers the {script} text {TYPED[script]} "
                          f"({fonts}): {SETUP}")


def pdf_words(pdf: Path) -> str:
    """The PDF's text as pdftotext extracts it, less the embedding marks it puts around
    right-to-left runs (U+202B ... U+202C; it writes them in logical order), one line."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return " ".join(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text).split())


@pytest.mark.parametrize(("name", "scripts"), [(".pdf", list(TYPED)),
                                               ("-brief.pdf", IN_THE_BRIEF)])
def test_the_pdf_text_holds_the_words_as_typed(rendered, name, scripts):
    words = pdf_words(rendered[name])
    for script in scripts:
        missing = [text for text in TYPED[script] if text not in words]
        # the brief does not name the people: its texts are the systems, data and events
        if name == "-brief.pdf":
            missing = [text for text in missing if text in rendered["-brief.md"].read_text()]
        assert not missing, (script, missing)
    # the read-back sentence, its data as typed (pdftotext puts the possessive "'s" beside
    # an Arabic name inside that name's run, so the sentence is checked up to it)
    assert "東京ストア pushes 支払い済みの注文 into" in words.replace(" (mail person)", "")
    assert "pulls Bezahlte Bestellungen from 東京ストア" in words


def svg_lines(svg: Path) -> list[str]:
    """Each line of text an SVG shows."""
    tree = ElementTree.parse(svg)
    return [" ".join("".join(node.itertext()).split())
            for node in tree.iter("{http://www.w3.org/2000/svg}text")]


def test_the_diagrams_show_the_names_and_data_as_typed_with_fonts_that_have_them(rendered):
    context = svg_lines(rendered["-context.svg"])
    for typed in ["東京ストア", "ウェブショップ", "مستودع الرياض", "הנהלת חשבונות", "ERP",
                  "1. 東京ストア pushes", "支払い済みの注文", "2. הנהלת חשבונות pulls",
                  "Bezahlte Bestellungen"]:
        assert typed in context, (typed, context)
    sequence = " ".join(svg_lines(rendered["-flow2-tokyo-store-to-bookkeeping.svg"]))
    assert "ask for Bezahlte Bestellungen modified since the cursor" in sequence
    for svg in [rendered["-context.svg"], rendered["-brief-context.svg"]]:
        text = svg.read_text(encoding="utf-8")
        assert 'font-family="DejaVu Sans,Noto Sans CJK JP"' in text
        assert "<text" in text  # the SVG files keep their text as text


def test_the_pdf_draws_right_to_left_diagram_text_as_shaped_outlines(rendered):
    """weasyprint would draw an SVG's Arabic unjoined and backwards: the PDF's diagrams with
    such text are drawn by graphviz's cairo renderer, so no diagram text is left for
    weasyprint to lay out (and none is extracted from the PDF)."""
    words = pdf_words(rendered[".pdf"])
    assert "東京ストア pushes" not in words and "חשבונות pulls" not in words  # arrows' labels
    assert "<text" in rendered["-context.svg"].read_text(encoding="utf-8")


def test_the_stub_names_workflows_by_the_flows_and_keeps_the_words(tmp_path):
    """A folder or a step named after 東京ストア would keep only the letters an id can hold
    ("to"): the flow's id stands in, and the words are kept as typed where they are read."""
    from mailroom.spec.reading import load_spec
    from mailroom.stub import build_stub, provenance

    loaded = load_spec(SAMPLE)
    files = build_stub(loaded.spec, provenance(loaded, SAMPLE.name), tmp_path)[1]
    folders = {Path(name).parts[1] for name in files if name.startswith("workflows/")}
    assert folders == {"tokyo-store-to-riyadh-warehouse", "tokyo-store-to-bookkeeping"}
    project = files["project.yaml"]
    # OpenFn's tools make a workflow's and a step's id from its name: such a name is its id
    # (tests/test_stub_openfn.py reads the project with @openfn/project), and the words
    # stay, as typed, in the jobs' comments.
    assert "name: tokyo-store-to-riyadh-warehouse\n" in project
    assert "name: poll-tokyo-store-to-bookkeeping\n" in project
    assert "Push 支払い済みの注文 to" not in project
    assert "The spec's data: 支払い済みの注文（注文番号" in project
    assert "pulls Bezahlte Bestellungen from 東京ストア's interface" in project
