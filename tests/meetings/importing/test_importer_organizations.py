"""Organization names matched to known organizations despite the ways minutes write them."""

import pytest

from meetings.importing import KnownOrganization, OrganizationIndex
from tests.meetings.importing.conftest import organization_id


@pytest.mark.parametrize(
    "written, key, how",
    [
        ("سازمان میادین و ساماندهی مشاغل شهرداری تهران", "tehran", "exact"),
        ("سازمان میادین تهران", "tehran", "exact"),
        ("سازمان ميادين تهران", "tehran", "exact"),  # Arabic yeh
        ("سازمان\u200cمیادین تهران", "tehran", "exact"),  # a ZWNJ where a space was
        ("سازمان میداین و ساماندهی مشاغل شهرداری شیراز", "shiraz", "variant"),  # the typo of the seed
        ("سازمان میدان‌های تهران", "tehran", "variant"),
        ("سازمان میدانهای مشهد", "mashhad", "variant"),
        ("سازمان اصفهان", "isfahan", "city"),
        ("کرمانشاه", "kermanshah", "city"),
        ("شورای اسلامی شهر شیراز", "shiraz_council", "exact"),
        ("كميته معاونين خدمات شهری کلان شهر ها", "deputies_committee", "exact"),  # only spacing differs
        ("کمیته معاونین خدمات شهری کلانشهرهای کشور", "deputies_committee", "variant"),
    ],
)
def test_variants_of_a_name(index, written, key, how):
    ref = index.match(written)
    assert ref.organization_id == organization_id(key)
    assert ref.how == how
    assert ref.guess == (how != "exact")


def test_a_bare_city_is_its_member_organization_not_another_body_of_that_city(index):
    assert index.match("شیراز").organization_id == organization_id("shiraz")
    assert index.match("شورای شیراز").organization_id == organization_id("shiraz_council")


@pytest.mark.parametrize("written", ["دانشگاه شیراز", "استانداری تهران", "سازمان", "کمیته حقوقی", "ارومیه"])
def test_other_bodies_are_not_matched(index, written):
    assert index.match(written) is None


def test_an_organization_inside_a_longer_phrase(index):
    ref = index.find_within("مدیر عامل سازمان میادین و ساماندهی مشاغل شهرداری شیراز و میزبان جلسه")
    assert ref.organization_id == organization_id("shiraz")
    assert index.find_within("عضو شورای اسلامی شهر شیراز").organization_id == organization_id(
        "shiraz_council"
    )


def test_a_short_name_on_record_matches_the_full_name_in_the_text():
    index = OrganizationIndex(
        [
            KnownOrganization(1, "سازمان میادین تهران", "", "تهران", True),
            KnownOrganization(2, "سازمان میادین کرج", "", "کرج", True),
            KnownOrganization(3, "سازمان میادین قم", "", "قم", True),
        ]
    )
    assert index.find_within("سازمان میادین و ساماندهی مشاغل شهرداری کرج").organization_id == 2
    assert index.match("سازمانهای کرج").organization_id == 2


def test_two_equally_good_candidates_are_left_to_staff():
    index = OrganizationIndex(
        [
            KnownOrganization(1, "سازمان پارک‌های تهران", "", "تهران"),
            KnownOrganization(2, "سازمان بازار تهران", "", "تهران"),
        ]
    )
    assert index.match("تهران") is None


def test_a_city_with_no_organization_is_proposed_in_the_members_pattern(index):
    proposal = index.propose("ارومیه", member=True)
    assert (proposal.name, proposal.short_name, proposal.city) == (
        "سازمان میادین و ساماندهی مشاغل شهرداری ارومیه",
        "سازمان میادین ارومیه",
        "ارومیه",
    )
    other = index.propose("دانشگاه شیراز", member=False)
    assert (other.name, other.city, other.member) == ("دانشگاه شیراز", "شیراز", False)
