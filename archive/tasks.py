"""The archive's background work: reading the files of a bulk import (``archive.bulk``)."""

from __future__ import annotations

from django_tasks import task

from archive import bulk
from secretariat import jobs


@task(takes_context=True)
def read_import_batch(context, batch_id: int) -> None:
    bulk.read_batch(batch_id, token=jobs.task_token(context))
