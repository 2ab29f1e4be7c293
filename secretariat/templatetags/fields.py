"""A form field with its label, help and errors, drawn in Python as crispy-forms' Bootstrap 5
field template draws it.

``{{ form.field|as_field }}`` gives the HTML ``{{ form.field|as_crispy_field }}`` gives (the same
elements, attributes and text; only the whitespace between tags differs), for the fields the
site's forms use: text, number, date, textarea, select, multiple select, checkbox and hidden
inputs. Anything else (a file, radio buttons, ticked choices, a widget of several inputs, a form
with a crispy helper) is handed to crispy's template. A long editor draws about a thousand fields:
crispy's template for each was most of its time (#24). ``tests/secretariat/test_fields.py``
compares both for every kind of field, with and without errors, and the whole editor page.
"""

from __future__ import annotations

from django import forms, template
from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

DRAWN_BY_CRISPY = (forms.FileInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.MultiWidget)


def _add_classes(widget: forms.Widget, classes: str) -> None:
    """What crispy's ``{% crispy_field field 'class' classes %}`` does to the widget."""
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    for added in classes.split():
        if added not in css_class.split():
            css_class += f" {added}"
    widget.attrs["class"] = css_class


def _errors(bound: forms.BoundField, tag: str) -> str:
    if not bound.errors:
        return ""
    field_id = getattr(bound.errors, "field_id", "")
    lines = "".join(
        format_html('<{0} id="error_{1}_{2}"><strong>{3}</strong></{0}>', tag, counter, bound.auto_id, error)
        for counter, error in enumerate(bound.errors, start=1)
    )
    return format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field_id, mark_safe(lines))


def _help(bound: forms.BoundField) -> str:
    if not bound.help_text:
        return ""
    helptext_id = format_html('id="{}_helptext" ', bound.auto_id) if bound.auto_id else ""
    return format_html('<div {}class="form-text">{}</div>', helptext_id, mark_safe(bound.help_text))


def _required_mark(bound: forms.BoundField) -> str:
    return '<span class="asteriskField">*</span>' if bound.field.required else ""


def draw_field(bound: forms.BoundField) -> SafeString:
    widget = bound.field.widget
    if bound.is_hidden:
        return mark_safe(str(bound))
    if isinstance(widget, DRAWN_BY_CRISPY) or bound.use_fieldset or getattr(bound.form, "helper", None):
        from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

        return as_crispy_field(bound)
    invalid = " is-invalid" if bound.errors else ""
    css_classes = bound.css_classes()
    wrapper_classes = f" {css_classes}" if css_classes else ""
    required = " requiredField" if bound.field.required else ""
    label = conditional_escape(bound.label)
    if isinstance(widget, forms.CheckboxInput):
        _add_classes(widget, "form-check-input" + invalid)
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}'
            '<label for="{}" class="form-check-label{}">{}{}</label>{}{}</div></div>',
            bound.auto_id,
            wrapper_classes,
            str(bound),
            bound.id_for_label,
            required,
            label,
            mark_safe(_required_mark(bound)),
            mark_safe(_errors(bound, "p")),
            mark_safe(_help(bound)),
        )
    _add_classes(widget, ("form-select" if isinstance(widget, forms.Select) else "form-control") + invalid)
    label_html = ""
    if bound.label:
        label_for = format_html('for="{}" ', bound.id_for_label) if bound.id_for_label else ""
        label_html = format_html(
            '<label {}class="form-label{}">{}{}</label>',
            label_for,
            required,
            label,
            mark_safe(_required_mark(bound)),
        )
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        bound.auto_id,
        wrapper_classes,
        label_html,
        str(bound),
        mark_safe(_errors(bound, "p")),
        mark_safe(_help(bound)),
    )


@register.filter
def as_field(bound: forms.BoundField) -> SafeString:
    return draw_field(bound)
