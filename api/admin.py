"""API tokens in the operators' admin: read, and revoked through ``api.actions`` (tokens are made by
their users on the tokens page, where the secret is shown once)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.actions import revoke_token
from api.models import ApiToken, Webhook, WebhookDelivery
from secretariat.admin import ReadOnlyAdminMixin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "user",
        "organization",
        "scope",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "organization"]
    search_fields = ["name", "prefix", "user__username", "organization__name"]
    list_select_related = ["user", "organization"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the chosen tokens"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(request.user, token)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


class WebhookDeliveryInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    fields = ["event", "status", "attempts", "response_status", "error", "created_at", "delivered_at"]
    readonly_fields = fields
    ordering = ["-created_at"]
    max_num = 0


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read here; registered, switched and replayed by the organization's users (``api.actions``)."""

    list_display = ["url", "organization", "is_active", "failures_in_a_row", "created_at"]
    list_filter = ["is_active", "organization"]
    search_fields = ["url", "organization__name"]
    list_select_related = ["organization"]
    exclude = ["secret"]
    inlines = [WebhookDeliveryInline]
