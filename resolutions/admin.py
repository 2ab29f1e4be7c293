"""Admin for resolutions and their follow-ups."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import CalendarFeed, DeadlineReminder, FollowUp, Resolution, ResolutionCollaborator
from secretariat.admin import FrozenAdminMixin, FrozenInlineMixin, PersianAdminMixin, jalali_column


class CollaboratorInline(FrozenInlineMixin, PersianAdminMixin, admin.TabularInline):
    model = ResolutionCollaborator
    extra = 0
    autocomplete_fields = ["organization"]


class FollowUpInline(PersianAdminMixin, admin.StackedInline):
    model = FollowUp
    extra = 0
    autocomplete_fields = ["reported_at_meeting", "organization", "author", "reviewed_by"]
    fields = [
        ("organization", "author", "reported_on"),
        "text",
        "attachment",
        ("proposed_status", "review"),
        "review_comment",
        "reported_at_meeting",
    ]


@admin.register(Resolution)
class ResolutionAdmin(FrozenAdminMixin, PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "meeting", "verb", "responsible_label", "deadline", "deadline_text", "status"]
    list_display_links = ["number", "meeting"]
    list_filter = ["meeting__working_group", "status", "responsible_kind", "deadline_next_meeting", "meeting"]
    search_fields = [
        "text",
        "deadline_text",
        "deliverable",
        "responsible_organization__name",
        "responsible_committee__name",
    ]
    autocomplete_fields = [
        "meeting",
        "responsible_organization",
        "responsible_committee",
        "schedules_meeting",
    ]
    list_select_related = [
        "meeting",
        "meeting__working_group",
        "responsible_organization",
        "responsible_committee",
    ]
    inlines = [CollaboratorInline, FollowUpInline]
    deadline = jalali_column("deadline_date", _("deadline"))

    @admin.display(description=_("responsible party"))
    def responsible_label(self, obj: Resolution) -> str:
        return obj.responsible_label


@admin.register(FollowUp)
class FollowUpAdmin(PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["resolution", "organization", "reported", "proposed_status", "review"]
    list_filter = ["review", "proposed_status", "resolution__meeting__working_group"]
    search_fields = ["text", "organization__name", "review_comment"]
    autocomplete_fields = ["resolution", "reported_at_meeting", "organization", "author", "reviewed_by"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]
    reported = jalali_column("reported_on", _("report date"))


@admin.register(ResolutionCollaborator)
class ResolutionCollaboratorAdmin(FrozenAdminMixin, PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["resolution", "organization", "order"]
    list_filter = ["resolution__meeting__working_group", "organization"]
    search_fields = ["organization__name", "resolution__text"]
    autocomplete_fields = ["resolution", "organization"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "created_at"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["token", "created_at"]
    list_select_related = ["organization"]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["resolution", "organization", "kind", "reminded_deadline", "sent_at"]
    list_filter = ["kind", "resolution__meeting__working_group"]
    search_fields = ["organization__name", "recipients"]
    autocomplete_fields = ["resolution", "organization"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]
    reminded_deadline = jalali_column("deadline", _("deadline"))
