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
