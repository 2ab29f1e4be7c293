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

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secretariat.models import BackgroundJob


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


def _import_folder(instance: ImportFile, filename: str) -> str:
    return f"archive-import/{instance.batch_id}/{filename}"


class ImportBatch(BackgroundJob):
    """Files of an archive sent together (a .zip uploaded, or a folder given to ``import_minutes``),
    read in the background one file after another (``archive.bulk``); each becomes an entry of the
    review queue. The job fields say whether the reading waits, runs, ended or failed."""

    working_group = models.ForeignKey(
        "secretariat.WorkingGroup", on_delete=models.CASCADE, related_name="import_batches"
    )
    name = models.CharField(_("sent as"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("archive import")
        verbose_name_plural = _("archive imports")

    def __str__(self) -> str:
        return self.name


class ImportFile(models.Model):
    """One file of a batch: what it is, how far its reading got, what was read from it, and what
    staff decided (accepted as a published session, or set aside)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting to be read")
        READING = "reading", _("being read")
        READ = "read", _("read, awaiting review")
        UNREADABLE = "unreadable", _("could not be read")
        ACCEPTED = "accepted", _("accepted into the archive")
        SET_ASIDE = "set_aside", _("set aside")

    class Kind(models.TextChoices):
        TEXT = "text", _("text file")
        WORD = "word", _("Word file")
        PDF_TEXT = "pdf_text", _("PDF with text")
        SCAN = "scan", _("scan")
        UNKNOWN = "unknown", _("unknown kind")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    position = models.PositiveIntegerField()
    name = models.CharField(_("file name"), max_length=255)
    source = models.FileField(_("file"), upload_to=_import_folder, max_length=255)
    sha256 = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.UNKNOWN)
    status = models.CharField(_("state"), max_length=12, choices=Status.choices, default=Status.WAITING)
    reason = models.TextField(_("why it could not be read"), blank=True)
    pages_total = models.PositiveIntegerField(default=0)
    pages_done = models.PositiveIntegerField(default=0)
    text = models.TextField(_("text read"), blank=True)
    # Each line OCR read: ``archive.ocr.Line.as_dict()``; the page images are stored files.
    ocr_lines = models.JSONField(default=list, blank=True)
    page_images = models.JSONField(default=list, blank=True)
    # What the importer took from the text (``MinutesImport`` counts), for the queue.
    session_number = models.PositiveIntegerField(null=True, blank=True)
    session_date = models.CharField(max_length=10, blank=True)  # Jalali, as read
    facts = models.JSONField(default=dict, blank=True)
    confidence = models.FloatField(null=True, blank=True)  # 0–1
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [models.UniqueConstraint(fields=["batch", "position"], name="import_file_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_done(self) -> bool:
        return self.status not in (self.Status.WAITING, self.Status.READING)

    @property
    def unsure_lines(self) -> list[dict]:
        from archive.ocr import Line

        return [line for line in self.ocr_lines if Line.from_dict(line).unsure]
