"""The search index of the archive: one row per thing a person may look for.

Rows are made from the sessions' own rows (``archive.index``) and are never edited by hand: a
session whose content changed since it was indexed (its edit number, its status, its reports or
proposals) is indexed again before a search reads the index. ``key`` holds the searchable words,
normalized (``archive.words``); the database's full-text search reads it: an FTS5 table on SQLite,
a GIN index of ``to_tsvector('simple', key)`` on PostgreSQL (migration 0001).

Who may find a row is decided at search time from ``audience``, by the same rule the pages read
(``secretariat.lifecycle.READS`` through ``MeetingQuerySet.visible_to``/``content_visible_to``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("minutes")
        SPEECH = "speech", _("speech")
        AGENDA = "agenda", _("agenda item")
        PROPOSAL = "proposal", _("proposal")
        RESOLUTION = "resolution", _("resolution")
        REPORT = "report", _("follow-up report")
        REPORT_FILE = "report_file", _("attachment of a report")
        AGENDA_FILE = "agenda_file", _("agenda document")
        PROPOSAL_FILE = "proposal_file", _("attachment of a proposal")

    class Audience(models.TextChoices):
        CONTENT = "content", _("whoever may read the session's minutes")
        SESSION = "session", _("whoever may see the session")
        ORGANIZATION = "organization", _("its organization and the secretariat")
        STAFF = "staff", _("the secretariat")

    working_group = models.ForeignKey(
        "secretariat.WorkingGroup",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("working group"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="search_entries", verbose_name=_("session")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveIntegerField(_("object"))
    audience = models.CharField(_("found by"), max_length=12, choices=Audience.choices)
    organization = models.ForeignKey(
        "secretariat.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    committee = models.ForeignKey(
        "committees.Committee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    session_number = models.PositiveIntegerField(_("session number"))
    title = models.CharField(_("title"), max_length=None)
    text = models.TextField(_("text"))
    key = models.TextField(_("searchable words"))
    url = models.CharField(_("address"), max_length=None)
    source = models.CharField(_("file read"), max_length=None, blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["working_group", "kind"], name="search_entry_group_kind")]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class IndexedSession(models.Model):
    """What a session was when it was last indexed: a different stamp now means index it again."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="search_state", verbose_name=_("session")
    )
    stamp = models.CharField(_("stamp"), max_length=100)

    class Meta:
        verbose_name = _("indexed session")
        verbose_name_plural = _("indexed sessions")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.stamp}"
