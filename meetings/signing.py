"""The signed document: the current and final revisions, the signed PDF rendered once from the
revision's snapshot, and the mail that asks attendees to sign.

The steps of the workflow themselves are actions (``meetings.actions``).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from meetings.minutes import Attendee, minutes_view
from meetings.models import Meeting, MinutesRevision
from meetings.pdf import render_minutes_pdf
from meetings.seal import check_seal, seal_configured, seal_pdf
from meetings.workflow import WorkflowError
from secretariat.access import Role, access_for
from secretariat.models import Notification, Person
from secretariat.notifications import Delivery, notify_people
from secretariat.persian import to_ascii_digits

logger = logging.getLogger(__name__)

VERIFICATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O or 1/I to misread


def current_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.order_by("-number").first()


def latest_final_revision(meeting: Meeting) -> MinutesRevision | None:
    return meeting.revisions.final().order_by("-number").first()


def new_verification_code() -> str:
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _index in range(12))


def normalize_verification_code(typed: str) -> str:
    """A code as typed — any case, Persian digits, spaces or dashes between groups — as stored."""
    return "".join(
        character
        for character in to_ascii_digits(typed).upper()
        if character.isascii() and character.isalnum()
    )


@dataclass(frozen=True)
class StoredFileCheck:
    """Whether the signed PDF kept for a revision is the one registered: the same SHA-256, and
    (when sealed) a seal that is present, intact and made by the secretariat's certificate."""

    matches_hash: bool
    seal_ok: bool | None  # None: the revision was not sealed

    @property
    def intact(self) -> bool:
        return self.matches_hash and self.seal_ok is not False


def check_stored_pdf(revision: MinutesRevision) -> StoredFileCheck:
    """Check the kept file of a finalized revision; the answer is cached for a day per file."""
    key = f"stored-pdf-check:{revision.pk}:{revision.sha256}"
    cached = cache.get(key)
    if cached is not None:
        return StoredFileCheck(*cached)
    try:
        with revision.pdf.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return StoredFileCheck(matches_hash=False, seal_ok=False if revision.sealed else None)
    matches = hashlib.sha256(content).hexdigest() == revision.sha256
    seal_ok = None
    if revision.sealed:
        seal_ok = seal_configured() and check_seal(content).ok
    result = StoredFileCheck(matches_hash=matches, seal_ok=seal_ok)
    cache.set(key, (result.matches_hash, result.seal_ok), 24 * 3600)
    return result


def queue_signed_pdf(revision: MinutesRevision) -> None:
    """Ask the background worker for the signed PDF of ``revision``.

    With the database backend the task is written in the caller's transaction, so it exists
    exactly when the finalized revision does; with the immediate backend (development) it runs
    here and now. A render that fails is logged, and a later download asks again
    (``signed_pdf_stalled``).
    """
    from meetings.tasks import make_signed_pdf

    revision.pdf_queued_at = timezone.now()
    MinutesRevision.objects.filter(pk=revision.pk).update(pdf_queued_at=revision.pdf_queued_at)
    make_signed_pdf.enqueue(revision.pk)


def can_have_signed_pdf(revision: MinutesRevision) -> bool:
    """Whether the signed PDF of a finalized revision exists or can still be made: not for a
    revision circulated before snapshots were kept whose minutes a correction has changed since."""
    if revision.pdf:
        return True
    return (
        bool(revision.content) or not revision.meeting.revisions.filter(number__gt=revision.number).exists()
    )


def signed_pdf_stalled(revision: MinutesRevision) -> bool:
    """No signed PDF and no task on its way for it: never queued, or queued so long ago that the
    task must have failed."""
    from secretariat.documents import stalled

    return not revision.pdf and stalled(revision.pdf_queued_at)


@transaction.atomic
def ensure_signed_pdf(revision_id: int) -> MinutesRevision:
    """Render, seal, hash and store the signed PDF of a finalized revision, once.

    Run by a background task queued when the revision is finalized (``queue_signed_pdf``), and
    queued again by a download only if that task failed. Once stored, the file is never rendered
    again. It is rendered from the
    revision's snapshot, so a correction opened meanwhile changes nothing of it; a revision
    circulated before snapshots were kept has only the live minutes, which a correction has
    changed: it then stays without a PDF (``WorkflowError``).
    """
    revision = (
        MinutesRevision.objects.select_for_update()
        .select_related("meeting__working_group")
        .get(pk=revision_id)
    )
    if revision.pdf or not revision.is_final:
        return revision
    if not revision.content and revision.meeting.revisions.filter(number__gt=revision.number).exists():
        raise WorkflowError(
            _("The signed PDF of this revision was not produced, and the minutes have changed since.")
        )
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_minutes_pdf(minutes_view(revision.meeting, revision))
        sealed = seal_configured()
        if sealed:
            pdf = seal_pdf(
                pdf,
                reason=_("Signed minutes of session %(number)s") % {"number": revision.meeting.number},
                location=revision.meeting.working_group.secretariat_name,
            )
    revision.sha256 = hashlib.sha256(pdf).hexdigest()
    revision.sealed = sealed
    revision.pdf.save(
        f"minutes-{revision.meeting.number}-r{revision.number}-{revision.verification_code}.pdf",
        ContentFile(pdf),
        save=False,
    )
    revision.save(update_fields=["pdf", "sha256", "sealed"])
    return revision


def signers_to_ask(meeting: Meeting, signers: list[Attendee]) -> list[Person]:
    """The signers who can sign online: the people still linked to the login they had when the
    minutes were circulated, with a role in the group (a guest from outside it could not open
    the link; they sign on paper, which the secretariat records)."""
    people = Person.objects.select_related("user").in_bulk([a.person_id for a in signers if a.user_id])
    asked = []
    for attendee in signers:
        person = people.get(attendee.person_id)
        if person is None or person.user_id != attendee.user_id or not person.user.is_active:
            continue
        if access_for(person.user, meeting.working_group).role != Role.NONE:
            asked.append(person)
    return asked


def ask_for_signatures(meeting: Meeting, signers: list[Attendee]) -> Delivery:
    """Tell every signer who can sign online that the minutes wait for them (inbox and e-mail)."""
    context = {"meeting": meeting, "group": meeting.working_group}
    with translation.override(settings.LANGUAGE_CODE):
        asked = signers_to_ask(meeting, signers)
        delivery = notify_people(
            meeting.working_group,
            asked,
            kind=Notification.Kind.SIGNATURE,
            title=render_to_string("meetings/email/circulated_subject.txt", context).strip(),
            body=render_to_string("meetings/email/circulated_body.txt", context).strip(),
            url=meeting.get_absolute_url(),
        )
    asked_ids = {person.pk for person in asked}
    delivery.unreachable += [a.name for a in signers if a.person_id not in asked_ids]
    return delivery
