"""The minutes workflow when something goes wrong: a failed render or mail, a correction, guests."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from meetings import signing
from meetings.models import Attendance, Meeting, MinutesRevision
from resolutions.models import Resolution
from secretariat import notifications
from secretariat.documents import STALLED_AFTER
from secretariat.models import Organization, Person
from tests.meetings.pdf_text import contains_in_order, pdf_text, words
from tests.meetings.test_signing import BASE, circulated, finalized, post, signed_by_both


def broken(*args, **kwargs):
    raise RuntimeError("the renderer is down")


def task_given_up(revision: MinutesRevision) -> None:
    """Time passes: the task queued for the signed PDF is long overdue."""
    MinutesRevision.objects.filter(pk=revision.pk).update(
        pdf_queued_at=timezone.now() - STALLED_AFTER - datetime.timedelta(seconds=1)
    )


def test_a_failed_render_leaves_the_minutes_signed_and_the_pdf_is_made_on_download(
    clients, held13, no_seal, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(signing, "render_minutes_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        revision = finalized(clients, held13)  # the finalize request answered 302, not 500
    revision.refresh_from_db()
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.SIGNED
    assert not revision.pdf and revision.pdf_queued_at is not None
    monkeypatch.undo()
    waiting = clients["tehran"].get(f"{BASE}minutes.pdf")  # the task may still be on its way
    assert waiting.status_code == 202 and "در حال آماده‌سازی" in waiting.content.decode()
    task_given_up(revision)
    response = clients["tehran"].get(f"{BASE}minutes.pdf")  # asks the worker again
    assert response.status_code == 200
    revision.refresh_from_db()
    assert revision.pdf and response.getvalue() == revision.pdf.read()


def test_a_failed_mail_server_does_not_undo_the_circulation(
    clients, held13, no_seal, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notifications.EmailMessage, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = circulated(clients, held13)
    assert meeting.status == Meeting.Status.CIRCULATED


def test_a_revision_whose_pdf_failed_is_rendered_later_from_what_was_signed(
    clients, held13, no_seal, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(signing, "render_minutes_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        first = finalized(clients, held13)
    monkeypatch.undo()
    assert post(clients["secretary"], "correction", {"reason": "اصلاح متن مصوبه"}).status_code == 302
    Resolution.objects.filter(meeting=held13, number=1).update(text="متن اصلاح‌شده پس از امضا")
    task_given_up(first)
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
