"""The lifecycle of a session's minutes: its statuses and what each group of them means.

It lives in the core app because the locking of minutes (``secretariat.locking``) and the
resolutions' deadlines depend on it, and neither may import ``meetings``.

planned → held (draft minutes) → circulated for signature → signed (finalized) → published.
A correction after signing takes a session back to held, with a new revision.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held, minutes in draft")
    CIRCULATED = "circulated", _("circulated for signature")
    SIGNED = "signed", _("signed")
    PUBLISHED = "published", _("published")

    @classmethod
    def editable(cls) -> list[str]:
        """Minutes still in the editor: planned or held, not yet circulated."""
        return [cls.PLANNED, cls.HELD]

    @classmethod
    def locked(cls) -> list[str]:
        """Minutes whose content is frozen, and which their attendees may read: out for signature,
        signed or published."""
        return [cls.CIRCULATED, cls.SIGNED, cls.PUBLISHED]

    @classmethod
    def signed(cls) -> list[str]:
        """Minutes signed by every attendee, published or not."""
        return [cls.SIGNED, cls.PUBLISHED]

    @classmethod
    def taken_place(cls) -> list[str]:
        """Sessions that were held, whatever became of their minutes."""
        return [cls.HELD, cls.CIRCULATED, cls.SIGNED, cls.PUBLISHED]
