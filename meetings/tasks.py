"""Background tasks of the minutes (Django's tasks API): see ``TASKS_BACKEND`` in the settings."""

from __future__ import annotations

from django_tasks import task

from meetings import invitation, signing
from secretariat import jobs


@task(takes_context=True)
def make_signed_pdf(context, revision_id: int) -> None:
    """Render, seal and store the PDF of a finalized revision (``signing.ensure_signed_pdf``)."""
    signing.ensure_signed_pdf(revision_id, token=jobs.task_token(context))


@task(takes_context=True)
def make_invitation_letter(context, invitation_id: int) -> None:
    """Lay out an issued invitation letter and send its e-mail (``invitation.make_letter``)."""
    invitation.make_letter(invitation_id, token=jobs.task_token(context))
