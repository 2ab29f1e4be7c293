"""Headers for files the site hands out."""

from __future__ import annotations

import datetime
import unicodedata
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from secretariat.read_cache import file_body, keep_file
from secretariat.uploads import KINDS_BY_EXTENSION

# Embedding and override marks: they would make a file's name read in another order than it is.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def safe_file_name(name: str) -> str:
    """A name a file may be saved under anywhere: no folder separators ("۲۰/۵۱" in a letter number
    is not a folder), no control characters."""
    cleaned = "".join("-" if character in "/\\" else character for character in name)
    kept = "".join(
        character
        for character in cleaned
        if unicodedata.category(character) != "Cc" and character not in BIDI_CONTROLS
    )
    return kept.strip() or "file"


def content_disposition(ascii_name: str, unicode_name: str, *, attachment: bool = False) -> str:
    """RFC 6266: a plain ``filename`` for old clients and a UTF-8 ``filename*`` for the rest.

    ``ascii_name`` is ours (no quote or backslash); ``unicode_name`` may be anything: it is made a
    plain file name (``safe_file_name``) and percent-encoded, so it cannot break out of the header.
    """
    kind = "attachment" if attachment else "inline"
    shown = quote(safe_file_name(unicode_name), safe="")
    return f"{kind}; filename=\"{safe_file_name(ascii_name)}\"; filename*=UTF-8''{shown}"


def private_file(stored, shown_name: str, fallback_name: str) -> FileResponse:
    """An uploaded file (a ``FieldFile``), to a reader the view has checked; never cached, never
    sniffed. Raises ``Http404`` for a file of an unknown type or one missing from storage."""
    extension = stored.name.rsplit(".", 1)[-1].lower() if stored else ""
    kind = KINDS_BY_EXTENSION.get(extension)
    if not stored or kind is None:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=kind.content_type)
    response["Content-Disposition"] = content_disposition(
        f"{fallback_name}.{kind.extension}",
        shown_name or f"{fallback_name}.{kind.extension}",
        attachment=True,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_response(
    request: HttpRequest,
    stored,
    *,
    etag: str,
    modified: datetime.datetime | None,
    content_type: str,
    ascii_name: str,
    unicode_name: str,
) -> HttpResponseBase:
    """A file made once and kept (a signed PDF, a stored document), to a reader the view has
    checked: with an ``ETag`` (the file's SHA-256) and ``Last-Modified``, so that asking again
    costs a "304 Not Modified". Browsers may keep it but must ask again before reusing it
    (``private, no-cache``): access is checked on every request."""
    quoted = f'"{etag}"'
    last_modified = int(modified.timestamp()) if modified else None
    response: HttpResponseBase | None = get_conditional_response(
        request, etag=quoted, last_modified=last_modified
    )
    if response is None:
        in_site_storage = stored.storage is default_storage
        try:
            response = (
                file_body(stored.name, content_type)
                if in_site_storage
                else FileResponse(stored.open("rb"), content_type=content_type)
            )
        except FileNotFoundError:
            raise Http404 from None
        response["Content-Disposition"] = content_disposition(ascii_name, unicode_name)
        response["X-Content-Type-Options"] = "nosniff"
        if in_site_storage:
            keep_file(
                response, stored.name, etag=etag, last_modified=last_modified, content_type=content_type
            )
    response["ETag"] = quoted
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, no-cache"
    return response
