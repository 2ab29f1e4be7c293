"""``python manage.py load_demo``: the demo working group with the 12th session and three users."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meetings import demo_facts
from meetings.demo import load_demo
from meetings.demo_current import load_current_example


class Command(BaseCommand):
    help = "Load the 12th session (Shiraz, 1391) into working group 'meydan' with demo users. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Create the demo users even though DEBUG is off (they have a published password).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: refusing to create demo users with a published password. "
                "Use --force if this really is a demo server."
            )
        group = load_demo()
        current = load_current_example(group)
        self.stdout.write(self.style.SUCCESS(f"Demo working group '{group.slug}' loaded."))
        self.stdout.write(
            self.style.SUCCESS(f"Working group '{current.slug}' in daily use, dated from its first load.")
        )
        self.stdout.write("Demo logins (password for all: %s):" % demo_facts.DEMO_PASSWORD)
        for username, (person_key, is_staff) in demo_facts.USERS.items():
            role = "working-group secretary, secretariat staff" if is_staff else "member organization user"
            self.stdout.write(f"  {username:<8} {role} ({demo_facts.PEOPLE[person_key]['last_name']})")
        self.stdout.write("Demo API tokens (see the README's guide to the API):")
        for secret, (username, _name, scope, shared) in demo_facts.API_TOKENS.items():
            whose = "organization's" if shared else "personal"
            self.stdout.write(f"  {secret:<28} {username:<8} {scope:<10} {whose}")
        self.stdout.write(
            "Three sessions before the 12th (a Word file, a PDF and a scan) to import into the archive: "
            f"archive/demo/earlier-sessions.zip, on /g/{group.slug}/archive/import/ as dabir"
        )
