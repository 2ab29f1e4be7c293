"""Duplicates the domain forbids are refused by the database and, with a clear message, by validation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from committees.models import Committee, CommitteeAssignment
from meetings.models import Attendance, Meeting
from resolutions.models import Resolution
from secretariat.models import Organization


def _refused_by_database(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def _validation_message(instance) -> str:
    with translation.override("fa"), pytest.raises(ValidationError) as error:
        instance.full_clean()
    return " ".join(error.value.messages)


def test_second_lead_for_a_committee_is_refused(demo_group):
    committee = Committee.objects.get(working_group=demo_group, name="کمیته حقوقی")
    ahvaz = Organization.objects.get(city="اهواز", kind="market")
    second_lead = CommitteeAssignment(
        committee=committee, organization=ahvaz, role=CommitteeAssignment.Role.LEAD
    )
    assert "مسئول" in _validation_message(second_lead) or "مسوول" in _validation_message(second_lead)
    _refused_by_database(second_lead.save)


def test_an_ended_lead_does_not_block_a_new_one(demo_group, session13):
    committee = Committee.objects.get(working_group=demo_group, name="کمیته حقوقی")
    current = CommitteeAssignment.objects.current().get(committee=committee, role="lead")
    current.until_meeting = session13
    current.save(update_fields=["until_meeting"])
    ahvaz = Organization.objects.get(city="اهواز", kind="market")
    CommitteeAssignment.objects.create(
        committee=committee, organization=ahvaz, role=CommitteeAssignment.Role.LEAD, since_meeting=session13
    )
    assert Committee.objects.get(pk=committee.pk).lead == ahvaz


def test_repeated_session_number_in_one_group_is_refused(demo_group):
    duplicate = Meeting(working_group=demo_group, number=12)
    assert "شماره" in _validation_message(duplicate)
    _refused_by_database(duplicate.save)


def test_repeated_resolution_number_in_one_session_is_refused(draft12):
    duplicate = Resolution(meeting=draft12, number=3, text="تکراری", responsible_kind="secretariat")
    assert "شماره" in _validation_message(duplicate)
    _refused_by_database(duplicate.save)


def test_responsible_party_must_match_its_kind(draft12):
    inconsistent = Resolution(meeting=draft12, number=9, text="بدون سازمان", responsible_kind="organization")
    assert _validation_message(inconsistent)
    _refused_by_database(inconsistent.save)


def test_a_person_attends_a_session_once(draft12):
    attendance = Attendance.objects.filter(meeting=draft12).first()
    duplicate = Attendance(meeting=draft12, person=attendance.person, kind="guest")
    assert _validation_message(duplicate)
    _refused_by_database(duplicate.save)


def test_only_a_substitute_stands_in_for_someone(draft12):
    attendance, other = Attendance.objects.filter(meeting=draft12, person__isnull=False)[:2]
    attendance.kind = Attendance.Kind.PRESENT
    attendance.substitute_for = other.person
    assert _validation_message(attendance)
    _refused_by_database(attendance.save)


def test_who_attended_is_named_and_an_organization_is_absent_once(draft12):
    nobody = Attendance(
        meeting=draft12, kind=Attendance.Kind.PRESENT, organization=Organization.objects.first()
    )
    assert _validation_message(nobody)
    _refused_by_database(nobody.save)
    karaj = Organization.objects.get(city="کرج", kind="market")
    Attendance.objects.create(meeting=draft12, kind=Attendance.Kind.ABSENT, organization=karaj, order=20)
    again = Attendance(meeting=draft12, kind=Attendance.Kind.EXCUSED, organization=karaj, order=21)
    assert _validation_message(again)
    _refused_by_database(again.save)


def test_session_ends_after_it_starts(draft12):
    import datetime

    draft12.end_time = datetime.time(8, 0)
    assert _validation_message(draft12)
    _refused_by_database(draft12.save)
