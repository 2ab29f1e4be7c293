"""A working group's resolution numbers: within each session (1, 2, 3… as the seed numbers them),
or continuously across the sessions of a term (780, 781… from a first number the group sets).

Under continuous numbering each resolution stores its number in the register
(``Resolution.register_number``), assigned in session order and then in the order of the minutes;
``Resolution.shown_number`` and ``Resolution.label`` read it, so the minutes, the tracker, the
Excel export and the reminders all say the same number. ``renumber`` runs whenever a session's
resolutions are saved or imported and when the group's numbering settings change; minutes already
signed keep the numbers printed in their snapshot.
"""

from __future__ import annotations

from resolutions.models import Resolution
from secretariat.models import WorkingGroup


def register_numbers(group: WorkingGroup, resolutions: list[Resolution]) -> dict[int, int | None]:
    """The register number each of ``resolutions`` (all of ``group``'s, in session and minutes
    order, each with ``meeting`` loaded) takes under the group's numbering: ``{pk: number}``."""
    continuous = group.resolution_numbering == WorkingGroup.Numbering.CONTINUOUS
    first_session = group.numbering_from_session or 0
    next_number = group.first_resolution_number or 1
    numbers: dict[int, int | None] = {}
    for resolution in resolutions:
        if continuous and resolution.meeting.number >= first_session:
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
        .only("pk", "number", "register_number", "meeting__number")
        .order_by("meeting__number", "number", "pk")
    )
    wanted = register_numbers(group, resolutions)
    changed = [r for r in resolutions if r.register_number != wanted[r.pk]]
    for resolution in changed:
        resolution.register_number = wanted[resolution.pk]
    Resolution.objects.bulk_update(changed, ["register_number"])
    return len(changed)


def renumber_after_group_saved(
    sender, instance: WorkingGroup, created: bool, raw: bool = False, **kwargs
) -> None:
    if not created and not raw:
        renumber(instance)
