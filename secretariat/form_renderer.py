"""Django's form renderer, with the plain widgets drawn in Python.

A long session's editor holds about a thousand fields, many of them selects of dozens of
organizations and people; Django draws each widget, and each option of a select, from a template
of its own, which took seconds. The standard widgets (inputs, textareas, selects) are drawn here
to the same HTML their templates give (``tests/secretariat/test_form_renderer.py`` compares
them); every other template — a widget of our own, a form — is rendered as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

WIDGETS = "django/forms/widgets/"
INPUT_TEMPLATES = frozenset(
    f"{WIDGETS}{kind}.html"
    for kind in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "tel",
        "search",
        "password",
        "hidden",
        "date",
        "time",
        "datetime",
        "checkbox",
        "color",
    )
)


def attributes(attrs: dict) -> str:
    """As ``attrs.html``: ``True`` gives the bare name, ``False`` nothing, anything else its text."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def draw_input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{attributes(widget['attrs'])}>"
    )


def draw_textarea(widget: dict) -> str:
    text = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>\n{text}</textarea>'


def draw_select(widget: dict) -> str:
    html = [f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != f"{WIDGETS}select_option.html":
                return ""  # an option of its own kind: the templates draw it
            html.append(  # each option's template ends with a line of its own
                f'\n  <option value="{conditional_escape(option["value"])}"{attributes(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


class QuickWidgetRenderer(DjangoTemplates):
    """``FORM_RENDERER``: the standard widgets drawn in Python, the rest by Django's templates."""

    def render(self, template_name, context, request=None) -> SafeString:
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and widget.get("template_name") == template_name:
            drawn = ""
            if template_name in INPUT_TEMPLATES:
                drawn = draw_input(widget)
            elif template_name == f"{WIDGETS}textarea.html":
                drawn = draw_textarea(widget)
            elif template_name == f"{WIDGETS}select.html":
                drawn = draw_select(widget)
            if drawn:
                return mark_safe(drawn)
        return mark_safe(super().render(template_name, context, request))
