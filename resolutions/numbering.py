"""A working group's resolution numbers: within each session (1, 2, 3… as the seed numbers them),
or continuously across the sessions of a term (780, 781… from a first number the group sets).

Under continuous numbering each resolution stores its number in the register
(``Resolution.register_number``), assigned in session order and then in the order of the minutes;
``Resolution.shown_number`` and ``Resolution.label`` read it, so the minutes, the tracker, the
Excel export and the reminders all say the same number. ``renumber`` runs whenever a session's
resolutions are saved or imported and when the group's numbering settings change
(``resolutions.actions.save_working_group``).

A resolution once signed (``first_signed_revision``) keeps its register number for good, as its
signed minutes print it: deleting a draft resolution of an earlier session, or changing the
numbering mid-term, numbers only what has not been signed, after the numbers already taken.
"""

from __future__ import annotations

from resolutions.models import Resolution
from secretariat.models import WorkingGroup


def register_numbers(group: WorkingGroup, resolutions: list[Resolution]) -> dict[int, int | None]:
    """The register number each of ``resolutions`` (all of ``group``'s, in session and minutes
    order, each with ``meeting`` loaded) takes under the group's numbering: ``{pk: number}``. A
    signed one keeps the number it has; the others take the next numbers free."""
    continuous = group.resolution_numbering == WorkingGroup.Numbering.CONTINUOUS
    first_session = group.numbering_from_session or 0
    taken = {r.register_number for r in resolutions if r.first_signed_revision and r.register_number}
    next_number = group.first_resolution_number or 1
    numbers: dict[int, int | None] = {}
    for resolution in resolutions:
        if resolution.first_signed_revision:
            numbers[resolution.pk] = resolution.register_number
            if resolution.register_number:
                next_number = max(next_number, resolution.register_number + 1)
        elif continuous and resolution.meeting.number >= first_session:
            while next_number in taken:
                next_number += 1
            numbers[resolution.pk] = next_number
            next_number += 1
        else:
            numbers[resolution.pk] = None
    return numbers


def renumber(group: WorkingGroup) -> int:
    """Bring every resolution of ``group`` to the number its numbering gives; returns how many changed."""
    resolutions = list(
        Resolution.objects.filter(meeting__working_group=group)
        .select_related("meeting")
        .only("pk", "number", "register_number", "first_signed_revision", "meeting__number")
        .order_by("meeting__number", "number", "pk")
    )
    wanted = register_numbers(group, resolutions)
    changed = [r for r in resolutions if r.register_number != wanted[r.pk]]
    for resolution in changed:
        resolution.register_number = wanted[resolution.pk]
    Resolution.objects.bulk_update(changed, ["register_number"])
    return len(changed)
