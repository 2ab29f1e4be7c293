from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SecretariatConfig(AppConfig):
    default = True
    name = "secretariat"
    verbose_name = _("Secretariat")

    def ready(self) -> None:
        from secretariat import data_version

        data_version.connect()


class OperatorAdminConfig(admin_apps.AdminConfig):
    """The Django admin, for the installation's operators only (see ``secretariat.admin``)."""

    default = False
    default_site = "secretariat.admin_site.OperatorAdminSite"
