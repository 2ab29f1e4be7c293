"""Documents people trust at a glance, made once: the verification pages and their verdicts, the
code on every page of a signed PDF, the draft mark on every page of a draft, the Word file, the
letterhead, documents rendered once for many downloads (and by the background worker when there
is one), and the minutes' HTML taken from the cache."""

import hashlib
import io
import re
from unittest import mock
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from meetings.minutes import views as minutes_views
from meetings.models import Attendance, Meeting, MinutesRevision
from resolutions.models import Resolution
from secretariat import actions as core_actions
from secretariat import layout
from secretariat.models import JobStatus, Organization, Person, StoredDocument
from secretariat.persian import to_persian_digits
from tests import seed_facts
from tests.meetings.pdf_text import contains_in_order, font_names, page_texts, pdf_text, words
from tests.meetings.test_signing import BASE, finalized
from tests.tasks import DATABASE_TASKS, run_the_worker

SEED = "/g/meydan/sessions/12/"


@pytest.fixture
def signed13(clients, held13, seal) -> MinutesRevision:
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert revision.pdf and revision.sealed
    return revision


def body(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return response.getvalue()


# -- /verify/ ------------------------------------------------------------------------------------


def test_the_verify_page_has_a_form_for_the_printed_code(clients):
    page = clients["anonymous"].get("/verify/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="verify-code-form"' in html and 'name="code"' in html and "کد تصدیق" in html


def test_a_code_typed_loosely_leads_to_its_verdict(clients, signed13):
    code = signed13.verification_code
    typed = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    response = clients["anonymous"].get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{code}/"


def test_an_unknown_code_gets_a_persian_page_with_the_form_again(clients, signed13):
    typed = clients["anonymous"].get("/verify/", {"code": "ABCD-2345-WXYZ"})
    assert typed.status_code == 404
    assert "هیچ صورتجلسه امضاشده‌ای با این کد ثبت نشده است" in typed.content.decode()
    assert 'value="ABCD-2345-WXYZ"' in typed.content.decode()  # what was typed stays
    linked = clients["anonymous"].get("/verify/NOPE2345/")
    html = linked.content.decode()
    assert linked.status_code == 404 and 'data-verdict="not-found"' in html and "یافت نشد" in html
    assert 'id="verify-code-form"' in html


def test_the_verdict_of_a_sealed_intact_file_names_the_session_signers_and_hash(clients, signed13):
    response = clients["anonymous"].get(f"/verify/{signed13.verification_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="sealed-intact"' in html and "ثبت‌شده، مهرشده و دست‌نخورده" in html
    assert "سیزدهمین نشست" in html and "نماینده سازمان میادین تهران" in html
    # The hash and the code are isolated left-to-right runs inside the right-to-left page.
    assert f'<code dir="ltr" class="hash" id="document-hash">{signed13.sha256}</code>' in html
    assert f'<span dir="ltr" class="code" id="verification-code">{signed13.verification_code}</span>' in html
    assert 'id="authentic-download"' not in html  # not signed in: no download


def test_a_reader_allowed_to_read_it_downloads_the_authentic_file(clients, signed13):
    html = clients["tehran"].get(f"/verify/{signed13.verification_code}/").content.decode()
    assert f'href="{BASE}revisions/1/minutes.pdf" id="authentic-download"' in html
    assert (
        'id="authentic-download"'
        not in clients["outsider"].get(f"/verify/{signed13.verification_code}/").content.decode()
    )


def test_an_uploaded_copy_matches_and_a_changed_byte_does_not(clients, signed13):
    original = signed13.pdf.open("rb").read()
    url = f"/verify/{signed13.verification_code}/"
    good = clients["anonymous"].post(
        url, {"document": SimpleUploadedFile("a.pdf", original, "application/pdf")}
    )
    assert good.status_code == 200 and 'data-verdict="file-matches"' in good.content.decode()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    bad = clients["anonymous"].post(
        url, {"document": SimpleUploadedFile("a.pdf", bytes(changed), "application/pdf")}
    )
    html = bad.content.decode()
    assert bad.status_code == 422 and 'data-verdict="file-differs"' in html
    assert f'<code dir="ltr" class="hash">{hashlib.sha256(changed).hexdigest()}</code>' in html


def test_a_kept_file_damaged_on_disk_is_reported(clients, signed13):
    path = signed13.pdf.path
    content = bytearray(open(path, "rb").read())
    content[len(content) // 3] ^= 0x01
    open(path, "wb").write(bytes(content))
    html = clients["anonymous"].get(f"/verify/{signed13.verification_code}/").content.decode()
    assert 'data-verdict="stored-damaged"' in html


# -- the signed PDF and drafts, page by page -------------------------------------------------------


def test_every_page_of_a_signed_pdf_carries_its_code_and_page_x_of_y(clients, signed13):
    pages = page_texts(body(clients["tehran"].get(f"{BASE}minutes.pdf")))
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert signed13.verification_code in text, number
        page_words = words(text)
        assert contains_in_order(
            page_words, ["صفحه", to_persian_digits(number), "از", to_persian_digits(len(pages))]
        )


def test_the_last_page_of_a_signed_pdf_is_not_nearly_empty(clients, signed13):
    pages = page_texts(body(clients["tehran"].get(f"{BASE}minutes.pdf")))
    footer = set(words(pages[0])) & set(words(pages[-1]))
    assert len([word for word in words(pages[-1]) if word not in footer]) > 25
    assert contains_in_order(words(pages[-1]), words("امضای حاضران"))


def test_every_page_of_a_draft_says_it_is_a_draft(clients, draft12):
    pdf = body(clients["secretary"].get(f"{SEED}minutes.pdf"))
    pages = page_texts(pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert contains_in_order(words(text), words("پیش‌نویس")), number
    assert all("Vazirmatn" in name for name in font_names(pdf))


def test_the_signed_pdf_holds_no_hidden_label_text(clients, signed13):
    # Page labels are printed by the margin boxes, not kept as hidden text that pdftotext would
    # read as a glued word at the top of the first page.
    first_words = words(page_texts(body(clients["tehran"].get(f"{BASE}minutes.pdf")))[0])
    assert "صفحهاز" not in first_words and first_words[0] != "صفحه"


# -- Word --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["secretary", "tehran"])
def test_the_word_file_holds_every_resolution_in_order_right_to_left(clients, role, session12):
    response = clients[role].get(f"{SEED}minutes.docx")
    assert response["Content-Type"] == layout.DOCX
    assert unquote(response["Content-Disposition"].split("UTF-8''")[1]) == "صورتجلسه-نشست-۱۲.docx"
    document = Document(io.BytesIO(body(response)))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    position = 0
    for resolution in seed_facts.SESSION["resolutions"]:
        number = to_persian_digits(resolution["number"])
        found = next(
            index
            for index, text in enumerate(paragraphs[position:], start=position)
            if text.startswith(f"{number}) ") and resolution["text"][:30] in text
        )
        assert found >= position
        position = found + 1
    styles = document.styles.element
    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    assert normal.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None  # paragraphs right to left
    runs = [run for paragraph in document.paragraphs for run in paragraph.runs if run.text.strip()]
    assert runs and all(run._r.rPr.find(qn("w:rtl")) is not None for run in runs)
    assert all(table._tbl.tblPr.find(qn("w:bidiVisual")) is not None for table in document.tables)
    assert document.tables, "the signatures table"
    fonts = normal.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    assert fonts.get(qn("w:cs")) == "Vazirmatn"


def _fields(part) -> list[str]:
    return [field.get(qn("w:instr")).strip() for field in part._element.iter(qn("w:fldSimple"))]


def test_every_page_of_the_word_file_says_page_x_of_y_and_a_draft_says_so_in_its_header(clients, draft12):
    document = Document(io.BytesIO(body(clients["secretary"].get(f"{SEED}minutes.docx"))))
    section = document.sections[0]
    assert _fields(section.footer) == ["PAGE", "NUMPAGES"]
    footer = section.footer.paragraphs[0].text
    assert footer.startswith("صفحهٔ") and " از " in footer
    assert section.header.paragraphs[0].text == "پیش‌نویس — هنوز امضا نشده"


def test_signed_minutes_carry_no_draft_mark_and_the_group_chooses_the_word_font(clients, operator, session12):
    signed = Document(io.BytesIO(body(clients["secretary"].get(f"{SEED}minutes.docx"))))
    assert signed.sections[0].header.paragraphs[0].text == ""
    assert _fields(signed.sections[0].footer) == ["PAGE", "NUMPAGES"]
    core_actions.save_working_group(operator, session12.working_group, {"word_font": "B Nazanin"})
    chosen = Document(io.BytesIO(body(clients["secretary"].get(f"{SEED}minutes.docx"))))
    styles = chosen.styles.element
    normal = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == "Normal")
    assert normal.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:cs")) == "B Nazanin"


def test_the_word_file_follows_permissions(clients, session12):
    assert clients["outsider"].get(f"{SEED}minutes.docx").status_code == 404
    assert clients["anonymous"].get(f"{SEED}minutes.docx").status_code == 302


# -- made once ----------------------------------------------------------------------------------------


def test_a_pdf_is_rendered_once_for_many_downloads(clients, draft12):
    with mock.patch("secretariat.layout.html_to_pdf", wraps=layout.html_to_pdf) as render:
        first = body(clients["secretary"].get(f"{SEED}minutes.pdf"))
        for client in ("secretary", "staff", "secretary"):
            assert body(clients[client].get(f"{SEED}minutes.pdf")) == first
        assert render.call_count == 1
        Resolution.objects.filter(meeting=draft12, number=1).update(text="متنی تازه برای مصوبه نخست")
        changed = body(clients["secretary"].get(f"{SEED}minutes.pdf"))
        assert render.call_count == 2 and changed != first
        assert contains_in_order(words(pdf_text(changed)), words("متنی تازه برای مصوبه نخست"))


def test_a_stored_pdf_answers_a_repeated_request_with_304(clients, draft12):
    response = clients["secretary"].get(f"{SEED}minutes.pdf")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert (
        etag
        and modified
        and "no-cache" in response["Cache-Control"]
        and "private" in response["Cache-Control"]
    )
    again = clients["secretary"].get(f"{SEED}minutes.pdf", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.getvalue()
    assert clients["outsider"].get(f"{SEED}minutes.pdf", headers={"If-None-Match": etag}).status_code == 404


def test_a_signed_pdf_is_served_with_its_hash_as_etag(clients, signed13):
    response = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert response["ETag"] == f'"{signed13.sha256}"'
    assert (
        clients["tehran"].get(f"{BASE}minutes.pdf", headers={"If-None-Match": response["ETag"]}).status_code
        == 304
    )


def test_a_failed_render_says_so_and_asking_again_tries_again(clients, draft12):
    with mock.patch("secretariat.layout.html_to_pdf", side_effect=RuntimeError("no fonts")):
        failed = clients["secretary"].get(f"{SEED}minutes.pdf")
    assert failed.status_code == 503 and "فایل آماده نشد" in failed.content.decode()
    assert StoredDocument.objects.get(kind="minutes").job_status == JobStatus.FAILED
    assert body(clients["secretary"].get(f"{SEED}minutes.pdf")).startswith(b"%PDF")


# -- the background worker ------------------------------------------------------------------------------


def test_with_a_worker_a_download_waits_on_a_page_then_gets_the_file(clients, draft12, settings):
    settings.TASKS = DATABASE_TASKS
    waiting = clients["secretary"].get(f"{SEED}minutes.pdf")
    html = waiting.content.decode()
    assert waiting.status_code == 202 and '<meta http-equiv="refresh" content="2">' in html
    assert "در انتظار پردازشگر پس‌زمینه" in html
    visible = _visible_text(html)
    assert not re.search(r"[0-9]", visible), visible
    run_the_worker()
    assert body(clients["secretary"].get(f"{SEED}minutes.pdf")).startswith(b"%PDF")


def _visible_text(html: str) -> str:
    main = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


def test_with_a_worker_finalizing_answers_before_the_pdf_exists(clients, held13, seal, settings):
    settings.TASKS = DATABASE_TASKS
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.SIGNED and not revision.pdf
    page = clients["secretary"].get(BASE).content.decode()
    assert 'id="signed-pdf-pending"' in page
    assert clients["tehran"].get(f"{BASE}minutes.pdf").status_code == 202
    run_the_worker()
    revision.refresh_from_db()
    assert revision.pdf and revision.sealed
    assert body(clients["tehran"].get(f"{BASE}minutes.pdf")) == revision.pdf.open("rb").read()
    assert 'id="signed-pdf-pending"' not in clients["secretary"].get(BASE).content.decode()


# -- the minutes' HTML, cached -------------------------------------------------------------------------------


def test_the_minutes_html_is_rendered_once_and_a_change_shows_at_once(clients, draft12):
    # The 12th session is under correction: members read its signed revision, staff the draft.
    with mock.patch.object(minutes_views, "render_to_string", wraps=minutes_views.render_to_string) as render:
        first = clients["tehran"].get(SEED).content.decode()
        clients["isfahan"].get(SEED)  # the same revision, the same fragment
        assert render.call_count == 1
        clients["secretary"].get(SEED)
        clients["staff"].get(SEED)  # staff read the draft: one fragment for both
        assert render.call_count == 2
        Resolution.objects.filter(meeting=draft12, number=2).update(text="متن دیگری برای مصوبه دوم")
        changed = clients["secretary"].get(SEED).content.decode()
        assert render.call_count == 3
        member_after = clients["tehran"].get(SEED).content.decode()
        assert render.call_count == 3  # the signed revision did not change: taken from the cache
    assert "متن دیگری برای مصوبه دوم" in changed and "متن دیگری برای مصوبه دوم" not in first
    assert "متن دیگری برای مصوبه دوم" not in member_after


# -- the letterhead -------------------------------------------------------------------------------------------


def test_a_groups_letterhead_is_printed_on_the_first_page(clients, draft12, operator):
    before = body(clients["secretary"].get(f"{SEED}minutes.pdf"))
    image = io.BytesIO()
    Image.new("RGB", (900, 120), (20, 80, 140)).save(image, format="PNG")
    core_actions.save_working_group(
        operator,
        draft12.working_group,
        {"letterhead": SimpleUploadedFile("letterhead.png", image.getvalue(), "image/png")},
    )
    after = body(clients["secretary"].get(f"{SEED}minutes.pdf"))
    assert after != before and _images_on_first_page(after) == 1 and _images_on_first_page(before) == 0


def _images_on_first_page(pdf: bytes) -> int:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    objects = page["/Resources"].get_object().get("/XObject", {})
    return sum(1 for item in objects.get_object().values() if item.get_object().get("/Subtype") == "/Image")


FIRST_NAMES = ["رضا", "حسن", "علی", "مهدی", "جواد"]
LAST_NAMES = ["احمدی", "کریمی", "موسوی", "رحیمی", "حسینی", "نوری", "صادقی", "کاظمی"]


def test_a_long_attendance_keeps_each_signers_row_whole_and_repeats_the_header(clients, draft12):
    """Forty attendees of long-named organizations: the signature table runs over pages; no row is
    cut between two pages, and every page of it starts with the table's header."""
    organizations = list(Organization.objects.members_of(draft12.working_group).order_by("name"))
    people = []
    for index, (first, last) in enumerate((f, la) for f in FIRST_NAMES for la in LAST_NAMES):
        organization = organizations[index % len(organizations)]
        person = Person.objects.create(
            first_name=first, last_name=last, position=f"کارشناس امور {last}", organization=organization
        )
        Attendance.objects.create(
            meeting=draft12, person=person, organization=organization, position=person.position
        )
        people.append(person)
    draft12.raise_version()
    pdf = body(clients["secretary"].get(f"{SEED}minutes.pdf"))
    pages = page_texts(pdf)
    start = next(
        number for number, text in enumerate(pages) if contains_in_order(words(text), words("امضای حاضران"))
    )
    table_pages = [
        number
        for number, text in enumerate(pages)
        if number >= start
        and any(contains_in_order(words(text), words(f"{p.first_name} {p.last_name}")) for p in people)
    ]
    assert len(table_pages) >= 2, "forty signers fit on one page: the test asks nothing"
    for person in people:
        assert any(
            contains_in_order(words(pages[number]), words(f"{person.first_name} {person.last_name}"))
            and contains_in_order(words(pages[number]), words(person.position))
            and contains_in_order(words(pages[number]), words(person.organization.name))
            for number in table_pages
        ), f"the row of {person.first_name} {person.last_name} is cut between pages"
    for number in table_pages:
        assert contains_in_order(words(pages[number]), words("ردیف نام و نام خانوادگی سازمان سمت امضا")), (
            number
        )
