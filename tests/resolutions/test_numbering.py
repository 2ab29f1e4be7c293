"""A group's resolution numbers, within each session (the seed's way) or continuously across a term,
the same in the minutes, the tracker, the Excel export and the reminders."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from meetings.minutes.document import build_document
from meetings.models import Meeting
from resolutions import actions
from resolutions.models import Resolution
from secretariat.models import WorkingGroup
from tests.meetings.test_editor import EDIT, add_row, editor_data
from tests.resolutions.test_export import URL as EXPORT
from tests.resolutions.test_export import data_rows, sheet_of
from tests.resolutions.test_reminders import (
    addresses,  # noqa: F401 - a fixture used below
    sent_to,
)


def continuous(operator, group, *, first=780, from_session=12) -> WorkingGroup:
    return actions.save_working_group(
        operator,
        group,
        {
            "resolution_numbering": WorkingGroup.Numbering.CONTINUOUS,
            "first_resolution_number": first,
            "numbering_from_session": from_session,
        },
    )


def numbers(meeting_number: int) -> list[int]:
    return [
        r.shown_number for r in Resolution.objects.filter(meeting__number=meeting_number).order_by("number")
    ]


def test_within_each_session_by_default(demo_group):
    assert demo_group.resolution_numbering == WorkingGroup.Numbering.WITHIN_SESSION
    assert numbers(12) == list(range(1, 9))
    assert Resolution.objects.get(meeting__number=12, number=3).label == "مصوبه ۳ دوازدهمین نشست"


def test_continuous_numbering_from_a_first_number_and_back(operator, demo_group, held13):
    continuous(operator, demo_group)
    assert numbers(12) == list(range(1, 9))  # signed before the switch: as its minutes print them
    assert numbers(13) == [780]  # the 13th session's draft takes the register's first number
    assert Resolution.objects.get(meeting__number=13, number=1).label == "مصوبه ۷۸۰ سیزدهمین نشست"
    continuous(operator, demo_group, first=1, from_session=14)
    assert numbers(13) == [1]  # before the term: within the session again
    actions.save_working_group(
        operator, demo_group, {"resolution_numbering": WorkingGroup.Numbering.WITHIN_SESSION}
    )
    assert not Resolution.objects.exclude(register_number=None).exists()


def test_a_change_of_numbering_renumbers_in_its_action_and_is_recorded(operator, demo_group, held13):
    from secretariat import actions as core_actions
    from secretariat.models import AuditRecord

    with pytest.raises(ValueError):  # the core action cannot leave the register behind
        core_actions.save_working_group(
            operator, demo_group, {"resolution_numbering": WorkingGroup.Numbering.CONTINUOUS}
        )
    demo_group.refresh_from_db()
    assert demo_group.resolution_numbering == WorkingGroup.Numbering.WITHIN_SESSION
    continuous(operator, demo_group)
    record = AuditRecord.objects.filter(action="numbering.changed").latest("pk")
    assert record.details["renumbered"] == 1 and numbers(13) == [780]


def test_a_session_s_resolutions_follow_the_earlier_sessions_in_the_minutes(
    clients, operator, demo_group, held13
):
    continuous(operator, demo_group)
    data = editor_data(clients["staff"], 13)
    add_row(
        data,
        "resolutions",
        {
            "verb": "مقرر شد",
            "text": "مصوبه دوم نشست.",
            "responsible_kind": "none",
            "status": "open",
            "order": "2",
        },
    )
    assert clients["staff"].post(EDIT.format(13), data).status_code == 302
    assert numbers(13) == [780, 781]
    document = build_document(Meeting.objects.get(pk=held13.pk))
    assert [entry.shown_number for entry in document.resolutions] == [780, 781]
    html = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    assert (
        '<span class="resolution-number">۷۸۰)</span>' in html
        and '<span class="resolution-number">۷۸۱)</span>' in html
    )
    # The follow-up of earlier resolutions names the 12th session's as its signed minutes do.
    assert "مصوبه ۱ دوازدهمین نشست" in html


def test_the_tracker_and_the_export_show_the_register_numbers(clients, operator, demo_group, held13):
    continuous(operator, demo_group)
    tracker = clients["staff"].get("/g/meydan/resolutions/").content.decode()
    assert '<span class="cell">۷۸۰</span>' in tracker and '<span class="cell">۸</span>' in tracker
    rows = data_rows(sheet_of(clients["staff"].get(EXPORT)))
    assert sorted(row[1] for row in rows if row[0] == 13) == [780]
    assert sorted(row[1] for row in rows if row[0] == 12) == list(range(1, 9))


def test_reminders_name_resolutions_by_the_group_s_numbers(clients, operator, demo_group, held13, addresses):  # noqa: F811
    import datetime

    from tests.meetings.test_signing import finalized

    continuous(operator, demo_group)
    Resolution.objects.filter(meeting=held13).update(
        responsible_kind=Resolution.Responsible.ORGANIZATION,
        responsible_organization=held13.attendances.get(person__user__username="tehran").organization,
        deadline_date=datetime.date(2012, 9, 21),
    )
    finalized(clients, held13)  # reminders are about signed resolutions only
    mail.outbox.clear()
    call_command("send_deadline_reminders", "--today", "1391/06/25", "--days", "7", stdout=StringIO())
    (message,) = sent_to("tehran@example.org")
    assert "مصوبه ۷۸۰ سیزدهمین نشست" in message.body and "مصوبه ۱ دوازدهمین نشست" in message.body


@pytest.mark.parametrize("scheme", [WorkingGroup.Numbering.WITHIN_SESSION, WorkingGroup.Numbering.CONTINUOUS])
def test_sessions_recorded_before_a_switch_take_the_new_scheme(operator, demo_group, scheme, held13):
    actions.save_working_group(
        operator, demo_group, {"resolution_numbering": scheme, "first_resolution_number": 100}
    )
    # The signed 12th session keeps its numbers and takes none of the register's.
    expected = [100] if scheme == WorkingGroup.Numbering.CONTINUOUS else [1]
    assert numbers(13) == expected
