"""The minutes as PDF: real WeasyPrint, read back with pdftotext and pypdf."""

from urllib.parse import unquote

import pytest

from meetings.minutes.actions import set_collaborators
from meetings.minutes.document import minutes_view
from meetings.minutes.pdf import render_minutes_pdf
from resolutions.models import Resolution
from secretariat.models import Organization
from tests import seed_facts
from tests.meetings.pdf_text import contains_in_order, font_names, page_count, pdf_text, words

PDF_URL = "/g/meydan/sessions/{}/minutes.pdf"

# Pinned: a change of layout that moves the seed minutes to another page count must be deliberate.
SEED_PAGE_COUNT = 4


@pytest.fixture
def seed_pdf(clients, session12) -> bytes:
    response = clients["secretary"].get(PDF_URL.format(12))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.getvalue()


def test_every_resolution_reads_in_logical_order(seed_pdf):
    extracted = words(pdf_text(seed_pdf))
    for resolution in seed_facts.SESSION["resolutions"]:
        expected = words(resolution["verb"] + " " + resolution["text"])
        assert contains_in_order(extracted, expected), resolution["number"]


def test_header_footer_and_facts_are_in_the_text(seed_pdf):
    text = pdf_text(seed_pdf)
    extracted = words(text)
    for phrase in ["بسمه تعالی", "صورتجلسه", "دوازدهمین نشست", "۳۱ خرداد و ۱ تیر ۱۳۹۱", "امضای حاضران"]:
        assert contains_in_order(extracted, words(phrase)), phrase
    assert contains_in_order(extracted, words(f"صفحه ۱ از {'۴'}"))
    assert contains_in_order(extracted, words("تعداد صفحات ۴"))
    assert "ISO 14001" in text and "HSEQ" in text


def test_the_pdf_embeds_vazirmatn_and_nothing_else(seed_pdf):
    names = font_names(seed_pdf)
    assert names, "no fonts found"
    assert all("Vazirmatn" in name for name in names), names


def test_seed_page_count_is_stable(seed_pdf):
    assert page_count(seed_pdf) == SEED_PAGE_COUNT


def test_download_name_works_for_persian(clients, session12):
    response = clients["secretary"].get(PDF_URL.format(12))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline; filename=\"minutes-meydan-12.pdf\"; filename*=UTF-8''")
    assert unquote(disposition.split("UTF-8''")[1]) == "صورتجلسه-نشست-۱۲.pdf"


@pytest.fixture
def hostile_resolution(draft12) -> Resolution:
    latin = Organization.objects.create(name="Tehran Fruit Market Org.", short_name="TFMO", kind="other")
    resolution = Resolution.objects.create(
        meeting=draft12,
        number=9,
        text='<script>alert("x")</script> <b>bold</b> متن \u202eواژگون\u202c پایان',
        responsible_kind=Resolution.Responsible.ORGANIZATION,
        responsible_organization=latin,
        deliverable="گزارش " * 4000,
    )
    set_collaborators(resolution, [latin])
    return resolution


def test_hostile_text_is_harmless_in_html(clients, hostile_resolution):
    html = clients["secretary"].get("/g/meydan/sessions/12/").content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "\u202e" not in html
    assert "متن واژگون پایان" in html
    assert "\u2068Tehran Fruit Market Org.\u2069" in html
    assert html.count("گزارش ") >= 4000


def test_hostile_text_is_harmless_and_readable_in_the_pdf(session12, hostile_resolution):
    pdf = render_minutes_pdf(minutes_view(session12))
    text = pdf_text(pdf)
    # The glyphs are right (see the rendered page); pdftotext reports mirrored brackets of a
    # Latin run inside a right-to-left line as their mirror images, so compare the words.
    assert contains_in_order(words(text), ["script", "alert", "x", "script", "b", "bold", "b"])
    assert contains_in_order(words(text), ["متن", "واژگون", "پایان"])
    assert "Tehran Fruit Market Org." in text
    assert words(text).count("گزارش") >= 4000
    assert page_count(pdf) > SEED_PAGE_COUNT + 3
    assert all("Vazirmatn" in name for name in font_names(pdf))


def test_a_twenty_thousand_character_paragraph(draft12):
    session12 = draft12
    paragraph = " ".join(f"بند{number} پیگیری" for number in range(1500))[:20_000]
    Resolution.objects.create(
        meeting=session12, number=10, text=paragraph, responsible_kind=Resolution.Responsible.SECRETARIAT
    )
    pdf = render_minutes_pdf(minutes_view(session12))
    assert page_count(pdf) > SEED_PAGE_COUNT + 2
    assert contains_in_order(words(pdf_text(pdf)), words(paragraph)[-40:])


def test_twenty_thousand_characters_without_a_space_wrap_instead_of_overflowing(clients, draft12):
    session12 = draft12
    Resolution.objects.create(
        meeting=session12, number=10, text="ب" * 20_000, responsible_kind=Resolution.Responsible.SECRETARIAT
    )
    html = clients["secretary"].get("/g/meydan/sessions/12/").content.decode()
    assert ("ب" * 8 + "\u200b" + "ب" * 8 + "\u200b") in html
    pdf = render_minutes_pdf(minutes_view(session12))
    assert pdf_text(pdf).replace("\n", "").replace("\u200b", "").count("ب" * 80) >= 200
