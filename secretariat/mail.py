"""E-mail that cannot hang the site: written to an outbox in the action's transaction, sent by the
background worker one address at a time, with a timeout on every connection, retried with
back-off, and the result kept per address, shown where the sending happened.

``queue_mail`` writes a ``MailBatch`` and its ``MailDelivery`` rows and queues their sending
(``secretariat.sending``, one address at a time, so that a 550 for one does not drop the next).
The worker's sweep queues the retries that are due (``due_for_retry``); pages show what became of
each e-mail (``reports_for_page``, ``failing_reports``).
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from secretariat import jobs
from secretariat.models import MailBatch, MailDelivery, WorkingGroup
from secretariat.tasks import queue_sending

S = MailDelivery.Status


@dataclass(frozen=True)
class Recipient:
    name: str
    address: str


@dataclass(frozen=True)
class MailAttachment:
    """A file an e-mail carries: its bytes, or the name of a stored file read when it is sent."""

    filename: str
    mimetype: str
    content: bytes | None = None
    stored_name: str = ""

    def as_json(self) -> dict:
        if self.content is not None:
            return {
                "filename": self.filename,
                "mimetype": self.mimetype,
                "content": base64.b64encode(self.content).decode("ascii"),
            }
        return {"filename": self.filename, "mimetype": self.mimetype, "stored_name": self.stored_name}


def queue_mail(
    group: WorkingGroup | None,
    recipients: list[Recipient],
    *,
    kind: str,
    subject: str,
    body: str,
    page: str = "",
    attachments: Sequence[MailAttachment] = (),
    held: bool = False,
) -> MailBatch | None:
    """Write the message to the outbox for each address; it goes once the transaction commits
    (``held``: once ``release`` is called, when an attachment still being made is ready)."""
    unique = list(
        {recipient.address.lower(): recipient for recipient in recipients if recipient.address}.values()
    )
    if not unique:
        return None
    batch = MailBatch.objects.create(
        working_group=group,
        kind=kind,
        subject=subject,
        body=body,
        page=page,
        attachments=[attachment.as_json() for attachment in attachments],
        held=held,
    )
    MailDelivery.objects.bulk_create(
        MailDelivery(batch=batch, name=recipient.name, address=recipient.address) for recipient in unique
    )
    if not held:
        queue_sending(batch.pk)
    return batch


def release(batch: MailBatch, attachments: list[MailAttachment]) -> None:
    """Add the attachments that were being made, and send."""
    MailBatch.objects.filter(pk=batch.pk).update(
        held=False, attachments=[*batch.attachments, *(a.as_json() for a in attachments)]
    )
    queue_sending(batch.pk)


def retry(batch: MailBatch) -> int:
    """Send again, now, to the addresses that failed or wait for a retry; how many."""
    again = batch.deliveries.filter(status__in=[S.FAILED, S.RETRYING]).update(
        status=S.QUEUED, next_attempt_at=None, attempts=0
    )
    if again and not batch.held:
        queue_sending(batch.pk)
    return again


def due_for_retry(now: datetime.datetime | None = None) -> list[int]:
    """Queue the batches with addresses whose retry is due, and those a dead worker left "being
    sent"; the ids queued. Run by the worker's sweep."""
    now = now or timezone.now()
    stuck = Q(status=S.SENDING, updated_at__lt=now - jobs.lease())
    due = Q(status=S.RETRYING, next_attempt_at__lte=now) | stuck
    batch_ids = sorted(
        set(MailDelivery.objects.filter(due, batch__held=False).values_list("batch_id", flat=True))
    )
    if batch_ids:
        MailDelivery.objects.filter(due, batch_id__in=batch_ids).update(status=S.QUEUED)
        for batch_id in batch_ids:
            queue_sending(batch_id)
    return batch_ids


@dataclass
class MailReport:
    """What became of one e-mail: to whom it went, for whom it failed, and when it is tried again."""

    batch: MailBatch
    sent: list[MailDelivery] = field(default_factory=list)
    waiting: list[MailDelivery] = field(default_factory=list)
    retrying: list[MailDelivery] = field(default_factory=list)
    failed: list[MailDelivery] = field(default_factory=list)

    @property
    def next_attempt_at(self) -> datetime.datetime | None:
        times = [delivery.next_attempt_at for delivery in self.retrying if delivery.next_attempt_at]
        return min(times) if times else None

    @property
    def has_problems(self) -> bool:
        return bool(self.retrying or self.failed)

    @property
    def total(self) -> int:
        return len(self.sent) + len(self.waiting) + len(self.retrying) + len(self.failed)


def reports(batches) -> list[MailReport]:
    """``MailReport`` of each batch (read with ``prefetch_related("deliveries")``)."""
    found = []
    for batch in batches:
        report = MailReport(batch)
        for delivery in batch.deliveries.all():
            {
                S.SENT: report.sent,
                S.RETRYING: report.retrying,
                S.FAILED: report.failed,
            }.get(delivery.status, report.waiting).append(delivery)
        found.append(report)
    return found


def reports_for_page(group: WorkingGroup, page: str, *, limit: int = 5) -> list[MailReport]:
    """The latest e-mails sent from (and linking to) ``page``, newest first."""
    batches = MailBatch.objects.filter(working_group=group, page=page).prefetch_related("deliveries")
    return reports(batches[:limit])


def failing_reports(group: WorkingGroup, *, limit: int = 20) -> list[MailReport]:
    """The group's e-mails with an address that failed or waits for a retry, unless staff set them
    aside: for the work queue."""
    problems = MailDelivery.objects.filter(
        batch__working_group=group, batch__set_aside=False, status__in=[S.RETRYING, S.FAILED]
    )
    batches = MailBatch.objects.filter(pk__in=problems.values("batch_id")).prefetch_related("deliveries")
    return reports(batches[:limit])
