"""The inbox, the liveness check and the error pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secretariat import actions
from secretariat.access import Role, get_group_for_user
from secretariat.models import MailBatch, Notification, WorkingGroup
from secretariat.pages import safe_next
from secretariat.persian import localize_digits


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
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
    assert request.user.is_authenticated  # login_required
    notifications = Notification.objects.filter(recipient=request.user).select_related("working_group")
    page = Paginator(notifications, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return render(request, "secretariat/inbox.html", {"page": page})


@login_required
@require_POST
def read_inbox(request: HttpRequest) -> HttpResponse:
    """Mark the user's messages read: one (``id``), or all of them."""
    assert request.user.is_authenticated  # login_required
    notifications = Notification.objects.filter(recipient=request.user).unread()
    if request.POST.get("id", "").isdigit():
        notifications = notifications.filter(pk=int(request.POST["id"]))
    notifications.update(read_at=timezone.now())
    return redirect(safe_next(request, reverse("inbox")))


def _mail_step(request: HttpRequest, slug: str, pk: int, step) -> HttpResponse:
    access = get_group_for_user(request, slug, minimum=Role.STAFF)
    batch = get_object_or_404(MailBatch, pk=pk, working_group=access.group)
    result = step(access, batch)
    if step is actions.retry_mail:
        messages.success(
            request,
            ngettext(
                "The e-mail is being sent again to %(count)s address.",
                "The e-mail is being sent again to %(count)s addresses.",
                result,
            )
            % {"count": localize_digits(result)},
        )
    else:
        messages.success(request, _("The e-mail was set aside; it no longer shows on the work queue."))
    return redirect(safe_next(request, batch.page or reverse("home")))


@login_required
@require_POST
def retry_mail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Send an e-mail again to the addresses it failed for."""
    return _mail_step(request, slug, pk, actions.retry_mail)


@login_required
@require_POST
def set_mail_aside(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take an e-mail's failures off the work queue (dealt with another way)."""
    return _mail_step(request, slug, pk, actions.set_mail_aside)
