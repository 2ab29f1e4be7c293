"""Tokens by which a member organization's own system (or a user's script) calls the API.

A token acts as its user, with exactly the standing that user has on the pages (``access_for``):
the same role, the same ``visible_to``. An *organization's* token is shared by the organization's
users (each of them sees, and may revoke, it) and acts as the user who made it while that user is
an active user of the organization; a *personal* token is its user's alone. The secret is shown
once, when made; only its SHA-256 is kept.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SECRET_PREFIX = "sk_"


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def managed_by(self, user) -> ApiTokenQuerySet:
        """The tokens ``user`` sees on the tokens page: its own, and its organization's."""
        from secretariat.access import person_of

        person = person_of(user)
        shown = models.Q(user=user)
        if person is not None and person.organization_id is not None:
            shown |= models.Q(organization_id=person.organization_id)
        return self.filter(shown)


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read_write", _("read and write")

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses it, to tell tokens apart.")
    )
    prefix = models.CharField(_("begins with"), max_length=12, editable=False)
    digest = models.CharField(_("SHA-256 of the secret"), max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as user"),
    )
    organization = models.ForeignKey(
        "secretariat.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("shared by organization"),
        help_text=_("Empty for a personal token."),
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
        editable=False,
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class WebhookEvent(models.TextChoices):
    """What a member organization's system may be told of, each as it happens."""

    SESSION_PLANNED = "session.planned", _("a session was planned or its time and place changed")
    INVITATION_ISSUED = "invitation.issued", _("an invitation was issued")
    MINUTES_CIRCULATED = "minutes.circulated", _("minutes the organization attended went out for signature")
    MINUTES_SIGNED = "minutes.signed", _("minutes the organization attended were signed")
    MINUTES_PUBLISHED = "minutes.published", _("minutes were published")
    RESOLUTION_ASSIGNED = "resolution.assigned", _("a signed resolution names the organization")
    DEADLINE_NEAR = "deadline.near", _("a deadline of the organization's is near")
    DEADLINE_PASSED = "deadline.passed", _("a deadline of the organization's passed")
    REPORT_ACCEPTED = "report.accepted", _("a report of the organization's was accepted")
    REQUEST_OPENED = "request.opened", _("the secretariat asks the organization for information")


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(24)


class Webhook(models.Model):
    """An address of a member organization's system that the site tells of events (``api.webhooks``).

    Each delivery is signed with ``secret`` (HMAC-SHA256 of the timestamp and the body): the
    receiver checks that it came from the site. After ``WEBHOOK_DISABLE_AFTER`` failed attempts
    in a row the address is switched off and the organization's users are told in their inbox."""

    organization = models.ForeignKey(
        "secretariat.Organization",
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("organization"),
    )
    url = models.URLField(_("address"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=64, default=new_webhook_secret, editable=False)
    is_active = models.BooleanField(_("on"), default=True)
    failures_in_a_row = models.PositiveIntegerField(_("failed attempts in a row"), default=0, editable=False)
    disabled_reason = models.TextField(_("why it was switched off"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["organization", "pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one webhook, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("delivered")
        RETRYING = "retrying", _("failed; tried again later")
        FAILED = "failed", _("failed")

    webhook = models.ForeignKey(
        Webhook, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("webhook")
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("what is sent"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(_("answer's status"), null=True, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"
