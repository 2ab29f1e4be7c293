"""Side by side: the pages people read and ``/healthz`` under the same load, in one run.

    .venv/bin/python benchmarks/side_by_side.py                      # a throw-away SQLite file
    .venv/bin/python benchmarks/side_by_side.py --postgres            # a database of its own on 127.0.0.1

Sets up a database with the demo (production settings, ``DEBUG=False``), starts gunicorn with
``gunicorn.conf.py`` (2 workers × 4 threads), signs the secretary in and has ``wrk`` (Debian's
``wrk``) hold 50 connections on one URL at a time for ``--duration`` seconds each: ``/healthz``
first, then the home page, the group page, the 12th session's minutes page, its stored (signed)
PDF, its Word file, the tracker, the committees and the API's resolutions list (with a member's
demo token), then ``/healthz`` again. Each URL is asked
once before its run (what is made once is made then; ``manage.py db_worker`` runs beside the
server, as in production, and makes the signed PDF) and must answer 200. Prints requests per
second, each URL's ratio to the first ``/healthz``, latency percentiles and the requests that
took longer than 2 s (``wrk --timeout 2s`` counts them as timeouts). Targets (#24): the minutes
page, the stored PDF and the home page at 0.25× ``/healthz`` or more, with none over 2 s.
Not a test: the figures go into benchmarks/README.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import load  # benchmarks/ is not a package: run by path
from common import machine

HEALTHZ = "/healthz"
GROUP, SESSION = load.GROUP, load.SESSION_NUMBER
URLS = {
    "/healthz": HEALTHZ,
    "home": "/",
    "group page": f"/g/{GROUP}/",
    "minutes page": f"/g/{GROUP}/sessions/{SESSION}/",
    "stored PDF": f"/g/{GROUP}/sessions/{SESSION}/minutes.pdf",
    "Word file": f"/g/{GROUP}/sessions/{SESSION}/minutes.docx",
    "tracker": f"/g/{GROUP}/resolutions/",
    "committees": f"/g/{GROUP}/committees/",
    "API: resolutions": f"/api/v1/groups/{GROUP}/resolutions/",
    "/healthz again": HEALTHZ,
}
# The API is read with a member organization's demo token (no session cookie); its rate limit is
# lifted for the run (``API_RATE``), or most of wrk's calls would answer 429.
API_TOKEN = next(iter(load.demo_facts.API_TOKENS))
API_RATE = "100000000/min"
TARGETED = ("home", "minutes page", "stored PDF")
SETUP = [
    ["migrate", "--noinput"],
    ["collectstatic", "--noinput"],
    ["make_seal_certificate", "--if-missing"],
    ["load_demo", "--force"],
]


@dataclass
class Run:
    requests_per_second: float
    requests: int
    p50: str
    p99: str
    over_2s: int
    failed: int


def wrk(url: str, header: str, *, connections: int, threads: int, duration: float) -> Run:
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration:g}s",
            "--timeout",
            "2s",
            "--latency",
            "-H",
            header,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout

    def number(pattern: str, default: str = "0") -> str:
        found = re.search(pattern, output)
        return found.group(1) if found else default

    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failed = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    if errors:
        failed += int(errors.group(1)) + int(errors.group(2)) + int(errors.group(3))
    return Run(
        requests_per_second=float(number(r"Requests/sec:\s+([\d.]+)")),
        requests=int(number(r"(\d+) requests in")),
        p50=number(r"(?m)^\s+50%\s+(\S+)", "-"),
        p99=number(r"(?m)^\s+99%\s+(\S+)", "-"),
        over_2s=int(errors.group(4)) if errors else 0,
        failed=failed,
    )


def _api_status(port: int, path: str) -> int:
    request = urllib.request.Request(
        f"http://{load.HOST}:{port}{path}", headers={"Authorization": f"Bearer {API_TOKEN}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    parser.add_argument("--server-url", default=f"postgres://postgres@{load.HOST}:5432")
    parser.add_argument("--database", default="secretariat_side_by_side")
    parser.add_argument("--duration", type=float, default=15, help="seconds per URL (default 15)")
    parser.add_argument("--connections", type=int, default=50, help="open connections (default 50)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk's threads (default 2)")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--conn-max-age", type=int, default=60)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    if options.postgres and (
        options.database in load.PROTECTED_DATABASES or not re.fullmatch(r"[a-z][a-z0-9_]*", options.database)
    ):
        sys.exit(f"refusing to use the database {options.database!r}")

    with tempfile.TemporaryDirectory(prefix="secretariat-side-") as scratch:
        directory = Path(scratch)
        environment = load.server_environment(options, directory)
        environment["API_RATE"] = API_RATE
        if options.postgres:
            vendor = f"PostgreSQL {load.recreate_database(options.server_url, options.database)}"
        else:
            environment["DATABASE_URL"] = f"sqlite:///{directory / 'side.sqlite3'}"
            vendor = "SQLite"
        server = worker = None
        try:
            for command in SETUP:
                load.progress(f"manage.py {' '.join(command)}")
                subprocess.run(
                    [sys.executable, "manage.py", *command],
                    cwd=load.ROOT,
                    env=environment,
                    capture_output=True,
                    check=True,
                    timeout=load.SETUP_COMMAND_TIMEOUT,
                )
            log_path = directory / "gunicorn.log"
            with log_path.open("w") as log_file:
                server = load.start_server(environment, options.port, log_file)
                # The worker makes the signed PDF the demo queued, as in production.
                worker = subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker", "--interval", "1"],
                    cwd=load.ROOT,
                    env=environment,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
                secretary = load.SimulatedUser("dabir", options.port, 30)
                secretary.log_in(load.demo_facts.DEMO_PASSWORD)
                cookie = "; ".join(f"{name}={value}" for name, value in secretary.cookies.items())
                for label, path in URLS.items():  # made once here, and each must be a 200
                    status = 0
                    for _attempt in range(120):
                        status = (
                            _api_status(options.port, path)
                            if path.startswith("/api/")
                            else secretary.request("GET", path)[0]
                        )
                        if status != 202:  # "being made": the worker is at it
                            break
                        time.sleep(1)
                    if status != 200:
                        sys.exit(f"{label} ({path}) answered {status}")
                secretary.close()
                runs = {}
                for label, path in URLS.items():
                    load.progress(f"{options.duration:g} s of {label} ({path})")
                    runs[label] = wrk(
                        f"http://{load.HOST}:{options.port}{path}",
                        f"Authorization: Bearer {API_TOKEN}"
                        if path.startswith("/api/")
                        else f"Cookie: {cookie}",
                        connections=options.connections,
                        threads=options.wrk_threads,
                        duration=options.duration,
                    )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
            if server is not None:
                load.stop_server(server)
            if options.postgres:
                load.drop_database(options.server_url, options.database)

    print(f"\nmachine: {machine()}")
    print(
        f"{vendor}; gunicorn {options.workers} workers × {options.threads} threads; wrk {options.wrk_threads} "
        f"threads, {options.connections} connections, {options.duration:g} s per URL, signed in as the secretary\n"
    )
    healthz = runs["/healthz"].requests_per_second
    print("| URL | req/s | ratio to `/healthz` | p50 | p99 | over 2 s | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, run in runs.items():
        ratio = run.requests_per_second / healthz if healthz else 0
        print(
            f"| {label} (`{URLS[label]}`) | {run.requests_per_second:.0f} | {ratio:.2f} | {run.p50} | "
            f"{run.p99} | {run.over_2s} | {run.failed} |"
        )
    missed = [
        label
        for label in TARGETED
        if runs[label].requests_per_second < 0.25 * healthz or runs[label].over_2s or runs[label].failed
    ]
    print("\ntargets met" if not missed else f"\nTARGETS MISSED: {', '.join(missed)}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
