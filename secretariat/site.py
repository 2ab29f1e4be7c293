"""The address of the site, as links in e-mails, calendars, QR codes and PDFs print it.

In production it is ``SITE_URL``, which the deployment check requires. In development, when
``SITE_URL`` was not given, a page asked of the development server (on any host and port) prints
the address it was asked at, so that its links and QR codes lead back to it; work done outside a
request (the worker, a command) uses ``SITE_URL``'s development default, which ``make run`` sets
to the address it serves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_origin: ContextVar[str | None] = ContextVar("site_origin", default=None)


def site_url() -> str:
    """``https://host[:port]`` without a trailing slash."""
    return _origin.get() or settings.SITE_URL


def follows_the_request() -> bool:
    return bool(settings.DEBUG) and not os.environ.get("SITE_URL")


class DevelopmentSiteUrlMiddleware:
    """In development without ``SITE_URL``, the site's address is the one the request came to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not follows_the_request():
            return self.get_response(request)
        token = _origin.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)
