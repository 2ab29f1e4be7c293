"""``/g/<wg>/calendar.ics`` and an organization's secret feed: sessions and deadlines, Jalali summaries."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from meetings.models import Meeting
from resolutions.models import CalendarFeed
from tests.queries import queries_of
from tests.resolutions.factories import grow, isfahan, make_resolution, make_session, other_group, tehran
from tests.roles import GROUP_MEMBERS, assert_status_for

URL = "/g/meydan/calendar.ics"


def events(response) -> dict[str, dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["summary"]): {
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "event": event,
        }
        for event in calendar.walk("VEVENT")
    }


def feed_url(organization) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(organization=organization)
    return f"/g/meydan/calendar/{feed.token}.ics"


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_who_may_read_the_group_calendar(clients, role, status):
    assert_status_for(clients[role], URL, status)


def test_sessions_and_deadlines_with_jalali_dates_in_the_summary(clients):
    found = events(clients["staff"].get(URL))
    session12 = found["دوازدهمین نشست کارگروه، ۳۱ خرداد و ۱ تیر ۱۳۹۱"]
    # It began at 8:40 in Tehran (the seed's «۸/۴۰ صبح») and ran over both days.
    assert session12["start"] == datetime.datetime(2012, 6, 20, 8, 40, tzinfo=ZoneInfo("Asia/Tehran"))
    assert session12["end"] == datetime.datetime(2012, 6, 22, 0, 0, tzinfo=ZoneInfo("Asia/Tehran"))
    assert session12["event"]["dtstart"].params["TZID"] == "Asia/Tehran"
    assert str(session12["event"]["location"]) == "شیراز"
    session13 = found["سیزدهمین نشست کارگروه، حدود ۳۱ شهریور ۱۳۹۱"]
    assert session13["start"] == datetime.date(2012, 9, 21)
    deadline = found["مهلت مصوبه ۱ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱"]
    assert deadline["start"] == datetime.date(2012, 9, 21)
    assert "کمیته حقوقی" in str(deadline["event"]["description"])
    assert str(deadline["event"]["url"]).endswith("/g/meydan/resolutions/%d/" % deadline_pk(1))
    assert "مهلت مصوبه ۸ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱" in found


def test_a_timed_session_carries_its_time_zone_and_ends_at_its_end_time(clients, draft12):
    Meeting.objects.filter(pk=draft12.pk).update(end_time=datetime.time(13, 30))
    response = clients["staff"].get(URL)
    found = events(response)
    session = found["دوازدهمین نشست کارگروه، ۳۱ خرداد و ۱ تیر ۱۳۹۱"]
    assert session["end"] == datetime.datetime(2012, 6, 21, 13, 30, tzinfo=ZoneInfo("Asia/Tehran"))
    zones = [str(zone["tzid"]) for zone in Calendar.from_ical(response.content).walk("VTIMEZONE")]
    assert zones == ["Asia/Tehran"]


def deadline_pk(number: int) -> int:
    from resolutions.models import Resolution

    return Resolution.objects.get(meeting__number=12, number=number).pk


def test_a_member_sees_its_own_deadlines_only(clients):
    tehran_events = events(clients["tehran"].get(URL))
    assert "مهلت مصوبه ۱ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱" in tehran_events
    assert "مهلت مصوبه ۸ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱" not in tehran_events  # Isfahan's
    isfahan_events = events(clients["isfahan"].get(URL))
    assert "مهلت مصوبه ۸ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱" in isfahan_events


def test_deadlines_of_draft_minutes_and_closed_resolutions_stay_out(clients, demo_group):
    draft = make_session(demo_group, 14, Meeting.Status.HELD, attended_by=(tehran(),))
    make_resolution(draft, 1, organization=tehran(), deadline=datetime.date(2013, 1, 1))
    published = make_session(demo_group, 15, Meeting.Status.PUBLISHED)
    make_resolution(published, 1, organization=tehran(), deadline=datetime.date(2013, 2, 1), status="done")
    summaries = " ".join(events(clients["tehran"].get(URL)))
    assert "مهلت مصوبه ۱ چهاردهمین نشست" not in summaries
    assert "مهلت مصوبه ۱ پانزدهمین نشست" not in summaries
    staff_summaries = " ".join(events(clients["staff"].get(URL)))
    # A deadline counts once the minutes are signed: a draft's is not in anyone's calendar yet.
    assert "مهلت مصوبه ۱ چهاردهمین نشست: " not in staff_summaries
    assert "مهلت مصوبه ۱ دوازدهمین نشست: " in staff_summaries


def test_the_secret_feed_works_without_logging_in(demo_group):
    response = Client().get(feed_url(tehran()))
    found = events(response)
    assert "مهلت مصوبه ۱ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱" in found
    assert "مهلت مصوبه ۸ دوازدهمین نشست: ۳۱ شهریور ۱۳۹۱" not in found
    assert "no-cache" in response["Cache-Control"]


def test_a_wrong_token_or_another_groups_slug_is_not_found(demo_group):
    url = feed_url(tehran())
    assert Client().get("/g/meydan/calendar/not-the-token.ics").status_code == 404
    other_group()
    assert Client().get(url.replace("/g/meydan/", "/g/other/")).status_code == 404


def test_renewing_the_address_retires_the_old_one(clients, demo_group):
    old = feed_url(tehran())
    response = clients["tehran"].post("/g/meydan/calendar/renew/")
    assert response.status_code == 302
    assert Client().get(old).status_code == 404
    assert Client().get(feed_url(tehran())).status_code == 200


def test_the_first_request_makes_the_address_and_the_home_page_shows_it(clients):
    assert not CalendarFeed.objects.filter(organization=isfahan()).exists()
    clients["isfahan"].post("/g/meydan/calendar/renew/")
    feed = CalendarFeed.objects.get(organization=isfahan())
    assert f"/g/meydan/calendar/{feed.token}.ics" in clients["isfahan"].get("/").content.decode()
    assert feed.token not in clients["tehran"].get("/").content.decode()


@pytest.mark.parametrize(
    ("role", "status"), [("staff", 403), ("secretary", 403), ("outsider", 404), ("anonymous", 302)]
)
def test_only_member_users_make_feed_addresses(clients, role, status):
    assert clients[role].post("/g/meydan/calendar/renew/").status_code == status
    assert not CalendarFeed.objects.exists()


def test_renewing_needs_post(clients):
    assert clients["tehran"].get("/g/meydan/calendar/renew/").status_code == 405


@pytest.mark.parametrize("who", ["staff", "tehran", "secret feed"])
def test_calendar_queries_do_not_grow_with_the_data(clients, demo_group, who):
    client, url = (Client(), feed_url(tehran())) if who == "secret feed" else (clients[who], URL)
    client.get(url)  # warm up the session
    baseline, response = queries_of(client, url)
    events_before = len(events(response))
    grow(demo_group, sessions=4)
    queries, response = queries_of(client, url)
    assert len(events(response)) >= events_before + 4
    assert queries == baseline
