"""The inbox, the liveness check and the error pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secretariat.models import Notification, WorkingGroup
from secretariat.pages import safe_next


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or the password is not right. Check both (capital letters count) and try "
            "again; if you have forgotten your password, ask the secretariat to reset it."
        ),
    }


class LoginView(auth_views.LoginView):
    """Django's login, under the names of the secretariats this installation serves."""

    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["secretariats"] = list(
            WorkingGroup.objects.order_by("name").values_list("secretariat_name", "name")
        )
        return context


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


INBOX_PAGE_SIZE = 30


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in user's messages, newest first; unread ones marked."""
    notifications = Notification.objects.filter(recipient=request.user).select_related("working_group")
    page = Paginator(notifications, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(request, "secretariat/inbox.html", {"page": page})


@login_required
@require_POST
def read_inbox(request: HttpRequest) -> HttpResponse:
    """Mark the user's messages read: one (``id``), or all of them."""
    notifications = Notification.objects.filter(recipient=request.user).unread()
    if request.POST.get("id", "").isdigit():
        notifications = notifications.filter(pk=int(request.POST["id"]))
    notifications.update(read_at=timezone.now())
    return redirect(safe_next(request, reverse("inbox")))
