"""Actions on working groups, organizations and people: the only code that changes them.

Operators (superusers) set up groups and link people to their logins, from the admin or the
command line (``operator=None``); secretariat staff add a person or an organization while
writing minutes. Each action checks who acts, runs in one transaction and leaves an audit record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from secretariat import mail
from secretariat.access import GroupAccess
from secretariat.audit import AuditEvent, log_action
from secretariat.models import MailBatch, Membership, Organization, Person, WorkingGroup
from secretariat.persian import localize_digits


def require_operator(operator) -> None:
    """Only an active superuser (or the command line, ``None``) runs the installation."""
    if operator is not None and not (operator.is_active and operator.is_superuser):
        raise PermissionDenied(_("Only the operator of this installation may do this."))


def require_staff(access: GroupAccess) -> None:
    if not access.is_staff:
        raise PermissionDenied(_("Only the secretariat may do this."))


def require_secretary(access: GroupAccess) -> None:
    if not access.is_secretary:
        raise PermissionDenied(_("Only the working group's secretary may do this."))


def _apply(instance, fields: Mapping[str, Any]) -> list[str]:
    """Set ``fields`` on ``instance``; the names of those that changed. A file field given
    ``False`` (a form's "clear" box) is emptied."""
    changed = []
    for name, value in fields.items():
        if value is False and isinstance(instance._meta.get_field(name), models.FileField):
            value = ""
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


# ---------------------------------------------------------------------------
# Staff, while writing minutes


@transaction.atomic
def add_person(access: GroupAccess, **fields: Any) -> Person:
    """A person the secretariat adds from the editor (no login: only an operator links one)."""
    require_staff(access)
    fields.pop("user", None)
    person = Person(**fields)
    person.full_clean()
    person.save()
    log_action(access.user, AuditEvent.PERSON_ADDED, person, group=access.group)
    return person


@transaction.atomic
def add_organization(access: GroupAccess, **fields: Any) -> Organization:
    """An organization the secretariat adds from the editor or an import."""
    require_staff(access)
    organization = Organization(**fields)
    organization.full_clean()
    organization.save()
    log_action(access.user, AuditEvent.ORGANIZATION_ADDED, organization, group=access.group)
    return organization


# ---------------------------------------------------------------------------
# The operator


@transaction.atomic
def save_organization(operator, organization: Organization, fields: Mapping[str, Any]) -> Organization:
    """Create or change an organization. A new name shows in minutes not yet circulated; what was
    circulated or signed keeps the name it had (see ``meetings.minutes``)."""
    require_operator(operator)
    created = organization.pk is None
    changed = _apply(organization, fields)
    organization.full_clean()
    organization.save()
    log_action(
        operator,
        AuditEvent.ORGANIZATION_CREATED if created else AuditEvent.ORGANIZATION_CHANGED,
        organization,
        fields=changed,
    )
    return organization


@transaction.atomic
def save_person(operator, person: Person, fields: Mapping[str, Any]) -> Person:
    """Create or change a person's name, position, organization or address (not their login)."""
    require_operator(operator)
    fields = {name: value for name, value in fields.items() if name != "user"}
    created = person.pk is None
    changed = _apply(person, fields)
    person.full_clean(exclude=["user"])
    person.save()
    log_action(
        operator, AuditEvent.PERSON_CREATED if created else AuditEvent.PERSON_CHANGED, person, fields=changed
    )
    return person


@transaction.atomic
def link_person_to_user(operator, person: Person, user) -> Person:
    """Make ``user`` the login of ``person`` (or unlink with ``user=None``).

    A login that already belongs to someone else is refused: it must be unlinked from them first,
    in its own recorded step, so that nobody's account changes hands silently.
    """
    require_operator(operator)
    person = Person.objects.select_for_update().get(pk=person.pk)
    previous = person.user
    if user is not None:
        holder = Person.objects.filter(user=user).exclude(pk=person.pk).first()
        if holder is not None:
            raise ValidationError(
                _("This login already belongs to %(person)s: unlink it from them first.")
                % {"person": holder.full_name},
                code="login_taken",
            )
    if previous == user:
        return person
    person.user = user
    person.save(update_fields=["user"])
    log_action(
        operator,
        AuditEvent.PERSON_LOGIN_LINKED if user is not None else AuditEvent.PERSON_LOGIN_UNLINKED,
        person,
        login=user.get_username() if user is not None else "",
        previous_login=previous.get_username() if previous is not None else "",
    )
    return person


# A group's numbering settings decide its resolutions' register numbers, which the core app does
# not know: they change through ``resolutions.actions.save_working_group``, which renumbers.
NUMBERING_FIELDS = ("resolution_numbering", "first_resolution_number", "numbering_from_session")


@transaction.atomic
def save_working_group(
    operator, group: WorkingGroup, fields: Mapping[str, Any], *, renumbers: bool = False
) -> WorkingGroup:
    """Create or change a working group. ``renumbers`` says the caller renumbers the register
    after a change of numbering (``resolutions.actions.save_working_group`` does); without it a
    change of numbering on an existing group is refused rather than left unnumbered."""
    require_operator(operator)
    created = group.pk is None
    changed = _apply(group, fields)
    if not created and not renumbers and set(changed) & set(NUMBERING_FIELDS):
        raise ValueError("a group's numbering changes through resolutions.actions.save_working_group")
    group.full_clean()
    group.save()
    log_action(
        operator,
        AuditEvent.GROUP_CREATED if created else AuditEvent.GROUP_CHANGED,
        group,
        group=group,
        fields=changed,
    )
    return group


@transaction.atomic
def set_group_staff(operator, group: WorkingGroup, users: Iterable) -> None:
    """The secretariat staff of ``group`` are exactly ``users``."""
    require_operator(operator)
    users = list(users)
    before = {user.pk for user in group.staff.all()}
    after = {user.pk for user in users}
    if before == after:
        return
    group.staff.set(users)
    log_action(
        operator,
        AuditEvent.GROUP_STAFF_CHANGED,
        group,
        group=group,
        staff=sorted(user.get_username() for user in users),
    )


@transaction.atomic
def set_group_members(operator, group: WorkingGroup, organizations: Iterable[Organization]) -> None:
    """The member organizations of ``group`` are exactly ``organizations``; joining dates are kept."""
    require_operator(operator)
    wanted = {organization.pk: organization for organization in organizations}
    current = set(group.memberships.values_list("organization_id", flat=True))
    removed = current - set(wanted)
    added = set(wanted) - current
    if not (removed or added):
        return
    _require_quorum_within(group, len(wanted))
    group.memberships.filter(organization_id__in=removed).delete()
    Membership.objects.bulk_create(
        Membership(working_group=group, organization=wanted[pk]) for pk in sorted(added)
    )
    log_action(
        operator,
        AuditEvent.GROUP_MEMBERS_CHANGED,
        group,
        group=group,
        added=sorted(wanted[pk].name for pk in added),
        removed=sorted(Organization.objects.filter(pk__in=removed).values_list("name", flat=True)),
    )


@transaction.atomic
def save_membership(operator, membership: Membership, fields: Mapping[str, Any]) -> Membership:
    require_operator(operator)
    created = membership.pk is None
    changed = _apply(membership, fields)
    membership.full_clean()
    membership.save()
    log_action(
        operator,
        AuditEvent.MEMBERSHIP_CREATED if created else AuditEvent.MEMBERSHIP_CHANGED,
        membership,
        group=membership.working_group,
        fields=changed,
    )
    return membership


def _require_quorum_within(group: WorkingGroup, members: int) -> None:
    """A group whose quorum is a set number keeps at least that many member organizations."""
    if group.quorum_rule == WorkingGroup.QuorumRule.COUNT and (group.quorum_count or 0) > members:
        raise ValidationError(
            _(
                "The quorum is %(count)s organizations: the group cannot have fewer members. Change the "
                "quorum first."
            )
            % {"count": localize_digits(group.quorum_count)},
            code="quorum_above_members",
        )


@transaction.atomic
def delete_membership(operator, membership: Membership) -> None:
    require_operator(operator)
    group = membership.working_group
    _require_quorum_within(group, group.memberships.count() - 1)
    log_action(operator, AuditEvent.MEMBERSHIP_DELETED, membership, group=group)
    membership.delete()


# ---------------------------------------------------------------------------
# The secretariat's e-mail


def _group_batch(access: GroupAccess, batch: MailBatch) -> MailBatch:
    require_staff(access)
    batch = MailBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.working_group_id != access.group.pk:
        raise PermissionDenied
    return batch


@transaction.atomic
def retry_mail(access: GroupAccess, batch: MailBatch) -> int:
    """Send an e-mail again, now, to the addresses it failed for (or waits to retry); how many."""
    batch = _group_batch(access, batch)
    again = mail.retry(batch)
    if batch.set_aside:
        batch.set_aside = False
        batch.save(update_fields=["set_aside"])
    log_action(access.user, AuditEvent.MAIL_RETRIED, batch, group=access.group, addresses=again)
    return again


@transaction.atomic
def set_mail_aside(access: GroupAccess, batch: MailBatch) -> None:
    """The secretariat dealt with an e-mail's failures another way (a phone call, a letter): it
    leaves the work queue; the session's page still shows what became of it."""
    batch = _group_batch(access, batch)
    batch.set_aside = True
    batch.save(update_fields=["set_aside"])
    log_action(access.user, AuditEvent.MAIL_SET_ASIDE, batch, group=access.group)
