"""Backup and restore of everything: the database's data, uploaded files and signed PDFs.

A backup is one ``.tar.gz`` with ``data.json`` (``dumpdata`` with natural keys, in the
``exact_json`` format that keeps datetimes to the microsecond), every
file that a ``FileField`` refers to under ``files/``, and ``manifest.json`` with the SHA-256 of
each. Files are read and written through the configured storage, so the same commands work with
local disk and with an S3-compatible store. Restoring needs a migrated, empty database.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
# What a restore recreates by itself (migrate) or must not bring back (sessions, lockouts), and
# what the site makes again when asked (stored documents, finished background tasks, the data
# version: a restore is a change, which gives it a new one).
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "django_tasks_database",
    "secretariat.storeddocument",
    "secretariat.dataversion",
]


def _excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
FILES_PREFIX = "files/"


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_file_names() -> list[str]:
    """Every file name a ``FileField`` of any model refers to, in a stable order."""
    names: set[str] = set()
    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy or not model._meta.managed or _excluded(model):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    name
                    for name in model._base_manager.exclude(**{field.attname: ""}).values_list(
                        field.attname, flat=True
                    )
                    if name
                )
    return sorted(names)


def dump_data() -> bytes:
    output = io.StringIO()
    call_command(
        "dumpdata",
        *[],
        format="exact_json",
        exclude=EXCLUDED,
        natural_foreign=True,
        natural_primary=False,
        indent=None,
        stdout=output,
    )
    return output.getvalue().encode("utf-8")


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by("app", "name"):
        latest[app] = name
    return latest


@dataclass
class BackupSummary:
    path: Path
    objects: int
    files: int
    missing_files: list[str]


def create_backup(path: Path) -> BackupSummary:
    """Write a backup of all data and files to ``path`` (a .tar.gz)."""
    data = dump_data()
    objects = len(json.loads(data))
    files: dict[str, str] = {}
    missing: list[str] = []
    manifest: dict[str, object] = {
        "format": FORMAT_VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": _applied_migrations(),
        "data": {"name": DATA_NAME, "sha256": sha256(data), "objects": objects},
        "files": files,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        _add(archive, DATA_NAME, data)
        for name in stored_file_names():
            try:
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
            except FileNotFoundError:
                missing.append(name)
                continue
            files[name] = sha256(content)
            _add(archive, FILES_PREFIX + name, content)
        manifest["missing_files"] = missing
        _add(archive, MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    return BackupSummary(path=path, objects=objects, files=len(files), missing_files=missing)


def _database_is_empty() -> bool:
    """No row in any table a backup restores (what migrate itself creates does not count)."""
    for model in apps.get_models():
        if _excluded(model):
            continue
        if model._meta.managed and not model._meta.proxy and model._base_manager.exists():
            return False
    return True


def _read(archive: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    """The content of a regular file of the archive (only those are read)."""
    handle = archive.extractfile(member)
    assert handle is not None, f"{member.name} is not a regular file"
    return handle.read()


def read_backup(path: Path) -> tuple[dict, bytes, dict[str, bytes]]:
    """The manifest, the data and the files of a backup, checked against the manifest's hashes."""
    with tarfile.open(path, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        if MANIFEST_NAME not in members or DATA_NAME not in members:
            raise BackupError(f"{path} is not a secretariat backup (no manifest or data).")
        manifest = json.loads(_read(archive, members[MANIFEST_NAME]))
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        data = _read(archive, members[DATA_NAME])
        if sha256(data) != manifest["data"]["sha256"]:
            raise BackupError("data.json does not match its hash in the manifest: the backup is damaged.")
        files = {}
        for name, expected in manifest["files"].items():
            member = members.get(FILES_PREFIX + name)
            if member is None:
                raise BackupError(f"{name} is listed in the manifest but missing from the backup.")
            content = _read(archive, member)
            if sha256(content) != expected:
                raise BackupError(f"{name} does not match its hash in the manifest: the backup is damaged.")
            files[name] = content
    return manifest, data, files


@transaction.atomic
def restore_backup(path: Path) -> BackupSummary:
    """Load a backup into this (migrated, empty) database and its files into the storage."""
    manifest, data, files = read_backup(path)
    if not _database_is_empty():
        raise BackupError("The database is not empty: restore into a freshly migrated database.")
    ours = _applied_migrations()
    newer = {app: name for app, name in manifest["migrations"].items() if ours.get(app, "") < name}
    if newer:
        raise BackupError(f"The backup comes from a newer schema: migrate first ({newer}).")
    with tempfile.TemporaryDirectory() as directory:
        fixture = Path(directory) / DATA_NAME
        fixture.write_bytes(data)
        call_command("loaddata", str(fixture), verbosity=0)
    for name, content in files.items():
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            raise BackupError(f"The storage renamed {name} to {saved}; restore into an empty storage.")
    return BackupSummary(path=path, objects=manifest["data"]["objects"], files=len(files), missing_files=[])
