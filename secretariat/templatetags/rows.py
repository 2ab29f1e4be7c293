"""A long editor's rows, each drawn once for what it shows.

``{% kept_row "template.html" %}`` renders the row template for the ``form`` in the context, as
``{% include %}`` would, and keeps the HTML under a key made of everything the row draws from: each
field's kind, label, help, attributes, value and choices, the form's prefix and instance, the
language, the editor's templates and code. Opening the editor again after one resolution changed
draws that row only; a row with a value posted or an error is always drawn anew.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from django import forms, template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from secretariat.documents import layout_version
from secretariat.read_cache import NearCache

register = template.Library()

# Kept in this process's memory, not the shared cache: a lookup per row would be a query per row
# on the embedded database's cache. A key names all a row shows: nothing to invalidate.
kept_rows = NearCache(1200)  # rows of ~15 KB: thirty 40-resolution sessions, some 18 MB a process
# The code that decides a row's fields besides the templates (in ``layout_version``).
FORM_SOURCES = (
    "meetings/minutes/forms.py",
    "secretariat/forms.py",
    "secretariat/form_renderer.py",
    "secretariat/templatetags/fields.py",
)


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256(layout_version().encode())
    for source in FORM_SOURCES:
        digest.update((Path(settings.BASE_DIR) / source).read_bytes())
    return digest.hexdigest()


def row_key(form, template_name: str, *context_values) -> str | None:
    """What the row shows, as a key; ``None`` for a row that must be drawn anew."""
    if form.is_bound or form.errors:
        return None
    parts: list = [
        template_name,
        code_version(),
        get_language(),
        form.prefix,
        form.instance.pk,
        context_values,
    ]
    for name, field in sorted(form.fields.items()):  # the template names them: their order draws nothing
        choices = None if field.widget.is_hidden else getattr(field, "choices", None)
        if (
            isinstance(field, forms.ModelChoiceField)
            and choices is not None
            and not hasattr(field, "_choices")
        ):
            return None  # choices the widget would read from the database as it draws: never kept
        parts.append(
            (
                name,
                type(field).__name__,
                type(field.widget).__name__,
                str(field.label),
                str(field.help_text),
                field.required,
                field.disabled,
                sorted((key, str(value)) for key, value in field.widget.attrs.items()),
                repr(form[name].value()),
                [(str(value), str(label)) for value, label in choices] if choices is not None else None,
            )
        )
    return "row:" + hashlib.sha256(repr(parts).encode()).hexdigest()


@register.simple_tag(takes_context=True)
def kept_row(context, template_name: str, *context_values):
    """The row template rendered for ``form`` (see above); ``context_values``: the other values of
    the context it reads, which are part of its key."""
    form = context["form"]
    key = row_key(form, template_name, *context_values)
    html = kept_rows.get(key) if key is not None else None
    if html is None:
        html = context.template.engine.get_template(template_name).render(context)
        if key is not None:
            kept_rows.set(key, html)
    return mark_safe(html)  # the row template's own output, escaped where it drew its values
