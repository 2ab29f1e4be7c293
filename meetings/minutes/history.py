"""Who changed what in a session's minutes, and when: read from the django-simple-history tables."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Attendance, Meeting, Speech
from resolutions.models import Resolution
from secretariat.persian import (
    format_jalali,
    format_jalali_datetime,
    format_time,
    localize_digits,
    normalize_text,
    to_persian_digits,
)

MAX_CHANGES = 300
# Bookkeeping, not what the minutes say: who saved is the row's own "by", not a change of a field.
IGNORED_FIELDS = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "order",
    "meeting",
    "working_group",
    "last_changed_by",
}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    """One saved change of one row of the minutes."""

    when: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    subject: str
    fields: list[FieldChange] = field(default_factory=list)


class _Labels:
    """Names of the rows that historical records point to, fetched in one query per model."""

    def __init__(self, sources: Sequence[tuple[type[models.Model], list]]) -> None:
        wanted: dict[type[models.Model], set] = defaultdict(set)
        for model, records in sources:
            for model_field in model._meta.concrete_fields:
                if model_field.is_relation and isinstance(model_field.related_model, type):
                    wanted[model_field.related_model].update(
                        getattr(record, model_field.attname) for record in records
                    )
        self._objects = {
            related: related._default_manager.in_bulk([pk for pk in ids if pk is not None])
            for related, ids in wanted.items()
        }

    def display(self, record, model_field) -> str:
        value = getattr(record, model_field.attname)
        if value in (None, ""):
            return "—"
        if model_field.is_relation:
            related = self._objects.get(model_field.related_model, {}).get(value)
            return str(related) if related is not None else str(value)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, datetime.datetime):
            return format_jalali_datetime(value)
        if isinstance(value, datetime.date):
            return format_jalali(value, "short")
        if isinstance(value, datetime.time):
            return format_time(value)
        if isinstance(value, int):
            return localize_digits(value)
        text = str(value)
        return text if len(text) <= 160 else text[:157] + "…"

    def subject(self, model, record) -> str:
        if model is Meeting:
            return str(_("session header"))
        if model is Resolution:
            return str(_("resolution %(number)s") % {"number": localize_digits(record.number)})
        if model is AgendaItem:
            return str(_("agenda item %(number)s") % {"number": localize_digits(record.number)})
        person_field = "person" if model is Attendance else "speaker"
        person = self.display(record, model._meta.get_field(person_field))
        if model is Attendance:
            return str(_("attendance of %(person)s") % {"person": person})
        return str(_("speech of %(person)s") % {"person": person})


def _as_read(text: str) -> str:
    return to_persian_digits(normalize_text(text))


def _changes_of(model, records, labels: _Labels) -> list[Change]:
    fields = [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]
    previous: dict[int, object] = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changed: list[FieldChange] = []
        if record.history_type == "~" and before is not None:
            changed = [
                FieldChange(str(f.verbose_name), labels.display(before, f), labels.display(record, f))
                for f in fields
                if getattr(before, f.attname) != getattr(record, f.attname)
            ]
            # A value only normalized on input («13/1» → «۱۳/۱», ي → ی) reads the same: not an edit.
            changed = [change for change in changed if _as_read(change.old) != _as_read(change.new)]
            if not changed:
                continue  # saved without a visible change (e.g. only renumbered or reordered)
        changes.append(
            Change(
                record.history_date,
                record.history_user,
                record.history_type,
                labels.subject(model, record),
                changed,
            )
        )
    return changes


def meeting_history(meeting: Meeting, *, resolution_id: int | None = None) -> list[Change]:
    """The newest changes first, of the session's header and rows (or of one resolution only)."""
    resolutions = Resolution.history.filter(meeting_id=meeting.pk)
    if resolution_id is not None:
        querysets: list[tuple[type[models.Model], Any]] = [(Resolution, resolutions.filter(id=resolution_id))]
    else:
        querysets = [
            (Meeting, Meeting.history.filter(id=meeting.pk)),
            (Attendance, Attendance.history.filter(meeting_id=meeting.pk)),
            (Speech, Speech.history.filter(meeting_id=meeting.pk)),
            (AgendaItem, AgendaItem.history.filter(meeting_id=meeting.pk)),
            (Resolution, resolutions),
        ]
    sources = [
        (model, list(queryset.select_related("history_user__person").order_by("history_date", "history_id")))
        for model, queryset in querysets
    ]
    labels = _Labels(sources)
    changes = [change for model, records in sources for change in _changes_of(model, records, labels)]
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:MAX_CHANGES]
