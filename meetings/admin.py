"""Admin for sessions: one page with days, sittings, attendance, speeches, agenda and resolutions."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingDay,
    MinutesRevision,
    Signature,
    Sitting,
    Speech,
)
from resolutions.models import Resolution
from secretariat.admin import FrozenAdminMixin, FrozenInlineMixin, PersianAdminMixin
from secretariat.persian import format_jalali, format_jalali_datetime, format_jalali_days


class MeetingDayInline(FrozenInlineMixin, PersianAdminMixin, admin.TabularInline):
    model = MeetingDay
    extra = 0
    readonly_fields = ["jalali_date"]

    def get_fields(self, request, obj=None):
        # Locked minutes show their days read-only, and a read-only date would be Gregorian.
        return ["jalali_date"] if self._parent_locked(obj) else ["date"]

    @admin.display(description=_("date"))
    def jalali_date(self, day: MeetingDay) -> str:
        return format_jalali(day.date, "short")


class SittingInline(FrozenInlineMixin, PersianAdminMixin, admin.TabularInline):
    model = Sitting
    extra = 0


class AttendanceInline(FrozenInlineMixin, PersianAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["person", "organization", "substitute_for"]
    fields = ["order", "person", "kind", "organization", "position", "absence_reason", "substitute_for"]


class SpeechInline(FrozenInlineMixin, PersianAdminMixin, admin.StackedInline):
    model = Speech
    extra = 0
    autocomplete_fields = ["speaker"]
    fields = [("order", "speaker", "occasion"), "speaker_position", "summary"]


class AgendaItemInline(FrozenInlineMixin, PersianAdminMixin, admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["proposed_by"]


class ResolutionInline(FrozenInlineMixin, PersianAdminMixin, admin.StackedInline):
    model = Resolution
    fk_name = "meeting"
    extra = 0
    show_change_link = True
    autocomplete_fields = ["responsible_organization", "responsible_committee", "schedules_meeting"]
    fields = [
        ("number", "verb", "status"),
        "text",
        ("responsible_kind", "responsible_organization", "responsible_committee"),
        ("deadline_date", "deadline_text", "deadline_next_meeting"),
        "deliverable",
        "schedules_meeting",
    ]


@admin.register(Meeting)
class MeetingAdmin(FrozenAdminMixin, PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "city", "dates", "status", "working_group"]
    admin_editable_when_locked = ()  # the workflow, not the admin, moves signed minutes on
    list_filter = ["working_group", "status", "host_organization"]
    search_fields = ["number", "city", "venue", "host_organization__name", "working_group__name"]
    autocomplete_fields = ["working_group", "host_organization", "chair"]
    list_select_related = ["working_group", "host_organization"]
    readonly_fields = ["version", "created", "updated"]
    inlines = [
        MeetingDayInline,
        SittingInline,
        AttendanceInline,
        SpeechInline,
        AgendaItemInline,
        ResolutionInline,
    ]
    fieldsets = [
        (None, {"fields": [("working_group", "number", "status")]}),
        (
            _("Place and time"),
            {"fields": [("host_organization", "city"), "venue", ("start_time", "end_time"), "chair"]},
        ),
        (_("Minutes"), {"fields": [("minutes_number", "minutes_date"), "opening_programme", "proceedings"]}),
        (_("Planned session"), {"fields": [("approximate_date", "date_note")]}),
        (_("Record"), {"fields": [("version", "created", "updated")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("days")

    @admin.display(description=_("created at"))
    def created(self, obj: Meeting) -> str:
        return format_jalali_datetime(obj.created_at)

    @admin.display(description=_("updated at"))
    def updated(self, obj: Meeting) -> str:
        return format_jalali_datetime(obj.updated_at)

    @admin.display(description=_("dates"))
    def dates(self, obj: Meeting) -> str:
        return format_jalali_days(obj.day_dates) or obj.date_note


@admin.register(Attendance)
class AttendanceAdmin(FrozenAdminMixin, PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "meeting", "kind", "organization", "position"]
    list_filter = ["kind", "meeting__working_group", "organization"]
    search_fields = ["person__first_name", "person__last_name", "organization__name", "position"]
    autocomplete_fields = ["meeting", "person", "organization", "substitute_for"]
    list_select_related = ["person", "meeting", "meeting__working_group", "organization"]


@admin.register(Speech)
class SpeechAdmin(FrozenAdminMixin, PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["speaker", "meeting", "order", "occasion"]
    list_filter = ["meeting__working_group"]
    search_fields = ["speaker__last_name", "summary", "speaker_position"]
    autocomplete_fields = ["meeting", "speaker"]
    list_select_related = ["speaker", "meeting", "meeting__working_group"]


@admin.register(AgendaItem)
class AgendaItemAdmin(FrozenAdminMixin, PersianAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting", "proposed_by"]
    list_filter = ["meeting__working_group"]
    search_fields = ["title", "outcome"]
    autocomplete_fields = ["meeting", "proposed_by", "sitting"]
    list_select_related = ["meeting", "meeting__working_group", "proposed_by"]


@admin.register(MeetingDay)
class MeetingDayAdmin(FrozenAdminMixin, PersianAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "date"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting", "meeting__working_group"]


@admin.register(Sitting)
class SittingAdmin(FrozenAdminMixin, PersianAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "part", "date", "start_time", "end_time"]
    search_fields = ["meeting__number"]
    autocomplete_fields = ["meeting"]
    list_select_related = ["meeting", "meeting__working_group"]


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    fields = [
        "signer_name",
        "organization_name",
        "position",
        "signed_at",
        "on_paper",
        "reservation",
        "signed_by",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RecordAdminMixin:
    """A record the signing workflow writes: shown in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(MinutesRevision)
class MinutesRevisionAdmin(RecordAdminMixin, admin.ModelAdmin):
    """Signed revisions are a record: shown, never changed here (the signing workflow makes them)."""

    list_display = ["meeting", "number", "circulated_at", "finalized_at", "verification_code", "sealed"]
    list_filter = ["meeting__working_group", "sealed"]
    search_fields = ["verification_code", "sha256", "meeting__number"]
    list_select_related = ["meeting", "meeting__working_group"]
    inlines = [SignatureInline]


@admin.register(Signature)
class SignatureAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = ["signer_name", "revision", "signed_at", "on_paper"]
    list_filter = ["on_paper", "revision__meeting__working_group"]
    search_fields = ["signer_name", "organization_name", "reservation"]
    list_select_related = ["revision", "revision__meeting", "revision__meeting__working_group"]
