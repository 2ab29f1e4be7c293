"""``save_minutes`` takes values, not forms: the importer, a command or a test calls it as the
editor does; only rows that changed are written; the vote rule holds at the action too."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from meetings.actions import EditConflict
from meetings.minutes.actions import save_minutes
from meetings.minutes.values import MinutesValues, ResolutionRow, Row
from meetings.models import Attendance, Meeting
from resolutions.models import Resolution
from secretariat.access import access_for
from secretariat.models import Organization


def as_they_stand(meeting: Meeting) -> MinutesValues:
    """The session's minutes as values, unchanged."""
    meeting.refresh_from_db()
    return MinutesValues(
        version=meeting.version,
        header={"status": meeting.status, "venue": meeting.venue},
        sittings=list(meeting.sittings.values_list("part", flat=True)),
        days=meeting.day_dates,
        attendance=[
            Row(pk) for pk in meeting.attendances.order_by("order", "pk").values_list("pk", flat=True)
        ],
        speeches=[Row(pk) for pk in meeting.speeches.order_by("order", "pk").values_list("pk", flat=True)],
        agenda=[Row(pk) for pk in meeting.agenda_items.accepted().values_list("pk", flat=True)],
        resolutions=[
            ResolutionRow(
                resolution.pk,
                collaborators=[link.organization for link in resolution.collaborator_links.order_by("order")],
            )
            for resolution in meeting.resolutions.order_by("number")
        ],
    )


def test_values_saved_without_a_form_only_what_changed_is_written(draft12, secretary):
    access = access_for(secretary, draft12.working_group)
    values = as_they_stand(draft12)
    history_before = Resolution.history.count()
    tehran = Organization.objects.get(city="تهران", kind="market")
    values.resolutions[2].values = {"text": "متن تازه مصوبه سوم"}
    values.resolutions.append(
        ResolutionRow(
            values={
                "text": "مصوبه تازه",
                "responsible_kind": Resolution.Responsible.ORGANIZATION,
                "responsible_organization": tehran,
            }
        )
    )
    saved = save_minutes(access, draft12, values)
    assert saved.version == values.version + 1
    assert Resolution.history.count() == history_before + 2  # the changed one and the new one
    assert draft12.resolutions.get(number=3).text == "متن تازه مصوبه سوم"
    assert draft12.resolutions.order_by("number").last().responsible_organization == tehran
    assert draft12.working_group.audit_records.filter(action="minutes.saved").exists()


def test_a_row_left_out_is_removed_and_a_signed_resolution_never(draft12, secretary):
    access = access_for(secretary, draft12.working_group)
    values = as_they_stand(draft12)
    values.resolutions.insert(
        0, ResolutionRow(values={"text": "بی‌مسئول", "responsible_kind": "organization"})
    )
    with pytest.raises(ValidationError):  # checked as the database would, before anything is written
        save_minutes(access, draft12, values)
    values.resolutions[0].values["responsible_kind"] = Resolution.Responsible.SECRETARIAT
    values.resolutions[0].values["text"] = "پیش‌نویسی که می‌رود"
    save_minutes(access, draft12, values)
    assert draft12.resolutions.get(number=1).text == "پیش‌نویسی که می‌رود"
    values = as_they_stand(draft12)
    del values.resolutions[0]
    save_minutes(access, draft12, values)
    assert draft12.resolutions.count() == 8 and draft12.resolutions.get(number=1).first_signed_revision
    values = as_they_stand(draft12)
    del values.resolutions[0]  # signed: it stays in the minutes and the register
    with pytest.raises(ValidationError):
        save_minutes(access, draft12, values)
    assert draft12.resolutions.count() == 8


def test_counted_votes_beyond_those_present_are_refused_by_the_action(draft12, secretary):
    access = access_for(secretary, draft12.working_group)
    values = as_they_stand(draft12)
    present = draft12.attendances.filter(
        kind__in=[Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE]
    ).count()
    values.attendance = [
        Row(pk, {"kind": kind})
        for pk, kind in draft12.attendances.order_by("order", "pk").values_list("pk", "kind")
    ]
    values.resolutions[0].values = {"vote": Resolution.Vote.COUNTED, "votes_for": present + 1}
    with pytest.raises(ValidationError):
        save_minutes(access, draft12, values)
    assert Meeting.objects.get(pk=draft12.pk).version == values.version  # nothing was saved


def test_values_made_from_an_older_version_conflict(draft12, secretary):
    access = access_for(secretary, draft12.working_group)
    values = as_they_stand(draft12)
    save_minutes(access, draft12, as_they_stand(draft12))
    with pytest.raises(EditConflict):
        save_minutes(access, draft12, values)


def test_a_member_cannot_save_values(draft12, tehran_user):
    values = as_they_stand(draft12)
    values.header["venue"] = "از راه یک عضو"
    with pytest.raises(PermissionDenied):
        save_minutes(access_for(tehran_user, draft12.working_group), draft12, values)
    assert Meeting.objects.get(pk=draft12.pk).venue != "از راه یک عضو"
