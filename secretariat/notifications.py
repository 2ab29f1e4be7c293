"""Telling people: a message in their inbox (``Notification``) and an e-mail where an address exists.

``notify_people`` and ``notify_organizations`` are called inside an action's transaction: the
inbox rows are written with it, and the e-mail goes to the outbox (``secretariat.mail``), which
the background worker sends address by address once the transaction commits. Both return a
``Delivery`` that says who was told in the inbox, to which addresses e-mail is on its way (its
``mail`` says later what became of it), and who could not be reached at all — so that a page can
say exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from secretariat.mail import MailAttachment, Recipient, queue_mail
from secretariat.models import MailBatch, Notification, Organization, Person, WorkingGroup

Attachment = MailAttachment


@dataclass
class Delivery:
    """Who was told: people reached in their inbox or by e-mail, and those nobody could reach."""

    reached: list[str] = field(default_factory=list)
    in_app: list[str] = field(default_factory=list)
    emailed: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    mail: MailBatch | None = None

    @property
    def count(self) -> int:
        return len(self.reached)


@dataclass
class _Outgoing:
    """What one call tells: inbox rows to write and addresses to e-mail, gathered before writing."""

    delivery: Delivery = field(default_factory=Delivery)
    inbox: list[Notification] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)


def _address(person: Person) -> str:
    return person.email or (person.user.email if person.user is not None else "")


def _gather_people(outgoing: _Outgoing, group, people: Iterable[Person], message: dict) -> int:
    """Add ``people`` to ``outgoing``; how many of them can be reached."""
    reached = 0
    for person in people:
        address = _address(person)
        in_app = bool(person.user is not None and person.user.is_active)
        if not (in_app or address):
            outgoing.delivery.unreachable.append(person.formal_name)
            continue
        reached += 1
        outgoing.delivery.reached.append(person.formal_name)
        if in_app:
            outgoing.delivery.in_app.append(person.formal_name)
            outgoing.inbox.append(
                Notification(
                    recipient=person.user,
                    working_group=group,
                    kind=message["kind"],
                    title=message["title"],
                    body=message.get("body", ""),
                    url=message.get("url", ""),
                    emailed_to=address,
                )
            )
        if address:
            outgoing.delivery.emailed.append(address)
            outgoing.recipients.append(Recipient(person.formal_name, address))
    return reached


def _send(
    outgoing: _Outgoing,
    group,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    attachments: Iterable[MailAttachment] = (),
    hold_mail: bool = False,
) -> Delivery:
    Notification.objects.bulk_create(outgoing.inbox)
    outgoing.delivery.mail = queue_mail(
        group,
        outgoing.recipients,
        kind=kind,
        subject=title,
        body=body,
        page=url,
        attachments=list(attachments),
        held=hold_mail,
    )
    return outgoing.delivery


def notify_people(group: WorkingGroup | None, people: Iterable[Person], **message) -> Delivery:
    """Tell ``people`` (read with ``select_related("user")``): each with a login gets an inbox
    message, each with an address an e-mail once the transaction commits.

    ``message``: ``kind``, ``title``, and optionally ``body``, ``url`` (the page it is about, where
    the e-mail's fate is shown), ``attachments`` and ``hold_mail`` (the e-mail waits for
    ``secretariat.mail.release``: an attachment is still being made)."""
    outgoing = _Outgoing()
    _gather_people(outgoing, group, people, message)
    return _send(outgoing, group, **message)


def _gather_organizations(
    group: WorkingGroup | None, organizations: Iterable[Organization], people: Iterable[Person], message: dict
) -> _Outgoing:
    organizations = list(organizations)
    people_of: dict[int, list[Person]] = {organization.pk: [] for organization in organizations}
    for person in Person.objects.filter(organization__in=organizations).select_related("user").order_by("pk"):
        assert person.organization_id is not None  # filtered by organization
        people_of[person.organization_id].append(person)
    outgoing = _Outgoing()
    for organization in organizations:
        told = _Outgoing()
        if _gather_people(told, group, people_of[organization.pk], message):
            outgoing.delivery.reached += told.delivery.reached
            outgoing.delivery.in_app += told.delivery.in_app
            outgoing.delivery.emailed += told.delivery.emailed
            outgoing.inbox += told.inbox
            outgoing.recipients += told.recipients
        elif organization.email:
            outgoing.delivery.reached.append(organization.name)
            outgoing.delivery.emailed.append(organization.email)
            outgoing.recipients.append(Recipient(organization.name, organization.email))
        else:
            outgoing.delivery.unreachable.append(organization.name)
    _gather_people(outgoing, group, people, message)
    return outgoing


def notify_organizations(
    group: WorkingGroup | None,
    organizations: Iterable[Organization],
    *,
    people: Iterable[Person] = (),
    **message,
) -> Delivery:
    """Tell the people of each organization; an organization with nobody to tell is unreachable,
    unless it has an address of its own, which then gets the e-mail. ``people``, told too in the
    same message, are named one by one (someone who acts for no organization)."""
    return _send(_gather_organizations(group, organizations, people, message), group, **message)


# What a message would reach, before it is sent: a confirmation counts it before the click, by the
# same rule the sending follows.
_NOTHING: dict = {"kind": "", "title": ""}


def reach_of_organizations(
    organizations: Iterable[Organization], *, people: Iterable[Person] = ()
) -> Delivery:
    """Whom ``notify_organizations`` would tell, in the app and by e-mail, and whom it could not."""
    return _gather_organizations(None, organizations, people, _NOTHING).delivery


def reach_of_people(people: Iterable[Person]) -> Delivery:
    """Whom ``notify_people`` would tell, in the app and by e-mail, and whom it could not."""
    outgoing = _Outgoing()
    _gather_people(outgoing, None, people, _NOTHING)
    return outgoing.delivery
