"""What the home page shows: the staff's sessions, a member organization's assignments and deadlines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from committees.models import Committee
from meetings.models import Meeting
from resolutions.models import CalendarFeed, FollowUp, Resolution
from secretariat.access import GroupAccess
from secretariat.models import Organization, WorkingGroup


def meetings_awaiting_signature(group: WorkingGroup, organization: Organization) -> QuerySet:
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
class OrganizationPage:
    """A member organization's standing in one working group."""

    access: GroupAccess
    committees: list[CommitteeRole]
    open_resolutions: list[Resolution] = field(default_factory=list)
    closed_resolutions: list[Resolution] = field(default_factory=list)
    awaiting_signature: list[Meeting] = field(default_factory=list)
    published: list[Meeting] = field(default_factory=list)
    reports: list[FollowUp] = field(default_factory=list)
    calendar_feed: CalendarFeed | None = None
    calendar_url: str = ""

    @property
    def group(self) -> WorkingGroup:
        return self.access.group

    @property
    def organization(self) -> Organization:
        return self.access.organization


def _deadline_order(resolution: Resolution) -> tuple:
    next_session = resolution.next_meeting_date if resolution.deadline_next_meeting else None
    return (
        resolution.deadline_date or next_session or datetime.date.max,
        -resolution.meeting.number,
        resolution.number,
    )


RECENT_REPORTS = 10


def organization_page(access: GroupAccess) -> OrganizationPage:
    """Everything a member user's home shows for one group, in a fixed number of queries."""
    group, organization = access.group, access.organization
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
        open_resolutions=sorted((r for r in resolutions if r.is_open), key=_deadline_order),
        closed_resolutions=[r for r in resolutions if not r.is_open],
        awaiting_signature=list(meetings_awaiting_signature(group, organization).with_listing_data()),
        published=list(group.meetings.published().with_listing_data()),
        reports=reports,
        calendar_feed=getattr(organization, "calendar_feed", None),
    )


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
