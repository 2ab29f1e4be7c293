"""A field drawn by ``as_field`` is the HTML crispy-forms' field template draws (#24): the same
elements, attributes and text, for every kind of field, with and without errors, and the whole
editor page either way."""

from __future__ import annotations

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.test.html import parse_html

from meetings.models import Meeting
from secretariat.templatetags import fields
from secretariat.templatetags.rows import kept_rows
from tests.forms_helper import read_form
from tests.sample_data import add_sample_resolutions

CHOICES = [("", "— انتخاب کنید —"), ("1", "تهران"), ("2", 'مشهد <"&">')]


class EveryField(forms.Form):
    text = forms.CharField(label='نام <و> "نشان"', max_length=20, help_text="<b>راهنما</b> با برچسب")
    optional_text = forms.CharField(required=False, label="")
    number = forms.IntegerField(label="شمار", min_value=1)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(label="تاریخ", widget=forms.DateInput(attrs={"type": "date", "class": "jalali"}))
    ticked = forms.BooleanField(label="تیک <بزن>", required=False, help_text="یک راهنما")
    must_tick = forms.BooleanField(label="باید")
    long_text = forms.CharField(label="متن", widget=forms.Textarea(attrs={"rows": 3}))
    choice = forms.ChoiceField(label="گزینه", choices=CHOICES)
    choices = forms.MultipleChoiceField(label="گزینه‌ها", choices=CHOICES[1:], required=False)
    radio = forms.ChoiceField(label="یکی", choices=CHOICES[1:], widget=forms.RadioSelect)
    upload = forms.FileField(label="پیوست", required=False)

    def clean(self):
        raise forms.ValidationError("خطای کل فرم")


VALUES = {"text": "x" * 30, "number": "0", "date": "نه تاریخ", "choice": "9", "choices": ["1"], "radio": "1"}


def _same_html(drawn: str, expected: str) -> bool:
    return parse_html(drawn) == parse_html(expected)


@pytest.mark.parametrize("data", [None, VALUES, {}], ids=["unbound", "with errors", "empty"])
def test_each_kind_of_field_is_drawn_as_crispy_draws_it(data):
    for name in EveryField.base_fields:
        expected = str(as_crispy_field(EveryField(data)[name]))
        drawn_form = EveryField(data)
        drawn = str(fields.as_field(drawn_form[name]))
        assert _same_html(drawn, expected), (name, drawn, expected)
        if data is not None and name in ("text", "number", "choice", "must_tick"):
            assert "is-invalid" in drawn and "invalid-feedback" in drawn, name  # the error is beside it
        # Drawn twice (a page that shows a field again): the classes are not added twice.
        assert _same_html(str(fields.as_field(drawn_form[name])), drawn), name


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_editor_is_the_same_page_drawn_by_crispy(clients, demo_group, monkeypatch):
    meeting = Meeting.objects.create(working_group=demo_group, number=32, status=Meeting.Status.HELD)
    add_sample_resolutions(meeting, 4)
    client = clients["secretary"]
    url = "/g/meydan/sessions/32/edit/"
    kept_rows.entries.clear()
    opened = client.get(url).content.decode()
    form = read_form(opened, "minutes-editor")
    form["resolutions-1-text"] = ""  # an error beside a field
    refused = client.post(url, form).content.decode()
    assert "is-invalid" in refused
    kept_rows.entries.clear()
    monkeypatch.setattr(fields, "draw_field", as_crispy_field)
    by_crispy = client.get(url).content.decode()
    refused_by_crispy = client.post(url, form).content.decode()
    kept_rows.entries.clear()
    assert parse_html(_without_tokens(opened)) == parse_html(_without_tokens(by_crispy))
    assert parse_html(_without_tokens(refused)) == parse_html(_without_tokens(refused_by_crispy))
