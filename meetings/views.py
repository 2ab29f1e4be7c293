"""Session pages: the working group, the minutes."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secretariat.access import get_group_for_user


@login_required
def group(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    return render(request, "meetings/group.html", {"access": access, "group": access.group})


@login_required
def minutes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = get_group_for_user(request, slug)
    return render(request, "meetings/group.html", {"access": access, "group": access.group})
