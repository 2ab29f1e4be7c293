"""The tokens page: a user makes and revokes the tokens of its own and its organization's systems.

Each secret is shown once, on the page after it was made; the site keeps only its SHA-256.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from api import actions
from api.models import ApiToken, Webhook, WebhookDelivery, WebhookEvent
from secretariat.access import person_of
from secretariat.forms import NormalizedTextMixin

NEW_SECRET = "_api_token_secret"  # in the session, until the page after making it shows it


class TokenForm(NormalizedTextMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Which system will use it"),
        max_length=ApiToken._meta.get_field("name").max_length,
    )
    scope = forms.ChoiceField(label=gettext_lazy("It may"), choices=ApiToken.Scope.choices)
    shared = forms.BooleanField(
        label=gettext_lazy("The organization's token: every user of the organization sees and may revoke it"),
        required=False,
    )


@login_required
def tokens(request):
    person = person_of(request.user)
    organization = person.organization if person else None
    form = TokenForm(request.POST or None, initial={"shared": organization is not None})
    if organization is None:
        form.fields.pop("shared")
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = actions.make_token(
                request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                shared=form.cleaned_data.get("shared", False),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session[NEW_SECRET] = {"id": token.pk, "secret": secret}
            return redirect("api_tokens")
    new = request.session.pop(NEW_SECRET, None)
    shown = ApiToken.objects.managed_by(request.user).select_related("user", "organization", "revoked_by")
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": shown, "new": new, "organization": organization},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.managed_by(request.user), pk=pk)
    actions.revoke_token(request.user, token)
    messages.success(
        request, _("The token «%(name)s» was revoked: calls made with it are refused.") % {"name": token.name}
    )
    return redirect("api_tokens")


def reference(request):
    """The interface's operations, read from its OpenAPI document, in the page's language with the
    English beside; and how to begin."""
    from django.utils.translation import gettext

    from api.views import api

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            summary = operation.get("summary", "")
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": gettext(summary),
                    "english": summary,
                    "parameters": [parameter["name"] for parameter in operation.get("parameters", [])],
                    "writes": method != "get",
                }
            )
    return render(
        request,
        "api/reference.html",
        {"operations": operations, "site_url": request.build_absolute_uri("/")[:-1]},
    )


class WebhookForm(NormalizedTextMixin, forms.Form):
    url = forms.CharField(
        label=gettext_lazy("Address of your system"),
        max_length=500,
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Tell it when"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
def webhooks(request):
    """An organization's webhooks: registered, switched on and off, their deliveries replayed."""
    organization = _organization_or_none(request.user)
    form = WebhookForm(request.POST or None, initial={"events": list(WebhookEvent.values)})
    if request.method == "POST" and organization is not None and form.is_valid():
        try:
            actions.add_webhook(
                request.user, url=form.cleaned_data["url"], events=form.cleaned_data["events"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The webhook was registered."))
            return redirect("api_webhooks")
    hooks = (
        list(
            Webhook.objects.filter(organization=organization).prefetch_related(
                Prefetch("deliveries", queryset=WebhookDelivery.objects.order_by("-created_at", "-pk"))
            )
        )
        if organization is not None
        else []
    )
    for hook in hooks:
        hook.recent = hook.deliveries.all()[:RECENT_DELIVERIES]
        hook.event_labels = [
            WebhookEvent(event).label for event in hook.events if event in WebhookEvent.values
        ]
    return render(
        request,
        "api/webhooks.html",
        {"form": form, "hooks": hooks, "organization": organization},
        status=422 if form.errors else 200,
    )


RECENT_DELIVERIES = 20


def _organization_or_none(user):
    person = person_of(user)
    return person.organization if person is not None else None


def _hook_of(request, pk: int) -> Webhook:
    organization = _organization_or_none(request.user)
    return get_object_or_404(Webhook.objects.filter(organization=organization), pk=pk)


@login_required
@require_POST
def webhook_switch(request, pk: int):
    hook = _hook_of(request, pk)
    actions.set_webhook_active(request.user, hook, request.POST.get("on") == "1")
    return redirect("api_webhooks")


@login_required
@require_POST
def webhook_remove(request, pk: int):
    actions.remove_webhook(request.user, _hook_of(request, pk))
    messages.success(request, _("The webhook was removed."))
    return redirect("api_webhooks")


@login_required
@require_POST
def webhook_replay(request, pk: int):
    delivery = get_object_or_404(
        WebhookDelivery.objects.select_related("webhook").filter(
            webhook__organization=_organization_or_none(request.user)
        ),
        pk=pk,
    )
    try:
        actions.replay_delivery(request.user, delivery)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is being sent again."))
    return redirect("api_webhooks")
