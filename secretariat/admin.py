"""Admin for working groups, organizations and people, in Persian with Jalali dates."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from secretariat.forms import JalaliDateField, JalaliDateInput, NormalizedModelForm
from secretariat.models import Membership, Organization, Person, WorkingGroup
from secretariat.persian import format_jalali

admin.site.site_header = _("Secretariat administration")
admin.site.site_title = _("Secretariat")
admin.site.index_title = _("Working groups, sessions and resolutions")


class PersianAdminMixin:
    """Jalali date inputs and normalized Persian text in every admin form and inline."""

    form = NormalizedModelForm
    formfield_overrides = {models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput}}


def jalali_column(field_name: str, label: str):
    """A list column showing a date field in Jalali."""

    @admin.display(description=label, ordering=field_name)
    def column(_model_admin, obj):
        return format_jalali(getattr(obj, field_name))

    return column


class MembershipInline(PersianAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "secretariat_name", "secretary"]
    search_fields = ["name", "slug", "secretariat_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["secretary"]
    filter_horizontal = ["staff"]
    inlines = [MembershipInline]


@admin.register(Organization)
class OrganizationAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "city", "kind"]
    list_filter = ["kind", "working_groups"]
    search_fields = ["name", "short_name", "city"]


@admin.register(Person)
class PersonAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "honorific", "title", "position", "organization", "user"]
    list_filter = ["organization", "honorific", "title"]
    search_fields = ["first_name", "last_name", "position", "organization__name", "user__username"]
    autocomplete_fields = ["organization", "user"]
    list_select_related = ["organization", "user"]


@admin.register(Membership)
class MembershipAdmin(PersianAdminMixin, admin.ModelAdmin):
    list_display = ["organization", "working_group", "joined"]
    list_filter = ["working_group"]
    search_fields = ["organization__name", "working_group__name"]
    autocomplete_fields = ["working_group", "organization"]
    list_select_related = ["organization", "working_group"]
    joined = jalali_column("joined_on", _("joined on"))


class FrozenAdminMixin:
    """Admin of a part of the minutes: read-only while its minutes are locked.

    Only the model's ``editable_when_locked`` fields stay editable (a resolution's status), and
    nothing can be deleted. ``admin_editable_when_locked`` narrows that list for the admin.
    """

    admin_editable_when_locked: tuple[str, ...] | None = None

    def _locked(self, obj) -> bool:
        return obj is not None and obj.pk is not None and obj.is_locked()

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self._locked(obj):
            editable = self.admin_editable_when_locked
            editable = set(self.model.editable_when_locked if editable is None else editable)
            fields += [f.name for f in self.model._meta.fields if f.editable and f.name not in editable]
        return fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class FrozenInlineMixin:
    """Inline rows of locked minutes (the parent is locked): shown, never added, changed or deleted."""

    def _parent_locked(self, obj) -> bool:
        return obj is not None and obj.pk is not None and obj.is_locked()

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._parent_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._parent_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._parent_locked(obj) and super().has_delete_permission(request, obj)
