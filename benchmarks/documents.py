"""Benchmark of documents made once: cold and repeated PDF downloads beside the minutes page,
WeasyPrint beside Chromium printing the same HTML, finalizing with the seal in the background,
and 50 users on gunicorn reading the minutes page, its stored PDF and a static file.

    .venv/bin/python benchmarks/documents.py [--users 50] [--duration 20] [--repeat 7] [--port 8766]
                                             [--server-url postgres://postgres@127.0.0.1:5432]

Creates a PostgreSQL database of its own (``secretariat_docs_bench``, dropped at the end), loads
the demo and a session of 200 resolutions, with the production settings (``DEBUG=False``,
``TASKS_BACKEND=database``: documents are laid out by the worker, never in a request).

1. In this process, through Django's whole request stack (median of ``--repeat``): the minutes
   page; the first download of its PDF (the request that queues it, then the worker's layout);
   a repeated download (the stored file); and Chromium (Playwright, a warm browser) printing the
   same HTML that WeasyPrint lays out.
2. Finalizing the 200-resolution session once it is signed: the request, then the worker's
   render and seal.
3. gunicorn (``gunicorn.conf.py``) and ``manage.py db_worker`` as in production; ``--users``
   simulated users read, for ``--duration`` seconds each, the seed's minutes page, its stored
   PDF, and a static file served by WhiteNoise.

Not a test: run it on an idle machine and write the figures down in benchmarks/README.md with
the machine they came from.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import machine, timed  # benchmarks/ is not a package: run by path
from load import (
    GROUP,
    HOST,
    Phase,
    SimulatedUser,
    drop_database,
    log_in_all,
    progress,
    recreate_database,
    run_phase,
    server_environment,
    start_server,
    stop_server,
    table_row,
    worker_boots,
)

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "secretariat_docs_bench"
SECRET_KEY = "documents-benchmark-only-secret-key-never-used-elsewhere-0123456789-abcdefghijkl"
LARGE_SESSION = 1200  # the number of the generated session of 200 resolutions
LARGE_SIZE = 200


def environment_for(options, directory: Path) -> dict[str, str]:
    """The load benchmark's production environment, with documents laid out by the worker."""
    server = argparse.Namespace(
        server_url=options.server_url,
        database=DATABASE,
        conn_max_age=60,
        port=options.port,
        workers=2,
        threads=4,
    )
    return {
        **server_environment(server, directory),
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},testserver",
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "ERROR",
    }


def set_up_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    for command, arguments in (
        ("migrate", {"interactive": False}),
        ("collectstatic", {"interactive": False}),
        ("make_seal_certificate", {"if_missing": True}),
        ("load_demo", {"force": True}),
    ):
        progress(f"manage.py {command}")
        call_command(command, verbosity=0, **arguments)


def add_large_session():
    from meetings.models import Attendance, Meeting, MeetingDay
    from secretariat.models import Person, WorkingGroup
    from tests.sample_data import add_sample_resolutions

    group = WorkingGroup.objects.get(slug=GROUP)  # the seed's group (the demo has the current one too)
    meeting = Meeting.objects.create(
        working_group=group, number=LARGE_SESSION, status=Meeting.Status.HELD, city="تبریز"
    )
    MeetingDay.objects.create(meeting=meeting, date=datetime.date(2013, 3, 1))
    for order, username in enumerate(("tehran", "esfahan"), start=1):
        person = Person.objects.get(user__username=username)
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            organization=person.organization,
            position=person.position,
            order=order,
        )
    add_sample_resolutions(meeting, LARGE_SIZE)
    return group


def client_for(username: str):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def run_queued_documents() -> float:
    """Run what was queued (a stored document's layout, a signed PDF's seal) here, as the worker
    would, then stop: the seconds it took."""
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("db_worker", "--batch", verbosity=0)
    return time.perf_counter() - began


def chromium_seconds(html: str, repeat: int) -> float | None:
    """Chromium (a warm headless browser) printing ``html`` to PDF, median seconds."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        return None
    from playwright.sync_api import sync_playwright

    static = (ROOT / "static").as_uri() + "/"
    html = html.replace("<head>", f'<head><base href="{static}">', 1)
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as handle:
        handle.write(html)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page()

            def print_once():
                page.goto(Path(handle.name).as_uri())
                return page.pdf(format="A4")

            print_once()
            seconds, _ = timed(print_once, repeat)
            browser.close()
            return seconds
    finally:
        os.unlink(handle.name)


def documents_table(group, repeat: int) -> list[str]:
    from meetings.access import reading_for
    from meetings.minutes.pdf import minutes_pdf_html
    from meetings.models import Meeting
    from secretariat.access import access_for

    rows = [
        "| session | minutes page ms | first PDF request ms | worker layout s | repeated PDF ms "
        "| Chromium prints the same HTML s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    client = client_for("dabir")
    for label, number in (("seed (8 resolutions)", 12), (f"{LARGE_SIZE} resolutions", LARGE_SESSION)):
        page_url = f"/g/{group.slug}/sessions/{number}/"
        pdf_url = f"{page_url}minutes.pdf"
        client.get(page_url)
        page_seconds, response = timed(lambda url=page_url: client.get(url), repeat)
        assert response.status_code == 200, response.status_code
        began = time.perf_counter()
        first = client.get(pdf_url)
        first_seconds = time.perf_counter() - began
        assert first.status_code == 202, (
            f"the first download should wait for the worker, not {first.status_code}"
        )
        layout_seconds = run_queued_documents()
        repeated_seconds, response = timed(lambda url=pdf_url: client.get(url), repeat)
        assert response.status_code == 200 and response.getvalue().startswith(b"%PDF"), response.status_code
        meeting = Meeting.objects.get(working_group=group, number=number)
        html = minutes_pdf_html(reading_for(access_for(_user("dabir"), group), meeting))
        chromium = chromium_seconds(html, max(3, repeat // 2))
        rows.append(
            f"| {label} | {page_seconds * 1000:.1f} | {first_seconds * 1000:.1f} | {layout_seconds:.2f} "
            f"| {repeated_seconds * 1000:.1f} | {'–' if chromium is None else f'{chromium:.2f}'} |"
        )
    return rows


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def finalize_row(group) -> str:
    from meetings.models import Meeting, MinutesRevision
    from meetings.signing import actions as signing_actions
    from secretariat.access import access_for

    meeting = Meeting.objects.get(working_group=group, number=LARGE_SESSION)
    signing_actions.circulate(access_for(_user("dabir"), group), meeting)
    for username in ("tehran", "esfahan"):
        signing_actions.sign(access_for(_user(username), group), Meeting.objects.get(pk=meeting.pk))
    client = client_for("dabir")
    began = time.perf_counter()
    response = client.post(f"/g/{group.slug}/sessions/{LARGE_SESSION}/finalize/")
    request_seconds = time.perf_counter() - began
    assert response.status_code == 302, response.status_code
    revision = MinutesRevision.objects.get(meeting=meeting, finalized_at__isnull=False)
    assert not revision.pdf, "the request should have left the PDF to the worker"
    worker_seconds = run_queued_documents()
    revision.refresh_from_db()
    assert revision.pdf and revision.sealed
    return (
        f"Finalizing the signed {LARGE_SIZE}-resolution session: the request answered in "
        f"{request_seconds * 1000:.0f} ms; the worker then rendered and sealed the PDF in {worker_seconds:.2f} s."
    )


def start_worker(environment: dict[str, str], log_file) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env={**os.environ, **environment},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=20, help="seconds per load phase (default 20)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--server-url", default=f"postgres://postgres@{HOST}:5432")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="secretariat-documents-") as directory:
        directory = Path(directory)
        postgres_version = recreate_database(options.server_url, DATABASE)
        environment = environment_for(options, directory)
        server = worker = None
        try:
            set_up_django(environment)
            from django.test.utils import setup_test_environment

            setup_test_environment()  # the test client, in this process only
            group = add_large_session()
            lines = [
                f"machine: {machine()}",
                f"PostgreSQL {postgres_version}, DEBUG=False, TASKS_BACKEND=database",
                "",
            ]
            progress("documents: page, first and repeated PDF, Chromium")
            lines += documents_table(group, options.repeat)
            lines += ["", finalize_row(group), ""]

            log_path = directory / "server.log"
            with log_path.open("w") as log_file:
                progress(f"starting gunicorn on {HOST}:{options.port} and the worker")
                server = start_server({**os.environ, **environment}, options.port, log_file)
                worker = start_worker(environment, log_file)
                logins = ["dabir", "tehran", "esfahan"]
                users = [
                    SimulatedUser(logins[n % len(logins)], options.port, 30) for n in range(options.users)
                ]
                log_in_all(users)
                seed = f"/g/{group.slug}/sessions/12/"
                phases = []
                for pages in (
                    {"minutes page (seed)": seed},
                    {"stored minutes PDF (seed)": f"{seed}minutes.pdf"},
                    {"static file (app.css, WhiteNoise)": "/static/css/app.css"},
                ):
                    progress(f"{options.duration:g} s of {', '.join(pages)} with {len(users)} users")
                    boots = worker_boots(log_path)
                    samples, elapsed, per_user = run_phase(users, pages, options.duration)
                    phases.append(
                        Phase(pages, samples, elapsed, worker_boots(log_path) - boots, 0.0, per_user)
                    )
            lines += [
                f"{options.users} users on gunicorn (2 workers × 4 threads) with the worker running, "
                f"{options.duration:g} s per row:",
                "",
                "| page | requests | req/s | mean ms | p50 ms | p95 ms | max ms | errors |",
                "|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for phase in phases:
                (label,) = phase.pages
                lines.append(table_row(label, phase.samples, phase.elapsed))
            print("\n".join(lines))
            errors = sum(1 for phase in phases for sample in phase.samples if sample.error)
            if errors:
                sys.exit(f"{errors} errors")
        finally:
            for process in (worker, server):
                if process is not None:
                    stop_server(process)
            from django.db import connections

            connections.close_all()
            drop_database(options.server_url, DATABASE)
            progress(f"dropped the database {DATABASE}")


if __name__ == "__main__":
    main()
