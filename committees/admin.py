"""Committees in the operators' admin, read-only: they are formed and changed by resolutions, in the
minutes editor and the importer (``committees.actions``)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.models import Committee, CommitteeAssignment
from secretariat.admin import ReadOnlyAdminMixin


class CommitteeAssignmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CommitteeAssignment
    extra = 0
    fields = ["organization", "role", "order", "since_meeting", "until_meeting"]


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "working_group", "formed_at", "is_active"]
    list_filter = ["working_group", "is_active"]
    search_fields = ["name", "mandate", "assignments__organization__name"]
    inlines = [CommitteeAssignmentInline]


@admin.register(CommitteeAssignment)
class CommitteeAssignmentAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "organization", "role", "since_meeting", "until_meeting"]
    list_filter = ["role", "committee__working_group", "committee"]
    search_fields = ["committee__name", "organization__name"]
    list_select_related = ["committee", "organization", "since_meeting", "until_meeting"]
