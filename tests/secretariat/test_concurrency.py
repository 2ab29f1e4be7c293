"""Concurrent requests on the real database (the embedded SQLite file by default, PostgreSQL in CI):
they wait their turn and succeed, or are refused with a clear answer, never a server error."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections
from django.test import Client

from meetings.models import Attendance, Meeting, MeetingDay, MinutesRevision
from secretariat.models import Organization, Person
from tests.forms_helper import read_form

pytestmark = pytest.mark.django_db(transaction=True)
CITIES = ["تهران", "کرج", "مشهد", "تبریز", "شیراز", "اصفهان", "قم", "همدان"]


def in_parallel(requests) -> list[int]:
    """Run the callables at the same moment, each in its own thread; their status codes."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []

    def run(request):
        try:
            barrier.wait()
            statuses.append(request().status_code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(request,)) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.fixture
def eight_attendees(demo_group):
    """Session 13 held, attended by one user of each of eight member organizations."""
    meeting = Meeting.objects.get(working_group=demo_group, number=13)
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2012, 9, 19))
    clients = []
    for order, city in enumerate(CITIES, start=1):
        user = get_user_model().objects.create_user(f"member{order}")
        organization = Organization.objects.get(city=city, kind="market")
        person = Person.objects.create(last_name=f"نماینده {city}", organization=organization, user=user)
        Attendance.objects.create(meeting=meeting, person=person, organization=organization, order=order)
        client = Client()
        client.force_login(user)
        clients.append(client)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    return meeting, clients


def secretary_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="dabir"))
    return client


def test_eight_editors_saving_at_once_one_saves_the_others_see_the_conflict(eight_attendees):
    editors = [secretary_client() for _index in range(8)]
    forms = []
    for number, editor in enumerate(editors):
        data = read_form(editor.get("/g/meydan/sessions/13/edit/").content.decode(), "minutes-editor")
        data["venue"] = f"تالار {number}"
        forms.append(data)
    statuses = in_parallel(
        [
            lambda editor=editor, data=data: editor.post("/g/meydan/sessions/13/edit/", data)
            for editor, data in zip(editors, forms, strict=True)
        ]
    )
    assert sorted(statuses) == [302] + [409] * 7
    assert Meeting.objects.get(number=13).venue.startswith("تالار")


def test_eight_attendees_signing_at_once_all_sign(eight_attendees):
    meeting, clients = eight_attendees
    assert secretary_client().post("/g/meydan/sessions/13/circulate/").status_code == 302
    statuses = in_parallel(
        [
            lambda client=client: client.post("/g/meydan/sessions/13/sign/", {"confirm": "on"})
            for client in clients
        ]
    )
    assert statuses == [302] * 8
    assert MinutesRevision.objects.get(meeting=meeting).signatures.count() == 8


def test_six_finalizes_at_once_finalize_once(eight_attendees, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEAL_PKCS12_PATH = tmp_path / "missing.p12"
    meeting, clients = eight_attendees
    assert secretary_client().post("/g/meydan/sessions/13/circulate/").status_code == 302
    for client in clients:
        assert client.post("/g/meydan/sessions/13/sign/", {"confirm": "on"}).status_code == 302
    secretaries = [secretary_client() for _index in range(6)]
    statuses = in_parallel(
        [lambda client=client: client.post("/g/meydan/sessions/13/finalize/") for client in secretaries]
    )
    assert statuses == [302] * 6  # one finalized, five told it was already done
    revision = MinutesRevision.objects.get(meeting=meeting)
    assert revision.is_final and revision.verification_code
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SIGNED
