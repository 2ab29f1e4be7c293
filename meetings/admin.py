"""Sessions in the operators' admin: shown read-only with their days, attendance, speeches, agenda,
resolutions, revisions and signatures. The secretariat changes them on the site, through
``meetings.actions``."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Attendance,
    AttendanceReply,
    ChangeRequest,
    EditorDraft,
    Invitation,
    Meeting,
    MeetingDay,
    MinutesRevision,
    SealCertificate,
    Signature,
    Sitting,
    Speech,
)
from resolutions.models import Resolution
from secretariat.admin import ReadOnlyAdminMixin, jalali_column
from secretariat.persian import format_jalali, format_jalali_datetime, format_jalali_days


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0


class MeetingDayInline(ReadOnlyInline):
    model = MeetingDay
    fields = readonly_fields = ("jalali_date",)

    @admin.display(description=_("date"))
    def jalali_date(self, day: MeetingDay) -> str:
        return format_jalali(day.date, "short")


class SittingInline(ReadOnlyInline):
    model = Sitting


class AttendanceInline(ReadOnlyInline):
    model = Attendance
    fields = [
        "order",
        "person",
        "kind",
        "organization",
        "position",
        "absence_reason",
        "substitute_for",
        "letter_number",
        "letter_date",
    ]


class SpeechInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Speech
    extra = 0
    fields = [("order", "speaker", "occasion"), "speaker_position", "summary"]


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem


class ResolutionInline(ReadOnlyAdminMixin, admin.StackedInline):
    model = Resolution
    fk_name = "meeting"
    extra = 0
    show_change_link = True
    fields = [
        ("number", "verb", "status"),
        "text",
        ("responsible_kind", "responsible_organization", "responsible_committee"),
        ("deadline", "deadline_text", "deadline_next_meeting"),
        "deliverable",
        "schedules_meeting",
    ]
    readonly_fields = ["deadline"]

    @admin.display(description=_("deadline"))
    def deadline(self, resolution: Resolution) -> str:
        return format_jalali(resolution.deadline_date)


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "city", "dates", "status", "working_group"]
    list_filter = ["working_group", "status", "host_organization"]
    search_fields = ["number", "city", "venue", "host_organization__name", "working_group__name"]
    list_select_related = ["working_group", "host_organization"]
    readonly_fields = ["version", "created", "updated", "minutes_day", "approximate"]
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
        (
            _("Minutes"),
            {
                "fields": [
                    ("minutes_number", "minutes_day"),
                    "opening_programme",
                    "proceedings",
                    "states_quorum",
                ]
            },
        ),
        (_("Planned session"), {"fields": [("approximate", "date_note")]}),
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

    @admin.display(description=_("minutes date"))
    def minutes_day(self, obj: Meeting) -> str:
        return format_jalali(obj.minutes_date)

    @admin.display(description=_("approximate date"))
    def approximate(self, obj: Meeting) -> str:
        return format_jalali(obj.approximate_date)

    @admin.display(description=_("dates"))
    def dates(self, obj: Meeting) -> str:
        return format_jalali_days(obj.day_dates) or obj.date_note


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["person", "meeting", "kind", "organization", "position"]
    list_filter = ["kind", "meeting__working_group", "organization"]
    search_fields = ["person__first_name", "person__last_name", "organization__name", "position"]
    list_select_related = ["person", "meeting", "meeting__working_group", "organization"]


@admin.register(Speech)
class SpeechAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["speaker", "meeting", "order", "occasion"]
    list_filter = ["meeting__working_group"]
    search_fields = ["speaker__last_name", "summary", "speaker_position"]
    list_select_related = ["speaker", "meeting", "meeting__working_group"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["number", "title", "meeting", "proposed_by"]
    list_filter = ["meeting__working_group"]
    search_fields = ["title", "outcome"]
    list_select_related = ["meeting", "meeting__working_group", "proposed_by"]


@admin.register(MeetingDay)
class MeetingDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "jalali_date"]
    list_select_related = ["meeting", "meeting__working_group"]

    @admin.display(description=_("date"), ordering="date")
    def jalali_date(self, day: MeetingDay) -> str:
        return format_jalali(day.date)


@admin.register(Sitting)
class SittingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "part", "start_time", "end_time"]
    search_fields = ["meeting__number"]
    list_select_related = ["meeting", "meeting__working_group"]


class SignatureInline(ReadOnlyInline):
    model = Signature
    fields = readonly_fields = (
        "signer_name",
        "organization_name",
        "position",
        "signed",
        "on_paper",
        "reservation",
        "signed_by_username",
    )

    @admin.display(description=_("signed at"))
    def signed(self, signature: Signature) -> str:
        return format_jalali_datetime(signature.signed_at)


@admin.register(MinutesRevision)
class MinutesRevisionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Signed revisions are a record: shown, never changed here (the signing workflow makes them)."""

    list_display = ["meeting", "number", "circulated", "finalized", "verification_code", "sealed"]
    list_filter = ["meeting__working_group", "sealed"]
    search_fields = ["verification_code", "sha256", "meeting__number"]
    list_select_related = ["meeting", "meeting__working_group"]
    exclude = ["content"]
    inlines = [SignatureInline]

    @admin.display(description=_("circulated at"), ordering="circulated_at")
    def circulated(self, revision: MinutesRevision) -> str:
        return format_jalali_datetime(revision.circulated_at)

    @admin.display(description=_("finalized at"), ordering="finalized_at")
    def finalized(self, revision: MinutesRevision) -> str:
        return format_jalali_datetime(revision.finalized_at)


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["signer_name", "revision", "signed_by_username", "on_paper"]
    list_filter = ["on_paper", "revision__meeting__working_group"]
    search_fields = ["signer_name", "organization_name", "reservation", "signed_by_username"]
    list_select_related = ["revision", "revision__meeting", "revision__meeting__working_group"]


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "item", "uploaded_at"]
    exclude = ["file"]  # downloaded through the site, which checks who asks
    list_select_related = ["item", "item__meeting"]


@admin.register(AgendaProposal)
class AgendaProposalAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "meeting", "organization", "status"]
    list_filter = ["status", "meeting__working_group"]
    search_fields = ["title", "explanation", "organization__name"]
    exclude = ["attachment"]
    list_select_related = ["meeting", "meeting__working_group", "organization"]


@admin.register(AttendanceReply)
class AttendanceReplyAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ["organization", "meeting", "answer", "attendee_name"]
    list_filter = ["answer", "meeting__working_group"]
    search_fields = ["organization__name", "attendee_name"]
    list_select_related = ["meeting", "meeting__working_group", "organization"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["letter_number", "meeting", "issued", "notified"]
    list_filter = ["meeting__working_group"]
    exclude = ["pdf", "content"]
    list_select_related = ["meeting", "meeting__working_group"]

    @admin.display(description=_("issued at"), ordering="issued_at")
    def issued(self, invitation: Invitation) -> str:
        return format_jalali_datetime(invitation.issued_at)


@admin.register(EditorDraft)
class EditorDraftAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The editor's autosaved, unsaved forms: shown so that the operator can see whose they are."""

    list_display = ["meeting", "user", "autosaved"]
    exclude = ["data"]
    list_select_related = ["meeting", "meeting__working_group", "user"]

    @admin.display(description=_("autosaved at"), ordering="saved_at")
    def autosaved(self, draft: EditorDraft) -> str:
        return format_jalali_datetime(draft.saved_at)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Attendees' requests before signing and the secretariat's answers, decided on the minutes page."""

    list_display = ["meeting", "requester_name", "kind", "state", "requested"]
    list_filter = ["state", "kind", "meeting__working_group"]
    search_fields = ["requester_name", "text", "answer"]
    list_select_related = ["meeting", "meeting__working_group"]

    @admin.display(description=_("requested at"), ordering="requested_at")
    def requested(self, change_request: ChangeRequest) -> str:
        return format_jalali_datetime(change_request.requested_at)


@admin.register(SealCertificate)
class SealCertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Every certificate the seal has used, with its validity: renewed through
    ``manage.py rotate_seal_certificate``, never removed (what it sealed is checked against it)."""

    list_display = [
        "subject",
        "source",
        "valid_from_jalali",
        "valid_until_jalali",
        "added_jalali",
        "retired_jalali",
    ]
    valid_from_jalali = jalali_column("valid_from", _("valid from"))
    valid_until_jalali = jalali_column("valid_until", _("valid until"))
    added_jalali = jalali_column("added_at", _("first used or registered"))
    retired_jalali = jalali_column("retired_at", _("replaced at"))
    readonly_fields = [
        "fingerprint",
        "subject",
        "source",
        "valid_from",
        "valid_until",
        "added_at",
        "retired_at",
    ]
    exclude = ["certificate"]
