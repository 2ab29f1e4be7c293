"""Rendering a page of a working group: every such page knows who reads it and in which group."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from secretariat.access import GroupAccess
from secretariat.notifications import Delivery
from secretariat.persian import join_list, localize_digits


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


def say_delivered(request: HttpRequest, delivery: Delivery, done: str) -> None:
    """Tell the user what was done and, truly, how many were told, that the e-mail is on its way
    (what becomes of it shows on the page it is about), and who could not be reached."""
    told = ngettext("%(count)s person was notified.", "%(count)s people were notified.", delivery.count) % {
        "count": localize_digits(delivery.count)
    }
    messages.success(request, f"{done} {told} {mail_on_its_way(delivery)}".strip())
    if delivery.unreachable:
        messages.warning(
            request,
            _("Nobody could be told in: %(names)s (no account and no e-mail address).")
            % {"names": join_list(delivery.unreachable)},
        )


def safe_next(request: HttpRequest, default: str) -> str:
    """Where a form asked to come back to (``next``), if it is a page of this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def mail_on_its_way(delivery: Delivery) -> str:
    """ "An e-mail to 3 addresses is being sent…": sending happens in the background, so the page
    after the click says it is on its way, not that it arrived."""
    if not delivery.emailed:
        return ""
    return ngettext(
        "An e-mail to %(count)s address is being sent; whether it went shows on the page it is about.",
        "An e-mail to %(count)s addresses is being sent; whether it went shows on the page it is about.",
        len(delivery.emailed),
    ) % {"count": localize_digits(len(delivery.emailed))}
