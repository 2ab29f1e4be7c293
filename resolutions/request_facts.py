"""The facts an information request asks of each organization, each of a kind — text, number,
date, one of given choices, or a file — and the answers' values kept, shown and exported as that
kind: a number is summed in Excel, a date is a date, a choice is one of the choices.

A request keeps its facts in ``InformationRequest.fields`` as ``{"label", "kind", "choices"}``;
an answer keeps one value per label in ``InformationAnswer.values``: a number as its canonical
decimal text ("27", "3.5"), a date in ISO form, a file as ``{"file": stored name, "name": shown}``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secretariat.persian import (
    format_jalali,
    localize_digits,
    normalize_number,
    normalize_text,
    search_key,
    uses_persian_digits,
)

MAX_FACTS = 30
MAX_LABEL = 100
MAX_CHOICES = 20
# A number answered is at most this many digits: a count, an area or a price in rials.
MAX_DIGITS = 18


class FactKind(models.TextChoices):
    TEXT = "text", pgettext_lazy("kind of fact", "text")
    NUMBER = "number", pgettext_lazy("kind of fact", "number")
    DATE = "date", pgettext_lazy("kind of fact", "date")
    CHOICE = "choice", pgettext_lazy("kind of fact", "one of given choices")
    FILE = "file", pgettext_lazy("kind of fact", "file")


def parse_number(text: str) -> Decimal:
    """A number as people type it: Persian, Arabic or Latin digits, «٫» or «/» or «.» before the
    decimals, «٬» or «,» between thousands. Raises ``ValidationError`` in Persian otherwise."""
    cleaned = normalize_number(text).replace(",", "").replace(" ", "").replace("\u200c", "")
    cleaned = cleaned.replace("/", ".").replace("−", "-")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError(_("Write a number, e.g. ۲۷ or ۳٫۵."), code="not_a_number")
    if len(number.as_tuple().digits) > MAX_DIGITS:
        raise ValidationError(
            _("A number of at most %(limit)s digits.") % {"limit": localize_digits(MAX_DIGITS)},
            code="number_too_long",
        )
    return number


def canonical_number(number: Decimal) -> str:
    """The stored form: no exponent, no trailing zeros after the point ("3.5", "27")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def show_number(stored: str) -> str:
    """A stored number as a reader reads it: «۱۲٬۵۰۰٫۵» in Persian, "12,500.5" otherwise."""
    try:
        number = Decimal(stored)
    except (InvalidOperation, TypeError):
        return localize_digits(stored)
    whole, _point, decimals = canonical_number(number).partition(".")
    grouped = format(int(whole), ",") if whole.lstrip("-") else whole
    if uses_persian_digits():
        grouped = grouped.replace(",", "٬")
        return localize_digits(grouped + ("٫" + decimals if decimals else ""))
    return grouped + ("." + decimals if decimals else "")


@dataclass(frozen=True)
class Fact:
    """One fact asked for: its label, its kind and, for a choice, the choices."""

    label: str
    kind: str = FactKind.TEXT
    choices: tuple[str, ...] = field(default=())

    @classmethod
    def from_stored(cls, stored: object) -> Fact:
        """From what ``InformationRequest.fields`` holds (a bare label is a text fact)."""
        if isinstance(stored, str):
            return cls(label=stored)
        if not isinstance(stored, dict):
            raise ValueError(f"not a stored fact: {stored!r}")
        kind = stored.get("kind") or FactKind.TEXT
        return cls(label=str(stored["label"]), kind=str(kind), choices=tuple(stored.get("choices") or ()))

    def stored(self) -> dict:
        return {"label": self.label, "kind": str(self.kind), "choices": list(self.choices)}

    @property
    def kind_label(self) -> str:
        return str(FactKind(self.kind).label)

    # -- an answer's value ---------------------------------------------------------------------

    def value_to_store(self, value: object) -> object:
        """What an answer keeps for this fact, from a form's cleaned value; "" when left empty.
        A file is stored by the action (see ``resolutions.actions.answer_information``)."""
        if value in (None, ""):
            return ""
        if self.kind == FactKind.NUMBER:
            number = value if isinstance(value, Decimal) else parse_number(str(value))
            return canonical_number(number)
        if self.kind == FactKind.DATE:
            if not isinstance(value, datetime.date):
                raise ValidationError(_("“%(label)s” asks for a date.") % {"label": self.label}, code="date")
            return value.isoformat()
        if self.kind == FactKind.CHOICE:
            if value not in self.choices:
                raise ValidationError(
                    _("“%(value)s” is not one of the choices of “%(label)s”.")
                    % {"value": value, "label": self.label},
                    code="choice",
                )
            return value
        return str(value)

    def date_of(self, stored: object) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(str(stored)) if stored else None
        except ValueError:
            return None

    def shown(self, stored: object) -> str:
        """The value as a reader reads it, in Persian digits and Jalali dates."""
        if stored in (None, ""):
            return ""
        if self.kind == FactKind.NUMBER:
            return show_number(str(stored))
        if self.kind == FactKind.DATE:
            date = self.date_of(stored)
            return format_jalali(date) if date else localize_digits(stored)
        if self.kind == FactKind.FILE:
            return str(stored.get("name", "")) if isinstance(stored, dict) else ""
        return str(stored)

    def cell(self, stored: object) -> object:
        """The value as a spreadsheet cell: a number a column can sum, a date, or text."""
        if stored in (None, ""):
            return None
        if self.kind == FactKind.NUMBER:
            try:
                number = Decimal(str(stored))
            except InvalidOperation:
                return str(stored)
            return int(number) if number == number.to_integral_value() else number
        if self.kind == FactKind.DATE:
            return self.date_of(stored) or str(stored)
        return self.shown(stored)

    def initial(self, stored: object) -> object:
        """The value to put back in the answer form."""
        if self.kind == FactKind.DATE:
            return self.date_of(stored)
        if self.kind == FactKind.NUMBER and stored not in (None, ""):
            return localize_digits(str(stored).replace(".", "٫") if uses_persian_digits() else stored)
        if self.kind == FactKind.FILE:
            return None
        return stored


def facts_of(stored: list) -> list[Fact]:
    return [Fact.from_stored(item) for item in stored or []]


def clean_facts(facts: list[Fact | str]) -> list[Fact]:
    """The facts asked for, checked: at most ``MAX_FACTS``, a label of at most ``MAX_LABEL``
    characters, none asked twice (an answer keeps one value per label), and a choice with at least
    two choices of their own."""
    cleaned: list[Fact] = []
    for item in facts:
        fact = Fact(label=item) if isinstance(item, str) else item
        label = normalize_text(fact.label).strip()
        if not label:
            continue
        choices = tuple(
            dict.fromkeys(normalize_text(choice).strip() for choice in fact.choices if choice.strip())
        )
        cleaned.append(
            Fact(label=label, kind=fact.kind, choices=choices if fact.kind == FactKind.CHOICE else ())
        )
    if len(cleaned) > MAX_FACTS:
        raise ValidationError(
            _("Ask for at most %(limit)s facts; this asks for %(count)s.")
            % {"limit": localize_digits(MAX_FACTS), "count": localize_digits(len(cleaned))},
            code="too_many_fields",
        )
    seen: set[str] = set()
    for fact in cleaned:
        if fact.kind not in FactKind.values:
            raise ValidationError(_("Choose the kind of “%(label)s”.") % {"label": fact.label}, code="kind")
        for text in (fact.label, *fact.choices):
            if len(text) > MAX_LABEL:
                raise ValidationError(
                    _("A fact's label is at most %(limit)s characters: “%(label)s…” is longer.")
                    % {"limit": localize_digits(MAX_LABEL), "label": text[:40]},
                    code="label_too_long",
                )
        if fact.kind == FactKind.CHOICE and not 2 <= len(fact.choices) <= MAX_CHOICES:
            raise ValidationError(
                _("“%(label)s” offers choices: write between %(least)s and %(most)s of them.")
                % {"label": fact.label, "least": localize_digits(2), "most": localize_digits(MAX_CHOICES)},
                code="choices",
            )
        key = search_key(fact.label)
        if key in seen:
            raise ValidationError(
                _("“%(label)s” is asked twice; each fact is asked once.") % {"label": fact.label},
                code="duplicate_field",
            )
        seen.add(key)
    return cleaned
