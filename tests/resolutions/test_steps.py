"""The steps on a resolution and an information request (``resolutions.steps``), as members and
staff meet them: who reports, who moves a deadline, nothing due on a resolution of unsigned minutes,
and a request's booklet steps in order."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from resolutions import actions
from resolutions.models import ExtensionRequest, FollowUp, InformationAnswer, InformationRequest, Resolution
from resolutions.steps import REQUEST_STEPS, RESOLUTION_STEPS
from secretariat.access import access_for
from secretariat.steps import StepRefused
from tests.resolutions.factories import isfahan, make_resolution, tehran

EXTEND = "/g/meydan/resolutions/{}/extension/"
REPORT = "/g/meydan/resolutions/{}/report/"
LATER = {"requested_deadline": "۱۳۹۱/۰۹/۳۰", "reason": "کمیته هنوز تشکیل جلسه نداده است"}


def said(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# -- who moves a deadline (point 9) -------------------------------------------------------------


def test_a_committee_collaborator_reports_but_does_not_move_the_leads_deadline(clients, resolution_1):
    """Resolution 1 is the legal committee's: Tehran leads it, Isfahan collaborates."""
    page = clients["isfahan"].get(resolution_1.get_tracker_url()).content.decode()
    assert 'id="extension-form"' not in page and 'id="extension-closed"' in page
    assert "تنها سازمان مسئول، یا مسئول کمیتهٔ مسئول" in page
    assert clients["isfahan"].post(EXTEND.format(resolution_1.pk), LATER).status_code == 403
    assert not ExtensionRequest.objects.filter(resolution=resolution_1).exists()
    assert clients["isfahan"].get(REPORT.format(resolution_1.pk)).status_code == 200
    assert 'id="extension-form"' in clients["tehran"].get(resolution_1.get_tracker_url()).content.decode()
    assert clients["tehran"].post(EXTEND.format(resolution_1.pk), LATER).status_code == 302
    assert ExtensionRequest.objects.filter(resolution=resolution_1, organization=tehran()).exists()


def test_a_named_collaborator_does_not_move_the_responsible_organizations_deadline(
    session12, tehran_user, isfahan_user
):
    resolution = make_resolution(
        session12, 90, organization=tehran(), collaborators=(isfahan(),), deadline=datetime.date(2012, 12, 1)
    )
    with pytest.raises(PermissionDenied):
        actions.request_extension(
            access_for(isfahan_user, session12.working_group),
            resolution,
            requested_deadline=datetime.date(2013, 1, 1),
            reason="x",
        )
    report = actions.file_follow_up(
        access_for(isfahan_user, session12.working_group),
        resolution,
        text="سهم ما انجام شد",
        proposed_status="open",
    )
    assert report.organization == isfahan()
    actions.request_extension(
        access_for(tehran_user, session12.working_group),
        resolution,
        requested_deadline=datetime.date(2013, 1, 1),
        reason="x",
    )
    assert resolution.extension_requests.get().organization == tehran()


# -- nothing is due on a resolution of unsigned minutes (point 7) --------------------------------


@pytest.fixture
def draft_resolution(session13):
    """A resolution staff drafted in the editor of the planned 13th session, Tehran's."""
    return make_resolution(session13, 40, organization=tehran(), text="مصوبه پیش‌نویس محرمانه نشست سیزدهم")


def test_a_draft_resolution_is_not_reported_on_or_extended(clients, draft_resolution, tehran_user):
    tehran_client = clients["tehran"]
    assert tehran_client.get(draft_resolution.get_tracker_url()).status_code == 404
    assert tehran_client.get(REPORT.format(draft_resolution.pk)).status_code == 404
    assert (
        tehran_client.post(
            REPORT.format(draft_resolution.pk), {"text": "x", "proposed_status": "open"}
        ).status_code
        == 404
    )
    assert tehran_client.post(EXTEND.format(draft_resolution.pk), LATER).status_code == 404
    access = access_for(tehran_user, draft_resolution.meeting.working_group)
    with pytest.raises(PermissionDenied):
        actions.file_follow_up(access, draft_resolution, text="x", proposed_status="open")
    with pytest.raises(PermissionDenied):
        actions.request_extension(
            access, draft_resolution, requested_deadline=datetime.date(2030, 1, 1), reason="x"
        )
    assert not FollowUp.objects.filter(resolution=draft_resolution).exists()
    assert not ExtensionRequest.objects.filter(resolution=draft_resolution).exists()


def test_staff_read_why_nothing_is_due_on_a_draft_resolution(staff_user, draft_resolution):
    access = access_for(staff_user, draft_resolution.meeting.working_group)
    reasons = RESOLUTION_STEPS.reasons(access, draft_resolution)
    assert "تنها کاربر سازمان عضو" in reasons["report"]
    assert RESOLUTION_STEPS.refusal("review_report", access, draft_resolution) is None


def test_a_closed_resolution_takes_no_report_and_says_why(clients, resolution_1):
    Resolution.objects.filter(pk=resolution_1.pk).update(status=Resolution.Status.DONE)
    response = clients["tehran"].get(REPORT.format(resolution_1.pk), follow=True)
    assert "این مصوبه بسته شده است" in said(response)
    page = clients["tehran"].get(resolution_1.get_tracker_url()).content.decode()
    assert 'id="report-closed"' in page and "بسته شده" in page


# -- an information request's steps in order -----------------------------------------------------


@pytest.fixture
def request_5(session12) -> InformationRequest:
    return InformationRequest.objects.get(resolution__meeting=session12, resolution__number=5)


def test_a_request_is_answered_then_compiled_then_sent_and_each_step_says_when_it_closed(
    clients, request_5, staff_user
):
    url = request_5.get_absolute_url()
    response = clients["staff"].post(url + "send/", follow=True)
    assert "پیش از فرستادن، کتابچه را جمع‌بندی کنید" in said(response)
    clients["tehran"].post(url + "answer/", {"text": "پاسخ تهران"})
    clients["staff"].post(url + "compile/", {"order": [tehran().pk]})
    request_5.refresh_from_db()
    assert request_5.status == InformationRequest.Status.COMPILED
    late = clients["isfahan"].post(url + "answer/", {"text": "پاسخ دیر اصفهان"}, follow=True)
    assert "جمع‌بندی شده" in said(late)
    assert not InformationAnswer.objects.filter(request=request_5, organization=isfahan()).exists()
    assert 'id="answer-form"' not in clients["isfahan"].get(url).content.decode()
    reminded = clients["staff"].post(url + "remind/", follow=True)
    assert "جمع‌بندی شده" in said(reminded)
    clients["staff"].post(url + "send/")
    request_5.refresh_from_db()
    assert request_5.status == InformationRequest.Status.SENT
    again = clients["staff"].post(url + "compile/", {"order": [tehran().pk]}, follow=True)
    assert "فرستاده شد" in said(again)
    page = clients["staff"].get(url).content.decode()
    assert 'id="compile-form"' not in page and 'id="send-booklet"' not in page
    access = access_for(staff_user, request_5.working_group)
    assert set(REQUEST_STEPS.reasons(access, request_5)) == {"answer", "remind", "compile", "send_booklet"}


def test_a_request_not_addressed_to_an_organization_is_not_answered_by_it(request_5, tehran_user):
    request_5.recipients.remove(tehran())
    access = access_for(tehran_user, request_5.working_group)
    with pytest.raises(PermissionDenied):
        actions.answer_information(access, request_5, text="x")
    assert REQUEST_STEPS.refusal("answer", access, request_5) is not None
    request_5.recipients.add(tehran())
    actions.answer_information(access, request_5, text="پاسخ")
    request_5.status = InformationRequest.Status.SENT
    with pytest.raises(StepRefused):
        REQUEST_STEPS.require("answer", access, request_5)
