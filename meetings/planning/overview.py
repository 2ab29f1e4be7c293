"""Before a session: what is due there, until when members may propose items, what the invitation
says, and what a planned session's page shows. Reads only; the changes are in
``meetings.planning.actions``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, AgendaProposal, AttendanceReply, Invitation, Meeting
from resolutions.models import Resolution
from secretariat.access import GroupAccess
from secretariat.models import Organization
from secretariat.persian import format_jalali, format_jalali_days, format_time, join_list


def due_resolutions(meeting: Meeting) -> list[Resolution]:
    """The open resolutions of earlier sessions that report at ``meeting``: those whose deadline is
    this session or falls before it, and those with no deadline that a committee, an organization
    or the secretariat carries on (they report at every session until done)."""
    earlier = (
        Resolution.objects.for_group(meeting.working_group)
        .open()
        .filter(meeting__number__lt=meeting.number, schedules_meeting__isnull=True)
        .select_related("meeting", "responsible_organization", "responsible_committee")
        .with_next_meeting()
        .order_by("meeting__number", "number")
    )
    first_day = meeting.first_date
    due = []
    for resolution in earlier:
        if resolution.deadline_date:
            if first_day is None or resolution.deadline_date <= first_day:
                due.append(resolution)
        elif resolution.deadline_next_meeting:
            if resolution.next_meeting_number is None or resolution.next_meeting_number <= meeting.number:
                due.append(resolution)
        elif resolution.responsible_kind in (
            Resolution.Responsible.COMMITTEE,
            Resolution.Responsible.ORGANIZATION,
            Resolution.Responsible.SECRETARIAT,
        ):
            due.append(resolution)
    return due


def proposal_cutoff(meeting: Meeting) -> datetime.date | None:
    """The last day members may propose agenda items: the day staff set, or the group's number of
    days before the first day."""
    if meeting.proposals_until:
        return meeting.proposals_until
    first_day = meeting.first_date
    if first_day is None:
        return None
    return first_day - datetime.timedelta(days=meeting.working_group.proposal_cutoff_days)


def proposals_open(meeting: Meeting, today: datetime.date | None = None) -> bool:
    cutoff = proposal_cutoff(meeting)
    return meeting.is_planned and (cutoff is None or (today or timezone.localdate()) <= cutoff)


def default_host_duties() -> list[str]:
    return [
        _("a meeting room for all member organizations' representatives, with sound and a projector"),
        _("accommodation and local transport for the guests, if the session lasts more than a day"),
        _("a visit of the host city's markets, if the agenda includes one"),
        _("a contact person whose name and telephone the secretariat can give the members"),
    ]


def host_duties(meeting: Meeting) -> list[str]:
    written = [line.strip(" -•\t") for line in meeting.working_group.host_duties.splitlines()]
    return [line for line in written if line] or default_host_duties()


# ---------------------------------------------------------------------------
# What the invitation says


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.agenda_items.accepted()
        .select_related("presenter_organization", "presenter_committee", "sitting")
        .prefetch_related("documents")
        .order_by("number")
    )


def invitation_content(meeting: Meeting, agenda: list[AgendaItem]) -> dict:
    """The facts of the invitation letter as JSON values: kept with each issue, to say on the next
    one what changed."""
    return {
        "group": meeting.working_group.name,
        "secretariat": meeting.working_group.secretariat_name,
        "number": meeting.number,
        "days": [day.isoformat() for day in meeting.day_dates],
        "approximate_date": meeting.approximate_date.isoformat() if meeting.approximate_date else "",
        "date_note": meeting.date_note,
        "host": meeting.host_organization.name if meeting.host_organization else "",
        "city": meeting.city,
        "venue": meeting.venue,
        "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else "",
        "agenda": [
            {
                "number": item.number,
                "title": item.title,
                "presenter": item.presenter_label,
                "time": item.starts_at.strftime("%H:%M") if item.starts_at else "",
            }
            for item in agenda
        ],
    }


def _when(content: dict) -> str:
    if content["days"]:
        return format_jalali_days(datetime.date.fromisoformat(day) for day in content["days"])
    if content["approximate_date"]:
        return format_jalali(datetime.date.fromisoformat(content["approximate_date"]))
    return content["date_note"]


def describe_changes(before: dict, after: dict) -> list[str]:
    """What an invitation reissued with ``after`` changes of the one issued with ``before``, in words."""
    changes = []
    if _when(before) != _when(after):
        changes.append(
            _("The date is now %(when)s (it was %(before)s).")
            % {"when": _when(after), "before": _when(before)}
        )
    for key, label in (("host", _("host")), ("city", _("city")), ("venue", _("venue"))):
        if before.get(key) != after.get(key):
            changes.append(
                _("The %(what)s is now %(now)s (it was %(before)s).")
                % {"what": label, "now": after.get(key) or "—", "before": before.get(key) or "—"}
            )
    if before.get("start_time") != after.get("start_time"):
        changes.append(
            _("The session starts at %(time)s (it was %(before)s).")
            % {
                "time": format_time(_clock(after["start_time"])) or "—",
                "before": format_time(_clock(before["start_time"])) or "—",
            }
        )
    old_titles = [item["title"] for item in before.get("agenda", [])]
    new_titles = [item["title"] for item in after.get("agenda", [])]
    added = [title for title in new_titles if title not in old_titles]
    removed = [title for title in old_titles if title not in new_titles]
    if added:
        changes.append(_("Added to the agenda: %(items)s.") % {"items": join_list(f"«{t}»" for t in added)})
    if removed:
        changes.append(
            _("Taken off the agenda: %(items)s.") % {"items": join_list(f"«{t}»" for t in removed)}
        )
    if not added and not removed and old_titles != new_titles:
        changes.append(_("The agenda's order changed."))
    return changes


def _clock(text: str) -> datetime.time | None:
    return datetime.time.fromisoformat(text) if text else None


# ---------------------------------------------------------------------------
# The planned session's page


@dataclass
class ReplyRow:
    organization: Organization
    reply: AttendanceReply | None


@dataclass
class PlannedSession:
    """Everything a planned session's page shows, read in a fixed number of queries."""

    meeting: Meeting
    agenda: list[AgendaItem]
    suggested: list[AgendaItem]
    dropped: list[AgendaItem]
    proposals: list[AgendaProposal]
    replies: list[ReplyRow]
    invitation: Invitation | None
    cutoff: datetime.date | None
    proposals_open: bool
    is_host: bool = False
    host_duties: list[str] = field(default_factory=list)
    own_reply: AttendanceReply | None = None

    @property
    def replied_count(self) -> int:
        return sum(1 for row in self.replies if row.reply is not None)

    @property
    def pending_proposals(self) -> list[AgendaProposal]:
        return [proposal for proposal in self.proposals if proposal.is_awaiting_decision]


def planned_session(access: GroupAccess, meeting: Meeting) -> PlannedSession:
    items = list(
        meeting.agenda_items.select_related(
            "presenter_organization", "presenter_committee", "resolution__meeting"
        )
        .prefetch_related("documents")
        .order_by("number")
    )
    proposals = meeting.agenda_proposals.select_related("organization", "agenda_item").order_by(
        "created_at", "pk"
    )
    if not access.is_staff:
        proposals = (
            proposals.filter(organization=access.organization) if access.organization else proposals.none()
        )
    replies = {reply.organization_id: reply for reply in meeting.attendance_replies.select_related("person")}
    members = Organization.objects.members_of(meeting.working_group).order_by("name")
    organization = access.organization
    return PlannedSession(
        meeting=meeting,
        agenda=[item for item in items if item.state == AgendaItem.State.ACCEPTED],
        suggested=sorted(
            (item for item in items if item.state == AgendaItem.State.SUGGESTED),
            key=lambda item: (item.kind != AgendaItem.Kind.FOLLOW_UP, item.presenter_label, item.number),
        ),
        dropped=[item for item in items if item.state == AgendaItem.State.DROPPED],
        proposals=list(proposals),
        replies=[ReplyRow(member, replies.get(member.pk)) for member in members],
        invitation=meeting.invitations.order_by("-sequence").first(),
        cutoff=proposal_cutoff(meeting),
        proposals_open=proposals_open(meeting),
        is_host=organization is not None and organization.pk == meeting.host_organization_id,
        host_duties=host_duties(meeting),
        own_reply=replies.get(organization.pk) if organization else None,
    )
