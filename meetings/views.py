"""Session pages: the working group, the minutes in HTML and PDF."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetings.access import get_meeting_for_user
from meetings.minutes import minutes_context
from meetings.pdf import content_disposition, pdf_download_name, render_minutes_pdf
from secretariat.access import get_group_for_user


@login_required
def group(request: HttpRequest, slug: str) -> HttpResponse:
    access = get_group_for_user(request, slug)
    return render(request, "meetings/group.html", {"access": access, "group": access.group})


@login_required
def minutes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access, meeting = get_meeting_for_user(request, slug, number)
    return render(request, "meetings/minutes.html", {"access": access, **minutes_context(meeting)})


@login_required
def minutes_pdf(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    _access, meeting = get_meeting_for_user(request, slug, number)
    response = HttpResponse(render_minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(*pdf_download_name(meeting))
    return response
