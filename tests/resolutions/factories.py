"""Builders for the member-page tests: sessions, resolutions, reports, another working group.

Plain functions (not fixtures) so that the resolutions, committees and home-page tests share them.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile

from committees.actions import form_committee
from committees.models import Committee
from meetings.minutes.actions import set_collaborators
from meetings.models import Attendance, Meeting, MeetingDay
from resolutions.models import FollowUp, Resolution
from secretariat.access import command_line_access
from secretariat.models import Membership, Organization, Person, WorkingGroup

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_counter = itertools.count(1)


def organization(city: str) -> Organization:
    return Organization.objects.get(city=city, kind=Organization.Kind.MARKET_ORGANIZATION)


def tehran() -> Organization:
    return organization("تهران")


def isfahan() -> Organization:
    return organization("اصفهان")


def pdf_upload(name: str = "گزارش.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@contextlib.contextmanager
def drafting(meeting: Meeting):
    """Write content into a session as the secretariat would: in draft, before it is circulated.

    Circulated and signed minutes are frozen; a test that builds one writes its content first.
    """
    status = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).get()
    if status in Meeting.Status.locked():
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    try:
        yield meeting
    finally:
        Meeting.objects.filter(pk=meeting.pk).update(status=status)


def make_session(
    group: WorkingGroup,
    number: int,
    status: str,
    *,
    attended_by: tuple[Organization, ...] = (),
    days: tuple[datetime.date, ...] = (),
    city: str = "",
) -> Meeting:
    meeting = Meeting.objects.create(
        working_group=group, number=number, status=Meeting.Status.HELD, city=city
    )
    for day in days:
        MeetingDay.objects.create(meeting=meeting, date=day)
    for order, attendee in enumerate(attended_by):
        person = Person.objects.create(last_name=f"نماینده {next(_counter)}", organization=attendee)
        Attendance.objects.create(meeting=meeting, person=person, organization=attendee, order=order)
    meeting.status = status
    meeting.save(update_fields=["status"])
    return meeting


def make_resolution(
    meeting: Meeting,
    number: int,
    *,
    organization: Organization | None = None,
    committee: Committee | None = None,
    collaborators: tuple[Organization, ...] = (),
    deadline: datetime.date | None = None,
    status: str = Resolution.Status.OPEN,
    text: str = "متن آزمایشی مصوبه",
    next_meeting: bool = False,
) -> Resolution:
    if committee is not None:
        kind = Resolution.Responsible.COMMITTEE
    elif organization is not None:
        kind = Resolution.Responsible.ORGANIZATION
    else:
        kind = Resolution.Responsible.SECRETARIAT
    # A resolution of signed minutes was signed in their first revision (it is in force).
    signed = Meeting.objects.filter(pk=meeting.pk, status__in=Meeting.Status.signed()).exists()
    with drafting(meeting):
        resolution = Resolution.objects.create(
            first_signed_revision=1 if signed else None,
            meeting=meeting,
            number=number,
            text=text,
            responsible_kind=kind,
            responsible_organization=organization,
            responsible_committee=committee,
            deadline_date=deadline,
            deadline_next_meeting=next_meeting,
            status=status,
        )
        set_collaborators(resolution, list(collaborators))
    return resolution


def make_committee(
    group: WorkingGroup, name: str, *, lead: Organization, collaborators=(), since: Meeting
) -> Committee:
    """A committee formed at ``since`` as the editor forms one, with a mandate of its own."""
    assert since.working_group_id == group.pk
    return form_committee(
        command_line_access(since.working_group),
        meeting=since,
        name=name,
        lead=lead,
        collaborators=list(collaborators),
        mandate=f"شرح وظایف {name}",
    )


def make_follow_up(
    resolution: Resolution,
    organization: Organization,
    *,
    text: str = "گزارش آزمایشی پیگیری",
    review: str = FollowUp.Review.SUBMITTED,
    attachment: SimpleUploadedFile | None = None,
    reported_at_meeting: Meeting | None = None,
) -> FollowUp:
    follow_up = FollowUp(
        resolution=resolution,
        organization=organization,
        text=text,
        review=review,
        reported_at_meeting=reported_at_meeting,
    )
    if attachment is not None:
        follow_up.attachment = attachment
    follow_up.save()
    return follow_up


def other_group() -> tuple[WorkingGroup, Resolution, Committee, FollowUp]:
    """A second working group, Kerman's, that none of the demo users belongs to."""
    group = WorkingGroup.objects.create(slug="other", name="کارگروه دیگر", secretariat_name="دبیرخانه دیگر")
    kerman = Organization.objects.create(name="سازمان میادین کرمان", short_name="میادین کرمان", city="کرمان")
    Membership.objects.create(working_group=group, organization=kerman)
    session = make_session(group, 1, Meeting.Status.PUBLISHED, attended_by=(kerman,))
    committee = make_committee(group, "کمیته محرمانه کرمان", lead=kerman, since=session)
    resolution = make_resolution(
        session, 1, organization=kerman, deadline=datetime.date(2012, 10, 1), text="مصوبه محرمانه کرمان"
    )
    follow_up = make_follow_up(resolution, kerman, text="گزارش محرمانه کرمان", attachment=pdf_upload())
    return group, resolution, committee, follow_up


def grow(group: WorkingGroup, *, sessions: int = 3, start: int = 20) -> None:
    """More of everything the member pages list, all of it involving Tehran and Isfahan."""
    tehran_org, isfahan_org = tehran(), isfahan()
    for number in range(start, start + sessions):
        status = Meeting.Status.PUBLISHED if number % 2 else Meeting.Status.CIRCULATED
        meeting = make_session(
            group,
            number,
            status,
            attended_by=(tehran_org, isfahan_org),
            days=(datetime.date(2013, 1, 1) + datetime.timedelta(days=number),),
            city="قم",
        )
        committee = make_committee(
            group, f"کمیته شماره {number}", lead=tehran_org, collaborators=(isfahan_org,), since=meeting
        )
        for offset in range(3):
            resolution = make_resolution(
                meeting,
                offset + 1,
                organization=tehran_org if offset == 0 else None,
                committee=committee if offset == 1 else None,
                collaborators=(isfahan_org, tehran_org) if offset == 2 else (),
                deadline=datetime.date(2013, 3, 1) + datetime.timedelta(days=offset),
                next_meeting=offset == 1,
            )
            make_follow_up(resolution, tehran_org, attachment=pdf_upload() if offset == 0 else None)
            make_follow_up(resolution, isfahan_org, review=FollowUp.Review.ACCEPTED)
