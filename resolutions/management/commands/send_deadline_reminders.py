"""``python manage.py send_deadline_reminders``: e-mail organizations about coming and passed deadlines.

Run it daily (cron, a systemd timer); each reminder goes out once however often it runs.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser

from resolutions.actions import send_deadline_reminders
from resolutions.reminders import reminder_days
from secretariat.models import WorkingGroup
from secretariat.persian import JalaliDateError, parse_jalali_date


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parse_jalali_date(text)
    except JalaliDateError as error:
        raise CommandError(str(error)) from None


class Command(BaseCommand):
    help = "E-mail each organization a set number of days before a resolution's deadline, and once after it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days before the deadline to remind (default: DEADLINE_REMINDER_DAYS or {reminder_days()}).",
        )
        parser.add_argument("--group", help="Only this working group (its slug).")
        parser.add_argument(
            "--today", help="Pretend today is this date (ISO 2012-09-14 or Jalali 1391/06/24)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send nothing.")

    def handle(self, *args, days: int | None, group: str | None, today: str | None, dry_run: bool, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be zero or more.")
        working_group = None
        if group:
            working_group = WorkingGroup.objects.filter(slug=group).first()
            if working_group is None:
                raise CommandError(f"No working group with the slug {group!r}.")
        sent = send_deadline_reminders(
            today=_date(today) if today else None, days_before=days, group=working_group, dry_run=dry_run
        )
        for batch, recipients in sent:
            numbers = ", ".join(
                f"{r.meeting.number}/{r.shown_number} ({kind})" for r, kind, _date in batch.items
            )
            self.stdout.write(f"{batch.organization} → {', '.join(recipients)}: {numbers}")
        reminders = sum(len(batch.items) for batch, _recipients in sent)
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(self.style.SUCCESS(f"{reminders} reminders {verb} in {len(sent)} e-mails."))
