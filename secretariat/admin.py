"""The admin: the operators' tool for running the installation, in Persian with Jalali dates.

Only superusers (operators) may use it: secretariat staff and members work on the site's own
pages, where every change goes through an action that checks their role in their group. Here the
operator sets up working groups, member organizations and people, and links people to their
logins — each through the same actions (``secretariat.actions``), recorded in the audit trail. The
minutes, resolutions, follow-ups and signatures are shown read-only: the workflow, not the admin,
changes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat import actions
from secretariat.forms import JalaliDateField, JalaliDateInput, NormalizedModelForm
from secretariat.models import (
    AuditRecord,
    MailBatch,
    MailDelivery,
    Membership,
    Notification,
    Organization,
    Person,
    StoredDocument,
    WorkerHeartbeat,
    WorkingGroup,
)
from secretariat.persian import format_jalali, format_jalali_datetime

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class PersianAdminMixin:
    """Jalali date inputs and normalized Persian text in every admin form and inline."""

    form: type[forms.ModelForm] = NormalizedModelForm
    formfield_overrides: ClassVar[Mapping[type[models.Field], Mapping[str, Any]]] = {
        models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput}
    }


class ReadOnlyAdminMixin:
    """Shown in the admin, never added, changed or deleted there: the site's actions do that."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def jalali_column(field_name: str, label: StrOrPromise):
    """A list column showing a date field in Jalali."""

    @admin.display(description=label, ordering=field_name)
    def column(_model_admin, obj):
        return format_jalali(getattr(obj, field_name))

    return column


def _stored(model_admin, obj):
    """The row as stored before the admin's form changed it (a new one for an addition)."""
    return model_admin.model.objects.get(pk=obj.pk) if obj.pk else model_admin.model()


def _changes(form, exclude=()) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name not in exclude}


class WorkingGroupAdmin(PersianAdminMixin, admin.ModelAdmin):
    """Registered by ``resolutions.admin``, whose action also renumbers the register when the
    numbering settings change (the core app does not know resolutions)."""

    # (operator, the group as stored, the fields changed) → the group saved
    save_group: Callable[[Any, WorkingGroup, Mapping[str, Any]], WorkingGroup] = staticmethod(
        actions.save_working_group
    )

    list_display = ["name", "slug", "secretariat_name", "secretary"]
    search_fields = ["name", "slug", "secretariat_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["secretary"]
    filter_horizontal = ["staff"]
    fields = [
        "name",
        "slug",
        "secretariat_name",
        "secretary",
        "staff",
        "proposal_cutoff_days",
        "quorum_rule",
        "quorum_count",
        "quorum_counts_substitutes",
        "resolution_numbering",
        "first_resolution_number",
        "numbering_from_session",
        "host_duties",
        "letterhead",
        "logo",
        "word_font",
        "letter_number_pattern",
    ]

    def save_model(self, request, obj, form, change) -> None:
        saved = self.save_group(request.user, _stored(self, obj), _changes(form, exclude=["staff"]))
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change) -> None:
        actions.set_group_staff(request.user, form.instance, form.cleaned_data["staff"])

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a group's sessions keep it; it is never deleted


@admin.register(Organization)
class OrganizationAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "city", "kind"]
    list_filter = ["kind", "working_groups"]
    search_fields = ["name", "short_name", "city"]

    def save_model(self, request, obj, form, change) -> None:
        saved = actions.save_organization(request.user, _stored(self, obj), _changes(form))
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PersonAdminForm(NormalizedModelForm):
    class Meta:
        model = Person
        fields = [
            "honorific",
            "title",
            "first_name",
            "last_name",
            "position",
            "organization",
            "email",
            "user",
        ]

    def clean_user(self):
        user = self.cleaned_data.get("user")
        holder = Person.objects.filter(user=user).exclude(pk=self.instance.pk).first() if user else None
        if holder is not None:
            self.add_error(
                "user",
                _("This login already belongs to %(person)s: unlink it from them first.")
                % {"person": holder.full_name},
            )
        return user


@admin.register(Person)
class PersonAdmin(PersianAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["full_name", "honorific", "title", "position", "organization", "user"]
    list_filter = ["organization", "honorific", "title"]
    search_fields = ["first_name", "last_name", "position", "organization__name", "user__username"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["organization", "user"]

    def save_model(self, request, obj, form, change) -> None:
        saved = actions.save_person(request.user, _stored(self, obj), _changes(form, exclude=["user"]))
        if "user" in form.changed_data:
            saved = actions.link_person_to_user(request.user, saved, form.cleaned_data["user"])
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "working_group", "joined"]
    list_filter = ["working_group"]
    search_fields = ["organization__name", "working_group__name"]
    autocomplete_fields = ["working_group", "organization"]
    list_select_related = ["organization", "working_group"]
    joined = jalali_column("joined_on", _("joined on"))

    def save_model(self, request, obj, form, change) -> None:
        saved = actions.save_membership(request.user, _stored(self, obj), _changes(form))
        obj.pk = saved.pk

    def delete_model(self, request, obj) -> None:
        actions.delete_membership(request.user, obj)

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset:
            actions.delete_membership(request.user, membership)


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["when", "actor_name", "action", "subject_label", "working_group"]
    list_filter = ["action", "working_group"]
    search_fields = ["actor_name", "action", "subject_label"]
    list_select_related = ["working_group"]

    @admin.display(description=_("when"), ordering="created_at")
    def when(self, record: AuditRecord) -> str:
        return format_jalali_datetime(record.created_at)


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Files made once per content (secretariat.documents): to see what failed and why."""

    list_display = ["kind", "job_status", "size", "asked", "job_finished_at", "key"]
    list_filter = ["job_status", "kind"]
    exclude = ["source"]

    @admin.display(description=_("asked for at"), ordering="created_at")
    def asked(self, document: StoredDocument) -> str:
        return format_jalali_datetime(document.created_at)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "sent", "read_at"]
    list_filter = ["kind", "working_group"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]

    @admin.display(description=_("sent at"), ordering="created_at")
    def sent(self, notification: Notification) -> str:
        return format_jalali_datetime(notification.created_at)


MAIL_DELIVERY_FIELDS = ("name", "address", "status", "attempts", "error", "next_attempt_at", "sent_at")


class MailDeliveryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = MailDelivery
    fields = MAIL_DELIVERY_FIELDS
    readonly_fields = MAIL_DELIVERY_FIELDS
    extra = 0


@admin.register(MailBatch)
class MailBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The outbox (secretariat.mail): what was e-mailed, to whom, and what became of it."""

    list_display = ["subject", "kind", "working_group", "asked", "held", "set_aside"]
    list_filter = ["kind", "working_group", "held", "set_aside"]
    search_fields = ["subject", "deliveries__address"]
    inlines = [MailDeliveryInline]

    @admin.display(description=_("asked at"), ordering="created_at")
    def asked(self, batch: MailBatch) -> str:
        return format_jalali_datetime(batch.created_at)


@admin.register(MailDelivery)
class MailDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["address", "name", "status", "attempts", "error", "batch"]
    list_filter = ["status"]
    search_fields = ["address", "name"]
    list_select_related = ["batch"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The background workers and when each was last heard of (``db_worker``)."""

    list_display = ["worker_id", "host", "pid", "started_at", "last_seen"]
