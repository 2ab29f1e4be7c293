"""Admin for committees and their lead and collaborating organizations."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from committees.models import Committee, CommitteeAssignment
from secretariat.admin import PersianAdminMixin


class CommitteeAssignmentInline(PersianAdminMixin, admin.TabularInline):
    model = CommitteeAssignment
    extra = 0
    autocomplete_fields = ["organization", "since_meeting", "until_meeting"]
    fields = ["organization", "role", "order", "since_meeting", "until_meeting"]


@admin.register(Committee)
class CommitteeAdmin(PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "working_group", "formed_at", "is_active"]
    list_filter = ["working_group", "is_active"]
    search_fields = ["name", "mandate", "assignments__organization__name"]
    autocomplete_fields = ["formed_at"]
    inlines = [CommitteeAssignmentInline]


@admin.register(CommitteeAssignment)
class CommitteeAssignmentAdmin(PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["committee", "organization", "role", "since_meeting", "until_meeting"]
    list_filter = ["role", "committee__working_group", "committee"]
    search_fields = ["committee__name", "organization__name"]
    autocomplete_fields = ["committee", "organization", "since_meeting", "until_meeting"]
    list_select_related = ["committee", "organization", "since_meeting", "until_meeting"]
