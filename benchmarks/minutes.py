"""Benchmark of the minutes: HTML server time, PDF render time, pages per second, memory peak.

    .venv/bin/python benchmarks/minutes.py [--repeat N]

Builds a throw-away SQLite database, loads the demo (the 12th session, 8 resolutions) and
generated sessions of 25 to 200 resolutions, then times the minutes page through Django's full
request stack (production settings) and the PDF through WeasyPrint. Not a test: the figures are written
down in benchmarks/README.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import tracemalloc
from pathlib import Path

from common import https_client, machine, setup_django, timed  # benchmarks/ is not a package: run by path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(f"sqlite:///{Path(directory) / 'benchmark.sqlite3'}", Path(directory))
        from io import BytesIO

        from django.contrib.auth import get_user_model
        from django.test.utils import setup_test_environment
        from pypdf import PdfReader

        from meetings.demo import load_demo
        from meetings.minutes.document import minutes_view
        from meetings.minutes.pdf import render_minutes_pdf
        from meetings.models import Meeting
        from tests.sample_data import add_sample_resolutions

        setup_test_environment()
        group = load_demo()
        sizes = (25, 50, 100, 200)
        for size in sizes:
            generated = Meeting.objects.create(
                working_group=group, number=1000 + size, status=Meeting.Status.HELD, city="تبریز"
            )
            add_sample_resolutions(generated, size)
        client = https_client()
        client.force_login(get_user_model().objects.get(username="dabir"))

        print(f"machine: {machine()}")
        print(
            f"{'session':<22}{'HTML ms':>9}{'PDF s':>8}{'pages':>7}{'pages/s':>9}{'ms/page':>9}{'PDF peak MiB':>14}"
        )
        cases = [("seed (8 resolutions)", 12)] + [(f"{size} resolutions", 1000 + size) for size in sizes]
        for label, number in cases:
            url = f"/g/{group.slug}/sessions/{number}/"
            client.get(url)  # warm caches and templates
            # Made afresh (a forced reload), not the answer kept for the reader (secretariat.read_cache).
            html_seconds, response = timed(
                lambda url=url: client.get(url, HTTP_CACHE_CONTROL="no-cache"), options.repeat
            )
            assert response.status_code == 200, response.status_code
            meeting = Meeting.objects.get(working_group=group, number=number)
            render_minutes_pdf(minutes_view(meeting))
            pdf_seconds, pdf = timed(
                lambda meeting=meeting: render_minutes_pdf(minutes_view(meeting)), options.repeat
            )
            pages = len(PdfReader(BytesIO(pdf)).pages)
            tracemalloc.start()
            render_minutes_pdf(minutes_view(meeting))
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{label:<22}{html_seconds * 1000:>9.1f}{pdf_seconds:>8.2f}{pages:>7}{pages / pdf_seconds:>9.1f}"
                f"{pdf_seconds / pages * 1000:>9.0f}{peak / 2**20:>14.1f}"
            )
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"process memory peak (max RSS): {max_rss:.0f} MiB")


if __name__ == "__main__":
    main()
