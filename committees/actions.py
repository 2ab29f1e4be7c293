"""Actions on committees: forming one at a session, with its lead and collaborating organizations,
and assigning it anew at a later session (an organization's earlier role ends there)."""

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


@transaction.atomic
def assign_committee(
    access: GroupAccess,
    committee: Committee | None,
    *,
    meeting,
    name: str,
    lead: Organization | None,
    collaborators: list[Organization],
    mandate: str = "",
) -> Committee:
    """``committee`` (or a new one named ``name``, formed at ``meeting``) as ``meeting`` assigns it:
    its lead and collaborators from that session on. An organization whose role changes or ends has
    its earlier assignment end at ``meeting``; an unknown lead (``None``) leaves the lead on record."""
    require_staff(access)
    if committee is None:
        committee = Committee(working_group=access.group, name=name, mandate=mandate, formed_at=meeting)
        committee.full_clean()
        committee.save()
    elif mandate and committee.mandate != mandate:
        committee.mandate = mandate
        committee.save(update_fields=["mandate"])
    wanted: dict[int, tuple[Organization, str]] = {}
    if lead is not None:
        wanted[lead.pk] = (lead, CommitteeAssignment.Role.LEAD)
    for organization in collaborators:
        wanted.setdefault(organization.pk, (organization, CommitteeAssignment.Role.COLLABORATOR))
    current = {a.organization_id: a for a in committee.assignments.current()}
    ended = []
    for organization_id, assignment in current.items():
        keep = organization_id in wanted and wanted[organization_id][1] == assignment.role
        if lead is None and assignment.role == CommitteeAssignment.Role.LEAD:
            keep = True
        if not keep:
            assignment.until_meeting = meeting
            assignment.save(update_fields=["until_meeting"])
            ended.append(assignment.organization_id)
    for order, (organization, role) in enumerate(wanted.values()):
        assignment = current.get(organization.pk)
        if assignment is not None and assignment.role == role:
            if assignment.order != order:
                assignment.order = order
                assignment.save(update_fields=["order"])
            continue
        CommitteeAssignment.objects.create(
            committee=committee, organization=organization, role=role, order=order, since_meeting=meeting
        )
    log_action(
        access.user,
        AuditEvent.COMMITTEE_ASSIGNED,
        committee,
        group=access.group,
        session=meeting.number,
        lead=lead.name if lead else "",
        collaborators=[organization.name for organization in collaborators],
        ended=sorted(Organization.objects.filter(pk__in=ended).values_list("name", flat=True)),
    )
    return committee
