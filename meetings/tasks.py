"""Background tasks of the minutes (Django's tasks API; see ``TASKS_BACKEND`` in the settings), and
how the work is asked of them: actions and pages call ``queue_*``, the worker runs the tasks."""

from __future__ import annotations

from django_tasks import task

from meetings.models import Invitation, MinutesRevision
from meetings.planning import invitation
from meetings.signing import signed_pdf
from secretariat import jobs


@task(takes_context=True)
def make_signed_pdf(context, revision_id: int) -> None:
    """Render, seal and store the PDF of a finalized revision (``signed_pdf.ensure_signed_pdf``)."""
    signed_pdf.ensure_signed_pdf(revision_id, token=jobs.task_token(context))


@task(takes_context=True)
def make_invitation_letter(context, invitation_id: int) -> None:
    """Lay out an issued invitation letter and send its e-mail (``invitation.make_letter``)."""
    invitation.make_letter(invitation_id, token=jobs.task_token(context))


def queue_signed_pdf(revision: MinutesRevision) -> None:
    """Ask the worker for the signed PDF of ``revision`` (with the database backend the task is
    written in the caller's transaction, so it exists exactly when the finalized revision does).
    A render that fails is recorded on the revision, which the session's page shows the
    secretariat with a button to try again."""
    jobs.mark_queued(MinutesRevision, revision.pk)
    revision.refresh_from_db(fields=["job_status", "job_queued_at", "job_error"])
    jobs.queue(make_signed_pdf, revision.pk)


def queue_letter(letter: Invitation) -> None:
    """Ask the worker to lay an issued invitation letter out, then send its e-mail."""
    jobs.mark_queued(Invitation, letter.pk)
    jobs.queue(make_invitation_letter, letter.pk)
