"""Background tasks of the resolutions (Django's tasks API; see ``TASKS_BACKEND`` in the settings),
and how the work is asked of them: actions and pages call ``queue_*``, the worker runs the tasks."""

from __future__ import annotations

from django_tasks import task

from resolutions import booklet
from resolutions.models import InformationRequest
from secretariat import jobs


@task(takes_context=True)
def make_booklet(context, request_id: int) -> None:
    """Lay out and store the booklet of a compiled information request (``booklet.store_booklet``)."""
    booklet.store_booklet(request_id, token=jobs.task_token(context))


def queue_booklet(request: InformationRequest) -> None:
    """Ask the worker to lay out the booklet of a compiled request."""
    jobs.mark_queued(InformationRequest, request.pk)
    jobs.queue(make_booklet, request.pk)
    request.refresh_from_db()
