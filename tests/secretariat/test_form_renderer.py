"""The standard widgets drawn in Python give the HTML Django's templates give, and a long
editor's rows kept from one opening to the next show what changed since (#24)."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from meetings.models import Meeting
from secretariat.form_renderer import QuickWidgetRenderer
from secretariat.templatetags.rows import kept_rows
from tests.forms_helper import read_form
from tests.sample_data import add_sample_resolutions

CHOICES = [
    ("", "— انتخاب کنید —"),
    ("1", "تهران"),
    ("2", 'مشهد <"&">'),
    ("گروه", [("3", "قم"), ("4", "یزد")]),
]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"maxlength": 20, "placeholder": 'x<"y">'}))
    empty_text = forms.CharField(required=False)
    number = forms.IntegerField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    ticked = forms.BooleanField(required=False)
    unticked = forms.BooleanField(required=False)
    long_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    empty_long_text = forms.CharField(required=False, widget=forms.Textarea)
    choice = forms.ChoiceField(choices=CHOICES)
    choices = forms.MultipleChoiceField(choices=CHOICES, widget=forms.SelectMultiple(attrs={"data-x": True}))
    email = forms.EmailField()


VALUES = {
    "text": 'نام <b>"پررنگ"</b> & دیگر',
    "number": "۱۲",
    "hidden": "7",
    "date": "2012-09-21",
    "ticked": "on",
    "long_text": "سطر اول\n<سطر> دوم",
    "choice": "2",
    "choices": ["1", "4"],
    "email": "a@example.org",
}


@pytest.mark.parametrize("bound", [False, True])
def test_each_standard_widget_is_drawn_as_djangos_templates_draw_it(bound):
    form = EveryWidget(VALUES if bound else None, initial={} if bound else {"text": "<آغاز>", "ticked": True})
    for name in form.fields:
        bound_field = form[name]
        widget = bound_field.field.widget
        attrs = bound_field.build_widget_attrs({"id": bound_field.auto_id})
        value = bound_field.value()
        expected = widget.render(bound_field.html_name, value, attrs, renderer=DjangoTemplates())
        drawn = widget.render(bound_field.html_name, value, attrs, renderer=QuickWidgetRenderer())
        assert drawn == expected, name


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_long_editor_is_the_same_page_drawn_either_way(clients, demo_group, settings):
    meeting = Meeting.objects.create(working_group=demo_group, number=30, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, 6)
    url = "/g/meydan/sessions/30/edit/"
    kept_rows.entries.clear()
    quick = clients["secretary"].get(url).content.decode()
    kept_rows.entries.clear()
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    templates = clients["secretary"].get(url).content.decode()
    assert _without_tokens(quick) == _without_tokens(templates)


def test_a_kept_row_shows_what_changed_and_a_row_with_an_error_is_drawn_anew(clients, demo_group):
    meeting = Meeting.objects.create(working_group=demo_group, number=31, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, 5)
    client = clients["secretary"]
    url = "/g/meydan/sessions/31/edit/"
    kept_rows.entries.clear()
    form = read_form(client.get(url).content.decode(), "minutes-editor")
    drawn = len(kept_rows.entries)
    assert drawn == 5  # every resolution row kept
    form["resolutions-2-text"] = "متن تازه مصوبه سوم"
    assert client.post(url, form).status_code == 302
    again = client.get(url).content.decode()
    assert "متن تازه مصوبه سوم" in again
    assert len(kept_rows.entries) == drawn + 1  # the changed row only was drawn again
    form = read_form(again, "minutes-editor")
    form["resolutions-1-text"] = ""  # required: an error beside the field
    refused = client.post(url, form).content.decode()
    assert 'id="id_resolutions-1-text"' in refused and "is-invalid" in refused
