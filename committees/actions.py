"""Actions on committees: forming one at a session, with its lead and collaborating organizations."""

from __future__ import annotations

from django.db import transaction

from committees.models import Committee, CommitteeAssignment
from secretariat.access import GroupAccess
from secretariat.actions import require_staff
from secretariat.audit import AuditEvent, log_action
from secretariat.models import Organization


@transaction.atomic
def form_committee(
    access: GroupAccess,
    *,
    meeting,
    name: str,
    lead: Organization,
    collaborators: list[Organization],
    mandate: str = "",
) -> Committee:
    """A committee formed at ``meeting`` (a session of ``access.group``), with its lead and
    collaborators assigned from that session."""
    require_staff(access)
    committee = Committee(working_group=access.group, name=name, mandate=mandate, formed_at=meeting)
    committee.full_clean()
    committee.save()
    CommitteeAssignment.objects.create(
        committee=committee, organization=lead, role=CommitteeAssignment.Role.LEAD, since_meeting=meeting
    )
    for order, organization in enumerate(collaborators, start=1):
        CommitteeAssignment.objects.create(
            committee=committee,
            organization=organization,
            role=CommitteeAssignment.Role.COLLABORATOR,
            order=order,
            since_meeting=meeting,
        )
    log_action(
        access.user,
        AuditEvent.COMMITTEE_FORMED,
        committee,
        group=access.group,
        session=meeting.number,
        lead=lead.name,
        collaborators=[organization.name for organization in collaborators],
    )
    return committee
