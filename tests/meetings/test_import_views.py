"""The import pages: paste or upload, review beside the source, confirm; staff only, nothing saved early."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from meetings.demo import SEED_MINUTES
from meetings.importing.text import MAX_UPLOAD_BYTES
from meetings.models import Meeting
from resolutions.models import Resolution
from secretariat.models import Organization
from secretariat.persian import to_ascii_digits

SESSION_14 = (
    "چهاردهمین نشست کارگروه در تاریخ ۲۰ آذر ۱۳۹۱ به میزبانی سازمان میادین قم برگزار شد.\n\n"
    "جناب آقای مهندس رضوی مدیرعامل سازمان میادین قم گفتند : خوش آمدید.\n\n"
    "1- مقرر شد سازمان میادین رشت با همکاری سازمانهای ارومیه و کرج ظرف دو ماه گزارش دهد.\n"
    "2- مقرر گردید جلسه آتی به میزبانی سازمان میادین تبریز اواخر اسفند ۹۱ برگزار گردد.\n"
    "یک خط نامفهوم.\n"
)


def start_url(slug="meydan"):
    return reverse("meetings:import", args=[slug])


def confirm_url(slug="meydan"):
    return reverse("meetings:import_confirm", args=[slug])


def organization_fields(page: str) -> list[str]:
    return re.findall(r'name="(organization_[0-9a-f]+)"', page)


# -- who may use the pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, status", [("secretary", 200), ("staff", 200), ("tehran", 403), ("isfahan", 403), ("outsider", 404)]
)
def test_the_form_page_by_role(clients, role, status):
    assert clients[role].get(start_url()).status_code == status


@pytest.mark.parametrize(
    "role, status", [("secretary", 200), ("staff", 200), ("tehran", 403), ("isfahan", 403), ("outsider", 404)]
)
def test_the_review_by_role(clients, role, status):
    assert clients[role].post(start_url(), {"text": SESSION_14}).status_code == status


@pytest.mark.parametrize("role, status", [("tehran", 403), ("isfahan", 403), ("outsider", 404)])
def test_confirm_by_role_below_staff(clients, role, status):
    response = clients[role].post(confirm_url(), {"text": SESSION_14, "number": 14})
    assert response.status_code == status
    assert not Meeting.objects.filter(number=14).exists()


@pytest.mark.parametrize("url", [start_url(), confirm_url()])
def test_anonymous_users_are_sent_to_log_in(clients, url):
    response = clients["anonymous"].get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_confirm_only_accepts_post(clients):
    assert clients["staff"].get(confirm_url()).status_code == 405


def test_an_unknown_group_is_404(clients):
    assert clients["secretary"].get(start_url("nosuchgroup")).status_code == 404


# -- the flow ----------------------------------------------------------------------------------


def test_review_shows_the_structure_beside_the_source_and_saves_nothing(
    clients, django_assert_max_num_queries
):
    meetings, resolutions, organizations = (
        Meeting.objects.count(),
        Resolution.objects.count(),
        Organization.objects.count(),
    )
    with django_assert_max_num_queries(10):
        response = clients["staff"].post(start_url(), {"text": SESSION_14})
    page = response.content.decode()
    assert response.status_code == 200
    assert "رضوی" in page  # the speaker
    assert "ظرف دو ماه" in page and "۱۳۹۱" in page  # the deadline, with a Jalali date
    assert "یک خط نامفهوم." in page  # listed as not understood
    assert 'id="line-5"' in page  # the source text, line by line
    assert "import-line-not_understood" in page
    assert len(organization_fields(page)) == 1  # Urmia is offered for confirmation
    assert "ارومیه" in page
    assert (Meeting.objects.count(), Resolution.objects.count(), Organization.objects.count()) == (
        meetings,
        resolutions,
        organizations,
    )


def test_review_query_count_does_not_grow_with_the_text(clients, django_assert_max_num_queries):
    long_text = SESSION_14 + "".join(
        f"{n}- مقرر شد دبیرخانه گزارش {n} را ارسال کند.\n" for n in range(3, 200)
    )
    with django_assert_max_num_queries(10):
        response = clients["staff"].post(start_url(), {"text": long_text})
    assert response.status_code == 200
    assert response.content.decode().count('class="import-item" id="resolution-') == 199


def test_confirm_creates_the_draft_and_redirects_to_its_minutes(clients, demo_group):
    review = clients["secretary"].post(start_url(), {"text": SESSION_14}).content.decode()
    [field] = organization_fields(review)
    response = clients["secretary"].post(confirm_url(), {"text": SESSION_14, "number": "14", field: "new"})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:minutes", args=["meydan", 14])
    meeting = Meeting.objects.get(working_group=demo_group, number=14)
    assert meeting.status == Meeting.Status.HELD
    assert meeting.resolutions.count() == 2
    assert Organization.objects.filter(city="ارومیه").exists()
    assert Meeting.objects.get(working_group=demo_group, number=15).status == Meeting.Status.PLANNED
    shown = clients["secretary"].get(response["Location"]).content.decode()
    assert "سازمان میادین و ساماندهی مشاغل شهرداری ارومیه" in shown and "هنوز عضو کارگروه نیست" in shown


def test_confirm_needs_a_decision_on_each_unknown_organization(clients):
    response = clients["staff"].post(confirm_url(), {"text": SESSION_14, "number": "14"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Meeting.objects.filter(number=14).exists()


def test_confirm_with_the_organization_left_out(clients, demo_group):
    review = clients["staff"].post(start_url(), {"text": SESSION_14}).content.decode()
    [field] = organization_fields(review)
    response = clients["staff"].post(confirm_url(), {"text": SESSION_14, "number": "14", field: "skip"})
    assert response.status_code == 302
    assert not Organization.objects.filter(city="ارومیه").exists()


def test_confirm_of_an_existing_session_shows_the_error_beside_the_number(clients, session12):
    text = SEED_MINUTES.read_text(encoding="utf-8")
    review = clients["staff"].post(start_url(), {"text": text}).content.decode()
    assert "alert-danger" in review  # warned before confirming
    response = clients["staff"].post(confirm_url(), {"text": text, "number": "12"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert session12.resolutions.count() == 8


def test_the_number_can_be_corrected_on_confirm(clients, demo_group):
    text = SEED_MINUTES.read_text(encoding="utf-8")
    response = clients["staff"].post(confirm_url(), {"text": text, "number": "112"})
    assert response.status_code == 302
    assert Meeting.objects.get(working_group=demo_group, number=112).resolutions.count() == 8


def test_back_to_edit_keeps_the_text(clients):
    response = clients["staff"].post(start_url(), {"text": SESSION_14, "edit": "1"})
    assert response.status_code == 200
    assert "چهاردهمین نشست کارگروه" in response.content.decode()
    assert not Meeting.objects.filter(number=14).exists()


# -- uploads and errors next to the field ------------------------------------------------------


def test_upload_a_docx(clients):
    document = Document()
    for line in SESSION_14.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("minutes.docx", buffer.getvalue())
    response = clients["staff"].post(start_url(), {"file": upload})
    assert response.status_code == 200
    assert "رضوی" in response.content.decode()


def test_upload_a_windows_1256_text_file(clients):
    legacy = to_ascii_digits(SESSION_14).replace("ی", "ي").replace("ک", "ك")  # what Windows-1256 can hold
    upload = SimpleUploadedFile("old.txt", legacy.encode("cp1256"))
    response = clients["staff"].post(start_url(), {"file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Windows-1256" in page
    assert "رضوی" in page


@pytest.mark.parametrize(
    "name, content",
    [
        ("minutes.docx", b"PK\x03\x04 not a real zip"),
        ("minutes.txt", bytes(range(256)) * 20),
        ("minutes.txt", b""),
        ("minutes.pdf", b"%PDF-1.4"),
        ("minutes.txt", b"a" * (MAX_UPLOAD_BYTES + 1)),
    ],
    ids=["broken-docx", "binary", "empty", "pdf", "too-large"],
)
def test_bad_uploads_get_a_persian_error_next_to_the_field(clients, name, content):
    response = clients["staff"].post(start_url(), {"file": SimpleUploadedFile(name, content)})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_file-errors"' in page
    error = re.search(r'id="id_file-errors">(.*?)</div></div>', page, re.S).group(1)
    assert re.search(r"[\u0600-\u06ff]", error), error  # Persian


def test_nothing_given_is_an_error_next_to_the_text(clients):
    response = clients["staff"].post(start_url(), {"text": "  "})
    assert 'id="id_text-errors"' in response.content.decode()


def test_a_pasted_text_that_is_far_too_long_is_an_error_that_keeps_the_text(clients):
    text = "مقرر شد دبیرخانه اقدام کند.\n" * 8000
    response = clients["staff"].post(start_url(), {"text": text})
    page = response.content.decode()
    assert 'id="id_text-errors"' in page
    assert page.count("مقرر شد دبیرخانه اقدام کند.") >= 8000  # what was typed is kept


def test_the_form_page_query_count(clients, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert clients["staff"].get(start_url()).status_code == 200


# -- shape, reference date, attendance, long values --------------------------------------------

HEADER_FORM = (
    "صورتجلسه کارگروه\n"
    "شماره جلسه: ۱۸        تاریخ جلسه: ۱۳۹۱/۰۷/۲۴\n"
    "رئیس جلسه: آقای مهندس جعفری\n"
    "اعضای حاضر: آقای رضایی (سازمان میادین کرج)، خانم احمدی (سازمان میادین قم)\n"
    "اعضای غایب: آقای کریمی (مأموریت)\n"
    "مصوبات:\n"
    "۱- مقرر شد سازمان میادین کرج گزارش نهایی را ظرف دو هفته به دبیرخانه ارسال نماید.\n"
)


def review(client, text: str):
    response = client.post(start_url(), {"text": text})
    assert response.status_code == 200
    return response


def test_the_review_says_how_the_text_was_read_and_what_deadlines_count_from(clients, demo_group):
    page = review(clients["staff"], HEADER_FORM).content.decode()
    assert "فرم سرصفحه" in page or 'id="import-shape"' in page
    reference = page.split('id="import-reference-date"')[1].split("</tr>")[0]
    assert "۲۴ مهر ۱۳۹۱" in reference
    assert "۸ آبان ۱۳۹۱" in page  # two weeks after the session
    assert "رضایی" in page and "مأموریت" in page


def test_staff_count_the_deadlines_again_from_another_date_and_nothing_is_saved(clients, demo_group):
    data = {"text": HEADER_FORM, "number": "18", "reference_date": "۱۳۹۱/۰۸/۰۱", "recount": "1"}
    response = clients["staff"].post(confirm_url(), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "۱۵ آبان ۱۳۹۱" in page  # two weeks after 1 Aban
    assert not Meeting.objects.filter(working_group=demo_group, number=18).exists()


def test_the_confirmed_reference_date_is_what_the_deadlines_are_saved_from(clients, demo_group):
    data = {"text": HEADER_FORM, "number": "18", "reference_date": "۱۳۹۱/۰۸/۰۱"}
    assert clients["staff"].post(confirm_url(), data).status_code == 302
    resolution = Resolution.objects.get(meeting__working_group=demo_group, meeting__number=18, number=1)
    assert resolution.deadline_date.isoformat() == "2012-11-05"  # 15 Aban 1391


def test_a_header_forms_attendance_is_saved(clients, demo_group):
    data = {"text": HEADER_FORM, "number": "18", "reference_date": ""}
    assert clients["staff"].post(confirm_url(), data).status_code == 302
    meeting = Meeting.objects.get(working_group=demo_group, number=18)
    rows = {a.person.last_name: a for a in meeting.attendances.select_related("person", "organization")}
    assert rows["رضایی"].kind == "present" and rows["رضایی"].organization.city == "کرج"
    assert rows["احمدی"].person.honorific == "ms" and rows["احمدی"].organization.city == "قم"
    assert rows["کریمی"].kind == "absent" and rows["کریمی"].absence_reason == "مأموریت"


def test_long_values_are_listed_on_the_review_and_saved_whole(clients, demo_group):
    position = (
        "مدیرعامل سازمان میادین قم و " + "عضو هیئت مدیره و مشاور شهردار در امور بازارهای میوه و تره‌بار و " * 6
    )
    text = SESSION_14.replace("مدیرعامل سازمان میادین قم", position + "رئیس شورای هماهنگی")
    page = review(clients["staff"], text).content.decode()
    listed = page.split('id="long-values"')[1].split("</section>")[0]
    assert "سمت سخنران" in listed and "نویسه" in listed
    data = {"text": text, "number": "14", "reference_date": ""}
    data.update({field: "new" for field in organization_fields(page)})
    assert clients["staff"].post(confirm_url(), data).status_code == 302
    speech = Meeting.objects.get(working_group=demo_group, number=14).speeches.get()
    assert len(speech.speaker_position) > 300 and speech.speaker_position.endswith("رئیس شورای هماهنگی")
