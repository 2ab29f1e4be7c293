"""Reads of what was made once: a page or a stored file, answered again from the cache.

A view decorated with ``kept_for_reader`` is answered once per reader and data version
(``secretariat.data_version``): the rendered page, or where a stored file is (never its bytes), is
kept under a key made of the token, the reader (user, CSRF cookie, language, what the site keeps in
their session), the address and the minute. Asking again costs the session, the user, the token
and one cache lookup (none when this process answered it last) — no access rule, no document — and
a browser that has the page or file already gets "304 Not Modified". A forced reload
(``Cache-Control: no-cache``) makes the answer anew. The first reader to ask for a key in a
process makes it; the others wait for it rather than all making the same page at once.

What changes without a write is bounded by the minute in the key: a page saying "due today" or
"waited 40 seconds" is made again at least once a minute. Nothing is kept for a request with a
message waiting to be shown or one that added a message, an answer other than 200, or a file
that is not in the site's storage; a kept file that changed on disk since (size or time) is
answered by the view again, which checks it whole.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response

from secretariat import data_version

KEPT_SECONDS = 120
MINUTE = 60
NEAR_ENTRIES = 256  # pages of up to ~100 KB: some 25 MB a process at most
MAKING_WAIT = 10
# Headers the middleware adds again to every answer.
NOT_KEPT_HEADERS = frozenset({"content-length", "set-cookie"})


@dataclasses.dataclass(frozen=True)
class KeptPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]

    def answer(self, request: HttpRequest, etag: str) -> HttpResponseBase | None:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response.headers[name] = value
        response["ETag"] = etag
        return response


@dataclasses.dataclass(frozen=True)
class KeptFile:
    """Where a stored file is and what to say about it; the bytes stay on disk."""

    name: str
    stamp: str
    etag: str
    last_modified: int | None
    content_type: str
    headers: tuple[tuple[str, str], ...]

    def answer(self, request: HttpRequest, etag: str) -> HttpResponseBase | None:
        quoted = f'"{self.etag}"'
        response: HttpResponseBase | None = get_conditional_response(
            request, etag=quoted, last_modified=self.last_modified
        )
        if response is None:
            if file_stamp(self.name) != self.stamp:
                return None  # changed or lost since: the view checks it and says so
            try:
                response = file_body(self.name, self.content_type)
            except (FileNotFoundError, Http404):
                return None
        for name, value in self.headers:
            response.headers[name] = value
        return response


def file_stamp(name: str) -> str:
    """The size and modification time of a stored file: what a change to it changes."""
    try:
        return f"{default_storage.size(name)}:{default_storage.get_modified_time(name).timestamp()}"
    except (OSError, NotImplementedError, ValueError):
        return ""


def file_body(name: str, content_type: str) -> HttpResponseBase:
    """The stored file ``name`` as an answer: streamed by the WSGI server's file wrapper, or —
    behind nginx or Apache, with ``SENDFILE_HEADER`` set — handed to the web server to send."""
    header = getattr(settings, "SENDFILE_HEADER", "")
    if header:
        response = HttpResponse(content_type=content_type)
        response[header] = f"{settings.SENDFILE_PREFIX.rstrip('/')}/{name}"
        return response
    return FileResponse(default_storage.open(name, "rb"), content_type=content_type)


def keep_file(
    response: HttpResponseBase, name: str, *, etag: str, last_modified: int | None, content_type: str
) -> None:
    """Mark ``response`` (a stored file's answer) as one to answer again from where the file is."""
    response.kept_file = {  # type: ignore[attr-defined]
        "name": name,
        "etag": etag,
        "last_modified": last_modified,
        "content_type": content_type,
    }


class NearCache:
    """The last things this process kept, in memory, least recently used out first: no lookup, no
    unpickling. Safe without any invalidation when a key names all its value was made from (the
    data version and the minute; a row's every value)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.making: dict[str, threading.Event] = {}

    def wait_or_make(self, key: str) -> bool:
        """Whether this thread makes the answer for ``key``: the first to ask does; the others wait
        for it (at most ``MAKING_WAIT`` seconds) instead of all making the same page at once when
        the minute or the data version changes under many readers."""
        with self.lock:
            making = self.making.get(key)
            if making is None:
                self.making[key] = threading.Event()
                return True
        making.wait(MAKING_WAIT)
        return False

    def made(self, key: str) -> None:
        with self.lock:
            making = self.making.pop(key, None)
        if making is not None:
            making.set()

    def get(self, key: str) -> Any:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def set(self, key: str, kept: Any) -> None:
        with self.lock:
            self.entries[key] = kept
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


near = NearCache(NEAR_ENTRIES)


def current_minute() -> int:
    """The minute every kept answer's key names: what changes without a write is at most this old."""
    return int(time.time() // MINUTE)


def _messages_waiting(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def reader_key(request: HttpRequest) -> str | None:
    """The key of what ``request`` reads now, or ``None`` when it must be made afresh."""
    if request.method not in ("GET", "HEAD") or not request.user.is_authenticated:
        return None
    csrf = request.META.get("CSRF_COOKIE")
    token = data_version.current()
    if not csrf or token is None or _messages_waiting(request):
        return None
    parts = (
        token,
        str(request.user.pk),
        csrf,
        translation.get_language() or "",
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        # What the site keeps in the session for the page (an agenda decision to undo), not its own keys.
        repr(
            sorted((name, repr(value)) for name, value in request.session.items() if not name.startswith("_"))
        ),
        settings.SITE_URL,
        str(current_minute()),
    )
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _kept(response: HttpResponseBase, request: HttpRequest) -> KeptPage | KeptFile | None:
    if response.status_code != 200 or request.method != "GET" or _messages_waiting(request):
        return None
    if "no-store" in response.get("Cache-Control", ""):
        return None
    headers = tuple(
        (name, value) for name, value in response.headers.items() if name.lower() not in NOT_KEPT_HEADERS
    )
    found = getattr(response, "kept_file", None)
    if found is not None:
        stamp = file_stamp(found["name"])
        return KeptFile(stamp=stamp, headers=headers, **found) if stamp else None
    if not isinstance(response, HttpResponse) or response.cookies:
        return None
    return KeptPage(content=response.content, headers=headers)


def kept_for_reader(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Answer ``view`` again from what it answered this reader at this data version (see above).
    Put under ``login_required``: only a signed-in reader's answers are kept."""
    return kept_by(reader_key)(view)


def kept_by(key_of: Callable[[HttpRequest], str | None]):
    """``kept_for_reader`` with another way to name the reader (``key_of``: the key of what the
    request reads now, or ``None`` to make it afresh): the API names its caller by its token."""
    return functools.partial(_kept_view, key_of=key_of)


def _kept_view(view: Callable[..., HttpResponseBase], *, key_of) -> Callable[..., HttpResponseBase]:
    @functools.wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        key = key_of(request)
        if key is None:
            return view(request, *args, **kwargs)
        etag = f'W/"{key[:40]}"'
        fresh = "no-cache" in request.headers.get("Cache-Control", "")  # a forced reload makes it anew
        if etag in request.headers.get("If-None-Match", "") and not fresh:
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            return not_modified
        kept = None if fresh else near.get(key) or cache.get(f"read:{key}")
        making = kept is None and not fresh and near.wait_or_make(key)
        if kept is None and not fresh and not making:
            kept = near.get(key)  # another thread of this process made it meanwhile
        if kept is not None:
            near.set(key, kept)
            response = kept.answer(request, etag)
            if response is not None:
                return response
        try:
            response = view(request, *args, **kwargs)
            found = _kept(response, request)
            if found is not None:
                cache.set(f"read:{key}", found, KEPT_SECONDS)
                near.set(key, found)
                if isinstance(found, KeptPage):
                    response["ETag"] = etag
        finally:
            if making:
                near.made(key)
        return response

    return answer
