"""E-mail that cannot hang the site: written to an outbox in the action's transaction, sent by the
background worker one address at a time, with a timeout on every connection, retried with
back-off, and the result kept per address, shown where the sending happened.

``queue_mail`` writes a ``MailBatch`` and its ``MailDelivery`` rows and queues ``send_mail_batch``;
``send_batch`` (what the task runs) sends to each address due, so that a 550 for one address
does not drop the next. A failure that may pass (a server that does not answer, a 4xx) is tried
again after ``RETRY_AFTER``; a refusal (5xx) or the last attempt marks the address failed. The
worker's sweep queues the retries that are due (``due_for_retry``).
"""

from __future__ import annotations

import base64
import datetime
import logging
import smtplib
import socket
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secretariat.models import MailBatch, MailDelivery, WorkingGroup
from secretariat.persian import localize_digits

logger = logging.getLogger(__name__)

# Waits before the 2nd, 3rd, 4th and 5th attempt; after the 5th an address counts as failed.
RETRY_AFTER = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
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
    attachments: list[MailAttachment] = (),
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
        _queue_sending(batch.pk)
    return batch


def release(batch: MailBatch, attachments: list[MailAttachment]) -> None:
    """Add the attachments that were being made, and send."""
    MailBatch.objects.filter(pk=batch.pk).update(
        held=False, attachments=[*batch.attachments, *(a.as_json() for a in attachments)]
    )
    _queue_sending(batch.pk)


def retry(batch: MailBatch) -> int:
    """Send again, now, to the addresses that failed or wait for a retry; how many."""
    again = batch.deliveries.filter(status__in=[S.FAILED, S.RETRYING]).update(
        status=S.QUEUED, next_attempt_at=None, attempts=0
    )
    if again and not batch.held:
        _queue_sending(batch.pk)
    return again


def _queue_sending(batch_id: int) -> None:
    from secretariat.tasks import queue, send_mail_batch

    queue(send_mail_batch, batch_id)


def due_for_retry(now: datetime.datetime | None = None) -> list[int]:
    """Queue the batches with addresses whose retry is due, and those a dead worker left "being
    sent"; the ids queued. Run by the worker's sweep."""
    now = now or timezone.now()
    from secretariat.jobs import lease

    stuck = Q(status=S.SENDING, updated_at__lt=now - lease())
    due = Q(status=S.RETRYING, next_attempt_at__lte=now) | stuck
    batch_ids = sorted(
        set(MailDelivery.objects.filter(due, batch__held=False).values_list("batch_id", flat=True))
    )
    if batch_ids:
        MailDelivery.objects.filter(due, batch_id__in=batch_ids).update(status=S.QUEUED)
        for batch_id in batch_ids:
            _queue_sending(batch_id)
    return batch_ids


def send_batch(batch_id: int) -> None:
    """Send the batch to each address that is due, recording each result: what the task runs."""
    batch = MailBatch.objects.filter(pk=batch_id, held=False).first()
    if batch is None:
        return
    due = list(batch.deliveries.filter(status=S.QUEUED))
    if not due:
        return
    # Taken for this run: a second worker running the same batch skips them.
    taken_ids = [
        delivery.pk
        for delivery in due
        if MailDelivery.objects.filter(pk=delivery.pk, status=S.QUEUED).update(status=S.SENDING)
    ]
    deliveries = [delivery for delivery in due if delivery.pk in taken_ids]
    try:
        attachments = _attachments(batch)
    except OSError as error:
        for delivery in deliveries:
            _record_failure(delivery, error, permanent=False)
        return
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    connection_error: BaseException | None = None
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as error:
        connection_error = error
    for delivery in deliveries:
        if connection_error is not None:
            _record_failure(delivery, connection_error, permanent=False)
            continue
        try:
            _message(batch, delivery, attachments, connection).send()
        except smtplib.SMTPRecipientsRefused as error:
            code = next(iter(error.recipients.values()), (0, b""))[0]
            _record_failure(delivery, error, permanent=code >= 500)
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            _record_failure(delivery, error, permanent=error.smtp_code >= 500)
        except (OSError, smtplib.SMTPException) as error:
            # The connection broke (a timeout, a disconnect): this address and the rest wait.
            connection_error = error
            _record_failure(delivery, error, permanent=False)
        else:
            _record_sent(delivery)
    try:
        connection.close()
    except (OSError, smtplib.SMTPException):
        pass


def _message(batch: MailBatch, delivery: MailDelivery, attachments, connection) -> EmailMessage:
    link = f"\n\n{settings.SITE_URL}{batch.page}" if batch.page else ""
    message = EmailMessage(
        batch.subject, f"{batch.body}{link}".strip(), to=[delivery.address], connection=connection
    )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def _attachments(batch: MailBatch) -> list[tuple[str, bytes, str]]:
    found = []
    for attachment in batch.attachments:
        if "content" in attachment:
            content = base64.b64decode(attachment["content"])
        else:
            with default_storage.open(attachment["stored_name"], "rb") as handle:
                content = handle.read()
        found.append((attachment["filename"], content, attachment["mimetype"]))
    return found


def _record_sent(delivery: MailDelivery) -> None:
    MailDelivery.objects.filter(pk=delivery.pk).update(
        status=S.SENT, attempts=delivery.attempts + 1, error="", sent_at=timezone.now(), next_attempt_at=None
    )


def _record_failure(delivery: MailDelivery, error: BaseException, *, permanent: bool) -> None:
    attempts = delivery.attempts + 1
    last = permanent or attempts >= MAX_ATTEMPTS
    logger.warning("E-mail to %s failed (attempt %s): %s", delivery.address, attempts, error)
    MailDelivery.objects.filter(pk=delivery.pk).update(
        status=S.FAILED if last else S.RETRYING,
        attempts=attempts,
        error=describe(error),
        next_attempt_at=None if last else timezone.now() + RETRY_AFTER[attempts - 1],
    )


def describe(error: BaseException) -> str:
    """What went wrong, in a line the secretariat can pass on to whoever runs the mail server: its
    own answer ("550 5.1.1 …") when it gave one, else what happened, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        if isinstance(error, smtplib.SMTPRecipientsRefused):
            code, message = next(iter(error.recipients.values()), (0, b""))
            return f"{code} {_text(message)}".strip()
        if isinstance(error, smtplib.SMTPResponseException):
            return f"{error.smtp_code} {_text(error.smtp_error)}".strip()
        if isinstance(error, TimeoutError) or "timed out" in str(error):
            return _("the mail server did not answer within %(seconds)s seconds") % {
                "seconds": localize_digits(settings.EMAIL_TIMEOUT)
            }
        if isinstance(error, ConnectionRefusedError):
            return _("the mail server refused the connection")
        if isinstance(error, smtplib.SMTPServerDisconnected):
            return _("the mail server closed the connection")
        if isinstance(error, socket.gaierror):
            return _("the mail server's name was not found")
        return f"{type(error).__name__}: {error}"[:500]


def _text(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


# ---------------------------------------------------------------------------
# What the pages show


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
