"""Sending the outbox (``secretariat.mail``), what the background task runs: one message per
address, with a timeout on every connection, each result recorded; a failure that may pass (no
answer, a 4xx) is tried again after ``RETRY_AFTER``, a refusal (5xx) or the last attempt marks the
address failed."""

from __future__ import annotations

import base64
import datetime
import logging
import smtplib
import socket

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from secretariat.models import MailBatch, MailDelivery
from secretariat.persian import localize_digits
from secretariat.site import site_url

# Waits before the 2nd, 3rd, 4th and 5th attempt; after the 5th an address counts as failed.
RETRY_AFTER = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
S = MailDelivery.Status

logger = logging.getLogger(__name__)


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
    link = f"\n\n{site_url()}{batch.page}" if batch.page else ""
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
