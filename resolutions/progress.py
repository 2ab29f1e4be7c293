"""How far the group's resolutions got: per organization, per committee, in total and session by
session. Read in a fixed number of queries and counted in Python."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resolutions.models import Resolution
from resolutions.reporting import report_is_late
from secretariat.access import GroupAccess
from secretariat.models import Organization

ON_TIME = "on_time"
LATE = "late"
OPEN = "open"
OVERDUE = "overdue"
DROPPED = "dropped"
OUTCOMES = (ON_TIME, LATE, OPEN, OVERDUE)
OUTCOME_LABELS = {
    ON_TIME: _("Done on time"),
    LATE: _("Done late"),
    OPEN: _("Open"),
    OVERDUE: _("Overdue"),
    DROPPED: _("Dropped"),
}


def outcome(resolution: Resolution, today: datetime.date) -> str:
    """Where a resolution stands: done on time or late, open, overdue, or dropped.

    Read with ``with_next_meeting()``; a resolution due "by the next session" was due on that
    session's first day.
    """
    if resolution.status == Resolution.Status.DROPPED:
        return DROPPED
    if resolution.status == Resolution.Status.DONE:
        due = resolution.effective_deadline
        if due is None and resolution.deadline_next_meeting:
            due = resolution.next_meeting_date
        done = resolution.completed_on
        return LATE if due is not None and done is not None and done > due else ON_TIME
    return OVERDUE if resolution.overdue_on(today) else OPEN


@dataclass
class Tally:
    """The count of each outcome for one organization, committee, session or the whole group."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*OUTCOMES, DROPPED), 0))
    key: str = ""

    def add(self, result: str) -> None:
        self.counts[result] += 1

    @property
    def assigned(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time(self) -> int:
        return self.counts[ON_TIME]

    @property
    def late(self) -> int:
        return self.counts[LATE]

    @property
    def open(self) -> int:
        return self.counts[OPEN]

    @property
    def overdue(self) -> int:
        return self.counts[OVERDUE]

    @property
    def dropped(self) -> int:
        return self.counts[DROPPED]

    @property
    def done_share(self) -> int:
        """The share done (on time or late) of those not dropped, in percent."""
        counted = self.assigned - self.dropped
        return round(100 * (self.on_time + self.late) / counted) if counted else 0


@dataclass
class LateReport:
    """A periodic report that was due and has not come."""

    resolution: Resolution
    responsible: str
    due: datetime.date
    progress: int | None


@dataclass
class ProgressRow:
    """One resolution as the report reads it out: who answers for it and where it stands."""

    resolution: Resolution
    outcome: str

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class Progress:
    total: Tally
    organizations: list[Tally]
    committees: list[Tally]
    sessions: list[Tally]
    today: datetime.date
    late_reports: list[LateReport] = field(default_factory=list)
    # Resolution by resolution, in session order: every one for staff, a member's own.
    rows: list[ProgressRow] = field(default_factory=list)


def _responsible_organization(resolution: Resolution) -> Organization | None:
    """The organization that answers for a resolution: named, or leading the named committee."""
    if resolution.responsible_organization_id:
        return resolution.responsible_organization
    committee = resolution.responsible_committee
    if committee is not None:
        return committee.lead
    return None


# The rows of the per-organization table for resolutions no organization answers for.
SECRETARIAT_KEY, NOBODY_KEY = "secretariat", "nobody"
OTHER_LABELS = {SECRETARIAT_KEY: _("The secretariat"), NOBODY_KEY: _("No one named")}


def group_progress(access: GroupAccess, today: datetime.date | None = None) -> Progress:
    """The group's progress as ``access`` may see it: staff see every organization and committee;
    a member sees its own organization's figures beside the group's totals."""
    today = today or timezone.localdate()
    group = access.group
    resolutions = (
        Resolution.objects.for_group(group)
        .in_force()
        .select_related("meeting", "responsible_organization", "responsible_committee")
        .with_committee_assignments()
        .with_next_meeting()
        .with_latest_progress()
        .order_by("meeting__number", "number")
    )
    own = access.organization.pk if access.organization and not access.is_staff else None
    late_reports = []
    rows: list[ProgressRow] = []
    total = Tally(label="")
    by_organization: dict[int, Tally] = {}
    others: dict[str, Tally] = {}
    by_committee: dict[int, Tally] = {}
    by_session: dict[int, Tally] = defaultdict(lambda: Tally(label=""))
    for resolution in resolutions:
        result = outcome(resolution, today)
        total.add(result)
        session = by_session[resolution.meeting.number]
        session.label, session.key = str(resolution.meeting.number), str(resolution.meeting.number)
        session.add(result)
        organization = _responsible_organization(resolution)
        if access.is_staff or (organization is not None and organization.pk == own):
            rows.append(ProgressRow(resolution, result))
        if report_is_late(resolution, today) and (
            access.is_staff or (organization and organization.pk == own)
        ):
            late_reports.append(
                LateReport(
                    resolution,
                    resolution.responsible_label,
                    resolution.next_report_due,
                    resolution.latest_progress,
                )
            )
        if organization is not None:
            by_organization.setdefault(
                organization.pk, Tally(label=organization.display_name, key=str(organization.pk))
            ).add(result)
        else:  # the secretariat's own, or no one named: rows of their own, so that the rows add up
            key = (
                SECRETARIAT_KEY
                if resolution.responsible_kind == Resolution.Responsible.SECRETARIAT
                else NOBODY_KEY
            )
            others.setdefault(key, Tally(label=str(OTHER_LABELS[key]), key=key)).add(result)
        committee = resolution.responsible_committee
        if committee is not None:
            by_committee.setdefault(committee.pk, Tally(label=committee.name, key=str(committee.pk))).add(
                result
            )
    organizations = sorted(by_organization.values(), key=lambda tally: (-tally.assigned, tally.label))
    organizations += [others[key] for key in (SECRETARIAT_KEY, NOBODY_KEY) if key in others]
    committees = sorted(by_committee.values(), key=lambda tally: tally.label)
    if not access.is_staff:
        own_key = str(access.organization.pk) if access.organization else None
        organizations = [tally for tally in organizations if tally.key == own_key]
        committees = []
    return Progress(
        total=total,
        organizations=organizations,
        committees=committees,
        sessions=[by_session[number] for number in sorted(by_session)],
        today=today,
        late_reports=sorted(late_reports, key=lambda late: late.due),
        rows=rows,
    )
