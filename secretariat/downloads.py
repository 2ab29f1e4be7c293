"""Headers for files the site hands out."""

from __future__ import annotations

from urllib.parse import quote


def content_disposition(ascii_name: str, unicode_name: str, *, attachment: bool = False) -> str:
    """RFC 6266: a plain ``filename`` for old clients and a UTF-8 ``filename*`` for the rest.

    ``ascii_name`` is ours (no quote or backslash); ``unicode_name`` may be anything: it is
    percent-encoded, so it cannot break out of the header.
    """
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(unicode_name, safe='')}"
