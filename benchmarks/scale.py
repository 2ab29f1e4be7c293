"""Benchmark at scale: the group's pages on the demo data and again among 20 groups' worth of data.

    .venv/bin/python benchmarks/scale.py [--repeat N] [--database-url postgres://...]

Loads the demo (the 12th session), times the dashboard, committee matrix, tracker (first page)
and the 12th session's minutes for a secretariat user and a member organization's user, then
generates 20 working groups, 100 organizations, 600 sessions, 12,000 resolutions and 50,000
follow-ups around it and times the same pages again. Times are server times through Django's
whole request stack (test client, session login), median of the repeats; query counts are exact.
The target: every page within 2x of its demo time, with the same number of queries.

Without ``--database-url`` a throw-away SQLite file is used; with one (PostgreSQL), the script
creates and drops a database of its own next to it (``<name>_scale``), never the one named.
Not a test: the figures are written down in benchmarks/README.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import os
import random
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import https_client, machine, setup_django, timed  # benchmarks/ is not a package: run by path

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
PAGES = {
    "dashboard": "/g/{slug}/",
    "committee matrix": "/g/{slug}/committees/",
    "tracker, first page": "/g/{slug}/resolutions/",
    "minutes of session 12": "/g/{slug}/sessions/12/",
}
USERS = {"secretariat": "dabir", "member": "tehran"}


@contextmanager
def scratch_database(database_url: str | None):
    """A database of our own, migrated: a temporary SQLite file or a PostgreSQL database we drop."""
    if not database_url:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'scale.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") + "_scale"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


@dataclass
class PageMeasure:
    seconds: float  # median server time
    queries: list[str]  # the shapes of one request's SQL


def query_shape(sql: str) -> str:
    """The SQL without its values, so that the same query on other rows compares equal."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\bIN \([^()]*\)", "IN (...)", sql)
    return re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)


def measure_pages(slug: str, repeat: int) -> dict[tuple[str, str], PageMeasure]:
    """(role, page) → its time and queries, for every page and role."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(client, url):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} {response.get('Location', '')}")
        return response

    results = {}
    for role, username in USERS.items():
        client = https_client()
        client.force_login(get_user_model().objects.get(username=username))
        for page, pattern in PAGES.items():
            url = pattern.format(slug=slug)
            get(client, url)  # warm templates and caches
            with CaptureQueriesContext(connection) as captured:
                get(client, url)
            # Read now: later requests reset the connection's log.
            queries = [query_shape(query["sql"]) for query in captured.captured_queries]
            seconds, _ = timed(lambda url=url, client=client: get(client, url), repeat)
            results[(role, page)] = PageMeasure(seconds, queries)
    return results


class ScaleGenerator:
    """Grows the database around the demo group to the target counts, in bulk."""

    def __init__(self, demo_group, seed: int = 1391) -> None:
        self.demo_group = demo_group
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
        memberships = []
        for group in groups:
            for organization in self.random.sample(organizations, 15):
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


def print_comparison(before, after) -> bool:
    """The comparison as a Markdown table, and the queries that differ; whether all kept within 2x."""
    print("| user | page | demo ms | demo queries | scale ms | scale queries | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    within = True
    for key, demo in before.items():
        scaled = after[key]
        ratio = scaled.seconds / demo.seconds
        within = within and ratio <= 2
        print(
            f"| {key[0]} | {key[1]} | {demo.seconds * 1000:.1f} | {len(demo.queries)}"
            f" | {scaled.seconds * 1000:.1f} | {len(scaled.queries)} | {ratio:.2f}x |"
        )
    for key, demo in before.items():
        if demo.queries != after[key].queries:
            print(f"\nqueries that differ for {key[0]} / {key[1]}:")
            for line in difflib.unified_diff(
                demo.queries, after[key].queries, "demo", "scale", lineterm="", n=0
            ):
                print("  " + line[:200])
    return within


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=os.getenv("SCALE_DATABASE_URL"))
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch, scratch_database(options.database_url) as database_url:
        setup_django(database_url, Path(scratch))
        from django.db import connection
        from django.test.utils import setup_test_environment

        from meetings.demo import load_demo

        setup_test_environment()
        group = load_demo()
        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}")
        before = measure_pages(group.slug, options.repeat)
        start = time.perf_counter()
        counts = ScaleGenerator(group).run()
        print(f"generated in {time.perf_counter() - start:.0f} s: {counts}")
        after = measure_pages(group.slug, options.repeat)
        within = print_comparison(before, after)
        print("\nevery page within 2x of its demo time" if within else "\nSOME PAGES ARE SLOWER THAN 2x")
        sys.exit(0 if within else 1)


if __name__ == "__main__":
    main()
