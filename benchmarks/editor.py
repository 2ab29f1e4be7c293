"""Benchmark of the minutes editor: opening and saving a long session.

    .venv/bin/python benchmarks/editor.py [--resolutions 40] [--repeat 5] [--database-url postgres://...]

Loads the demo into a throw-away database (SQLite; or, with ``--database-url``, a PostgreSQL
database of its own, ``<name>_editor``, created and dropped), adds a held session of
``--resolutions`` resolutions (each with collaborators, a committee and a follow-up,
``tests/sample_data.py``) and the 12th session's attendance, then times through Django's whole
request stack (production settings, the secretary signed in): opening the editor (``GET
/edit/``), saving it unchanged, saving it with one resolution's text changed, and saving it with
every resolution's text changed; opening is timed with every row drawn (as after a restart), after one
resolution changed (the other rows are kept, ``secretariat.templatetags.rows``) and again. Each save posts the form as the browser would (read from the
page just opened). Medians of ``--repeat``. Target (#24): opening and saving 40 resolutions each
within 1 s of server time. Not a test: the figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from common import https_client, machine, setup_django  # benchmarks/ is not a package: run by path
from scale import scratch_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolutions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch, scratch_database(options.database_url) as database_url:
        setup_django(database_url, Path(scratch))
        from django.contrib.auth import get_user_model
        from django.db import connection

        from meetings.demo import load_demo
        from meetings.models import Attendance, Meeting
        from tests.forms_helper import read_form
        from tests.sample_data import add_sample_resolutions

        group = load_demo()
        meeting = Meeting.objects.create(
            working_group=group, number=40, status=Meeting.Status.HELD, city="تبریز", venue="تالار شهر"
        )
        seed = Meeting.objects.get(working_group=group, number=12)
        for attendance in seed.attendances.order_by("order", "pk"):
            Attendance.objects.create(
                meeting=meeting,
                person=attendance.person,
                organization=attendance.organization,
                kind=attendance.kind,
                order=attendance.order,
            )
        add_sample_resolutions(meeting, options.resolutions)
        client = https_client()
        client.force_login(get_user_model().objects.get(username="dabir"))
        url = f"/g/{group.slug}/sessions/{meeting.number}/edit/"

        def open_editor():
            started = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            return seconds, read_form(response.content.decode(), "minutes-editor")

        def save(change) -> float:
            _, form = open_editor()
            change(form)
            started = time.perf_counter()
            # As the browser posts it: the editor's form is URL-encoded (no file in it).
            response = client.post(
                url, urlencode(form, doseq=True), content_type="application/x-www-form-urlencoded"
            )
            seconds = time.perf_counter() - started
            assert response.status_code == 302, (response.status_code, response.content[:2000])
            return seconds

        def unchanged(form) -> None:
            pass

        counter = [0]

        def one_text(form) -> None:
            counter[0] += 1
            form["resolutions-0-text"] = f"{form['resolutions-0-text']} ({counter[0]})"

        def every_text(form) -> None:
            counter[0] += 1
            for index in range(options.resolutions):
                name = f"resolutions-{index}-text"
                form[name] = f"{form[name]} ({counter[0]})"

        def open_after_one_change() -> float:
            save(one_text)
            return open_editor()[0]

        def open_anew() -> float:
            from secretariat.templatetags.rows import kept_rows

            kept_rows.entries.clear()  # as after a restart: every row drawn
            return open_editor()[0]

        open_editor()  # templates warm
        cases = {
            "open the editor, every row drawn": open_anew,
            "open the editor after one resolution changed": open_after_one_change,
            "open the editor again": lambda: open_editor()[0],
            "save unchanged": lambda: save(unchanged),
            "save, one resolution changed": lambda: save(one_text),
            f"save, all {options.resolutions} resolutions changed": lambda: save(every_text),
        }
        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}; a session of {options.resolutions} resolutions")
        print("| step | median ms | max ms |")
        print("|---|---:|---:|")
        for label, step in cases.items():
            seconds = [step() for _ in range(options.repeat)]
            print(f"| {label} | {statistics.median(seconds) * 1000:.0f} | {max(seconds) * 1000:.0f} |")


if __name__ == "__main__":
    main()
