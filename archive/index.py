"""Keeping the search index in step with the sessions.

``refresh(groups)`` compares each session's stamp — its edit number (raised by every action that
changes what the minutes show), its status, how many follow-up reports and proposals it has — with
the stamp it was indexed under, and indexes again the sessions that changed: whatever wrote them
(an action, the admin, the importer, a command). The background worker's sweep runs it for every
group every few seconds (``refresh_all``), so the index follows each write without a person
waiting for it; a search calls it first as well, so the index is never behind what it reads.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse

from archive import extract
from archive.models import IndexedSession, SearchEntry
from archive.words import group_token, index_key
from meetings.models import AgendaItem, AgendaProposal, Meeting
from resolutions.models import FollowUp, Resolution
from secretariat import data_version
from secretariat.persian import to_jalali

K, A = SearchEntry.Kind, SearchEntry.Audience
TITLE_CHARACTERS = 200
REFRESHED_SECONDS = 24 * 3600


def _count(model, path: str, **only):
    rows = (
        model.objects.filter(**{path: OuterRef("pk")}, **only)
        .order_by()
        .values(path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1]), 0)


def stamped(meetings):
    """``meetings`` annotated with ``search_stamp``: what the index of each was made from."""
    parts = {
        "_reports": _count(FollowUp, "resolution__meeting"),
        "_accepted": _count(FollowUp, "resolution__meeting", review=FollowUp.Review.ACCEPTED),
        "_proposals": _count(AgendaProposal, "meeting"),
        "_decided": _count(AgendaProposal, "meeting", status__in=["accepted", "declined"]),
    }
    pieces: list = ["version", Value(":"), "status"]
    for name in parts:
        pieces += [Value(":"), name]
    return meetings.annotate(**parts).annotate(search_stamp=Concat(*pieces, output_field=CharField()))


def refresh(group_ids, *, force: bool = False) -> int:
    """Index again the sessions of these groups that changed since they were indexed; how many.

    Nothing to compare when nothing was written since the last refresh of these groups (the
    site's data version, ``secretariat.data_version``, is the one it was then): a search then
    costs one query here."""
    group_ids = sorted(group_ids)
    seen = f"archive-index:{hashlib.sha256(repr(group_ids).encode()).hexdigest()[:32]}"
    version = data_version.current()  # read first: a write while comparing makes the next search compare
    if not force and version is not None and cache.get(seen) == version:
        return 0
    indexed = IndexedSession.objects.filter(meeting=OuterRef("pk")).values("stamp")[:1]
    stale = list(
        stamped(Meeting.objects.filter(working_group_id__in=group_ids))
        .annotate(indexed_stamp=Subquery(indexed))
        .values_list("pk", "search_stamp", "indexed_stamp")
    )
    changed = [(pk, stamp) for pk, stamp, was in stale if stamp != was]
    for pk, stamp in changed:
        try:
            index_session(pk, stamp)
        except IntegrityError:
            pass  # another search indexed it at the same moment
    if version is not None:
        cache.set(seen, version, REFRESHED_SECONDS)
    return len(changed)


def refresh_all() -> int:
    """``refresh`` every working group: what the worker's sweep runs."""
    from secretariat.models import WorkingGroup

    return refresh(WorkingGroup.objects.values_list("pk", flat=True))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TITLE_CHARACTERS else text[: TITLE_CHARACTERS - 1] + "…"


def index_session(meeting_id: int, stamp: str) -> None:
    """Index one session again. Its rows and files are read first; only the index's rows are
    written in a transaction (reading an attached PDF can take seconds: no lock is held for it)."""
    meeting = Meeting.objects.select_related("working_group").prefetch_related("days").get(pk=meeting_id)
    group = meeting.working_group
    url = reverse("meetings:minutes", args=[group.slug, meeting.number])
    first = meeting.first_date
    year = to_jalali(first).year if first else None
    common = {"working_group": group, "meeting": meeting, "year": year, "session_number": meeting.number}
    entries: list[SearchEntry] = []

    # A file's text is read once: kept from the last indexing while the same file is attached.
    read_before = {
        (kind, object_id, source): text
        for kind, object_id, source, text in SearchEntry.objects.filter(meeting=meeting)
        .exclude(source="")
        .values_list("kind", "object_id", "source", "text")
    }

    def add_file(kind, object_id, audience, title, field, link, organization=None):
        name = field.name if field else ""
        if not name:
            return
        text = read_before.get((kind, object_id, name))
        if text is None:
            text = extract.text_of(name)
        add(kind, object_id, audience, title, text, link=link, organization=organization, source=name)

    def add(kind, object_id, audience, title, text, link=url, organization=None, committee=None, source=""):
        text = (text or "").strip()
        if not text:
            return
        entries.append(
            SearchEntry(
                kind=kind,
                object_id=object_id,
                audience=audience,
                title=_short(title or text),
                text=text,
                key=" ".join([group_token(group.pk), index_key(title), index_key(text)]),
                url=link,
                organization=organization,
                committee=committee,
                source=source,
                **common,
            )
        )

    add(
        K.MINUTES,
        meeting.pk,
        A.CONTENT,
        str(meeting),
        "\n".join([meeting.opening_programme, meeting.proceedings]),
    )
    for speech in meeting.speeches.select_related("speaker__organization"):
        speaker = speech.speaker
        add(
            K.SPEECH,
            speech.pk,
            A.CONTENT,
            speaker.formal_name,
            speech.summary,
            organization=speaker.organization,
        )
    items = meeting.agenda_items.select_related(
        "presenter_organization", "presenter_committee"
    ).prefetch_related("documents")
    for item in items:
        audience = A.SESSION if item.state == AgendaItem.State.ACCEPTED else A.STAFF
        for document in item.documents.all():
            add_file(
                K.AGENDA_FILE,
                document.pk,
                audience,
                document.name,
                document.file,
                reverse("meetings:agenda_document", args=[group.slug, meeting.number, document.pk]),
            )
        add(
            K.AGENDA,
            item.pk,
            audience,
            item.title,
            "\n".join([item.title, item.outcome]),
            organization=item.presenter_organization,
            committee=item.presenter_committee,
        )
    for proposal in meeting.agenda_proposals.select_related("organization"):
        add_file(
            K.PROPOSAL_FILE,
            proposal.pk,
            A.ORGANIZATION,
            proposal.attachment_name or proposal.title,
            proposal.attachment,
            reverse("meetings:proposal_attachment", args=[group.slug, meeting.number, proposal.pk]),
            organization=proposal.organization,
        )
        add(
            K.PROPOSAL,
            proposal.pk,
            A.ORGANIZATION,
            proposal.title,
            "\n".join([proposal.title, proposal.explanation]),
            organization=proposal.organization,
        )
    resolutions = Resolution.objects.filter(meeting=meeting).select_related(
        "meeting__working_group", "responsible_organization", "responsible_committee"
    )
    for resolution in resolutions:
        add(
            K.RESOLUTION,
            resolution.pk,
            A.CONTENT,
            resolution.label,
            "\n".join(
                [
                    resolution.text,
                    resolution.deliverable,
                    resolution.deadline_text,
                    resolution.responsible_label,
                ]
            ),
            link=resolution.get_tracker_url(),
            organization=resolution.responsible_organization,
            committee=resolution.responsible_committee,
        )
    reports = FollowUp.objects.filter(resolution__meeting=meeting).select_related(
        "organization", "resolution__meeting__working_group"
    )
    for report in reports:
        audience = A.CONTENT if report.review == FollowUp.Review.ACCEPTED else A.ORGANIZATION
        add_file(
            K.REPORT_FILE,
            report.pk,
            audience,
            report.attachment_name or report.resolution.label,
            report.attachment,
            reverse("resolutions:attachment", args=[group.slug, report.pk]),
            organization=report.organization,
        )
        add(
            K.REPORT,
            report.pk,
            audience,
            " — ".join(
                filter(
                    None, [report.resolution.label, report.organization.name if report.organization else ""]
                )
            ),
            report.text,
            link=report.resolution.get_tracker_url(),
            organization=report.organization,
        )
    with transaction.atomic():
        SearchEntry.objects.filter(meeting=meeting).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
        IndexedSession.objects.update_or_create(meeting=meeting, defaults={"stamp": stamp})
