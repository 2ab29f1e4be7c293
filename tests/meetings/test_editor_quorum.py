"""The editor's quorum line is counted by the server for the attendance as typed (one rule, in
meetings.minutes.quorum), and only those who may edit ask for it."""

from __future__ import annotations

from django.urls import reverse

from secretariat.models import Organization

URL = reverse("meetings:editor_quorum", args=["meydan", 13])


def typed(*rows: tuple[str, Organization | None], removed: int | None = None) -> dict:
    data = {"attendance-TOTAL_FORMS": str(len(rows))}
    for index, (kind, organization) in enumerate(rows):
        data[f"attendance-{index}-kind"] = kind
        data[f"attendance-{index}-organization"] = str(organization.pk) if organization else ""
    if removed is not None:
        data[f"attendance-{removed}-DELETE"] = "on"
    return data


def markets(*cities: str) -> list[Organization]:
    return [Organization.objects.get(city=city, kind="market") for city in cities]


def test_the_server_counts_member_organizations_present_once(clients, held13):
    tehran, isfahan, shiraz = markets("تهران", "اصفهان", "شیراز")
    page = (
        clients["secretary"]
        .post(
            URL,
            typed(
                ("present", tehran),
                ("present", tehran),
                ("substitute", isfahan),
                ("absent", shiraz),
                ("guest", None),
            ),
        )
        .content.decode()
    )
    assert 'data-quorum-present="2"' in page  # Tehran once, Isfahan's substitute counts, absent does not
    assert "هنوز به حد نصاب نرسیده: ۲ سازمان از ۱۲ سازمان عضو" in page


def test_a_row_marked_for_removal_is_not_counted_and_a_bad_count_is_not_believed(clients, held13):
    tehran, isfahan = markets("تهران", "اصفهان")
    page = (
        clients["secretary"]
        .post(URL, typed(("present", tehran), ("present", isfahan), removed=1))
        .content.decode()
    )
    assert 'data-quorum-present="1"' in page
    page = clients["secretary"].post(URL, {"attendance-TOTAL_FORMS": "many"}).content.decode()
    assert 'data-quorum-present="0"' in page


def test_members_cannot_ask(clients, held13):
    assert clients["tehran"].post(URL, typed()).status_code in (403, 404)
    assert clients["secretary"].get(URL).status_code == 405
