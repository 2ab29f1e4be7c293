"""Persian first (the interface language), the content security policy, and a busy page for a database that stays locked."""

import logging

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin

logger = logging.getLogger(__name__)


class PersianFirstLocaleMiddleware(MiddlewareMixin):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language header.

    Most browsers in Iran announce English; the secretariat's users expect Persian. Choosing
    English in the page footer sets the language cookie, which this middleware honours.
    """

    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        # Leave the thread as it was found: the next request, or task, chooses its own language.
        translation.deactivate()
        return response


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Sends ``settings.CONTENT_SECURITY_POLICY``: scripts only from our own static files, never inline."""

    def process_response(self, request, response):
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        return response


class BusyDatabaseMiddleware(MiddlewareMixin):
    """A write that waited for the embedded database longer than its timeout gets a Persian
    "busy, try again" page (503) instead of a server error; nothing of it was saved."""

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "locked" in str(exception).lower():
            logger.warning("Database busy on %s %s: %s", request.method, request.path, exception)
            response = render(request, "503_busy.html", status=503)
            response["Retry-After"] = "5"
            return response
        return None
