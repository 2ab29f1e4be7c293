"""The embedded default's cache lives in a database table (``CACHES``): ``migrate`` creates it, so
that no installation can forget ``createcachetable`` and answer 500 on its first cached page."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("secretariat", "0013_seal_rotated_event")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
