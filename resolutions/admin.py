"""Resolutions and their follow-ups in the operators' admin, read-only: the secretariat and the
member organizations change them on the site, through ``resolutions.actions``."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from resolutions import actions
from resolutions.models import (
    CalendarFeed,
    DeadlineReminder,
    ExtensionRequest,
    FollowUp,
    InformationAnswer,
    InformationRequest,
    OrganizationVote,
    Resolution,
    ResolutionCollaborator,
)
from secretariat.admin import ReadOnlyAdminMixin, WorkingGroupAdmin, jalali_column
from secretariat.models import WorkingGroup


@admin.register(WorkingGroup)
class WorkingGroupWithRegisterAdmin(WorkingGroupAdmin):
    save_group = staticmethod(actions.save_working_group)


class CollaboratorInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ResolutionCollaborator
    extra = 0


class FollowUpInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = FollowUp
    extra = 0
    fields = [
        ("organization", "author", "reported_on"),
        "text",
        "attachment_name",
        ("proposed_status", "review"),
        "review_comment",
        "reported_at_meeting",
    ]


@admin.register(Resolution)
class ResolutionAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "meeting", "verb", "responsible_label", "deadline", "deadline_text", "status"]
    list_display_links = ["number", "meeting"]
    list_filter = ["meeting__working_group", "status", "responsible_kind", "deadline_next_meeting"]
    search_fields = [
        "text",
        "deadline_text",
        "deliverable",
        "responsible_organization__name",
        "responsible_committee__name",
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
class FollowUpAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["resolution", "organization", "reported", "proposed_status", "review"]
    list_filter = ["review", "proposed_status", "resolution__meeting__working_group"]
    search_fields = ["text", "organization__name", "review_comment"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]
    exclude = ["attachment"]  # downloaded through the site, which checks who asks
    reported = jalali_column("reported_on", _("report date"))


@admin.register(ResolutionCollaborator)
class ResolutionCollaboratorAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["resolution", "organization", "order"]
    list_filter = ["resolution__meeting__working_group", "organization"]
    search_fields = ["organization__name", "resolution__text"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]


@admin.register(OrganizationVote)
class OrganizationVoteAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["resolution", "organization", "choice"]
    list_filter = ["resolution__meeting__working_group", "choice"]
    search_fields = ["organization__name", "resolution__text"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Which organizations have a calendar address; the secret token itself is never shown."""

    list_display = ["organization", "created_at"]
    search_fields = ["organization__name"]
    exclude = ["token"]
    list_select_related = ["organization"]


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["resolution", "organization", "kind", "reminded_deadline", "sent_at"]
    list_filter = ["kind", "resolution__meeting__working_group"]
    search_fields = ["organization__name", "recipients"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]
    reminded_deadline = jalali_column("deadline", _("deadline"))


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "working_group", "deadline_shown", "status"]
    list_filter = ["status", "working_group"]
    search_fields = ["title", "question"]
    exclude = ["attachment", "booklet"]
    deadline_shown = jalali_column("deadline", _("answers due by"))


@admin.register(InformationAnswer)
class InformationAnswerAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["request", "organization", "answered_at"]
    list_filter = ["request__working_group"]
    search_fields = ["organization__name", "text"]
    exclude = ["attachment"]
    list_select_related = ["request", "organization"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["resolution", "organization", "requested", "status"]
    list_filter = ["status", "resolution__meeting__working_group"]
    list_select_related = ["resolution", "resolution__meeting", "organization"]
    requested = jalali_column("requested_deadline", _("requested deadline"))
