"""Making and revoking API tokens: the one door for them (the tokens page and the admin call these)."""

from __future__ import annotations

import urllib.parse

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, Webhook, WebhookDelivery, WebhookEvent, digest_of, new_secret
from secretariat.access import person_of
from secretariat.audit import log_action
from secretariat.models import AuditEvent
from secretariat.persian import normalize_text


def _may_manage(user, token: ApiToken) -> bool:
    if user.is_superuser or token.user_id == user.pk:
        return True
    person = person_of(user)
    return (
        token.organization_id is not None
        and person is not None
        and person.organization_id == token.organization_id
    )


@transaction.atomic
def make_token(
    user, *, name: str, scope: str, shared: bool, secret: str | None = None
) -> tuple[ApiToken, str]:
    """A new token acting as ``user``; ``shared``: the user's organization's. Returns the token and
    its secret, which is not kept and cannot be shown again. ``secret`` is for the demo's published
    tokens only; otherwise a new random one is made."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied
    name = normalize_text(name)
    if not name:
        raise ValidationError({"name": _("Name the system that will use this token.")})
    limit = ApiToken._meta.get_field("name").max_length or 100
    if len(name) > limit:
        raise ValidationError({"name": _("At most %(limit)s characters.") % {"limit": limit}})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose read only, or read and write.")})
    organization = None
    if shared:
        person = person_of(user)
        if person is None or person.organization is None:
            raise ValidationError(
                {"shared": _("Only a user of a member organization makes a token for the organization.")}
            )
        organization = person.organization
    secret = secret or new_secret()
    token = ApiToken.objects.create(
        name=name,
        prefix=secret[:8],
        digest=digest_of(secret),
        user=user,
        organization=organization,
        scope=scope,
    )
    log_action(user, AuditEvent.API_TOKEN_MADE, token, scope=scope, shared=shared)
    return token, secret


@transaction.atomic
def revoke_token(user, token: ApiToken) -> ApiToken:
    """Revoke ``token`` for good: its owner, a user of the organization sharing it, or an operator."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not _may_manage(user, token):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = user
        token.save(update_fields=["revoked_at", "revoked_by"])
        log_action(user, AuditEvent.API_TOKEN_REVOKED, token)
    return token


# ---- webhooks


def _organization_of(user):
    person = person_of(user)
    return person.organization if person is not None else None


def _may_manage_webhook(user, hook: Webhook) -> bool:
    organization = _organization_of(user)
    return user.is_superuser or (organization is not None and organization.pk == hook.organization_id)


def _clean_webhook(url: str, events: list[str]) -> tuple[str, list[str]]:
    url = (url or "").strip()
    errors: dict[str, list[str]] = {}
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = [_("Enter the full address of your system, as it is reached from the internet.")]
    else:
        parts = urllib.parse.urlsplit(url)
        if "@" in parts.netloc:
            errors["url"] = [
                _("The address may not hold a user name or password: events are signed instead.")
            ]
        try:
            _port = parts.port  # raises for a port past 65535, which the URL check lets through
        except ValueError:
            errors["url"] = [_("The address's port is not a port number.")]
    if len(url) > (Webhook._meta.get_field("url").max_length or 500):
        errors["url"] = [_("The address is too long.")]
    chosen = [event for event in WebhookEvent.values if event in set(events or [])]
    if not chosen or len(chosen) != len(set(events or [])):
        errors["events"] = [_("Choose the events to be told of.")]
    if errors:
        raise ValidationError(errors)
    return url, chosen


@transaction.atomic
def add_webhook(user, *, url: str, events: list[str]) -> Webhook:
    """A user of a member organization registers an address of its system for ``events``."""
    organization = _organization_of(user)
    if organization is None or not user.is_active:
        raise PermissionDenied(_("Only a user of a member organization registers a webhook."))
    url, chosen = _clean_webhook(url, events)
    hook = Webhook.objects.create(organization=organization, url=url, events=chosen, created_by=user)
    log_action(user, AuditEvent.WEBHOOK_CHANGED, hook, url=url, events=chosen, change="added")
    return hook


@transaction.atomic
def set_webhook_active(user, hook: Webhook, active: bool) -> Webhook:
    """Switch a webhook off, or on again (its count of failures starts again)."""
    hook = Webhook.objects.select_for_update().get(pk=hook.pk)
    if not _may_manage_webhook(user, hook):
        raise PermissionDenied
    hook.is_active = active
    if active:
        hook.failures_in_a_row = 0
        hook.disabled_reason = ""
    hook.save(update_fields=["is_active", "failures_in_a_row", "disabled_reason"])
    log_action(user, AuditEvent.WEBHOOK_CHANGED, hook, change="on" if active else "off")
    return hook


@transaction.atomic
def remove_webhook(user, hook: Webhook) -> None:
    if not _may_manage_webhook(user, hook):
        raise PermissionDenied
    log_action(user, AuditEvent.WEBHOOK_CHANGED, hook, url=hook.url, change="removed")
    hook.delete()


@transaction.atomic
def replay_delivery(user, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send an event again, as a new delivery with the same body (the webhook must be on)."""
    from api.webhooks import queue_delivery

    hook = Webhook.objects.get(pk=delivery.webhook_id)  # as it is now
    if not _may_manage_webhook(user, hook):
        raise PermissionDenied
    if not hook.is_active:
        raise ValidationError(_("Switch the webhook on to send to it again."))
    again = WebhookDelivery.objects.create(webhook=hook, event=delivery.event, payload=delivery.payload)
    log_action(user, AuditEvent.WEBHOOK_CHANGED, hook, change="replayed", delivery=delivery.pk)
    queue_delivery(again.pk)
    return again
