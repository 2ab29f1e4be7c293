"""Background tasks of the site (Django's tasks API): see ``TASKS_BACKEND`` in the settings."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend

from secretariat import documents, jobs, mail


def queue(task_function, *args) -> None:
    """Queue ``task_function(*args)`` so that it runs after the caller's transaction, never inside it.

    With the database backend the task is a row written in the caller's transaction: it reaches
    the worker exactly when the change that needs it commits, and never without it. The immediate
    backend (development, tests) would run it on the spot, inside the transaction — holding
    SQLite's write lock for as long as it renders — so there it runs once the transaction commits.
    The test settings turn that off (``TASKS_RUN_AFTER_COMMIT``): a test's own transaction never
    commits, and its tasks must run all the same.
    """
    if isinstance(task_function.get_backend(), DatabaseBackend) or not settings.TASKS_RUN_AFTER_COMMIT:
        task_function.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_function.enqueue(*args), robust=True)


@task(takes_context=True)
def make_stored_document(context, document_id: int) -> None:
    """Lay out a queued document and store it (``secretariat.documents.make_document``)."""
    documents.make_document(document_id, token=jobs.task_token(context))


@task()
def send_mail_batch(batch_id: int) -> None:
    """Send an e-mail of the outbox to each address due (``secretariat.mail.send_batch``)."""
    mail.send_batch(batch_id)
