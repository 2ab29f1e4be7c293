"""The minutes workflow when something goes wrong: a failed render or mail, a correction, guests."""

import datetime
import smtplib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from meetings.models import Attendance, Meeting, MinutesRevision
from meetings.signing import signed_pdf
from resolutions.models import Resolution
from secretariat import jobs, sending
from secretariat.models import JobStatus, MailDelivery, Organization, Person
from tests.meetings.pdf_text import contains_in_order, pdf_text, words
from tests.meetings.test_signing import BASE, circulated, finalized, post, signed_by_both


def broken(*args, **kwargs):
    raise RuntimeError("the renderer is down")


def task_lost(revision: MinutesRevision) -> None:
    """Time passes: the task queued for the signed PDF never ran (its queue was lost)."""
    MinutesRevision.objects.filter(pk=revision.pk).update(
        job_status=JobStatus.QUEUED,
        job_queued_at=timezone.now() - jobs.STALLED_AFTER - datetime.timedelta(seconds=1),
    )


def test_a_failed_render_leaves_the_minutes_signed_and_says_so_until_the_secretariat_asks_again(
    clients, held13, no_seal, monkeypatch
):
    monkeypatch.setattr(signed_pdf, "render_minutes_pdf", broken)
    revision = finalized(clients, held13)  # the finalize request answered 302, not 500
    revision.refresh_from_db()
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.SIGNED
    assert not revision.pdf and revision.job_failed and "the renderer is down" in revision.job_error
    monkeypatch.undo()
    member = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert member.status_code == 503 and "در حال آماده‌سازی" not in member.content.decode()
    member_page = clients["tehran"].get(BASE).content.decode()
    assert 'id="signed-pdf-failed"' in member_page and "the renderer is down" not in member_page
    staff_page = clients["secretary"].get(BASE).content.decode()
    assert "the renderer is down" in staff_page and 'id="retry-signed-pdf-1"' in staff_page
    assert post(clients["secretary"], "revisions/1/make-pdf", {}).status_code == 302
    response = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert response.status_code == 200
    revision.refresh_from_db()
    assert revision.pdf and response.getvalue() == revision.pdf.read()
    assert held13.working_group.audit_records.filter(action="minutes.signed_pdf_retried").exists()


def test_a_member_cannot_ask_for_the_signed_pdf_again(clients, held13, no_seal, monkeypatch):
    monkeypatch.setattr(signed_pdf, "render_minutes_pdf", broken)
    finalized(clients, held13)
    assert post(clients["tehran"], "revisions/1/make-pdf", {}).status_code == 403


def test_a_lost_task_is_asked_again_by_the_next_download(clients, held13, no_seal, monkeypatch):
    monkeypatch.setattr(jobs, "queue", lambda *args: None)  # the queue loses the task
    revision = finalized(clients, held13)
    monkeypatch.undo()
    waiting = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert waiting.status_code == 202 and "در حال آماده‌سازی" in waiting.content.decode()
    task_lost(revision)
    response = clients["tehran"].get(f"{BASE}minutes.pdf")  # asks the worker again
    assert response.status_code == 200
    revision.refresh_from_db()
    assert revision.pdf and revision.job_status == JobStatus.READY


def test_a_failed_mail_server_does_not_undo_the_circulation(clients, held13, no_seal, monkeypatch):
    def refused(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr(sending.EmailMessage, "send", refused)
    meeting = circulated(clients, held13)
    assert meeting.status == Meeting.Status.CIRCULATED
    deliveries = MailDelivery.objects.filter(batch__page=meeting.get_absolute_url())
    assert deliveries.count() == 2
    assert set(deliveries.values_list("status", flat=True)) == {MailDelivery.Status.RETRYING}


def test_a_revision_whose_pdf_failed_is_rendered_later_from_what_was_signed(
    clients, held13, no_seal, monkeypatch
):
    monkeypatch.setattr(signed_pdf, "render_minutes_pdf", broken)
    first = finalized(clients, held13)
    monkeypatch.undo()
    assert post(clients["secretary"], "correction", {"reason": "اصلاح متن مصوبه"}).status_code == 302
    Resolution.objects.filter(meeting=held13, number=1).update(text="متن اصلاح‌شده پس از امضا")
    assert post(clients["secretary"], "revisions/1/make-pdf", {}).status_code == 302
    response = clients["tehran"].get(f"{BASE}revisions/1/minutes.pdf")
    assert response.status_code == 200
    signed_words = words(pdf_text(b"".join(response.streaming_content)))
    assert contains_in_order(signed_words, words("مالی را تا پایان آذر به دبیرخانه"))
    assert not contains_in_order(signed_words, words("پس از امضا"))
    first.refresh_from_db()
    assert first.pdf


def test_a_correction_goes_out_under_a_number_of_its_own(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finalized(clients, held13)
    assert Meeting.objects.get(pk=held13.pk).minutes_number == "13/1"
    post(clients["secretary"], "correction", {"reason": "اصلاح"})
    signed_by_both(clients, held13)
    assert Meeting.objects.get(pk=held13.pk).minutes_number == "13/2"


def test_a_number_the_secretariat_chose_stays_through_a_correction(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    Meeting.objects.filter(pk=held13.pk).update(minutes_number="۱۲۳/ک")
    with django_capture_on_commit_callbacks(execute=True):
        finalized(clients, held13)
    post(clients["secretary"], "correction", {"reason": "اصلاح"})
    assert Meeting.objects.get(pk=held13.pk).minutes_number == "۱۲۳/ک"


@pytest.mark.parametrize("with_account", [True, False])
def test_a_guest_from_outside_the_group_is_not_asked_to_sign_online(
    clients, held13, no_seal, django_capture_on_commit_callbacks, with_account
):
    guest_organization = Organization.objects.create(name="شهرداری یزد", city="یزد")
    user = get_user_model().objects.create_user("yazd", email="yazd@example.org") if with_account else None
    guest = Person.objects.create(
        last_name="میهمان", organization=guest_organization, email="guest@example.org", user=user
    )
    Attendance.objects.create(
        meeting=held13, person=guest, organization=guest_organization, kind=Attendance.Kind.GUEST, order=9
    )
    with django_capture_on_commit_callbacks(execute=True):
        circulated(clients, held13)
    assert sorted(m.to[0] for m in mail.outbox) == ["esfahan@example.org", "tehran@example.org"]
    assert MinutesRevision.objects.get(meeting=held13).circulated_at is not None
