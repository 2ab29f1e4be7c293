"""The minutes of a session, composed from the database: one context for the HTML page and the PDF.

``minutes_context`` reads everything the minutes show in a fixed number of queries, whatever the
number of resolutions, attendees or speeches, so that templates never query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from committees.models import Committee, CommitteeAssignment
from meetings.models import Attendance, Meeting, MinutesRevision, minutes_prefetches
from resolutions.models import FollowUp, Resolution
from secretariat.models import Organization
from secretariat.persian import display_text


@dataclass
class ResolutionEntry:
    """A resolution as the minutes print it."""

    resolution: Resolution
    text_html: SafeString
    collaborators: list[Organization]
    committee_lead: Organization | None


@dataclass
class FollowUpEntry:
    """An earlier resolution still open, or reported on at this session, with its latest follow-up."""

    resolution: Resolution
    follow_up: FollowUp | None


@dataclass
class AttendanceGroups:
    present: list[Attendance] = field(default_factory=list)
    substitutes: list[Attendance] = field(default_factory=list)
    guests: list[Attendance] = field(default_factory=list)
    absent: list[Attendance] = field(default_factory=list)

    @property
    def signers(self) -> list[Attendance]:
        """Everyone who took part signs the minutes: members, substitutes, then guests."""
        return self.present + self.substitutes + self.guests


def emphasize_names(text: str, names: list[str]) -> SafeString:
    """Escape ``text`` (dropping bidi controls) and set every occurrence of ``names`` in bold."""
    escaped = escape(display_text(text))
    names = sorted({escape(name) for name in names if name}, key=len, reverse=True)
    if names:
        pattern = re.compile("|".join(re.escape(name) for name in names))
        escaped = pattern.sub(lambda match: f"<strong>{match.group(0)}</strong>", escaped)
    return mark_safe(escaped)


def _resolutions(meeting: Meeting) -> list[Resolution]:
    lead_assignments = CommitteeAssignment.objects.current().filter(role=CommitteeAssignment.Role.LEAD)
    return list(
        Resolution.objects.filter(meeting=meeting)
        .with_listing_data()
        .prefetch_related(
            Prefetch(
                "responsible_committee__assignments",
                queryset=lead_assignments.select_related("organization"),
                to_attr="lead_assignments",
            )
        )
        .order_by("number")
    )


def _earlier_resolutions(meeting: Meeting) -> list[FollowUpEntry]:
    accepted = FollowUp.objects.accepted().filter(
        Q(reported_at_meeting__isnull=True) | Q(reported_at_meeting__number__lte=meeting.number)
    )
    earlier = (
        Resolution.objects.for_group(meeting.working_group)
        .filter(meeting__number__lt=meeting.number)
        .filter(
            Q(status__in=Resolution.Status.open_statuses())
            | Q(pk__in=FollowUp.objects.filter(reported_at_meeting=meeting).values("resolution_id"))
        )
        .select_related(
            "meeting", "meeting__working_group", "responsible_organization", "responsible_committee"
        )
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=accepted.select_related("organization", "reported_at_meeting").order_by(
                    "-reported_on", "-pk"
                ),
                to_attr="accepted_follow_ups",
            )
        )
        .order_by("meeting__number", "number")
    )
    entries = []
    for resolution in earlier:
        at_this_session = [
            f for f in resolution.accepted_follow_ups if f.reported_at_meeting_id == meeting.pk
        ]
        latest = (at_this_session or resolution.accepted_follow_ups or [None])[0]
        entries.append(FollowUpEntry(resolution=resolution, follow_up=latest))
    return entries


def _next_meeting(meeting: Meeting, resolutions: list[Resolution]) -> Meeting | None:
    scheduled = [r.schedules_meeting_id for r in resolutions if r.schedules_meeting_id]
    following = Meeting.objects.filter(working_group=meeting.working_group).select_related(
        "host_organization"
    )
    following = following.prefetch_related("days")
    if scheduled:
        return following.filter(pk=scheduled[-1]).first()
    return following.filter(number=meeting.number + 1).first()


def _attendance(meeting: Meeting) -> AttendanceGroups:
    groups = AttendanceGroups()
    by_kind = {
        Attendance.Kind.PRESENT: groups.present,
        Attendance.Kind.SUBSTITUTE: groups.substitutes,
        Attendance.Kind.GUEST: groups.guests,
        Attendance.Kind.ABSENT: groups.absent,
    }
    for attendance in meeting.attendances.all():
        by_kind[attendance.kind].append(attendance)
    return groups


def _signing(meeting: Meeting, revision: MinutesRevision | None) -> dict:
    """The revision whose signatures the minutes show, its signatures by attendee, and how to verify it."""
    if revision is None and meeting.status in Meeting.Status.locked():
        revision = meeting.revisions.filter(circulated_at__isnull=False).order_by("-number").first()
    if revision is None:
        return {"revision": None, "signatures": {}, "verify_url": "", "verify_qr": ""}
    signatures = {signature.attendance_id: signature for signature in revision.signatures.all()}
    verify_url = verify_qr = ""
    if revision.is_final:
        verify_url = f"{settings.SITE_URL}{reverse('verify', args=[revision.verification_code])}"
        verify_qr = mark_safe(segno.make(verify_url, error="m").svg_inline(scale=2, dark="#111"))
    return {"revision": revision, "signatures": signatures, "verify_url": verify_url, "verify_qr": verify_qr}


def minutes_context(meeting: Meeting, *, revision: MinutesRevision | None = None) -> dict:
    """Everything the minutes of ``meeting`` show, for ``meetings/minutes*.html``.

    ``revision`` is the signed revision to print; by default, the one out for signature or signed.
    """
    prefetch_related_objects([meeting], *minutes_prefetches())
    resolutions = _resolutions(meeting)
    committee_names = list(Committee.objects.for_group(meeting.working_group).values_list("name", flat=True))
    entries = []
    for resolution in resolutions:
        committee = resolution.responsible_committee
        lead = (
            committee.lead_assignments[0].organization if committee and committee.lead_assignments else None
        )
        entries.append(
            ResolutionEntry(
                resolution=resolution,
                text_html=emphasize_names(resolution.text, committee_names),
                collaborators=resolution.ordered_collaborators,
                committee_lead=lead,
            )
        )
    attendance = _attendance(meeting)
    signing = _signing(meeting, revision)
    return {
        "meeting": meeting,
        "group": meeting.working_group,
        "days": meeting.day_dates,
        "sittings": list(meeting.sittings.all()),
        "speeches": list(meeting.speeches.all()),
        "agenda_items": list(meeting.agenda_items.all()),
        "resolutions": entries,
        "earlier_resolutions": _earlier_resolutions(meeting),
        "next_meeting": _next_meeting(meeting, resolutions),
        "attendance": attendance,
        "signature_rows": [(a, signing["signatures"].get(a.pk)) for a in attendance.signers],
        # A finalized revision is never a draft, whatever happened to the session since.
        "is_draft": not signing["revision"].is_final if signing["revision"] else not meeting.is_signed,
        **signing,
    }
