"""The signed document: the current and final revisions, the signed PDF rendered once from the
revision's snapshot, and the mail that asks attendees to sign.

The steps of the workflow themselves are actions (``meetings.actions``).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from meetings.minutes import Attendee, minutes_view
from meetings.models import Meeting, MinutesRevision
from meetings.pdf import render_minutes_pdf
from meetings.seal import check_seal, seal_configured, seal_pdf
from meetings.workflow import WorkflowError
from secretariat import jobs
from secretariat.access import Role, access_for
from secretariat.files import sha256_of, store_into
from secretariat.models import JobStatus, Notification, Person
from secretariat.notifications import Delivery, notify_people
from secretariat.persian import to_ascii_digits
from secretariat.tasks import queue

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


def _read_stored(revision: MinutesRevision) -> bytes | None:
    try:
        with revision.pdf.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError, ValueError):
        return None


def check_stored_pdf(revision: MinutesRevision) -> StoredFileCheck:
    """Check the kept file of a finalized revision: read and hashed on every check (a PDF of a few
    hundred KB hashes faster than a page renders), so a byte changed on disk is seen at once; only
    the seal's verdict, which depends on the bytes alone, is cached by their hash."""
    content = _read_stored(revision) if revision.pdf else None
    if content is None:
        return StoredFileCheck(matches_hash=False, seal_ok=False if revision.sealed else None)
    digest = sha256_of(content)
    matches = digest == revision.sha256
    seal_ok = None
    if revision.sealed:
        key = f"seal-check:{digest}"
        seal_ok = cache.get(key)
        if seal_ok is None:
            seal_ok = seal_configured() and check_seal(content).ok
            cache.set(key, seal_ok, 24 * 3600)
    return StoredFileCheck(matches_hash=matches, seal_ok=seal_ok)


def stored_pdf_is_whole(revision: MinutesRevision) -> bool:
    """Whether the kept file is still the one registered, before it is served: hashed once for
    each size and modification time the file has had (a change of either hashes it again)."""
    try:
        stamp = f"{revision.pdf.size}:{revision.pdf.storage.get_modified_time(revision.pdf.name).timestamp()}"
    except (FileNotFoundError, OSError, NotImplementedError, ValueError):
        return False
    key = f"stored-pdf-whole:{revision.pk}:{revision.sha256}:{stamp}"
    whole = cache.get(key)
    if whole is None:
        content = _read_stored(revision)
        whole = content is not None and sha256_of(content) == revision.sha256
        cache.set(key, whole, 24 * 3600)
    return whole


def queue_signed_pdf(revision: MinutesRevision) -> None:
    """Ask the background worker for the signed PDF of ``revision`` (``secretariat.tasks.queue``:
    with the database backend the task is written in the caller's transaction, so it exists
    exactly when the finalized revision does). A render that fails is recorded on the revision,
    which the session's page shows the secretariat with a button to try again."""
    from meetings.tasks import make_signed_pdf

    jobs.mark_queued(MinutesRevision, revision.pk)
    revision.refresh_from_db(fields=["job_status", "job_queued_at", "job_error"])
    queue(make_signed_pdf, revision.pk)


def can_have_signed_pdf(revision: MinutesRevision) -> bool:
    """Whether the signed PDF of a finalized revision exists or can still be made: not for a
    revision circulated before snapshots were kept whose minutes a correction has changed since."""
    if revision.pdf:
        return True
    return (
        bool(revision.content) or not revision.meeting.revisions.filter(number__gt=revision.number).exists()
    )


def signed_pdf_stalled(revision: MinutesRevision) -> bool:
    """No signed PDF and no task on its way for it: never queued, or its task was lost."""
    if revision.pdf:
        return False
    return revision.job_status == JobStatus.NOT_ASKED or jobs.stalled(revision)


def ensure_signed_pdf(revision_id: int, *, token: str) -> MinutesRevision | None:
    """Render, seal, hash and store the signed PDF of a finalized revision, once: what the
    background task runs (queued when the revision is finalized, ``queue_signed_pdf``).

    The task takes the revision's work (``jobs.claim``), renders and seals with no transaction
    open and no row locked — on SQLite a lock held while rendering would stop every write of the
    site — writes the file whole, and records it only if it still holds the work: run twice
    (its worker died and another took it up), it completes once. It is rendered from the
    revision's snapshot, so a correction opened meanwhile changes nothing of it; a revision
    circulated before snapshots were kept has only the live minutes, which a correction has
    changed: it then stays without a PDF, and the failure says why.
    """
    revision = MinutesRevision.objects.select_related("meeting__working_group").get(pk=revision_id)
    if revision.pdf or not revision.is_final:
        return revision
    if not jobs.claim(MinutesRevision, revision.pk, token):
        return None
    try:
        if not can_have_signed_pdf(revision):
            raise WorkflowError(
                _("The signed PDF of this revision was not produced, and the minutes have changed since.")
            )
        pdf, sealed = _render_and_seal(revision)
        name = store_into(
            revision,
            "pdf",
            f"minutes-{revision.meeting.number}-r{revision.number}-{revision.verification_code}.pdf",
            pdf,
        )
    except Exception as error:
        logger.exception("Could not make the signed PDF of revision %s", revision.pk)
        jobs.fail(MinutesRevision, revision.pk, token, error)
        return None
    if not jobs.finish(MinutesRevision, revision.pk, token, pdf=name, sha256=sha256_of(pdf), sealed=sealed):
        revision.pdf.storage.delete(name)  # another task took the work over and stored its own
        return None
    revision.refresh_from_db()
    return revision


def _render_and_seal(revision: MinutesRevision) -> tuple[bytes, bool]:
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_minutes_pdf(minutes_view(revision.meeting, revision))
        sealed = seal_configured()
        if sealed:
            pdf = seal_pdf(
                pdf,
                reason=_("Signed minutes of session %(number)s") % {"number": revision.meeting.number},
                location=revision.meeting.working_group.secretariat_name,
            )
    return pdf, sealed


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
