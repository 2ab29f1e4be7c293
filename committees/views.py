"""The organizations × committees matrix and each committee's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from committees.access import get_committee_for_user
from committees.models import Committee, CommitteeAssignment
from secretariat.access import get_group_for_user
from secretariat.models import Organization
from secretariat.pages import render_for_group
from secretariat.read_cache import kept_for_reader


@dataclass(frozen=True)
class MatrixRow:
    """One organization's roles, one cell per committee: "lead", "collaborator" or ""."""

    organization: Organization
    roles: list[str]
    is_member: bool

    @property
    def has_role(self) -> bool:
        return any(self.roles)


def assignment_matrix(committees: list[Committee], members: list[Organization]) -> list[MatrixRow]:
    """Rows for the member organizations, then for any other organization that holds a role."""
    roles: dict[tuple[int, int], str] = {}
    others: dict[int, Organization] = {}
    member_ids = {organization.pk for organization in members}
    for committee in committees:
        for assignment in committee.current_assignments:
            roles[(assignment.organization_id, committee.pk)] = assignment.role
            if assignment.organization_id not in member_ids:
                others[assignment.organization_id] = assignment.organization
    organizations = members + sorted(others.values(), key=lambda organization: organization.name)
    return [
        MatrixRow(
            organization=organization,
            roles=[roles.get((organization.pk, committee.pk), "") for committee in committees],
            is_member=organization.pk in member_ids,
        )
        for organization in organizations
    ]


@login_required
@kept_for_reader
def matrix(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    committees = list(
        Committee.objects.for_group(access.group)
        .with_current_assignments()
        .select_related("working_group")
        .order_by("-is_active", "name")
    )
    members = list(Organization.objects.members_of(access.group))
    return render_for_group(
        request,
        access,
        "committees/matrix.html",
        {
            "committees": committees,
            "rows": assignment_matrix(committees, members),
            "LEAD": CommitteeAssignment.Role.LEAD,
            "COLLABORATOR": CommitteeAssignment.Role.COLLABORATOR,
        },
    )


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access, committee = get_committee_for_user(request, slug, pk)
    history = list(
        committee.assignments.select_related("organization", "since_meeting", "until_meeting").order_by(
            "since_meeting__number", "-role", "order", "pk"
        )
    )
    # Reached through the reverse relation: ``committees`` does not import ``resolutions``.
    resolutions = list(
        committee.resolutions.visible_to(access)
        .with_listing_data()
        .with_next_meeting()
        .order_by("-meeting__number", "number")
    )
    return render_for_group(
        request,
        access,
        "committees/detail.html",
        {
            "committee": committee,
            "history": history,
            "resolutions": resolutions,
            "LEAD": CommitteeAssignment.Role.LEAD,
        },
    )
