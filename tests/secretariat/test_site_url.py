"""In development without ``SITE_URL``, links lead back to the address the page was asked at; in
production (and whenever ``SITE_URL`` is given) they use ``SITE_URL``."""

from __future__ import annotations

from icalendar import Calendar

URL = "/g/meydan/calendar.ics"


def session_links(response) -> list[str]:
    calendar = Calendar.from_ical(response.content)
    return [str(event["url"]) for event in calendar.walk("VEVENT") if "url" in event]


def test_in_development_links_follow_the_address_asked(clients, settings, monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    settings.DEBUG = True
    settings.ALLOWED_HOSTS = ["localhost"]
    links = session_links(clients["staff"].get(URL, HTTP_HOST="localhost:9000"))
    assert links and all(link.startswith("http://localhost:9000/") for link in links)


def test_a_given_site_url_wins(clients, settings, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://secretariat.example.org")
    settings.DEBUG = True
    settings.SITE_URL = "https://secretariat.example.org"
    settings.ALLOWED_HOSTS = ["localhost"]
    links = session_links(clients["staff"].get(URL, HTTP_HOST="localhost:9000"))
    assert links and all(link.startswith("https://secretariat.example.org/") for link in links)


def test_in_production_the_site_url_is_used(clients, settings):
    settings.DEBUG = False
    links = session_links(clients["staff"].get(URL))
    assert links and all(link.startswith(settings.SITE_URL + "/") for link in links)
