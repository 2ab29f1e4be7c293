"""Fixtures for the minutes: draft sessions, session 13 ready for signing, a seal certificate."""

import datetime

import pytest

from meetings.models import Attendance, Meeting, MeetingDay
from meetings.seal import make_self_signed_seal
from resolutions.models import Resolution
from secretariat.models import Organization, Person


@pytest.fixture
def held_session(demo_group) -> Meeting:
    """Session 14: held, minutes in draft, attended by Tehran only."""
    meeting = Meeting.objects.create(
        working_group=demo_group,
        number=14,
        status=Meeting.Status.HELD,
        host_organization=Organization.objects.get(city="تبریز", kind="market"),
        city="تبریز",
    )
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2012, 12, 20))
    tehran_person = Person.objects.get(user__username="tehran")
    Attendance.objects.create(meeting=meeting, person=tehran_person, organization=tehran_person.organization)
    return meeting


@pytest.fixture
def seal(settings, tmp_path):
    """A self-signed seal certificate, and media kept in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEAL_PKCS12_PATH = tmp_path / "seal.p12"
    settings.SEAL_PKCS12_PASSPHRASE = "seal-pass"
    make_self_signed_seal(settings.SEAL_PKCS12_PATH, common_name="دبیرخانه آزمایشی", passphrase="seal-pass")
    return settings.SEAL_PKCS12_PATH


@pytest.fixture
def no_seal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEAL_PKCS12_PATH = tmp_path / "missing.p12"


@pytest.fixture
def held13(session13) -> Meeting:
    """Session 13 held in Isfahan: Tehran's and Isfahan's representatives attended, with e-mail addresses."""
    MeetingDay.objects.create(meeting=session13, date=datetime.date(2012, 9, 19))
    for order, username in enumerate(("tehran", "esfahan"), start=1):
        person = Person.objects.get(user__username=username)
        person.email = f"{username}@example.org"
        person.save(update_fields=["email"])
        Attendance.objects.create(
            meeting=session13,
            person=person,
            organization=person.organization,
            position=person.position,
            order=order,
        )
    Resolution.objects.create(
        meeting=session13,
        number=1,
        text="کمیته حقوقی آئین‌نامه مالی را تا پایان آذر به دبیرخانه ارسال کند.",
        responsible_kind=Resolution.Responsible.SECRETARIAT,
    )
    session13.status = Meeting.Status.HELD
    session13.save(update_fields=["status"])
    return session13
