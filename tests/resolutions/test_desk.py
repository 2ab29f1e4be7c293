"""The secretariat's desk: the work queue, progress with charts, information requests and their
booklet, deadline extensions."""

import datetime
import re
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import Meeting
from resolutions import actions
from resolutions.actions import set_status
from resolutions.models import ExtensionRequest, InformationAnswer, InformationRequest, Resolution
from resolutions.progress import LATE, ON_TIME, OPEN, OVERDUE, group_progress, outcome
from resolutions.request_facts import Fact, FactKind
from secretariat.access import access_for
from secretariat.models import Notification, Organization, Person
from secretariat.persian import to_persian_digits
from tests.conftest import client_for
from tests.forms_helper import fact_rows
from tests.meetings.pdf_text import contains_in_order, font_names, pdf_text, words
from tests.resolutions.factories import isfahan, make_follow_up, make_session, pdf_upload, tehran
from tests.roles import GROUP_MEMBERS, STAFF_ONLY, assert_status_for
from tests.tasks import DATABASE_TASKS, run_the_worker

PROGRESS = "/g/meydan/progress/"
REQUESTS = "/g/meydan/requests/"


def many_resolutions(group, count: int, *, number: int = 30) -> Meeting:
    """A signed session with ``count`` resolutions of every kind: done on time or late, open, overdue."""
    meeting = make_session(group, number, Meeting.Status.HELD)
    organizations = list(Organization.objects.members_of(group).order_by("pk"))
    today = timezone.localdate()
    rows = []
    for index in range(count):
        status = [Resolution.Status.OPEN, Resolution.Status.DONE, Resolution.Status.IN_PROGRESS][index % 3]
        deadline = today + datetime.timedelta(days=(index * 7) % 40 - 20)  # ten already span past and future
        rows.append(
            Resolution(
                meeting=meeting,
                number=index + 1,
                text=f"مصوبه آزمایشی {index}",
                responsible_organization=organizations[index % len(organizations)],
                deadline_date=deadline,
                status=status,
                completed_on=deadline + datetime.timedelta(days=(index % 5) - 2)
                if status == "done"
                else None,
                first_signed_revision=1,
            )
        )
    Resolution.objects.bulk_create(rows)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.SIGNED)
    meeting.refresh_from_db()
    return meeting


# -- the work queue ------------------------------------------------------------------------------


def test_the_work_queue_shows_every_block_with_its_empty_state(clients):
    html = clients["secretary"].get("/").content.decode()
    for block in (
        "desk-reports",
        "desk-signatures",
        "desk-overdue",
        "desk-upcoming",
        "desk-proposals",
        "desk-next-session",
        "desk-requests",
    ):
        assert f'id="{block}"' in html, block
    assert "گزارشی در انتظار بررسی نیست" in html
    assert "صورتجلسه‌ای برای امضا فرستاده نشده است" in html
    desk = html.split('id="desk-overdue"')[1].split('id="desk-upcoming"')[0]
    assert "کمیته حقوقی" in desk  # resolution 1 is past its deadline
    ready = html.split('id="desk-next-session"')[1].split('id="desk-requests"')[0]
    assert "سیزدهمین نشست" in ready and "۰ از ۱۲ سازمان پاسخ داده‌اند" in ready
    assert "رتبه‌بندی سرمایه‌گذاران و پیمانکاران" in html  # the demo's open requests


def test_members_see_no_work_queue(clients):
    assert 'id="desk-reports"' not in clients["tehran"].get("/").content.decode()


def test_a_report_is_reviewed_in_place_from_the_queue(clients, session12):
    report = make_follow_up(Resolution.objects.get(meeting=session12, number=1), tehran())
    html = clients["staff"].get("/").content.decode()
    assert f'data-report="{report.pk}"' in html
    response = clients["staff"].post(
        f"/g/meydan/resolutions/follow-ups/{report.pk}/review/",
        {
            f"review-{report.pk}-decision": "accept",
            f"review-{report.pk}-comment": "",
            "next": "/#desk-meydan",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/#desk-meydan"
    report.refresh_from_db()
    assert report.is_accepted


def test_minutes_awaiting_signatures_name_who_is_missing_and_remind_them(
    clients, held13, no_seal, tehran_user
):
    clients["staff"].post("/g/meydan/sessions/13/circulate/")
    clients["tehran"].post("/g/meydan/sessions/13/sign/", {"confirm": "on"})
    html = clients["staff"].get("/").content.decode()
    waiting = html.split('id="desk-signatures"')[1].split('id="desk-overdue"')[0]
    assert "نماینده سازمان میادین اصفهان" in waiting and "نماینده سازمان میادین تهران" not in waiting
    before = Notification.objects.filter(kind="signature").count()
    response = clients["staff"].post("/g/meydan/sessions/13/remind/", {"next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    reminded = Notification.objects.filter(kind="signature").exclude(recipient=tehran_user)
    assert Notification.objects.filter(kind="signature").count() == before + 1 and reminded.exists()
    assert clients["tehran"].post("/g/meydan/sessions/13/remind/").status_code == 403


@pytest.mark.parametrize("path", ["/"])
def test_the_work_queue_runs_the_same_queries_for_ten_and_a_thousand_resolutions(clients, demo_group, path):
    many_resolutions(demo_group, 10, number=30)
    client = clients["secretary"]
    client.get(path)
    with CaptureQueriesContext(connection) as ten:
        client.get(path, HTTP_CACHE_CONTROL="no-cache")  # made afresh, not the kept answer
    many_resolutions(demo_group, 1000, number=31)
    with CaptureQueriesContext(connection) as thousand:
        response = client.get(path, HTTP_CACHE_CONTROL="no-cache")
    assert len(thousand) == len(ten)
    (desk,) = response.context["desks"]
    overdue = Resolution.objects.filter(meeting__number__in=[30, 31]).exclude(status="done")
    overdue = [resolution for resolution in overdue if resolution.is_overdue]
    assert desk.overdue_count >= len(overdue) > 300
    badge = f'text-bg-danger">{to_persian_digits(str(desk.overdue_count))}</span>'
    assert badge in response.content.decode()


# -- progress ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_opens_the_progress_page_and_report(clients, role, status):
    assert_status_for(clients[role], PROGRESS, status)
    assert_status_for(clients[role], "/g/meydan/progress.pdf", status)


def test_the_figures_are_those_of_the_database(clients, demo_group, secretary):
    meeting = many_resolutions(demo_group, 60)
    today = timezone.localdate()
    progress = group_progress(access_for(secretary, demo_group), today)
    resolutions = list(Resolution.objects.for_group(demo_group).with_next_meeting().select_related("meeting"))
    expected = {
        key: sum(1 for r in resolutions if outcome(r, today) == key) for key in (ON_TIME, LATE, OPEN, OVERDUE)
    }
    assert {key: progress.total.counts[key] for key in expected} == expected
    assert expected[LATE] > 0 and expected[ON_TIME] > 0 and expected[OVERDUE] > 0
    own = Resolution.objects.filter(meeting=meeting, responsible_organization=tehran())
    tehran_tally = next(t for t in progress.organizations if t.key == str(tehran().pk))
    assert tehran_tally.assigned >= own.count()
    late = own.filter(status="done", completed_on__gt=F("deadline_date")).count()
    assert tehran_tally.late >= late
    html = clients["secretary"].get(PROGRESS).content.decode()
    assert f'data-figure="assigned">{to_persian_digits(progress.total.assigned)}<' in html
    # Every resolution is in one row: the organizations', the secretariat's, or no one's.
    assert sum(t.assigned for t in progress.organizations) == progress.total.assigned
    chart = html.split('id="organizations"')[1].split('id="committees"')[0]
    bars = re.findall(r'data-series="overdue" data-count="(\d+)"', chart)
    assert sum(map(int, bars)) == sum(t.overdue for t in progress.organizations)


def test_a_member_sees_its_own_organization_and_the_totals_only(clients):
    html = clients["tehran"].get(PROGRESS).content.decode()
    organizations = html.split('id="organizations"')[1]
    assert "سازمان میادین تهران" in organizations and "سازمان میادین مشهد" not in organizations
    assert 'id="committees"' not in html


def test_late_and_on_time_follow_the_day_a_resolution_was_done(session12, secretary, demo_group):
    resolution = Resolution.objects.get(meeting=session12, number=1)  # due 31 Shahrivar 1391
    set_status(resolution, "done", on=datetime.date(2012, 9, 20))
    today = timezone.localdate()
    assert outcome(Resolution.objects.with_next_meeting().get(pk=resolution.pk), today) == ON_TIME
    set_status(resolution, "done", on=datetime.date(2012, 10, 1))
    assert outcome(Resolution.objects.with_next_meeting().get(pk=resolution.pk), today) == LATE


def test_the_progress_page_runs_the_same_queries_for_ten_and_a_thousand_resolutions(clients, demo_group):
    many_resolutions(demo_group, 10, number=30)
    client = clients["secretary"]
    client.get(PROGRESS)
    with CaptureQueriesContext(connection) as ten:
        client.get(PROGRESS)
    many_resolutions(demo_group, 1000, number=31)
    with CaptureQueriesContext(connection) as thousand:
        client.get(PROGRESS)
    assert len(thousand) == len(ten)


def test_the_progress_report_pdf_is_persian_and_embeds_vazirmatn(clients, secretary, demo_group):
    response = clients["secretary"].get("/g/meydan/progress.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = response.getvalue()
    assert all("Vazirmatn" in name for name in font_names(pdf))
    text = words(pdf_text(pdf))
    assert contains_in_order(text, words("پیگیری مصوبات نشست‌های گذشته"))
    total = group_progress(access_for(secretary, demo_group), timezone.localdate()).total.assigned
    joined = " ".join(text)
    totals = joined.split(" ".join(words("همه کارگروه")))[1].split(" ".join(words("نشست به نشست")))[0]
    assert to_persian_digits(total) in totals.split()
    # The chart's labels are shaped text: "اصفهان" reads as a word between the heading and the table.
    chart = joined.split(" ".join(words("هر سازمان")))[1].split("سپردهشده")[0]
    assert "سازمان میادین اصفهان" in chart and "نشست ۱۲" in joined
    # Read out resolution by resolution: each with who answers for it and where it stands.
    listed = joined.split(" ".join(words("مصوبه به مصوبه")))[1]
    assert contains_in_order(listed.split(), words("مصوبه ۱ دوازدهمین نشست کمیته حقوقی"))
    assert contains_in_order(listed.split(), words("مصوبه ۸ دوازدهمین نشست"))
    assert "گذشته" in listed  # resolution 1 is overdue


# -- information requests -------------------------------------------------------------------------


@pytest.fixture
def ranking(session12):
    return InformationRequest.objects.get(resolution__meeting=session12, resolution__number=5)


def test_the_demo_holds_the_two_requests_of_resolutions_5_and_6(session12):
    requests = InformationRequest.objects.filter(resolution__meeting=session12).order_by("resolution__number")
    assert [r.resolution.number for r in requests] == [5, 6]
    assert all(r.is_open and r.recipients.count() == 12 for r in requests)


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_sees_the_requests(clients, ranking, role, status):
    assert_status_for(clients[role], REQUESTS, status)
    assert_status_for(clients[role], ranking.get_absolute_url(), status)


@pytest.mark.parametrize(("role", "status"), STAFF_ONLY)
def test_only_staff_ask_and_export(clients, ranking, role, status):
    assert_status_for(clients[role], REQUESTS + "new/", status)
    assert_status_for(clients[role], ranking.get_absolute_url() + "answers.xlsx", status)


def test_staff_ask_chosen_members_and_are_told_who_was_told(clients, demo_group):
    data = {
        "title": "آمار غرفه‌ها",
        "question": "شمار غرفه‌های هر بازار را بفرستید.",
        **fact_rows(("شمار غرفه‌ها", "number", ""), ("شمار بازارچه‌ها", "number", "")),
        "deadline": "۱۴۰۵/۱۰/۳۰",
        "recipients": [tehran().pk, isfahan().pk],
    }
    response = clients["staff"].post(REQUESTS + "new/", data, follow=True)
    created = InformationRequest.objects.get(title="آمار غرفه‌ها")
    assert created.facts == [Fact("شمار غرفه‌ها", FactKind.NUMBER), Fact("شمار بازارچه‌ها", FactKind.NUMBER)]
    assert set(created.recipients.all()) == {tehran(), isfahan()}
    assert "۲ نفر آگاه شدند" in response.content.decode()
    assert clients["tehran"].get(created.get_absolute_url()).status_code == 200
    other = Organization.objects.get(city="مشهد", kind="market")
    user = get_user_model().objects.create_user("mashhad")
    Person.objects.create(last_name="نماینده مشهد", organization=other, user=user)
    assert client_for(user).get(created.get_absolute_url()).status_code == 404


def test_a_request_without_recipients_or_a_date_is_refused_in_persian(clients):
    response = clients["staff"].post(
        REQUESTS + "new/", {"title": "بی‌گیرنده", "question": "x", "deadline": "1391/13/01"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "بی‌گیرنده" in page and "ماه باید" in page


def test_a_member_answers_with_facts_and_an_attachment_and_changes_it(clients, ranking, tehran_user):
    url = ranking.get_absolute_url() + "answer/"
    data = {
        "text": "رتبه‌بندی پیوست است",
        "fact_0": "۱۲",
        "fact_1": "۳۰",
        "fact_2": "امتیازدهی",
        "attachment": pdf_upload("رتبه بندی.pdf"),
    }
    assert clients["tehran"].post(url, data).status_code == 302
    answer = InformationAnswer.objects.get(request=ranking, organization=tehran())
    assert answer.values == {"شمار سرمایه‌گذاران": "12", "شمار پیمانکاران": "30", "روش رتبه‌بندی": "امتیازدهی"}
    assert answer.attachment_name == "رتبه بندی.pdf"
    clients["tehran"].post(url, {"text": "پاسخ تازه"})
    answer.refresh_from_db()
    assert answer.text == "پاسخ تازه" and InformationAnswer.objects.filter(request=ranking).count() == 1
    download = ranking.get_absolute_url() + f"answers/{answer.pk}/attachment/"
    assert clients["tehran"].get(download).status_code == 200
    assert clients["isfahan"].get(download).status_code == 404
    assert clients["staff"].get(download).status_code == 200


def test_an_empty_answer_is_refused(clients, ranking):
    response = clients["tehran"].post(ranking.get_absolute_url() + "answer/", {"text": " "})
    assert response.status_code == 400 and "پاسخ را بنویسید" in response.content.decode()


def test_staff_remind_the_organizations_that_have_not_answered(clients, ranking, tehran_user, isfahan_user):
    clients["tehran"].post(ranking.get_absolute_url() + "answer/", {"text": "پاسخ"})
    before = Notification.objects.filter(recipient=isfahan_user).count()
    tehran_before = Notification.objects.filter(recipient=tehran_user).count()
    response = clients["staff"].post(ranking.get_absolute_url() + "remind/", follow=True)
    assert "یادآوری شد" in response.content.decode()
    assert Notification.objects.filter(recipient=isfahan_user).count() == before + 1
    assert Notification.objects.filter(recipient=tehran_user).count() == tehran_before


def test_the_booklet_is_compiled_in_the_chosen_order_and_sent(clients, ranking, private_media):
    clients["tehran"].post(
        ranking.get_absolute_url() + "answer/", {"text": "پاسخ تهران درباره رتبه‌بندی", "fact_0": "۵"}
    )
    clients["isfahan"].post(ranking.get_absolute_url() + "answer/", {"text": "پاسخ اصفهان درباره رتبه‌بندی"})
    assert clients["tehran"].get(ranking.get_absolute_url() + "booklet.pdf").status_code == 404
    clients["staff"].post(ranking.get_absolute_url() + "compile/", {"order": [isfahan().pk, tehran().pk]})
    ranking.refresh_from_db()
    assert ranking.status == "compiled" and ranking.booklet_order == [isfahan().pk, tehran().pk]
    pdf = clients["staff"].get(ranking.get_absolute_url() + "booklet.pdf")
    content = b"".join(pdf.streaming_content)
    text = words(pdf_text(content))
    assert all("Vazirmatn" in name for name in font_names(content))
    assert contains_in_order(text, words("کتابچه رتبه‌بندی سرمایه‌گذاران و پیمانکاران"))
    assert contains_in_order(
        text,
        words("شهرداری اصفهان پاسخ اصفهان درباره رتبه‌بندی شهرداری تهران شمار سرمایه‌گذاران ۵ پاسخ تهران"),
    )
    silent = ranking.recipients.exclude(pk__in=[isfahan().pk, tehran().pk]).order_by("name").first()
    assert contains_in_order(text, words(f"پاسخ نداده بودند {silent.name}"))
    assert (
        clients["tehran"]
        .post(ranking.get_absolute_url() + "answer/", {"text": "دیر"}, follow=True)
        .status_code
        == 200
    )
    assert InformationAnswer.objects.get(request=ranking, organization=tehran()).text != "دیر"
    response = clients["staff"].post(ranking.get_absolute_url() + "send/", follow=True)
    assert "کتابچه برای سازمان‌های عضو فرستاده شد" in response.content.decode()
    ranking.refresh_from_db()
    assert ranking.status == "sent"
    assert clients["tehran"].get(ranking.get_absolute_url() + "booklet.pdf").status_code == 200


def test_the_answers_excel_is_right_to_left_with_a_column_per_fact(clients, ranking):
    clients["tehran"].post(ranking.get_absolute_url() + "answer/", {"text": "پاسخ", "fact_0": "۵"})
    sheet = load_workbook(
        BytesIO(clients["staff"].get(ranking.get_absolute_url() + "answers.xlsx").content)
    ).active
    assert sheet.sheet_view.rightToLeft
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["سازمان", "شمار سرمایه‌گذاران", "شمار پیمانکاران", "روش رتبه‌بندی"]
    assert sheet.cell(row=2, column=2).value == 5 and sheet.cell(row=2, column=2).data_type == "n"


# -- deadline extensions -------------------------------------------------------------------------


@pytest.fixture
def legal(session12):
    return Resolution.objects.get(meeting=session12, number=1)


def test_a_member_asks_for_more_time_and_the_secretary_approves(clients, legal, tehran_user, secretary):
    url = f"/g/meydan/resolutions/{legal.pk}/extension/"
    response = clients["tehran"].post(
        url, {"requested_deadline": "۱۳۹۱/۰۸/۳۰", "reason": "کمیته هنوز تشکیل جلسه نداده است"}
    )
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get(resolution=legal)
    assert extension.current_deadline == datetime.date(2012, 9, 21)
    assert Notification.objects.filter(recipient=secretary, kind="extension").exists()
    assert (
        clients["staff"].post(f"/g/meydan/resolutions/extensions/{extension.pk}/decide/", {}).status_code
        == 403
    )
    decide = f"/g/meydan/resolutions/extensions/{extension.pk}/decide/"
    response = clients["secretary"].post(
        decide, {f"extension-{extension.pk}-decision": "approve"}, follow=True
    )
    assert "مهلت تمدید شد" in response.content.decode()
    legal.refresh_from_db()
    assert legal.extended_deadline == datetime.date(2012, 11, 20) and legal.deadline_date == datetime.date(
        2012, 9, 21
    )
    page = clients["tehran"].get(legal.get_tracker_url()).content.decode()
    assert "۳۰ آبان ۱۳۹۱" in page and "مهلت صورتجلسه: ۳۱ شهریور ۱۳۹۱" in page
    assert "پذیرفته شد" in page
    assert Notification.objects.filter(recipient=tehran_user, kind="extension").exists()


def test_an_extension_must_be_later_and_declining_needs_a_note(clients, legal):
    url = f"/g/meydan/resolutions/{legal.pk}/extension/"
    response = clients["tehran"].post(url, {"requested_deadline": "1391/05/01", "reason": "x"}, follow=True)
    assert "تاریخی پس از مهلت کنونی" in response.content.decode()
    clients["tehran"].post(url, {"requested_deadline": "1391/09/01", "reason": "x"})
    extension = ExtensionRequest.objects.get(resolution=legal)
    decide = f"/g/meydan/resolutions/extensions/{extension.pk}/decide/"
    response = clients["secretary"].post(
        decide, {f"extension-{extension.pk}-decision": "decline"}, follow=True
    )
    assert "دلیل رد تمدید را بنویسید" in response.content.decode()
    extension.refresh_from_db()
    assert extension.is_pending


def test_members_not_named_cannot_ask_for_more_time(clients, session12):
    resolution_8 = Resolution.objects.get(meeting=session12, number=8)  # Isfahan's alone
    url = f"/g/meydan/resolutions/{resolution_8.pk}/extension/"
    assert clients["tehran"].post(url, {"requested_deadline": "1391/09/01", "reason": "x"}).status_code == 404
    assert clients["staff"].post(url, {"requested_deadline": "1391/09/01", "reason": "x"}).status_code == 403


def test_an_extension_lifts_the_overdue_mark_and_survives_signed_minutes(
    legal, tehran_user, secretary, demo_group
):
    today = datetime.date(2012, 10, 1)
    assert legal.overdue_on(today)
    extension = actions.request_extension(
        access_for(tehran_user, demo_group), legal, requested_deadline=datetime.date(2012, 11, 20), reason="x"
    )
    actions.decide_extension(access_for(secretary, demo_group), extension, approve=True)
    legal.refresh_from_db()
    assert not legal.overdue_on(today)
    assert not Resolution.objects.filter(pk=legal.pk).overdue(today).exists()
    assert legal.meeting.is_signed  # published minutes: the extension did not touch what they say


def test_with_a_worker_the_booklet_is_laid_out_in_the_background(clients, ranking, settings):
    settings.TASKS = DATABASE_TASKS
    clients["tehran"].post(ranking.get_absolute_url() + "answer/", {"text": "پاسخ تهران"})
    clients["staff"].post(ranking.get_absolute_url() + "compile/", {"order": [tehran().pk]})
    ranking.refresh_from_db()
    assert (
        ranking.booklet_pending
        and 'id="booklet-pending"' in clients["staff"].get(ranking.get_absolute_url()).content.decode()
    )
    assert clients["staff"].get(ranking.get_absolute_url() + "booklet.pdf").status_code == 202
    refused = clients["staff"].post(ranking.get_absolute_url() + "send/", follow=True).content.decode()
    assert "هنوز در حال صفحه‌آرایی است" in refused
    run_the_worker()
    ranking.refresh_from_db()
    assert ranking.booklet and not ranking.booklet_pending
    pdf = clients["staff"].get(ranking.get_absolute_url() + "booklet.pdf")
    assert pdf.status_code == 200 and pdf.getvalue() == ranking.booklet.open("rb").read()
