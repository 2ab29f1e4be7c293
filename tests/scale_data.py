"""Twenty working groups' worth of data around the demo group, made in bulk: what
``benchmarks/scale.py`` times the pages against, and what the query-count tests grow the
database to (``tests/secretariat/test_read_speed.py``)."""

from __future__ import annotations

import datetime
import random

TARGETS = {"groups": 20, "organizations": 100, "sessions": 600, "resolutions": 12_000, "follow_ups": 50_000}
SESSIONS_BEFORE_THE_DEMO = 11  # the demo group's sessions 1-11 precede the seed's 12th
CITIES = [
    "تهران",
    "مشهد",
    "اصفهان",
    "شیراز",
    "تبریز",
    "کرج",
    "اهواز",
    "قم",
    "کرمانشاه",
    "ارومیه",
    "رشت",
    "یزد",
]
VERBS = ["مقرر گردید", "مصوب شد", "مقرر شد"]


class ScaleGenerator:
    """Grows the database around the demo group to the target counts, in bulk."""

    def __init__(self, demo_group, seed: int = 1391, *, readers_keep_their_groups: bool = False) -> None:
        """``readers_keep_their_groups``: the new groups' members are new organizations, so that the
        demo's users belong to the groups they belonged to (what a reader's home lists grows with
        the number of their groups, by design)."""
        self.demo_group = demo_group
        self.readers_keep_their_groups = readers_keep_their_groups
        self.random = random.Random(seed)
        self.today = datetime.date(2026, 11, 27)

    def run(self) -> dict[str, int]:
        from django.db import transaction

        with transaction.atomic():
            organizations = self.organizations()
            groups = self.groups(organizations)
            people = self.people(organizations)
            sessions = self.sessions(groups, people)
            self.committees(groups, sessions)
            resolutions = self.resolutions(sessions)
            self.follow_ups(resolutions, sessions)
            self.settle_statuses(sessions)
        return self.counts()

    def counts(self) -> dict[str, int]:
        from meetings.models import Meeting
        from resolutions.models import FollowUp, Resolution
        from secretariat.models import Organization, WorkingGroup

        return {
            "groups": WorkingGroup.objects.count(),
            "organizations": Organization.objects.count(),
            "sessions": Meeting.objects.count(),
            "resolutions": Resolution.objects.count(),
            "follow_ups": FollowUp.objects.count(),
        }

    def organizations(self):
        from secretariat.models import Organization

        missing = TARGETS["organizations"] - Organization.objects.count()
        Organization.objects.bulk_create(
            Organization(
                name=f"سازمان مدیریت میادین میوه و تره‌بار نمونه {number}",
                short_name=f"سازمان نمونه {number}",
                city=CITIES[number % len(CITIES)],
            )
            for number in range(1, missing + 1)
        )
        return list(Organization.objects.order_by("pk"))

    def groups(self, organizations):
        from secretariat.models import Membership, WorkingGroup

        new_groups = WorkingGroup.objects.bulk_create(
            WorkingGroup(
                slug=f"group-{number:02d}",
                name=f"کارگروه نمونه {number}",
                secretariat_name=f"دبیرخانه کارگروه نمونه {number}",
            )
            for number in range(2, TARGETS["groups"] + 1)
        )
        groups = [self.demo_group, *WorkingGroup.objects.filter(pk__in=[group.pk for group in new_groups])]
        existing = set(Membership.objects.values_list("working_group_id", "organization_id"))
        members_before = {organization_id for _group, organization_id in existing}
        newcomers = [organization for organization in organizations if organization.pk not in members_before]
        memberships = []
        for group in groups:
            pool = newcomers if self.readers_keep_their_groups and group != self.demo_group else organizations
            for organization in self.random.sample(pool, 15):
                if (group.pk, organization.pk) not in existing:
                    existing.add((group.pk, organization.pk))
                    memberships.append(Membership(working_group=group, organization=organization))
        Membership.objects.bulk_create(memberships)
        return groups

    def people(self, organizations):
        from secretariat.models import Person

        Person.objects.bulk_create(
            Person(
                honorific=Person.Honorific.MR,
                first_name="نماینده",
                last_name=f"{organization.short_name or organization.name} {index}",
                position="معاون برنامه‌ریزی" if index == 1 else "مدیر بازرسی",
                organization=organization,
            )
            for organization in organizations
            for index in (1, 2)
        )
        people_by_organization: dict[int, list] = {}
        for person in Person.objects.exclude(organization=None).order_by("pk"):
            people_by_organization.setdefault(person.organization_id, []).append(person)
        return people_by_organization

    def sessions(self, groups, people_by_organization):
        """Sessions 1-11 before the demo's 12th; the other groups share the rest, every 3 months."""
        from meetings.models import Attendance, Meeting, MeetingDay

        other_groups = groups[1:]
        remaining = TARGETS["sessions"] - Meeting.objects.count() - SESSIONS_BEFORE_THE_DEMO
        plan = [(self.demo_group, number) for number in range(1, SESSIONS_BEFORE_THE_DEMO + 1)]
        for index in range(remaining):
            group = other_groups[index % len(other_groups)]
            plan.append((group, index // len(other_groups) + 1))
        members = {group.pk: list(group.members.order_by("pk")) for group in groups}
        meetings = Meeting.objects.bulk_create(
            Meeting(
                working_group=group,
                number=number,
                status=Meeting.Status.HELD,
                host_organization=self.random.choice(members[group.pk]),
                city=self.random.choice(CITIES),
                venue="سالن جلسات سازمان میزبان",
                start_time=datetime.time(9, 0),
                minutes_number=f"{number}/۱",
            )
            for group, number in plan
        )
        days, attendance = [], []
        self.session_dates = {}
        for meeting in meetings:
            date = datetime.date(2004, 1, 10) + datetime.timedelta(days=91 * meeting.number)
            self.session_dates[meeting.pk] = date
            days.append(MeetingDay(meeting=meeting, date=date))
            for order, organization in enumerate(members[meeting.working_group_id][:12]):
                person = people_by_organization[organization.pk][0]
                attendance.append(
                    Attendance(
                        meeting=meeting,
                        person=person,
                        organization=organization,
                        position=person.position,
                        order=order,
                    )
                )
        MeetingDay.objects.bulk_create(days)
        Attendance.objects.bulk_create(attendance, batch_size=2000)
        return meetings

    def committees(self, groups, meetings):
        """Eight committees in every new group; the demo group keeps its own."""
        from committees.models import Committee, CommitteeAssignment

        first_session = {}
        for meeting in meetings:
            first_session.setdefault(meeting.working_group_id, meeting)
        committees = Committee.objects.bulk_create(
            Committee(
                working_group=group,
                name=f"کمیته نمونه {number}",
                mandate="بررسی و تهیه پیشنهاد برای کارگروه",
                formed_at=first_session.get(group.pk),
            )
            for group in groups[1:]
            for number in range(1, 9)
        )
        assignments = []
        for committee in committees:
            organizations = self.random.sample(list(committee.working_group.members.all()), 4)
            for order, organization in enumerate(organizations):
                role = CommitteeAssignment.Role.LEAD if order == 0 else CommitteeAssignment.Role.COLLABORATOR
                assignments.append(
                    CommitteeAssignment(
                        committee=committee,
                        organization=organization,
                        role=role,
                        order=order,
                        since_meeting=committee.formed_at,
                    )
                )
        CommitteeAssignment.objects.bulk_create(assignments)
        self.committees_by_group = {
            self.demo_group.pk: list(Committee.objects.filter(working_group=self.demo_group))
        }
        for committee in committees:
            self.committees_by_group.setdefault(committee.working_group_id, []).append(committee)

    def resolutions(self, meetings):
        from resolutions.models import Resolution, ResolutionCollaborator

        missing = TARGETS["resolutions"] - Resolution.objects.count()
        per_session, extra = divmod(missing, len(meetings))
        members = {}
        rows = []
        for index, meeting in enumerate(meetings):
            group_members = members.setdefault(
                meeting.working_group_id, list(meeting.working_group.members.order_by("pk"))
            )
            for number in range(1, per_session + (1 if index < extra else 0) + 1):
                kind = self.random.choice(
                    [Resolution.Responsible.ORGANIZATION] * 3
                    + [Resolution.Responsible.COMMITTEE, Resolution.Responsible.SECRETARIAT]
                )
                has_deadline = number % 3 == 0
                rows.append(
                    Resolution(
                        meeting=meeting,
                        number=number,
                        verb=self.random.choice(VERBS),
                        text=f"نسبت به بررسی موضوع شماره {number} و تهیه گزارش آن اقدام و نتیجه به دبیرخانه ارسال گردد.",
                        responsible_kind=kind,
                        responsible_organization=self.random.choice(group_members)
                        if kind == Resolution.Responsible.ORGANIZATION
                        else None,
                        responsible_committee=self.random.choice(
                            self.committees_by_group[meeting.working_group_id]
                        )
                        if kind == Resolution.Responsible.COMMITTEE
                        else None,
                        deadline_date=self.session_dates[meeting.pk] + datetime.timedelta(days=60)
                        if has_deadline
                        else None,
                        deadline_text="حداکثر ظرف دو ماه" if has_deadline else "",
                        deadline_next_meeting=number % 3 == 1,
                    )
                )
        resolutions = Resolution.objects.bulk_create(rows, batch_size=2000)
        ResolutionCollaborator.objects.bulk_create(
            (
                ResolutionCollaborator(resolution=resolution, organization=organization, order=order)
                for resolution in resolutions
                for order, organization in enumerate(
                    self.random.sample(members[resolution.meeting.working_group_id], resolution.number % 3)
                )
            ),
            batch_size=2000,
        )
        return resolutions

    def follow_ups(self, resolutions, meetings):
        """Reports at the sessions after each resolution's, the older ones reviewed and accepted."""
        from resolutions.models import FollowUp, Resolution

        later_sessions: dict[int, list] = {}
        for meeting in meetings:
            later_sessions.setdefault(meeting.working_group_id, []).append(meeting)
        missing = TARGETS["follow_ups"] - FollowUp.objects.count()
        rows = []
        for index in range(missing):
            resolution = resolutions[index % len(resolutions)]
            sessions = [
                meeting
                for meeting in later_sessions[resolution.meeting.working_group_id]
                if meeting.number > resolution.meeting.number
            ][:5]
            reported_at = (
                sessions[index // len(resolutions)] if index // len(resolutions) < len(sessions) else None
            )
            rows.append(
                FollowUp(
                    resolution=resolution,
                    reported_at_meeting=reported_at,
                    organization=resolution.responsible_organization,
                    reported_on=self.session_dates[(reported_at or resolution.meeting).pk]
                    + datetime.timedelta(days=1),
                    text=f"گزارش پیشرفت شماره {index // len(resolutions) + 1}: کار طبق برنامه در حال انجام است.",
                    proposed_status=Resolution.Status.IN_PROGRESS,
                    review=FollowUp.Review.ACCEPTED,
                )
            )
        FollowUp.objects.bulk_create(rows, batch_size=2000)

    def settle_statuses(self, meetings):
        """A group's resolutions are done but for a quarter of those of its last two sessions."""
        from meetings.models import Meeting
        from resolutions.models import Resolution

        latest = {}
        for meeting in meetings:
            latest[meeting.working_group_id] = max(latest.get(meeting.working_group_id, 0), meeting.number)
        recent = [meeting.pk for meeting in meetings if meeting.number > latest[meeting.working_group_id] - 2]
        generated = Resolution.objects.filter(meeting__in=[meeting.pk for meeting in meetings])
        generated.update(status=Resolution.Status.DONE)
        generated.filter(meeting__in=recent, number__in=range(4, 41, 4)).update(
            status=Resolution.Status.IN_PROGRESS
        )
        # Held sessions are published once their content is in: from here on it is frozen.
        Meeting.objects.filter(pk__in=[meeting.pk for meeting in meetings]).update(
            status=Meeting.Status.PUBLISHED
        )
