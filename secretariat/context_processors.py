"""What every page's navigation bar shows: the signed-in person's name and their unread messages."""

from __future__ import annotations

from django.http import HttpRequest

from secretariat.access import name_of, person_of
from secretariat.models import Notification


def account(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "account_name": name_of(user, person_of(user)),
        "unread_count": Notification.objects.filter(recipient=user).unread().count(),
    }
