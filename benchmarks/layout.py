"""Benchmark of layout time against long unbroken text: a venue of 500, 2,000 and 20,000 characters.

    .venv/bin/python benchmarks/layout.py [--repeat N]

A one-line field longer than a line (an archive imported whole, a value pasted without spaces)
once made WeasyPrint's layout explode: 7.8 s for 500 characters, 48 s for 2,000, more than 45
minutes for 20,000. The PDFs now break long words anywhere; this script times the seed's minutes
and an invitation letter with a venue of each length, in one run, and prints how much each costs
beside the same document with its usual venue. Target: 20,000 characters within 2x of 2,000.
Not a test: the figures are written down in benchmarks/README.md with the machine.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import machine, setup_django, timed  # benchmarks/ is not a package: run by path

LENGTHS = (0, 500, 2_000, 20_000)
WORD = "تالارهمایشهایسازمانمیادین"  # letters with no space between them: one "word"


def venue_of(length: int) -> str:
    return (WORD * (length // len(WORD) + 1))[:length] if length else "تالار شورای شهر"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(f"sqlite:///{Path(directory) / 'benchmark.sqlite3'}", Path(directory))
        from io import BytesIO

        from django.test.utils import setup_test_environment
        from pypdf import PdfReader

        from meetings.demo import load_demo
        from meetings.minutes.document import minutes_view
        from meetings.minutes.pdf import render_minutes_pdf
        from meetings.models import Meeting
        from meetings.planning.invitation import invitation_html
        from secretariat.pdf import html_to_pdf

        setup_test_environment()
        group = load_demo()
        Meeting.objects.filter(working_group=group, number=12).update(
            status=Meeting.Status.HELD
        )  # a draft again
        seed = Meeting.objects.get(working_group=group, number=12)
        planned = Meeting.objects.get(working_group=group, number=13)
        print(f"machine: {machine()}")
        print(
            f"{'venue characters':>17}{'minutes s':>11}{'pages':>7}{'ms/page':>9}"
            f"{'invitation s':>14}{'pages':>7}{'ms/page':>9}"
        )
        results = {}
        for length in LENGTHS:
            venue = venue_of(length)
            Meeting.objects.filter(pk__in=[seed.pk, planned.pk]).update(
                venue=venue
            )  # as the importer keeps it
            seed.refresh_from_db()
            planned.refresh_from_db()
            minutes_seconds, minutes_pdf = timed(
                lambda: render_minutes_pdf(minutes_view(seed)), options.repeat
            )
            letter_seconds, letter_pdf = timed(
                lambda: html_to_pdf(invitation_html(planned, None)), options.repeat
            )
            results[length] = (minutes_seconds, letter_seconds)
            minutes_pages = len(PdfReader(BytesIO(minutes_pdf)).pages)
            letter_pages = len(PdfReader(BytesIO(letter_pdf)).pages)
            print(
                f"{length:>17,}{minutes_seconds:>11.2f}{minutes_pages:>7}{minutes_seconds / minutes_pages * 1000:>9.0f}"
                f"{letter_seconds:>14.2f}{letter_pages:>7}{letter_seconds / letter_pages * 1000:>9.0f}"
            )
        long, usual = results[20_000], results[2_000]
        print(
            f"20,000 against 2,000 characters: minutes {long[0] / usual[0]:.2f}x, invitation {long[1] / usual[1]:.2f}x"
        )


if __name__ == "__main__":
    main()
