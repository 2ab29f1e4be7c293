"""Background tasks of the resolutions (Django's tasks API): see ``TASKS_BACKEND`` in the settings."""

from __future__ import annotations

from django_tasks import task

from resolutions import actions
from secretariat import jobs


@task(takes_context=True)
def make_booklet(context, request_id: int) -> None:
    """Lay out and store the booklet of a compiled information request."""
    actions.store_booklet(request_id, token=jobs.task_token(context))
