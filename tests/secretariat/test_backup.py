"""Backup and restore round-trip: all data, uploaded files and signed PDFs, compared by hash."""

import datetime
import hashlib
import io
import json
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.demo import load_demo
from meetings.models import Attendance, Meeting, MeetingDay, MinutesRevision
from meetings.signing import actions as signing_actions
from resolutions.models import FollowUp, Resolution
from secretariat.access import access_for
from secretariat.backup import dump_data, stored_file_names
from secretariat.models import Person
from tests.resolutions.factories import make_follow_up, pdf_upload, tehran

SUB_MILLISECOND = datetime.datetime(2012, 9, 19, 10, 0, 0, 456, tzinfo=datetime.UTC)


def _fingerprint() -> tuple[set[str], dict[str, str]]:
    """Every record as canonical JSON, and the hash of every stored file."""
    records = {json.dumps(record, sort_keys=True, ensure_ascii=False) for record in json.loads(dump_data())}
    files = {}
    for name in stored_file_names():
        with default_storage.open(name, "rb") as handle:
            files[name] = hashlib.sha256(handle.read()).hexdigest()
    return records, files


@pytest.fixture
def everything(settings, tmp_path):
    """The demo, a signed and sealed session 13, and a report with an attachment."""
    from django.contrib.auth import get_user_model

    from meetings.signing.seal import make_self_signed_seal

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEAL_PKCS12_PATH = tmp_path / "seal.p12"
    make_self_signed_seal(settings.SEAL_PKCS12_PATH, common_name="آزمایش")
    group = load_demo()
    users = get_user_model().objects
    meeting = Meeting.objects.get(working_group=group, number=13)
    person = Person.objects.get(user__username="tehran")
    Attendance.objects.create(meeting=meeting, person=person, organization=person.organization)
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2012, 9, 19))
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status"])
    signing_actions.circulate(access_for(users.get(username="dabir"), meeting.working_group), meeting)
    signing_actions.sign(
        access_for(users.get(username="tehran"), meeting.working_group), meeting, reservation="با تحفظ"
    )
    revision = signing_actions.finalize(
        access_for(users.get(username="dabir"), meeting.working_group), meeting
    )
    revision.refresh_from_db()
    assert revision.pdf  # made by its task once finalized
    resolution = Resolution.objects.get(meeting__number=12, number=1)
    follow_up = make_follow_up(resolution, tehran(), attachment=pdf_upload())
    # Under a millisecond: Django's own JSON format would bring it back as 10:00:00.
    FollowUp.objects.filter(pk=follow_up.pk).update(created_at=SUB_MILLISECOND)
    return group


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_identical_data_and_files(everything, tmp_path, settings):
    before = _fingerprint()
    assert len(before[1]) == 3  # the signed PDFs of the 12th (its archive) and 13th sessions, the attachment
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    assert not Meeting.objects.exists() and not stored_file_names()

    call_command("restore", str(archive), stdout=io.StringIO())
    after = _fingerprint()
    assert sorted(after[0] - before[0]) == [] and sorted(before[0] - after[0]) == []
    assert after[1] == before[1]
    assert FollowUp.objects.get().created_at == SUB_MILLISECOND
    revision = MinutesRevision.objects.get(meeting__number=13)
    assert hashlib.sha256(revision.pdf.read()).hexdigest() == revision.sha256


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(everything, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused(everything, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("files/"):
                content = content[:-1] + bytes([content[-1] ^ 1])
            member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    call_command("flush", interactive=False, verbosity=0)
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(damaged))
