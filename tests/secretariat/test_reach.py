"""Say the reach before the click (#22 point 4): every confirmation that sends something counts,
before it, who will be told in the app and by e-mail and who cannot be, with a printable copy for
them — and the click then reaches exactly those."""

from __future__ import annotations

import re

import pytest

from meetings.models import AgendaItem, Attendance, Invitation
from resolutions.models import InformationRequest
from secretariat.models import Organization, Person
from secretariat.notifications import reach_of_organizations
from secretariat.persian import to_persian_digits
from tests.resolutions.factories import isfahan, tehran


def reach_block(html: str, reach_id: str) -> str:
    start = html.index(f'id="{reach_id}"')
    return (
        html[start : html.index("</div>\n</div>", start)]
        if "</div>\n</div>" in html[start:]
        else html[start:]
    )


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def told_in_app(count: int) -> str:
    return f"{to_persian_digits(count)} نفر در سامانه آگاه می‌شوند"


def test_the_reach_is_counted_by_the_rule_the_sending_follows(demo_group):
    members = list(Organization.objects.members_of(demo_group))
    Person.objects.filter(user__username="tehran").update(email="tehran@example.org")
    Organization.objects.filter(pk=members[-1].pk).update(email="office@example.org")
    reach = reach_of_organizations(Organization.objects.members_of(demo_group))
    with_login = {person.organization_id for person in Person.objects.filter(user__is_active=True)}
    assert len(reach.in_app) == Person.objects.filter(organization__in=members, user__is_active=True).count()
    assert "tehran@example.org" in reach.emailed and "office@example.org" in reach.emailed
    assert len(reach.unreachable) == len(
        [m for m in members if m.pk not in with_login and m.pk != members[-1].pk]
    )


def test_issuing_the_invitation_counts_its_reach_before_and_reaches_exactly_that(clients, session13):
    session13.agenda_items.update(state=AgendaItem.State.ACCEPTED)
    page = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    form = page[page.index('action="/g/meydan/sessions/13/invitation/"') - 300 :]
    assert 'data-confirm-reach="invitation-reach"' in form[:1500]
    assert "به شماری از سازمان‌های عضو که در زیر آمده است" in form[:1500]
    block = flat(reach_block(page, "invitation-reach"))
    assert told_in_app(2) in block  # Tehran's and Isfahan's users, the demo's only logins
    unreachable = Organization.objects.members_of(session13.working_group).exclude(
        pk__in=[tehran().pk, isfahan().pk]
    )
    assert f"{to_persian_digits(unreachable.count())} مورد را از اینجا نمی‌توان آگاه کرد" in block
    assert all(organization.name in block for organization in unreachable)
    assert 'href="/g/meydan/sessions/13/invitation.pdf?preview=1"' in reach_block(page, "invitation-reach")
    response = clients["staff"].post("/g/meydan/sessions/13/invitation/", follow=True)
    invitation = Invitation.objects.get(meeting=session13)
    assert invitation.notified == 2 and len(invitation.unreachable) == unreachable.count()
    assert "۲ نفر آگاه شدند" in response.content.decode()


def test_members_see_no_reach(clients, session13):
    page = clients["tehran"].get("/g/meydan/sessions/13/").content.decode()
    assert 'id="invitation-reach"' not in page


@pytest.fixture
def unlisted(held13):
    """Held 13: Tehran and Isfahan attended; no line for any other member."""
    return held13


def test_circulating_counts_who_signs_online_and_names_the_members_the_attendance_leaves_out(
    clients, unlisted
):
    page = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    block = flat(reach_block(page, "circulate-reach"))
    assert told_in_app(2) in block and "۲ نشانی با ایمیل" in block
    assert 'id="members-not-listed"' in page
    missing = Organization.objects.members_of(unlisted.working_group).exclude(
        pk__in=[tehran().pk, isfahan().pk]
    )
    warning = page[page.index('id="members-not-listed"') :][:3000]
    assert all(organization.name in warning for organization in missing)
    for organization in missing:
        Attendance.objects.create(
            meeting=unlisted,
            organization=organization,
            kind=Attendance.Kind.ABSENT,
            order=50 + organization.pk,
        )
    page = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    assert 'id="members-not-listed"' not in page


def test_reminding_signers_counts_those_not_signed_yet(clients, unlisted, no_seal):
    clients["staff"].post("/g/meydan/sessions/13/circulate/")
    clients["tehran"].post("/g/meydan/sessions/13/sign/", {"confirm": "on"})
    page = clients["staff"].get("/g/meydan/sessions/13/").content.decode()
    block = flat(reach_block(page, "remind-reach"))
    assert told_in_app(1) in block  # Isfahan's user only: Tehran has signed
    desk = clients["staff"].get("/").content.decode()
    assert 'href="/g/meydan/sessions/13/#signature-progress"' in desk


def test_reminding_a_request_counts_the_organizations_not_answered(clients, session12):
    request = InformationRequest.objects.get(resolution__meeting=session12, resolution__number=5)
    clients["tehran"].post(request.get_absolute_url() + "answer/", {"text": "پاسخ"})
    page = clients["staff"].get(request.get_absolute_url()).content.decode()
    block = flat(reach_block(page, "remind-reach"))
    assert told_in_app(1) in block and "تهران" not in block.split("نمی‌توان آگاه کرد")[-1]
    assert 'data-confirm-reach="remind-reach"' in page


def test_sending_the_booklet_counts_every_member_it_goes_to(clients, session12):
    request = InformationRequest.objects.get(resolution__meeting=session12, resolution__number=5)
    clients["tehran"].post(request.get_absolute_url() + "answer/", {"text": "پاسخ"})
    clients["staff"].post(request.get_absolute_url() + "compile/", {"order": [tehran().pk]})
    page = clients["staff"].get(request.get_absolute_url()).content.decode()
    block = reach_block(page, "booklet-reach")
    assert told_in_app(2) in flat(block) and f'href="{request.get_absolute_url()}booklet.pdf"' in block
    assert 'data-confirm-reach="booklet-reach"' in page
