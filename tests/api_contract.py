"""The API's schema tested by an outside client (#26): Schemathesis against a live server on the demo.

    .venv/bin/python tests/api_contract.py [--max-examples 25]

Makes a throw-away SQLite database and media folder, migrates, loads the demo (with its published
tokens, ``meetings.demo_facts.API_TOKENS``), serves it with ``runserver`` on a free port, and runs
Schemathesis over every operation of ``/api/v1/schema/`` with a member organization's read-write
token, a read-only token and the secretary's token. Any answer that is a server error or breaks
the schema (status, content type, headers, body) fails the run; the server is stopped whatever
happens. Run by ``make api-contract`` and ``.ci/run``.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TOKENS = ["sk_demo_tehran_read_write", "sk_demo_tehran_read", "sk_demo_dabir_read"]
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/contract.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
            "DJANGO_SETTINGS_MODULE": "secretariat.settings",
            "API_RATE": "100000/min",
            "DEBUG": "True",
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--force"]):
            subprocess.run(
                [*manage, *command], env=env, check=True, cwd=ROOT, timeout=600, stdout=subprocess.DEVNULL
            )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env={**env, "SITE_URL": base},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/healthz")
            failed = False
            for token in TOKENS:
                print(f"\n--- Schemathesis with {token}", flush=True)
                run = subprocess.run(
                    [
                        str(Path(PYTHON).parent / "schemathesis"),
                        "run",
                        f"{base}/api/v1/schema/",
                        "--header",
                        f"Authorization: Bearer {token}",
                        "--checks",
                        CHECKS,
                        "--max-examples",
                        str(options.max_examples),
                        "--request-timeout",
                        "30",
                        "--seed",
                        "1391",
                        "--no-color",
                    ],
                    cwd=ROOT,
                    timeout=1200,
                )
                failed = failed or run.returncode != 0
            return 1 if failed else 0
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
