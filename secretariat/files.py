"""Files written whole or not at all.

Django's storages write a file in place: a full disk or an I/O error halfway leaves a truncated
file under the real name, which a reader would then be served. Here a file goes to a temporary
name beside its place, is read back and checked (size and SHA-256), and only then takes its real
name; on any error nothing remains under the real name, and the error goes to the caller, who
records it where the work was asked.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from typing import cast

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models


class IncompleteFile(OSError):
    """What was read back is not what was written."""


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def save_whole(storage: Storage, name: str, content: bytes) -> str:
    """Store ``content`` under ``name`` (or, if taken, a free name beside it); the name it took."""
    if isinstance(storage, FileSystemStorage):
        return _save_on_disk(storage, name, content)
    stored = storage.save(name, ContentFile(content))
    try:
        with storage.open(stored, "rb") as handle:
            _check(handle.read(), content)
    except BaseException:
        storage.delete(stored)
        raise
    return stored


def store_into(instance: models.Model, field: str, filename: str, content: bytes) -> str:
    """Store ``content`` whole at the place ``instance``'s file ``field`` keeps its files, and point
    the field at it (the caller saves the row). Returns the stored name."""
    file_field = cast(models.FileField, instance._meta.get_field(field))
    name = save_whole(file_field.storage, file_field.generate_filename(instance, filename), content)
    getattr(instance, field).name = name
    return name


def _check(found: bytes, expected: bytes) -> None:
    if len(found) != len(expected) or sha256_of(found) != sha256_of(expected):
        raise IncompleteFile(errno.EIO, "the file read back differs from what was written")


def _save_on_disk(storage: FileSystemStorage, name: str, content: bytes) -> str:
    final_name = storage.get_available_name(name)
    directory = os.path.dirname(storage.path(final_name))
    os.makedirs(directory, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(content)
            output.flush()
            os.fsync(output.fileno())
        with open(temporary, "rb") as written:
            _check(written.read(), content)
        if storage.file_permissions_mode is not None:
            os.chmod(temporary, storage.file_permissions_mode)
        while True:
            try:
                os.link(temporary, storage.path(final_name))  # never over another file
                break
            except FileExistsError:
                final_name = storage.get_available_name(final_name)
    finally:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
    return final_name
