"""``python manage.py db_worker``: the background worker (django-tasks-db's), with a lease.

Beside running tasks, each worker says every few seconds that it is alive (``WorkerHeartbeat``)
and sweeps: a task left "running" by a worker that has not been heard of for
``TASK_LEASE_SECONDS`` (its process was killed, its machine went down) is made ready again, and
another worker takes it up; e-mail whose retry is due is queued again (``secretariat.mail``). A
thread of its own brings the archive's search index up to date every few seconds (``archive.index``).
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
    from api import webhooks  # the interface's app, above this core one

    webhooks.due_for_retry()


def keep_index() -> None:
    """Bring the archive's search index up to date with what was written since (``archive.index``)."""
    from archive import index

    try:
        index.refresh_all()
    except Exception:  # caught up by the next round or by a search; the worker must go on
        logger.exception("Could not bring the search index up to date")


class Every(threading.Thread):
    """Runs ``work`` every few seconds beside the worker's loop, on a connection of its own."""

    def __init__(self, name: str, work, every: float) -> None:
        super().__init__(name=name, daemon=True)
        self.work = work
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                self.work()
            except DatabaseError:
                logger.exception("The worker's %s failed; trying again", self.name)
            self.stopped.wait(self.every)
        connection.close()


class Command(db_worker.Command):
    help = "Run the background worker: tasks from the database queue, with a lease (see TASK_LEASE_SECONDS)."

    def handle(self, *args, worker_id: str, batch: bool, **options) -> None:
        sweep(worker_id)  # before the first task: work abandoned by a worker that died is taken up
        if batch:  # run what is queued now, then stop: the sweep above is all it needs
            super().handle(*args, worker_id=worker_id, batch=batch, **options)
            return
        every = max(1.0, jobs.lease().total_seconds() / 3)
        # The index has a thread of its own: indexing many sessions must not delay the heartbeat,
        # or the other workers would take this one for dead.
        threads = [
            Every("heartbeat", lambda: sweep(worker_id), every),
            Every("search index", keep_index, every),
        ]
        for thread in threads:
            thread.start()
        try:
            super().handle(*args, worker_id=worker_id, batch=batch, **options)
        finally:
            for thread in threads:
                thread.stopped.set()
            for thread in threads:
                thread.join(timeout=5)
