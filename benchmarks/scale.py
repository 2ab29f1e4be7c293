"""Benchmark at scale: the group's pages on the demo data and again among 20 groups' worth of data.

    .venv/bin/python benchmarks/scale.py [--repeat N] [--database-url postgres://...]

Loads the demo (the 12th session), times the dashboard, committee matrix, tracker (first page)
and the 12th session's minutes for a secretariat user and a member organization's user, then
generates 20 working groups, 100 organizations, 600 sessions, 12,000 resolutions and 50,000
follow-ups around it and times the same pages again. Times are server times through Django's
whole request stack (test client, session login), median of the repeats; query counts are exact.
The target: every page within 2x of its demo time, with the same number of queries.

Without ``--database-url`` a throw-away SQLite file is used; with one (PostgreSQL), the script
creates and drops a database of its own next to it (``<name>_scale``), never the one named.
Not a test: the figures are written down in benchmarks/README.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import https_client, machine, setup_django, timed  # benchmarks/ is not a package: run by path

PAGES = {
    "dashboard": "/g/{slug}/",
    "committee matrix": "/g/{slug}/committees/",
    "tracker, first page": "/g/{slug}/resolutions/",
    "minutes of session 12": "/g/{slug}/sessions/12/",
}
USERS = {"secretariat": "dabir", "member": "tehran"}


@contextmanager
def scratch_database(database_url: str | None):
    """A database of our own, migrated: a temporary SQLite file or a PostgreSQL database we drop."""
    if not database_url:
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'scale.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") + "_scale"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')


@dataclass
class PageMeasure:
    seconds: float  # median server time
    queries: list[str]  # the shapes of one request's SQL


def query_shape(sql: str) -> str:
    """The SQL without its values, so that the same query on other rows compares equal."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\bIN \([^()]*\)", "IN (...)", sql)
    return re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)


def measure_pages(slug: str, repeat: int) -> dict[tuple[str, str], PageMeasure]:
    """(role, page) → its time and queries, for every page and role."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(client, url):
        # Made afresh (a forced reload): what grows with the data is the making, not the kept answer.
        response = client.get(url, HTTP_CACHE_CONTROL="no-cache")
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} {response.get('Location', '')}")
        return response

    results = {}
    for role, username in USERS.items():
        client = https_client()
        client.force_login(get_user_model().objects.get(username=username))
        for page, pattern in PAGES.items():
            url = pattern.format(slug=slug)
            get(client, url)  # warm templates and caches
            with CaptureQueriesContext(connection) as captured:
                get(client, url)
            # Read now: later requests reset the connection's log.
            queries = [query_shape(query["sql"]) for query in captured.captured_queries]
            seconds, _ = timed(lambda url=url, client=client: get(client, url), repeat)
            results[(role, page)] = PageMeasure(seconds, queries)
    return results


def print_comparison(before, after) -> bool:
    """The comparison as a Markdown table, and the queries that differ; whether all kept within 2x."""
    print("| user | page | demo ms | demo queries | scale ms | scale queries | ratio |")
    print("|---|---|---:|---:|---:|---:|---:|")
    within = True
    for key, demo in before.items():
        scaled = after[key]
        ratio = scaled.seconds / demo.seconds
        within = within and ratio <= 2
        print(
            f"| {key[0]} | {key[1]} | {demo.seconds * 1000:.1f} | {len(demo.queries)}"
            f" | {scaled.seconds * 1000:.1f} | {len(scaled.queries)} | {ratio:.2f}x |"
        )
    for key, demo in before.items():
        if demo.queries != after[key].queries:
            print(f"\nqueries that differ for {key[0]} / {key[1]}:")
            for line in difflib.unified_diff(
                demo.queries, after[key].queries, "demo", "scale", lineterm="", n=0
            ):
                print("  " + line[:200])
    return within


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=os.getenv("SCALE_DATABASE_URL"))
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch, scratch_database(options.database_url) as database_url:
        setup_django(database_url, Path(scratch))
        from django.db import connection
        from django.test.utils import setup_test_environment

        from meetings.demo import load_demo
        from tests.scale_data import ScaleGenerator

        setup_test_environment()
        group = load_demo()
        print(f"machine: {machine()}")
        print(f"database: {connection.vendor}")
        before = measure_pages(group.slug, options.repeat)
        start = time.perf_counter()
        counts = ScaleGenerator(group).run()
        print(f"generated in {time.perf_counter() - start:.0f} s: {counts}")
        after = measure_pages(group.slug, options.repeat)
        within = print_comparison(before, after)
        print("\nevery page within 2x of its demo time" if within else "\nSOME PAGES ARE SLOWER THAN 2x")
        sys.exit(0 if within else 1)


if __name__ == "__main__":
    main()
