"""Settings of a background worker that a test starts as a process of its own: the test settings,
with the database queue, on the test's own database, media folder and seal."""

import os
from pathlib import Path

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]  # noqa: F405
MEDIA_ROOT = Path(os.environ["WORKER_MEDIA_ROOT"])
SEAL_PKCS12_PATH = Path(os.environ["WORKER_SEAL_PATH"])
SEAL_PKCS12_PASSPHRASE = os.environ.get("WORKER_SEAL_PASSPHRASE", "")
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", "2"))
