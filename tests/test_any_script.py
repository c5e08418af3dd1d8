"""Stakeholders write in their own scripts: the sample in Japanese, Chinese, Korean, Arabic,
Hebrew, German and French prints every character in the PDF, the brief and the diagrams,
keeps right-to-left text in its own direction, and keeps the words as typed.

The fonts come from scripts/setup (fonts-dejavu-core, fonts-noto-cjk): a machine without
them fails here, saying so, rather than skipping."""

from __future__ import annotations

from pathlib import Path

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
    for name, scripts in ((".html", list(TYPED)),
                          ("-brief.html", ["Japanese", "Arabic", "Hebrew", "German", "French"])):
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
