"""The demo data: the 12th session's facts, exactly as the minutes state them, and idempotence."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from committees.models import Committee, CommitteeAssignment
from meetings import demo_facts
from meetings.demo import load_demo
from meetings.models import Attendance, Meeting, Speech
from resolutions.models import FollowUp, Resolution
from secretariat.models import Organization, Person, WorkingGroup
from tests import seed_facts

CITY = demo_facts.MEMBER_CITIES


def _city_names(keys):
    return [CITY[key] for key in keys]


def test_twelve_member_organizations_and_two_guests(demo_group):
    members = Organization.objects.members_of(demo_group)
    assert sorted(members.values_list("city", flat=True)) == sorted(CITY.values())
    assert Organization.objects.filter(name="شورای اسلامی شهر شیراز").exists()
    assert Organization.objects.filter(name="کمیته معاونین خدمات شهری کلان‌شهرها").exists()


def test_session_12_facts(session12):
    assert session12.host_organization.city == "شیراز"
    assert session12.city == "شیراز"
    assert session12.day_dates == [datetime.date(2012, 6, 20), datetime.date(2012, 6, 21)]
    assert session12.start_time == datetime.time(8, 40)
    assert [s.part for s in session12.sittings.all()] == ["morning", "afternoon"]
    assert "تلاوت آیاتی از کلام" in session12.opening_programme
    assert "سرود جمهوری اسلامی ایران" in session12.opening_programme


def test_four_speakers_with_positions_in_order(session12):
    speeches = list(Speech.objects.filter(meeting=session12).select_related("speaker"))
    assert [s.speaker.last_name for s in speeches] == ["دبیری", "خانی", "مرادی", "جعفری"]
    assert speeches[2].speaker.formal_name == "جناب آقای مهندس مرادی"
    assert speeches[0].speaker_position.startswith("مدیر عامل سازمان میادین")
    assert "اعیاد شعبانیه" in speeches[0].summary
    assert "در ۸ مورد" in speeches[3].summary
    assert demo_group_secretary_is_jafari(session12.working_group)


def demo_group_secretary_is_jafari(group: WorkingGroup) -> bool:
    return group.secretary.last_name == "جعفری" and group.secretary.user.username == "dabir"


@pytest.mark.parametrize("committee", seed_facts.SESSION["committees"], ids=lambda c: c["lead"])
def test_committees_with_exact_lead_and_collaborators(demo_group, committee):
    saved = Committee.objects.with_current_assignments().get(working_group=demo_group, name=committee["name"])
    assert saved.lead.city == CITY[committee["lead"]]
    assert [o.city for o in saved.collaborators] == _city_names(committee["collaborators"])
    assert saved.formed_at.number == 12


def test_the_four_committees(demo_group):
    assert set(Committee.objects.filter(working_group=demo_group).values_list("name", flat=True)) == {
        "کمیته حقوقی",
        "کمیته فرهنگی و اجتماعی",
        "کمیته محیط زیست و بهداشت",
        "کمیته جذب سرمایه گذار و تجارت الکترونیک",
    }


def test_eight_resolutions_with_their_responsible_parties(session12):
    resolutions = {r.number: r for r in Resolution.objects.filter(meeting=session12).with_listing_data()}
    assert sorted(resolutions) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert resolutions[1].responsible_committee.name == "کمیته حقوقی"
    assert resolutions[2].responsible_committee.name == "کمیته فرهنگی و اجتماعی"
    assert resolutions[3].responsible_committee.name == "کمیته محیط زیست و بهداشت"
    assert resolutions[4].responsible_committee.name == "کمیته جذب سرمایه گذار و تجارت الکترونیک"
    assert resolutions[5].responsible_kind == Resolution.Responsible.SECRETARIAT
    assert resolutions[6].responsible_kind == Resolution.Responsible.SECRETARIAT
    assert resolutions[7].responsible_kind == Resolution.Responsible.SECRETARY
    assert resolutions[8].responsible_organization.city == "اصفهان"
    assert resolutions[8].verb == "مقرر گردید"
    assert {resolutions[n].verb for n in range(1, 8)} == {"مصوب شد"}
    assert [o.city for o in resolutions[1].ordered_collaborators] == _city_names(
        ["karaj", "mashhad", "tabriz", "shiraz", "isfahan", "qom", "hamedan", "rasht"]
    )
    assert "ISO 14001" in resolutions[3].text and "HSEQ" in resolutions[3].text


def test_resolution_1_deadline_is_end_of_shahrivar_1391_the_13th_session(session12):
    resolution = Resolution.objects.get(meeting=session12, number=1)
    assert resolution.deadline_date == datetime.date(2012, 9, 21)
    assert resolution.deadline_text.startswith("حداکثر تا پایان شهریور ماه سال جاری")
    assert "سیزدهمین نشست" in resolution.deadline_text
    assert resolution.deadline_next_meeting is True


def test_resolution_4_is_due_at_the_next_session(session12):
    resolution = Resolution.objects.get(meeting=session12, number=4)
    assert resolution.deadline_next_meeting is True
    assert resolution.deadline_date is None


def test_resolution_8_plans_session_13_in_isfahan(session12, session13):
    resolution = Resolution.objects.get(meeting=session12, number=8)
    assert resolution.schedules_meeting == session13
    assert session13.status == Meeting.Status.PLANNED
    assert session13.host_organization.city == "اصفهان"
    assert session13.approximate_date == datetime.date(2012, 9, 21)
    assert session13.date_note == "اواخر شهریور ۹۱"


def test_demo_users_and_their_people(demo_group):
    assert Person.objects.get(user__username="tehran").organization.city == "تهران"
    assert Person.objects.get(user__username="esfahan").organization.city == "اصفهان"
    assert demo_group.staff.filter(username="dabir").exists()
    assert Person.objects.get(user__username="dabir").user.check_password(demo_facts.DEMO_PASSWORD)


def _snapshot():
    models = (
        Organization,
        Person,
        WorkingGroup,
        Meeting,
        Attendance,
        Speech,
        Committee,
        CommitteeAssignment,
        Resolution,
        FollowUp,
    )
    counts = {model.__name__: model.objects.count() for model in models}
    texts = list(
        Resolution.objects.order_by("meeting__number", "number").values_list(
            "number", "text", "deadline_date"
        )
    )
    return counts, texts


def test_load_demo_is_idempotent(demo_group, settings):
    settings.DEBUG = True
    before = _snapshot()
    load_demo()
    assert _snapshot() == before
    call_command("load_demo", stdout=open("/dev/null", "w"))  # adds the group in daily use, once
    loaded = _snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert _snapshot() == loaded


def test_load_demo_prints_the_logins(empty_database, capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "dabir" in out and "tehran" in out and "esfahan" in out and demo_facts.DEMO_PASSWORD in out


def test_load_demo_refuses_demo_users_without_debug_unless_forced(empty_database, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not WorkingGroup.objects.exists()
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))
    assert WorkingGroup.objects.filter(slug="meydan").exists()
