"""Numbered sessions of a working group, their days, sittings, attendance, speeches and agenda."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.access import GroupAccess
from secretariat.lifecycle import SessionStatus
from secretariat.locking import FrozenQuerySet, FrozenWithMinutes
from secretariat.models import Organization, Person, WorkingGroup


class MeetingQuerySet(FrozenQuerySet):
    def for_group(self, working_group: WorkingGroup) -> MeetingQuerySet:
        return self.filter(working_group=working_group)

    def with_listing_data(self) -> MeetingQuerySet:
        return self.select_related("working_group", "host_organization").prefetch_related("days")

    def published(self) -> MeetingQuerySet:
        """Sessions whose minutes every member organization may read: published now, or once
        published and being corrected since."""
        return self.filter(
            Q(status=Meeting.Status.PUBLISHED)
            | Exists(MinutesRevision.objects.filter(meeting=OuterRef("pk"), published_at__isnull=False))
        )

    def attended_by(self, organization: Organization) -> MeetingQuerySet:
        return self.filter(
            attendances__organization=organization,
            attendances__kind__in=Attendance.Kind.attending(),
        ).distinct()

    def awaiting_signature_of(self, organization: Organization) -> MeetingQuerySet:
        """Circulated minutes that an attendee of the organization has not signed yet."""
        signed = Signature.objects.filter(attendance=OuterRef("pk"), revision__finalized_at__isnull=True)
        unsigned = Attendance.objects.filter(
            meeting=OuterRef("pk"), organization=organization, kind__in=Attendance.Kind.attending()
        ).exclude(Exists(signed))
        return self.filter(status=Meeting.Status.CIRCULATED).filter(Exists(unsigned))

    def visible_to(self, access: GroupAccess) -> MeetingQuerySet:
        """The one rule of which sessions of ``access.group`` a user may open.

        Staff: every session. A member organization's user: published minutes, and the minutes its
        organization attended once they left the draft (out for signature, signed, or signed and
        being corrected: the signed revision stays readable).
        """
        meetings = self.for_group(access.group)
        if access.is_staff:
            return meetings
        visible = Q(status=Meeting.Status.PUBLISHED) | Exists(
            MinutesRevision.objects.filter(meeting=OuterRef("pk"), published_at__isnull=False)
        )
        if access.organization is not None:
            attended = Attendance.objects.filter(
                organization=access.organization, kind__in=Attendance.Kind.attending()
            ).values("meeting_id")
            signed_before = Exists(MinutesRevision.objects.final().filter(meeting=OuterRef("pk")))
            visible |= Q(pk__in=attended) & (Q(status__in=Meeting.Status.locked()) | signed_before)
        return meetings.filter(visible)


class Meeting(FrozenWithMinutes):
    """A numbered session of a working group, hosted by one organization, and its minutes."""

    meeting_path = ""
    editable_when_locked = ("status", "updated_at", "version", "last_changed_by")

    Status = SessionStatus

    working_group = models.ForeignKey(
        WorkingGroup, verbose_name=_("working group"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("session number"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    host_organization = models.ForeignKey(
        Organization,
        verbose_name=_("host organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    city = models.CharField(_("city"), max_length=None, blank=True)
    venue = models.CharField(_("venue"), max_length=None, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chaired_meetings",
    )
    minutes_number = models.CharField(_("minutes number"), max_length=50, blank=True)
    minutes_date = models.DateField(_("minutes date"), null=True, blank=True)
    opening_programme = models.TextField(
        _("opening programme"), blank=True, help_text=_("Quran recital, anthem and the like.")
    )
    proceedings = models.TextField(
        _("summary of proceedings"),
        blank=True,
        help_text=_("How the agenda was discussed, printed before the resolutions."),
    )
    approximate_date = models.DateField(
        _("approximate date"),
        null=True,
        blank=True,
        help_text=_("For a planned session whose days are not fixed yet."),
    )
    date_note = models.CharField(
        _("date as announced"), max_length=None, blank=True, help_text=_("e.g. late Shahrivar 1391")
    )
    version = models.PositiveIntegerField(_("edit number"), default=1, editable=False)
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["working_group", "-number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "number"],
                name="unique_meeting_number_per_group",
                violation_error_message=_("This working group already has a session with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="meeting_number_positive",
                violation_error_message=_("The session number must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
        ]

    def __str__(self) -> str:
        return _("Session %(number)s of %(group)s") % {"number": self.number, "group": self.working_group}

    def get_absolute_url(self) -> str:
        return reverse("meetings:minutes", args=[self.working_group.slug, self.number])

    @property
    def day_dates(self) -> list[datetime.date]:
        """The session's days; read from a prefetch when there is one."""
        return [day.date for day in self.days.all()]

    @property
    def first_date(self) -> datetime.date | None:
        dates = self.day_dates
        return min(dates) if dates else self.approximate_date

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_circulated(self) -> bool:
        """Out for signature now."""
        return self.status == self.Status.CIRCULATED

    @property
    def is_editable(self) -> bool:
        return self.status in self.Status.editable()

    @property
    def is_content_locked(self) -> bool:
        return self.status in self.Status.locked()

    @property
    def is_signed(self) -> bool:
        return self.status in self.Status.signed()

    def raise_version(self, by=None) -> None:
        """Mark a change of the minutes or their resolutions, made by user ``by``: an editor
        opened before it must not save over it (see ``meetings.actions.save_minutes``)."""
        now = timezone.now()
        Meeting.objects.filter(pk=self.pk).update(
            version=F("version") + 1, last_changed_by=by, updated_at=now
        )
        self.version = Meeting.objects.filter(pk=self.pk).values_list("version", flat=True).get()
        self.last_changed_by, self.updated_at = by, now


class MeetingDay(FrozenWithMinutes):
    """One calendar day on which a session sat."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"))

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "date"]
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "date"],
                name="unique_meeting_day",
                violation_error_message=_("This day is already listed for the session."),
            )
        ]

    def __str__(self) -> str:
        return str(self.date)


class Sitting(FrozenWithMinutes):
    """A morning or afternoon sitting (نوبت) of a session."""

    class Part(models.TextChoices):
        MORNING = "morning", _("morning")
        AFTERNOON = "afternoon", _("afternoon")
        EVENING = "evening", _("evening")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="sittings"
    )
    part = models.CharField(_("part of day"), max_length=10, choices=Part.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")

    def __str__(self) -> str:
        return str(self.get_part_display())


class AttendanceQuerySet(FrozenQuerySet):
    def attending(self) -> AttendanceQuerySet:
        return self.filter(kind__in=Attendance.Kind.attending())


class Attendance(FrozenWithMinutes):
    """Whether and how a person took part in a session, with their organization and position then."""

    class Kind(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        GUEST = "guest", _("invited guest")
        SUBSTITUTE = "substitute", _("substitute")

        @classmethod
        def attending(cls) -> list[str]:
            return [cls.PRESENT, cls.GUEST, cls.SUBSTITUTE]

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    kind = models.CharField(_("attendance"), max_length=12, choices=Kind.choices, default=Kind.PRESENT)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization at the time"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
    )
    position = models.CharField(_("position at the time"), max_length=None, blank=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=None, blank=True)
    substitute_for = models.ForeignKey(
        Person,
        verbose_name=_("substitute for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substituted_by",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="unique_attendance_per_person",
                violation_error_message=_("This person is already listed in the session's attendance."),
            ),
            models.CheckConstraint(
                condition=Q(kind="substitute", substitute_for__isnull=False)
                | (~Q(kind="substitute") & Q(substitute_for__isnull=True)),
                name="substitute_names_whom",
                violation_error_message=_(
                    "A substitute must name whom they stand in for, and only a substitute."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="absent") | Q(absence_reason=""),
                name="absence_reason_only_when_absent",
                violation_error_message=_("Only an absent member has a reason for absence."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"

    @property
    def is_attending(self) -> bool:
        return self.kind in self.Kind.attending()


class Speech(FrozenWithMinutes):
    """What a speaker said at a session, summarized, in order."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="speeches"
    )
    speaker = models.ForeignKey(
        Person, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="speeches"
    )
    speaker_position = models.CharField(_("position at the time"), max_length=None, blank=True)
    occasion = models.CharField(
        _("occasion"), max_length=None, blank=True, help_text=_("e.g. opening ceremony")
    )
    summary = models.TextField(_("summary of what was said"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")

    def __str__(self) -> str:
        return f"{self.speaker}: {self.summary[:40]}"


class AgendaItem(FrozenWithMinutes):
    """A numbered item of a session's agenda (دستور کار) and what became of it."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("item"))
    sitting = models.ForeignKey(
        Sitting,
        verbose_name=_("sitting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    proposed_by = models.ForeignKey(
        Organization,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_agenda_items",
    )
    outcome = models.TextField(_("outcome"), blank=True)

    history = HistoricalRecords()
    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="unique_agenda_number",
                violation_error_message=_("This session already has an agenda item with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:60]}"


def minutes_prefetches() -> list[Prefetch | str]:
    """What the minutes of one session read, fetched in a fixed number of queries."""
    return [
        "days",
        Prefetch("sittings", queryset=Sitting.objects.order_by("order", "pk")),
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("person", "organization", "substitute_for"),
        ),
        Prefetch("speeches", queryset=Speech.objects.select_related("speaker", "speaker__organization")),
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("sitting", "proposed_by")),
    ]


def signed_pdf_path(revision: MinutesRevision, filename: str) -> str:
    return f"signed-minutes/{revision.meeting.working_group.slug}/{revision.meeting.number}/{filename}"


def paper_signature_path(signature: Signature, filename: str) -> str:
    return f"paper-signatures/{signature.revision.meeting.working_group.slug}/{filename}"


class MinutesRevisionQuerySet(models.QuerySet):
    def final(self) -> MinutesRevisionQuerySet:
        """The revisions every attendee signed and the secretary finalized."""
        return self.filter(finalized_at__isnull=False)


class MinutesRevision(models.Model):
    """One round of signatures of a session's minutes; a correction after signing opens the next."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    reason = models.TextField(_("reason for the correction"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("finalized by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verification_code = models.CharField(
        _("verification code"), max_length=20, null=True, blank=True, unique=True
    )
    pdf = models.FileField(_("signed PDF"), upload_to=signed_pdf_path, blank=True, max_length=300)
    sha256 = models.CharField(_("SHA-256 of the signed PDF"), max_length=64, blank=True)
    sealed = models.BooleanField(_("sealed by the secretariat"), default=False)
    content = models.JSONField(
        _("content as circulated"),
        null=True,
        blank=True,
        help_text=_(
            "What the minutes said when they went out for signature, names and positions included; "
            "the signed revision is always shown and printed from this."
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()

    objects = MinutesRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("minutes revision")
        verbose_name_plural = _("minutes revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="unique_revision_number",
                violation_error_message=_("This session already has a revision with this number."),
            ),
            models.CheckConstraint(
                condition=Q(finalized_at__isnull=True) | Q(verification_code__isnull=False),
                name="finalized_revision_has_code",
                violation_error_message=_("A finalized revision needs a verification code."),
            ),
        ]

    def __str__(self) -> str:
        return _("Revision %(number)s of %(meeting)s") % {"number": self.number, "meeting": self.meeting}

    def get_absolute_url(self) -> str:
        return reverse(
            "meetings:revision_pdf", args=[self.meeting.working_group.slug, self.meeting.number, self.number]
        )

    @property
    def is_final(self) -> bool:
        return self.finalized_at is not None


class Signature(models.Model):
    """An attendee's signature of one revision of the minutes, with a reservation if they disagree."""

    revision = models.ForeignKey(
        MinutesRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="signatures"
    )
    attendance = models.ForeignKey(
        Attendance,
        verbose_name=_("attendee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
    )
    signer_name = models.CharField(_("name"), max_length=None)
    organization_name = models.CharField(_("organization"), max_length=None, blank=True)
    position = models.CharField(_("position"), max_length=None, blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text=_("The signer, or the secretary who recorded a signature on paper."),
    )
    signed_by_username = models.CharField(
        _("account"),
        max_length=None,
        blank=True,
        help_text=_("The login that signed (or recorded the paper signature), as it was named then."),
    )
    reservation = models.TextField(_("reservation"), blank=True)
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    scan = models.FileField(
        _("scanned signed page"), upload_to=paper_signature_path, blank=True, max_length=300
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["revision", "signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "attendance"],
                name="one_signature_per_attendee",
                violation_error_message=_("This attendee has already signed these minutes."),
            ),
            models.CheckConstraint(
                condition=Q(on_paper=False) | ~Q(scan=""),
                name="paper_signature_has_scan",
                violation_error_message=_("A signature on paper needs the scanned page."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.revision}"
