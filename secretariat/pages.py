"""Rendering a page of a working group: every such page knows who reads it and in which group."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.access import GroupAccess


def render_for_group(
    request: HttpRequest,
    access: GroupAccess,
    template: str,
    context: dict | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """``render`` with ``access`` and ``group`` in the context, which the navigation and the
    templates' permission checks read."""
    return render(
        request, template, {"access": access, "group": access.group, **(context or {})}, status=status
    )
