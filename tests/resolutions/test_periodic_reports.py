"""Progress in percent and periodic reports: a report may carry a percentage and the date of the
next; a resolution with a periodic duty («هر سه ماه یکبار») expects its next report, is reminded
before it and once after, and the tracker and the progress page show the percentage and who is late."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from resolutions.models import DeadlineReminder, FollowUp, Resolution
from resolutions.reporting import refresh_next_report
from secretariat.models import Person
from secretariat.persian import add_jalali_months, parse_jalali_date
from tests.meetings.test_editor import EDIT, editor_data
from tests.meetings.test_signing import finalized
from tests.resolutions.test_reminders import (
    addresses,  # noqa: F401 - a fixture used below
    sent_to,
)
from tests.resolutions.test_review import decide


def jalali(text: str) -> datetime.date:
    return parse_jalali_date(text)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("1391/06/31", 1, "1391/07/30"),  # a 31-day month into a 30-day one
        ("1391/04/01", 3, "1391/07/01"),
        ("1391/10/15", 3, "1392/01/15"),  # over the year's end
        ("1390/11/30", 1, "1390/12/29"),  # Esfand of a common year has 29 days
        ("1391/11/30", 1, "1391/12/30"),  # 1391 is a leap year
    ],
)
def test_jalali_months_are_added_within_the_month_s_length(start, months, expected):
    assert add_jalali_months(jalali(start), months) == jalali(expected)


@pytest.fixture
def quarterly(clients, held13, no_seal) -> Resolution:
    """Session 13 (held on 29 Shahrivar 1391) gives resolution 1 a report every three months; its
    minutes are signed."""
    data = editor_data(clients["staff"], 13)
    data["resolutions-0-report_every_months"] = "۳"
    assert clients["staff"].post(EDIT.format(13), data).status_code == 302
    finalized(clients, held13)
    return Resolution.objects.get(meeting=held13, number=1)


def test_a_periodic_duty_expects_its_first_report_months_after_the_session(quarterly):
    assert quarterly.report_every_months == 3
    assert quarterly.next_report_due == jalali("1391/09/29")


def test_a_number_of_months_out_of_range_is_refused_in_persian(clients, held13):
    data = editor_data(clients["staff"], 13)
    data["resolutions-0-report_every_months"] = "۳۰"
    html = clients["staff"].post(EDIT.format(13), data).content.decode()
    assert "شمار ماه‌ها را از ۱ تا ۲۴ وارد کنید" in html


def quarterly_duty(resolution: Resolution) -> None:
    """A duty to report every three months, given to a resolution of signed minutes (a follow-up
    setting, not part of the minutes' text), and its first report expected."""
    resolution.report_every_months = 3
    resolution.save(update_fields=["report_every_months"])
    refresh_next_report(resolution)


def report(client, resolution, **fields):
    data = {"text": "کار پیش می‌رود.", "proposed_status": "in_progress", **fields}
    return client.post(f"/g/meydan/resolutions/{resolution.pk}/report/", data)


def test_an_accepted_report_with_a_percentage_and_its_next_date_moves_the_next_report(clients, resolution_1):
    quarterly_duty(resolution_1)
    assert (
        report(clients["tehran"], resolution_1, progress="۴۰", next_report_on="۱۳۹۱/۰۸/۱۵").status_code == 302
    )
    follow_up = FollowUp.objects.get(resolution=resolution_1, progress=40)
    assert follow_up.next_report_on == jalali("1391/08/15")
    assert decide(clients["staff"], follow_up, "accept").status_code == 302
    resolution_1.refresh_from_db()
    assert resolution_1.next_report_due == jalali("1391/08/15")
    page = clients["tehran"].get(f"/g/meydan/resolutions/{resolution_1.pk}/").content.decode()
    assert "۴۰٪ انجام شده" in page


def test_without_a_date_the_next_report_is_due_a_period_after_the_last(clients, quarterly, esfahan_reports):
    follow_up = esfahan_reports(quarterly, reported_on=jalali("1391/10/05"))
    assert decide(clients["staff"], follow_up, "accept").status_code == 302
    quarterly.refresh_from_db()
    assert quarterly.next_report_due == jalali("1392/01/05")


@pytest.fixture
def esfahan_reports(isfahan_user):
    def make(resolution, **fields):
        return FollowUp.objects.create(
            resolution=resolution,
            organization=Person.objects.get(user=isfahan_user).organization,
            author=isfahan_user,
            text="گزارش فصلی",
            proposed_status="in_progress",
            **fields,
        )

    return make


def test_a_percentage_out_of_range_is_refused_beside_the_field_keeping_the_text(clients, resolution_1):
    response = report(clients["tehran"], resolution_1, progress="۱۵۰", text="متنی که نباید گم شود")
    html = response.content.decode()
    assert response.status_code == 400
    assert "درصد را از ۰ تا ۱۰۰ وارد کنید" in html and "متنی که نباید گم شود" in html
    assert not FollowUp.objects.filter(resolution=resolution_1, text="متنی که نباید گم شود").exists()


def test_reminded_before_the_report_is_due_and_once_after(resolution_1, addresses):  # noqa: F811
    quarterly_duty(resolution_1)  # the 12th session was held on 1 Tir 1391: first report by 1 Mehr
    assert resolution_1.next_report_due == jalali("1391/07/01")
    call_command("send_deadline_reminders", "--today", "1391/06/27", "--days", "7", stdout=StringIO())
    reminders = DeadlineReminder.objects.filter(resolution=resolution_1, organization__city="تهران")
    assert set(reminders.values_list("kind", flat=True)) == {
        DeadlineReminder.Kind.BEFORE,
        DeadlineReminder.Kind.REPORT_DUE,
    }
    (message,) = sent_to("tehran@example.org")
    assert "موعد گزارش دوره‌ای: ۱ مهر ۱۳۹۱" in message.body
    mail.outbox.clear()
    for today in ("1391/07/05", "1391/07/06"):
        call_command("send_deadline_reminders", "--today", today, "--days", "7", stdout=StringIO())
    assert reminders.filter(kind=DeadlineReminder.Kind.REPORT_LATE).count() == 1
    (late,) = sent_to("tehran@example.org")
    assert "گزارش عقب افتاده است" in late.body


def test_the_tracker_and_the_progress_page_show_the_percentage_and_who_is_late(
    clients, quarterly, esfahan_reports, settings
):
    esfahan_reports(quarterly, progress=25, review=FollowUp.Review.ACCEPTED, reported_on=jalali("1391/07/01"))
    quarterly.next_report_due = jalali("1391/09/29")
    quarterly.save(update_fields=["next_report_due"])  # long past today
    tracker = clients["staff"].get("/g/meydan/resolutions/").content.decode()
    assert "۲۵٪ انجام شده" in tracker and "گزارش عقب افتاده (موعد ۲۹ آذر ۱۳۹۱)" in tracker
    progress = clients["staff"].get("/g/meydan/progress/").content.decode()
    late = progress[progress.index('id="late-reports"') : progress.index('id="trend"')]
    assert quarterly.label in late and "۲۵٪" in late
    # A member sees the late reports of its own organization only.
    assert (
        quarterly.label
        not in clients["tehran"].get("/g/meydan/progress/").content.decode().split('id="trend"')[0]
    )
