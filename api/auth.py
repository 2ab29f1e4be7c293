"""Who calls the API: a bearer token, found by the SHA-256 of its secret, acting as its user."""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from api.models import ApiToken, digest_of
from secretariat.access import person_of

# The last use is written at most this often: a write per call would be a write per read.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    token: ApiToken

    @property
    def user(self):
        return self.token.user


def find_token(secret: str) -> ApiToken | None:
    token = ApiToken.objects.active().select_related("user").filter(digest=digest_of(secret.strip())).first()
    if token is None:
        return None
    if token.organization_id is not None:
        # An organization's token acts as its maker while the maker is a user of the organization.
        person = person_of(token.user)
        if person is None or person.organization_id != token.organization_id:
            return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        found = find_token(token)
        if found is None:
            return None
        request.user = found.user  # as the pages' access rules read it
        return Caller(found)


class TokenRateThrottle(BaseThrottle):
    """At most ``API_RATE`` calls per token in each window (``"600/min"``), counted in the cache
    shared by the site's processes; anonymous calls are refused before this.

    One instance serves every thread: nothing of a request is kept on it but, per thread, the
    seconds to wait that ninja asks for right after a refusal."""

    def __init__(self) -> None:
        self._waits = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        caller = getattr(request, "auth", None)
        if not isinstance(caller, Caller):
            return True
        number, seconds = parse_rate(settings.API_RATE)
        now = time.time()
        window = int(now // seconds)
        key = f"api-rate:{caller.token.pk}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls: a new window
            cache.set(key, 1, timeout=seconds + 1)
            count = 1
        self._waits.seconds = (window + 1) * seconds - now if count > number else None
        return count <= number

    def wait(self) -> float | None:
        return getattr(self._waits, "seconds", None)


PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/min"`` as (600, 60)."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()]
