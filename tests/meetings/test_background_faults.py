"""Background work under faults: a render that holds no lock, a worker killed in the middle of a seal,
a full or read-only disk, a byte changed in a kept file, a rename racing a circulation."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from meetings.models import Meeting, MinutesRevision
from meetings.planning import actions as planning
from meetings.signing import actions as signing_actions
from resolutions import actions as resolution_actions
from resolutions import booklet
from resolutions.models import InformationAnswer, InformationRequest, Resolution
from secretariat import actions as core_actions
from secretariat.access import access_for
from secretariat.models import JobStatus, Notification, Organization
from tests.meetings.test_signing import BASE, finalized
from tests.tasks import DATABASE_TASKS

ROOT = Path(__file__).resolve().parents[2]


def _user(name: str):
    return get_user_model().objects.get(username=name)


def _access(name: str, group):
    return access_for(_user(name), group)


def wait_for(condition, *, seconds: float = 60, what: str = "") -> None:
    """Poll the database (the answer of another thread or process) until ``condition()`` holds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what or condition}")
        time.sleep(0.05)


# -- a render holds no lock ------------------------------------------------------------------------------


def _long_booklet(group) -> InformationRequest:
    """A request whose 30 answers of a few thousand characters take seconds to lay out."""
    staff = _access("dabir", group)
    members = list(Organization.objects.members_of(group).order_by("pk"))
    request, _delivery = resolution_actions.ask_for_information(
        staff,
        title="آمار میادین",
        question="آمار سال گذشته",
        deadline=datetime.date(2030, 1, 1),
        recipients=members,
    )
    paragraph = "میدان میوه و تره‌بار با همکاری شهرداری منطقه بازسازی شد و غرفه‌ها واگذار شدند. " * 70
    extra = [
        Organization.objects.create(name=f"سازمان آزمایشی {index}", city=f"شهر {index}")
        for index in range(18)
    ]
    request.recipients.add(*extra)
    InformationAnswer.objects.bulk_create(
        InformationAnswer(request=request, organization=organization, text=paragraph)
        for organization in [*members, *extra][:30]
    )
    return request


def _log_in(username: str) -> None:
    """A login through the login page (a session and the throttle's records are written)."""
    response = Client().post("/accounts/login/", {"username": username, "password": "demo-pass-1391"})
    assert response.status_code == 302, response.status_code


@pytest.mark.django_db(transaction=True)
def test_laying_out_a_booklet_holds_no_lock_while_eight_writes_go_through(demo_group, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = DATABASE_TASKS  # compiling queues the task; this test runs it in a thread
    request = _long_booklet(demo_group)
    staff = _access("dabir", demo_group)
    resolution_actions.compile_booklet(staff, request, order=[])
    done = threading.Event()

    def lay_out() -> None:
        try:
            booklet.store_booklet(request.pk, token="lay-out-under-test")
        finally:
            done.set()
            close_old_connections()

    layout = threading.Thread(target=lay_out)
    layout.start()
    wait_for(
        lambda: InformationRequest.objects.get(pk=request.pk).job_status == JobStatus.RUNNING,
        what="the layout",
    )
    meeting13 = Meeting.objects.get(working_group=demo_group, number=13)
    resolution = Resolution.objects.get(meeting__number=12, number=1)
    writes = [
        lambda: resolution_actions.file_follow_up(
            _access("tehran", demo_group), resolution, text="گزارش پیشرفت کار", proposed_status="in_progress"
        ),
        lambda: planning.add_agenda_item(_access("dabir", demo_group), meeting13, title="گزارش مالی"),
        lambda: _log_in("tehran"),
        lambda: Notification.objects.filter(recipient__username="dabir").update(
            read_at=datetime.datetime.now(datetime.UTC)
        ),
        lambda: planning.add_agenda_item(_access("dabir", demo_group), meeting13, title="گزارش کمیته حقوقی"),
        lambda: resolution_actions.file_follow_up(
            _access("esfahan", demo_group),
            Resolution.objects.get(meeting__number=12, number=8),
            text="گزارش اصفهان",
            proposed_status="in_progress",
        ),
        lambda: _log_in("esfahan"),
        lambda: planning.add_agenda_item(_access("dabir", demo_group), meeting13, title="سایر موارد"),
    ]
    failures: list[BaseException] = []

    def write_one_after_another() -> None:
        # One writer beside the layout: a write waits only for a lock the layout holds, not for
        # the other writes (eight writers at once on a loaded machine wait for each other).
        try:
            for step in writes:
                try:
                    if connection.vendor == "sqlite":  # a writer gives up after 1 s, not the site's 20
                        connection.ensure_connection()  # (a request through the client closes it)
                        connection.connection.execute("PRAGMA busy_timeout = 1000")
                    step()
                except BaseException as error:
                    failures.append(error)
        finally:
            close_old_connections()

    writer = threading.Thread(target=write_one_after_another)
    writer.start()
    writer.join()
    assert failures == []
    assert not done.is_set(), "the writes waited for the layout to end"
    layout.join()
    request.refresh_from_db()
    assert request.booklet and request.job_status == JobStatus.READY


# -- a worker killed in the middle of a seal ----------------------------------------------------------------


def _worker(worker_id: str, media: Path, seal_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "WORKER_DATABASE_NAME": str(connection.settings_dict["NAME"]),
        "WORKER_MEDIA_ROOT": str(media),
        "WORKER_SEAL_PATH": str(seal_path),
        "WORKER_SEAL_PASSPHRASE": "seal-pass",
        "TASK_LEASE_SECONDS": "2",
    }
    command = [sys.executable, "manage.py", "db_worker", "--worker-id", worker_id, "--interval", "0.1"]
    command += ["--no-startup-delay", "--no-reload", "-v", "0"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sealing_is_replaced_and_the_seal_is_made_once(held13, seal, settings):
    settings.TASKS = DATABASE_TASKS
    Resolution.objects.bulk_create(  # enough pages for the seal to take a few seconds
        Resolution(
            meeting=held13,
            number=number,
            text=f"مصوبه شماره {number}: " + "سازمان‌های عضو گزارش اجرای طرح را به دبیرخانه بفرستند. " * 6,
            responsible_kind=Resolution.Responsible.SECRETARIAT,
        )
        for number in range(2, 121)
    )
    clients = {name: Client() for name in ("staff", "tehran", "isfahan", "secretary")}
    for name, username in (
        ("staff", "dabir"),
        ("tehran", "tehran"),
        ("isfahan", "esfahan"),
        ("secretary", "dabir"),
    ):
        clients[name].force_login(_user(username))
    revision = finalized(clients, held13)
    first = _worker("first", settings.MEDIA_ROOT, seal)
    try:
        wait_for(lambda: MinutesRevision.objects.get(pk=revision.pk).job_status == JobStatus.RUNNING)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        first.kill()
    revision.refresh_from_db()
    assert not revision.pdf and revision.job_status == JobStatus.RUNNING  # left behind, mid-seal
    second = _worker("second", settings.MEDIA_ROOT, seal)
    try:
        wait_for(lambda: bool(MinutesRevision.objects.get(pk=revision.pk).pdf), what="the second worker")
    finally:
        second.send_signal(signal.SIGTERM)
        _output, errors = second.communicate(timeout=20)
    revision.refresh_from_db()
    assert revision.job_status == JobStatus.READY and revision.sealed
    (task,) = DBTaskResult.objects.filter(task_path="meetings.tasks.make_signed_pdf")
    assert task.status == "SUCCESSFUL" and task.worker_ids == ["first", "second"]
    folder = Path(settings.MEDIA_ROOT) / Path(revision.pdf.name).parent
    assert [path.name for path in folder.iterdir()] == [Path(revision.pdf.name).name]  # one file, no part
    response = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert response.status_code == 200 and response["ETag"] == f'"{revision.sha256}"'
    assert b"Traceback" not in errors


# -- a full or read-only disk ---------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A filesystem of its own for the media folder, 64 KB: too small for a signed PDF."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here ({result.stderr.strip()}); CI runs as root")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _files_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_disk_that_fails_leaves_no_file_and_the_page_says_it_failed(
    clients, held13, seal, settings, small_disk, fault
):
    settings.MEDIA_ROOT = small_disk
    if fault == "full":
        (small_disk / "filler").write_bytes(b"\0" * 60 * 1024)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    assert not revision.pdf and revision.job_failed
    assert ("No space left" in revision.job_error) if fault == "full" else ("Read-only" in revision.job_error)
    assert [name for name in _files_under(small_disk) if name != "filler"] == []  # nothing half-written
    page = clients["secretary"].get(BASE).content.decode()
    assert 'id="signed-pdf-failed"' in page and 'id="retry-signed-pdf-1"' in page
    assert clients["tehran"].get(f"{BASE}minutes.pdf").status_code == 503
    assert MinutesRevision.objects.get(pk=revision.pk).verification_code  # still registered, not sealed
    verdict = clients["anonymous"].get(f"/verify/{revision.verification_code}/").content.decode()
    assert "مهرشده و دست‌نخورده" not in verdict


# -- a byte changed in the kept file ---------------------------------------------------------------------------


def test_a_byte_changed_in_the_kept_file_is_seen_at_once_and_never_served(clients, held13, seal):
    revision = finalized(clients, held13)
    revision.refresh_from_db()
    verify = f"/verify/{revision.verification_code}/"
    assert "مهرشده و دست‌نخورده" in clients["anonymous"].get(verify).content.decode()
    assert clients["tehran"].get(f"{BASE}minutes.pdf").status_code == 200
    path = Path(revision.pdf.path)
    original = path.read_bytes()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    path.write_bytes(bytes(changed))
    assert "مهرشده و دست‌نخورده" not in clients["anonymous"].get(verify).content.decode()
    damaged = clients["tehran"].get(f"{BASE}minutes.pdf")
    assert damaged.status_code == 500 and b"%PDF" not in damaged.content
    path.write_bytes(original)  # restored from a backup
    assert "مهرشده و دست‌نخورده" in clients["anonymous"].get(verify).content.decode()
    assert clients["tehran"].get(f"{BASE}minutes.pdf").status_code == 200


# -- a rename racing a circulation ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_rename_racing_a_circulation_never_mixes_names(held13, monkeypatch, operator):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: a rename cannot land inside a circulation")
    tehran = Organization.objects.get(people__user__username="tehran")
    Resolution.objects.filter(meeting=held13, number=1).update(
        responsible_kind=Resolution.Responsible.ORGANIZATION, responsible_organization=tehran
    )
    old_name, new_name = tehran.name, "سازمان مدیریت میادین میوه و تره‌بار شهرداری تهران (نام تازه)"
    from meetings.minutes import document

    halfway, renamed = threading.Event(), threading.Event()
    real_resolutions = document._resolutions

    def read_resolutions_after_the_rename(meeting):  # the attendance was read; the rename lands now
        halfway.set()
        assert renamed.wait(timeout=30)
        return real_resolutions(meeting)

    monkeypatch.setattr(document, "_resolutions", read_resolutions_after_the_rename)

    def rename() -> None:
        try:
            halfway.wait(timeout=30)
            core_actions.save_organization(
                operator, Organization.objects.get(pk=tehran.pk), {"name": new_name}
            )
        finally:
            renamed.set()
            close_old_connections()

    renamer = threading.Thread(target=rename)
    renamer.start()
    revision, _delivery = signing_actions.circulate(_access("dabir", held13.working_group), held13)
    renamer.join()
    content = MinutesRevision.objects.get(pk=revision.pk).content
    names = {attendee["organization"] for attendee in content["attendees"] if attendee["person_id"]}
    names |= {entry["responsible"] for entry in content["resolutions"]}
    assert names & {old_name, new_name} in ({old_name}, {new_name}), names
    assert Organization.objects.get(pk=tehran.pk).name == new_name
