"""Shared fixtures: the demo working group and named users for every role.

- ``secretary``: dabir, the working group's secretary (and secretariat staff)
- ``staff_user``: secretariat staff who is not the secretary
- ``tehran_user`` / ``isfahan_user``: member users of the Tehran and Isfahan organizations
- ``outsider``: signed in, but no role in the group
- ``operator``: a superuser who runs the installation (the admin) and has no role in the group
"""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils.crypto import get_random_string

from meetings.demo import load_demo
from meetings.models import Attendance, Meeting, MeetingDay
from resolutions.models import Resolution
from secretariat.models import Person, WorkingGroup


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory) -> Path:
    """The files the demo makes when it is loaded (the 12th session's signed PDF): copied into
    each test's own media folder."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, demo_media):
    """The demo is loaded once into the test database; each test runs in a transaction over it
    that is rolled back, so tests that only read it share it."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        load_demo()


@pytest.fixture
def empty_database(db) -> None:
    """A test that needs the database without the demo empties it (rolled back afterwards)."""
    call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo_group(db) -> WorkingGroup:
    """The demo group; loaded again after a test that emptied the database (live server tests)."""
    return WorkingGroup.objects.filter(slug="meydan").first() or load_demo()


@pytest.fixture
def session12(demo_group) -> Meeting:
    return Meeting.objects.get(working_group=demo_group, number=12)


@pytest.fixture
def draft12(session12) -> Meeting:
    """Session 12 taken back to draft (held), so that tests may change its content."""
    session12.status = Meeting.Status.HELD
    session12.save(update_fields=["status"])
    return session12


@pytest.fixture
def session13(demo_group) -> Meeting:
    return Meeting.objects.get(working_group=demo_group, number=13)


def _user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def secretary(demo_group):
    return _user("dabir")


@pytest.fixture
def tehran_user(demo_group):
    return _user("tehran")


@pytest.fixture
def isfahan_user(demo_group):
    return _user("esfahan")


@pytest.fixture
def staff_user(demo_group):
    user = get_user_model().objects.create_user("karmand", password="staff-pass-1391")
    Person.objects.create(last_name="کارمند دبیرخانه", position="کارشناس دبیرخانه", user=user)
    demo_group.staff.add(user)
    return user


@pytest.fixture
def operator(demo_group):
    """The installation's operator: a superuser with no role in any working group."""
    return get_user_model().objects.create_superuser("operator", password="operator-pass-1391")


@pytest.fixture
def outsider(demo_group):
    return get_user_model().objects.create_user("outsider", password="outsider-pass-1391")


def client_for(user) -> Client:
    """A browser signed in as ``user``: with the CSRF cookie the sign-in page gave it, so that its
    first page is answered as every later one (``secretariat.read_cache``)."""
    client = Client()
    if user is not None:
        client.force_login(user)
        client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(32)
    return client


@pytest.fixture
def clients(secretary, staff_user, tehran_user, isfahan_user, outsider) -> dict[str, Client]:
    """A logged-in test client per role, and one anonymous client."""
    return {
        "secretary": client_for(secretary),
        "staff": client_for(staff_user),
        "tehran": client_for(tehran_user),
        "isfahan": client_for(isfahan_user),
        "outsider": client_for(outsider),
        "anonymous": Client(),
    }


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path, demo_media):
    """Uploads and generated files (stored documents, signed PDFs) go to a temporary directory,
    never into the checkout: for every test, with the files the demo made."""
    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(demo_media, settings.MEDIA_ROOT)
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def chromium():
    from tests.browser import CHROMIUM_ARGS, require_tool

    executable = require_tool("chromium", "Browser tests")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs an event loop in this thread
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser context and page per test (cookies do not leak between tests)."""
    context = chromium.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def no_seal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEAL_PKCS12_PATH = tmp_path / "missing.p12"


@pytest.fixture
def held13(session13) -> Meeting:
    """Session 13 held in Isfahan: Tehran's and Isfahan's representatives attended, with e-mail addresses."""
    MeetingDay.objects.create(meeting=session13, date=datetime.date(2012, 9, 19))
    for order, username in enumerate(("tehran", "esfahan"), start=1):
        person = Person.objects.get(user__username=username)
        person.email = f"{username}@example.org"
        person.save(update_fields=["email"])
        Attendance.objects.create(
            meeting=session13,
            person=person,
            organization=person.organization,
            position=person.position,
            order=order,
        )
    Resolution.objects.create(
        meeting=session13,
        number=1,
        text="کمیته حقوقی آئین‌نامه مالی را تا پایان آذر به دبیرخانه ارسال کند.",
        responsible_kind=Resolution.Responsible.SECRETARIAT,
    )
    session13.status = Meeting.Status.HELD
    session13.save(update_fields=["status"])
    return session13


@pytest.fixture
def one_minute(monkeypatch):
    """Kept answers are keyed by the minute: a test counting the queries of a kept read holds the
    minute still, so that a read crossing into the next minute (made anew, as it should be) does
    not count as a read that was not kept. Returns a function that moves to the next minute."""
    from secretariat import read_cache

    minute = [read_cache.current_minute()]
    monkeypatch.setattr(read_cache, "current_minute", lambda: minute[0])

    def next_minute() -> None:
        minute[0] += 1

    return next_minute
