"""Numbered resolutions of a session, who must act on them and by when, and their follow-ups."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.locking import FrozenQuerySet, FrozenWithMinutes
from secretariat.models import Organization, WorkingGroup


class ResolutionQuerySet(FrozenQuerySet):
    def for_group(self, working_group: WorkingGroup) -> ResolutionQuerySet:
        return self.filter(meeting__working_group=working_group)

    def open(self) -> ResolutionQuerySet:
        return self.filter(status__in=Resolution.Status.open_statuses())

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
        return self.open().filter(deadline_date__lt=today or timezone.localdate())

    def with_listing_data(self) -> ResolutionQuerySet:
        return self.select_related(
            "meeting",
            "meeting__working_group",
            "responsible_organization",
            "responsible_committee",
        ).prefetch_related(
            Prefetch(
                "collaborator_links",
                queryset=ResolutionCollaborator.objects.select_related("organization"),
            )
        )


class Resolution(FrozenWithMinutes):
    """A numbered decision of a session with its responsible party, collaborators and deadline."""

    editable_when_locked = ("status",)

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
        _("decision verb"), max_length=60, default="مصوب شد", help_text=_("e.g. مصوب شد، مقرر گردید")
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
    collaborators = models.ManyToManyField(
        Organization,
        verbose_name=_("collaborating organizations"),
        through="ResolutionCollaborator",
        blank=True,
        related_name="collaborating_on",
    )
    deadline_date = models.DateField(_("deadline"), null=True, blank=True)
    deadline_text = models.CharField(
        _("deadline as worded"),
        max_length=300,
        blank=True,
        help_text=_("The wording of the minutes, e.g. by the end of Shahrivar this year."),
    )
    deadline_next_meeting = models.BooleanField(_("due by the next session"), default=False)
    deliverable = models.TextField(_("deliverable"), blank=True)
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
        return _("Resolution %(number)s of session %(meeting)s") % {
            "number": self.number,
            "meeting": self.meeting.number,
        }

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#resolution-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in self.Status.open_statuses()

    @property
    def responsible_label(self) -> str:
        """Who acts, in words: the organization's or committee's name, or the secretariat."""
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
        """Collaborators in the minutes' order; reads the prefetch of ``with_listing_data``."""
        return [link.organization for link in self.collaborator_links.all()]

    def set_collaborators(self, organizations: list[Organization]) -> None:
        """Replace the collaborators, keeping the given order."""
        self.collaborator_links.all().delete()
        ResolutionCollaborator.objects.bulk_create(
            ResolutionCollaborator(resolution=self, organization=organization, order=order)
            for order, organization in enumerate(organizations)
        )

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return bool(
            self.is_open and self.deadline_date and self.deadline_date < (today or timezone.localdate())
        )


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
    attachment = models.FileField(
        _("attachment"), upload_to=follow_up_upload_path, blank=True, max_length=300
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
