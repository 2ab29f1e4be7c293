"""``manage.py send_deadline_reminders``: before a deadline and once after it, each reminder once."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from meetings.models import Meeting
from resolutions.actions import set_status
from resolutions.models import DeadlineReminder
from secretariat import mail as secretariat_mail
from secretariat.models import MailDelivery, Person
from tests.resolutions.factories import drafting, isfahan, make_resolution, make_session, other_group, tehran

DEADLINE = datetime.date(2012, 9, 21)  # 31 Shahrivar 1391: resolutions 1 and 8


@pytest.fixture
def addresses(demo_group):
    for organization, address in ((tehran(), "tehran@example.org"), (isfahan(), "isfahan@example.org")):
        organization.email = address
        organization.save(update_fields=["email"])
    Person.objects.filter(user__username="tehran").update(email="rep@tehran.example.org")


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_deadline_reminders", *args, stdout=out)
    return out.getvalue()


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_each_batch_sent_is_recorded_as_the_system_s_and_a_second_run_records_nothing(addresses):
    from secretariat.models import AuditRecord

    run("--today", "1391/06/25", "--days", "7")
    records = AuditRecord.objects.filter(action="deadline.reminded")
    assert sorted(record.subject_label for record in records) == sorted([str(tehran()), str(isfahan())])
    tehran_record = records.get(subject_id=tehran().pk)
    assert tehran_record.actor is None and tehran_record.actor_name == ""
    assert "مصوبه ۱ دوازدهمین نشست" in tehran_record.details["resolutions"]
    run("--today", "1391/06/25", "--days", "7")
    assert records.count() == 2


def test_nothing_is_due_long_before_the_deadline(addresses):
    run("--today", "2012-09-01", "--days", "7")
    assert mail.outbox == []
    assert not DeadlineReminder.objects.exists()


def test_a_reminder_before_the_deadline_in_persian_to_the_organization_and_its_people(addresses):
    output = run("--today", "1391/06/25", "--days", "7")
    assert "3 reminders sent in 2 e-mails." in output
    (message,) = sent_to("tehran@example.org")
    (to_its_person,) = sent_to("rep@tehran.example.org")  # each address gets its own message
    assert message.to == ["tehran@example.org"] and to_its_person.body == message.body
    assert "یادآوری مهلت مصوبات" in message.subject
    assert "مصوبه ۱ دوازدهمین نشست" in message.body
    assert "۳۱ شهریور ۱۳۹۱" in message.body
    assert "۶ روز مانده" in message.body
    assert "/g/meydan/resolutions/" in message.body
    assert "مصوبه ۸" not in message.body  # Isfahan's
    (isfahan_message,) = sent_to("isfahan@example.org")
    assert (
        "مصوبه ۱ دوازدهمین نشست" in isfahan_message.body and "مصوبه ۸ دوازدهمین نشست" in isfahan_message.body
    )


def test_each_reminder_is_sent_once_however_often_the_command_runs(addresses):
    for _ in range(3):
        run("--today", "1391/06/25", "--days", "7")
    run("--today", "1391/06/28", "--days", "7")
    assert len(mail.outbox) == 3  # Tehran, its person, Isfahan
    assert DeadlineReminder.objects.filter(kind=DeadlineReminder.Kind.BEFORE).count() == 3


def test_once_after_the_deadline_passed(addresses):
    run("--today", "1391/06/25", "--days", "7")
    mail.outbox.clear()
    run("--today", "1391/07/02", "--days", "7")
    run("--today", "1391/07/10", "--days", "7")
    (message,) = sent_to("tehran@example.org")
    assert "مهلت گذشته است" in message.body
    assert len(mail.outbox) == 3
    assert DeadlineReminder.objects.filter(kind=DeadlineReminder.Kind.OVERDUE).count() == 3


def test_a_first_run_after_the_deadline_sends_only_the_overdue_reminder(addresses):
    run("--today", "2013-01-01")
    assert set(DeadlineReminder.objects.values_list("kind", flat=True)) == {DeadlineReminder.Kind.OVERDUE}
    assert len(mail.outbox) == 3


def test_a_changed_deadline_is_reminded_of_again(addresses, resolution_1, resolution_8):
    run("--today", "1391/06/25", "--days", "7")
    set_status(resolution_1, "done")  # so that only resolution 8 is due afterwards
    with drafting(resolution_8.meeting):  # a correction of the minutes moved the deadline
        resolution_8.deadline_date = datetime.date(2012, 10, 10)
        resolution_8.save(update_fields=["deadline_date"])
    mail.outbox.clear()
    run("--today", "1391/07/15", "--days", "7")
    assert [m.to[0] for m in mail.outbox] == ["isfahan@example.org"]
    assert "مصوبه ۸" in mail.outbox[0].body and "۱۹ مهر ۱۳۹۱" in mail.outbox[0].body
    assert DeadlineReminder.objects.filter(resolution=resolution_8, kind="before").count() == 2


def test_closed_resolutions_and_draft_minutes_are_not_reminded_of(addresses, resolution_1, demo_group):
    set_status(resolution_1, "done")
    draft = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    make_resolution(draft, 1, organization=tehran(), deadline=DEADLINE)
    run("--today", "1391/06/25", "--days", "7")
    assert sent_to("tehran@example.org") == []


def test_an_organization_with_nobody_to_tell_is_skipped_and_reminded_once_it_has_an_address(addresses):
    isfahan_org = isfahan()
    isfahan_org.email = ""
    isfahan_org.save(update_fields=["email"])
    isfahan_org.people.update(user=None)  # no login to find the reminder in an inbox either
    run("--today", "1391/06/25", "--days", "7")
    assert sent_to("isfahan@example.org") == []
    isfahan_org.email = "new@isfahan.example.org"
    isfahan_org.save(update_fields=["email"])
    run("--today", "1391/06/26", "--days", "7")
    assert len(sent_to("new@isfahan.example.org")) == 1


def test_dry_run_sends_and_records_nothing(addresses):
    output = run("--today", "1391/06/25", "--days", "7", "--dry-run")
    assert "3 reminders would be sent in 2 e-mails." in output
    assert mail.outbox == [] and not DeadlineReminder.objects.exists()


def test_the_days_come_from_the_settings(addresses, settings):
    settings.DEADLINE_REMINDER_DAYS = 2
    run("--today", "1391/06/25")
    assert mail.outbox == []
    run("--today", "1391/06/29")
    assert len(mail.outbox) == 3


def test_a_failed_send_is_tried_again_by_the_outbox_and_not_sent_twice(addresses, settings):
    settings.EMAIL_BACKEND = "tests.resolutions.failing_mail.Backend"
    run("--today", "1391/06/25", "--days", "7")
    assert DeadlineReminder.objects.count() == 3  # recorded: the outbox, not the next run, tries again
    waiting = MailDelivery.objects.filter(batch__kind="deadline")
    assert set(waiting.values_list("status", flat=True)) == {MailDelivery.Status.RETRYING}
    assert set(waiting.values_list("error", flat=True)) == {"سرور نامه اتصال را نپذیرفت"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("--today", "1391/06/25", "--days", "7")
    assert mail.outbox == []  # not sent again by the command
    secretariat_mail.due_for_retry(timezone.now() + datetime.timedelta(minutes=2))
    assert sorted(m.to[0] for m in mail.outbox) == [
        "isfahan@example.org",
        "rep@tehran.example.org",
        "tehran@example.org",
    ]
    assert set(waiting.values_list("status", flat=True)) == {MailDelivery.Status.SENT}


def test_bad_arguments(addresses):
    with pytest.raises(CommandError):
        run("--group", "no-such-group")
    with pytest.raises(CommandError):
        run("--today", "1391/13/01")
    with pytest.raises(CommandError):
        run("--days", "-1")


def test_no_reminder_about_a_group_the_organization_does_not_belong_to(addresses):
    other, _resolution, _committee, _follow_up = other_group()
    session = other.meetings.get(number=1)
    make_resolution(session, 2, organization=tehran(), deadline=DEADLINE, text="مصوبه گروه دیگر برای تهران")
    run("--today", "1391/06/25", "--days", "7")
    messages = sent_to("tehran@example.org")
    assert messages and all("مصوبه گروه دیگر" not in message.body for message in messages)


def test_users_find_the_reminder_in_their_inbox_too(addresses, isfahan_user):
    from secretariat.models import Notification

    isfahan_org = isfahan()
    isfahan_org.email = ""
    isfahan_org.save(update_fields=["email"])
    isfahan_org.people.update(email="")
    run("--today", "1391/06/25", "--days", "7")
    message = Notification.objects.get(recipient=isfahan_user, kind="deadline")
    assert "مصوبه ۸ دوازدهمین نشست" in message.body and "۳۱ شهریور ۱۳۹۱" in message.body
    assert sent_to("isfahan@example.org") == []
