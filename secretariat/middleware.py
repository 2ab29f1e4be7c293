"""Persian first: the interface language is Persian unless the user chose another one."""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


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
