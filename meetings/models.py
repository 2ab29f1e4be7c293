"""Numbered sessions of a working group, their days, sittings, attendance, speeches and agenda."""

from __future__ import annotations

import datetime
from typing import cast

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.access import GroupAccess
from secretariat.lifecycle import CURRENT, READS, Reader, Reading, SessionStatus, Stage, stage_of
from secretariat.locking import FrozenQuerySet, FrozenWithMinutes
from secretariat.models import BackgroundJob, Organization, Person, WorkingGroup
from secretariat.persian import localize_digits


class MeetingQuerySet(FrozenQuerySet):
    def for_group(self, working_group: WorkingGroup) -> MeetingQuerySet:
        return self.filter(working_group=working_group)

    def with_listing_data(self) -> MeetingQuerySet:
        return self.select_related("working_group", "host_organization").prefetch_related("days").with_stage()

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

    # -- the lifecycle rule (``secretariat.lifecycle.READS``) as queries --------------------------

    def with_stage(self) -> MeetingQuerySet:
        """Each session knowing whether it was signed before, so ``Meeting.stage`` costs no query."""
        final = MinutesRevision.objects.final().filter(meeting=OuterRef("pk"))
        return self.annotate(
            signed_before=Exists(final), published_before=Exists(final.filter(published_at__isnull=False))
        )

    @staticmethod
    def _stage_q(stage: Stage) -> Q:
        signed_before = Exists(MinutesRevision.objects.final().filter(meeting=OuterRef("pk")))
        if stage == Stage.DRAFT:
            return cast(Q, Q(status=SessionStatus.HELD) & ~signed_before)  # a Q and an Exists make a Q
        if stage == Stage.CORRECTION:
            return cast(Q, Q(status=SessionStatus.HELD) & signed_before)
        return Q(status=stage.value)

    @staticmethod
    def _reading_exists_q(reading: Reading) -> Q:
        """The sessions where ``reading`` has something to read."""
        if reading == Reading.LAST_SIGNED:
            return Q(Exists(MinutesRevision.objects.final().filter(meeting=OuterRef("pk"))))
        if reading == Reading.LAST_PUBLISHED:
            published = MinutesRevision.objects.final().filter(
                meeting=OuterRef("pk"), published_at__isnull=False
            )
            # Minutes published before revisions were kept for them are read as they are (locked).
            return Q(Exists(published)) | Q(status=SessionStatus.PUBLISHED)
        return Q()

    @staticmethod
    def _reader_q(reader: Reader, access: GroupAccess) -> Q:
        if access.organization is None:
            return Q(pk__in=[]) if reader == Reader.ATTENDEE else Q()
        attended = Q(
            pk__in=Attendance.objects.filter(
                organization=access.organization, kind__in=Attendance.Kind.attending()
            ).values("meeting_id")
        )
        return attended if reader == Reader.ATTENDEE else ~attended

    def _readable_q(self, access: GroupAccess, *, content: bool) -> Q:
        found = Q(pk__in=[])
        for stage, readings in READS.items():
            for reader in (Reader.ATTENDEE, Reader.MEMBER):
                reading = readings[reader]
                if content and reading == Reading.SESSION:
                    continue
                found |= (
                    self._stage_q(stage) & self._reader_q(reader, access) & self._reading_exists_q(reading)
                )
        return found

    def readable_q(self, access: GroupAccess, *, content: bool) -> Q:
        """What ``visible_to`` (``content`` false) or ``content_visible_to`` (true) keeps for a
        member's ``access``, as a condition: several groups' combine into one query."""
        return Q(working_group=access.group) & self._readable_q(access, content=content)

    def visible_to(self, access: GroupAccess) -> MeetingQuerySet:
        """The sessions of ``access.group`` a user may open (``secretariat.lifecycle.READS``).

        Staff: every session. A member organization's user: every planned or held session (when,
        where, its agenda; never its draft), and those whose minutes it may read (``content_visible_to``).
        """
        meetings = self.for_group(access.group)
        if access.is_staff:
            return meetings
        return meetings.filter(self._readable_q(access, content=False))

    def content_visible_to(self, access: GroupAccess) -> MeetingQuerySet:
        """The sessions whose minutes — their text, resolutions and files — ``access`` may read
        (``secretariat.lifecycle.READS``): staff every one; a member organization the minutes its
        organization attended once circulated, and every published revision; never a draft."""
        meetings = self.for_group(access.group)
        if access.is_staff:
            return meetings
        return meetings.filter(self._readable_q(access, content=True))

    def behind_readings(self, access: GroupAccess) -> dict[int, int]:
        """The sessions whose readable revision for ``access`` is behind their rows (a correction is
        being drafted, or a member reads the last published revision of minutes signed again
        since): ``{meeting id: the revision number read}``. Empty for staff, who read the rows."""
        if access.is_staff:
            return {}
        behind = Q(pk__in=[])
        for stage, readings in READS.items():
            for reader in (Reader.ATTENDEE, Reader.MEMBER):
                reading = readings[reader]
                if reading != Reading.SESSION and (stage, reading) not in CURRENT:
                    behind |= self._stage_q(stage) & self._reader_q(reader, access)
        finals = MinutesRevision.objects.final().filter(meeting=OuterRef("pk")).order_by("-number")
        rows = (
            self.content_visible_to(access)
            .filter(behind)
            .annotate(
                last_signed=Subquery(finals.values("number")[:1]),
                last_published=Subquery(finals.filter(published_at__isnull=False).values("number")[:1]),
                attended=Exists(
                    Attendance.objects.filter(
                        meeting=OuterRef("pk"),
                        organization=access.organization,
                        kind__in=Attendance.Kind.attending(),
                    )
                )
                if access.organization is not None
                else Value(False),
            )
            .values_list("pk", "status", "attended", "last_signed", "last_published")
        )
        found = {}
        for pk, status, attended, last_signed, last_published in rows:
            stage = stage_of(status, signed_before=last_signed is not None)
            reading = READS[stage][Reader.ATTENDEE if attended else Reader.MEMBER]
            number = last_signed if reading == Reading.LAST_SIGNED else last_published
            if number is not None:
                found[pk] = number
        return found

    def frozen_resolution_entries(self, readings: dict[int, int]) -> dict[int, dict]:
        """The resolutions as the revisions ``{meeting id: number}`` printed them, by resolution id."""
        wanted = Q(pk__in=[])
        for meeting_id, number in readings.items():
            wanted |= Q(meeting_id=meeting_id, number=number)
        entries = {}
        for content in MinutesRevision.objects.filter(wanted).values_list("content", flat=True):
            for entry in (content or {}).get("resolutions", []):
                entries[entry["resolution_id"]] = entry
        return entries


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
    states_quorum = models.BooleanField(
        _("the minutes state the quorum"),
        default=False,
        help_text=_(
            "Tick when the attendance is complete: the minutes then say whether the session had a "
            "quorum, counted from the attendance by the group's rule."
        ),
    )
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
    proposals_until = models.DateField(
        _("agenda proposals until"),
        null=True,
        blank=True,
        help_text=_(
            "The last day members may propose items; empty: the group's number of days before the session."
        ),
    )
    replies_until = models.DateField(
        _("replies to the invitation until"),
        null=True,
        blank=True,
        help_text=_("The last day members may say who attends; empty: until the session."),
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
        return _("Session %(number)s of %(group)s") % {
            "number": localize_digits(self.number),
            "group": self.working_group,
        }

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

    @cached_property
    def stage(self) -> Stage:
        """Where the session stands as readers see it: a held session signed before is being
        corrected, not a draft (``secretariat.lifecycle.Stage``)."""
        if self.status != self.Status.HELD:
            return Stage(self.status)
        signed_before = getattr(self, "signed_before", None)
        if signed_before is None:
            signed_before = self.revisions.final().exists()
        return stage_of(self.status, signed_before=signed_before)

    @property
    def stage_label(self) -> str:
        """The stage in words; a correction says what readers read meanwhile."""
        if self.stage != Stage.CORRECTION:
            return str(self.stage.label)
        published = getattr(self, "published_before", None)
        if published is None:
            published = self.revisions.final().filter(published_at__isnull=False).exists()
        if published:
            return str(_("published; a correction is being drafted"))
        return str(_("signed; a correction is being drafted"))

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

    def members_not_in_attendance(self) -> list[Organization]:
        """The group's member organizations no line of the attendance names (present, substitute,
        absent or excused): minutes circulated so would say nothing of them."""
        named = self.attendances.exclude(organization=None).values("organization_id")
        return list(
            Organization.objects.members_of(self.working_group).exclude(pk__in=named).order_by("name")
        )

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


def introduction_letter_path(attendance: Attendance, filename: str) -> str:
    return f"introduction-letters/{attendance.meeting.working_group.slug}/{filename}"


class AttendanceQuerySet(FrozenQuerySet):
    def attending(self) -> AttendanceQuerySet:
        return self.filter(kind__in=Attendance.Kind.attending())


class Attendance(FrozenWithMinutes):
    """Whether and how a person took part in a session, with their organization and position then."""

    # A substitute's scanned introduction letter often arrives after the minutes went out: it is
    # evidence kept beside them, not part of what they say.
    editable_when_locked = ("letter_scan",)

    class Kind(models.TextChoices):
        PRESENT = "present", _("present")
        SUBSTITUTE = "substitute", _("substitute")
        ABSENT = "absent", _("absent")
        EXCUSED = "excused", _("absent with leave")
        GUEST = "guest", _("invited guest")

        @classmethod
        def attending(cls) -> list[str]:
            return [cls.PRESENT, cls.GUEST, cls.SUBSTITUTE]

        @classmethod
        def away(cls) -> list[str]:
            """An organization that did not come: a line of the organization, a person optional."""
            return [cls.ABSENT, cls.EXCUSED]

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendances",
        help_text=_("Who attended; for an organization that was absent, optional."),
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
    letter_number = models.CharField(
        _("introduction letter number"),
        max_length=None,
        blank=True,
        help_text=_("The number of the organization's letter introducing the substitute."),
    )
    letter_date = models.DateField(_("introduction letter date"), null=True, blank=True)
    letter_scan = models.FileField(
        _("introduction letter scan"),
        upload_to=introduction_letter_path,
        blank=True,
        max_length=300,
        help_text=_(
            "The organization's letter, scanned (PDF, PNG or JPEG); kept beside the minutes, not printed in them."
        ),
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
                condition=Q(kind="substitute") | Q(substitute_for__isnull=True),
                name="only_a_substitute_stands_in",
                violation_error_message=_("Only a substitute stands in for someone."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["absent", "excused"]) | Q(absence_reason=""),
                name="absence_reason_only_when_absent",
                violation_error_message=_("Only an absent member has a reason for absence."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["absent", "excused"]) | Q(person__isnull=False),
                name="who_attended_is_named",
                violation_error_message=_("Name who attended; only an absent organization may go without."),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="attendance_names_someone",
                violation_error_message=_("Choose the person, or the organization that was absent."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                condition=Q(kind__in=["absent", "excused"]),
                name="one_absence_per_organization",
                violation_error_message=_("This organization is already recorded as absent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.organization} ({self.get_kind_display()})"

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


class AgendaItemQuerySet(FrozenQuerySet):
    def accepted(self) -> AgendaItemQuerySet:
        return self.filter(state=AgendaItem.State.ACCEPTED)


class AgendaItem(FrozenWithMinutes):
    """A numbered item of a session's agenda (دستور کار), who presents it, and what became of it."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("reading of earlier resolutions and their follow-ups")
        REPORT = "report", _("a report due at this session")
        PROPOSAL = "proposal", _("a member organization's proposal")
        OTHER = "other", _("other")

    class State(models.TextChoices):
        SUGGESTED = "suggested", _("suggested from what is due, awaiting the secretariat")
        ACCEPTED = "accepted", _("on the agenda")
        DROPPED = "dropped", _("left off the agenda")

    class Presenter(models.TextChoices):
        ORGANIZATION = "organization", _("an organization")
        COMMITTEE = "committee", _("a committee")
        SECRETARIAT = "secretariat", _("the secretariat")
        NONE = "", _("(not set)")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("item"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.ACCEPTED)
    presenter_kind = models.CharField(
        _("presented by"), max_length=12, choices=Presenter.choices, blank=True, default=Presenter.NONE
    )
    presenter_organization = models.ForeignKey(
        Organization,
        verbose_name=_("presenting organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_agenda_items",
    )
    presenter_committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("presenting committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_agenda_items",
    )
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    sitting = models.ForeignKey(
        Sitting,
        verbose_name=_("sitting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        verbose_name=_("resolution reported on"),
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
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="unique_agenda_number",
                violation_error_message=_("This session already has an agenda item with this number."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "resolution"],
                condition=Q(resolution__isnull=False),
                name="one_agenda_item_per_resolution",
                violation_error_message=_("This resolution is already on the session's agenda."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:60]}"

    @property
    def is_suggested(self) -> bool:
        return self.state == self.State.SUGGESTED

    @property
    def presenter_label(self) -> str:
        """Who presents the item, in words."""
        if self.presenter_kind == self.Presenter.ORGANIZATION and self.presenter_organization:
            return self.presenter_organization.name
        if self.presenter_kind == self.Presenter.COMMITTEE and self.presenter_committee:
            return self.presenter_committee.name
        if self.presenter_kind == self.Presenter.SECRETARIAT:
            return self.meeting.working_group.secretariat_name
        return ""


def agenda_document_path(document: AgendaDocument, filename: str) -> str:
    return f"agenda/{document.item.meeting.working_group.slug}/{filename}"


class AgendaDocument(models.Model):
    """A document attached to an agenda item, for the members to read before the session."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("file"), upload_to=agenda_document_path, max_length=300)
    name = models.CharField(_("file name"), max_length=None, help_text=_("The name the file was sent under."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        return self.file.name.rsplit(".", 1)[-1].lower() if self.file else ""


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
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.accepted().select_related(
                "sitting", "proposed_by", "presenter_organization", "presenter_committee"
            ),
        ),
    ]


def signed_pdf_path(revision: MinutesRevision, filename: str) -> str:
    return f"signed-minutes/{revision.meeting.working_group.slug}/{revision.meeting.number}/{filename}"


def paper_signature_path(signature: Signature, filename: str) -> str:
    return f"paper-signatures/{signature.revision.meeting.working_group.slug}/{filename}"


class MinutesRevisionQuerySet(models.QuerySet):
    def final(self) -> MinutesRevisionQuerySet:
        """The revisions every attendee signed and the secretary finalized."""
        return self.filter(finalized_at__isnull=False)


class SealCertificate(models.Model):
    """A certificate the secretariat has sealed signed minutes with. Every one is kept, renewed or
    not: a revision sealed years ago is checked against the certificate that sealed it, valid at
    the time it was sealed (``meetings.signing.certificates``)."""

    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64, unique=True)
    certificate = models.BinaryField(_("certificate (DER)"))
    subject = models.CharField(_("subject"), max_length=None)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))

    class Source(models.TextChoices):
        PKCS12 = "pkcs12", _("a PKCS#12 file")
        PKCS11 = "pkcs11", _("a PKCS#11 token")

    source = models.CharField(_("kept in"), max_length=20, choices=Source.choices)
    added_at = models.DateTimeField(_("first used or registered"), auto_now_add=True)
    retired_at = models.DateTimeField(
        _("replaced at"),
        null=True,
        blank=True,
        help_text=_("When a rotation put another certificate in its place."),
    )

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name = _("seal certificate")
        verbose_name_plural = _("seal certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__lt=F("valid_until")),
                name="seal_certificate_validity_in_order",
                violation_error_message=_("A certificate's validity ends after it begins."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.fingerprint[:16]})"


class MinutesRevision(BackgroundJob):
    """One round of signatures of a session's minutes; a correction after signing opens the next.

    Its background work (``job_*``) is the signed PDF: rendered, sealed and stored once finalized."""

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
    seal_certificate = models.ForeignKey(
        SealCertificate,
        verbose_name=_("sealed with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
    )
    timestamped = models.BooleanField(
        _("time from a timestamp authority"),
        default=False,
        help_text=_("The seal carries an RFC 3161 timestamp; otherwise its time is the server's clock."),
    )
    content = models.JSONField(
        _("content as circulated"),
        null=True,
        blank=True,
        help_text=_(
            "What the minutes said when they went out for signature, names and positions included; "
            "the signed revision is always shown and printed from this."
        ),
    )
    previous_content = models.JSONField(
        _("content as circulated before it was taken back"),
        null=True,
        blank=True,
        help_text=_(
            "When circulated minutes go back to draft, what they said then; circulated again, the "
            "minutes show everyone what changed since."
        ),
    )
    previous_signers = models.JSONField(
        _("who had signed before it was taken back"),
        default=list,
        blank=True,
        help_text=_("The names of the attendees whose signatures were discarded and are asked again."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    signed_on_paper = models.BooleanField(
        _("signed on paper before the site"),
        default=False,
        help_text=_(
            "Minutes signed on paper before the secretariat used this site, published as an archive: "
            "no online signatures to show; the secretariat keeps the paper."
        ),
    )

    history = HistoricalRecords(excluded_fields=BackgroundJob.JOB_FIELDS)

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
        return _("Revision %(number)s of %(meeting)s") % {
            "number": localize_digits(self.number),
            "meeting": self.meeting,
        }

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
        blank=True,
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


# ---------------------------------------------------------------------------
# Before the session: proposals, attendance replies, the invitation


def proposal_attachment_path(proposal: AgendaProposal, filename: str) -> str:
    return f"proposals/{proposal.meeting.working_group.slug}/{filename}"


class AgendaProposalQuerySet(models.QuerySet):
    def awaiting_decision(self) -> AgendaProposalQuerySet:
        return self.filter(status=AgendaProposal.Status.SUBMITTED)


class AgendaProposal(models.Model):
    """An item a member organization proposes for a planned session's agenda, and the decision on it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting the secretariat's decision")
        ACCEPTED = "accepted", _("accepted onto the agenda")
        DECLINED = "declined", _("declined")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="agenda_proposals"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("proposing organization"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.TextField(_("item"))
    explanation = models.TextField(_("explanation"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=proposal_attachment_path, blank=True, max_length=300
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=None, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = AgendaProposalQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("agenda proposal")
        verbose_name_plural = _("agenda proposals")

    def __str__(self) -> str:
        return self.title[:80]

    @property
    def is_awaiting_decision(self) -> bool:
        return self.status == self.Status.SUBMITTED


class AttendanceReply(models.Model):
    """A member organization's answer to an invitation: who will attend, or why it cannot."""

    class Answer(models.TextChoices):
        REPRESENTATIVE = "representative", _("our representative attends")
        SUBSTITUTE = "substitute", _("a substitute attends")
        ABSENT = "absent", _("we cannot attend")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance_replies"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=15, choices=Answer.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("who attends"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance_replies",
        help_text=_("The representative or the substitute, once known as a person."),
    )
    attendee_honorific = models.CharField(
        _("honorific"), max_length=5, choices=Person.Honorific.choices, blank=True
    )
    attendee_title = models.CharField(_("title"), max_length=5, choices=Person.Title.choices, blank=True)
    attendee_first_name = models.CharField(_("first name"), max_length=None, blank=True)
    attendee_last_name = models.CharField(_("last name"), max_length=None, blank=True)
    attendee_name = models.CharField(
        _("name of who attends"),
        max_length=None,
        blank=True,
        help_text=_("The first and last name, as shown; the honorific and title are kept apart."),
    )
    attendee_position = models.CharField(_("position"), max_length=None, blank=True)
    letter_number = models.CharField(
        _("introduction letter number"),
        max_length=None,
        blank=True,
        help_text=_("A substitute comes with the organization's letter: its number."),
    )
    letter_date = models.DateField(_("introduction letter date"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "organization__name"]
        verbose_name = _("attendance reply")
        verbose_name_plural = _("attendance replies")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organization"],
                name="one_reply_per_organization",
                violation_error_message=_("This organization has already replied; change its reply instead."),
            ),
            models.CheckConstraint(
                condition=Q(answer="absent") | ~Q(attendee_name=""),
                name="reply_names_who_attends",
                violation_error_message=_("Say who attends."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_answer_display()}"

    @property
    def attends(self) -> bool:
        return self.answer != self.Answer.ABSENT

    @property
    def attendee_formal_name(self) -> str:
        """«خانم دکتر مریم احمدی»: the name with its honorific and title."""
        honorific = Person.Honorific(self.attendee_honorific).label if self.attendee_honorific else ""
        title = Person.Title(self.attendee_title).label if self.attendee_title else ""
        return " ".join(str(part) for part in (honorific, title, self.attendee_name) if part)

    @property
    def is_substitute(self) -> bool:
        return self.answer == self.Answer.SUBSTITUTE


def invitation_path(invitation: Invitation, filename: str) -> str:
    return f"invitations/{invitation.meeting.working_group.slug}/{invitation.meeting.number}/{filename}"


class Invitation(BackgroundJob):
    """An invitation letter (دعوتنامه) issued for a planned session; reissued when the session changes.

    Its background work (``job_*``) is the letter: laid out from ``source`` and stored, then e-mailed."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="invitations"
    )
    sequence = models.PositiveSmallIntegerField(_("issue"))
    letter_number = models.CharField(_("letter number"), max_length=None)
    register_year = models.PositiveSmallIntegerField(
        _("register year"), null=True, blank=True, help_text=_("The Jalali year of the register's number.")
    )
    register_sequence = models.PositiveIntegerField(
        _("running number in the register"),
        null=True,
        blank=True,
        help_text=_("Empty when the number was typed from the secretariat's own register."),
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content = models.JSONField(_("what the letter says"), default=dict)
    changes = models.JSONField(_("what changed since the last issue"), default=list, blank=True)
    pdf = models.FileField(_("letter"), upload_to=invitation_path, blank=True, max_length=300)
    source = models.TextField(_("letter to lay out"), blank=True)
    mail = models.ForeignKey(
        "secretariat.MailBatch",
        verbose_name=_("e-mail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The e-mail that carries the letter, sent once it is laid out."),
    )
    notified = models.PositiveIntegerField(_("people notified"), default=0)
    unreachable = models.JSONField(_("organizations nobody could be told in"), default=list, blank=True)

    class Meta:
        ordering = ["meeting", "-sequence"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "sequence"],
                name="unique_invitation_issue",
                violation_error_message=_("This issue of the invitation already exists."),
            )
        ]

    def __str__(self) -> str:
        return _("Invitation %(number)s") % {"number": localize_digits(self.letter_number)}


class EditorDraft(models.Model):
    """What one person had typed in the minutes editor and not saved, kept by the editor's
    autosave so that a crash or a closed tab loses nothing; offered back the next time they open
    the editor (``meetings.drafts``). A person's scratch copy, not the minutes: saving the form is
    what changes them."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(_("the form as typed"), default=list)
    base_version = models.PositiveIntegerField(_("version the form was opened at"))
    saved_at = models.DateTimeField(_("autosaved at"), auto_now=True)

    class Meta:
        verbose_name = _("editor draft")
        verbose_name_plural = _("editor drafts")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_editor_draft_per_user")]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.user}"


class ChangeRequest(models.Model):
    """An attendee's comment on circulated minutes, or their request to change a passage before they
    sign. The secretariat accepts it (the minutes go back to draft; whoever had signed is asked
    again and sees what changed) or answers it and keeps the text. Requests and answers are kept
    for the session's history."""

    class Kind(models.TextChoices):
        CHANGE = "change", _("a change to the text")
        COMMENT = "comment", _("a comment")

    class State(models.TextChoices):
        OPEN = "open", _("awaiting the secretariat")
        ACCEPTED = "accepted", _("accepted: the minutes were reopened")
        ANSWERED = "answered", _("answered: the text stays")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("session"), on_delete=models.CASCADE, related_name="change_requests"
    )
    revision = models.ForeignKey(
        MinutesRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="change_requests"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHANGE)
    passage = models.TextField(
        _("passage"), blank=True, help_text=_("The words of the minutes this is about.")
    )
    text = models.TextField(_("request"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requester_name = models.CharField(_("requester"), max_length=None)
    organization_name = models.CharField(_("organization"), max_length=None, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self) -> str:
        return f"{self.meeting} — {self.requester_name}"

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN
