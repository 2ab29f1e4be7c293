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
    """At most ``API_RATE`` calls per token in each window (``"600/min"``); anonymous calls are
    refused before this.

    The count is kept in the shared cache when it is one (Redis: ``REDIS_URL``), so that every
    server process counts together; on the embedded default, whose cache is a database table, a
    count would cost a handful of queries a call, and each process counts its own calls instead.

    One instance serves every thread: nothing of a request is kept on it but, per thread, the
    seconds to wait that ninja asks for right after a refusal."""

    def __init__(self) -> None:
        self._waits = threading.local()
        self._local_counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def _count(self, key: str, seconds: int) -> int:
        if not _shared_cache_is_a_table():
            cache.add(key, 0, timeout=seconds + 1)
            try:
                return cache.incr(key)
            except ValueError:  # expired between the two calls: a new window
                cache.set(key, 1, timeout=seconds + 1)
                return 1
        with self._lock:
            window = key.rsplit(":", 1)[1]
            for old in [name for name in self._local_counts if not name.endswith(f":{window}")]:
                del self._local_counts[old]
            self._local_counts[key] = self._local_counts.get(key, 0) + 1
            return self._local_counts[key]

    def allow_request(self, request: HttpRequest) -> bool:
        caller = getattr(request, "auth", None)
        if not isinstance(caller, Caller):
            return True
        counted = getattr(request, COUNTED, None)
        if counted is not None:  # counted already for this request (``api.kept``)
            return counted
        number, seconds = parse_rate(settings.API_RATE)
        now = time.time()
        window = int(now // seconds)
        count = self._count(f"api-rate:{caller.token.pk}:{window}", seconds)
        self._waits.seconds = (window + 1) * seconds - now if count > number else None
        setattr(request, COUNTED, count <= number)
        return count <= number

    def wait(self) -> float | None:
        return getattr(self._waits, "seconds", None)

    def forget(self) -> None:
        """Start every count again (this process's; the shared cache's expire on their own)."""
        with self._lock:
            self._local_counts.clear()


def _shared_cache_is_a_table() -> bool:
    return str(settings.CACHES["default"]["BACKEND"]).endswith("DatabaseCache")


COUNTED = "_api_rate_allowed"
PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"600/min"`` as (600, 60)."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()]


# One for the API and for its kept reads (``api.kept``): the wait after a refusal is asked of the
# instance that refused.
RATE = TokenRateThrottle()
