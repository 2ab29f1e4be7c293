"""Who changed what in the minutes, per session and per resolution."""

import pytest

from resolutions.models import Resolution
from tests.forms_helper import read_form
from tests.roles import STAFF_ONLY

EDIT = "/g/meydan/sessions/13/edit/"
HISTORY = "/g/meydan/sessions/13/history/"


def _save(client, **changes):
    data = read_form(client.get(EDIT).content.decode(), "minutes-editor")
    data.update(changes)
    assert client.post(EDIT, data).status_code == 302


def test_history_names_the_user_the_field_and_both_values(clients, session13):
    _save(clients["secretary"], venue="سالن اول")
    _save(clients["staff"], venue="سالن دوم")
    html = clients["staff"].get(HISTORY).content.decode()
    assert "dabir" in html and "karmand" in html
    assert "محل برگزاری" in html
    assert "سالن اول" in html and "سالن دوم" in html
    assert html.index("karmand") < html.index("dabir")  # newest first


def test_a_value_only_normalized_and_who_saved_are_not_listed_as_edits(clients, session13):
    from meetings.models import Meeting

    Meeting.objects.filter(pk=session13.pk).update(minutes_number="13/1")
    session13.refresh_from_db()
    session13.minutes_number = "13/1"
    session13.save()  # as stored before the editor normalized it, recorded in the history
    _save(clients["secretary"], venue="سالن اول")  # the editor writes «۱۳/۱»
    assert Meeting.objects.get(pk=session13.pk).minutes_number == "۱۳/۱"
    _save(clients["staff"], venue="سالن دوم")
    html = clients["staff"].get(HISTORY).content.decode()
    assert "← 13/1" in html  # set by hand: an edit
    assert "← ۱۳/۱" not in html  # then only normalized by the editor: «13/1» and «۱۳/۱» read the same
    assert "dabir ←" not in html and "← karmand" not in html  # who saved is the row's own "by"


def test_history_of_one_resolution(clients, session13):
    resolution = Resolution.objects.create(
        meeting=session13, number=1, text="متن نخست", responsible_kind="secretariat"
    )
    data = read_form(clients["staff"].get(EDIT).content.decode(), "minutes-editor")
    data["resolutions-0-text"] = "متن اصلاح‌شده"
    assert clients["staff"].post(EDIT, data).status_code == 302
    html = clients["staff"].get(HISTORY, {"resolution": resolution.pk}).content.decode()
    assert "متن نخست" in html and "متن اصلاح‌شده" in html
    assert "مشخصات نشست" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    STAFF_ONLY,
)
def test_history_access(clients, session13, role, status):
    assert clients[role].get(HISTORY).status_code == status


def test_history_query_count_does_not_grow(clients, session13, django_assert_num_queries):
    _save(clients["staff"], venue="الف")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        clients["staff"].get(HISTORY)
    first_count = len(first)
    for venue in ("ب", "پ", "ت", "ث"):
        _save(clients["staff"], venue=venue)
    with django_assert_num_queries(first_count):
        clients["staff"].get(HISTORY)
