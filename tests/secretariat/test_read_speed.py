"""Reads that cost about a permission check (#24): the pages people read and the files they
download run a small fixed number of queries, the same at the demo's size and among twenty
groups' worth of data (``tests/scale_data.py``, what ``benchmarks/scale.py`` times); what was made
once is answered again from a cheap key (``secretariat.data_version``, ``secretariat.read_cache``)
and made anew the moment anything it shows changes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from secretariat import data_version
from secretariat.models import Organization
from tests.scale_data import ScaleGenerator

READS = {
    "home": "/",
    "group page": "/g/meydan/",
    "minutes page": "/g/meydan/sessions/12/",
    "stored PDF": "/g/meydan/sessions/12/minutes.pdf",
    "Word file": "/g/meydan/sessions/12/minutes.docx",
    "tracker, first page": "/g/meydan/resolutions/",
    "committees": "/g/meydan/committees/",
}
ROLES = ("secretary", "tehran")
# A kept answer's key and ETag name the minute: every test here reads within one.
pytestmark = pytest.mark.usefixtures("one_minute")
# The session, the user, the data version and the cache's one lookup; a few to spare.
KEPT_READ_BUDGET = 6


def queries(client, url: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured), response


def counts(clients) -> dict[tuple[str, str], tuple[int, int]]:
    """For every reader and read: the queries of making it afresh, then of reading it again."""
    found = {}
    for role in ROLES:
        for name, url in READS.items():
            queries(clients[role], url, HTTP_CACHE_CONTROL="no-cache")  # what readers share is kept
            made, _ = queries(clients[role], url, HTTP_CACHE_CONTROL="no-cache")
            kept, _ = queries(clients[role], url)
            found[role, name] = (made, kept)
    return found


def test_every_read_runs_the_same_few_queries_at_the_demos_size_and_at_twenty_groups(clients, demo_group):
    for role in ROLES:  # the stored files are made on their first request
        for url in READS.values():
            clients[role].get(url)
    demo = counts(clients)
    generated = ScaleGenerator(demo_group, readers_keep_their_groups=True).run()
    assert generated["groups"] >= 20 and generated["resolutions"] >= 12_000
    scale = counts(clients)
    assert scale == demo, {read: (demo[read], scale[read]) for read in demo if demo[read] != scale[read]}
    over = {read: kept for read, (_made, kept) in scale.items() if kept > KEPT_READ_BUDGET}
    assert not over, over


def test_a_kept_read_is_made_anew_when_what_it_shows_changes(clients, demo_group):
    client = clients["tehran"]
    before = client.get("/g/meydan/committees/").content.decode()
    assert client.get("/g/meydan/committees/").content.decode() == before  # kept
    tehran = Organization.objects.get(name__contains="تهران", memberships__working_group=demo_group)
    Organization.objects.filter(pk=tehran.pk).update(short_name="میادین پایتخت")  # a bulk write
    after = client.get("/g/meydan/committees/").content.decode()
    assert "میادین پایتخت" in after and "میادین پایتخت" not in before


def test_a_kept_read_is_made_anew_in_the_next_minute(clients, demo_group, one_minute):
    client = clients["tehran"]
    client.get("/g/meydan/resolutions/")
    kept, _ = queries(client, "/g/meydan/resolutions/")
    one_minute()
    made, _ = queries(client, "/g/meydan/resolutions/")
    assert kept <= KEPT_READ_BUDGET < made
    again, _ = queries(client, "/g/meydan/resolutions/")
    assert again == kept


def test_every_write_changes_the_data_version_and_a_read_does_not(demo_group):
    first = data_version.current()
    assert first is not None
    list(Organization.objects.all())
    assert data_version.current() == first
    Organization.objects.filter(pk=-1).update(name="x")  # a write, even one that changes no row
    second = data_version.current()
    assert second != first
    with connection.cursor() as cursor:
        cursor.execute("UPDATE secretariat_organization SET name = name WHERE id = -1")
    assert data_version.current() not in (first, second)


def test_writes_that_no_page_shows_leave_the_data_version(demo_group):
    first = data_version.current()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE session_key = 'none'")
        cursor.execute("DELETE FROM cache_table WHERE cache_key = 'none'")
    assert data_version.current() == first
    assert data_version.changes_data('UPDATE "meetings_meeting" SET "version" = 2')
    assert data_version.changes_data('DELETE FROM "resolutions_followup"')
    assert data_version.changes_data("INSERT INTO secretariat_organization (name) VALUES ('x')")
    assert not data_version.changes_data('SELECT * FROM "meetings_meeting"')
    assert not data_version.changes_data('INSERT INTO "axes_accessattempt" VALUES (1)')
    assert not data_version.changes_data('UPDATE "secretariat_workerheartbeat" SET "pid" = 1')


@pytest.mark.django_db(transaction=True)
def test_the_data_version_changes_when_a_transaction_commits_and_not_when_it_rolls_back(demo_group):
    first = data_version.current()
    with transaction.atomic():
        Organization.objects.filter(pk=-1).update(name="x")
        Organization.objects.filter(pk=-2).update(name="y")
        assert data_version.current() == first  # readers see the old data and the old key
    committed = data_version.current()
    assert committed != first
    with pytest.raises(RuntimeError), transaction.atomic():
        Organization.objects.filter(pk=-1).update(name="x")
        raise RuntimeError
    assert data_version.current() == committed


def test_a_message_waiting_is_shown_though_nothing_was_written(clients, session13):
    client = clients["secretary"]
    page = "/g/meydan/sessions/13/"
    before = client.get(page).content.decode()
    assert client.get(page).content.decode() == before  # kept
    version = data_version.current()
    refused = client.post(page + "agenda/undo/")  # nothing to undo: a message, and no write
    assert refused.status_code == 302 and data_version.current() == version
    shown = client.get(page).content.decode()
    assert "تصمیمی برای برگرداندن نیست." in shown and "تصمیمی برای برگرداندن نیست." not in before
    assert "تصمیمی برای برگرداندن نیست." not in client.get(page).content.decode()  # shown once


def test_a_reader_who_has_the_page_gets_not_modified(clients, demo_group):
    client = clients["tehran"]
    first = client.get("/g/meydan/")
    again = client.get("/g/meydan/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content


def test_a_reader_who_has_the_stored_file_gets_not_modified_without_any_document_work(
    clients, session12, django_assert_max_num_queries
):
    client = clients["tehran"]
    first = client.get("/g/meydan/sessions/12/minutes.pdf")
    assert first.status_code == 200 and b"".join(first.streaming_content).startswith(b"%PDF")
    with django_assert_max_num_queries(KEPT_READ_BUDGET):
        again = client.get("/g/meydan/sessions/12/minutes.pdf", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["ETag"] == first["ETag"]


def test_another_readers_page_is_never_served(clients, demo_group):
    secretary_home = clients["secretary"].get("/").content.decode()
    member_home = clients["tehran"].get("/").content.decode()
    assert secretary_home != member_home
    assert clients["outsider"].get("/g/meydan/").status_code == 404
