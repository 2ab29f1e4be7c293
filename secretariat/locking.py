"""Minutes that were circulated or signed cannot change: the guard every part of the minutes shares.

A model that is part of a session's minutes (the session itself, its days, sittings,
attendance, speeches, agenda, resolutions and their collaborators) inherits ``FrozenWithMinutes``
and uses ``FrozenQuerySet``. Then every path that writes through the ORM — forms, the admin,
``save()``, ``delete()``, ``QuerySet.update()``/``delete()``/``bulk_create()`` — refuses to
change it while its session is locked, except the fields listed in ``editable_when_locked``
(a resolution's status, say). The session's ``Status.locked()`` says which statuses lock.

This module is in the core app so that ``resolutions`` can use it without importing
``meetings``: the session model is reached through the ``meeting`` foreign key.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

LOCKED_MESSAGE = _(
    "These minutes were circulated for signature or signed: their content cannot change. "
    "Withdraw them from circulation, or open a correction, to change them."
)


class MinutesLockedError(ValidationError):
    """A change to the content of minutes that are circulated, signed or published."""

    def __init__(self) -> None:
        super().__init__(LOCKED_MESSAGE, code="minutes_locked")


def _meeting_model(model) -> type[models.Model]:
    """The session model, found by following ``meeting_path`` from ``model``."""
    for name in filter(None, model.meeting_path.split("__")):
        model = model._meta.get_field(name).related_model
    return model


class FrozenQuerySet(models.QuerySet):
    """Bulk writes that refuse to touch rows of locked minutes."""

    def _touches_locked_minutes(self) -> bool:
        statuses = _meeting_model(self.model).Status.locked()
        lookup = f"{self.model.meeting_path}__status__in" if self.model.meeting_path else "status__in"
        return self.filter(**{lookup: statuses}).exists()

    def update(self, **kwargs):
        if not set(kwargs) <= set(self.model.editable_when_locked) and self._touches_locked_minutes():
            raise MinutesLockedError
        return super().update(**kwargs)

    def delete(self):
        if self._touches_locked_minutes():
            raise MinutesLockedError
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refuse_if_locked()
        return super().bulk_create(objs, *args, **kwargs)


class FrozenWithMinutes(models.Model):
    """A part of a session's minutes: frozen while the session is locked."""

    meeting_path = "meeting"  # how to reach the session: "" for the session itself
    editable_when_locked: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not set(update_fields) <= set(self.editable_when_locked):
            self.refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked():
            raise MinutesLockedError
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.refuse_if_locked()

    def _locking_status(self) -> str | None:
        """The session's status as stored, which is what decides (not an unsaved change of it)."""
        meeting = self
        for name in filter(None, self.meeting_path.split("__")):
            if getattr(meeting, f"{name}_id", None) is None:
                return None
            meeting = getattr(meeting, name)
        if meeting.pk is None:
            return None
        return type(meeting)._base_manager.filter(pk=meeting.pk).values_list("status", flat=True).first()

    def is_locked(self) -> bool:
        return self._locking_status() in _meeting_model(type(self)).Status.locked()

    def _frozen_changes(self) -> list[str]:
        if not self.is_locked():
            return []
        if self.pk is None or self._state.adding:
            return ["(new row)"]
        names = [f.attname for f in self._meta.concrete_fields if f.name not in self.editable_when_locked]
        stored = type(self)._base_manager.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return ["(new row)"]
        return [name for name in names if stored[name] != getattr(self, name)]

    def refuse_if_locked(self) -> None:
        if self._frozen_changes():
            raise MinutesLockedError
