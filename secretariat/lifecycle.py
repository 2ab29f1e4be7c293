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


# ---------------------------------------------------------------------------
# Who reads what in each stage: the one rule pages, lists, exports, feeds, documents and the API
# follow (``meetings.models.MeetingQuerySet`` turns it into queries, ``meetings.access`` applies it
# to one session).


class Stage(models.TextChoices):
    """Where a session stands, as readers see it: its status, and whether it was signed before."""

    PLANNED = "planned", _("planned")
    DRAFT = "draft", _("held, minutes in draft")
    CIRCULATED = "circulated", _("circulated for signature")
    SIGNED = "signed", _("signed")
    PUBLISHED = "published", _("published")
    CORRECTION = "correction", _("a correction is being drafted")


def stage_of(status: str, *, signed_before: bool) -> Stage:
    """The stage of a session with ``status``; ``signed_before``: it has a finalized revision."""
    if status == SessionStatus.HELD:
        return Stage.CORRECTION if signed_before else Stage.DRAFT
    return Stage(status)


class Reader(models.TextChoices):
    STAFF = "staff", _("the secretariat")
    ATTENDEE = "attendee", _("a member organization that attended")
    MEMBER = "member", _("another member organization")


class Reading(models.TextChoices):
    """What a reader reads of a session."""

    SESSION = "session", _("the session: when, where, its agenda; nothing of its minutes")
    DRAFT = "draft", _("the minutes as drafted now")
    CIRCULATED = "circulated", _("the revision out for signature")
    LAST_SIGNED = "last_signed", _("the last signed revision")
    LAST_PUBLISHED = "last_published", _("the last published revision")


S, R, D = Stage, Reader, Reading
READS: dict[Stage, dict[Reader, Reading]] = {
    S.PLANNED: {R.STAFF: D.DRAFT, R.ATTENDEE: D.SESSION, R.MEMBER: D.SESSION},
    S.DRAFT: {R.STAFF: D.DRAFT, R.ATTENDEE: D.SESSION, R.MEMBER: D.SESSION},
    S.CIRCULATED: {R.STAFF: D.CIRCULATED, R.ATTENDEE: D.CIRCULATED, R.MEMBER: D.LAST_PUBLISHED},
    S.SIGNED: {R.STAFF: D.LAST_SIGNED, R.ATTENDEE: D.LAST_SIGNED, R.MEMBER: D.LAST_PUBLISHED},
    S.PUBLISHED: {R.STAFF: D.LAST_PUBLISHED, R.ATTENDEE: D.LAST_PUBLISHED, R.MEMBER: D.LAST_PUBLISHED},
    S.CORRECTION: {R.STAFF: D.DRAFT, R.ATTENDEE: D.LAST_SIGNED, R.MEMBER: D.LAST_PUBLISHED},
}
"""For each stage and reader, what is read. A revision that does not exist (nothing published yet)
is read as the session alone. What a revision says is its snapshot: what was signed stays
readable and frozen, whatever a correction drafts meanwhile."""

# Readings that are the session's rows as they are now (frozen or not), rather than a revision
# that a later draft may have left behind.
CURRENT: set[tuple[Stage, Reading]] = {
    (S.PLANNED, D.DRAFT),
    (S.DRAFT, D.DRAFT),
    (S.CORRECTION, D.DRAFT),
    (S.CIRCULATED, D.CIRCULATED),
    (S.SIGNED, D.LAST_SIGNED),
    (S.PUBLISHED, D.LAST_PUBLISHED),
}
