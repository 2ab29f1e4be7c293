"""Background tasks of the site (Django's tasks API): see ``TASKS_BACKEND`` in the settings."""

from __future__ import annotations

from django_tasks import task

from secretariat import documents


@task()
def make_stored_document(document_id: int) -> None:
    """Lay out a queued document and store it (``secretariat.documents.make_document``)."""
    documents.make_document(document_id)
