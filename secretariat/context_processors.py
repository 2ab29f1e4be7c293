"""What every page's navigation bar shows: the signed-in person's name and their unread messages."""

from __future__ import annotations

from django.http import HttpRequest

from secretariat.access import person_of
from secretariat.models import Notification


def account(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    person = person_of(user)
    return {
        "account_name": person.full_name if person else user.get_full_name() or user.get_username(),
        "unread_count": Notification.objects.filter(recipient=user).unread().count(),
    }
