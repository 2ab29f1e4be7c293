"""A working group in daily use beside the 1391 seed: its dates are counted from the day the demo
is loaded, so that a newcomer's home, desk, inbox and reminders read as they will at work.

The coordination committee of the same member organizations, with the same secretariat:

- session 1, held two months ago and published, whose resolutions fall due within days, one is
  already late, one waits for the next session, and one asks the members for information;
- session 2, held four days ago, its minutes out for the signature of Tehran and Isfahan;
- session 3, planned three weeks ahead, proposals open and the invitation issued.

Everything goes through the actions, as on the site. Loading it again changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from meetings.minutes import actions as minutes_actions
from meetings.minutes.values import MinutesValues, ResolutionRow, Row
from meetings.models import Meeting
from meetings.planning import actions as planning_actions
from meetings.signing import actions as signing_actions
from resolutions.actions import answer_information, ask_for_information
from resolutions.models import Resolution
from resolutions.request_facts import Fact, FactKind
from secretariat import actions as core_actions
from secretariat.access import access_for, command_line_access
from secretariat.models import Organization, Person, WorkingGroup

SLUG = "hamahangi"
OPERATOR = None  # the command line


def _days(today: datetime.date, count: int) -> datetime.date:
    return today + datetime.timedelta(days=count)


@transaction.atomic
def load_current_example(seed: WorkingGroup, *, today: datetime.date | None = None) -> WorkingGroup:
    """The coordination committee (``SLUG``), with ``seed``'s members, secretary and staff."""
    today = today or timezone.localdate()
    group = WorkingGroup.objects.filter(slug=SLUG).first()
    if group is not None and group.meetings.exists():
        return group  # loaded before: its dates stay those of the day it was first loaded
    group = core_actions.save_working_group(
        OPERATOR,
        group or WorkingGroup(slug=SLUG),
        {
            "name": "کمیته هماهنگی میادین میوه و تره‌بار کلان‌شهرها",
            "secretariat_name": seed.secretariat_name,
            "secretary": seed.secretary,
        },
    )
    core_actions.set_group_members(OPERATOR, group, list(Organization.objects.members_of(seed)))
    core_actions.set_group_staff(OPERATOR, group, list(seed.staff.all()))
    access = command_line_access(group)
    first = _published_session(access, today)
    _session_out_for_signature(access, today)
    _planned_session(access, today)
    _request_for_information(access, first, today)
    return group


def _market(city: str) -> Organization:
    return Organization.objects.get(city=city, kind=Organization.Kind.MARKET_ORGANIZATION)


def _representative(city: str) -> Person:
    """The person the demo's login of that city's organization stands for."""
    people = Person.objects.filter(organization=_market(city)).order_by("user", "pk")
    return people.filter(user__isnull=False).first() or people.get()


def _held(access, number: int, day: datetime.date, host: str) -> Meeting:
    meeting = planning_actions.create_session(
        access,
        number=number,
        fields={"host_organization": _market(host), "city": host, "start_time": datetime.time(9, 0)},
        days=[day],
        sittings=[],
        suggest=False,
    )
    return minutes_actions.mark_held(access, meeting)


def _attendance(access, meeting: Meeting, present: list[str]) -> None:
    minutes_actions.record_attendance(
        access,
        meeting,
        [
            minutes_actions.AttendanceEntry(
                person=_representative(city), kind="present", organization=_market(city)
            )
            for city in present
        ],
    )
    minutes_actions.record_absent_members(access, meeting)


def _minutes(access, meeting: Meeting, resolutions: list[dict]) -> None:
    meeting.refresh_from_db()
    minutes_actions.save_minutes(
        access,
        meeting,
        MinutesValues(
            version=meeting.version,
            header={"status": Meeting.Status.HELD, "proceedings": "دستور کار مطرح و مصوبات زیر تصویب شد."},
            days=meeting.day_dates,
            attendance=[Row(pk) for pk in meeting.attendances.values_list("pk", flat=True)],
            resolutions=[ResolutionRow(values=values) for values in resolutions],
        ),
    )


def _by(city: str, text: str, deadline: datetime.date | None) -> dict:
    return {
        "text": text,
        "responsible_kind": Resolution.Responsible.ORGANIZATION,
        "responsible_organization": _market(city),
        "deadline_date": deadline,
    }


def _published_session(access, today: datetime.date) -> Meeting:
    meeting = _held(access, 1, _days(today, -60), "تهران")
    _attendance(access, meeting, ["تهران", "اصفهان", "شیراز"])
    _minutes(
        access,
        meeting,
        [
            _by(
                "تهران",
                "مقرر شد سازمان میادین تهران سامانه یکپارچه قیمت روزانه میوه را راه‌اندازی کند.",
                _days(today, 10),
            ),
            _by(
                "اصفهان",
                "مقرر شد سازمان میادین اصفهان گزارش کاهش ضایعات در بازارهای روز را ارسال کند.",
                _days(today, -5),
            ),
            {
                "text": "مقرر شد دبیرخانه فهرست مصوبات شوراهای شهر درباره میادین را در نشست بعد ارائه کند.",
                "responsible_kind": Resolution.Responsible.SECRETARIAT,
                "deadline_next_meeting": True,
            },
        ],
    )
    signing_actions.publish_archived_minutes(access, Meeting.objects.get(pk=meeting.pk))
    return meeting


def _session_out_for_signature(access, today: datetime.date) -> Meeting:
    meeting = _held(access, 2, _days(today, -4), "اصفهان")
    _attendance(access, meeting, ["تهران", "اصفهان"])
    _minutes(
        access,
        meeting,
        [
            _by(
                "شیراز",
                "مقرر شد سازمان میادین شیراز تجربه بازارهای شبانه را برای اعضا بفرستد.",
                _days(today, 30),
            )
        ],
    )
    signing_actions.circulate(access, Meeting.objects.get(pk=meeting.pk))
    return meeting


def _planned_session(access, today: datetime.date) -> Meeting:
    meeting = planning_actions.create_session(
        access,
        number=3,
        fields={
            "host_organization": _market("شیراز"),
            "city": "شیراز",
            "start_time": datetime.time(9, 0),
            "proposals_until": _days(today, 10),
            "replies_until": _days(today, 14),
        },
        days=[_days(today, 21)],
        sittings=[],
    )
    suggested = list(meeting.agenda_items.values_list("pk", flat=True))
    if suggested:
        planning_actions.decide_suggestions(access, meeting, item_ids=suggested, state="accepted")
    planning_actions.issue_invitation(access, Meeting.objects.get(pk=meeting.pk))
    return meeting


def _request_for_information(access, meeting: Meeting, today: datetime.date) -> None:
    request, _delivery = ask_for_information(
        access,
        title="قیمت روزانه پرفروش‌ترین اقلام",
        question="لطفاً میانگین قیمت خرده‌فروشی پنج قلم پرفروش میوه در هفته گذشته را بفرستید.",
        deadline=_days(today, 7),
        recipients=list(Organization.objects.members_of(access.group)),
        fields=[
            Fact("سیب درختی (ریال برای هر کیلو)", FactKind.NUMBER),
            Fact("پرتقال (ریال برای هر کیلو)", FactKind.NUMBER),
            Fact("موز (ریال برای هر کیلو)", FactKind.NUMBER),
            Fact("تاریخ نرخ‌ها", FactKind.DATE),
            Fact("روند قیمت‌ها", FactKind.CHOICE, ("رو به افزایش", "بی‌تغییر", "رو به کاهش")),
        ],
        resolution=meeting.resolutions.get(number=1),
    )
    isfahan = _representative("اصفهان")
    if isfahan.user is not None:  # Isfahan has answered; the others are awaited
        answer_information(
            access_for(isfahan.user, access.group),
            request,
            text="نرخ‌ها میانگین هفت روز گذشته در بازارهای روز اصفهان است.",
            values={
                "سیب درختی (ریال برای هر کیلو)": Decimal(450000),
                "پرتقال (ریال برای هر کیلو)": Decimal(380000),
                "موز (ریال برای هر کیلو)": Decimal(720000),
                "تاریخ نرخ‌ها": _days(today, -1),
                "روند قیمت‌ها": "رو به افزایش",
            },
        )
