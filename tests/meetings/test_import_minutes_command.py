"""``manage.py import_minutes PATH --group SLUG [--dry-run] [--format json|text]``."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.demo import SEED_MINUTES
from meetings.models import Meeting
from secretariat.models import Organization
from secretariat.persian import to_ascii_digits

SESSION_14 = (
    "چهاردهمین نشست کارگروه در تاریخ ۲۰ آذر ۱۳۹۱ به میزبانی سازمان میادین قم برگزار شد.\n\n"
    "1- مقرر شد سازمان میادین رشت با همکاری سازمانهای ارومیه و کرج ظرف دو ماه گزارش دهد.\n"
    "2- مقرر شد دبیرخانه به صورت ماهانه گزارش دهد.\n"
)


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_minutes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def session14_file(tmp_path):
    path = tmp_path / "session14.txt"
    path.write_text(SESSION_14, encoding="utf-8")
    return path


def test_dry_run_json_prints_the_documented_structure_and_saves_nothing(demo_group):
    before = Meeting.objects.count()
    data = json.loads(run(str(SEED_MINUTES), "--group", "meydan", "--dry-run", "--format", "json"))
    assert Meeting.objects.count() == before
    assert data["session_number"] == 12
    assert [(d["jalali"], d["iso"]) for d in data["dates"]] == [
        ("1391/03/31", "2012-06-20"),
        ("1391/04/01", "2012-06-21"),
    ]
    assert data["host"]["name"] == "سازمان میادین و ساماندهی مشاغل شهرداری شیراز"
    assert data["city"] == "شیراز"
    assert [s["last_name"] for s in data["speeches"]] == ["دبیری", "خانی", "مرادی", "جعفری"]
    first = data["resolutions"][0]
    assert {"number", "verb", "text", "responsible", "collaborators", "deadline"} <= set(first)
    assert {"text", "jalali", "iso", "next_meeting", "flags"} <= set(first["deadline"])
    assert first["deadline"]["jalali"] == "1391/06/31" and first["deadline"]["iso"] == "2012-09-21"
    assert data["committees"][0]["name"] == "کمیته حقوقی"
    assert {"name", "lead", "collaborators", "mandate"} <= set(data["committees"][0])
    assert data["next_session"]["host"]["name"].endswith("اصفهان")
    assert data["next_session"]["date"]["jalali"] == "1391/06/31"
    assert data["not_understood"] == [] and data["unknown_organizations"] == []


def test_dry_run_text_report(demo_group, session14_file):
    out = run(str(session14_file), "--group", "meydan", "--dry-run")
    assert "۱۴" in out and "ارومیه" in out
    assert not Meeting.objects.filter(number=14).exists()


def test_without_dry_run_unknown_organizations_must_be_decided(demo_group, session14_file):
    with pytest.raises(CommandError, match="ارومیه"):
        run(str(session14_file), "--group", "meydan")
    assert not Meeting.objects.filter(number=14).exists()


def test_saving_with_new_organizations_created(demo_group, session14_file):
    run(str(session14_file), "--group", "meydan", "--create-organizations")
    meeting = Meeting.objects.get(working_group=demo_group, number=14)
    assert meeting.status == Meeting.Status.HELD
    assert Organization.objects.filter(city="ارومیه").exists()
    resolution = meeting.resolutions.with_listing_data().get(number=1)
    assert [o.city for o in resolution.ordered_collaborators] == ["ارومیه", "کرج"]


def test_saving_with_unknown_organizations_left_out(demo_group, session14_file):
    run(str(session14_file), "--group", "meydan", "--skip-unknown-organizations")
    assert not Organization.objects.filter(city="ارومیه").exists()
    resolution = Meeting.objects.get(number=14).resolutions.with_listing_data().get(number=1)
    assert [o.city for o in resolution.ordered_collaborators] == ["کرج"]


def test_a_windows_1256_file(demo_group, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(to_ascii_digits(SESSION_14).replace("ی", "ي").replace("ک", "ك").encode("cp1256"))
    data = json.loads(run(str(path), "--group", "meydan", "--dry-run", "--format", "json"))
    assert data["session_number"] == 14
    assert [d["jalali"] for d in data["dates"]] == ["1391/09/20"]
    assert data["resolutions"][0]["deadline"]["jalali"] == "1391/11/20"
    assert "Windows-1256" in data["notes"][0]


@pytest.mark.parametrize(
    "content, message",
    [(b"", "خالی|empty"), (bytes(range(256)) * 20, "txt")],
    ids=["empty", "binary"],
)
def test_unreadable_files_give_a_clear_error(demo_group, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--group", "meydan", "--dry-run")


def test_a_one_megabyte_file_gives_a_clear_error(demo_group, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("مقرر شد دبیرخانه اقدام کند.\n" * 40000, encoding="utf-8")
    assert path.stat().st_size > 1024 * 1024
    with pytest.raises(CommandError):
        run(str(path), "--group", "meydan", "--dry-run")


def test_a_missing_file_or_group(demo_group, tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path / "nowhere.txt"), "--group", "meydan", "--dry-run")
    with pytest.raises(CommandError):
        run(str(SEED_MINUTES), "--group", "nosuchgroup", "--dry-run")


def test_an_existing_session_is_refused(demo_group):
    with pytest.raises(CommandError):
        run(str(SEED_MINUTES), "--group", "meydan")
