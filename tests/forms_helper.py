"""Reads a page's form the way a browser would submit it, so tests can change a field and post it back."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.in_template = 0
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: list[str] = []
        self._select_first: str | None = None
        self._select_multiple = False
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.in_form = attrs.get("id") == self.form_id
        if tag == "template":
            self.in_template += 1
        if not self.in_form or self.in_template:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, [], None
            self._select_multiple = "multiple" in attrs
        elif tag == "option" and self._select:
            self._option_value = attrs.get("value")
            self._option_selected = "selected" in attrs
            self._option_text = ""
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        if self._option_value is None and self._select and self._option_text is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "form" and self.form_id is not None:
            self.in_form = False
        elif tag == "option" and self._select:
            value = self._option_value if self._option_value is not None else self._option_text
            if self._select_first is None:
                self._select_first = value
            if self._option_selected:
                self._select_value.append(value)
            self._option_value = None
        elif tag == "select" and self._select:
            default = (
                [self._select_first] if self._select_first is not None and not self._select_multiple else []
            )
            values = self._select_value or default
            self.fields.extend((self._select, value) for value in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._textarea_text.removeprefix("\n")))
            self._textarea = None


def read_form(html: str, form_id: str | None = None) -> dict[str, str | list[str]]:
    """The values a browser would submit from the form ``form_id`` (repeated names become lists)."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data: dict[str, str | list[str]] = {}
    for name, value in reader.fields:
        if name in data:
            existing = data[name]
            data[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[name] = value
    return data


def fact_rows(*facts: tuple[str, str, str]) -> dict[str, str]:
    """The request form's fact rows, as posted: (label, kind, choices) each."""
    data = {"facts-TOTAL_FORMS": str(len(facts)), "facts-INITIAL_FORMS": "0"}
    for index, (label, kind, choices) in enumerate(facts):
        data |= {
            f"facts-{index}-label": label,
            f"facts-{index}-kind": kind,
            f"facts-{index}-choices": choices,
        }
    return data
