"""Template filters over ``secretariat.persian``: loaded as builtins in every template."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from secretariat import persian
from secretariat.access import name_of

register = template.Library()


@register.filter
def digits(value: object) -> str:
    """Digits in the active language's form: ``{{ count|digits }}``."""
    return persian.localize_digits(value)


@register.filter
def jalali(value, style: str = "long") -> str:
    """``{{ day|jalali }}`` → "۳۱ خرداد ۱۳۹۱"; ``{{ day|jalali:"short" }}`` → "۱۳۹۱/۰۳/۳۱"."""
    return persian.format_jalali(value, style)


@register.filter
def jalali_datetime(value) -> str:
    return persian.format_jalali_datetime(value)


@register.filter
def jalali_days(values) -> str:
    return persian.format_jalali_days(values)


@register.filter
def jtime(value) -> str:
    return persian.format_time(value)


@register.filter
def ordinal(value: int) -> str:
    return persian.ordinal(int(value))


@register.filter
def days_left(value) -> str:
    return persian.days_left_text(value) if value else ""


@register.filter
def display(value) -> str:
    """Stored text safe to show: ``{{ resolution.text|display }}`` (see ``persian.display_text``)."""
    return persian.display_text(value)


@register.filter
def isolate(value) -> str:
    """Wrap a name or phrase in first-strong isolates (U+2068 … U+2069).

    A Latin name in a Persian sentence then keeps its own direction and punctuation, in the
    browser and in the PDF (WeasyPrint does not implement ``<bdi>``, but Pango honours the
    isolates). Apply after ``display``, which strips any controls stored in the text.
    """
    return f"\u2068{value}\u2069" if value not in (None, "") else ""


_CSS_STRING_ESCAPES = {
    ord("\\"): "\\5C ",
    ord('"'): "\\22 ",
    ord("<"): "\\3C ",
    ord(">"): "\\3E ",
    ord("&"): "\\26 ",
    ord("\n"): "\\A ",
    ord("\r"): "",
}


@register.filter
def css_string(value) -> str:
    """``content: {{ label|css_string }};``: text as a quoted CSS string, safe inside ``<style>``
    (a page's margin boxes in PDFs print text this way: page numbers, the draft mark)."""
    text = "" if value is None else str(value)
    return mark_safe('"' + text.translate(_CSS_STRING_ESCAPES) + '"')


@register.filter
def user_name(user) -> str:
    """``{{ extension.decided_by|user_name }}``: the person behind an account (see ``access.name_of``)."""
    return name_of(user)


@register.filter
def join_list(values) -> str:
    """``{{ names|join_list }}``: the items with the language's list comma, each escaped."""
    return mark_safe(persian.list_separator().join(conditional_escape(value) for value in values if value))


@register.simple_tag
def list_comma() -> str:
    """The list comma alone, for lists whose items carry markup: ``{% if not forloop.last %}{% list_comma %}{% endif %}``."""
    return persian.list_separator()
