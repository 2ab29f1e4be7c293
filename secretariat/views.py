"""The signed-in user's home page and the liveness check."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from secretariat.access import groups_for_user
from secretariat.dashboard import organization_page, staff_groups


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff see their working groups and sessions; a member user lands on its organization's page."""
    accesses = groups_for_user(request.user)
    pages = [organization_page(access) for access in accesses if access.is_member and access.organization]
    for page in pages:
        if page.calendar_feed is not None:
            page.calendar_url = request.build_absolute_uri(
                reverse("resolutions:organization_calendar", args=[page.group.slug, page.calendar_feed.token])
            )
    context = {"accesses": accesses, "staff_groups": staff_groups(accesses), "organization_pages": pages}
    if len(accesses) == 1:  # the group's menu, for the common case of one working group
        context.update(access=accesses[0], group=accesses[0].group)
    return render(request, "secretariat/home.html", context)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the static icon."""
    return redirect(static("favicon.svg"), permanent=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: in Persian, with what to do about it."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page; it says the staff were told only when someone is set up to be (ADMIN_EMAILS)."""
    template = loader.get_template("500.html")
    return HttpResponse(template.render({"notified": bool(settings.ADMINS)}), status=500)
