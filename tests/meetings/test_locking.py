"""Signed minutes cannot change: every path that writes them refuses; follow-ups and statuses may."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from meetings.importing import OrganizationIndex, parse_minutes
from meetings.importing.save import ImportRefused, save_imported_session
from meetings.minutes.actions import set_collaborators
from meetings.models import AgendaItem, Attendance, Meeting, MeetingDay, Sitting, Speech
from resolutions.actions import set_status
from resolutions.models import FollowUp, Resolution, ResolutionCollaborator
from secretariat.access import command_line_access
from secretariat.locking import MinutesLockedError
from secretariat.models import Organization, Person
from tests.conftest import client_for

EDIT = "/g/meydan/sessions/12/edit/"


@pytest.fixture(params=["circulated", "signed", "published"])
def locked12(request, session12) -> Meeting:
    """Session 12 in each locked state (the demo loads it published)."""
    session12.status = request.param
    session12.save(update_fields=["status"])
    return session12


def test_the_editor_refuses(clients, locked12):
    assert clients["secretary"].get(EDIT).status_code == 409
    assert clients["secretary"].post(EDIT, {"venue": "x"}).status_code == 409
    assert Meeting.objects.get(pk=locked12.pk).venue == ""


def test_saving_a_changed_header_refuses(locked12):
    locked12.venue = "تالار"
    with pytest.raises(MinutesLockedError):
        locked12.save()
    with pytest.raises(MinutesLockedError):
        Meeting.objects.filter(pk=locked12.pk).update(venue="تالار")
    assert Meeting.objects.get(pk=locked12.pk).venue == ""


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (Attendance, "position", "سمت دیگر"),
        (Speech, "summary", "سخن دیگر"),
        (Sitting, "part", "evening"),
        (MeetingDay, "date", datetime.date(2012, 6, 22)),
        (Resolution, "text", "متن دیگر"),
        (Resolution, "deadline_date", datetime.date(2013, 1, 1)),
    ],
)
def test_changing_a_row_refuses(locked12, model, field, value):
    row = model.objects.filter(meeting=locked12).first()
    setattr(row, field, value)
    with pytest.raises(MinutesLockedError):
        row.save()
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "محتوای آن دیگر تغییر نمی‌کند" in " ".join(error.value.messages)
    with pytest.raises(MinutesLockedError):
        model.objects.filter(pk=row.pk).update(**{field: value})
    with pytest.raises(MinutesLockedError):
        row.delete()
    with pytest.raises(MinutesLockedError):
        model.objects.filter(pk=row.pk).delete()


def test_adding_rows_refuses(locked12):
    person = Person.objects.create(last_name="تازه‌وارد")
    with pytest.raises(MinutesLockedError):
        Attendance.objects.create(meeting=locked12, person=person)
    with pytest.raises(MinutesLockedError):
        Attendance.objects.bulk_create([Attendance(meeting=locked12, person=person)])
    with pytest.raises(MinutesLockedError):
        AgendaItem.objects.create(meeting=locked12, number=1, title="بند تازه")
    with pytest.raises(MinutesLockedError):
        Resolution.objects.create(meeting=locked12, number=9, text="تازه", responsible_kind="secretariat")
    resolution = Resolution.objects.get(meeting=locked12, number=5)
    with pytest.raises(MinutesLockedError):
        set_collaborators(resolution, [Organization.objects.first()])
    with pytest.raises(MinutesLockedError):
        ResolutionCollaborator.objects.filter(resolution__meeting=locked12).delete()
    assert Attendance.objects.filter(meeting=locked12, person=person).count() == 0


def test_resolution_status_and_follow_ups_stay_editable(locked12):
    resolution = Resolution.objects.get(meeting=locked12, number=1)
    set_status(resolution, Resolution.Status.DONE)
    resolution.status = Resolution.Status.IN_PROGRESS
    resolution.save()  # only the status changed
    Resolution.objects.filter(pk=resolution.pk).update(status=Resolution.Status.DONE)
    FollowUp.objects.create(resolution=resolution, text="گزارش پیگیری پس از امضا")
    assert Resolution.objects.get(pk=resolution.pk).status == Resolution.Status.DONE


def test_status_transitions_stay_possible(locked12):
    Meeting.objects.filter(pk=locked12.pk).update(status=Meeting.Status.HELD)
    locked12.refresh_from_db()
    locked12.venue = "حالا پیش‌نویس است"
    locked12.save()  # a draft again: its content may change
    assert Meeting.objects.get(pk=locked12.pk).venue == "حالا پیش‌نویس است"


def test_the_admin_shows_minutes_read_only(operator, locked12):
    client = client_for(operator)
    url = reverse("admin:meetings_meeting_change", args=[locked12.pk])
    html = client.get(url).content.decode()
    assert 'name="venue"' not in html and 'name="attendances-0-position"' not in html
    assert client.post(url, {"venue": "از راه مدیریت", "number": 12}).status_code == 403
    assert Meeting.objects.get(pk=locked12.pk).venue == ""
    assert (
        client.post(reverse("admin:meetings_meeting_delete", args=[locked12.pk]), {"post": "yes"}).status_code
        == 403
    )
    resolution = Resolution.objects.get(meeting=locked12, number=1)
    resolution_url = reverse("admin:resolutions_resolution_change", args=[resolution.pk])
    assert 'name="status"' not in client.get(resolution_url).content.decode()
    assert client.post(resolution_url, {"status": "done", "text": "از راه مدیریت"}).status_code == 403
    resolution.refresh_from_db()
    assert resolution.status == "open" and resolution.text != "از راه مدیریت"


def test_the_importer_does_not_overwrite_them(locked12):
    text = "سیزدهمین نشست\n۱) مصوب شد دبیرخانه گزارش تهیه کند.\n"
    minutes = parse_minutes(text, organizations=OrganizationIndex.for_group(locked12.working_group))
    with pytest.raises((ImportRefused, MinutesLockedError)):
        save_imported_session(command_line_access(locked12.working_group), minutes=minutes, number=12)
    assert Resolution.objects.filter(meeting=locked12).count() == 8


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_two_signers_at_the_same_moment_leave_a_consistent_state():
    """Threads sign at once: each attendee's signature is recorded once, none is lost."""
    import threading

    from django.contrib.auth import get_user_model
    from django.db import close_old_connections

    from meetings.demo import load_demo
    from meetings.models import Signature
    from meetings.signing import actions as signing_actions
    from secretariat.access import access_for
    from secretariat.steps import StepRefused

    group = load_demo()
    meeting = Meeting.objects.get(working_group=group, number=13)
    for order, username in enumerate(("tehran", "esfahan"), start=1):
        person = Person.objects.get(user__username=username)
        Attendance.objects.create(
            meeting=meeting, person=person, organization=person.organization, order=order
        )
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2012, 9, 19))
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    users = get_user_model().objects
    signing_actions.circulate(access_for(users.get(username="dabir"), meeting.working_group), meeting)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def sign_as(username: str) -> None:
        try:
            barrier.wait()
            signing_actions.sign(access_for(users.get(username=username), meeting.working_group), meeting)
            outcomes.append("signed")
        except StepRefused:
            outcomes.append("refused")
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=sign_as, args=(name,)) for name in ("tehran", "tehran", "esfahan", "esfahan")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "signed", "signed"]
    signatures = Signature.objects.filter(revision__meeting=meeting)
    assert sorted(signatures.values_list("attendance__person__user__username", flat=True)) == [
        "esfahan",
        "tehran",
    ]
