"""Generated sessions for tests and benchmarks: many resolutions of every kind on one session."""

from __future__ import annotations

import datetime

from committees.models import Committee, CommitteeAssignment
from meetings.minutes.actions import set_collaborators
from meetings.models import Meeting
from resolutions.models import FollowUp, Resolution
from secretariat.models import Organization
from secretariat.persian import to_persian_digits


def add_sample_resolutions(meeting: Meeting, count: int, *, start: int = 1) -> None:
    """Add ``count`` resolutions of every responsible kind, with collaborators, a committee and follow-ups."""
    organizations = list(
        Organization.objects.filter(kind=Organization.Kind.MARKET_ORGANIZATION).order_by("pk")
    )
    committee, _ = Committee.objects.get_or_create(
        working_group=meeting.working_group, name=f"کمیته نمونه نشست {to_persian_digits(meeting.number)}"
    )
    if not committee.assignments.exists():
        CommitteeAssignment.objects.create(
            committee=committee, organization=organizations[0], role=CommitteeAssignment.Role.LEAD
        )
    kinds = [
        Resolution.Responsible.ORGANIZATION,
        Resolution.Responsible.COMMITTEE,
        Resolution.Responsible.SECRETARIAT,
        Resolution.Responsible.SECRETARY,
    ]
    signed = meeting.status in meeting.Status.signed()  # its resolutions are in force
    for offset in range(count):
        number = start + offset
        kind = kinds[offset % len(kinds)]
        with_deadline = offset % 3 == 0
        resolution = Resolution.objects.create(
            meeting=meeting,
            number=number,
            first_signed_revision=1 if signed else None,
            text=(
                f"مقرر شد {committee.name} نسبت به بررسی موضوع شماره {to_persian_digits(number)} و تهیه گزارش آن اقدام و نتیجه را"
                " حداکثر تا پایان شهریور ماه سال جاری به دبیرخانه کلان‌شهرها ارسال نماید تا در جلسه آینده مطرح گردد."
            ),
            responsible_kind=kind,
            responsible_organization=organizations[offset % len(organizations)]
            if kind == Resolution.Responsible.ORGANIZATION
            else None,
            responsible_committee=committee if kind == Resolution.Responsible.COMMITTEE else None,
            deadline_date=datetime.date(2012, 9, 21) if with_deadline else None,
            deadline_text="حداکثر تا پایان شهریور ماه سال جاری" if with_deadline else "",
            deliverable="گزارش پیشرفت کار" if offset % 2 else "",
        )
        # Never the responsible organization itself (the editor refuses that).
        collaborators = organizations[1 : 1 + offset % 5]
        set_collaborators(resolution, [o for o in collaborators if o != resolution.responsible_organization])
        FollowUp.objects.create(
            resolution=resolution,
            organization=organizations[0],
            text=f"گزارش پیگیری مصوبه {to_persian_digits(number)}",
            review=FollowUp.Review.ACCEPTED,
        )
