"""A member organization files a follow-up report ``/g/<wg>/resolutions/<pk>/report/``."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from resolutions.actions import set_status
from resolutions.models import FollowUp, Resolution
from tests.resolutions.factories import PDF_BYTES, PNG_BYTES, other_group, pdf_upload, tehran


def url(resolution) -> str:
    return f"/g/meydan/resolutions/{resolution.pk}/report/"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 403),
        ("staff", 403),
        ("tehran", 200),
        ("isfahan", 200),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_open_the_form_for_resolution_1(clients, resolution_1, role, status):
    assert clients[role].get(url(resolution_1)).status_code == status


def test_no_form_for_a_resolution_that_is_not_the_organizations(
    clients, resolution_3, resolution_8, session12
):
    assert clients["isfahan"].get(url(resolution_3)).status_code == 404
    assert clients["tehran"].get(url(resolution_8)).status_code == 404
    secretariat_resolution = Resolution.objects.get(meeting=session12, number=5)
    assert clients["tehran"].get(url(secretariat_resolution)).status_code == 404
    response = clients["isfahan"].post(
        url(resolution_3), {"text": "نباید ثبت شود", "proposed_status": "done"}
    )
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_no_form_for_another_groups_resolution(clients):
    _group, resolution, _committee, _follow_up = other_group()
    assert clients["tehran"].get(url(resolution)).status_code == 404
    assert clients["tehran"].get(f"/g/other/resolutions/{resolution.pk}/report/").status_code == 404


def test_filing_a_report_with_a_pdf(clients, resolution_1, tehran_user, private_media):
    response = clients["tehran"].post(
        url(resolution_1),
        {"text": "پيش‌نويس آيين‌نامه تهيه شد", "proposed_status": "in_progress", "attachment": pdf_upload()},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/g/meydan/resolutions/{resolution_1.pk}/"
    report = FollowUp.objects.get()
    assert report.organization == tehran()
    assert report.author == tehran_user
    assert report.text == "پیش‌نویس آیین‌نامه تهیه شد"  # Arabic letters normalized, ZWNJ kept
    assert report.review == FollowUp.Review.SUBMITTED
    assert report.attachment.name.startswith("follow-ups/meydan/")
    assert report.attachment.name.endswith(".pdf")
    assert "گزارش" not in report.attachment.name  # the stored name is the site's own
    assert report.attachment_name == "گزارش.pdf"  # the sender's is kept apart, to show
    assert (private_media / report.attachment.name).read_bytes() == PDF_BYTES
    resolution_1.refresh_from_db()
    assert resolution_1.status == Resolution.Status.OPEN  # unchanged until the secretariat accepts


def test_the_senders_file_name_cannot_disguise_the_file(clients, resolution_1, private_media):
    disguised = "C:\\Users\\دبیر\\گزارش كميته\u202egpj.exe"  # shows as "…exe.jpg" where bidi runs
    clients["tehran"].post(
        url(resolution_1),
        {"text": "گزارش", "proposed_status": "in_progress", "attachment": pdf_upload(disguised)},
    )
    report = FollowUp.objects.get()
    assert report.attachment_name == "گزارش کمیتهgpj.pdf"  # no folder, no U+202E, Persian letters, real type
    page = clients["staff"].get(f"/g/meydan/resolutions/{resolution_1.pk}/").content.decode()
    assert '<bdi class="attachment-name">گزارش کمیتهgpj.pdf</bdi>' in page
    download = clients["staff"].get(f"/g/meydan/resolutions/follow-ups/{report.pk}/attachment/")
    assert download["Content-Disposition"] == (
        f'attachment; filename="follow-up-{report.pk}.pdf"; '
        "filename*=UTF-8''%DA%AF%D8%B2%D8%A7%D8%B1%D8%B4%20%DA%A9%D9%85%DB%8C%D8%AA%D9%87gpj.pdf"
    )


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("scan.png", PNG_BYTES, "png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, "jpg"),
        ("r.docx", None, "docx"),
    ],
)
def test_images_and_word_files_are_accepted(clients, resolution_1, name, content, extension):
    upload = SimpleUploadedFile(name, content if content is not None else docx_bytes())
    response = clients["isfahan"].post(
        url(resolution_1), {"text": "گزارش", "proposed_status": "done", "attachment": upload}
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().attachment.name.endswith(f".{extension}")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00 this is a program"),  # named like a PDF, is not one
        ("notes.txt", b"%PD plain text"),
        ("archive.docx", b"PK\x03\x04 not really a zip"),
        ("book.xlsx", None),  # a ZIP, but not a Word document
    ],
)
def test_a_file_is_judged_by_its_content_with_a_persian_error_and_the_text_kept(
    clients, resolution_1, name, content
):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
        content = buffer.getvalue()
    response = clients["tehran"].post(
        url(resolution_1),
        {
            "text": "متنی که نباید از دست برود",
            "proposed_status": "done",
            "attachment": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["attachment"]
    assert "نوع این فایل پذیرفته نیست" in errors[0]
    page = response.content.decode()
    assert "نوع این فایل پذیرفته نیست" in page
    assert "متنی که نباید از دست برود" in page
    assert '<option value="done" selected>' in page
    assert not FollowUp.objects.exists()


def test_a_file_that_is_too_large_is_refused(clients, resolution_1, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = pdf_upload(content=PDF_BYTES + b"0" * 2048)
    response = clients["tehran"].post(
        url(resolution_1), {"text": "گزارش", "proposed_status": "done", "attachment": upload}
    )
    assert response.status_code == 400
    error = response.context["form"].errors["attachment"][0]
    assert "حداکثر ۱ کیلوبایت" in error
    assert not FollowUp.objects.exists()


def test_an_empty_report_is_refused_in_persian(clients, resolution_1):
    response = clients["tehran"].post(url(resolution_1), {"text": "  ", "proposed_status": "done"})
    assert response.status_code == 400
    assert response.context["form"].errors["text"]
    assert "این فیلد لازم است" in response.content.decode()


def test_a_member_may_not_propose_a_status_outside_the_form(clients, resolution_1):
    response = clients["tehran"].post(url(resolution_1), {"text": "گزارش", "proposed_status": "dropped"})
    assert response.status_code == 400
    assert "proposed_status" in response.context["form"].errors


def test_a_closed_resolution_takes_no_more_reports(clients, resolution_1):
    set_status(resolution_1, Resolution.Status.DONE)
    response = clients["tehran"].post(url(resolution_1), {"text": "گزارش", "proposed_status": "done"})
    assert response.status_code == 302
    assert not FollowUp.objects.exists()
