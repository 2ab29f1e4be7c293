"""Fixtures for the minutes: draft sessions, session 13 ready for signing, a seal certificate."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Attendance, Meeting, MeetingDay
from meetings.planning import actions as planning_actions
from meetings.signing.seal import make_self_signed_seal
from secretariat.access import access_for
from secretariat.models import Organization, Person
from tests.resolutions.factories import isfahan


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
def media(private_media):
    return private_media


@pytest.fixture
def upcoming(demo_group, secretary, media):
    """Session 14, planned for a month from now in Tabriz, its agenda suggested, proposals open."""
    day = timezone.localdate() + datetime.timedelta(days=30)
    meeting = planning_actions.create_session(
        access_for(secretary, demo_group),
        number=14,
        fields={"host_organization": isfahan(), "city": "اصفهان", "venue": "سالن همایش‌های میدان مرکزی"},
        days=[day],
        sittings=["morning"],
    )
    return meeting
