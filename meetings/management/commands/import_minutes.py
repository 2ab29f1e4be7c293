"""``python manage.py import_minutes PATH --group SLUG [--dry-run] [--format json|text]``.

Reads a legacy minutes file (.txt in UTF-8, UTF-16 or Windows-1256, or .docx) and prints what the
importer extracted; without ``--dry-run`` it also saves the session as a draft (status "held").
The JSON printed is documented in README.md ("The import_minutes JSON").

Given a folder or a .zip, it sends every file in it to the archive's review queue as one batch
(``archive.bulk``, as the import page does) and reads them here, one line per file; staff review
and accept them on the batch's page. ``--resume BATCH`` goes on with a batch's files not read yet.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings.importing import (
    ImportTextError,
    MinutesImport,
    OrganizationIndex,
    parse_minutes,
    read_document,
)
from meetings.importing.save import (
    CREATE_ORGANIZATION,
    SKIP_ORGANIZATION,
    ImportRefused,
    save_imported_session,
)
from meetings.importing.structure import REFERENCE_SOURCES, SHAPES
from secretariat import jobs
from secretariat.access import command_line_access
from secretariat.models import WorkingGroup
from secretariat.persian import join_list, localize_digits, ordinal


class Command(BaseCommand):
    help = "Import a legacy minutes text (.txt or .docx) into a working group as a draft session."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="The minutes file: .txt (UTF-8, UTF-16 or Windows-1256) or .docx; or a folder or .zip "
            "of minutes (.txt, .docx, .pdf, scans) for the archive's review queue.",
        )
        parser.add_argument("--resume", type=int, metavar="BATCH", help="Go on reading the batch BATCH.")
        parser.add_argument("--group", required=True, help="The working group's slug, e.g. meydan.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only print what was extracted; save nothing."
        )
        parser.add_argument("--format", choices=["json", "text"], default="text", help="Output format.")
        parser.add_argument("--number", type=int, help="The session number, when the text does not state it.")
        unknown = parser.add_mutually_exclusive_group()
        unknown.add_argument(
            "--create-organizations",
            action="store_true",
            help="Create the organizations the text names that are not known yet.",
        )
        unknown.add_argument(
            "--skip-unknown-organizations",
            action="store_true",
            help="Leave out the organizations the text names that are not known yet.",
        )

    def handle(self, *args, **options) -> None:
        group = WorkingGroup.objects.select_related("secretary").filter(slug=options["group"]).first()
        if group is None:
            raise CommandError(f"No working group with the slug '{options['group']}'.")
        if options["resume"] or (options["path"] and _is_batch(Path(options["path"]))):
            self.import_batch(group, options)
            return
        if not options["path"]:
            raise CommandError("Give the path of a minutes file, a folder or a .zip.")
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}") from None
        try:
            document = read_document(data, path.name)
            minutes = parse_minutes(document.text, organizations=OrganizationIndex.for_group(group))
        except ImportTextError as error:
            raise CommandError(str(error)) from None
        minutes.notes = document.notes + minutes.notes
        if options["format"] == "json":
            self.stdout.write(json.dumps(minutes.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report(minutes))
        if options["dry_run"]:
            return
        decision = None
        if options["create_organizations"]:
            decision = CREATE_ORGANIZATION
        elif options["skip_unknown_organizations"]:
            decision = SKIP_ORGANIZATION
        if minutes.unknown_organizations and decision is None:
            names = join_list(p.text for p in minutes.unknown_organizations)
            raise CommandError(
                f"Nothing saved: these organizations are not known: {names}. Pass --create-organizations "
                "to create them or --skip-unknown-organizations to leave them out."
            )
        try:
            meeting = save_imported_session(
                command_line_access(group),
                minutes=minutes,
                number=options["number"],
                organization_decisions={p.key: decision or "" for p in minutes.unknown_organizations},
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        self.stderr.write(
            self.style.SUCCESS(
                f"Saved session {meeting.number} of '{group.slug}' as a draft: {meeting.get_absolute_url()}"
            )
        )

    def import_batch(self, group: WorkingGroup, options) -> None:
        from archive import bulk
        from archive.models import ImportBatch, ImportFile

        access = command_line_access(group)
        if options["resume"]:
            batch = ImportBatch.objects.filter(pk=options["resume"], working_group=group).first()
            if batch is None:
                raise CommandError(f"No import batch {options['resume']} in '{group.slug}'.")
            if bulk.is_reading(batch):
                raise CommandError(f"Batch {batch.pk} is being read by a worker; wait for it to end.")
            jobs.mark_queued(ImportBatch, batch.pk)
        else:
            path = Path(options["path"])
            try:
                batch = bulk.send_files(access, name=path.name, files=_files_of(path), queue=False)
            except (OSError, bulk.BatchRefused) as error:
                raise CommandError(str(error)) from None
        self.stdout.write(f"Batch {batch.pk}: {batch.files.count()} files")

        def report(entry: ImportFile) -> None:
            facts = entry.facts or {}
            line = f"  {entry.name}: {entry.get_status_display()}"
            if entry.status == ImportFile.Status.READ:
                line += (
                    f" — session {entry.session_number or '?'}, {facts.get('resolutions', 0)} resolutions, "
                    f"{facts.get('unsure_lines', 0)} lines to check, confidence {round(100 * (entry.confidence or 0))}%"
                )
            elif entry.reason:
                line += f" — {entry.reason}"
            self.stdout.write(line)

        bulk.read_batch(batch.pk, token=f"command-{uuid.uuid4().hex}", report=report)
        self.stderr.write(
            self.style.SUCCESS(
                f"Read. Review and accept the files at {reverse('archive:batch', args=[group.slug, batch.pk])}"
            )
        )


def _is_batch(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() == ".zip"


def _files_of(path: Path):
    from archive import bulk

    if path.is_dir():
        return [
            bulk.SentFile(name=str(file.relative_to(path)), data=file.read_bytes())
            for file in sorted(path.rglob("*"))
            if file.is_file() and not file.name.startswith(".")
        ]
    return bulk.files_of_upload(path.name, path.read_bytes())


def report(minutes: MinutesImport) -> str:
    """A readable summary of what was extracted, guesses marked with "؟"."""
    return "\n".join([*_session_lines(minutes), "", *_item_lines(minutes), *_leftover_lines(minutes)])


def _session_lines(minutes: MinutesImport) -> list[str]:
    lines: list[str] = []

    def add(label: str, value: object, guess: bool = False) -> None:
        lines.append(
            f"{label}: {localize_digits(value) if value not in (None, '') else '—'}{' ؟' if guess else ''}"
        )

    number = minutes.session_number
    add(_("Read as"), SHAPES.get(minutes.shape, minutes.shape))
    add(_("Session"), f"{number} ({ordinal(number)})" if number else "")
    add(_("Dates"), join_list(f"{d.jalali} ({d.iso})" for d in minutes.dates))
    add(
        _("Host"),
        minutes.host.name or minutes.host.text if minutes.host else "",
        bool(minutes.host and minutes.host.guess),
    )
    add(_("City"), minutes.city)
    add(_("Start time"), minutes.start_time)
    add(_("End time"), minutes.end_time)
    reference = minutes.reference_date
    add(
        _("Relative deadlines count from"),
        f"{reference.jalali} ({REFERENCE_SOURCES.get(minutes.reference_date_source, '')})"
        if reference
        else "",
    )
    return lines


def _item_lines(minutes: MinutesImport) -> list[str]:
    lines = [_("Speeches") + ":"]
    for speech in minutes.speeches:
        lines.append(
            f"  {localize_digits(speech.order)}. {speech.last_name} — {speech.position}{' ؟' if speech.guesses else ''}"
        )
    lines.append(_("Committees") + ":")
    for committee in minutes.committees:
        lead = committee.lead.name if committee.lead else "—"
        collaborators = join_list(c.name or c.text for c in committee.collaborators)
        lines.append(f"  {committee.name}: {lead} + {collaborators}")
    lines.append(_("Resolutions") + ":")
    for resolution in minutes.resolutions:
        deadline = resolution.deadline
        due = ""
        if deadline:
            due = f" [{deadline.text}{' = ' + deadline.jalali if deadline.jalali else ''}]"
        responsible = resolution.responsible
        named = responsible.committee or (responsible.organization.name if responsible.organization else "")
        lines.append(
            f"  {localize_digits(resolution.number)}) {resolution.verb} — {responsible.kind} {named}{due}"
        )
    if minutes.next_session:
        host = minutes.next_session.host
        lines.append(
            _("Next session")
            + f": {localize_digits(minutes.next_session.number or '')} — {host.name if host else '—'}"
            + f" — {minutes.next_session.date.jalali if minutes.next_session.date else '—'}"
        )
    return lines


def _leftover_lines(minutes: MinutesImport) -> list[str]:
    lines = []
    if minutes.unknown_organizations:
        lines.append(_("Unknown organizations") + ":")
        lines += [f"  {p.text} → {p.name}" for p in minutes.unknown_organizations]
    lines.append(_("Not understood") + ":")
    lines += [f"  {localize_digits(p.line)}: {p.text[:80]} ({p.reason})" for p in minutes.not_understood] or [
        "  —"
    ]
    lines += [f"* {note}" for note in minutes.notes]
    return lines
