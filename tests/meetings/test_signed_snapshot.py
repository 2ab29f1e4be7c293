"""What was signed is what is sealed: names as they stood when the minutes went out for signature,
the account that signed, and members still reading the signed revision while a correction is drafted."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from committees.models import Committee
from meetings.models import Meeting, MinutesRevision
from meetings.signing import actions as signing_actions
from resolutions.models import Resolution
from secretariat import actions as core_actions
from secretariat.access import access_for
from secretariat.models import Organization, Person
from tests.conftest import client_for
from tests.meetings.pdf_text import contains_in_order, pdf_text, words
from tests.meetings.test_signing import BASE, finalized, post, signed_by_both
from tests.resolutions.factories import make_committee, organization

ISFAHAN = "سازمان میادین و ساماندهی مشاغل شهرداری اصفهان"


def rename_everything(operator) -> None:
    """An operator renames the host, a person who signed, and a committee named in a resolution."""
    isfahan = Organization.objects.get(name=ISFAHAN)
    core_actions.save_organization(operator, isfahan, {"name": "نام تازه سازمان اصفهان"})
    tehran_person = Person.objects.get(user__username="tehran")
    core_actions.save_person(operator, tehran_person, {"last_name": "نام تازه نماینده تهران"})
    Committee.objects.filter(name="کمیته تازه").update(name="کمیته با نام دیگر")


@pytest.fixture
def with_committee(held13):
    committee = make_committee(held13.working_group, "کمیته تازه", lead=organization("تهران"), since=held13)
    Resolution.objects.filter(meeting=held13, number=1).update(
        responsible_kind=Resolution.Responsible.COMMITTEE, responsible_committee=committee
    )
    return held13


def test_a_rename_between_signatures_and_finalizing_changes_nothing_that_was_signed(
    clients, with_committee, no_seal, operator, django_capture_on_commit_callbacks
):
    signed_by_both(clients, with_committee)
    rename_everything(operator)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(clients["secretary"], "finalize").status_code == 302
    revision = MinutesRevision.objects.get(meeting=with_committee, number=1)
    sealed_words = words(pdf_text(revision.pdf.read()))
    assert contains_in_order(sealed_words, words("میزبانی سازمان میادین و ساماندهی مشاغل شهرداری اصفهان"))
    assert contains_in_order(sealed_words, words("نماینده سازمان میادین تهران"))
    assert contains_in_order(sealed_words, words("کمیته تازه"))
    assert not contains_in_order(sealed_words, words("نام تازه"))
    assert not contains_in_order(sealed_words, words("با نام دیگر"))

    for role in ("tehran", "secretary"):
        page = clients[role].get(BASE).content.decode()
        page = page[page.index('id="minutes"') :]
        assert ISFAHAN in page and "نماینده سازمان میادین تهران" in page and "کمیته تازه" in page
        assert "نام تازه" not in page and "با نام دیگر" not in page

    verify = clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()
    assert "نماینده سازمان میادین تهران" in verify and "نام تازه" not in verify


def test_a_later_rename_shows_in_future_minutes(clients, held13, no_seal, operator):
    finalized(clients, held13)
    rename_everything(operator)
    fourteen = Meeting.objects.create(working_group=held13.working_group, number=14, status="held")
    fourteen.host_organization = Organization.objects.get(name="نام تازه سازمان اصفهان")
    fourteen.save()
    assert "نام تازه سازمان اصفهان" in clients["secretary"].get("/g/meydan/sessions/14/").content.decode()


def test_the_signature_names_the_account_that_clicked(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert sorted(revision.signatures.values_list("signed_by_username", flat=True)) == ["esfahan", "tehran"]
    verify = clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()
    assert "tehran" in verify and "esfahan" in verify
    assert contains_in_order(words(pdf_text(revision.pdf.read())), ["tehran"])


def test_a_login_linked_after_circulation_cannot_sign_for_the_attendee(clients, held13, no_seal, operator):
    """The forging sequence, even by an operator: move Tehran's person to another login and sign."""
    post(clients["staff"], "circulate")
    tehran_person = Person.objects.get(user__username="tehran")
    forger = get_user_model().objects.create_user("forger")
    held13.working_group.staff.add(forger)
    core_actions.link_person_to_user(operator, tehran_person, None)
    core_actions.link_person_to_user(operator, tehran_person, forger)
    assert post(client_for(forger), "sign", {"confirm": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        signing_actions.sign(access_for(forger, held13.working_group), Meeting.objects.get(pk=held13.pk))
    assert not MinutesRevision.objects.get(meeting=held13).signatures.filter(signed_by=forger).exists()


def test_staff_cannot_reach_the_admin_to_move_a_login(clients, tehran_user):
    person = tehran_user.person
    response = clients["staff"].post(f"/admin/secretariat/person/{person.pk}/change/", {"user": ""})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    person.refresh_from_db()
    assert person.user == tehran_user


@pytest.fixture
def correction_open(clients, held13, no_seal, django_capture_on_commit_callbacks):
    """Session 13 signed by Tehran and Isfahan, then reopened by the secretary with a changed text."""
    with django_capture_on_commit_callbacks(execute=True):
        finalized(clients, held13)
    assert post(clients["secretary"], "correction", {"reason": "اصلاح متن مصوبه ۱"}).status_code == 302
    Resolution.objects.filter(meeting=held13, number=1).update(text="متن پیش‌نویس اصلاحیه")
    return held13


def test_members_who_attended_still_read_the_signed_revision(clients, correction_open):
    page = clients["tehran"].get(BASE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "آئین‌نامه مالی" in html and "متن پیش‌نویس اصلاحیه" not in html
    assert 'id="correction-notice"' in html
    pdf = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert pdf.status_code == 200 and pdf["X-Content-SHA256"]
    assert clients["tehran"].get(f"{BASE}revisions/1/minutes.pdf").status_code == 200


def test_staff_read_the_draft_correction(clients, correction_open):
    html = clients["secretary"].get(BASE).content.decode()
    assert "متن پیش‌نویس اصلاحیه" in html and 'id="correction-notice"' in html


def test_the_sessions_resolutions_and_reports_stay_open_to_members_during_a_correction(
    clients, correction_open
):
    resolution = Resolution.objects.get(meeting=correction_open, number=1)
    assert clients["tehran"].get(f"/g/meydan/resolutions/{resolution.pk}/").status_code == 200
    listing = clients["tehran"].get("/g/meydan/resolutions/", {"session": 13})
    assert listing.status_code == 200


def test_members_who_did_not_attend_read_only_published_revisions(clients, correction_open, demo_group):
    other = get_user_model().objects.create_user("karaj")
    Person.objects.create(last_name="نماینده کرج", organization=organization("کرج"), user=other)
    karaj = client_for(other)
    assert karaj.get(BASE).status_code == 404  # signed, never published, not attended
    assert karaj.get(f"{BASE}revisions/1/minutes.pdf").status_code == 404


def test_a_published_revision_stays_readable_to_every_member_during_a_correction(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finalized(clients, held13)
    assert post(clients["staff"], "publish").status_code == 302
    assert post(clients["secretary"], "correction", {"reason": "اصلاح"}).status_code == 302
    other = get_user_model().objects.create_user("karaj")
    Person.objects.create(last_name="نماینده کرج", organization=organization("کرج"), user=other)
    karaj = client_for(other)
    assert karaj.get(BASE).status_code == 200
    assert karaj.get(f"{BASE}revisions/1/minutes.pdf").status_code == 200


def test_withdrawing_is_refused_to_members_through_the_action(held13, tehran_user, secretary):
    signing_actions.circulate(access_for(secretary, held13.working_group), held13)
    with pytest.raises(PermissionDenied):
        signing_actions.withdraw(
            access_for(tehran_user, held13.working_group), Meeting.objects.get(pk=held13.pk)
        )
    assert Meeting.objects.get(pk=held13.pk).status == Meeting.Status.CIRCULATED
