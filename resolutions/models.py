"""Numbered resolutions of a session, who must act on them and by when, and their follow-ups."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from resolutions.request_facts import Fact, facts_of
from resolutions.search import matching
from secretariat.access import GroupAccess
from secretariat.lifecycle import SessionStatus
from secretariat.locking import FrozenQuerySet, FrozenWithMinutes
from secretariat.models import BackgroundJob, Organization, WorkingGroup
from secretariat.persian import localize_digits, ordinal


def _later_session_held() -> Exists:
    """Whether the group held a session after the resolution's own (an ``OuterRef`` to it)."""
    return Exists(
        WorkingGroup.objects.filter(
            pk=OuterRef("meeting__working_group"),
            meetings__number__gt=OuterRef("meeting__number"),
            meetings__status__in=SessionStatus.taken_place(),
        )
    )


# The verbs a decision is written with, the usual one first: offered in the editor, recognized by
# the importer (which knows more of their variants), and the default of a new resolution.
DECISION_VERBS = ("مصوب شد", "مصوب گردید", "مقرر شد", "مقرر گردید", "تصویب نمود", "موافقت نمود", "موافقت شد")


def in_force_q() -> Q:
    """Of minutes signed (or, before revisions were kept, published)."""
    return Q(first_signed_revision__isnull=False) | Q(meeting__status=SessionStatus.PUBLISHED)


class ReadAsSignedIterable(ModelIterable):
    """Resolutions read from a signed revision that a draft correction has left behind: each row of
    such a session is given the text, deadline and responsible party its revision printed."""

    def __iter__(self):
        rows = list(super().__iter__())
        meetings, readings = self.queryset._frozen_readings
        if any(row.meeting_id in readings for row in rows):
            entries = meetings.frozen_resolution_entries(readings)
            for row in rows:
                if row.meeting_id in readings and row.pk in entries:
                    row.read_as_signed(entries[row.pk])
        yield from rows


class ResolutionQuerySet(FrozenQuerySet):
    # Set by ``visible_to`` for ``ReadAsSignedIterable``: the group's sessions (their manager) and
    # the revision each session behind its rows is read at, ``{meeting id: revision number}``.
    _frozen_readings: tuple[Any, dict[int, int]] | None

    def for_group(self, working_group: WorkingGroup) -> ResolutionQuerySet:
        return self.filter(meeting__working_group=working_group)

    def open(self) -> ResolutionQuerySet:
        return self.filter(status__in=Resolution.Status.open_statuses())

    def in_force(self) -> ResolutionQuerySet:
        """Resolutions of signed minutes: only these bind anyone, so only their deadlines count
        (a draft's, or one out for signature, is not a decision yet)."""
        return self.filter(in_force_q())

    def for_organization(self, organization: Organization) -> ResolutionQuerySet:
        """Resolutions the organization must act on or collaborate in, directly or through a committee."""
        return self.filter(
            Q(responsible_organization=organization)
            | Q(collaborators=organization)
            | Q(
                responsible_committee__assignments__organization=organization,
                responsible_committee__assignments__until_meeting__isnull=True,
            )
        ).distinct()

    def overdue(self, today: datetime.date | None = None) -> ResolutionQuerySet:
        """Open resolutions past their dated deadline, or due by the next session once one was held.

        ``Resolution.overdue_on`` says the same of one resolution.
        """
        return (
            self.open()
            .in_force()
            .alias(deadline_in_force=Coalesce("extended_deadline", "deadline_date"))
            .filter(
                Q(deadline_in_force__lt=today or timezone.localdate())
                | Q(deadline_in_force__isnull=True, deadline_next_meeting=True) & _later_session_held()
            )
        )

    def visible_to(self, access: GroupAccess) -> ResolutionQuerySet:
        """The resolutions ``access`` may read, as it reads them (``secretariat.lifecycle.READS``).

        Staff read every resolution of the group as it stands. A member organization reads those of
        the minutes it may read (``MeetingQuerySet.content_visible_to``): never a draft's. Where
        what it reads is a signed revision that a correction being drafted has left behind, it
        reads the resolutions of that revision as they were signed — the rows of the draft are
        filled from the revision's snapshot when read, and one the draft added is not there.
        """
        resolutions = self.for_group(access.group)
        if access.is_staff:
            return resolutions
        meetings = access.group.meetings
        behind = meetings.behind_readings(access)
        current = meetings.content_visible_to(access).exclude(pk__in=list(behind))
        visible = Q(meeting__in=current.values("pk"))
        for meeting_id, number in behind.items():
            visible |= Q(meeting_id=meeting_id, first_signed_revision__lte=number)
        found = resolutions.filter(visible)
        if behind:
            found._frozen_readings = (meetings, behind)
            found._iterable_class = ReadAsSignedIterable
        return found

    def _clone(self):
        clone = super()._clone()
        clone._frozen_readings = getattr(self, "_frozen_readings", None)
        return clone

    def search(self, query: str) -> ResolutionQuerySet:
        """Text, deliverable, deadline and responsible party, whatever the spelling of ی/ک, digits and ZWNJ."""
        return matching(
            self,
            query,
            [
                "text",
                "deliverable",
                "deadline_text",
                "responsible_organization__name",
                "responsible_committee__name",
            ],
        )

    def with_next_meeting(self) -> ResolutionQuerySet:
        """Annotate ``next_meeting_number`` and ``next_meeting_date``: the session after the resolution's
        own and its first day (or approximate date); and ``later_session_held`` (for ``overdue_on``)."""
        later = WorkingGroup.objects.filter(
            pk=OuterRef("meeting__working_group"), meetings__number__gt=OuterRef("meeting__number")
        )
        first_day = later.annotate(
            first_day=Coalesce("meetings__days__date", "meetings__approximate_date")
        ).order_by("meetings__number", "first_day")
        return self.annotate(
            next_meeting_number=Subquery(later.order_by("meetings__number").values("meetings__number")[:1]),
            next_meeting_date=Subquery(first_day.values("first_day")[:1]),
            later_session_held=_later_session_held(),
        )

    def with_committee_assignments(self) -> ResolutionQuerySet:
        """Prefetch the responsible committee's members, for ``involvement_of``."""
        return self.prefetch_related("responsible_committee__assignments__organization")

    def with_latest_progress(self) -> ResolutionQuerySet:
        """Each resolution's ``latest_progress``: the percentage of its latest accepted report that gave one."""
        reports = FollowUp.objects.filter(
            resolution=OuterRef("pk"), review=FollowUp.Review.ACCEPTED, progress__isnull=False
        ).order_by("-reported_on", "-pk")
        return self.annotate(latest_progress=Subquery(reports.values("progress")[:1]))

    def with_latest_report(self) -> ResolutionQuerySet:
        """Each resolution's ``latest_report_on``: the day of its latest accepted follow-up report."""
        reports = FollowUp.objects.filter(
            resolution=OuterRef("pk"), review=FollowUp.Review.ACCEPTED
        ).order_by("-reported_on", "-pk")
        return self.annotate(latest_report_on=Subquery(reports.values("reported_on")[:1]))

    def with_listing_data(self) -> ResolutionQuerySet:
        return (
            self.with_latest_progress()
            .select_related(
                "meeting",
                "meeting__working_group",
                "responsible_organization",
                "responsible_committee",
            )
            .prefetch_related(
                Prefetch(
                    "collaborator_links",
                    queryset=ResolutionCollaborator.objects.select_related("organization"),
                )
            )
        )


class Resolution(FrozenWithMinutes):
    """A numbered decision of a session with its responsible party, collaborators and deadline."""

    # What follows the decision may change after its minutes are signed: how far it got, when it
    # was done, a deadline the secretary extended (the minutes keep the deadline they gave), its
    # number in the group's register and its periodic reporting duty (neither printed in the minutes).
    editable_when_locked = (
        "status",
        "completed_on",
        "extended_deadline",
        "register_number",
        "report_every_months",
        "next_report_due",
        "first_signed_revision",
    )

    class Responsible(models.TextChoices):
        ORGANIZATION = "organization", _("an organization")
        COMMITTEE = "committee", _("a committee")
        SECRETARIAT = "secretariat", _("the secretariat")
        SECRETARY = "secretary", _("the working group's secretary")
        NONE = "none", _("nobody in particular")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        DROPPED = "dropped", _("dropped")

        @classmethod
        def open_statuses(cls) -> list[str]:
            return [cls.OPEN, cls.IN_PROGRESS]

    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("session"), on_delete=models.CASCADE, related_name="resolutions"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    verb = models.CharField(
        _("decision verb"),
        max_length=None,
        default=DECISION_VERBS[0],
        help_text=_("e.g. مصوب شد، مقرر گردید"),
    )
    text = models.TextField(_("text"))
    responsible_kind = models.CharField(
        _("responsible party"), max_length=15, choices=Responsible.choices, default=Responsible.ORGANIZATION
    )
    responsible_organization = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for",
    )
    responsible_committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("responsible committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    collaborators: models.ManyToManyField[Organization, ResolutionCollaborator] = models.ManyToManyField(
        Organization,
        verbose_name=_("collaborating organizations"),
        through="ResolutionCollaborator",
        blank=True,
        related_name="collaborating_on",
    )
    deadline_date = models.DateField(_("deadline"), null=True, blank=True)
    extended_deadline = models.DateField(
        _("extended deadline"),
        null=True,
        blank=True,
        help_text=_("A later deadline the secretary granted; the minutes keep the one they gave."),
    )
    completed_on = models.DateField(_("done on"), null=True, blank=True)
    deadline_text = models.CharField(
        _("deadline as worded"),
        max_length=None,
        blank=True,
        help_text=_("The wording of the minutes, e.g. by the end of Shahrivar this year."),
    )
    deadline_next_meeting = models.BooleanField(_("due by the next session"), default=False)
    deliverable = models.TextField(_("deliverable"), blank=True)

    class Vote(models.TextChoices):
        NOT_RECORDED = "", _("approved, no vote recorded")
        UNANIMOUS = "unanimous", _("unanimously")
        COUNTED = "counted", _("by a counted vote")

    vote = models.CharField(
        _("vote"), max_length=10, choices=Vote.choices, default=Vote.NOT_RECORDED, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)
    votes_abstaining = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    report_every_months = models.PositiveSmallIntegerField(
        _("report every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("A periodic reporting duty, e.g. 3 for «هر سه ماه یکبار»; empty when none."),
    )
    next_report_due = models.DateField(
        _("next report due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the next periodic report is expected (resolutions.reporting)."),
    )
    register_number = models.PositiveIntegerField(
        _("number in the group's register"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "With continuous numbering, the resolution's number across the term (resolutions.numbering)."
        ),
    )
    first_signed_revision = models.PositiveSmallIntegerField(
        _("first signed in revision"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The revision of the minutes that first carried it signed; empty while it is a draft. Its "
            "register number is frozen from then on."
        ),
    )
    schedules_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("schedules session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scheduled_by",
        help_text=_("For a resolution that fixes a later session's host and date."),
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords()
    objects = ResolutionQuerySet.as_manager()

    # On a resolution read with ``ResolutionQuerySet.with_next_meeting``: the first day of the
    # session after its own (or its approximate date), if there is one.
    next_meeting_date: datetime.date | None

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                name="unique_resolution_number_per_meeting",
                violation_error_message=_("This session already has a resolution with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="resolution_number_positive",
                violation_error_message=_("The resolution number must be at least 1."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        responsible_kind="organization",
                        responsible_organization__isnull=False,
                        responsible_committee__isnull=True,
                    )
                    | Q(
                        responsible_kind="committee",
                        responsible_committee__isnull=False,
                        responsible_organization__isnull=True,
                    )
                    | Q(
                        responsible_kind__in=["secretariat", "secretary", "none"],
                        responsible_organization__isnull=True,
                        responsible_committee__isnull=True,
                    )
                ),
                name="resolution_responsible_party_consistent",
                violation_error_message=_(
                    "Choose the responsible organization or committee that matches the responsible party."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#resolution-{self.number}"

    @staticmethod
    def label_for(number: int, session_number: int) -> str:
        """How a resolution is referred to everywhere: "مصوبه ۳ دوازدهمین نشست"."""
        return _("Resolution %(number)s of the %(ordinal)s session") % {
            "number": localize_digits(number),
            "ordinal": ordinal(session_number),
        }

    @property
    def shown_number(self) -> int:
        """The number people read: across the term under continuous numbering, else within the session."""
        return self.register_number or self.number

    @property
    def label(self) -> str:
        return self.label_for(self.shown_number, self.meeting.number)

    def get_tracker_url(self) -> str:
        """The resolution's own page in the tracker, with its follow-ups."""
        return reverse("resolutions:detail", args=[self.meeting.working_group.slug, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.Status.open_statuses()

    def read_as_signed(self, entry: dict) -> None:
        """Show this row as a signed revision printed it (``entry``: its ``ResolutionEntry`` in the
        revision's snapshot), for a reader of that revision. The row is then never saved."""
        deadline = entry.get("deadline") or {}
        self.text = entry.get("text", self.text)
        self.verb = entry.get("verb", self.verb)
        self.deliverable = entry.get("deliverable", "")
        self.deadline_date = datetime.date.fromisoformat(deadline["date"]) if deadline.get("date") else None
        self.deadline_text = deadline.get("wording", "")
        self.deadline_next_meeting = bool(deadline.get("next_session"))
        self.register_number = entry.get("register_number")
        self.signed_responsible = entry.get("responsible", "")
        self.signed_collaborators = list(entry.get("collaborators", []))
        self.read_from_revision = True

    def save(self, *args, **kwargs) -> None:
        if getattr(self, "read_from_revision", False):
            raise RuntimeError("A resolution read as a revision printed it is not saved.")
        super().save(*args, **kwargs)

    @property
    def responsible_label(self) -> str:
        """Who acts, in words: the organization's or committee's name, or the secretariat."""
        if hasattr(self, "signed_responsible"):
            return self.signed_responsible
        if self.responsible_kind == self.Responsible.ORGANIZATION and self.responsible_organization:
            return self.responsible_organization.name
        if self.responsible_kind == self.Responsible.COMMITTEE and self.responsible_committee:
            return self.responsible_committee.name
        if self.responsible_kind == self.Responsible.SECRETARIAT:
            return self.meeting.working_group.secretariat_name
        if self.responsible_kind == self.Responsible.SECRETARY:
            return str(_("the working group's secretary"))
        return ""

    @property
    def ordered_collaborators(self) -> list[Organization]:
        """Collaborators in the minutes' order; reads the prefetch of ``with_listing_data`` (or, read
        as a revision printed it, their names then)."""
        if hasattr(self, "signed_collaborators"):
            return [Organization(name=name, short_name=name) for name in self.signed_collaborators]
        return [link.organization for link in self.collaborator_links.all()]

    def overdue_on(self, today: datetime.date) -> bool:
        """As ``ResolutionQuerySet.overdue``: a dated deadline passed, or, due by the next session and
        without a date, a later session was held while it is still open.

        Reads ``later_session_held`` from ``with_next_meeting()``; without it, asks the database.
        """
        if not self.is_open or not self.is_in_force:
            return False
        if self.effective_deadline:
            return self.effective_deadline < today
        if not self.deadline_next_meeting:
            return False
        held = getattr(self, "later_session_held", None)
        if held is None:
            held = Resolution.objects.filter(pk=self.pk).filter(_later_session_held()).exists()
        return bool(held)

    @property
    def is_in_force(self) -> bool:
        """Of signed minutes (``ResolutionQuerySet.in_force``); reads ``meeting``."""
        return self.first_signed_revision is not None or self.meeting.status == SessionStatus.PUBLISHED

    @property
    def is_overdue(self) -> bool:
        """``overdue_on`` today."""
        return self.overdue_on(timezone.localdate())

    @property
    def effective_deadline(self) -> datetime.date | None:
        """The deadline in force: the extended one, if the secretary granted one."""
        return self.extended_deadline or self.deadline_date

    def deletion_refusal(self) -> str | None:
        """Why this resolution may not be deleted, or ``None``: one signed keeps its place and its
        register number for good; a correction drops it by its status instead."""
        if self.first_signed_revision:
            return _(
                "%(resolution)s was signed: it stays in the minutes and the register. To undo it, set "
                "its status to dropped in the correction."
            ) % {"resolution": self.label}
        return None

    def involvement_of(self, organization: Organization) -> Involvement | None:
        """How the organization is named in the resolution; reads the prefetches of the listing querysets."""
        if self.responsible_organization_id == organization.pk:
            return Involvement.RESPONSIBLE
        committee = self.responsible_committee
        if committee is not None:
            for assignment in committee.current_roles():
                if assignment.organization_id == organization.pk:
                    return (
                        Involvement.COMMITTEE_LEAD
                        if assignment.role == assignment.Role.LEAD
                        else Involvement.COMMITTEE_MEMBER
                    )
        if any(link.organization_id == organization.pk for link in self.collaborator_links.all()):
            return Involvement.COLLABORATOR
        return None


class Involvement(models.TextChoices):
    """How an organization is named in a resolution."""

    RESPONSIBLE = "responsible", _("responsible")
    COMMITTEE_LEAD = "committee_lead", _("leads the responsible committee")
    COMMITTEE_MEMBER = "committee_member", _("collaborates in the responsible committee")
    COLLABORATOR = "collaborator", _("collaborator")


class OrganizationVote(FrozenWithMinutes):
    """How a member organization voted on a resolution, when the minutes record votes by organization."""

    class Choice(models.TextChoices):
        FOR = "for", _("for")
        AGAINST = "against", _("against")
        ABSTAINING = "abstaining", _("abstaining")

    meeting_path = "resolution__meeting"

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="organization_votes"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "choice", "organization__name"]
        verbose_name = _("organization's vote")
        verbose_name_plural = _("organizations' votes")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "organization"],
                name="one_vote_per_organization",
                violation_error_message=_("This organization has already voted on this resolution."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_choice_display()}"


class ResolutionCollaborator(FrozenWithMinutes):
    """An organization named to collaborate on a resolution, in the order the minutes list them."""

    meeting_path = "resolution__meeting"

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="collaborator_links"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()
    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "order", "pk"]
        verbose_name = _("collaborating organization")
        verbose_name_plural = _("collaborating organizations")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "organization"],
                name="unique_resolution_collaborator",
                violation_error_message=_("This organization is already a collaborator on this resolution."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)


class FollowUpQuerySet(models.QuerySet):
    def accepted(self) -> FollowUpQuerySet:
        return self.filter(review=FollowUp.Review.ACCEPTED)

    def awaiting_review(self) -> FollowUpQuerySet:
        return self.filter(review=FollowUp.Review.SUBMITTED)

    def for_group(self, working_group: WorkingGroup) -> FollowUpQuerySet:
        return self.filter(resolution__meeting__working_group=working_group)

    def visible_to(self, access: GroupAccess) -> FollowUpQuerySet:
        """Staff see every report; a member its own organization's, and others' once accepted."""
        follow_ups = self.for_group(access.group)
        if access.is_staff:
            return follow_ups
        visible = Resolution.objects.visible_to(access).values("pk")
        return follow_ups.filter(resolution__in=visible).filter(
            Q(organization=access.organization) | Q(review=FollowUp.Review.ACCEPTED)
        )

    def with_listing_data(self) -> FollowUpQuerySet:
        return self.select_related(
            "resolution",
            "resolution__meeting",
            "resolution__meeting__working_group",
            "organization",
            "author",
            "reviewed_by",
            "reported_at_meeting",
        )


def follow_up_upload_path(instance: FollowUp, filename: str) -> str:
    return f"follow-ups/{instance.resolution.meeting.working_group.slug}/{filename}"


class FollowUp(models.Model):
    """A report on what was done about a resolution, from an organization or read out at a session."""

    class Review(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting review")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned")

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    reported_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("reported at session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups_reported",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("reporting organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    reported_on = models.DateField(_("report date"), default=timezone.localdate)
    text = models.TextField(_("report"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("How far the work has got, from 0 to 100."),
    )
    next_report_on = models.DateField(
        _("next report by"),
        null=True,
        blank=True,
        help_text=_("When the organization will report again; a periodic duty sets it when left empty."),
    )
    attachment = models.FileField(
        _("attachment"), upload_to=follow_up_upload_path, blank=True, max_length=300
    )
    attachment_name = models.CharField(
        _("attachment's file name"),
        max_length=120,
        blank=True,
        help_text=_("The name the file had when it was sent; it is stored under a name of its own."),
    )
    proposed_status = models.CharField(
        _("proposed status"),
        max_length=15,
        choices=Resolution.Status.choices,
        default=Resolution.Status.IN_PROGRESS,
    )
    review = models.CharField(_("review"), max_length=10, choices=Review.choices, default=Review.SUBMITTED)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["resolution", "-reported_on", "-pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return _("Follow-up of %(resolution)s") % {"resolution": self.resolution}

    @property
    def is_awaiting_review(self) -> bool:
        return self.review == self.Review.SUBMITTED

    @property
    def is_accepted(self) -> bool:
        return self.review == self.Review.ACCEPTED

    @property
    def attachment_kind(self) -> str:
        """The attachment's file type as its stored name ends: "pdf", "docx", "png" or "jpeg"."""
        return self.attachment.name.rsplit(".", 1)[-1].lower() if self.attachment else ""

    @property
    def attachment_download_name(self) -> str:
        """The name the attachment downloads under: the sender's, or one made from the report."""
        return self.attachment_name or f"follow-up-{self.pk}.{self.attachment_kind}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """An organization's secret calendar address: calendar apps cannot log in."""

    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["organization"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.organization)


class DeadlineReminder(models.Model):
    """A reminder e-mailed to an organization about a resolution's deadline, so that it is sent once."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("before the deadline")
        OVERDUE = "overdue", _("after the deadline passed")
        REPORT_DUE = "report", _("before a periodic report is due")
        REPORT_LATE = "report_late", _("after a periodic report was due")

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="reminders"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    deadline = models.DateField(_("deadline"), help_text=_("A changed deadline is reminded of again."))
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "organization", "kind", "deadline"],
                name="one_reminder_per_deadline",
                violation_error_message=_("This reminder was already sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution} → {self.organization} ({self.get_kind_display()})"


# ---------------------------------------------------------------------------
# Information requests and deadline extensions


def request_attachment_path(request: InformationRequest, filename: str) -> str:
    return f"requests/{request.working_group.slug}/{filename}"


def answer_attachment_path(answer: InformationAnswer, filename: str) -> str:
    return f"requests/{answer.request.working_group.slug}/answers/{filename}"


def booklet_path(request: InformationRequest, filename: str) -> str:
    return f"requests/{request.working_group.slug}/booklets/{filename}"


class InformationRequestQuerySet(models.QuerySet):
    def for_group(self, working_group: WorkingGroup) -> InformationRequestQuerySet:
        return self.filter(working_group=working_group)

    def addressed_to(self, organization: Organization) -> InformationRequestQuerySet:
        return self.filter(recipients=organization)

    def open(self) -> InformationRequestQuerySet:
        return self.filter(status=InformationRequest.Status.OPEN)


class InformationRequest(BackgroundJob):
    """The same information asked of several member organizations, to be compiled into a booklet.

    Its background work (``job_*``) is the booklet: laid out and stored once compiled."""

    class Status(models.TextChoices):
        OPEN = "open", _("collecting answers")
        COMPILED = "compiled", _("compiled into a booklet")
        SENT = "sent", _("booklet sent to the members")

    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="information_requests",
    )
    title = models.CharField(_("title"), max_length=None)
    question = models.TextField(_("what is asked"))
    fields = models.JSONField(
        _("fields of the answer"),
        default=list,
        blank=True,
        help_text=_("The facts each organization fills in beside its text: label, kind and choices."),
    )
    attachment = models.FileField(
        _("attachment"), upload_to=request_attachment_path, blank=True, max_length=300
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=None, blank=True)
    deadline = models.DateField(_("answers due by"))
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution it serves"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="information_requests",
    )
    recipients = models.ManyToManyField(
        Organization, verbose_name=_("asked of"), related_name="information_requests"
    )
    booklet_order = models.JSONField(_("order of the organizations in the booklet"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    booklet = models.FileField(_("booklet"), upload_to=booklet_path, blank=True, max_length=300)
    booklet_made_at = models.DateTimeField(_("booklet made at"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=BackgroundJob.JOB_FIELDS)
    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["working_group", "-created_at", "-pk"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("resolutions:request", args=[self.working_group.slug, self.pk])

    @property
    def facts(self) -> list[Fact]:
        """The facts each organization fills in, each of its kind."""
        return facts_of(self.fields)

    @property
    def booklet_pending(self) -> bool:
        """Compiled, and the background worker is making the booklet."""
        return not self.booklet and self.job_waiting

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class InformationAnswer(models.Model):
    """One organization's answer to an information request."""

    request = models.ForeignKey(
        InformationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="answers"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("answer"), blank=True)
    values = models.JSONField(_("the facts asked for"), default=dict, blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=answer_attachment_path, blank=True, max_length=300
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=None, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "organization__name"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organization"],
                name="one_answer_per_organization",
                violation_error_message=_(
                    "This organization has already answered; change its answer instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.request}"

    def facts_shown(self) -> list[tuple[int, Fact, str]]:
        """Each fact asked with its position and this answer's value as a reader reads it."""
        return [
            (index, fact, fact.shown(self.values.get(fact.label)))
            for index, fact in enumerate(self.request.facts)
        ]


class ExtensionRequest(models.Model):
    """An organization's request for a later deadline of a resolution, and the secretary's decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting the secretary's decision")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    current_deadline = models.DateField(_("deadline when asked"), null=True, blank=True)
    requested_deadline = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_note = models.TextField(_("the secretary's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["resolution", "-created_at", "-pk"]
        verbose_name = _("deadline extension request")
        verbose_name_plural = _("deadline extension requests")
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "organization"],
                condition=Q(status="pending"),
                name="one_pending_extension_per_organization",
                violation_error_message=_(
                    "Your organization already asked for an extension of this deadline."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution} → {self.requested_deadline}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
