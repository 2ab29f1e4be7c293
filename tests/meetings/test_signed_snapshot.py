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


def test_a_signature_names_the_person_and_organization_never_the_login(
    clients, held13, no_seal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        revision = finalized(clients, held13)
    revision.refresh_from_db()
    # The account that clicked is kept for the audit and the secretariat...
    assert sorted(revision.signatures.values_list("signed_by_username", flat=True)) == ["esfahan", "tehran"]
    assert held13.working_group.audit_records.filter(action="minutes.signed", actor_name="tehran").exists()
    # ...and never printed: the verification page and the PDF name the attendee and the organization.
    verify = clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()
    tehran = Person.objects.get(user__username="tehran")
    assert "tehran" not in verify and "esfahan" not in verify
    assert f"به صورت برخط توسط کاربر {tehran.organization.name}" in verify.replace("\u2068", "").replace(
        "\u2069", ""
    )
    text = pdf_text(revision.pdf.read())
    assert "tehran" not in text and "esfahan" not in text
    assert contains_in_order(words(text), words("به صورت برخط توسط کاربر"))


def test_a_login_moved_to_another_organization_signs_for_that_organization_not_the_former(
    clients, held13, no_seal, operator
):
    """An operator moves Tehran's login to a person of Karaj, which did not attend: the login acts
    for Karaj now, and cannot sign for Tehran's attendee; Tehran's other users still can."""
    post(clients["staff"], "circulate")
    tehran_person = Person.objects.get(user__username="tehran")
    login = tehran_person.user
    karaj_person = Person.objects.create(
        last_name="کارشناس کرج", organization=Organization.objects.get(city="کرج", kind="market")
    )
    core_actions.link_person_to_user(operator, tehran_person, None)
    core_actions.link_person_to_user(operator, karaj_person, login)
    assert post(client_for(login), "sign", {"confirm": "on"}).status_code == 404  # not Karaj's to read
    with pytest.raises(PermissionDenied):
        signing_actions.sign(access_for(login, held13.working_group), Meeting.objects.get(pk=held13.pk))
    assert not MinutesRevision.objects.get(meeting=held13).signatures.exists()
    colleague = get_user_model().objects.create_user("tehran2")
    Person.objects.create(last_name="همکار تهران", organization=tehran_person.organization, user=colleague)
    assert post(client_for(colleague), "sign", {"confirm": "on"}).status_code == 302
    signature = MinutesRevision.objects.get(meeting=held13).signatures.get()
    assert signature.signer_name == tehran_person.formal_name and signature.signed_by == colleague
