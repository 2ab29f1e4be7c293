"""Who may see a committee: anyone with a role in its working group (the assignments are shared)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from committees.models import Committee
from secretariat.access import GroupAccess, get_group_for_user


def get_committee_for_user(request: HttpRequest, slug: str, pk: int) -> tuple[GroupAccess, Committee]:
    """A committee of the group at ``slug``; a committee of another group is a 404 here."""
    access = get_group_for_user(request, slug)
    committees = (
        Committee.objects.for_group(access.group).with_current_assignments().select_related("working_group")
    )
    return access, get_object_or_404(committees.select_related("formed_at"), pk=pk)
