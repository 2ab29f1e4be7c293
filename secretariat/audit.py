"""The audit trail: every action records who took it, on what, and the facts worth keeping.

Row-level history (which field changed from what to what) is kept by django-simple-history on
the models; an ``AuditRecord`` says which action of the application made the change and for
whom, including actions that write no history row (a signature, an e-mail batch).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from secretariat.models import AuditEvent, AuditRecord, WorkingGroup

__all__ = ["AuditEvent", "log_action"]


def log_action(
    actor,
    action: AuditEvent,
    subject: models.Model | None = None,
    *,
    group: WorkingGroup | None = None,
    **details: Any,
) -> AuditRecord:
    """Record that ``actor`` (a user, or ``None`` for the command line) took ``action`` on ``subject``.

    ``details`` must be JSON values: names, numbers, ISO dates as text. ``action`` is one of
    ``AuditEvent``: a name typed by hand is refused here rather than misspelled in the trail.
    """
    action = AuditEvent(action)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditRecord.objects.create(
        working_group=group,
        actor=user,
        actor_name=user.get_username() if user is not None else "",
        action=action,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        subject_label=str(subject) if subject is not None else "",
        details=details,
    )
