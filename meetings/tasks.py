"""Background tasks of the minutes (Django's tasks API): see ``TASKS_BACKEND`` in the settings."""

from __future__ import annotations

from django_tasks import task

from meetings import signing


@task()
def make_signed_pdf(revision_id: int) -> None:
    """Render, seal and store the PDF of a finalized revision (``signing.ensure_signed_pdf``)."""
    signing.ensure_signed_pdf(revision_id)
