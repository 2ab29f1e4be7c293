"""What the home page shows: the staff's sessions, a member organization's assignments and deadlines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Committee
from meetings import steps as session_steps
from meetings.actions import acting_organization
from meetings.minutes.document import revision_document
from meetings.models import (
    AgendaItem,
    AgendaProposal,
    AttendanceReply,
    ChangeRequest,
    Invitation,
    Meeting,
    MeetingQuerySet,
    MinutesRevision,
    Signature,
)
from meetings.planning import overview
from resolutions.models import CalendarFeed, ExtensionRequest, FollowUp, InformationRequest, Resolution
from secretariat import mail
from secretariat.access import GroupAccess
from secretariat.models import JobStatus, Organization, WorkingGroup
from secretariat.persian import localize_digits, ordinal


def meetings_awaiting_signature(group: WorkingGroup, organization: Organization) -> MeetingQuerySet:
    """Sessions whose circulated minutes wait for the signature of one of the organization's attendees."""
    return group.meetings.awaiting_signature_of(organization)


@dataclass
class CommitteeRole:
    """A committee the organization leads or collaborates in, with the other members."""

    committee: Committee
    is_lead: bool

    @property
    def lead(self):
        return self.committee.lead

    @property
    def collaborators(self) -> list[Organization]:
        return self.committee.collaborators


@dataclass
class NextSession:
    """The group's next planned session as one member organization meets it: when and where, the
    invitation to answer, until when it may propose items."""

    meeting: Meeting
    invitation: Invitation | None
    reply: AttendanceReply | None
    may_reply: bool
    proposal_cutoff: datetime.date | None
    may_propose: bool
    is_host: bool

    @property
    def waits_for_reply(self) -> bool:
        return self.invitation is not None and self.reply is None and self.may_reply


def next_session(access: GroupAccess) -> NextSession | None:
    """The first planned session of the group, in four queries."""
    meeting = (
        Meeting.objects.visible_to(access)
        .filter(status=Meeting.Status.PLANNED)
        .with_listing_data()
        .order_by("number")
        .first()
    )
    if meeting is None:
        return None
    steps = session_steps.available(access, meeting)
    return NextSession(
        meeting=meeting,
        invitation=meeting.invitations.order_by("-sequence").first(),
        reply=meeting.attendance_replies.filter(organization=access.organization)
        .select_related("person")
        .first(),
        may_reply=steps[session_steps.REPLY],
        proposal_cutoff=overview.proposal_cutoff(meeting),
        may_propose=steps[session_steps.PROPOSE],
        is_host=meeting.host_organization_id == acting_organization(access).pk,
    )


# How far ahead the home page looks for deadlines and reports due.
DUE_SOON_DAYS = 30


@dataclass
class OrganizationPage:
    """A member organization's standing in one working group."""

    access: GroupAccess
    committees: list[CommitteeRole]
    next_session: NextSession | None = None
    open_resolutions: list[Resolution] = field(default_factory=list)
    closed_resolutions: list[Resolution] = field(default_factory=list)
    awaiting_signature: list[Meeting] = field(default_factory=list)
    published: list[Meeting] = field(default_factory=list)
    reports: list[FollowUp] = field(default_factory=list)
    requests: list[tuple[InformationRequest, bool]] = field(default_factory=list)
    calendar_feed: CalendarFeed | None = None
    calendar_url: str = ""

    @property
    def group(self) -> WorkingGroup:
        return self.access.group

    @property
    def organization(self) -> Organization:
        return acting_organization(self.access)

    @property
    def unanswered_requests(self) -> list[InformationRequest]:
        return [item for item, answered in self.requests if not answered]

    @property
    def due_soon(self) -> list[Resolution]:
        """Open resolutions whose deadline or next report is late or within ``DUE_SOON_DAYS``."""
        horizon = timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS)
        return [
            resolution
            for resolution in self.open_resolutions
            if any(
                day is not None and day <= horizon
                for day in (_due_on(resolution), resolution.next_report_due)
            )
        ]

    @property
    def waiting_count(self) -> int:
        """How many things wait for the organization: the home's first card counts them."""
        session = self.next_session
        return (
            len(self.awaiting_signature)
            + len(self.unanswered_requests)
            + len(self.due_soon)
            + (1 if session is not None and session.waits_for_reply else 0)
        )


def _due_on(resolution: Resolution) -> datetime.date | None:
    """The day a resolution is due: its deadline, or the next session's first day if due by then."""
    # ``next_meeting_date``: annotated by ``ResolutionQuerySet.with_next_meeting``.
    next_session_day = (
        getattr(resolution, "next_meeting_date", None) if resolution.deadline_next_meeting else None
    )
    return resolution.effective_deadline or next_session_day


def _deadline_order(resolution: Resolution) -> tuple:
    next_session = (
        getattr(resolution, "next_meeting_date", None) if resolution.deadline_next_meeting else None
    )
    return (
        resolution.deadline_date or next_session or datetime.date.max,
        -resolution.meeting.number,
        resolution.number,
    )


RECENT_REPORTS = 10


def organization_page(access: GroupAccess) -> OrganizationPage:
    """Everything a member user's home shows for one group, in a fixed number of queries."""
    group, organization = access.group, acting_organization(access)
    committees = (
        group.committees.involving(organization).with_current_assignments().select_related("working_group")
    )
    roles = [
        CommitteeRole(
            committee=committee,
            is_lead=any(
                assignment.organization_id == organization.pk and assignment.role == assignment.Role.LEAD
                for assignment in committee.current_assignments
            ),
        )
        for committee in committees
    ]
    roles.sort(key=lambda role: (not role.is_lead, role.committee.name))

    resolutions = list(
        Resolution.objects.visible_to(access)
        .in_force()
        .for_organization(organization)
        .with_listing_data()
        .with_committee_assignments()
        .with_next_meeting()
        .order_by("-meeting__number", "number")
    )
    for resolution in resolutions:
        resolution.involvement = resolution.involvement_of(organization)

    reports = list(
        FollowUp.objects.visible_to(access)
        .filter(organization=organization)
        .with_listing_data()
        .order_by("-created_at", "-pk")[:RECENT_REPORTS]
    )
    return OrganizationPage(
        access=access,
        committees=roles,
        next_session=next_session(access),
        open_resolutions=sorted((r for r in resolutions if r.is_open), key=_deadline_order),
        closed_resolutions=[r for r in resolutions if not r.is_open],
        awaiting_signature=list(meetings_awaiting_signature(group, organization).with_listing_data()),
        published=list(group.meetings.published().with_listing_data()),
        reports=reports,
        requests=_open_requests(group, organization),
        calendar_feed=getattr(organization, "calendar_feed", None),
    )


def _open_requests(group: WorkingGroup, organization) -> list[tuple[InformationRequest, bool]]:
    """The open information requests addressed to the organization, and whether it has answered."""
    requests = (
        InformationRequest.objects.for_group(group)
        .open()
        .addressed_to(organization)
        .select_related("working_group")
        .annotate(own_answers=Count("answers", filter=Q(answers__organization=organization)))
        .order_by("deadline")
    )
    return [(item, item.own_answers > 0) for item in requests]


def staff_groups(accesses: list[GroupAccess]) -> list[WorkingGroup]:
    """The groups the user staffs, each with its sessions prefetched (newest first)."""
    groups = [access.group for access in accesses if access.is_staff]
    prefetch_related_objects(
        groups,
        Prefetch(
            "meetings",
            queryset=Meeting.objects.with_listing_data().order_by("-number"),
            to_attr="listed_meetings",
        ),
    )
    return groups


# ---------------------------------------------------------------------------
# The secretariat's desk

UPCOMING_DAYS = 30
SHOWN_PER_ORGANIZATION = 5


@dataclass
class SignatureWait:
    """Minutes out for signature and who has not signed yet."""

    meeting: Meeting
    missing: list[str]


@dataclass
class OverdueGroup:
    """The overdue resolutions of one responsible party."""

    label: str
    resolutions: list[Resolution]

    @property
    def shown(self) -> list[Resolution]:
        return self.resolutions[:SHOWN_PER_ORGANIZATION]


@dataclass
class Readiness:
    """How far the next planned session is prepared."""

    meeting: Meeting
    invitation: Invitation | None
    replied: int
    members: int
    agenda: int
    suggested: int

    @property
    def agenda_complete(self) -> bool:
        return self.agenda > 0 and self.suggested == 0


@dataclass
@dataclass
class BackgroundFailure:
    """Work the background worker could not do, where the secretariat asks for it again."""

    what: str
    url: str
    error: str


def _background_failures(group: WorkingGroup) -> list[BackgroundFailure]:
    """Signed PDFs, invitation letters and booklets whose making failed, in three queries."""
    failed = {"job_status": JobStatus.FAILED}
    found = [
        BackgroundFailure(
            _("The signed PDF of revision %(revision)s of the %(ordinal)s session")
            % {"revision": localize_digits(revision.number), "ordinal": ordinal(revision.meeting.number)},
            revision.meeting.get_absolute_url() + "#revisions",
            revision.job_error,
        )
        for revision in MinutesRevision.objects.filter(meeting__working_group=group, pdf="", **failed)
        .select_related("meeting__working_group")
        .order_by("meeting__number", "number")
    ]
    found += [
        BackgroundFailure(
            _("Invitation letter %(number)s") % {"number": localize_digits(invitation.letter_number)},
            invitation.meeting.get_absolute_url() + "#invitation",
            invitation.job_error,
        )
        for invitation in Invitation.objects.filter(meeting__working_group=group, pdf="", **failed)
        .select_related("meeting__working_group")
        .order_by("issued_at")
    ]
    found += [
        BackgroundFailure(
            _("The booklet of “%(title)s”") % {"title": item.title},
            item.get_absolute_url() + "#booklet",
            item.job_error,
        )
        for item in InformationRequest.objects.for_group(group)
        .filter(booklet="", **failed)
        .select_related("working_group")
    ]
    return found


@dataclass
class Desk:
    """What waits for the secretariat of one group, for its home page."""

    group: WorkingGroup
    reports: list[FollowUp]
    signatures: list[SignatureWait]
    overdue: list[OverdueGroup]
    upcoming: list[Resolution]
    proposals: list[AgendaProposal]
    change_requests: list[ChangeRequest]
    extensions: list[ExtensionRequest]
    requests: list[tuple[InformationRequest, int, int]]
    next_session: Readiness | None
    today: datetime.date
    failures: list[BackgroundFailure] = field(default_factory=list)
    mail_problems: list[mail.MailReport] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(len(group.resolutions) for group in self.overdue)


def _signature_waits(group: WorkingGroup) -> list[SignatureWait]:
    """The circulated minutes and who has not signed them, in three queries however many there are."""
    meetings = list(group.meetings.filter(status=Meeting.Status.CIRCULATED).order_by("number"))
    waiting = MinutesRevision.objects.filter(
        meeting__working_group=group,
        meeting__status=Meeting.Status.CIRCULATED,
        circulated_at__isnull=False,
        finalized_at__isnull=True,
    )
    revisions = {revision.meeting_id: revision for revision in waiting.order_by("number")}
    signed: dict[int, set[int]] = {}
    for revision_id, attendance_id in Signature.objects.filter(revision__in=waiting).values_list(
        "revision_id", "attendance_id"
    ):
        signed.setdefault(revision_id, set()).add(attendance_id)
    waits = []
    for meeting in meetings:
        revision = revisions.get(meeting.pk)
        if revision is not None:
            done = signed.get(revision.pk, set())
            signers = revision_document(revision).signers
            waits.append(SignatureWait(meeting, [a.name for a in signers if a.attendance_id not in done]))
    return waits


def _overdue_groups(resolutions: list[Resolution]) -> list[OverdueGroup]:
    grouped: dict[str, list[Resolution]] = {}
    for resolution in resolutions:
        grouped.setdefault(resolution.responsible_label or "—", []).append(resolution)
    return sorted(
        (OverdueGroup(label, items) for label, items in grouped.items()),
        key=lambda g: (-len(g.resolutions), g.label),
    )


def _readiness(group: WorkingGroup) -> Readiness | None:
    meeting = group.meetings.filter(status=Meeting.Status.PLANNED).order_by("number").first()
    if meeting is None:
        return None
    states = list(meeting.agenda_items.values_list("state", flat=True))
    return Readiness(
        meeting=meeting,
        invitation=meeting.invitations.order_by("-sequence").first(),
        replied=meeting.attendance_replies.count(),
        members=group.memberships.count(),
        agenda=states.count(AgendaItem.State.ACCEPTED),
        suggested=states.count(AgendaItem.State.SUGGESTED),
    )


def staff_desk(access: GroupAccess, today: datetime.date | None = None) -> Desk:
    """The work queue of one group's secretariat, in a fixed number of queries."""
    today = today or timezone.localdate()
    group = access.group
    listed = Resolution.objects.for_group(group).with_listing_data().with_next_meeting()
    overdue = list(listed.overdue(today).order_by("meeting__number", "number"))
    upcoming = list(
        listed.open()
        .in_force()
        .alias(due=Coalesce("extended_deadline", "deadline_date"))
        .filter(due__gte=today, due__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
        .order_by("due", "pk")
    )
    requests = (
        InformationRequest.objects.for_group(group)
        .open()
        .select_related("working_group")
        .annotate(answered=Count("answers", distinct=True), asked=Count("recipients", distinct=True))
        .order_by("deadline")
    )
    return Desk(
        group=group,
        reports=list(
            FollowUp.objects.for_group(group).awaiting_review().with_listing_data().order_by("created_at")
        ),
        signatures=_signature_waits(group),
        overdue=_overdue_groups(overdue),
        upcoming=upcoming,
        proposals=list(
            AgendaProposal.objects.awaiting_decision()
            .filter(meeting__working_group=group)
            .select_related("meeting", "organization")
            .order_by("created_at")
        ),
        change_requests=list(
            ChangeRequest.objects.filter(meeting__working_group=group, state=ChangeRequest.State.OPEN)
            .select_related("meeting__working_group")
            .order_by("requested_at", "pk")
        ),
        extensions=list(
            ExtensionRequest.objects.filter(
                resolution__meeting__working_group=group, status=ExtensionRequest.Status.PENDING
            )
            .select_related("resolution__meeting", "organization")
            .order_by("created_at")
        ),
        requests=[(item, item.answered, item.asked) for item in requests],
        next_session=_readiness(group),
        today=today,
        failures=_background_failures(group),
        mail_problems=mail.failing_reports(group),
    )
