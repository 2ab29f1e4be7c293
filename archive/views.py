"""``/search/``: the archive searched across every session the reader may open."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from archive.models import SearchEntry
from archive.search import search
from committees.models import Committee
from secretariat.access import groups_for_user
from secretariat.forms import NormalizedTextMixin
from secretariat.models import Organization

PAGE_SIZE = 20


class SearchForm(NormalizedTextMixin, forms.Form):
    q = forms.CharField(label=_("Words to find"), required=False, max_length=200)
    g = forms.ChoiceField(label=_("Working group"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1300, max_value=1500)
    session = forms.IntegerField(label=_("Session"), required=False, min_value=1)
    organization = forms.ModelChoiceField(
        label=_("Organization"), required=False, queryset=Organization.objects.none()
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"), required=False, queryset=Committee.objects.none()
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data, accesses) -> None:
        super().__init__(data)
        groups = [access.group for access in accesses]
        cast(forms.ChoiceField, self.fields["g"]).choices = [
            ("", _("every group")),
            *((group.slug, group.name) for group in groups),
        ]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("everything")),
            *SearchEntry.Kind.choices,
        ]
        organization_field = self.fields["organization"]
        committee_field = self.fields["committee"]
        assert isinstance(organization_field, forms.ModelChoiceField)
        assert isinstance(committee_field, forms.ModelChoiceField)
        organization_field.queryset = (
            Organization.objects.filter(memberships__working_group__in=groups).distinct().order_by("name")
        )
        committee_field.queryset = Committee.objects.filter(working_group__in=groups).order_by("name")


@login_required
def search_archive(request):
    accesses = groups_for_user(request.user)
    form = SearchForm(request.GET, accesses)
    hits, total, page = [], 0, 1
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        chosen = [access for access in accesses if not data["g"] or access.group.slug == data["g"]]
        filters = {
            name: value
            for name, value in (
                ("kind", data["kind"]),
                ("year", data["year"]),
                ("session_number", data["session"]),
                ("organization", data["organization"]),
                ("committee", data["committee"]),
            )
            if value not in (None, "")
        }
        page = data["page"] or 1
        hits, total = search(
            chosen, data["q"], filters=filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    pages = max(1, -(-total // PAGE_SIZE))
    return render(
        request,
        "archive/search.html",
        {
            "form": form,
            "hits": hits,
            "total": total,
            "page": page,
            "pages": pages,
            "query": form.data.get("q", ""),
            "searched": bool(form.is_valid() and form.cleaned_data["q"].strip()),
        },
        status=200 if form.is_valid() or not form.is_bound else 422,
    )
