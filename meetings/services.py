"""Workflows over a session and its rows: each an explicit atomic function, never a signal."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from committees.models import Committee, CommitteeAssignment
from meetings.forms import SessionCreateForm
from meetings.models import AgendaItem, Meeting, Sitting
from resolutions.models import Resolution
from secretariat.models import Organization

# Numbers are unique per session; renumbering first moves every row out of the way.
_RENUMBER_OFFSET = 10_000


class EditConflict(Exception):
    """The minutes changed since the editor was opened; saving would overwrite someone's work."""


class NotEditable(Exception):
    """The minutes have left the draft stage and cannot be edited."""


def next_session_number(group) -> int:
    last = (
        Meeting.objects.filter(working_group=group)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


@transaction.atomic
def create_meeting(*, form: SessionCreateForm, days: list) -> Meeting:
    """Create a planned session from a valid ``SessionCreateForm`` and its valid day forms."""
    meeting = form.save(commit=False)
    meeting.working_group = form.group
    meeting.status = Meeting.Status.PLANNED
    meeting.save()
    _save_sittings(meeting, form.cleaned_data.get("sittings", []))
    days.instance = meeting
    days.save()
    return meeting


@transaction.atomic
def delete_planned_meeting(*, meeting: Meeting) -> None:
    """Delete a session that was planned and will not take place, with what was prepared for it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise NotEditable
    meeting.delete()


def _save_sittings(meeting: Meeting, parts: list[str]) -> None:
    meeting.sittings.exclude(part__in=parts).delete()
    existing = set(meeting.sittings.values_list("part", flat=True))
    order = {part: index for index, (part, _label) in enumerate(Sitting.Part.choices, start=1)}
    Sitting.objects.bulk_create(
        Sitting(meeting=meeting, part=part, order=order[part]) for part in parts if part not in existing
    )


@transaction.atomic
def save_minutes(*, meeting: Meeting, header, formsets: dict) -> Meeting:
    """Save the editor's header and rows as one change, or refuse it if someone saved in between.

    ``header`` and ``formsets`` must be valid. The session's ``version`` is compared and bumped
    in one UPDATE, so of two editors who started from the same version only the first saves.
    """
    expected = header.cleaned_data["version"]
    if not Meeting.objects.filter(pk=meeting.pk, status__in=Meeting.Status.editable()).exists():
        raise NotEditable
    bumped = Meeting.objects.filter(pk=meeting.pk, version=expected).update(version=F("version") + 1)
    if not bumped:
        raise EditConflict
    meeting = header.save(commit=False)
    meeting.version = expected + 1
    meeting.save()
    _save_sittings(meeting, header.cleaned_data.get("sittings", []))
    formsets["days"].save()
    _save_ordered(formsets["attendance"])
    _save_ordered(formsets["speeches"])
    _save_agenda(meeting, formsets["agenda"])
    _save_resolutions(meeting, formsets["resolutions"])
    return meeting


def _delete_removed(formset) -> None:
    for deleted in formset.deleted_forms:
        if deleted.instance.pk:
            deleted.instance.delete()


def _save_ordered(formset) -> None:
    _delete_removed(formset)
    for position, form in enumerate(formset.ordered_forms(), start=1):
        row = form.save(commit=False)
        row.order = position
        row.save()


def _save_agenda(meeting: Meeting, formset) -> None:
    _delete_removed(formset)
    AgendaItem.objects.filter(meeting=meeting).update(number=F("number") + _RENUMBER_OFFSET)
    for number, form in enumerate(formset.ordered_forms(), start=1):
        item = form.save(commit=False)
        item.number = number
        item.save()


def _save_resolutions(meeting: Meeting, formset) -> None:
    _delete_removed(formset)
    Resolution.objects.filter(meeting=meeting).update(number=F("number") + _RENUMBER_OFFSET)
    for number, form in enumerate(formset.ordered_forms(), start=1):
        resolution = form.save(commit=False)
        resolution.number = number
        collaborators = list(form.cleaned_data.get("collaborators") or [])
        if form.forms_new_committee:
            resolution.responsible_kind = Resolution.Responsible.COMMITTEE
            resolution.responsible_committee = form_committee(
                meeting=meeting,
                name=form.cleaned_data["new_committee_name"].strip(),
                lead=form.cleaned_data["new_committee_lead"],
                collaborators=collaborators,
                mandate=form.cleaned_data.get("new_committee_mandate", ""),
            )
        resolution.save()
        _keep_order(resolution, collaborators)


def _keep_order(resolution: Resolution, chosen: list[Organization]) -> None:
    """Set the collaborators, keeping the order of those already listed and adding the rest after."""
    current = [link.organization_id for link in resolution.collaborator_links.all()]
    chosen_ids = {organization.pk for organization in chosen}
    kept = [pk for pk in current if pk in chosen_ids]
    added = [organization.pk for organization in chosen if organization.pk not in kept]
    ordered = kept + added
    if ordered != current:
        by_id = {organization.pk: organization for organization in chosen}
        resolution.set_collaborators([by_id[pk] for pk in ordered])


@transaction.atomic
def form_committee(
    *, meeting: Meeting, name: str, lead: Organization, collaborators: list[Organization], mandate: str = ""
) -> Committee:
    """A committee formed at ``meeting``, with its lead and collaborators assigned from that session."""
    committee = Committee.objects.create(
        working_group=meeting.working_group, name=name, mandate=mandate, formed_at=meeting
    )
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
    return committee
