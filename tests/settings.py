"""Settings for the test suite: the project's own, with what is deliberately slow on the real site
made cheap.

Passwords are hashed with MD5 (the real hasher spends most of a test's time on purpose); e-mail
stays in memory. Everything else — both databases, WeasyPrint, Chromium — is the real thing.
"""

import os
import tempfile
from pathlib import Path

from secretariat.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# SQLite tests use a database file, as the site does, not Django's shared in-memory database:
# that one locks whole tables and never waits, so concurrent requests would fail there for a
# reason production does not have. One file per test process.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"secretariat-test-{os.getpid()}.sqlite3")
    }

# Tasks run in the request that queues them; tests of the worker switch to the database backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A test runs in a transaction that never commits: its tasks run where they are queued (the
# tests of secretariat.tasks.queue turn this back on).
TASKS_RUN_AFTER_COMMIT = False
# The webhook tests' receivers listen on 127.0.0.1 (one test turns this off again).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
