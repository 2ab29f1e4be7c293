"""Decisions as Iranian bodies record them: the quorum counted from the attendance by the group's
rule, votes per resolution checked against who was present, and substitutes with their
introduction letters, in the editor, the minutes, the snapshot and the PDF."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.minutes.document import build_document, document_from_json, document_to_json, minutes_view
from meetings.minutes.pdf import render_minutes_pdf
from meetings.minutes.quorum import quorum
from meetings.models import Attendance, Meeting
from resolutions.models import Resolution
from secretariat.models import Organization, Person, WorkingGroup
from tests.meetings.pdf_text import contains_in_order, pdf_text, words
from tests.meetings.test_editor import EDIT, add_row, editor_data, person
from tests.roles import STAFF_ACTS

PRESENT, SUBSTITUTE, GUEST, ABSENT = "present", "substitute", "guest", "absent"


# -- the rule -------------------------------------------------------------------------------------


def group(rule=WorkingGroup.QuorumRule.MAJORITY, count=None, substitutes=True) -> WorkingGroup:
    return WorkingGroup(quorum_rule=rule, quorum_count=count, quorum_counts_substitutes=substitutes)


MEMBERS = list(range(1, 13))  # twelve member organizations, as in the demo


def test_more_than_half_of_twelve_is_seven():
    attendance = [(PRESENT, organization) for organization in range(1, 7)]
    assert quorum(group(), MEMBERS, attendance).needed == 7
    assert not quorum(group(), MEMBERS, attendance).reached
    assert quorum(group(), MEMBERS, [*attendance, (PRESENT, 7)]).reached


def test_an_organization_counts_once_and_guests_absentees_and_outsiders_not_at_all():
    attendance = [(PRESENT, 1), (PRESENT, 1), (GUEST, 2), (ABSENT, 3), (PRESENT, 99), (PRESENT, None)]
    assert quorum(group(), MEMBERS, attendance).present == 1


def test_substitutes_count_unless_the_group_says_otherwise():
    attendance = [(PRESENT, n) for n in range(1, 7)] + [(SUBSTITUTE, 7)]
    assert quorum(group(substitutes=True), MEMBERS, attendance).reached
    without = quorum(group(substitutes=False), MEMBERS, attendance)
    assert (without.present, without.reached) == (6, False)


def test_two_thirds_and_a_set_count():
    assert quorum(group(WorkingGroup.QuorumRule.TWO_THIRDS), MEMBERS, []).needed == 8
    assert quorum(group(WorkingGroup.QuorumRule.TWO_THIRDS), list(range(10)), []).needed == 7
    assert quorum(
        group(WorkingGroup.QuorumRule.COUNT, 5), MEMBERS, [(PRESENT, n) for n in range(1, 6)]
    ).reached
    # A set count left empty falls back to the default rule, and says so.
    fallback = quorum(group(WorkingGroup.QuorumRule.COUNT, None), MEMBERS, [])
    assert fallback.needed == 7 and fallback.rule == str(WorkingGroup.QuorumRule.MAJORITY.label)


def test_a_group_without_members_never_has_a_quorum():
    assert not quorum(group(), [], [(PRESENT, 1)]).reached


# -- the editor and the minutes -------------------------------------------------------------------


@pytest.fixture
def isfahan_deputy(demo_group) -> Person:
    return Person.objects.create(
        honorific="mr",
        last_name="رضایی",
        position="معاون سازمان میادین اصفهان",
        organization=Organization.objects.get(city="اصفهان", kind="market"),
    )


def record_session13(client, isfahan_deputy, **resolution) -> tuple[int, dict]:
    """Session 13 held: Tehran present, Isfahan represented by its deputy sitting in for its
    representative under a letter, one resolution with ``resolution``'s vote fields; the quorum stated."""
    data = editor_data(client, 13)
    data.update({"status": "held", "states_quorum": "on"})
    add_row(data, "days", {"date": "۱۳۹۱/۰۶/۲۹"})
    add_row(data, "attendance", {"person": person("tehran").pk, "kind": PRESENT, "order": "1"})
    add_row(
        data,
        "attendance",
        {
            "person": isfahan_deputy.pk,
            "kind": SUBSTITUTE,
            "substitute_for": person("esfahan").pk,
            "letter_number": "۴۵۶۷/ص/۹۱",
            "letter_date": "۱۳۹۱/۰۶/۲۵",
            "order": "3",
        },
    )
    add_row(
        data,
        "resolutions",
        {
            "verb": "مقرر شد",
            "text": "گزارش کمیته حقوقی در نشست بعد ارائه شود.",
            "responsible_kind": "none",
            "status": "open",
            "order": "1",
            **resolution,
        },
    )
    response = client.post(EDIT.format(13), data)
    return response.status_code, data


def test_votes_a_substitute_s_letter_and_the_missing_quorum_are_written_in_the_minutes(
    clients, session13, isfahan_deputy
):
    status, _data = record_session13(
        clients["staff"], isfahan_deputy, vote="counted", votes_for="۲", votes_against="", votes_abstaining=""
    )
    assert status == 302
    resolution = Resolution.objects.get(meeting=session13)
    assert (resolution.vote, resolution.votes_for, resolution.votes_against) == ("counted", 2, None)
    deputy = Attendance.objects.get(meeting=session13, person=isfahan_deputy)
    assert (deputy.letter_number, deputy.letter_date) == ("۴۵۶۷/ص/۹۱", datetime.date(2012, 9, 15))

    html = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    assert "با ۲ رأی موافق" in html
    assert "به موجب معرفی‌نامه شماره ۴۵۶۷/ص/۹۱ مورخ ۲۵ شهریور ۱۳۹۱" in html
    assert "با حضور ۲ سازمان از ۱۲ سازمان عضو، جلسه به حد نصاب نرسید" in html
    assert "بدون حد نصاب ثبت شده است" in html


def test_a_unanimous_vote_and_a_full_counted_vote_read_as_persian_minutes_do(
    clients, session13, isfahan_deputy
):
    assert record_session13(clients["staff"], isfahan_deputy, vote="unanimous")[0] == 302
    assert "با اتفاق آرا" in clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    entry = build_document(session13).resolutions[0]
    entry.vote, entry.votes_for, entry.votes_against, entry.votes_abstaining = "counted", 7, 2, 1
    assert entry.vote_words == "با ۷ رأی موافق، ۲ رأی مخالف و ۱ رأی ممتنع"


def test_more_votes_than_members_present_are_refused_next_to_the_field_and_nothing_is_lost(
    clients, session13, isfahan_deputy
):
    status, data = record_session13(
        clients["staff"],
        isfahan_deputy,
        vote="counted",
        votes_for="۲",
        votes_against="۱",
        votes_abstaining="",
    )
    assert status == 200
    assert not Resolution.objects.filter(meeting=session13).exists()
    html = clients["staff"].post(EDIT.format(13), data).content.decode()
    assert "۳ رأی ثبت شده، اما در فهرست حاضران تنها ۲ عضو حاضرند" in html
    assert 'href="#id_resolutions-0-votes_for"' in html  # the error summary leads to the field
    assert 'value="۲"' in html and "گزارش کمیته حقوقی در نشست بعد ارائه شود." in html


def test_a_counted_vote_needs_its_votes_for(clients, session13, isfahan_deputy):
    status, data = record_session13(clients["staff"], isfahan_deputy, vote="counted", votes_for="")
    assert status == 200
    html = clients["staff"].post(EDIT.format(13), data).content.decode()
    assert "شمار آرای موافق را وارد کنید" in html


def test_counts_are_dropped_when_the_vote_is_not_counted(clients, session13, isfahan_deputy):
    assert record_session13(clients["staff"], isfahan_deputy, vote="unanimous", votes_for="۵")[0] == 302
    assert Resolution.objects.get(meeting=session13).votes_for is None


def test_the_seed_session_says_nothing_it_does_not_know(session12):
    """The 12th session's resolutions were "approved by the members" with no counts, and its
    attendance list cannot judge a quorum: its minutes state neither."""
    document = build_document(session12)
    assert document.quorum is None and not document.without_quorum
    assert all(entry.vote == "" and entry.vote_words == "" for entry in document.resolutions)


def test_the_snapshot_keeps_votes_letters_and_quorum_and_old_snapshots_still_load(
    clients, session13, isfahan_deputy
):
    record_session13(clients["staff"], isfahan_deputy, vote="unanimous")
    document = build_document(Meeting.objects.get(pk=session13.pk))
    restored = document_from_json(document_to_json(document))
    assert restored == document and restored.quorum.present == 2
    old = document_to_json(document)
    del old["quorum"]
    for attendee in old["attendees"]:
        del attendee["letter_number"], attendee["letter_date"]
    for entry in old["resolutions"]:
        del entry["vote"], entry["votes_for"]
    loaded = document_from_json(old)
    assert loaded.quorum is None and loaded.resolutions[0].vote_words == ""


def test_the_pdf_states_the_quorum_the_votes_and_the_letter(clients, session13, isfahan_deputy):
    record_session13(clients["staff"], isfahan_deputy, vote="counted", votes_for="۲", votes_abstaining="")
    text = words(pdf_text(render_minutes_pdf(minutes_view(Meeting.objects.get(pk=session13.pk)))))
    assert contains_in_order(text, words("تصویب: با ۲ رأی موافق"))
    assert contains_in_order(text, words("معرفی‌نامه شماره ۴۵۶۷/ص/۹۱ مورخ ۲۵ شهریور ۱۳۹۱"))
    assert contains_in_order(text, words("جلسه به حد نصاب نرسید"))


def market(city: str) -> Organization:
    return Organization.objects.get(city=city, kind="market")


def test_votes_by_organization_fill_the_counts_and_are_named_in_the_minutes(
    clients, session13, isfahan_deputy
):
    status, _data = record_session13(
        clients["staff"],
        isfahan_deputy,
        vote="counted",
        voted_for=[market("تهران").pk],
        abstained=[market("اصفهان").pk],
    )
    assert status == 302
    resolution = Resolution.objects.get(meeting=session13)
    assert (resolution.votes_for, resolution.votes_against, resolution.votes_abstaining) == (1, None, 1)
    assert {(v.organization.city, v.choice) for v in resolution.organization_votes.all()} == {
        ("تهران", "for"),
        ("اصفهان", "abstaining"),
    }
    html = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    assert "با ۱ رأی موافق (سازمان میادین تهران) و ۱ رأی ممتنع (سازمان میادین اصفهان)" in html
    # Back to a unanimous vote: the organizations' votes go with the counts.
    data = editor_data(clients["staff"], 13)
    assert data["resolutions-0-voted_for"] == str(market("تهران").pk)  # the editor shows them again
    data["resolutions-0-vote"] = "unanimous"
    assert clients["staff"].post(EDIT.format(13), data).status_code == 302
    assert not Resolution.objects.get(meeting=session13).organization_votes.exists()


def test_an_organization_votes_once_and_named_organizations_match_the_count(
    clients, session13, isfahan_deputy
):
    tehran = market("تهران").pk
    status, data = record_session13(
        clients["staff"], isfahan_deputy, vote="counted", voted_for=[tehran], voted_against=[tehran]
    )
    assert status == 200
    html = clients["staff"].post(EDIT.format(13), data).content.decode()
    assert "هر سازمان یک بار رأی می‌دهد" in html
    status, data = record_session13(
        clients["staff"], isfahan_deputy, vote="counted", votes_for="۲", voted_for=[tehran]
    )
    assert status == 200
    assert (
        "۱ سازمان برای این رأی نام برده شده" in clients["staff"].post(EDIT.format(13), data).content.decode()
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def letter_url(attendance: Attendance) -> str:
    return f"/g/meydan/sessions/13/attendance/{attendance.pk}/letter/"


@pytest.fixture
def circulated_with_a_substitute(clients, session13, isfahan_deputy, no_seal) -> Attendance:
    assert record_session13(clients["staff"], isfahan_deputy, vote="unanimous")[0] == 302
    assert clients["staff"].post("/g/meydan/sessions/13/circulate/").status_code == 302
    return Attendance.objects.get(meeting=session13, person=isfahan_deputy)


@pytest.mark.parametrize(("role", "status"), STAFF_ACTS)
def test_the_scanned_letter_is_attached_by_staff_even_after_circulation(
    clients, circulated_with_a_substitute, role, status
):
    scan = SimpleUploadedFile("معرفی‌نامه.pdf", PDF, content_type="application/pdf")
    response = clients[role].post(
        letter_url(circulated_with_a_substitute), {f"letter-{circulated_with_a_substitute.pk}-scan": scan}
    )
    assert response.status_code == status
    circulated_with_a_substitute.refresh_from_db()
    assert bool(circulated_with_a_substitute.letter_scan) == (role in ("secretary", "staff"))


def test_attendees_read_the_scanned_letter_and_a_wrong_file_is_refused(clients, circulated_with_a_substitute):
    wrong = SimpleUploadedFile("letter.pdf", b"not a pdf at all", content_type="application/pdf")
    response = clients["staff"].post(
        letter_url(circulated_with_a_substitute), {f"letter-{circulated_with_a_substitute.pk}-scan": wrong}
    )
    assert response.status_code == 400
    letters = response.content.decode().split('id="introduction-letters"')[1].split("</section>")[0]
    assert "نوع این فایل پذیرفته نیست" in letters  # the refusal, beside the upload it refuses
    scan = SimpleUploadedFile("letter.pdf", PDF, content_type="application/pdf")
    assert (
        clients["staff"]
        .post(
            letter_url(circulated_with_a_substitute), {f"letter-{circulated_with_a_substitute.pk}-scan": scan}
        )
        .status_code
        == 302
    )
    page = clients["tehran"].get("/g/meydan/sessions/13/").content.decode()
    assert (
        "دانلود نامه اسکن‌شده" in page
        and 'type="file"' not in page.split('id="introduction-letters"')[1].split("</section>")[0]
    )
    download = clients["tehran"].get(letter_url(circulated_with_a_substitute))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert clients["outsider"].get(letter_url(circulated_with_a_substitute)).status_code == 404
