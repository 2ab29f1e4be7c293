"""Headers for files the site hands out."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404

from secretariat.uploads import KINDS_BY_EXTENSION


def content_disposition(ascii_name: str, unicode_name: str, *, attachment: bool = False) -> str:
    """RFC 6266: a plain ``filename`` for old clients and a UTF-8 ``filename*`` for the rest.

    ``ascii_name`` is ours (no quote or backslash); ``unicode_name`` may be anything: it is
    percent-encoded, so it cannot break out of the header.
    """
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"


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
