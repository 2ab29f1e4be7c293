"""Logging in through the real login page in Chromium."""

import pytest

from meetings.demo_facts import DEMO_PASSWORD
from tests.browser import login

pytestmark = pytest.mark.browser


def test_secretary_logs_in_and_sees_the_working_group(page, live_server, demo_group):
    login(page, live_server, "dabir", DEMO_PASSWORD)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("link", name=demo_group.name, exact=True).is_visible()


def test_wrong_password_is_refused_in_persian(page, live_server, demo_group):
    login(page, live_server, "dabir", "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator(".alert, .invalid-feedback, .errorlist").first.is_visible()
    assert "نام کاربری" in page.content()
