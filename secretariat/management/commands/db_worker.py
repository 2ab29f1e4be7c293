"""``python manage.py db_worker``: the background worker (django-tasks-db's), with a lease.

Beside running tasks, each worker says every few seconds that it is alive (``WorkerHeartbeat``)
and sweeps: a task left "running" by a worker that has not been heard of for
``TASK_LEASE_SECONDS`` (its process was killed, its machine went down) is made ready again, and
another worker takes it up; e-mail whose retry is due is queued again (``secretariat.mail``); the
archive's search index takes in what was written since the last sweep (``archive.index``).
The tasks themselves take their work with a token (``secretariat.jobs``), so that a task run again
completes its work once.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from django.db import close_old_connections, connection
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from secretariat import jobs, mail
from secretariat.models import WorkerHeartbeat

logger = logging.getLogger("secretariat.worker")


def beat(worker_id: str) -> None:
    """Say the worker is alive."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": timezone.now(), "host": socket.gethostname()[:200], "pid": os.getpid()},
    )


def take_up_abandoned_tasks() -> int:
    """Make ready again the tasks whose worker has not been heard of for a lease; how many."""
    cutoff = timezone.now() - jobs.lease()
    alive = set(WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True))
    abandoned = [
        task.pk
        for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).only(
            "pk", "worker_ids"
        )
        if not task.worker_ids or task.worker_ids[-1] not in alive
    ]
    if abandoned:
        DBTaskResult.objects.filter(pk__in=abandoned, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        )
        logger.warning("Took up %s task(s) of workers that stopped: %s", len(abandoned), abandoned)
    WorkerHeartbeat.objects.filter(last_seen__lt=cutoff - jobs.lease() * 10).delete()
    return len(abandoned)


def sweep(worker_id: str) -> None:
    beat(worker_id)
    take_up_abandoned_tasks()
    mail.due_for_retry()
    from api import webhooks  # the interface's and the archive's apps, above this core one
    from archive import index

    webhooks.due_for_retry()
    try:
        index.refresh_all()
    except Exception:  # the index is caught up by the next sweep or search; the heartbeat must go on
        logger.exception("Could not bring the search index up to date")


class Heart(threading.Thread):
    """Beats and sweeps every few seconds beside the worker's loop, on a connection of its own."""

    def __init__(self, worker_id: str, every: float) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                sweep(self.worker_id)
            except DatabaseError:
                logger.exception("The worker's sweep failed; trying again")
            self.stopped.wait(self.every)
        connection.close()


class Command(db_worker.Command):
    help = "Run the background worker: tasks from the database queue, with a lease (see TASK_LEASE_SECONDS)."

    def handle(self, *args, worker_id: str, batch: bool, **options) -> None:
        sweep(worker_id)  # before the first task: work abandoned by a worker that died is taken up
        if batch:  # run what is queued now, then stop: the sweep above is all it needs
            super().handle(*args, worker_id=worker_id, batch=batch, **options)
            return
        heart = Heart(worker_id, every=max(1.0, jobs.lease().total_seconds() / 3))
        heart.start()
        try:
            super().handle(*args, worker_id=worker_id, batch=batch, **options)
        finally:
            heart.stopped.set()
            heart.join(timeout=5)
