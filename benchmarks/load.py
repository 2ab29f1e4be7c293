"""Load benchmark: concurrent users browsing the group's pages against gunicorn on PostgreSQL.

    .venv/bin/python benchmarks/load.py [--users 50] [--duration 60] [--port 8765] [--workers 2]
                                        [--database secretariat_bench] [--keep-database]

Creates a PostgreSQL database of its own (dropped first if it exists, dropped again at the end
unless ``--keep-database``), migrates it, collects the static files into a temporary directory,
loads the demo and starts gunicorn with ``gunicorn.conf.py`` in production mode (DEBUG=False) on
127.0.0.1. Then ``--users`` simulated users, one thread and one keep-alive connection each, log
in (staff and member users in turn) and request the dashboard, the 12th session's minutes, the
committee matrix and the resolution tracker one after the other for ``--duration`` seconds; a
second phase of the same length sends the same users to ``/healthz``, a trivial view on the same
server, for comparison. Prints a Markdown table for benchmarks/README.md: requests, throughput,
p50/p95/max latency and errors per page. An error is any status other than 200 (a redirect to
the login page included), an exception or a timeout; the exit status is 1 if there was any.
``--conn-max-age`` sets DB_CONN_MAX_AGE (default 60, as the production settings; 0 opens a
database connection per request) to compare persistent database connections.

Not a test: the load generator runs on the same machine as the server, so run it on an idle
machine and write the figures down with the machine they came from.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

from common import machine  # benchmarks/ is not a package: run by path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from meetings import demo_facts  # noqa: E402  (plain data: the demo's slug, session, users, password)

HOST = "127.0.0.1"
GROUP = demo_facts.WORKING_GROUP["slug"]
SESSION_NUMBER = demo_facts.SEED_SESSION_NUMBER
PAGES = {
    "dashboard": f"/g/{GROUP}/",
    "minutes": f"/g/{GROUP}/sessions/{SESSION_NUMBER}/",
    "committee matrix": f"/g/{GROUP}/committees/",
    "tracker": f"/g/{GROUP}/resolutions/",
}
TRIVIAL_PAGES = {"healthz (trivial view)": "/healthz"}
LOGIN_PATH = "/accounts/login/"
SECRET_KEY = "load-benchmark-only-secret-key-never-used-elsewhere-0123456789-abcdefghijklmnopqrstuvwxyz"
# Databases the benchmark must never drop: the server's own and the test suite's.
PROTECTED_DATABASES = {"postgres", "template0", "template1", "test"}
SETUP_COMMANDS = [
    ["migrate", "--noinput"],
    ["collectstatic", "--noinput"],
    ["load_demo", "--force"],  # --force: DEBUG is off, and these demo users are what we want
]
SETUP_COMMAND_TIMEOUT = 600
SERVER_START_TIMEOUT = 60
LOGIN_TIMEOUT = 600
SERVER_STOP_TIMEOUT = 40  # gunicorn.conf.py has graceful_timeout = 30


@dataclass
class Sample:
    page: str
    seconds: float
    error: str | None


@dataclass
class Phase:
    pages: dict[str, str]
    samples: list[Sample]
    elapsed: float
    worker_boots: int  # gunicorn replacing a worker (max_requests or a crash) during the phase
    client_cpu: float  # CPU seconds of this process (the load generator) during the phase
    requests_per_user: list[int]  # how evenly the server shared itself among the users


@dataclass
class SimulatedUser:
    """One browser: its own keep-alive connection and cookies, one request at a time."""

    username: str
    port: int
    timeout: float
    cookies: dict[str, str] = field(default_factory=dict)
    samples: list[Sample] = field(default_factory=list)
    reconnects: int = 0
    connection: http.client.HTTPConnection | None = None
    requests_on_connection: int = 0

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = None
        self.requests_on_connection = 0

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send one request; retry once if a reused keep-alive connection was closed by the server.

        Browsers do the same: the server may close an idle connection (keep-alive timeout, worker
        restart after max_requests) just as the next request leaves, before reading any of it.
        """
        headers = dict(headers or {})
        if self.cookies:
            # The cookies are "Secure" in production mode; a browser would not send them over
            # plain HTTP, but the server does not check, so the benchmark sends them on loopback.
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        while True:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            reused = self.requests_on_connection > 0
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if not reused:
                    raise
                self.reconnects += 1
                continue
            except Exception:
                self.close()
                raise
            self.requests_on_connection += 1
            if response.will_close:
                self.close()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.headers, content

    def log_in(self, password: str) -> None:
        status, _, content = self.request("GET", LOGIN_PATH)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or match is None:
            raise RuntimeError(f"{self.username}: GET {LOGIN_PATH} answered {status} without a CSRF token")
        form = {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": self.username,
            "password": password,
            "next": PAGES["dashboard"],
        }
        status, headers, _ = self.request(
            "POST",
            LOGIN_PATH,
            body=urlencode(form),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://{HOST}:{self.port}",
            },
        )
        if status != 302 or headers.get("Location") != PAGES["dashboard"]:
            raise RuntimeError(f"{self.username}: login answered {status} {headers.get('Location')!r}")
        status, _, _ = self.request("GET", PAGES["dashboard"])
        if status != 200:
            raise RuntimeError(f"{self.username}: dashboard after login answered {status}")

    def browse(
        self, pages: list[tuple[str, str]], first: int, start: threading.Barrier, deadline: list
    ) -> None:
        """Request the pages in turn, starting with ``pages[first]``, until the deadline."""
        start.wait()
        index = first
        while time.perf_counter() < deadline[0]:
            label, path = pages[index % len(pages)]
            index += 1
            began = time.perf_counter()
            try:
                status, headers, _ = self.request("GET", path)
                if status == 200:
                    error = None
                elif LOGIN_PATH in (headers.get("Location") or ""):
                    error = f"{status} redirect to the login page"
                else:
                    error = f"status {status}"
            except Exception as exception:  # a timeout or a broken connection: an error, go on
                error = f"{type(exception).__name__}: {exception}"
            self.samples.append(Sample(label, time.perf_counter() - began, error))


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def table_row(label: str, samples: list[Sample], elapsed: float) -> str:
    seconds = sorted(sample.seconds for sample in samples)
    errors = sum(1 for sample in samples if sample.error)
    if not seconds:
        return f"| {label} | 0 | 0.0 | – | – | – | – | 0 |"
    return (
        f"| {label} | {len(seconds)} | {len(seconds) / elapsed:.1f} | {statistics.fmean(seconds) * 1000:.0f}"
        f" | {percentile(seconds, 0.5) * 1000:.0f} "
        f"| {percentile(seconds, 0.95) * 1000:.0f} | {seconds[-1] * 1000:.0f} | {errors} |"
    )


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def admin_connection(server_url: str):
    import psycopg

    return psycopg.connect(f"{server_url}/postgres", autocommit=True)


def recreate_database(server_url: str, name: str) -> str:
    """Drop and create the benchmark database; the server's version, for the report."""
    from psycopg import sql

    with admin_connection(server_url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def drop_database(server_url: str, name: str) -> None:
    from psycopg import sql

    with admin_connection(server_url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def server_environment(options, directory: Path) -> dict[str, str]:
    """Only what the settings need, so that nothing from the caller's shell changes the setup."""
    inherited = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "secretariat.settings",
        "DEBUG": "False",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": f"{options.server_url}/{options.database}",
        "DB_CONN_MAX_AGE": str(options.conn_max_age),
        "SITE_URL": f"http://{HOST}:{options.port}",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(directory / "static"),
        "MEDIA_ROOT": str(directory / "media"),
        "SEAL_PKCS12_PATH": str(directory / "seal" / "seal.p12"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "GUNICORN_BIND": f"{HOST}:{options.port}",
        "GUNICORN_WORKERS": str(options.workers),
        "GUNICORN_THREADS": str(options.threads),
    }


def set_up(environment: dict[str, str]) -> None:
    for command in SETUP_COMMANDS:
        progress(f"manage.py {' '.join(command)}")
        completed = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=SETUP_COMMAND_TIMEOUT,
        )
        if completed.returncode != 0:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{completed.stdout}\n{completed.stderr}")


def port_in_use(port: int) -> bool:
    try:
        socket.create_connection((HOST, port), timeout=2).close()
    except OSError:
        return False
    return True


def start_server(environment: dict[str, str], port: int, log_file) -> subprocess.Popen:
    if port_in_use(port):  # another server would answer /healthz and be measured instead
        raise RuntimeError(f"something already listens on {HOST}:{port}: pick another --port")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        # The access log of gunicorn.conf.py is kept (it costs what it costs in production) but
        # thrown away; the error log, with Django's tracebacks, goes to the log file.
        [str(gunicorn), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null", "secretariat.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return server
            connection.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"/healthz did not answer 200 within {SERVER_START_TIMEOUT} s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.terminate()  # SIGTERM: gunicorn's graceful shutdown of its workers
    try:
        server.wait(timeout=SERVER_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # its own session: the master and its workers only
        server.wait()


def run_phase(
    users: list[SimulatedUser], pages: dict[str, str], duration: float
) -> tuple[list[Sample], float, list[int]]:
    """Every user browses ``pages`` for ``duration`` seconds: the samples, elapsed time, requests per user."""
    for user in users:
        user.close()  # connections idle since the last phase may have been closed by the server
        user.samples = []
    page_list = list(pages.items())
    start = threading.Barrier(len(users) + 1)
    deadline = [math.inf]
    threads = [
        threading.Thread(target=user.browse, args=(page_list, number, start, deadline), daemon=True)
        for number, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + duration
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    for user in users:
        user.close()
    samples = [sample for user in users for sample in user.samples]
    return samples, elapsed, sorted(len(user.samples) for user in users)


def worker_boots(log_path: Path) -> int:
    return log_path.read_text(errors="replace").count("Booting worker with pid")


def log_in_all(users: list[SimulatedUser]) -> None:
    failures: list[str] = []

    def log_in(user: SimulatedUser) -> None:
        try:
            user.log_in(demo_facts.DEMO_PASSWORD)
        except Exception as exception:
            failures.append(f"{type(exception).__name__}: {exception}")

    threads = [threading.Thread(target=log_in, args=(user,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + LOGIN_TIMEOUT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError(f"the logins took more than {LOGIN_TIMEOUT} s")
    if failures:
        raise RuntimeError(f"{len(failures)} logins failed, e.g. {failures[0]}")


def report(options, postgres_version: str, users: list[SimulatedUser], phases: list[Phase]) -> int:
    staff = [name for name, (_, is_staff) in demo_facts.USERS.items() if is_staff]
    staff_count = sum(1 for user in users if user.username in staff)
    print(f"machine: {machine()}")
    print(
        f"configuration: {len(users)} users ({staff_count} staff, {len(users) - staff_count} member "
        f"organization users), {options.duration:g} s per phase, gunicorn {version('gunicorn')} gthread "
        f"{options.workers} workers × {options.threads} threads, PostgreSQL {postgres_version} on {HOST} "
        f"(DB_CONN_MAX_AGE={options.conn_max_age}), DEBUG=False, load generator on the same machine"
    )
    print()
    print("| page | requests | req/s | mean ms | p50 ms | p95 ms | max ms | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    all_samples: list[Sample] = []
    for phase in phases:
        for label in phase.pages:
            print(
                table_row(label, [sample for sample in phase.samples if sample.page == label], phase.elapsed)
            )
        if len(phase.pages) > 1:
            print(table_row("**all pages**", phase.samples, phase.elapsed))
        all_samples.extend(phase.samples)
    print()
    print(
        "gunicorn worker replacements (max_requests in gunicorn.conf.py, or a crash): "
        + ", ".join(f"{phase.worker_boots} during the {' / '.join(phase.pages)} phase" for phase in phases)
        + "."
    )
    print(
        "load generator CPU (share of one core): "
        + ", ".join(
            f"{phase.client_cpu / phase.elapsed:.0%} during the {' / '.join(phase.pages)} phase"
            for phase in phases
        )
        + "."
    )
    print(
        "requests per user (fewest / median / most): "
        + ", ".join(
            f"{phase.requests_per_user[0]} / {statistics.median(phase.requests_per_user):g} / "
            f"{phase.requests_per_user[-1]} in the {' / '.join(phase.pages)} phase"
            for phase in phases
        )
        + "."
    )
    reconnects = sum(user.reconnects for user in users)
    if reconnects:
        print(
            f"{reconnects} requests were sent again on a new connection after the server closed a kept-alive one."
        )
    errors = Counter((sample.page, sample.error) for sample in all_samples if sample.error)
    for (page, error), count in errors.most_common():
        print(f"error: {page}: {error} × {count}", file=sys.stderr)
    return sum(errors.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase (default 60)")
    parser.add_argument("--port", type=int, default=8765, help="gunicorn's port on 127.0.0.1 (default 8765)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker (default 4, as gunicorn.conf.py)"
    )
    parser.add_argument(
        "--conn-max-age", type=int, default=60, help="DB_CONN_MAX_AGE (default 60, as in production)"
    )
    parser.add_argument("--database", default="secretariat_bench", help="database to create and drop")
    parser.add_argument(
        "--server-url", default=f"postgres://postgres@{HOST}:5432", help="PostgreSQL, no db name"
    )
    parser.add_argument("--keep-database", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--request-timeout", type=float, default=30, help="seconds per request (default 30)")
    parser.add_argument(
        "--hard-timeout", type=float, help="seconds for the whole run (default: 2 × duration + 20 min)"
    )
    options = parser.parse_args()
    if not re.fullmatch(r"[a-z][a-z0-9_]*", options.database) or (
        options.database in PROTECTED_DATABASES or options.database.startswith("test_")
    ):
        sys.exit(f"refusing to use the database {options.database!r}: pick a name of the benchmark's own")
    if port_in_use(options.port):
        sys.exit(f"something already listens on {HOST}:{options.port}: pick another --port")

    def out_of_time(signal_number, frame):
        raise TimeoutError(f"the benchmark took more than {hard_timeout:.0f} s")

    hard_timeout = options.hard_timeout or 2 * options.duration + 1200
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(math.ceil(hard_timeout))

    logins = list(demo_facts.USERS)  # staff and member users in turn
    users = [
        SimulatedUser(logins[number % len(logins)], options.port, options.request_timeout)
        for number in range(options.users)
    ]
    server = None
    errors = 0
    with tempfile.TemporaryDirectory(prefix="secretariat-load-") as directory:
        log_path = Path(directory) / "gunicorn.log"
        try:
            progress(f"creating the database {options.database}")
            postgres_version = recreate_database(options.server_url, options.database)
            environment = server_environment(options, Path(directory))
            set_up(environment)
            with log_path.open("w") as log_file:
                progress(f"starting gunicorn on {HOST}:{options.port}")
                server = start_server(environment, options.port, log_file)
                progress(f"logging in {len(users)} users")
                log_in_all(users)
                phases = []
                for pages in (PAGES, TRIVIAL_PAGES):
                    progress(f"{options.duration:g} s of {', '.join(pages)} with {len(users)} users")
                    boots_before, cpu_before = worker_boots(log_path), time.process_time()
                    samples, elapsed, requests_per_user = run_phase(users, pages, options.duration)
                    phases.append(
                        Phase(
                            pages,
                            samples,
                            elapsed,
                            worker_boots(log_path) - boots_before,
                            time.process_time() - cpu_before,
                            requests_per_user,
                        )
                    )
            errors = report(options, postgres_version, users, phases)
        except (TimeoutError, RuntimeError) as exception:  # cleaned up below, then exit 1
            sys.exit(f"stopped: {exception}")
        finally:
            signal.alarm(0)
            if server is not None:
                stop_server(server)
                log = log_path.read_text(errors="replace") if log_path.exists() else ""
                problems = [
                    line for line in log.splitlines() if re.search(r"Traceback|ERROR|CRITICAL|WARNING", line)
                ]
                if problems or errors:
                    progress(f"--- gunicorn log: {len(problems)} error or warning lines, the first 20 ---")
                    progress("\n".join(problems[:20]))
                    progress("--- gunicorn log: the last 60 lines ---")
                    progress("\n".join(log.splitlines()[-60:]))
            if options.keep_database:
                progress(f"kept the database: DATABASE_URL={options.server_url}/{options.database}")
            else:
                drop_database(options.server_url, options.database)
                progress(f"dropped the database {options.database}")
    if errors:
        sys.exit(f"{errors} errors")


if __name__ == "__main__":
    main()
