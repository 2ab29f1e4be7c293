"""The background worker in tests: the database task backend, and the production worker run once."""

from unittest import mock

from django.core.management import call_command

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_the_worker() -> None:
    """The production worker (``manage.py db_worker``) runs what is queued, then stops. Its
    recycling of database connections between tasks would close the test's transaction: that
    alone is left out."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
