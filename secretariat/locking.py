"""Minutes that were circulated or signed cannot change: the guard every part of the minutes shares.

A model that is part of a session's minutes (the session itself, its days, sittings,
attendance, speeches, agenda, resolutions and their collaborators) inherits ``FrozenWithMinutes``
and uses ``FrozenQuerySet``. Then every path that writes through the ORM — forms, the admin,
``save()``, ``delete()``, ``QuerySet.update()``/``delete()``/``bulk_create()`` — refuses to
change it while its session is locked, except the fields listed in ``editable_when_locked``
(a resolution's status, say). ``SessionStatus.locked()`` says which statuses lock.

This module is in the core app so that ``resolutions`` can use it without importing
``meetings``: a row's session status is read through its ``meeting_path`` lookup.
"""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.db import OperationalError, models, transaction
from django.utils.translation import gettext_lazy as _

from secretariat.lifecycle import SessionStatus

LOCKED_MESSAGE = _(
    "These minutes were circulated for signature or signed: their content cannot change. "
    "Withdraw them from circulation, or open a correction, to change them."
)


class MinutesLockedError(ValidationError):
    """A change to the content of minutes that are circulated, signed or published."""

    def __init__(self) -> None:
        super().__init__(LOCKED_MESSAGE, code="minutes_locked")


def _status_lookup(model) -> str:
    """The lookup from ``model`` to its session's status: "status", "meeting__status"..."""
    return f"{model.meeting_path}__status" if model.meeting_path else "status"


class FrozenQuerySet(models.QuerySet):
    """Bulk writes that refuse to touch rows of locked minutes."""

    def _touches_locked_minutes(self) -> bool:
        return self.filter(**{f"{_status_lookup(self.model)}__in": SessionStatus.locked()}).exists()

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
        if self.meeting_path:
            first_step = self.meeting_path.split("__")[0]
            if getattr(self, f"{first_step}_id", None) is None:
                return None
            if self.pk is None or self._state.adding:
                # A new row: ask from the session it is being added to.
                related = getattr(self, first_step)
                return related._locking_status()
        elif self.pk is None:
            return None
        rows = type(self)._base_manager.filter(pk=self.pk).values_list(_status_lookup(type(self)), flat=True)
        return rows.first()

    def is_locked(self) -> bool:
        return self._locking_status() in SessionStatus.locked()

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


# PostgreSQL's code for "could not serialize access": the transaction lost a race and may be run again.
SERIALIZATION_FAILURE = "40001"


def in_one_snapshot(action):
    """Run ``action`` in one transaction that reads one snapshot of the database, so that what it
    freezes (the facts of circulated minutes) is read wholly before or wholly after a concurrent
    change — never an organization under its old name in one place and its new name in another.

    On PostgreSQL the transaction is REPEATABLE READ (and is run again, up to three times, when it
    loses a race to a concurrent update). SQLite's transactions take the write lock when they
    begin (``transaction_mode = IMMEDIATE``), so nothing is written while one reads. Inside an
    outer transaction the action simply joins it.
    """

    @functools.wraps(action)
    def run(*args, **kwargs):
        connection = transaction.get_connection()
        if connection.in_atomic_block or connection.vendor != "postgresql":
            with transaction.atomic():
                return action(*args, **kwargs)
        attempts = 0
        while True:
            attempts += 1
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    return action(*args, **kwargs)
            except OperationalError as error:
                lost_a_race = getattr(error.__cause__, "sqlstate", "") == SERIALIZATION_FAILURE
                if not lost_a_race or attempts == 3:
                    raise

    return run
