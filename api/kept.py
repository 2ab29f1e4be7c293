"""The API's reads answered again from what was made once (``secretariat.read_cache``).

A GET with a valid token is kept under the data version, the token (and so its user), the address
with its query and the minute: asking again costs finding the token, the rate count and one cache
lookup. The token is checked on every call — a revoked token is refused at once, though revoking
writes nothing a page shows — and a caller over its rate is answered by the API itself (429).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.urls import URLPattern

from api.auth import RATE, Caller, find_token
from secretariat import data_version, read_cache
from secretariat.read_cache import kept_by


def caller_key(request: HttpRequest) -> str | None:
    if request.method != "GET":
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret:
        return None
    token = find_token(secret)
    version = data_version.current()
    if token is None or version is None:
        return None  # the API answers (401), or nothing was written yet
    request.auth = Caller(token)  # type: ignore[attr-defined]
    if not RATE.allow_request(request):
        return None  # the API answers 429 (counting this call again)
    parts = (
        version,
        str(token.pk),
        str(token.user_id),
        request.get_host(),
        request.get_full_path(),
        request.headers.get("Accept", ""),
        settings.SITE_URL,
        str(read_cache.current_minute()),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def keep_reads(patterns: list) -> list:
    """The API's URL patterns, each view answering its reads from what was made once."""
    keep = kept_by(caller_key)
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name != "openapi-json":
            pattern.callback = keep(pattern.callback)
    return patterns
