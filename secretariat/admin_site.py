"""The admin site itself, kept apart from the registrations (``secretariat.admin``) so that the
site exists before any app registers with it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class OperatorAdminSite(admin.AdminSite):
    """The Django admin, for the installation's operators (superusers) only."""

    site_header = _("Secretariat administration")
    site_title = _("Secretariat")
    index_title = _("Working groups, organizations and people")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser
