"""Form pieces shared by every app: Jalali date input and Persian text normalization."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from secretariat import limits
from secretariat.persian import (
    JalaliDateError,
    jalali_input_value,
    localize_digits,
    normalize_number,
    normalize_text,
    parse_jalali_date,
)


class JalaliDateInput(forms.TextInput):
    """A text box that shows a stored date as "۱۳۹۱/۰۳/۳۱" and keeps what was typed on errors."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "placeholder": "۱۴۰۵/۰۱/۳۱",
            "dir": "ltr",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "form-control jalali-date",
            "data-jdp": "",
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


class PersianTimeInput(forms.TextInput):
    """A time box that accepts "۸:۴۰" as well as "8:40" and shows stored times with Persian digits."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {"placeholder": "۸:۳۰", "dir": "ltr", "inputmode": "numeric", "class": "form-control"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value: object) -> str | None:
        if isinstance(value, datetime.time):
            return localize_digits(value.strftime("%H:%M"))
        return super().format_value(value)


class PersianTimeField(forms.TimeField):
    """A time typed with Persian, Arabic or Latin digits, with ":" or "/" or "." between hours and minutes."""

    widget = PersianTimeInput
    default_error_messages = {"invalid": _("Enter a time such as 8:30 or 14:00.")}

    def to_python(self, value: str | datetime.time | None) -> datetime.time | None:
        if isinstance(value, str):
            value = normalize_number(value).replace("/", ":").replace(".", ":")
        return super().to_python(value)


class LocalizedDigitsInput(forms.TextInput):
    """A short text with numbers in it ("۱۳/۱"), shown with the page's digits whatever was stored."""

    def format_value(self, value: object) -> str | None:
        formatted = super().format_value(value)
        return localize_digits(formatted) if formatted else formatted


class PersianNumberInput(LocalizedDigitsInput):
    """A whole number typed and shown with the page's digits ("۱۴"): a browser's number box shows
    only Latin digits. ``IntegerField`` reads Persian and Arabic digits as they are."""

    def __init__(self, attrs: dict | None = None) -> None:
        defaults = {
            "inputmode": "numeric",
            "dir": "ltr",
            "class": "form-control number-input",
            "autocomplete": "off",
        }
        super().__init__({**defaults, **(attrs or {})})


def bounded_number_field(label, *, minimum: int, maximum: int, message, help_text="") -> forms.IntegerField:
    """An optional whole number between ``minimum`` and ``maximum``, typed and shown in the page's
    digits, with one Persian message for every way it can be wrong (Django's own name the limits in
    Latin digits)."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=minimum,
        max_value=maximum,
        widget=PersianNumberInput(),
        help_text=help_text,
        error_messages=dict.fromkeys(("min_value", "max_value", "invalid"), message),
    )


EMPTY_CHOICE_LABEL = _("— choose —")
DJANGO_EMPTY_LABEL = "---------"


def _listed_choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    """A choice field's choices as a list. Django keeps them normalized, whatever form they were
    given in: (value, label) pairs, or an iterator yielding them (a model choice field's)."""
    return list(cast(Iterable[tuple[Any, Any]], field.choices))


def label_empty_choices(fields) -> None:
    """Replace Django's "---------" with a translated "— choose —" in every select of a form."""
    for field in fields:
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = EMPTY_CHOICE_LABEL
        elif isinstance(field, forms.ChoiceField):
            choices = _listed_choices(field)
            if choices and choices[0][0] in ("", None) and choices[0][1] == DJANGO_EMPTY_LABEL:
                field.choices = [("", EMPTY_CHOICE_LABEL), *choices[1:]]


if TYPE_CHECKING:
    _FormSetBase = forms.BaseFormSet
else:
    _FormSetBase = object


def _resolve_from_choices(field: forms.ModelChoiceField, choices: list) -> None:
    """Let ``field`` find a posted value among the objects its shared choices loaded already,
    instead of asking the database for each row; a value not among them takes Django's way (and
    its "not one of the choices" error)."""
    known = {str(value): value.instance for value, _label in choices if hasattr(value, "instance")}
    position = {key: index for index, key in enumerate(known)}
    if isinstance(field, forms.ModelMultipleChoiceField):
        check_values = field._check_values  # type: ignore[attr-defined]  # private, not in the stubs

        def check_known(values):
            keys = [str(value) for value in values]
            if not all(key in known for key in keys):
                return check_values(values)
            # In the order the queryset gives them, as Django's own check returns them.
            return [known[key] for key in sorted(set(keys), key=position.__getitem__)]

        field._check_values = check_known  # type: ignore[attr-defined]
    else:
        to_python = field.to_python

        def to_known(value):
            if value in field.empty_values:
                return None
            found = known.get(str(value.pk if isinstance(value, field.queryset.model) else value))
            return found if found is not None else to_python(value)

        field.to_python = to_known  # type: ignore[method-assign]


class SharedChoicesFormSetMixin(_FormSetBase):
    """Evaluates the choices of the formset's select fields once and gives them to every row.

    ``field_querysets`` maps a field name to the queryset its rows choose from (set it before the
    forms are built). Without this, each row's select runs its own query and a page's query count
    grows with its number of rows.
    """

    field_querysets: dict = {}

    def _shared_choices(self) -> dict[str, list]:
        if not hasattr(self, "_shared_choices_cache"):
            cache = {}
            for name, queryset in self.field_querysets.items():
                field = cast(forms.ModelChoiceField, copy.deepcopy(self.form.base_fields[name]))
                label_empty_choices([field])
                field.queryset = queryset
                cache[name] = _listed_choices(field)
            self._shared_choices_cache = cache
        return self._shared_choices_cache

    def _with_shared_choices(self, form: forms.Form) -> forms.Form:
        for name, choices in self._shared_choices().items():
            field = cast(forms.ModelChoiceField, form.fields[name])
            field.queryset = self.field_querysets[name]
            field.choices = choices
            _resolve_from_choices(field, choices)
        return form

    def _construct_form(self, i, **kwargs):
        return self._with_shared_choices(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._with_shared_choices(super().empty_form)


def bound_length(name: str, field: forms.Field) -> int | None:
    """Give a text field of a form its length limit (``secretariat.limits``), stated beside a
    one-line field and kept by the browser; the limit, or ``None`` for a field that is not free text."""
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.HiddenInput):
        return None
    if field.max_length is not None:
        return field.max_length
    if isinstance(field.widget, forms.Textarea):
        limit = limits.PARAGRAPH
    else:
        limit = limits.one_line(name)
        stated = _("At most %(limit)s characters.") % {"limit": localize_digits(limit)}
        field.help_text = f"{field.help_text} {stated}".strip() if field.help_text else stated
    field.widget.attrs.setdefault("maxlength", str(limit))
    return limit


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class NormalizedTextMixin(_FormBase):
    """Normalizes every text value of a form: Arabic ي/ك become ی/ک, bidi controls go, ZWNJ stays;
    bounds the length of free text (``secretariat.limits``); and labels its empty choices in the
    language of the page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields.values())
        self.length_limits = {
            name: limit
            for name, field in self.fields.items()
            if (limit := bound_length(name, field)) is not None
        }

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            if isinstance(value, str):
                cleaned[name] = normalize_text(value)
                self._check_length(name, cleaned[name])
        return cleaned

    def _check_length(self, name: str, value: str) -> None:
        limit = self.length_limits.get(name)
        if limit is None or len(value) <= limit:
            return
        stored = self.get_initial_for_field(self.fields[name], name)
        if isinstance(stored, str) and normalize_text(stored).strip() == value.strip():
            return  # kept as it was stored (an archive imported whole), not typed anew
        self.add_error(
            name,
            ValidationError(
                _("At most %(limit)s characters; this has %(length)s. Shorten it; nothing is cut for you.")
                % {"limit": localize_digits(limit), "length": localize_digits(len(value))},
                code="too_long",
            ),
        )


class NormalizedModelForm(NormalizedTextMixin, forms.ModelForm):
    """Base model form of the project."""

    def _post_clean(self) -> None:
        # An unchanged row of a formset is the stored row, which passed these checks when it was
        # saved: a long editor's untouched rows cost no model validation (and none of its queries).
        if self.prefix and self.instance.pk is not None and not self.has_changed():
            return
        super()._post_clean()  # type: ignore[misc]  # ModelForm._post_clean is missing from django-stubs
