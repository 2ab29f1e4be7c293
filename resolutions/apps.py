from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Resolutions and follow-ups")

    def ready(self) -> None:
        from resolutions.search import register_sqlite_function

        # Connection set-up, not a workflow: SQLite needs the search function on every connection.
        connection_created.connect(register_sqlite_function, dispatch_uid="resolutions-search-key")
