"""Benchmark of the archive's search among 20 groups' worth of data (#27).

    .venv/bin/python benchmarks/search.py [--repeat 7] [--database-url postgres://...]

Loads the demo, generates the data of ``benchmarks/scale.py`` around it (20 working groups, 600
sessions, 12,000 resolutions, 50,000 follow-ups: ``tests/scale_data.py``), makes the search index
once (timed), then times ``GET /search/?q=…`` through Django's whole request stack (production
settings, test client, session login) for the secretary and for a member organization's user,
for a rare word, a common word and a phrase of two words, across every group the user has a role
in. Median and max of ``--repeat``, and the queries of one search. Target (#27): a search answers
within 200 ms on SQLite and on PostgreSQL. Not a test: the figures go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import https_client, machine, setup_django  # benchmarks/ is not a package: run by path
from scale import scratch_database

QUERIES = {"a rare word": "گلخانه", "a common word": "گزارش", "two words": "کمیته حقوقی"}
USERS = {"secretary": "dabir", "member": "tehran"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, scratch_database(options.database_url) as database_url:
        setup_django(database_url, Path(scratch))
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from archive import index
        from archive.search import search
        from meetings.demo import load_demo
        from meetings.models import Meeting
        from resolutions.models import Resolution
        from secretariat.access import groups_for_user
        from secretariat.models import WorkingGroup
        from tests.scale_data import ScaleGenerator

        group = load_demo()
        generated = ScaleGenerator(group).run()
        # The rare word, in a draft: the secretary finds it, a member does not.
        draft = Meeting.objects.create(working_group=group, number=900, status=Meeting.Status.HELD)
        Resolution.objects.create(
            meeting=draft, number=1, text="ساخت گلخانه نمونه در میدان مرکزی", responsible_kind="secretariat"
        )
        started = time.perf_counter()
        sessions = index.refresh(WorkingGroup.objects.values_list("pk", flat=True), force=True)
        indexing = time.perf_counter() - started
        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}; generated: {generated}")
        print(f"index made once: {sessions} sessions in {indexing:.1f} s\n")
        print("| user | query | median ms | max ms | results | queries |")
        print("|---|---|---:|---:|---:|---:|")
        for label, username in USERS.items():
            client = https_client()
            client.force_login(get_user_model().objects.get(username=username))
            for name, query in QUERIES.items():
                client.get("/search/", {"q": query})  # warm
                seconds = []
                for _ in range(options.repeat):
                    started = time.perf_counter()
                    response = client.get("/search/", {"q": query})
                    seconds.append(time.perf_counter() - started)
                    assert response.status_code == 200
                with CaptureQueriesContext(connection) as queries:
                    response = client.get("/search/", {"q": query})
                count = search(groups_for_user(get_user_model().objects.get(username=username)), query)[1]
                print(
                    f"| {label} | {name} («{query}») | {statistics.median(seconds) * 1000:.0f} | "
                    f"{max(seconds) * 1000:.0f} | {count} | {len(queries)} |"
                )


if __name__ == "__main__":
    main()
