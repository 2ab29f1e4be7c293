"""Background tasks of the core app (Django's tasks API; see ``TASKS_BACKEND`` in the settings), and
how the work is asked of them: actions and pages call ``queue_*``, the worker runs the tasks."""

from __future__ import annotations

from django_tasks import task

from secretariat import jobs, layout, sending
from secretariat.models import StoredDocument


@task(takes_context=True)
def make_stored_document(context, document_id: int) -> None:
    """Lay out a queued document and store it (``secretariat.layout.make_document``)."""
    layout.make_document(document_id, token=jobs.task_token(context))


@task()
def send_mail_batch(batch_id: int) -> None:
    """Send an e-mail of the outbox to each address due (``secretariat.sending.send_batch``)."""
    sending.send_batch(batch_id)


def queue_document(document: StoredDocument) -> None:
    """Ask the worker to lay out a stored document."""
    jobs.mark_queued(StoredDocument, document.pk)
    jobs.queue(make_stored_document, document.pk)


def queue_sending(batch_id: int) -> None:
    """Ask the worker to send an e-mail of the outbox to the addresses due."""
    jobs.queue(send_mail_batch, batch_id)
