"""Work made in the background — a PDF laid out, a seal, a booklet — and its state, kept on the row
the work is for (``BackgroundJob``), so that a page says truly whether it waits, is being made, was
made, or failed and why.

A task takes the row before it starts (``claim``: queued → running, with the task's own id as the
token), works with no transaction open and no row locked, and finishes only if the row is still its
own (``finish``). A task whose worker died is run again by another worker once the dead worker's
lease has expired (``db_worker``) and takes the row over, as it carries the same token; a second
task queued for the same row waits until the first one's claim is older than the lease. So the work
completes at most once, and its failure is written where the pages read it (``fail``).
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks_db import DatabaseBackend

from secretariat.models import JobStatus

logger = logging.getLogger(__name__)

# Kept on the row: the beginning of what went wrong, enough for the page and the operator.
ERROR_CHARACTERS = 2000

# A job still queued this long after it was asked for lost its task (a worker's queue emptied by
# hand, a crash before the task was written): the next reader asks again.
STALLED_AFTER = datetime.timedelta(minutes=10)


def lease() -> datetime.timedelta:
    """How long a worker may go unheard before its work is taken up by another."""
    return datetime.timedelta(seconds=settings.TASK_LEASE_SECONDS)


def mark_queued(model: type[models.Model], pk: int, **fields) -> None:
    """The row's work was asked of the worker now."""
    model._default_manager.filter(pk=pk).update(
        job_status=JobStatus.QUEUED,
        job_token="",
        job_error="",
        job_queued_at=timezone.now(),
        job_started_at=None,
        job_finished_at=None,
        **fields,
    )


def claim(model: type[models.Model], pk: int, token: str) -> bool:
    """Take the row's work for the task ``token``: when it is queued, when this same task held it
    before (its worker died and the task runs again), or when another task's claim has outlived
    the lease. False when someone else holds it or it is done."""
    now = timezone.now()
    takeable = Q(job_status=JobStatus.QUEUED) | Q(job_status=JobStatus.RUNNING) & (
        Q(job_token=token) | Q(job_started_at__lt=now - lease())
    )
    return bool(
        model._default_manager.filter(takeable, pk=pk).update(
            job_status=JobStatus.RUNNING, job_token=token, job_started_at=now, job_error=""
        )
    )


def finish(model: type[models.Model], pk: int, token: str, **fields) -> bool:
    """Record the work done, with ``fields`` (the stored file's name, its hash...), if the task
    ``token`` still holds the row. False when another took it over meanwhile: the caller then
    throws its own result away."""
    return bool(
        model._default_manager.filter(pk=pk, job_status=JobStatus.RUNNING, job_token=token).update(
            job_status=JobStatus.READY, job_error="", job_finished_at=timezone.now(), **fields
        )
    )


def fail(model: type[models.Model], pk: int, token: str, error: BaseException | str) -> None:
    """Record why the work failed, for the page and the operator; asking again tries again."""
    reason = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
    model._default_manager.filter(pk=pk, job_status=JobStatus.RUNNING, job_token=token).update(
        job_status=JobStatus.FAILED, job_error=reason[:ERROR_CHARACTERS], job_finished_at=timezone.now()
    )


def stalled(row) -> bool:
    """Asked for so long ago that its task must have been lost; a reader may ask again."""
    if row.job_status == JobStatus.QUEUED:
        return row.job_queued_at is None or timezone.now() - row.job_queued_at > STALLED_AFTER
    if row.job_status == JobStatus.RUNNING:
        return row.job_started_at is None or timezone.now() - row.job_started_at > STALLED_AFTER
    return False


def task_token(context) -> str:
    """The id of the running task, from its ``TaskContext``: the same when a task runs again."""
    return str(context.task_result.id)


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
