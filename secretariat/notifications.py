"""Telling people: a message in their inbox (``Notification``) and an e-mail where an address exists.

``notify_people`` and ``notify_organizations`` are called inside an action's transaction: the
inbox rows are written with it, the e-mail goes once it commits. Both return a ``Delivery`` that
says how many people were told and who could not be reached at all, so that a page can say
exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from secretariat.models import Notification, Organization, Person, WorkingGroup


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Delivery:
    """Who was told: people reached in their inbox or by e-mail, and those nobody could reach."""

    reached: list[str] = field(default_factory=list)
    emailed: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.reached)

    def __add__(self, other: Delivery) -> Delivery:
        return Delivery(
            reached=self.reached + other.reached,
            emailed=self.emailed + other.emailed,
            unreachable=self.unreachable + other.unreachable,
        )


def _address(person: Person) -> str:
    return person.email or (person.user.email if person.user_id else "")


def notify_people(
    group: WorkingGroup | None,
    people: Iterable[Person],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    attachments: Iterable[Attachment] = (),
) -> Delivery:
    """Tell ``people`` (read with ``select_related("user")``): each with a login gets an inbox
    message, each with an address an e-mail after the transaction commits."""
    delivery = Delivery()
    attachments = list(attachments)
    messages = []
    for person in people:
        address = _address(person)
        if person.user_id and person.user.is_active:
            Notification.objects.create(
                recipient=person.user,
                working_group=group,
                kind=kind,
                title=title,
                body=body,
                url=url,
                emailed_to=address,
            )
        elif not address:
            delivery.unreachable.append(person.formal_name)
            continue
        delivery.reached.append(person.formal_name)
        if address:
            delivery.emailed.append(address)
            message = EmailMessage(title, f"{body}\n\n{settings.SITE_URL}{url}".strip(), to=[address])
            for attachment in attachments:
                message.attach(attachment.filename, attachment.content, attachment.mimetype)
            messages.append(message)
    if messages:
        # robust: a mail server that fails is logged; the inbox messages are there all the same.
        transaction.on_commit(lambda: [message.send() for message in messages], robust=True)
    return delivery


def notify_organizations(
    group: WorkingGroup | None, organizations: Iterable[Organization], **message
) -> Delivery:
    """Tell the people of each organization; an organization with nobody to tell is unreachable,
    unless it has an address of its own, which then gets the e-mail."""
    organizations = list(organizations)
    people_of: dict[int, list[Person]] = {organization.pk: [] for organization in organizations}
    for person in Person.objects.filter(organization__in=organizations).select_related("user").order_by("pk"):
        people_of[person.organization_id].append(person)
    delivery = Delivery()
    for organization in organizations:
        told = notify_people(group, people_of[organization.pk], **message)
        if told.count:
            delivery += Delivery(reached=told.reached, emailed=told.emailed)
        elif organization.email:
            notify_by_mail(organization.email, **message)
            delivery += Delivery(reached=[organization.name], emailed=[organization.email])
        else:
            delivery += Delivery(unreachable=[organization.name])
    return delivery


def notify_by_mail(
    address: str, *, title: str, body: str = "", url: str = "", attachments=(), **_ignored
) -> None:
    message = EmailMessage(title, f"{body}\n\n{settings.SITE_URL}{url}".strip(), to=[address])
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    transaction.on_commit(message.send, robust=True)
