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

        # A group's numbering settings live in the core app, which does not know resolutions: when a
        # group is saved (through secretariat.actions.save_working_group), its register follows.
        from django.db.models.signals import post_save

        from resolutions.numbering import renumber_after_group_saved
        from secretariat.models import WorkingGroup

        post_save.connect(
            renumber_after_group_saved, sender=WorkingGroup, dispatch_uid="resolutions-renumber"
        )
