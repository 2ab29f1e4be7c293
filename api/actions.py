"""Making and revoking API tokens: the one door for them (the tokens page and the admin call these)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, digest_of, new_secret
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
