"""Before the session: a planned session's page, its agenda suggested from what is due, members'
proposals until the cutoff, the invitation letter, attendance replies, and the inbox."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from meetings.models import AgendaItem, AgendaProposal, AttendanceReply, Invitation, Meeting
from secretariat.models import AuditRecord, Notification, Organization, Person
from secretariat.persian import format_jalali, to_persian_digits
from tests.conftest import client_for
from tests.meetings.pdf_text import contains_in_order, font_names, page_count, pdf_text, words
from tests.queries import queries_of
from tests.resolutions.factories import pdf_upload, tehran
from tests.roles import GROUP_MEMBERS, STAFF_ONLY, assert_status_for

PAGE = "/g/meydan/sessions/{}/"


def post(client, number: int, step: str, data=None, **extra):
    return client.post(PAGE.format(number) + step, data or {}, **extra)


# -- who sees a planned session ----------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), GROUP_MEMBERS)
def test_every_member_sees_the_planned_thirteenth_session(clients, session13, role, status):
    response = assert_status_for(clients[role], PAGE.format(13), status)
    if status == 200:
        page = response.content.decode()
        assert 'id="agenda"' in page and 'id="replies"' in page and "اصفهان" in page


def test_the_host_sees_what_hosting_asks_of_it(clients, session13):
    host_page = clients["isfahan"].get(PAGE.format(13)).content.decode()
    assert 'id="host-notice"' in host_page and "میزبان این نشست است" in host_page
    assert 'id="host-notice"' not in clients["tehran"].get(PAGE.format(13)).content.decode()


def test_the_planned_session_is_on_the_members_group_page_and_its_calendar_link_opens(clients, session13):
    assert 'href="/g/meydan/sessions/13/"' in clients["tehran"].get("/g/meydan/").content.decode()
    feed = clients["tehran"].get("/g/meydan/calendar.ics").content.decode()
    assert "/g/meydan/sessions/13/" in feed.replace("\r\n ", "")


@pytest.mark.parametrize("role", ["secretary", "tehran"])
def test_the_planned_page_runs_a_fixed_number_of_queries(clients, session13, role, upcoming):
    # One of each kind of row first: an empty list skips its prefetch query.
    AgendaItem.objects.create(
        meeting=session13, number=49, title="موضوع نخست", state=AgendaItem.State.ACCEPTED
    )
    AgendaProposal.objects.create(meeting=session13, organization=tehran(), title="پیشنهاد نخست")
    baseline, _ = queries_of(clients[role], PAGE.format(13))
    for number in range(3):
        AgendaItem.objects.create(meeting=session13, number=50 + number, title=f"موضوع {number}")
        AgendaProposal.objects.create(meeting=session13, organization=tehran(), title=f"پیشنهاد {number}")
    more, _ = queries_of(clients[role], PAGE.format(13))
    assert more == baseline


# -- the agenda ------------------------------------------------------------------------------


def test_the_demo_suggests_what_is_due_at_the_thirteenth_session(session13):
    suggested = list(session13.agenda_items.filter(state=AgendaItem.State.SUGGESTED).order_by("number"))
    assert suggested[0].kind == AgendaItem.Kind.FOLLOW_UP
    reported = [item.resolution.number for item in suggested[1:]]
    assert reported == [1, 2, 3, 4, 5, 6]
    legal = suggested[1]
    assert legal.presenter_committee.name == "کمیته حقوقی" and "کمیته حقوقی" in legal.title
    assert suggested[5].presenter_kind == AgendaItem.Presenter.SECRETARIAT


def test_staff_accept_move_and_drop_suggested_items(clients, session13):
    items = list(session13.agenda_items.order_by("number"))
    staff = clients["staff"]
    ticked = {"state": "accepted", "items": [item.pk for item in items[:3]]}
    assert post(staff, 13, "agenda/decide/", ticked).status_code == 302
    assert post(staff, 13, f"agenda/{items[2].pk}/move/", {"position": "۱"}).status_code == 302
    assert post(staff, 13, "agenda/decide/", {"state": "dropped", "items": [items[3].pk]}).status_code == 302
    accepted = list(session13.agenda_items.accepted().order_by("number").values_list("pk", flat=True))
    assert accepted == [items[2].pk, items[0].pk, items[1].pk]
    assert post(staff, 13, "agenda/suggest/").status_code == 302  # a dropped item is not suggested again
    assert session13.agenda_items.filter(resolution=items[3].resolution).count() == 1
    page = staff.get(PAGE.format(13)).content.decode()
    assert page.index(items[2].title) < page.index(items[0].title)


def test_suggestions_are_grouped_by_who_presents_them_and_decided_at_once(clients, session13):
    page = clients["staff"].get(PAGE.format(13)).content.decode()
    form = page[page.index('id="suggestions-form"') : page.index('id="accept-suggested"')]
    assert "کمیته حقوقی" in form and form.count('name="items"') == 7
    suggested = list(
        session13.agenda_items.filter(state=AgendaItem.State.SUGGESTED).values_list("pk", flat=True)
    )
    response = post(
        clients["staff"], 13, "agenda/decide/", {"state": "accepted", "items": suggested}, follow=True
    )
    assert session13.agenda_items.accepted().count() == 7
    said = " ".join(str(m) for m in response.context["messages"])
    assert "۷ مورد در دستور جلسه قرار گرفت" in said and 'id="agenda-undo"' in response.content.decode()


def test_the_last_decision_on_the_agenda_is_undone_once(clients, session13):
    items = list(session13.agenda_items.order_by("number"))
    staff = clients["staff"]
    post(staff, 13, "agenda/decide/", {"state": "accepted", "items": [items[0].pk]})
    post(staff, 13, "agenda/decide/", {"state": "dropped", "items": [items[0].pk, items[1].pk]})
    response = post(staff, 13, "agenda/undo/", follow=True)
    states = dict(session13.agenda_items.values_list("pk", "state"))
    assert (
        states[items[0].pk] == AgendaItem.State.ACCEPTED and states[items[1].pk] == AgendaItem.State.SUGGESTED
    )
    assert "۲ مورد به حالت پیشین برگشت" in " ".join(str(m) for m in response.context["messages"])
    assert 'id="agenda-undo"' not in response.content.decode()
    again = post(staff, 13, "agenda/undo/", follow=True)
    assert "تصمیمی برای برگرداندن نیست" in " ".join(str(m) for m in again.context["messages"])
    assert dict(session13.agenda_items.values_list("pk", "state")) == states


def test_deciding_nothing_is_said_and_changes_nothing(clients, session13):
    version = session13.version
    response = post(clients["staff"], 13, "agenda/decide/", {"state": "accepted"}, follow=True)
    assert "موارد را برگزینید" in " ".join(str(m) for m in response.context["messages"])
    session13.refresh_from_db()
    assert session13.version == version and not session13.agenda_items.accepted().exists()


def test_members_cannot_change_the_agenda(clients, session13):
    item = session13.agenda_items.first()
    for step, data in [
        ("agenda/decide/", {"state": "accepted", "items": [item.pk]}),
        (f"agenda/{item.pk}/move/", {"position": "2"}),
        ("agenda/suggest/", {}),
        ("agenda/add/", {"title": "موضوع"}),
        ("invitation/", {}),
        ("agenda/undo/", {}),
    ]:
        assert post(clients["tehran"], 13, step, data).status_code == 403, step
    item.refresh_from_db()
    assert item.is_suggested


# -- planning the session apart from its minutes ------------------------------------------------


def plan_data(meeting: Meeting, **changes) -> dict:
    data = {
        "host_organization": meeting.host_organization_id or "",
        "city": meeting.city,
        "venue": meeting.venue,
        "start_time": "",
        "end_time": "",
        "approximate_date": "",
        "date_note": "",
        "proposals_until": "",
        "replies_until": "",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-0-date": to_persian_digits(jalali(meeting.first_date)),
    }
    data.update(changes)
    return data


def jalali(day: datetime.date) -> str:
    import jdatetime

    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")


def test_staff_plan_when_proposals_and_replies_close(clients, upcoming):
    close = upcoming.first_date - datetime.timedelta(days=20)
    data = plan_data(upcoming, venue="تالار شهر", proposals_until=to_persian_digits(jalali(close)))
    response = post(clients["staff"], 14, "plan/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    upcoming.refresh_from_db()
    assert upcoming.venue == "تالار شهر" and upcoming.proposals_until == close
    record = AuditRecord.objects.get(action="session.planned", subject_id=upcoming.pk)
    assert (
        sorted(record.details["fields"]) == ["proposals_until", "venue"]
        and record.actor.username == "karmand"
    )
    page = clients["tehran"].get(PAGE.format(14)).content.decode()
    assert format_jalali(close) in page[page.index('id="proposals"') :]


def test_a_member_cannot_plan_and_a_held_session_is_not_planned_again(clients, upcoming, session12):
    assert clients["tehran"].get(PAGE.format(14) + "plan/").status_code == 403
    assert post(clients["tehran"], 14, "plan/", plan_data(upcoming, venue="x")).status_code == 403
    response = clients["staff"].get(PAGE.format(12) + "plan/", follow=True)
    assert "برگزار شده" in " ".join(str(m) for m in response.context["messages"])


def test_proposals_close_on_the_day_staff_set(clients, upcoming):
    upcoming.proposals_until = timezone.localdate() - datetime.timedelta(days=1)
    upcoming.save()
    response = post(clients["tehran"], 14, "proposals/", {"title": "دیر رسید"}, follow=True)
    assert not AgendaProposal.objects.filter(title="دیر رسید").exists()
    assert "مهلت پیشنهاد" in " ".join(str(m) for m in response.context["messages"])


def test_replies_close_on_the_day_staff_set(clients, upcoming):
    upcoming.replies_until = timezone.localdate() - datetime.timedelta(days=1)
    upcoming.save()
    page = clients["tehran"].get(PAGE.format(14)).content.decode()
    assert 'id="reply-form"' not in page
    response = post(clients["tehran"], 14, "reply/", {"answer": "absent", "reason": "سفر"}, follow=True)
    assert not AttendanceReply.objects.filter(meeting=upcoming).exists()
    assert "مهلت پاسخ" in " ".join(str(m) for m in response.context["messages"])


def test_staff_add_an_item_with_a_presenter_and_a_document(clients, upcoming):
    staff = clients["staff"]
    response = post(
        staff,
        14,
        "agenda/add/",
        {
            "title": "گزارش بازارچه‌های محلی",
            "presenter_kind": "organization",
            "presenter_organization": tehran().pk,
            "starts_at": "۱۰:۳۰",
        },
    )
    assert response.status_code == 302
    item = upcoming.agenda_items.get(title="گزارش بازارچه‌های محلی")
    assert item.presenter_organization == tehran() and item.starts_at == datetime.time(10, 30)
    assert (
        post(
            staff, 14, f"agenda/{item.pk}/documents/", {"document": pdf_upload("گزارش بازارچه.pdf")}
        ).status_code
        == 302
    )
    document = item.documents.get()
    member_page = clients["tehran"].get(PAGE.format(14)).content.decode()
    assert "گزارش بازارچه.pdf" in member_page
    download = clients["tehran"].get(f"/g/meydan/sessions/14/agenda/documents/{document.pk}/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    assert (
        clients["outsider"].get(f"/g/meydan/sessions/14/agenda/documents/{document.pk}/").status_code == 404
    )


def test_an_item_without_its_presenter_is_refused_in_persian_and_kept(clients, upcoming):
    response = post(
        clients["staff"],
        14,
        "agenda/add/",
        {"title": "موضوعی که نباید گم شود", "presenter_kind": "committee"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "موضوعی که نباید گم شود" in page and "کمیته‌ای را که موضوع را ارائه می‌دهد برگزینید" in page


# -- proposals -------------------------------------------------------------------------------


def test_a_member_proposes_and_the_secretariat_accepts_it_onto_the_agenda(clients, upcoming, tehran_user):
    response = post(
        clients["tehran"],
        14,
        "proposals/",
        {"title": "یکسان‌سازی تعرفه‌های غرفه‌ها", "explanation": "پیشنهاد تهران", "attachment": pdf_upload()},
    )
    assert response.status_code == 302
    proposal = AgendaProposal.objects.get(title="یکسان‌سازی تعرفه‌های غرفه‌ها")
    assert proposal.organization == tehran() and proposal.attachment_name == "گزارش.pdf"
    assert Notification.objects.filter(kind="proposal", recipient__username="dabir").exists()
    assert (
        clients["isfahan"].get(f"/g/meydan/sessions/14/proposals/{proposal.pk}/attachment/").status_code
        == 404
    )
    assert (
        clients["tehran"].get(f"/g/meydan/sessions/14/proposals/{proposal.pk}/attachment/").status_code == 200
    )
    decided = post(
        clients["staff"],
        14,
        f"proposals/{proposal.pk}/decide/",
        {f"decision-{proposal.pk}-decision": "accept"},
    )
    assert decided.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.agenda_item.state == "accepted"
    assert proposal.agenda_item.proposed_by == tehran()
    assert Notification.objects.get(recipient=tehran_user, kind="proposal").title.startswith("پیشنهاد شما")
    assert "نفر آگاه شدند" in " ".join(str(m) for m in decided.wsgi_request._messages)


def test_declining_needs_a_reason_the_proposer_sees(clients, upcoming):
    post(clients["tehran"], 14, "proposals/", {"title": "موضوع تازه"})
    proposal = AgendaProposal.objects.get(title="موضوع تازه")
    field = f"decision-{proposal.pk}"
    refused = post(clients["staff"], 14, f"proposals/{proposal.pk}/decide/", {f"{field}-decision": "decline"})
    assert refused.status_code == 400 and "دلیل نپذیرفتن پیشنهاد را بنویسید" in refused.content.decode()
    post(
        clients["staff"],
        14,
        f"proposals/{proposal.pk}/decide/",
        {f"{field}-decision": "decline", f"{field}-reason": "در نشست بعد"},
    )
    page = clients["tehran"].get(PAGE.format(14)).content.decode()
    assert "در نشست بعد" in page and "پذیرفته نشد" in page


def test_proposals_after_the_cutoff_are_refused_with_the_date(clients, upcoming):
    day = timezone.localdate() + datetime.timedelta(days=3)
    upcoming.days.update(date=day)
    page = clients["tehran"].get(PAGE.format(14)).content.decode()
    assert 'id="proposals-closed"' in page
    response = post(clients["tehran"], 14, "proposals/", {"title": "دیر رسید"}, follow=True)
    assert not AgendaProposal.objects.filter(title="دیر رسید").exists()
    messages = " ".join(str(m) for m in response.context["messages"])
    assert "مهلت پیشنهاد برای این نشست در" in messages and "به پایان رسید" in messages


def test_staff_and_outsiders_do_not_propose(clients, upcoming):
    assert post(clients["staff"], 14, "proposals/", {"title": "x"}).status_code == 403
    assert post(clients["outsider"], 14, "proposals/", {"title": "x"}).status_code == 404


# -- the invitation ----------------------------------------------------------------------------


def accept_all(meeting: Meeting) -> None:
    meeting.agenda_items.update(state=AgendaItem.State.ACCEPTED)


def test_the_invitation_is_previewed_by_staff_and_read_by_members_once_issued(
    clients, upcoming, django_capture_on_commit_callbacks
):
    accept_all(upcoming)
    assert clients["tehran"].get(PAGE.format(14) + "invitation.pdf").status_code == 404
    preview = clients["staff"].get(PAGE.format(14) + "invitation.pdf")
    assert preview.status_code == 200 and preview.getvalue().startswith(b"%PDF")
    Person.objects.filter(user__username="tehran").update(email="tehran@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(clients["staff"], 14, "invitation/")
    assert response.status_code == 302
    invitation = Invitation.objects.get(meeting=upcoming)
    assert invitation.letter_number == "14/1" and invitation.pdf
    # Every member organization with a user or an address was told; the others are named.
    assert invitation.notified == 2 and len(invitation.unreachable) == 10
    assert Notification.objects.filter(kind="invitation").count() == 2
    sent = [message for message in mail.outbox if message.to == ["tehran@example.org"]]
    assert sent and {name for name, _content, _type in sent[0].attachments} == {
        "دعوتنامه-۱۴-۱.pdf",
        "session-14.ics",
    }
    stored = clients["tehran"].get(PAGE.format(14) + "invitation.pdf")
    assert b"".join(stored.streaming_content) == invitation.pdf.open("rb").read()


def test_the_invitation_letter_reads_right_and_embeds_vazirmatn(clients, upcoming):
    accept_all(upcoming)
    post(clients["staff"], 14, "invitation/")
    pdf = Invitation.objects.get(meeting=upcoming).pdf.open("rb").read()
    assert all("Vazirmatn" in name for name in font_names(pdf))
    text = words(pdf_text(pdf))
    for phrase in (
        "بسمه تعالی",
        "شماره ۱۴/۱",
        "دعوت به چهاردهمین نشست کارگروه",
        "به میزبانی سازمان میادین و ساماندهی مشاغل شهرداری اصفهان",
        "میدان مرکزی",
        "دستور کار",
        "قرائت مصوبات نشست‌های پیشین",
        "گزارش کمیته حقوقی درباره مصوبه ۱ دوازدهمین نشست",
    ):
        assert contains_in_order(text, words(phrase)), phrase


def test_reissuing_says_what_changed_and_refuses_when_nothing_did(clients, upcoming):
    accept_all(upcoming)
    post(clients["staff"], 14, "invitation/")
    again = post(clients["staff"], 14, "invitation/", follow=True)
    assert "چیزی تغییر نکرده است" in again.content.decode()
    Meeting.objects.filter(pk=upcoming.pk).update(venue="تالار شهر")
    post(clients["staff"], 14, "invitation/")
    second = Invitation.objects.get(meeting=upcoming, sequence=2)
    assert second.letter_number == "14/2"
    assert any("تالار شهر" in change and "سالن همایش" in change for change in second.changes)
    assert "تالار شهر" in clients["tehran"].get(PAGE.format(14)).content.decode()


def test_an_invitation_needs_an_agenda(clients, upcoming):
    response = post(clients["staff"], 14, "invitation/", follow=True)
    assert "دست‌کم یک موضوع" in response.content.decode()
    assert not Invitation.objects.exists()


# -- replies -------------------------------------------------------------------------------------


SUBSTITUTE_REPLY = {
    "answer": "substitute",
    "honorific": "mr",
    "first_name": "رضا",
    "last_name": "کریمی",
    "position": "معاون برنامه‌ریزی",
    "letter_number": "۴۵۶۷/ص",
    "letter_date": "۱۴۰۵/۰۹/۲۰",
}


def test_a_member_replies_with_a_substitute_and_changes_its_reply(clients, upcoming):
    assert post(clients["tehran"], 14, "reply/", SUBSTITUTE_REPLY).status_code == 302
    reply = AttendanceReply.objects.get(meeting=upcoming, organization=tehran())
    assert reply.is_substitute and reply.attendee_name == "رضا کریمی" and reply.attendee_honorific == "mr"
    assert reply.letter_number == "۴۵۶۷/ص" and reply.letter_date is not None
    page = clients["isfahan"].get(PAGE.format(14)).content.decode()
    assert "آقای رضا کریمی" in page and "۱ از ۱۲" in page
    post(clients["tehran"], 14, "reply/", {"answer": "absent", "reason": "مأموریت"})
    reply.refresh_from_db()
    assert reply.answer == "absent" and reply.attendee_name == "" and reply.reason == "مأموریت"
    assert reply.letter_number == ""
    assert AttendanceReply.objects.filter(meeting=upcoming).count() == 1


def test_a_reply_without_who_or_why_is_refused_in_persian(clients, upcoming):
    response = post(clients["tehran"], 14, "reply/", {"answer": "absent", "last_name": "x"})
    assert (
        response.status_code == 400 and "دلیل شرکت نکردن سازمان خود را بنویسید" in response.content.decode()
    )
    response = post(clients["tehran"], 14, "reply/", {"answer": "substitute", "position": "معاون"})
    html = response.content.decode()
    assert response.status_code == 400 and "بنویسید چه کسی شرکت می‌کند" in html
    assert "شماره معرفی‌نامه جانشین را بنویسید" in html  # a substitute comes with a letter
    assert 'value="معاون"' in html


def test_the_attendance_starts_from_the_replies(clients, upcoming, tehran_user, isfahan_user):
    """Tehran names a new substitute, Isfahan its known representative (with the title typed in the
    name), a third organization declines: one line each, the person matched once."""
    post(clients["tehran"], 14, "reply/", SUBSTITUTE_REPLY)
    representative = isfahan_user.person
    post(
        clients["isfahan"],
        14,
        "reply/",
        {
            "answer": "representative",
            "first_name": representative.first_name,
            "last_name": representative.last_name,
        },
    )
    karaj_user = get_user_model().objects.create_user("karaj")
    karaj = Organization.objects.get(city="کرج", kind="market")
    Person.objects.create(last_name="نماینده کرج", organization=karaj, user=karaj_user)
    post(client_for(karaj_user), 14, "reply/", {"answer": "absent", "reason": "مأموریت اداری"})
    people_before = Person.objects.count()
    response = post(clients["staff"], 14, "attendance/from-replies/")
    assert response.status_code == 302 and response["Location"].endswith("/edit/")
    lines = {a.organization.city: a for a in upcoming.attendances.select_related("person", "organization")}
    assert lines["تهران"].kind == "substitute" and lines["تهران"].person.full_name == "رضا کریمی"
    assert lines["تهران"].letter_number == "۴۵۶۷/ص" and lines["تهران"].person.honorific == "mr"
    assert lines["اصفهان"].kind == "present" and lines["اصفهان"].person == representative
    assert lines["کرج"].kind == "absent" and lines["کرج"].person is None
    assert lines["کرج"].absence_reason == "مأموریت اداری"
    assert Person.objects.count() == people_before + 1  # only the new substitute


def test_a_reply_like_a_known_person_is_confirmed_before_anyone_is_added(clients, upcoming, isfahan_user):
    known = Person.objects.create(
        first_name="علی", last_name="احمدی", position="معاون", organization=isfahan_user.person.organization
    )
    post(
        clients["isfahan"],
        14,
        "reply/",
        {"answer": "representative", "title": "dr", "first_name": "علي", "last_name": "احمدي"},
    )
    assert AttendanceReply.objects.get(meeting=upcoming).person == known  # the same name, however spelled
    post(
        clients["isfahan"],
        14,
        "reply/",
        {"answer": "representative", "title": "dr", "first_name": "مریم", "last_name": "احمدی"},
    )
    people_before = Person.objects.count()
    page = post(clients["staff"], 14, "attendance/from-replies/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="confirm-people"' in html and known.formal_name in html
    assert Person.objects.count() == people_before and not upcoming.attendances.exists()
    reply = AttendanceReply.objects.get(meeting=upcoming)
    assert (
        post(clients["staff"], 14, "attendance/from-replies/", {f"reply-{reply.pk}": known.pk}).status_code
        == 302
    )
    assert upcoming.attendances.get().person == known and Person.objects.count() == people_before


def test_the_previous_sessions_attendance_can_be_copied(clients, upcoming, session12):
    assert post(clients["staff"], 14, "attendance/copy-previous/").status_code == 302
    assert upcoming.attendances.count() == session12.attendances.count()


# -- who may use each step ---------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), STAFF_ONLY)
def test_the_preview_of_the_letter_is_for_staff(clients, upcoming, role, status):
    accept_all(upcoming)
    expected = {"tehran": 404, "isfahan": 404}.get(role, status)  # members: nothing issued yet
    assert_status_for(clients[role], PAGE.format(14) + "invitation.pdf?preview=1", expected)


@pytest.mark.parametrize(
    "step",
    [
        "agenda/suggest/",
        "agenda/add/",
        "invitation/",
        "attendance/from-replies/",
        "attendance/copy-previous/",
    ],
)
@pytest.mark.parametrize(("role", "status"), [("tehran", 403), ("outsider", 404), ("anonymous", 302)])
def test_staff_steps_are_refused_to_others(clients, upcoming, step, role, status):
    response = post(clients[role], 14, step)
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [("staff", 403), ("outsider", 404), ("anonymous", 302)])
def test_member_steps_are_refused_to_others(clients, upcoming, role, status):
    assert post(clients[role], 14, "reply/", {"answer": "absent", "reason": "x"}).status_code == status


# -- the inbox -----------------------------------------------------------------------------------


def test_the_inbox_shows_and_counts_unread_messages(clients, tehran_user):
    Notification.objects.filter(recipient=tehran_user).delete()  # the demo's requests
    for number in range(3):
        title = f"پیام {to_persian_digits(number)}"
        Notification.objects.create(recipient=tehran_user, kind="invitation", title=title, url="/g/meydan/")
    home = clients["tehran"].get("/").content.decode()
    assert 'id="unread-count"' in home and "۳" in home.split('id="unread-count"')[1][:20]
    inbox = clients["tehran"].get("/inbox/").content.decode()
    assert "پیام ۲" in inbox and "list-group-item-warning" in inbox
    message = Notification.objects.filter(recipient=tehran_user).first()
    clients["tehran"].post("/inbox/read/", {"id": message.pk})
    assert Notification.objects.filter(recipient=tehran_user).unread().count() == 2
    clients["tehran"].post("/inbox/read/")
    assert not Notification.objects.filter(recipient=tehran_user).unread().exists()


def test_nobody_reads_or_marks_anothers_messages(clients, tehran_user):
    message = Notification.objects.create(recipient=tehran_user, kind="invitation", title="پیام خصوصی")
    assert "پیام خصوصی" not in clients["isfahan"].get("/inbox/").content.decode()
    clients["isfahan"].post("/inbox/read/", {"id": message.pk})
    message.refresh_from_db()
    assert message.read_at is None
    assert clients["anonymous"].get("/inbox/").status_code == 302


def test_the_inbox_runs_a_fixed_number_of_queries(clients, tehran_user):
    Notification.objects.create(recipient=tehran_user, kind="invitation", title="پیام")
    baseline, _ = queries_of(clients["tehran"], "/inbox/")
    for number in range(10):
        Notification.objects.create(
            recipient=tehran_user, kind="agenda", title=f"پیام {to_persian_digits(number)}"
        )
    more, _ = queries_of(clients["tehran"], "/inbox/")
    assert more == baseline


def test_a_report_review_reaches_the_authors_inbox(clients, session12, tehran_user):
    from resolutions.models import FollowUp, Resolution

    resolution = Resolution.objects.get(meeting=session12, number=1)
    report = FollowUp.objects.create(
        resolution=resolution, organization=tehran(), author=tehran_user, text="گزارش"
    )
    clients["staff"].post(
        f"/g/meydan/resolutions/follow-ups/{report.pk}/review/",
        {f"review-{report.pk}-decision": "return", f"review-{report.pk}-comment": "پیوست را بفرستید"},
    )
    message = Notification.objects.get(recipient=tehran_user, kind="report")
    assert "بازگردانده شد" in message.title and message.body == "پیوست را بفرستید"


def test_a_reissued_invitation_replaces_the_unread_message_of_the_earlier_one(clients, upcoming):
    accept_all(upcoming)
    assert post(clients["staff"], 14, "invitation/").status_code == 302
    Meeting.objects.filter(pk=upcoming.pk).update(venue="تالار دیگر")
    assert post(clients["staff"], 14, "invitation/").status_code == 302
    unread = Notification.objects.unread().filter(kind="invitation", recipient__username="tehran")
    assert unread.count() == 1 and "تغییر" in unread.get().title


def test_the_invitation_to_every_member_with_its_agenda_fits_on_one_page(clients, upcoming):
    """Twelve recipients, the usual agenda: one sheet, as a letter is, its recipients on it."""
    accept_all(upcoming)
    assert upcoming.agenda_items.count() >= 3
    preview = b"".join(clients["staff"].get(PAGE.format(14) + "invitation.pdf?preview=1").streaming_content)
    assert page_count(preview) == 1
    members = Organization.objects.members_of(upcoming.working_group).order_by("name")
    assert members.count() == 12
    text = words(pdf_text(preview))
    assert all(contains_in_order(text, words(member.name)) for member in members)
