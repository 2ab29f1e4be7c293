"""Form pieces shared by every app: Jalali date input and Persian text normalization."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from secretariat.persian import JalaliDateError, jalali_input_value, normalize_text, parse_jalali_date


class JalaliDateInput(forms.TextInput):
    """A text box that shows a stored date as "۱۳۹۱/۰۳/۳۱" and keeps what was typed on errors."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": "۱۴۰۵/۰۱/۳۱",
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "form-control jalali-date",
            "data-jalali-date": "",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: object) -> str | None:
        if isinstance(value, datetime.date):
            return jalali_input_value(value)
        return super().format_value(value)


class JalaliDateField(forms.Field):
    """A date typed in Jalali, with Persian or Latin digits: "۱۳۹۱/۰۳/۳۱", "1391/3/31"."""

    widget = JalaliDateInput

    def to_python(self, value: object) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_jalali_date(str(value))
        except JalaliDateError as error:
            raise ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value: object) -> object:
        return value


class NormalizedTextMixin:
    """Normalizes every text value of a form: Arabic ي/ك become ی/ک, bidi controls go, ZWNJ stays."""

    def clean(self) -> dict:
        cleaned = super().clean()  # type: ignore[misc]
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = normalize_text(value)
        return cleaned


class NormalizedModelForm(NormalizedTextMixin, forms.ModelForm):
    """Base model form of the project."""
