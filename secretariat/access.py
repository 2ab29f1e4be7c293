"""Who may do what in a working group: the one place where a user's role is decided.

Every view reaches a working group through ``get_group_for_user``; the object helpers of the
other apps (``get_meeting_for_user`` and friends) build on the ``GroupAccess`` it returns.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from secretariat.models import Membership, Organization, Person, WorkingGroup


class Role(enum.IntEnum):
    """Roles in one working group, each including what the lower ones may do."""

    NONE = 0
    MEMBER = 1
    STAFF = 2
    SECRETARY = 3


@dataclass(frozen=True)
class GroupAccess:
    """A user's standing in one working group; actions take it to know who acts and may they.

    ``user`` is ``None`` for the command line (an operator on the server, acting as the secretary)
    and for a calendar feed read by its secret address.
    """

    group: WorkingGroup
    role: Role
    organization: Organization | None
    person: Person | None
    user: User | None = None

    @property
    def is_staff(self) -> bool:
        return self.role >= Role.STAFF

    @property
    def is_secretary(self) -> bool:
        return self.role >= Role.SECRETARY

    @property
    def is_member(self) -> bool:
        return self.role == Role.MEMBER


# The attribute of a user object that keeps its person record once read (``person_of``).
_PERSON_CACHE = "_secretariat_person"


def person_of(user: User | AnonymousUser) -> Person | None:
    """The person record of a signed-in user, cached on the user object."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _PERSON_CACHE):
        setattr(user, _PERSON_CACHE, Person.objects.select_related("organization").filter(user=user).first())
    return getattr(user, _PERSON_CACHE)


def name_of(user, person: Person | None = None) -> str:
    """The name a user account is shown by: its person's name as letters address them («جناب آقای
    جعفری»), else the account's own name.

    Without ``person`` it reads ``user.person``: select ``<user field>__person`` with the user so
    that a page runs no query for it."""
    if user is None:
        return ""
    if person is None:
        try:
            person = user.person
        except Person.DoesNotExist:
            person = None
    return person.formal_name if person else user.get_full_name() or user.get_username()


def _role(user, group: WorkingGroup, person: Person | None, staffed: set[int], member_of: set[int]) -> Role:
    if not (user.is_authenticated and user.is_active):
        return Role.NONE
    # An operator (superuser) runs the installation from the admin; a role in a group comes from
    # being its secretary, its staff or a member organization's user, like anyone else's.
    if person is not None and group.secretary_id == person.pk:
        return Role.SECRETARY
    if group.pk in staffed:
        return Role.STAFF
    if group.pk in member_of:
        return Role.MEMBER
    return Role.NONE


def _group_ids(user, person: Person | None) -> tuple[set[int], set[int]]:
    """The groups the user staffs, and those its organization is a member of."""
    if not user.is_authenticated:
        return set(), set()
    staffed = set(
        WorkingGroup.staff.through.objects.filter(user=user).values_list("workinggroup_id", flat=True)
    )
    member_of: set[int] = set()
    if person is not None and person.organization_id is not None:
        member_of = set(
            Membership.objects.filter(organization_id=person.organization_id).values_list(
                "working_group_id", flat=True
            )
        )
    return staffed, member_of


def access_for(user: User | AnonymousUser, group: WorkingGroup) -> GroupAccess:
    person = person_of(user)
    staffed, member_of = _group_ids(user, person)
    return GroupAccess(
        group=group,
        role=_role(user, group, person, staffed, member_of),
        organization=person.organization if person else None,
        person=person,
        user=user if user.is_authenticated else None,
    )


def command_line_access(group: WorkingGroup) -> GroupAccess:
    """The standing of a management command run on the server: the secretary's, with no account."""
    return GroupAccess(group=group, role=Role.SECRETARY, organization=None, person=None, user=None)


def organization_access(group: WorkingGroup, organization: Organization) -> GroupAccess:
    """What a member user of ``organization`` sees in ``group``, with no account: for a calendar
    feed read by its secret address, or the reminders sent to the organization."""
    return GroupAccess(group=group, role=Role.MEMBER, organization=organization, person=None, user=None)


def get_group_for_user(request: HttpRequest, slug: str, *, minimum: Role = Role.MEMBER) -> GroupAccess:
    """The working group at ``slug`` if the user may see it: 404 if absent, 403 below ``minimum``."""
    group = get_object_or_404(WorkingGroup.objects.select_related("secretary"), slug=slug)
    access = access_for(request.user, group)
    if access.role == Role.NONE:
        raise Http404
    if access.role < minimum:
        raise PermissionDenied
    return access


def groups_for_user(user: User | AnonymousUser) -> list[GroupAccess]:
    """Every working group the user has a role in, for the home page, in a fixed number of queries."""
    person = person_of(user)
    staffed, member_of = _group_ids(user, person)
    organization = person.organization if person else None
    account = user if user.is_authenticated else None  # none: no role in any group
    accesses = (
        GroupAccess(group, _role(user, group, person, staffed, member_of), organization, person, account)
        for group in WorkingGroup.objects.select_related("secretary").order_by("name")
    )
    return [access for access in accesses if access.role != Role.NONE]


def client_address(request: HttpRequest) -> str | None:
    """The address a request came from, for login throttling.

    Behind ``settings.PROXY_COUNT`` trusted proxies, the client is the address the outermost of
    them added to ``X-Forwarded-For`` (counted from the right: what the client itself wrote there
    comes first and is not believed). Without proxies it is the connection's own address.
    """
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
