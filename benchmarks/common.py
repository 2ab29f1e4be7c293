"""What the benchmark scripts share: Django set up against a scratch database, the machine, timing."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARK_SECRET_KEY = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def production_environment(
    database_url: str, scratch: Path, site_url: str = "https://127.0.0.1:8000"
) -> dict[str, str]:
    """Environment for the production settings (DEBUG off): ``database_url``, files under ``scratch``."""
    return {
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "DJANGO_SETTINGS_MODULE": "secretariat.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "False",
        "SITE_URL": site_url,
        "SECRET_KEY": os.getenv("SECRET_KEY", BENCHMARK_SECRET_KEY),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    }


def setup_django(database_url: str, scratch: Path) -> None:
    """Django with the production settings (DEBUG off) on a migrated ``database_url``.

    Static files are collected and uploads stored under the directory ``scratch``.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.update(production_environment(database_url, scratch))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, {platform.system()}"


def timed(function, repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls, and the last result."""
    durations, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        durations.append(time.perf_counter() - start)
    return statistics.median(durations), result


def https_client():
    """Django's test client speaking HTTPS, as production (SECURE_SSL_REDIRECT) expects."""
    from django.test import Client

    class HttpsClient(Client):
        def generic(self, *args, **kwargs):
            kwargs["secure"] = True
            return super().generic(*args, **kwargs)

    return HttpsClient()
