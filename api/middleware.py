"""ETags for the API's reads: a client that sends ``If-None-Match`` with the ETag it has gets
304 and no body, as Django's ``ConditionalGetMiddleware`` answers (applied to ``/api/`` only: the
site's pages kept for readers have ETags of their own)."""

from __future__ import annotations

from django.middleware.http import ConditionalGetMiddleware


class ConditionalApiMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        response = super().process_response(request, response)
        response.setdefault("Cache-Control", "private, no-cache")
        return response
