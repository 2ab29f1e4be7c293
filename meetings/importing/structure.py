"""What the importer extracts from a minutes text: plain dataclasses, serializable to JSON.

Every item keeps the source line it came from and a list of ``guesses``: human-readable notes on
whatever was inferred rather than read literally. An item with no guesses was read as written.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

DEADLINE_FLAGS = {
    "asap": _("as soon as possible: no date"),
    "recurring": _("recurring"),
    "approximate": _("approximate"),
    "from_notification": _("counted from notification"),
    "year_assumed": _("year not written"),
    "before_session": _("before the session"),
    "unresolved": _("no date can be read: enter it by hand"),
}
MATCHES = {
    "exact": _("matched by name"),
    "variant": _("matched despite a different spelling"),
    "city": _("matched by city"),
    "unknown": _("not a known organization"),
}
RESPONSIBLE_KINDS = {
    "organization": _("an organization"),
    "committee": _("a committee"),
    "secretariat": _("the secretariat"),
    "secretary": _("the working group's secretary"),
    "none": _("nobody in particular"),
}
SITTINGS = {"morning": _("morning"), "afternoon": _("afternoon"), "evening": _("evening")}
# How the minutes are laid out: ``MinutesImport.shape``.
SHAPES = {
    "prose": _("an opening sentence (“… نشست … برگزار شد”)"),
    "header_form": _("a header form of labelled fields (“شماره جلسه:”، “تاریخ جلسه:”)"),
    "heading": _("a one-line heading (“صورتجلسه جلسه شماره … مورخ …”)"),
    "decision_letter": _("a decision letter (“… در جلسه مورخ … تصویب نمود:”)"),
    "unknown": _("not recognized: no session number or date was found"),
}
# How ``MinutesImport.reference_date`` was chosen.
REFERENCE_SOURCES = {
    "session_date": _("the session's date"),
    "letter_date": _("the letter's date"),
    "given": _("chosen by staff"),
    "": _("none: the text gives no date"),
}
ATTENDANCE = {"present": _("present"), "absent": _("absent"), "guest": _("invited guest")}


@dataclass
class OrganizationRef:
    """An organization as the minutes name it, and the known organization it was matched to."""

    text: str
    organization_id: int | None = None
    name: str = ""
    how: str = "unknown"  # "exact", "variant", "city" or "unknown"
    key: str = ""  # for an unknown name: the key of its entry in ``unknown_organizations``

    @property
    def is_known(self) -> bool:
        return self.organization_id is not None

    @property
    def guess(self) -> bool:
        return self.how != "exact"

    @property
    def how_label(self) -> str:
        return str(MATCHES.get(self.how, self.how))


@dataclass
class JalaliDate:
    """A date read from the text: as written, in Jalali (``1391/03/31``) and ISO (``2012-06-20``)."""

    text: str
    jalali: str
    iso: str
    guesses: list[str] = field(default_factory=list)

    @property
    def date(self) -> datetime.date:
        return datetime.date.fromisoformat(self.iso)


@dataclass
class Deadline:
    """A deadline as worded, the Jalali date it resolves to (if any) and what kind it is."""

    text: str
    jalali: str | None = None
    iso: str | None = None
    next_meeting: bool = False
    flags: list[str] = field(default_factory=list)  # asap, recurring, approximate, from_notification...
    recurrence: str = ""  # daily, weekly, monthly, quarterly, yearly, periodic
    guesses: list[str] = field(default_factory=list)
    # Counted from the reference date (a span, "the end of this month", a month with no year):
    # the date moves when staff change ``MinutesImport.reference_date``.
    from_reference: bool = False

    @property
    def date(self) -> datetime.date | None:
        return datetime.date.fromisoformat(self.iso) if self.iso else None

    @property
    def flag_labels(self) -> list[str]:
        return [str(DEADLINE_FLAGS.get(flag, flag)) for flag in self.flags]


@dataclass
class Responsible:
    """Who must act: an organization, a committee, the secretariat, the group's secretary, or nobody named."""

    kind: str = "none"  # organization, committee, secretariat, secretary, none
    text: str = ""
    organization: OrganizationRef | None = None
    committee: str = ""
    guesses: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(RESPONSIBLE_KINDS.get(self.kind, self.kind))


@dataclass
class Speech:
    """A speaker (honorific, title, name, position at the time) and a summary of what they said."""

    line: int
    order: int
    honorific: str = ""  # "mr", "ms" or ""
    title: str = ""  # "eng", "dr" or ""
    first_name: str = ""
    last_name: str = ""
    position: str = ""
    occasion: str = ""
    summary: str = ""
    organization: OrganizationRef | None = None
    is_group_secretary: bool = False
    guesses: list[str] = field(default_factory=list)


@dataclass
class AgendaItem:
    """A numbered item of the session's agenda."""

    line: int
    number: int
    title: str


@dataclass
class Committee:
    """A committee a resolution forms or assigns: its lead, collaborators and mandate."""

    line: int
    resolution_number: int
    name: str
    lead: OrganizationRef | None = None
    collaborators: list[OrganizationRef] = field(default_factory=list)
    mandate: str = ""
    guesses: list[str] = field(default_factory=list)


@dataclass
class Resolution:
    """A numbered resolution with its decision verb, responsible party, collaborators and deadline."""

    line: int
    number: int
    label: str  # the number as written: "۱)", "1-", "الف-", "1-1", "•"
    verb: str = ""
    text: str = ""
    responsible: Responsible = field(default_factory=Responsible)
    collaborators: list[OrganizationRef] = field(default_factory=list)
    deadline: Deadline | None = None
    deliverable: str = ""
    committee: str = ""  # the name of the committee this resolution forms or assigns
    schedules_next_session: bool = False
    items: list[str] = field(default_factory=list)  # nested sub-items (1-1, 1-2) as written
    guesses: list[str] = field(default_factory=list)


@dataclass
class NextSession:
    """The next session as a resolution or closing line announces it."""

    line: int
    number: int | None = None
    host: OrganizationRef | None = None
    city: str = ""
    date: JalaliDate | None = None
    date_text: str = ""
    resolution_number: int | None = None
    guesses: list[str] = field(default_factory=list)


@dataclass
class Attendee:
    """A person or organization a header form lists as present, absent or invited."""

    line: int
    status: str  # "present", "absent" or "guest"
    name: str  # as written, without the bracket
    detail: str = ""  # the bracket of one present or invited: an organization or position
    reason: str = ""  # the bracket of one absent: why ("مأموریت", "مرخصی")
    organization: OrganizationRef | None = None  # a known organization named, if any

    @property
    def status_label(self) -> str:
        return str(ATTENDANCE.get(self.status, self.status))


@dataclass
class ProposedOrganization:
    """A name that matches no known organization: proposed as a new one, for staff to confirm."""

    key: str
    text: str
    name: str
    short_name: str = ""
    city: str = ""
    member: bool = False
    lines: list[int] = field(default_factory=list)


@dataclass
class NotUnderstood:
    """A part of the text the importer could not place; shown to staff, never dropped."""

    line: int
    text: str
    reason: str


@dataclass
class MinutesImport:
    """Everything extracted from one session's minutes."""

    session_number: int | None = None
    session_number_text: str = ""
    working_group_text: str = ""
    host: OrganizationRef | None = None
    city: str = ""
    venue: str = ""
    dates: list[JalaliDate] = field(default_factory=list)
    start_time: str | None = None  # "08:40"
    end_time: str | None = None
    sittings: list[str] = field(default_factory=list)  # morning, afternoon, evening
    opening_programme: str = ""
    proceedings: str = ""
    speeches: list[Speech] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    resolutions: list[Resolution] = field(default_factory=list)
    committees: list[Committee] = field(default_factory=list)
    next_session: NextSession | None = None
    unknown_organizations: list[ProposedOrganization] = field(default_factory=list)
    not_understood: list[NotUnderstood] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    line_kinds: dict[int, str] = field(default_factory=dict)  # source line → what it became
    guesses: list[str] = field(default_factory=list)  # about the session itself
    notes: list[str] = field(default_factory=list)  # how the document was read
    # Added with the other layouts of minutes; the keys above keep their meaning.
    shape: str = "unknown"  # a key of SHAPES
    reference_date: JalaliDate | None = None  # what relative deadlines were counted from
    reference_date_source: str = ""  # a key of REFERENCE_SOURCES
    weekday: str = ""  # the session's weekday as written ("دوشنبه")
    chair: str = ""  # "رئیس جلسه:" as written
    secretary: str = ""  # "دبیر جلسه:" as written
    attendees: list[Attendee] = field(default_factory=list)
    subject: str = ""  # "موضوع:" of a letter or a header form
    letter_number: str = ""  # a letter's "شماره:"
    letter_date: JalaliDate | None = None  # a letter's "تاریخ:": the date of notification
    addressee: str = ""  # whom a decision letter is addressed to
    signatories: list[str] = field(default_factory=list)  # the signature lines of a decision letter

    @property
    def day_dates(self) -> list[datetime.date]:
        return [day.date for day in self.dates]

    @property
    def sitting_labels(self) -> list[str]:
        return [str(SITTINGS.get(part, part)) for part in self.sittings]

    @property
    def session_date(self) -> datetime.date | None:
        """The day the resolutions were passed: the session's last day."""
        return max(d.date for d in self.dates) if self.dates else None

    @property
    def shape_label(self) -> str:
        return str(SHAPES.get(self.shape, self.shape))

    @property
    def reference_date_source_label(self) -> str:
        return str(REFERENCE_SOURCES.get(self.reference_date_source, self.reference_date_source))

    def organization_refs(self) -> list[OrganizationRef]:
        refs = [self.host] if self.host else []
        refs += [a.organization for a in self.attendees if a.organization]
        refs += [s.organization for s in self.speeches if s.organization]
        for committee in self.committees:
            refs += [committee.lead] if committee.lead else []
            refs += committee.collaborators
        for resolution in self.resolutions:
            if resolution.responsible.organization:
                refs.append(resolution.responsible.organization)
            refs += resolution.collaborators
        if self.next_session and self.next_session.host:
            refs.append(self.next_session.host)
        return refs

    def to_dict(self) -> dict[str, Any]:
        """The JSON form documented in README.md ("The import_minutes JSON")."""
        data = dataclasses.asdict(self)
        data.pop("line_kinds")
        data["line_kinds"] = {str(line): kind for line, kind in sorted(self.line_kinds.items())}
        return data
