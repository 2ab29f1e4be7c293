"""Searching the archive (#27): every spelling finds the same words, and nobody finds what they
may not open."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.search import search
from archive.words import index_key, query_words
from meetings.models import AgendaItem, Meeting
from resolutions.models import FollowUp, Resolution
from secretariat.access import access_for, groups_for_user
from tests.sample_data import add_sample_resolutions


def user(username):
    return get_user_model().objects.get(username=username)


def found(username, query, **filters):
    hits, total = search(groups_for_user(user(username)), query, filters=filters, limit=100)
    return {(hit.entry.kind, hit.entry.object_id) for hit in hits}, total


def _resolution(meeting, number, text):
    return Resolution.objects.create(
        meeting=meeting, number=number, text=text, responsible_kind="secretariat"
    )


@pytest.fixture
def draft(demo_group):
    meeting = Meeting.objects.create(working_group=demo_group, number=30, status=Meeting.Status.HELD)
    return meeting


@pytest.mark.parametrize(
    "written,asked",
    [
        ("ممنوعیت كيسه پلاستيكي در ميادين", "کیسه پلاستیکی"),  # Arabic ي/ك against Persian ی/ک
        ("کیسه‌های پلاستیکی", "کیسه های"),  # ZWNJ against a space
        ("کیسه‌های پلاستیکی", "کیسههای"),  # ZWNJ against nothing
        ("کیسه های پلاستیکی", "کیسه‌ها"),  # a space against ZWNJ, and the word's beginning
        ("تعرفهٔ غرفه‌ها", "تعرفه غرفه"),  # ezafe «ۀ»
        ("تعرفه‌ی غرفه‌ها", "تعرفۀ غرفه"),  # ezafe «ه‌ی» against «ۀ»
        ("مصوبهٔ شمارهٔ ۱۲ کمیسیون", "شماره 12"),  # Persian digits against Latin
        ("مصوبه شماره ١٢", "شماره ۱۲"),  # Arabic digits against Persian
        ("مُصَوَّبه کمیسیون", "مصوبه"),  # vowel marks
    ],
)
def test_every_spelling_finds_the_same_words(draft, written, asked):
    resolution = _resolution(draft, 1, written)
    assert ("resolution", resolution.pk) in found("dabir", asked)[0], (index_key(written), query_words(asked))


def test_a_member_never_finds_a_draft_the_secretariat_does(draft):
    resolution = _resolution(draft, 1, "ساماندهی دستفروشان اطراف میدان")
    assert ("resolution", resolution.pk) in found("dabir", "دستفروشان")[0]
    assert found("tehran", "دستفروشان") == (set(), 0)


def test_members_find_published_minutes_and_their_own_unaccepted_reports_only(session12):
    resolution = Resolution.objects.filter(meeting=session12).first()
    tehran, esfahan = user("tehran").person.organization, user("esfahan").person.organization
    report = FollowUp.objects.create(
        resolution=resolution, organization=tehran, text="گزارش محرمانه بازارچه شبانه"
    )
    assert ("report", report.pk) in found("tehran", "بازارچه شبانه")[0]
    assert found("esfahan", "بازارچه شبانه") == (set(), 0)
    FollowUp.objects.filter(pk=report.pk).update(review=FollowUp.Review.ACCEPTED)
    assert ("report", report.pk) in found("esfahan", "بازارچه شبانه")[0]  # accepted: every member reads it
    assert esfahan is not None
    # The published 12th session's resolutions are found by every member.
    word = resolution.text.split()[2]
    assert ("resolution", resolution.pk) in found("esfahan", word)[0]


def test_an_agenda_item_left_off_is_the_secretariats_alone(session13):
    item = AgendaItem.objects.create(
        meeting=session13, number=9, title="بند کنارگذاشته درباره پسماند", state="dropped"
    )
    assert ("agenda", item.pk) in found("dabir", "پسماند")[0]
    assert ("agenda", item.pk) not in found("tehran", "پسماند")[0]
    AgendaItem.objects.filter(pk=item.pk).update(state="accepted")
    Meeting.objects.filter(pk=session13.pk).update(version=session13.version + 1)  # as an action would
    assert ("agenda", item.pk) in found("tehran", "پسماند")[0]


def test_a_change_is_found_at_once(draft):
    resolution = _resolution(draft, 1, "متن نخست")
    assert found("dabir", "گلخانه")[1] == 0
    Resolution.objects.filter(pk=resolution.pk).update(text="ساخت گلخانه نمونه")
    Meeting.objects.filter(pk=draft.pk).update(version=draft.version + 1)
    assert ("resolution", resolution.pk) in found("dabir", "گلخانه")[0]


def test_filters_by_kind_session_and_group(draft, session12):
    resolution = _resolution(draft, 1, "کمیته حقوقی جدید")
    kinds = {kind for kind, _pk in found("dabir", "کمیته حقوقی", kind="resolution")[0]}
    assert kinds == {"resolution"}
    assert ("resolution", resolution.pk) not in found("dabir", "کمیته حقوقی", session_number=12)[0]


def test_the_search_page_marks_the_words_and_the_navigation_bar_searches(clients, draft):
    _resolution(draft, 1, "احداث پارکینگ طبقاتی در میدان مرکزی")
    page = clients["secretary"].get("/search/", {"q": "پارکينگ"}).content.decode()
    assert "<mark>پارکینگ</mark>" in page and 'id="search-count"' in page
    home = clients["tehran"].get("/").content.decode()
    assert 'id="nav-search"' in home
    refused = clients["secretary"].get("/search/", {"q": "x", "year": "abc"})
    assert refused.status_code == 422 and "is-invalid" in refused.content.decode()


def _queries(client, query):
    with CaptureQueriesContext(connection) as context:
        assert client.get("/search/", {"q": query}).status_code == 200
    return len(context)


def test_a_search_runs_the_same_queries_at_two_sizes(clients, demo_group, draft):
    client = clients["tehran"]
    _queries(client, "میادین")  # the index made
    small = _queries(client, "میادین")
    meeting = Meeting.objects.create(working_group=demo_group, number=31, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, 30)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PUBLISHED)
    _queries(client, "میادین")
    assert _queries(client, "میادین") == small
    assert access_for(user("tehran"), demo_group).is_member


def test_a_report_whose_organization_is_gone_is_still_indexed_for_the_secretariat(session12):
    resolution = Resolution.objects.filter(meeting=session12).first()
    report = FollowUp.objects.create(
        resolution=resolution, organization=None, text="گزارش بی‌نام درباره سردخانه"
    )
    assert ("report", report.pk) in found("dabir", "سردخانه")[0]


def _docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_text_of_attached_pdf_and_word_files_is_found(session12):
    from django.core.files.base import ContentFile

    from secretariat.pdf import html_to_pdf

    resolution = Resolution.objects.filter(meeting=session12).first()
    tehran = user("tehran").person.organization
    pdf = html_to_pdf('<html lang="fa" dir="rtl"><body><p>برآورد هزینه سردخانه مرکزی</p></body></html>')
    with_pdf = FollowUp(resolution=resolution, organization=tehran, text="گزارش با پیوست", review="accepted")
    with_pdf.attachment.save("report.pdf", ContentFile(pdf), save=True)
    with_word = FollowUp(resolution=resolution, organization=tehran, text="گزارش دوم")
    with_word.attachment.save("report.docx", ContentFile(_docx("قرارداد نگهداری باسکول")), save=True)
    assert ("report_file", with_pdf.pk) in found("esfahan", "سردخانه")[0]  # accepted: every member
    assert ("report_file", with_word.pk) in found("tehran", "باسکول")[0]
    assert ("report_file", with_word.pk) not in found("esfahan", "باسکول")[0]  # not accepted: Tehran's


def test_the_worker_indexes_what_an_action_wrote_before_anyone_searches(session12):
    from archive.models import SearchEntry
    from resolutions import actions as resolution_actions
    from secretariat.management.commands.db_worker import keep_index

    resolution = Resolution.objects.filter(meeting=session12).order_by("number").first()
    access = access_for(user("tehran"), session12.working_group)
    report = resolution_actions.file_follow_up(
        access, resolution, text="گزارش گلخانه آزمایشی میدان", proposed_status="in_progress"
    )
    assert not SearchEntry.objects.filter(kind="report", object_id=report.pk).exists()
    keep_index()  # what the worker's thread runs every few seconds; no search ran
    entry = SearchEntry.objects.get(kind="report", object_id=report.pk)
    assert index_key("گلخانه") in entry.key
