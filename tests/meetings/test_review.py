"""Review before signing: attendees ask for changes to circulated minutes; the secretariat answers
(the text and the signatures stay) or accepts (back to draft; the signatures are asked again and
everyone sees what changed); every request and answer is kept."""

import pytest
from django.core.exceptions import PermissionDenied

from meetings.models import ChangeRequest, Meeting, MinutesRevision, Signature
from meetings.signing import actions as signing_actions
from resolutions.models import Resolution
from secretariat.access import access_for
from secretariat.models import Notification
from secretariat.steps import StepRefused
from tests.meetings.test_signing import BASE, circulated, post
from tests.roles import STAFF_ACTS

ASK = f"{BASE}changes/"


def ask(client, text="در مصوبه ۱ «پایان آذر» را «پایان دی» بنویسید.", passage="تا پایان آذر"):
    return client.post(ASK, {"kind": "change", "passage": passage, "text": text})


@pytest.fixture
def out_for_signature(clients, held13, no_seal) -> Meeting:
    meeting = circulated(clients, held13)
    assert post(clients["tehran"], "sign", {"confirm": "on"}).status_code == 302
    return meeting


def test_an_attendee_asks_for_a_change_and_the_secretariat_is_told(clients, out_for_signature, secretary):
    before = Notification.objects.filter(recipient=secretary, kind="review").count()
    response = ask(clients["isfahan"])
    assert response.status_code == 302
    request = ChangeRequest.objects.get(meeting=out_for_signature)
    assert request.requester_name and request.passage == "تا پایان آذر" and request.is_open
    assert request.revision == MinutesRevision.objects.get(meeting=out_for_signature, number=1)
    assert Notification.objects.filter(recipient=secretary, kind="review").count() == before + 1
    page = clients["staff"].get(BASE).content.decode()
    assert "«تا پایان آذر»" in page and "پاسخ و نگه‌داشتن متن" in page


def test_only_attendees_of_circulated_minutes_may_ask(clients, out_for_signature, held13):
    assert ask(clients["outsider"]).status_code in (403, 404)
    assert ask(clients["staff"]).status_code == 403  # staff who did not attend
    assert not ChangeRequest.objects.exists()


def test_a_request_needs_its_text_and_keeps_what_was_typed(clients, out_for_signature):
    response = ask(clients["isfahan"], text="", passage="بند دوم صورتجلسه")
    assert response.status_code == 400
    html = response.content.decode()
    assert "بنویسید چه چیزی باید تغییر کند" in html and "بند دوم صورتجلسه" in html
    assert not ChangeRequest.objects.exists()


def test_an_answer_keeps_the_text_and_the_signatures(clients, out_for_signature):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    response = clients["staff"].post(
        f"{ASK}{request.pk}/answer/",
        {f"answer-{request.pk}-answer": "متن مصوبه همان است که در جلسه خوانده شد."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.ANSWERED and request.answered_by is not None
    meeting = Meeting.objects.get(pk=out_for_signature.pk)
    assert meeting.status == Meeting.Status.CIRCULATED
    assert Signature.objects.filter(revision__meeting=meeting).count() == 1
    assert "متن مصوبه همان است" in clients["isfahan"].get(BASE).content.decode()


def test_an_empty_answer_is_refused_next_to_the_field(clients, out_for_signature):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    response = clients["staff"].post(f"{ASK}{request.pk}/answer/", {f"answer-{request.pk}-answer": ""})
    assert response.status_code == 400 and "پاسخی را بنویسید" in response.content.decode()
    assert ChangeRequest.objects.get().is_open


def test_an_accepted_request_reopens_the_draft_and_asks_the_signers_again_with_the_difference(
    clients, out_for_signature, tehran_user
):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    response = clients["staff"].post(f"{ASK}{request.pk}/accept/")
    assert response.status_code == 302 and response["Location"].endswith("/edit/")
    meeting = Meeting.objects.get(pk=out_for_signature.pk)
    assert meeting.status == Meeting.Status.HELD
    assert not Signature.objects.filter(revision__meeting=meeting).exists()
    revision = MinutesRevision.objects.get(meeting=meeting)
    assert revision.previous_content and revision.previous_signers == ["نماینده سازمان میادین تهران"]

    # The change is made and the minutes go out again: the earlier signer is asked again and
    # everyone reads what changed.
    Resolution.objects.filter(meeting=meeting).update(
        text="کمیته حقوقی آئین‌نامه مالی را تا پایان دی به دبیرخانه ارسال کند."
    )
    asked_before = Notification.objects.filter(recipient=tehran_user, kind="signature").count()
    circulated(clients, meeting)
    assert Notification.objects.filter(recipient=tehran_user, kind="signature").count() == asked_before + 1
    page = clients["tehran"].get(BASE).content.decode()
    assert 'id="changes-since"' in page
    assert "<del>مصوبه ۱) مصوب شد کمیته حقوقی آئین‌نامه مالی را تا پایان آذر" in page
    assert "<ins>مصوبه ۱) مصوب شد کمیته حقوقی آئین‌نامه مالی را تا پایان دی" in page
    assert "امضا کرده بودند و دوباره امضا می‌کنند: نماینده سازمان میادین تهران" in page
    # The request and its decision stay on record.
    assert "پذیرفته شد" in page and "«تا پایان آذر»" in page
    assert post(clients["tehran"], "sign", {"confirm": "on"}).status_code == 302


def test_a_changed_responsible_names_its_resolution(clients, out_for_signature, tehran_user):
    ask(clients["isfahan"])
    clients["staff"].post(f"{ASK}{ChangeRequest.objects.get().pk}/accept/")
    Resolution.objects.filter(meeting=out_for_signature, number=1).update(
        responsible_kind=Resolution.Responsible.ORGANIZATION,
        responsible_organization=tehran_user.person.organization,
    )
    circulated(clients, out_for_signature)
    page = clients["tehran"].get(BASE).content.decode()
    changes = page[page.index('id="changes-since"') :]
    assert "<ins>مصوبه ۱ — مسئول اجرا: " in changes


def test_an_open_change_request_is_on_the_work_queue_until_decided(clients, out_for_signature):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    desk = clients["staff"].get("/").content.decode()
    card = desk[desk.index('id="desk-proposals"') :]
    assert f'data-change-request="{request.pk}"' in card
    assert f'href="/g/meydan/sessions/13/#change-request-{request.pk}"' in card
    clients["staff"].post(f"{ASK}{request.pk}/answer/", {f"answer-{request.pk}-answer": "متن درست است."})
    assert 'data-change-request="' not in clients["staff"].get("/").content.decode()


def test_decisions_belong_to_the_secretariat_while_the_minutes_are_out(clients, out_for_signature):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    assert clients["tehran"].post(f"{ASK}{request.pk}/accept/").status_code in (403, 404)
    assert clients["tehran"].post(
        f"{ASK}{request.pk}/answer/", {f"answer-{request.pk}-answer": "x"}
    ).status_code in (
        403,
        404,
    )
    assert ChangeRequest.objects.get().is_open
    member = access_for(request.requested_by, out_for_signature.working_group)
    with pytest.raises(PermissionDenied):
        signing_actions.accept_change_request(member, request)  # a member's access cannot decide


def test_a_decided_request_cannot_be_decided_again(clients, out_for_signature, secretary):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    access = access_for(secretary, out_for_signature.working_group)
    signing_actions.answer_change_request(access, request, answer="پاسخ")
    with pytest.raises(StepRefused):
        signing_actions.answer_change_request(access, request, answer="پاسخ دوم")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("secretary", 403),
        ("staff", 403),
        ("tehran", 302),
        ("isfahan", 302),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_who_may_ask_for_a_change(clients, out_for_signature, role, status):
    response = ask(clients[role])
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert ChangeRequest.objects.exists() == (role in ("tehran", "isfahan"))


@pytest.mark.parametrize(("role", "status"), STAFF_ACTS)
@pytest.mark.parametrize("decision", ["answer", "accept"])
def test_who_may_decide_a_request(clients, out_for_signature, role, status, decision):
    ask(clients["isfahan"])
    request = ChangeRequest.objects.get()
    response = clients[role].post(f"{ASK}{request.pk}/{decision}/", {f"answer-{request.pk}-answer": "پاسخ"})
    assert response.status_code == status
    if role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert ChangeRequest.objects.get().is_open == (role not in ("secretary", "staff"))
