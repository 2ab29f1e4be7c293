"""Circulate, sign, finalize, seal and correct minutes; the stored PDF and the public check."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Attendance, Meeting, MinutesRevision, Signature
from meetings.signing import actions as signing_actions
from meetings.signing.seal import check_seal
from secretariat.access import access_for
from secretariat.models import Organization, Person
from secretariat.steps import StepRefused
from tests.meetings.pdf_text import contains_in_order, pdf_text, words

BASE = "/g/meydan/sessions/13/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def post(client, action: str, data=None):
    return client.post(f"{BASE}{action}/", data or {})


def circulated(clients, meeting) -> Meeting:
    assert post(clients["staff"], "circulate").status_code == 302
    return Meeting.objects.get(pk=meeting.pk)


def signed_by_both(clients, meeting, *, reservation: str = "") -> None:
    circulated(clients, meeting)
    assert post(clients["tehran"], "sign", {"confirm": "on"}).status_code == 302
    assert post(clients["isfahan"], "sign", {"confirm": "on", "reservation": reservation}).status_code == 302


def finalized(clients, meeting) -> MinutesRevision:
    signed_by_both(clients, meeting, reservation="با بند ۱ مخالفم")
    assert post(clients["secretary"], "finalize").status_code == 302
    return MinutesRevision.objects.get(meeting=meeting, number=1)


def test_circulating_notifies_every_attendee_with_an_address(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = circulated(clients, held13)
    assert meeting.status == Meeting.Status.CIRCULATED
    assert MinutesRevision.objects.get(meeting=meeting).circulated_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["esfahan@example.org", "tehran@example.org"]
    assert "سیزدهمین نشست" in mail.outbox[0].subject
    assert "http://127.0.0.1:8000/g/meydan/sessions/13/" in mail.outbox[0].body


def test_each_attendee_signs_once(clients, held13, no_seal, tehran_user):
    circulated(clients, held13)
    assert post(clients["tehran"], "sign", {"confirm": "on"}).status_code == 302
    response = clients["tehran"].post(f"{BASE}sign/", {"confirm": "on"}, follow=True)
    assert "شرکت‌کنندگان سازمان شما همه این صورتجلسه را امضا کرده‌اند" in response.content.decode()
    assert Signature.objects.filter(revision__meeting=held13).count() == 1
    with pytest.raises(StepRefused):
        signing_actions.sign(access_for(tehran_user, held13.working_group), held13)


def test_a_reservation_is_printed_beside_the_signature(clients, held13, no_seal):
    signed_by_both(clients, held13, reservation="با بند ۱ مخالفم")
    signature = Signature.objects.get(revision__meeting=held13, attendance__person__user__username="esfahan")
    assert signature.reservation == "با بند ۱ مخالفم"
    html = clients["staff"].get(BASE).content.decode()
    assert "با بند ۱ مخالفم" in html and "امضای الکترونیکی" in html


def test_signing_needs_the_confirmation(clients, held13, no_seal):
    circulated(clients, held13)
    post(clients["tehran"], "sign", {"reservation": "x"})
    assert not Signature.objects.exists()


def test_a_member_cannot_sign_for_another_organization_or_a_session_it_did_not_attend(
    clients, held13, no_seal, outsider
):
    circulated(clients, held13)
    # The secretary is not an attendee of session 13: nothing to sign as oneself.
    assert post(clients["secretary"], "sign", {"confirm": "on"}).status_code == 403
    # A member may not record a signature for anybody else.
    isfahan_attendance = held13.attendances.get(person__user__username="esfahan")
    response = post(clients["tehran"], "paper-signature", {"attendances": [isfahan_attendance.pk]})
    assert response.status_code == 403
    assert not Signature.objects.exists()


def test_several_signatures_on_paper_are_recorded_from_one_scanned_sheet(clients, held13, no_seal):
    circulated(clients, held13)
    both = list(held13.attendances.values_list("pk", flat=True))
    scan = SimpleUploadedFile("برگه.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = clients["secretary"].post(f"{BASE}paper-signature/", {"attendances": both, "scan": scan})
    assert response.status_code == 302
    signatures = list(Signature.objects.filter(revision__meeting=held13))
    assert len(signatures) == 2 and all(s.on_paper for s in signatures)
    assert len({s.scan.name for s in signatures}) == 1  # one sheet carries both
    assert post(clients["secretary"], "finalize").status_code == 302


def test_the_secretary_records_a_signature_on_paper_with_the_scan(clients, held13, no_seal):
    circulated(clients, held13)
    attendance = held13.attendances.get(person__user__username="esfahan")
    scan = SimpleUploadedFile("امضا.png", PNG, content_type="image/png")
    response = clients["secretary"].post(
        f"{BASE}paper-signature/", {"attendances": [attendance.pk], "scan": scan, "reservation": ""}
    )
    assert response.status_code == 302
    signature = Signature.objects.get(attendance=attendance)
    assert signature.on_paper and signature.signed_by.username == "dabir"
    assert signature.scan.name.endswith(".png") and "امضا" not in signature.scan.name
    scan_url = f"{BASE}signatures/{signature.pk}/scan"
    download = clients["staff"].get(scan_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert (
        download["Cache-Control"] == "private, no-store" and download["X-Content-Type-Options"] == "nosniff"
    )
    assert clients["tehran"].get(scan_url).status_code == 403
    assert clients["anonymous"].get(scan_url).status_code == 302


def test_a_paper_signature_needs_a_real_scan(clients, held13, no_seal):
    circulated(clients, held13)
    attendance = held13.attendances.get(person__user__username="esfahan")
    fake = SimpleUploadedFile("scan.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = clients["secretary"].post(
        f"{BASE}paper-signature/", {"attendances": [attendance.pk], "scan": fake}, follow=True
    )
    assert not Signature.objects.exists()
    assert "PDF" in response.content.decode()


def test_finalizing_waits_for_every_signature_and_only_the_secretary_finalizes(clients, held13, no_seal):
    circulated(clients, held13)
    assert post(clients["tehran"], "sign", {"confirm": "on"}).status_code == 302
    response = clients["secretary"].post(f"{BASE}finalize/", follow=True)
    assert "هنوز همه امضا نکرده‌اند" in response.content.decode()
    assert post(clients["isfahan"], "sign", {"confirm": "on"}).status_code == 302
    assert post(clients["staff"], "finalize").status_code == 403
    assert post(clients["secretary"], "finalize").status_code == 302
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.SIGNED


def test_the_signed_pdf_is_rendered_once_hashed_sealed_and_served_unchanged(
    clients, held13, seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = finalized(clients, held13)
    revision.refresh_from_db()
    stored = revision.pdf.read()
    assert revision.sealed and revision.sha256 == hashlib.sha256(stored).hexdigest()
    assert check_seal(stored).ok
    first = b"".join(clients["tehran"].get(f"{BASE}minutes.pdf").streaming_content)
    second = b"".join(clients["secretary"].get(f"{BASE}minutes.pdf").streaming_content)
    assert first == second == stored
    text = words(pdf_text(stored))
    assert contains_in_order(text, words("امضای حاضران"))
    assert contains_in_order(text, words("تحفظ با بند ۱ مخالفم"))
    assert revision.verification_code in pdf_text(stored)


def test_one_changed_byte_fails_the_seal_and_the_public_check(
    clients, held13, seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = finalized(clients, held13)
    revision.refresh_from_db()
    original = revision.pdf.read()
    tampered = bytearray(original)
    tampered[len(original) // 3] ^= 0x01
    assert not check_seal(bytes(tampered)).ok
    verify = f"/verify/{revision.verification_code}/"
    anonymous = clients["anonymous"]
    page = anonymous.get(verify)
    assert page.status_code == 200
    html = page.content.decode()
    assert revision.sha256 in html and "سیزدهمین نشست" in html and "نماینده سازمان میادین اصفهان" in html
    good = anonymous.post(verify, {"document": SimpleUploadedFile("a.pdf", original, "application/pdf")})
    assert good.status_code == 200 and "دقیقاً همان" in good.content.decode()
    bad = anonymous.post(
        verify, {"document": SimpleUploadedFile("a.pdf", bytes(tampered), "application/pdf")}
    )
    assert bad.status_code == 422 and "نیست" in bad.content.decode()


def test_without_a_certificate_the_pdf_is_produced_unsealed_and_says_so(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert revision.pdf and not revision.sealed
    assert not check_seal(revision.pdf.read(), trust=b"-----BEGIN").present
    assert "مهر نشده" in clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()


def test_unknown_verification_code_is_404(clients, demo_group):
    assert clients["anonymous"].get("/verify/NOPE123/").status_code == 404


def test_withdrawing_discards_the_signatures(clients, held13, no_seal):
    circulated(clients, held13)
    post(clients["tehran"], "sign", {"confirm": "on"})
    assert post(clients["staff"], "withdraw").status_code == 302
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.HELD
    assert not Signature.objects.exists()
    assert clients["staff"].get(f"{BASE}edit/").status_code == 200


def test_withdrawing_before_anyone_signed_says_so_and_sets_nothing_aside(clients, held13, no_seal):
    circulated(clients, held13)
    response = clients["staff"].post(f"{BASE}withdraw/", follow=True)
    page = response.content.decode()
    assert "هنوز کسی آن را امضا نکرده بود" in page
    assert "کنار گذاشته شد" not in page and "۰ امضا" not in page


def test_withdrawing_removes_the_scans_of_paper_signatures(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    circulated(clients, held13)
    assert post(clients["secretary"], "paper-signature", _paper_signature_data(held13)).status_code == 302
    scan = Signature.objects.get().scan
    assert scan.storage.exists(scan.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(clients["staff"], "withdraw").status_code == 302
    assert not scan.storage.exists(scan.name)


def test_a_correction_is_a_new_revision_signed_again_and_the_old_one_stays(
    clients, held13, seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = finalized(clients, held13)
    first.refresh_from_db()
    first_pdf = first.pdf.read()
    assert post(clients["tehran"], "correction", {"reason": "x"}).status_code == 403
    response = post(clients["secretary"], "correction", {"reason": "شماره مصوبه ۱ اشتباه چاپ شده بود"})
    assert response.status_code == 302 and response["Location"] == f"{BASE}edit/"
    meeting = Meeting.objects.get(pk=held13.pk)
    assert meeting.status == Meeting.Status.HELD
    assert meeting.revisions.get(number=2).reason == "شماره مصوبه ۱ اشتباه چاپ شده بود"
    with django_capture_on_commit_callbacks(execute=True):
        signed_by_both(clients, meeting)
        assert post(clients["secretary"], "finalize").status_code == 302
    second = MinutesRevision.objects.get(meeting=meeting, number=2)
    assert second.pdf and second.verification_code != first.verification_code
    old = b"".join(clients["tehran"].get(f"{BASE}revisions/1/minutes.pdf").streaming_content)
    assert old == first_pdf
    latest = b"".join(clients["tehran"].get(f"{BASE}minutes.pdf").streaming_content)
    assert latest == second.pdf.read()
    assert (
        "پس از این ویرایش" in clients["anonymous"].get(f"/verify/{first.verification_code}/").content.decode()
    )


def test_publishing_signed_minutes(clients, held13, no_seal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        finalized(clients, held13)
    assert post(clients["tehran"], "publish").status_code == 403
    assert post(clients["staff"], "publish").status_code == 302
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.PUBLISHED


def _paper_signature_data(meeting) -> dict:
    attendance = meeting.attendances.get(person__user__username="esfahan")
    return {
        "attendances": [attendance.pk],
        "scan": SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
    }


# Each step, the state in which it is valid, who may take it there, and what it posts.
WORKFLOW_STEPS = {
    "circulate": (None, "staff", lambda meeting: {}),
    "withdraw": (circulated, "staff", lambda meeting: {}),
    "sign": (circulated, "tehran", lambda meeting: {"confirm": "on"}),
    "paper-signature": (circulated, "secretary", _paper_signature_data),
    "finalize": (signed_by_both, "secretary", lambda meeting: {}),
    "publish": (finalized, "staff", lambda meeting: {}),
    "correction": (finalized, "secretary", lambda meeting: {"reason": "شماره مصوبه اشتباه است"}),
}
MEMBERS_AND_OTHERS = (("tehran", 403), ("isfahan", 403), ("outsider", 404), ("anonymous", 302))
# Steps only the secretary takes are refused to other staff too; staff who did not attend cannot sign.
REFUSALS = [
    *(
        (action, role, status)
        for action in WORKFLOW_STEPS
        if action != "sign"
        for role, status in MEMBERS_AND_OTHERS
    ),
    *(("sign", role, status) for role, status in (("staff", 403), ("outsider", 404), ("anonymous", 302))),
    *(("paper-signature", "staff", 403), ("finalize", "staff", 403), ("correction", "staff", 403)),
]


def _workflow_state(meeting) -> tuple:
    meeting = Meeting.objects.get(pk=meeting.pk)
    return (
        meeting.status,
        meeting.revisions.count(),
        Signature.objects.filter(revision__meeting=meeting).count(),
    )


@pytest.mark.parametrize(("action", "role", "status"), REFUSALS)
def test_workflow_steps_are_refused_to_members_and_others(clients, held13, no_seal, action, role, status):
    setup, allowed, data = WORKFLOW_STEPS[action]
    if setup is not None:
        setup(clients, held13)
    before = _workflow_state(held13)
    response = post(clients[role], action, data(held13))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/")
    assert _workflow_state(held13) == before
    # The same step in the same state is taken by someone allowed to: the refusal was the role's.
    assert post(clients[allowed], action, data(held13)).status_code == 302
    assert _workflow_state(held13) != before


def test_workflow_steps_refuse_get(clients, held13, no_seal):
    for action in ("circulate", "sign", "finalize", "publish", "withdraw", "correction"):
        assert clients["secretary"].get(f"{BASE}{action}/").status_code == 405


def test_steps_out_of_order_are_refused_with_a_message(clients, held13, no_seal, secretary):
    with pytest.raises(StepRefused):
        signing_actions.finalize(access_for(secretary, held13.working_group), held13)
    signing_actions.circulate(access_for(secretary, held13.working_group), held13)
    with pytest.raises(StepRefused):
        signing_actions.circulate(access_for(secretary, held13.working_group), held13)
    response = clients["secretary"].post(f"{BASE}publish/", follow=True)
    assert "فقط صورتجلسه امضاشده" in response.content.decode()


def test_minutes_page_queries_do_not_grow_with_signatures(clients, held13, no_seal):
    def queries_of_the_minutes_page() -> int:
        clients["staff"].get(BASE)  # renders the changed minutes once, into the cache
        with CaptureQueriesContext(connection) as queries:
            response = clients["staff"].get(BASE)
        assert response.status_code == 200
        return len(queries)

    # Two more attendees whose organizations have users and have not signed keep the same steps
    # open (reminding, recording on paper) with one signature or two: only their number changes.
    for order, city in enumerate(("مشهد", "شیراز"), start=5):
        organization = Organization.objects.get(city=city, kind="market")
        user = get_user_model().objects.create_user(f"user-{order}")
        person = Person.objects.create(last_name=f"نماینده {city}", organization=organization, user=user)
        Attendance.objects.create(meeting=held13, person=person, organization=organization, order=order)
    circulated(clients, held13)
    clients["staff"].get(BASE)  # shows (and so uses up) the message left by circulating
    assert post(clients["tehran"], "sign", {"confirm": "on"}).status_code == 302
    with_one = queries_of_the_minutes_page()
    assert post(clients["isfahan"], "sign", {"confirm": "on"}).status_code == 302
    assert Signature.objects.filter(revision__meeting=held13).count() == 2
    assert queries_of_the_minutes_page() == with_one


def test_minutes_wait_for_an_organization_until_its_attendee_signs(clients, held13, no_seal):
    from meetings.home import meetings_awaiting_signature
    from secretariat.models import Organization

    tehran, isfahan = (Organization.objects.get(city=city, kind="market") for city in ("تهران", "اصفهان"))
    circulated(clients, held13)
    assert list(meetings_awaiting_signature(held13.working_group, tehran)) == [held13]
    post(clients["tehran"], "sign", {"confirm": "on"})
    assert list(meetings_awaiting_signature(held13.working_group, tehran)) == []
    assert list(meetings_awaiting_signature(held13.working_group, isfahan)) == [held13]


def test_circulating_needs_the_days_and_sets_a_number_never_the_date(clients, held13, no_seal, secretary):
    held13.days.all().delete()
    with pytest.raises(StepRefused):
        signing_actions.circulate(access_for(secretary, held13.working_group), held13)
    held13.days.create(date=datetime.date(2012, 9, 19))
    signing_actions.circulate(access_for(secretary, held13.working_group), held13)
    held13.refresh_from_db()
    # The minutes' date is the session's last day unless staff set one: circulating years later
    # does not date them today.
    assert held13.minutes_number == "13/1" and held13.minutes_date is None
    html = clients["staff"].get(BASE).content.decode()
    assert "۱۳/۱" in html and "۲۹ شهریور ۱۳۹۱" in html


def test_signing_without_the_confirmation_shows_the_error_beside_the_box(clients, held13, no_seal):
    circulated(clients, held13)
    response = post(clients["tehran"], "sign", {"reservation": "متن تحفظی که نباید گم شود"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "متن تحفظی که نباید گم شود" in html
    box = html[html.index('id="id_confirm"') : html.index('id="id_confirm"') + 1500]
    assert "برای امضای صورتجلسه، گزینه تأیید را علامت بزنید" in box
