"""Searching the archive: the database's own full-text search over ``SearchEntry.key``, narrowed
to what the reader may open, ranked, with a snippet of each hit's text around the words found.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from archive import index
from archive.models import SearchEntry
from archive.words import group_token, query_words, words_of
from secretariat.access import GroupAccess

A = SearchEntry.Audience
SNIPPET_WORDS = 14
MAX_QUERY_WORDS = 12


def visible_entries(accesses: list[GroupAccess]):
    """The entries the reader may find, in the groups of ``accesses`` (the lifecycle rule).

    The sessions a member may see, and those whose minutes it may read, are found first (a query
    over the sessions for each, and one per group for the minutes read as signed while a
    correction is drafted); the entries are then kept to those sessions by their ids."""
    from meetings.models import Meeting

    staffed = [access.group.pk for access in accesses if access.is_staff]
    visible = Q(working_group_id__in=staffed)
    members = [access for access in accesses if not access.is_staff]
    if members:
        content_q, session_q, behind = Q(pk__in=[]), Q(pk__in=[]), set()
        for access in members:
            behind |= set(access.group.meetings.behind_readings(access))  # read as signed, not the draft
            content_q |= Meeting.objects.readable_q(access, content=True)
            session_q |= Meeting.objects.readable_q(access, content=False)
        content = set(Meeting.objects.filter(content_q).values_list("pk", flat=True)) - behind
        session = list(Meeting.objects.filter(session_q).values_list("pk", flat=True))
        visible |= Q(audience=A.CONTENT, meeting_id__in=sorted(content))
        visible |= Q(audience=A.SESSION, meeting_id__in=session)
        for access in members:
            if access.organization is not None:
                visible |= Q(
                    audience=A.ORGANIZATION,
                    organization=access.organization,
                    working_group=access.group,
                    meeting_id__in=session,
                )
    return SearchEntry.objects.filter(visible)


def _ranked_ids(words: list[str], group_ids: list[int]) -> tuple[list[int], RawSQL]:
    """The entries of these groups holding every word (each as a word's beginning), best first,
    by the database's own full-text search; and the same match as SQL, for the access filter."""
    groups = [group_token(pk) for pk in group_ids]
    if connection.vendor == "postgresql":
        terms = "({}) & {}".format(" | ".join(groups), " & ".join(f"{word}:*" for word in words))
        where = "to_tsvector('simple', key) @@ to_tsquery('simple', %s)"
        ranked = (
            f"SELECT id FROM archive_searchentry WHERE {where} "
            "ORDER BY ts_rank(to_tsvector('simple', key), to_tsquery('simple', %s)) DESC, id DESC"
        )
        params = [terms, terms]
        matching = RawSQL(f"SELECT id FROM archive_searchentry WHERE {where}", [terms])
    else:
        terms = "({}) AND {}".format(
            " OR ".join(f'"{g}"' for g in groups), " AND ".join(f'"{word}"*' for word in words)
        )
        where = "archive_searchentry_fts MATCH %s"
        ranked = f"SELECT rowid FROM archive_searchentry_fts WHERE {where} ORDER BY rank, rowid DESC"
        params = [terms]
        matching = RawSQL(f"SELECT rowid FROM archive_searchentry_fts WHERE {where}", [terms])
    with connection.cursor() as cursor:
        cursor.execute(ranked, params)
        return [row[0] for row in cursor.fetchall()], matching


@dataclass
class Hit:
    entry: SearchEntry
    snippet: SafeString


def search(
    accesses: list[GroupAccess], query: str, *, filters: dict | None = None, limit: int = 20, offset: int = 0
):
    """Up to ``limit`` hits for ``query`` from ``offset``, best first, and how many there are."""
    words = query_words(query)[:MAX_QUERY_WORDS]
    if not words or not accesses:
        return [], 0
    group_ids = sorted({access.group.pk for access in accesses})
    index.refresh(group_ids)
    ranked, matching = _ranked_ids(words, group_ids)
    if not ranked:
        return [], 0
    allowed = set(
        visible_entries(accesses)
        .filter(**(filters or {}))
        .filter(pk__in=matching)
        .values_list("pk", flat=True)
    )
    ordered = [pk for pk in ranked if pk in allowed]
    page = ordered[offset : offset + limit]
    found = SearchEntry.objects.select_related("working_group").in_bulk(page)
    return [Hit(found[pk], snippet(found[pk].text, words)) for pk in page], len(ordered)


def snippet(text: str, words: list[str]) -> SafeString:
    """Some words of ``text`` around the first word found, the words found marked."""
    shown = text.split()
    keys = [" ".join(words_of(word)) for word in shown]

    def hit(key: str) -> bool:
        return any(part.startswith(word) for part in key.split() for word in words)

    first = next((position for position, key in enumerate(keys) if hit(key)), 0)
    start = max(0, first - SNIPPET_WORDS // 2)
    end = min(len(shown), start + SNIPPET_WORDS)
    pieces = [
        f"<mark>{html.escape(word)}</mark>" if hit(keys[position]) else html.escape(word)
        for position, word in enumerate(shown[start:end], start=start)
    ]
    return mark_safe(("… " if start else "") + " ".join(pieces) + (" …" if end < len(shown) else ""))
