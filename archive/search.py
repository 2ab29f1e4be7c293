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


def _terms(words: list[str], group_ids: list[int]) -> str:
    """The full-text query of this database: one of the reader's groups, and every word (each as a
    word's beginning; words are letters and digits only)."""
    groups = [group_token(pk) for pk in group_ids]
    if connection.vendor == "postgresql":
        return "({}) & {}".format(" | ".join(groups), " & ".join(f"{word}:*" for word in words))
    return "({}) AND {}".format(
        " OR ".join(f'"{group}"' for group in groups), " AND ".join(f'"{word}"*' for word in words)
    )


def _ranked_visible_ids(entries, words: list[str], group_ids: list[int]) -> list[int]:
    """The ids of ``entries`` holding the words, best first, by the database's own full-text
    search: on PostgreSQL in one query over the stored ``key_vector`` (migration 0001), ranking
    only what the reader may open; on SQLite FTS5 ranks the matches and the reader's are kept."""
    terms = _terms(words, group_ids)
    if connection.vendor == "postgresql":
        query = "to_tsquery('simple', %s)"
        matching = RawSQL(f"SELECT id FROM archive_searchentry WHERE key_vector @@ {query}", [terms])
        rank = RawSQL(f"ts_rank(archive_searchentry.key_vector, {query})", [terms])
        found = entries.filter(pk__in=matching).annotate(rank=rank).order_by("-rank", "-pk")
        return list(found.values_list("pk", flat=True))
    match = "archive_searchentry_fts MATCH %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM archive_searchentry_fts WHERE {match} ORDER BY rank, rowid DESC", [terms]
        )
        ranked = [row[0] for row in cursor.fetchall()]
    if not ranked:
        return []
    matching = RawSQL(f"SELECT rowid FROM archive_searchentry_fts WHERE {match}", [terms])
    allowed = set(entries.filter(pk__in=matching).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in allowed]


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
    entries = visible_entries(accesses).filter(**(filters or {}))
    ordered = _ranked_visible_ids(entries, words, group_ids)
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
