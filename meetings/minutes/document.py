"""The minutes of a session as a document of plain values: built from the database, or read from
the snapshot a revision took when it was circulated.

A ``MinutesDocument`` holds everything the minutes say — names, positions and organizations as
they stood — and nothing that reaches back into the database. The HTML page, the PDF and the
signature page render it alike. While minutes are drafted it is built afresh on each reading
(``build_document``); when they are circulated for signature it is frozen into the revision as
JSON (``MinutesRevision.content``), and a signed revision is always rendered from that snapshot:
a later rename of an organization, committee or person changes future sessions only.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass, field

import segno
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from committees.models import Committee, CommitteeAssignment
from meetings.minutes.quorum import quorum
from meetings.models import Attendance, Meeting, MinutesRevision, Signature, Sitting, minutes_prefetches
from resolutions.models import FollowUp, OrganizationVote, Resolution
from secretariat.persian import display_text, format_jalali, join_list, localize_digits, search_key
from secretariat.site import site_url

# Bumped when the document's shape changes in a way old snapshots must be read around.
DOCUMENT_FORMAT = 1


@dataclass
class Attendee:
    """Someone named in the attendance, as the minutes print them."""

    attendance_id: int
    kind: str
    name: str  # empty for an organization absent with nobody named
    person_id: int | None = None
    organization_id: int | None = None  # whose users act for the attendee (sign, ask for changes)
    organization: str = ""
    organization_short: str = ""
    position: str = ""
    absence_reason: str = ""
    substitute_for: str = ""
    user_id: int | None = (
        None  # the person's login when circulated: read for snapshots made before organization_id
    )
    letter_number: str = ""  # a substitute's introduction letter
    letter_date: datetime.date | None = None

    @property
    def letter_words(self) -> str:
        """«معرفی‌نامه شماره ۱۲۳/ص مورخ ۱۰ تیر ۱۴۰۲»; empty without a letter."""
        if self.letter_number and self.letter_date:
            return _("introduction letter no. %(number)s of %(date)s") % {
                "number": display_text(self.letter_number),
                "date": format_jalali(self.letter_date),
            }
        if self.letter_number:
            return _("introduction letter no. %(number)s") % {"number": display_text(self.letter_number)}
        if self.letter_date:
            return _("introduction letter of %(date)s") % {"date": format_jalali(self.letter_date)}
        return ""

    @property
    def is_attending(self) -> bool:
        return self.kind in Attendance.Kind.attending()

    @property
    def listed_as(self) -> str:
        """How the attendance lists them: «آقای علی رضایی (سازمان میادین تهران)», or the
        organization alone when it was absent with nobody named."""
        if not self.name:
            return self.organization
        return f"{self.name} ({self.organization_short})" if self.organization_short else self.name

    @property
    def substitute_words(self) -> str:
        """«جانشین آقای …، معرفی‌نامه شماره …»: whom a substitute stood in for, and their letter."""
        if self.substitute_for:
            words = _("substituting for %(person)s") % {"person": self.substitute_for}
        elif self.organization_short:
            words = _("substitute of %(organization)s") % {"organization": self.organization_short}
        else:
            words = str(_("substitute"))
        return join_list([words, self.letter_words]) if self.letter_words else words

    @property
    def absence_words(self) -> str:
        """«(با مرخصی) — مأموریت»: leave and the reason given, if any."""
        leave = _("with leave")
        words = f" ({leave})" if self.kind == Attendance.Kind.EXCUSED else ""
        return f"{words} — {self.absence_reason}" if self.absence_reason else words


@dataclass
class SpeechEntry:
    speaker: str
    position: str
    occasion: str
    summary: str


def speaker_position(speech) -> str:
    """The speaker's position with their organization, as minutes name it («مدیرعامل سازمان میادین
    … تهران»); a position that already names the organization is printed as written."""
    position = speech.speaker_position.strip()
    organization = speech.speaker.organization
    if organization is None:
        return position
    squeezed = search_key(position).replace(" ", "")
    if any(
        name and search_key(name).replace(" ", "") in squeezed
        for name in (organization.name, organization.short_name)
    ):
        return position
    return f"{position} {organization.name}".strip()


@dataclass
class AgendaEntry:
    number: int
    title: str
    proposed_by: str = ""
    outcome: str = ""
    presenter: str = ""


@dataclass
class DeadlineEntry:
    """A resolution's deadline: a date, the next session, or both, with the minutes' own wording."""

    date: datetime.date | None = None
    wording: str = ""
    next_session: bool = False

    @property
    def is_set(self) -> bool:
        return bool(self.date or self.wording or self.next_session)


@dataclass
class ResolutionEntry:
    """A resolution as the minutes print it."""

    resolution_id: int
    number: int
    verb: str
    text: str
    responsible: str = ""
    committee_lead: str = ""
    collaborators: list[str] = field(default_factory=list)
    deadline: DeadlineEntry = field(default_factory=DeadlineEntry)
    deliverable: str = ""
    emphasized: list[str] = field(default_factory=list)  # names set in bold: the group's committees
    register_number: int | None = None  # under continuous numbering, the number across the term
    vote: str = ""  # Resolution.Vote: "" (approved, no vote recorded), "unanimous" or "counted"
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstaining: int | None = None
    organizations_voting: dict[str, list[str]] = field(
        default_factory=dict
    )  # "for"/"against"/"abstaining" → names

    @property
    def text_html(self) -> SafeString:
        return emphasize_names(self.text, self.emphasized)

    @property
    def shown_number(self) -> int:
        return self.register_number or self.number

    @property
    def vote_words(self) -> str:
        """How it was carried, in the minutes' usual wording: «با اتفاق آرا», «با ۷ رأی موافق، ۲
        رأی مخالف و ۱ رأی ممتنع»; empty when no vote was recorded."""
        if self.vote == Resolution.Vote.UNANIMOUS:
            return _("unanimously")
        if self.vote != Resolution.Vote.COUNTED:
            return ""
        parts = [
            template % {"count": localize_digits(count)}
            + (
                f" ({join_list(display_text(name) for name in self.organizations_voting[choice])})"
                if self.organizations_voting.get(choice)
                else ""
            )
            for template, count, choice in (
                (_("%(count)s votes for"), self.votes_for, "for"),
                (_("%(count)s votes against"), self.votes_against, "against"),
                (_("%(count)s abstaining"), self.votes_abstaining, "abstaining"),
            )
            if count
        ]
        if not parts:
            return ""
        counts = (
            parts[0]
            if len(parts) == 1
            else _("%(list)s and %(last)s") % {"list": join_list(parts[:-1]), "last": parts[-1]}
        )
        return _("by %(counts)s") % {"counts": counts}


@dataclass
class FollowUpEntry:
    """An earlier resolution still open, or reported on at this session, with its latest follow-up."""

    resolution_id: int
    resolution_number: int
    session_number: int
    responsible: str
    status: str
    report: str = ""
    reported_by: str = ""
    reported_on: datetime.date | None = None

    @property
    def status_label(self) -> str:
        return str(Resolution.Status(self.status).label)

    @property
    def resolution_label(self) -> str:
        return Resolution.label_for(self.resolution_number, self.session_number)


@dataclass
class NextSessionEntry:
    number: int
    host: str = ""
    days: list[datetime.date] = field(default_factory=list)
    date_note: str = ""
    approximate_date: datetime.date | None = None

    @property
    def first_date(self) -> datetime.date | None:
        return min(self.days) if self.days else self.approximate_date


@dataclass
class QuorumEntry:
    """Whether the session had its quorum, as the minutes state it (when the secretary says so)."""

    present: int
    members: int
    needed: int
    rule: str

    @property
    def reached(self) -> bool:
        return self.members > 0 and self.present >= self.needed

    @property
    def statement(self) -> str:
        """The sentence the minutes print about the quorum."""
        values = {
            "present": localize_digits(self.present),
            "members": localize_digits(self.members),
            "needed": localize_digits(self.needed),
            "rule": self.rule,
        }
        if self.reached:
            return (
                _(
                    "With %(present)s of the %(members)s member organizations present, the session had "
                    "its quorum (%(needed)s: %(rule)s)."
                )
                % values
            )
        return (
            _(
                "With %(present)s of the %(members)s member organizations present, the session did not "
                "reach its quorum (%(needed)s: %(rule)s); its resolutions are recorded without a quorum."
            )
            % values
        )


@dataclass
class MinutesDocument:
    """What the minutes of one session say; see the module's docstring."""

    group_name: str
    secretariat_name: str
    number: int
    status: str
    host: str = ""
    city: str = ""
    venue: str = ""
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    chair: str = ""
    minutes_number: str = ""
    minutes_date: datetime.date | None = None
    date_note: str = ""
    approximate_date: datetime.date | None = None
    days: list[datetime.date] = field(default_factory=list)
    sittings: list[str] = field(default_factory=list)
    opening_programme: str = ""
    proceedings: str = ""
    speeches: list[SpeechEntry] = field(default_factory=list)
    agenda: list[AgendaEntry] = field(default_factory=list)
    resolutions: list[ResolutionEntry] = field(default_factory=list)
    earlier_resolutions: list[FollowUpEntry] = field(default_factory=list)
    next_session: NextSessionEntry | None = None
    attendees: list[Attendee] = field(default_factory=list)
    quorum: QuorumEntry | None = None  # None: the minutes say nothing about the quorum
    format: int = DOCUMENT_FORMAT

    @property
    def without_quorum(self) -> bool:
        return self.quorum is not None and not self.quorum.reached

    @property
    def is_planned(self) -> bool:
        return self.status == Meeting.Status.PLANNED

    @property
    def date(self) -> datetime.date | None:
        """The minutes' date: as set, or the session's last day, or the planned date."""
        return self.minutes_date or (max(self.days) if self.days else None) or self.approximate_date

    @property
    def sitting_labels(self) -> list[str]:
        return [str(Sitting.Part(part).label) for part in self.sittings]

    def _of_kind(self, kind: str) -> list[Attendee]:
        return [attendee for attendee in self.attendees if attendee.kind == kind]

    @property
    def present(self) -> list[Attendee]:
        return self._of_kind(Attendance.Kind.PRESENT)

    @property
    def substitutes(self) -> list[Attendee]:
        return self._of_kind(Attendance.Kind.SUBSTITUTE)

    @property
    def guests(self) -> list[Attendee]:
        return self._of_kind(Attendance.Kind.GUEST)

    @property
    def absent(self) -> list[Attendee]:
        """The organizations (and people) that did not come, with leave or without."""
        return [attendee for attendee in self.attendees if attendee.kind in Attendance.Kind.away()]

    @property
    def signers(self) -> list[Attendee]:
        """Everyone who took part signs the minutes: members, substitutes, then guests.

        This is the one order of signers: the signature table, the workflow and the reminders
        follow it.
        """
        return self.present + self.substitutes + self.guests

    @property
    def has_attendance(self) -> bool:
        return bool(self.attendees)


def emphasis_parts(text: str, names: list[str]) -> list[tuple[str, bool]]:
    """``text`` (bidi controls dropped) cut into pieces, each marked whether it is one of ``names``
    (set in bold): ``[("...", False), ("کمیته حقوقی", True), ...]``."""
    text = display_text(text)
    names = sorted({name for name in names if name}, key=len, reverse=True)
    if not names:
        return [(text, False)] if text else []
    pattern = re.compile("|".join(re.escape(name) for name in names))
    parts, cursor = [], 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            parts.append((text[cursor : match.start()], False))
        parts.append((match.group(0), True))
        cursor = match.end()
    if cursor < len(text):
        parts.append((text[cursor:], False))
    return parts


def emphasize_names(text: str, names: list[str]) -> SafeString:
    """Escape ``text`` (dropping bidi controls) and set every occurrence of ``names`` in bold."""
    return mark_safe(
        "".join(
            f"<strong>{escape(part)}</strong>" if bold else escape(part)
            for part, bold in emphasis_parts(text, names)
        )
    )


# ---------------------------------------------------------------------------
# Building the document from the database


def _resolutions(meeting: Meeting) -> list[Resolution]:
    lead_assignments = CommitteeAssignment.objects.current().filter(role=CommitteeAssignment.Role.LEAD)
    return list(
        Resolution.objects.filter(meeting=meeting)
        .with_listing_data()
        .prefetch_related(
            Prefetch("organization_votes", queryset=OrganizationVote.objects.select_related("organization")),
            Prefetch(
                "responsible_committee__assignments",
                queryset=lead_assignments.select_related("organization"),
                to_attr="lead_assignments",
            ),
        )
        .order_by("number")
    )


def _resolution_entry(resolution: Resolution, committee_names: list[str]) -> ResolutionEntry:
    committee = resolution.responsible_committee
    # ``lead_assignments``: the committee's current lead, prefetched by the query that built the list.
    leads = getattr(committee, "lead_assignments", None)
    lead = leads[0].organization if leads else None
    return ResolutionEntry(
        resolution_id=resolution.pk,
        number=resolution.number,
        verb=resolution.verb,
        text=resolution.text,
        responsible=resolution.responsible_label,
        committee_lead=lead.display_name if lead else "",
        collaborators=[organization.display_name for organization in resolution.ordered_collaborators],
        deadline=DeadlineEntry(
            date=resolution.deadline_date,
            wording=resolution.deadline_text,
            next_session=resolution.deadline_next_meeting,
        ),
        deliverable=resolution.deliverable,
        emphasized=committee_names,
        register_number=resolution.register_number,
        vote=resolution.vote,
        votes_for=resolution.votes_for,
        votes_against=resolution.votes_against,
        votes_abstaining=resolution.votes_abstaining,
        organizations_voting=_organizations_voting(resolution),
    )


def _organizations_voting(resolution: Resolution) -> dict[str, list[str]]:
    named: dict[str, list[str]] = {}
    for vote in resolution.organization_votes.all():
        named.setdefault(vote.choice, []).append(vote.organization.display_name)
    return named


def _earlier_resolutions(meeting: Meeting) -> list[FollowUpEntry]:
    accepted = FollowUp.objects.accepted().filter(
        Q(reported_at_meeting__isnull=True) | Q(reported_at_meeting__number__lte=meeting.number)
    )
    earlier = (
        Resolution.objects.for_group(meeting.working_group)
        .filter(meeting__number__lt=meeting.number)
        .filter(
            Q(status__in=Resolution.Status.open_statuses())
            | Q(pk__in=FollowUp.objects.filter(reported_at_meeting=meeting).values("resolution_id"))
        )
        .select_related(
            "meeting", "meeting__working_group", "responsible_organization", "responsible_committee"
        )
        .prefetch_related(
            Prefetch(
                "follow_ups",
                queryset=accepted.select_related("organization", "reported_at_meeting").order_by(
                    "-reported_on", "-pk"
                ),
                to_attr="accepted_follow_ups",
            )
        )
        .order_by("meeting__number", "number")
    )
    entries = []
    for resolution in earlier:
        at_this_session = [
            f for f in resolution.accepted_follow_ups if f.reported_at_meeting_id == meeting.pk
        ]
        latest = (at_this_session or resolution.accepted_follow_ups or [None])[0]
        entries.append(
            FollowUpEntry(
                resolution_id=resolution.pk,
                resolution_number=resolution.shown_number,
                session_number=resolution.meeting.number,
                responsible=resolution.responsible_label,
                status=resolution.status,
                report=latest.text if latest else "",
                reported_by=latest.organization.display_name if latest and latest.organization else "",
                reported_on=latest.reported_on if latest else None,
            )
        )
    return entries


def _next_session(meeting: Meeting, resolutions: list[Resolution]) -> NextSessionEntry | None:
    scheduled = [r.schedules_meeting_id for r in resolutions if r.schedules_meeting_id]
    following = (
        Meeting.objects.filter(working_group=meeting.working_group)
        .select_related("host_organization")
        .prefetch_related("days")
    )
    found = (
        following.filter(pk=scheduled[-1]).first()
        if scheduled
        else following.filter(number=meeting.number + 1).first()
    )
    if found is None:
        return None
    return NextSessionEntry(
        number=found.number,
        host=found.host_organization.name if found.host_organization else "",
        days=found.day_dates,
        date_note=found.date_note,
        approximate_date=found.approximate_date,
    )


def _attendee(attendance: Attendance) -> Attendee:
    organization = attendance.organization
    person = attendance.person
    return Attendee(
        attendance_id=attendance.pk,
        person_id=attendance.person_id,
        organization_id=attendance.organization_id,
        kind=attendance.kind,
        name=person.formal_name if person else "",
        organization=organization.name if organization else "",
        organization_short=organization.display_name if organization else "",
        position=attendance.position,
        absence_reason=attendance.absence_reason,
        substitute_for=attendance.substitute_for.formal_name if attendance.substitute_for else "",
        user_id=person.user_id if person else None,
        letter_number=attendance.letter_number,
        letter_date=attendance.letter_date,
    )


def _quorum(meeting: Meeting) -> QuorumEntry | None:
    if not meeting.states_quorum:
        return None
    group = meeting.working_group
    member_ids = [membership.organization_id for membership in group.memberships.all()]
    found = quorum(group, member_ids, [(a.kind, a.organization_id) for a in meeting.attendances.all()])
    return QuorumEntry(present=found.present, members=found.members, needed=found.needed, rule=found.rule)


def build_document(meeting: Meeting) -> MinutesDocument:
    """The minutes of ``meeting`` as the database holds them now, in a fixed number of queries."""
    prefetch_related_objects([meeting], *minutes_prefetches())
    group = meeting.working_group
    resolutions = _resolutions(meeting)
    committee_names = list(Committee.objects.for_group(group).values_list("name", flat=True))
    return MinutesDocument(
        group_name=group.name,
        secretariat_name=group.secretariat_name,
        number=meeting.number,
        status=meeting.status,
        host=meeting.host_organization.name if meeting.host_organization else "",
        city=meeting.city,
        venue=meeting.venue,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        chair=meeting.chair.formal_name if meeting.chair else "",
        minutes_number=meeting.minutes_number,
        minutes_date=meeting.minutes_date,
        date_note=meeting.date_note,
        approximate_date=meeting.approximate_date,
        days=meeting.day_dates,
        sittings=[sitting.part for sitting in meeting.sittings.all()],
        opening_programme=meeting.opening_programme,
        proceedings=meeting.proceedings,
        speeches=[
            SpeechEntry(
                speaker=speech.speaker.formal_name,
                position=speaker_position(speech),
                occasion=speech.occasion,
                summary=speech.summary,
            )
            for speech in meeting.speeches.all()
        ],
        agenda=[
            AgendaEntry(
                number=item.number,
                title=item.title,
                proposed_by=item.proposed_by.display_name if item.proposed_by else "",
                outcome=item.outcome,
                presenter=item.presenter_label,
            )
            for item in meeting.agenda_items.all()
        ],
        resolutions=[_resolution_entry(resolution, committee_names) for resolution in resolutions],
        earlier_resolutions=_earlier_resolutions(meeting),
        next_session=_next_session(meeting, resolutions),
        attendees=[_attendee(attendance) for attendance in meeting.attendances.all()],
        quorum=_quorum(meeting),
    )


# ---------------------------------------------------------------------------
# The snapshot: the document as JSON and back


def document_to_json(document: MinutesDocument) -> dict:
    """The document as JSON values (dates and times as ISO text), for ``MinutesRevision.content``."""
    return _to_json(dataclasses.asdict(document))


def _to_json(value):
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_json(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return DjangoJSONEncoder().default(value)
    return value


def document_from_json(data: dict) -> MinutesDocument:
    """The document a revision stored; fields a later format added take their defaults."""
    return _load(MinutesDocument, data)


def _load(kind, value):
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _load(inner, value)
    if origin is list:
        (inner,) = typing.get_args(kind)
        return [_load(inner, item) for item in value or []]
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        known = {f.name for f in dataclasses.fields(kind)}
        return kind(**{name: _load(hints[name], item) for name, item in value.items() if name in known})
    if kind is datetime.date and isinstance(value, str):
        return datetime.date.fromisoformat(value)
    if kind is datetime.time and isinstance(value, str):
        return datetime.time.fromisoformat(value)
    return value


def revision_document(revision: MinutesRevision) -> MinutesDocument:
    """What ``revision`` says: its snapshot, or (a revision circulated before snapshots were
    taken) the minutes as the database holds them."""
    if revision.content:
        return document_from_json(revision.content)
    return build_document(revision.meeting)


# ---------------------------------------------------------------------------
# A reading of the minutes: the document with its signatures


@dataclass
class SignatureRow:
    attendee: Attendee
    signature: Signature | None


@dataclass
class MinutesView:
    """The minutes as one page or PDF shows them: a document, the revision whose signatures it
    carries (if any), and how to verify it once finalized."""

    meeting: Meeting
    document: MinutesDocument
    revision: MinutesRevision | None = None
    signatures: dict[int, Signature] = field(default_factory=dict)
    verify_url: str = ""
    verify_qr: SafeString | str = ""

    @property
    def signature_rows(self) -> list[SignatureRow]:
        return [SignatureRow(a, self.signatures.get(a.attendance_id)) for a in self.document.signers]

    @property
    def unsigned(self) -> list[Attendee]:
        return [a for a in self.document.signers if a.attendance_id not in self.signatures]

    def attendees_for(self, access) -> list[Attendee]:
        """The signers ``access`` acts for: the attendees of its organization, whichever of its users
        acts (an organization acts through its users; a person attends). An attendee named with no
        organization (the group's secretary, say) acts through their own login, as do the
        attendees of snapshots made before attendees carried their organization."""
        if access is None:
            return []
        organization_id = access.organization.pk if access.organization is not None else None
        user_id = access.user.pk if access.user is not None else None
        return [
            attendee
            for attendee in self.document.signers
            if (attendee.organization_id is not None and attendee.organization_id == organization_id)
            or (
                attendee.organization_id is None
                and attendee.user_id is not None
                and attendee.user_id == user_id
            )
        ]

    def unsigned_for(self, access) -> list[Attendee]:
        return [
            attendee
            for attendee in self.attendees_for(access)
            if attendee.attendance_id not in self.signatures
        ]

    @property
    def is_draft(self) -> bool:
        """Not (yet) signed: a finalized revision never is, whatever happened to the session since."""
        if self.revision is not None:
            return not self.revision.is_final
        return not self.meeting.is_signed

    @property
    def verify_page(self) -> str:
        """Where a reader types the code, as printed: the site without its scheme, "/verify/"."""
        site = site_url().split("://", 1)[-1]
        return f"{site}{reverse('verify_form')}"

    @property
    def is_snapshot(self) -> bool:
        return self.revision is not None and bool(self.revision.content)

    @functools.cached_property
    def fingerprint(self) -> str:
        """A SHA-256 of all this reading shows, in the active language: two readings with the
        same fingerprint render the same page fragment, PDF and Word file (which are therefore
        made once and kept, see ``meetings.pdf``)."""
        revision = self.revision
        shown = {
            "document": document_to_json(self.document),
            "draft": self.is_draft,
            "language": get_language(),
            "revision": None
            if revision is None
            else [
                revision.pk,
                revision.number,
                revision.is_final,
                str(revision.finalized_at),
                revision.verification_code,
            ],
            "verify_url": self.verify_url,
            "signatures": sorted(
                [
                    attendance_id,
                    signature.on_paper,
                    str(signature.signed_at),
                    signature.organization_name,
                    signature.reservation,
                ]
                for attendance_id, signature in self.signatures.items()
            ),
        }
        return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()


def minutes_view(meeting: Meeting, revision: MinutesRevision | None = None) -> MinutesView:
    """The minutes of ``meeting``: drafts as the database holds them, ``revision`` (circulated or
    signed) as it was circulated, with its signatures."""
    if revision is None:
        return MinutesView(meeting=meeting, document=build_document(meeting))
    view = MinutesView(
        meeting=meeting,
        document=revision_document(revision),
        revision=revision,
        signatures={s.attendance_id: s for s in revision.signatures.all() if s.attendance_id},
    )
    if revision.is_final:
        view.verify_url = f"{site_url()}{reverse('verify', args=[revision.verification_code])}"
        view.verify_qr = mark_safe(segno.make(view.verify_url, error="m").svg_inline(scale=2, dark="#111"))
    return view
