"""Committees of a working group and which organizations lead or collaborate in them, over time."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.models import Organization, WorkingGroup


class CommitteeQuerySet(models.QuerySet):
    def for_group(self, working_group: WorkingGroup) -> CommitteeQuerySet:
        return self.filter(working_group=working_group)

    def with_current_assignments(self) -> CommitteeQuerySet:
        return self.prefetch_related(
            Prefetch(
                "assignments",
                queryset=CommitteeAssignment.objects.current().select_related("organization"),
                to_attr="current_assignments",
            )
        )

    def involving(self, organization: Organization) -> CommitteeQuerySet:
        return self.filter(
            assignments__organization=organization, assignments__until_meeting__isnull=True
        ).distinct()


class Committee(models.Model):
    """A standing committee of a working group with a mandate."""

    # The roles held now, on a committee read with ``CommitteeQuerySet.with_current_assignments``.
    current_assignments: list[CommitteeAssignment]

    working_group = models.ForeignKey(
        WorkingGroup, verbose_name=_("working group"), on_delete=models.CASCADE, related_name="committees"
    )
    name = models.CharField(_("name"), max_length=None)
    mandate = models.TextField(_("mandate"), blank=True)
    formed_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("formed at session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="formed_committees",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["working_group", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(
                fields=["working_group", "name"],
                name="unique_committee_name_per_group",
                violation_error_message=_("This working group already has a committee with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:detail", args=[self.working_group.slug, self.pk])

    def current_roles(self) -> list[CommitteeAssignment]:
        """The organizations' roles now, read from a prefetch of ``assignments`` when there is one."""
        if hasattr(self, "current_assignments"):
            return self.current_assignments
        if "assignments" in getattr(self, "_prefetched_objects_cache", {}):
            return [a for a in self.assignments.all() if a.until_meeting_id is None]
        return list(self.assignments.current().select_related("organization"))

    @property
    def lead(self) -> Organization | None:
        return next(
            (a.organization for a in self.current_roles() if a.role == CommitteeAssignment.Role.LEAD), None
        )

    @property
    def collaborators(self) -> list[Organization]:
        return [
            a.organization for a in self.current_roles() if a.role == CommitteeAssignment.Role.COLLABORATOR
        ]


class CommitteeAssignmentQuerySet(models.QuerySet):
    def current(self) -> CommitteeAssignmentQuerySet:
        return self.filter(until_meeting__isnull=True)


class CommitteeAssignment(models.Model):
    """An organization's role in a committee from the session that assigned it until one that ended it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead (responsible)")
        COLLABORATOR = "collaborator", _("collaborator")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="committee_assignments",
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    since_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("assigned at session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_assignments_made",
    )
    until_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("ended at session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_assignments_ended",
    )

    history = HistoricalRecords()
    objects = CommitteeAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "-role", "order", "pk"]
        verbose_name = _("committee assignment")
        verbose_name_plural = _("committee assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(role="lead", until_meeting__isnull=True),
                name="one_current_lead_per_committee",
                violation_error_message=_("This committee already has a lead organization."),
            ),
            models.UniqueConstraint(
                fields=["committee", "organization"],
                condition=Q(until_meeting__isnull=True),
                name="one_current_role_per_organization",
                violation_error_message=_("This organization already has a role in this committee."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee}: {self.organization} ({self.get_role_display()})"
