"""E-mail under faults, against real mail servers started here: one that never answers, one that
refuses an address. Requests never wait on the mail server for long, each address has its own
result, and the page where the sending happened says what became of it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from secretariat import mail, sending
from secretariat.models import MailBatch, MailDelivery, Organization, Person
from tests.mail_servers import fails_after, silent_server, smtp_server
from tests.meetings.test_signing import BASE, post
from tests.tasks import DATABASE_TASKS, run_the_worker


@pytest.fixture
def smtp(settings):
    """Mail goes out over SMTP (the tests' default keeps it in memory), with a short timeout."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 1
    return settings


def _deliveries(meeting) -> list[MailDelivery]:
    return list(MailDelivery.objects.filter(batch__page=meeting.get_absolute_url()).order_by("address"))


def test_a_mail_server_that_never_answers_holds_no_request_and_the_page_names_the_failure(
    clients, held13, no_seal, smtp
):
    with silent_server() as port:
        smtp.EMAIL_PORT = port
        with fails_after(30):  # with no timeout on the connection this would never end
            assert post(clients["staff"], "circulate").status_code == 302
        deliveries = _deliveries(held13)
        assert [d.status for d in deliveries] == [MailDelivery.Status.RETRYING] * 2
        assert all(d.next_attempt_at > timezone.now() for d in deliveries)
        page = clients["staff"].get(BASE).content.decode()
    assert "سرور نامه در ۱ ثانیه پاسخ نداد" in page
    assert "tehran@example.org" in page and "esfahan@example.org" in page
    assert 'data-retrying="2"' in page and "دوباره امتحان می‌شود" in page


def test_with_a_worker_the_request_does_not_even_wait_for_the_mail_server(clients, held13, no_seal, smtp):
    smtp.TASKS = DATABASE_TASKS
    with silent_server() as port:
        smtp.EMAIL_PORT = port
        assert post(clients["staff"], "circulate").status_code == 302
        assert {d.status for d in _deliveries(held13)} == {MailDelivery.Status.QUEUED}
        run_the_worker()
    assert {d.status for d in _deliveries(held13)} == {MailDelivery.Status.RETRYING}


def test_a_refused_address_does_not_drop_the_others(clients, held13, no_seal, smtp):
    with smtp_server(refused={"esfahan@example.org"}) as (port, received):
        smtp.EMAIL_PORT = port
        assert post(clients["staff"], "circulate").status_code == 302
    by_address = {d.address: d for d in _deliveries(held13)}
    assert received.recipients == ["tehran@example.org"]
    assert by_address["esfahan@example.org"].status == MailDelivery.Status.FAILED
    assert by_address["esfahan@example.org"].error.startswith("550")
    assert by_address["tehran@example.org"].status == MailDelivery.Status.SENT
    page = clients["staff"].get(BASE).content.decode()
    assert "550 5.1.1 mailbox unavailable" in page
    assert "فرستاده شد به ۱ نشانی" in page


def test_an_organizations_addresses_each_get_the_message_when_one_is_refused(demo_group, smtp):
    from secretariat.notifications import notify_organizations

    tehran = Organization.objects.get(people__user__username="tehran")
    Person.objects.filter(user__username="tehran").update(email="first@tehran.example.org")
    Person.objects.create(last_name="دفتر تهران", organization=tehran, email="second@tehran.example.org")
    Person.objects.create(last_name="بایگانی تهران", organization=tehran, email="third@tehran.example.org")
    with smtp_server(refused={"first@tehran.example.org"}) as (port, received):
        smtp.EMAIL_PORT = port
        delivery = notify_organizations(
            demo_group, [tehran], kind="agenda", title="آزمون", body="متن", url="/"
        )
    assert received.recipients == ["second@tehran.example.org", "third@tehran.example.org"]
    statuses = dict(delivery.mail.deliveries.values_list("address", "status"))
    assert statuses == {
        "first@tehran.example.org": MailDelivery.Status.FAILED,
        "second@tehran.example.org": MailDelivery.Status.SENT,
        "third@tehran.example.org": MailDelivery.Status.SENT,
    }


def test_a_failure_that_may_pass_is_tried_again_when_due_and_counts_its_attempts(demo_group, smtp):
    with silent_server() as port:
        smtp.EMAIL_PORT = port
        batch = mail.queue_mail(
            demo_group,
            [mail.Recipient("دبیرخانه", "office@example.org")],
            kind="agenda",
            subject="آزمون",
            body=".",
        )
    delivery = batch.deliveries.get()
    assert delivery.status == MailDelivery.Status.RETRYING and delivery.attempts == 1
    assert mail.due_for_retry(timezone.now()) == []  # not due yet
    with smtp_server() as (port, received):
        smtp.EMAIL_PORT = port
        assert mail.due_for_retry(timezone.now() + datetime.timedelta(minutes=2)) == [batch.pk]
    delivery.refresh_from_db()
    assert delivery.status == MailDelivery.Status.SENT and delivery.attempts == 2
    assert received.recipients == ["office@example.org"]


def test_after_the_last_attempt_an_address_counts_as_failed(demo_group, smtp):
    smtp.EMAIL_PORT = 9  # nothing listens there: the connection is refused
    batch = mail.queue_mail(
        demo_group,
        [mail.Recipient("دبیرخانه", "office@example.org")],
        kind="agenda",
        subject="آزمون",
        body=".",
    )
    for _attempt in range(sending.MAX_ATTEMPTS - 1):
        mail.due_for_retry(timezone.now() + datetime.timedelta(days=1))
    delivery = batch.deliveries.get()
    assert delivery.status == MailDelivery.Status.FAILED and delivery.attempts == sending.MAX_ATTEMPTS
    assert delivery.error == "سرور نامه اتصال را نپذیرفت"


def test_staff_send_again_from_the_page_and_the_work_queue_lists_what_failed(clients, held13, no_seal, smtp):
    smtp.EMAIL_PORT = 9
    post(clients["staff"], "circulate")
    home = clients["staff"].get("/").content.decode()
    batch = MailBatch.objects.get(page=held13.get_absolute_url())
    assert 'id="desk-failures"' in home and f'data-mail="{batch.pk}"' in home
    assert clients["tehran"].post(f"/g/meydan/mail/{batch.pk}/retry/").status_code == 403
    with smtp_server() as (port, received):
        smtp.EMAIL_PORT = port
        response = clients["staff"].post(f"/g/meydan/mail/{batch.pk}/retry/", {"next": BASE})
    assert response.status_code == 302 and response["Location"] == BASE
    assert received.recipients == ["esfahan@example.org", "tehran@example.org"]
    assert 'id="desk-failures"' not in clients["staff"].get("/").content.decode()
    assert held13.working_group.audit_records.filter(action="mail.retried").exists()


def test_an_e_mail_set_aside_leaves_the_work_queue_but_stays_on_its_page(clients, held13, no_seal, smtp):
    smtp.EMAIL_PORT = 9
    post(clients["staff"], "circulate")
    batch = MailBatch.objects.get(page=held13.get_absolute_url())
    assert clients["staff"].post(f"/g/meydan/mail/{batch.pk}/set-aside/").status_code == 302
    assert 'id="desk-failures"' not in clients["staff"].get("/").content.decode()
    assert f'id="mail-{batch.pk}"' in clients["staff"].get(BASE).content.decode()
