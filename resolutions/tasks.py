"""Background tasks of the resolutions (Django's tasks API): see ``TASKS_BACKEND`` in the settings."""

from __future__ import annotations

from django_tasks import task

from resolutions import actions


@task()
def make_booklet(request_id: int) -> None:
    """Lay out and store the booklet of a compiled information request."""
    actions.store_booklet(request_id)
