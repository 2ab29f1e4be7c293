"""``makemessages`` without fuzzy matching, and without the importer's test corpus.

A new string starts untranslated, never with a guess; the corpus of minutes texts
(``tests/meetings/importing/corpus``) is data, not templates, and some of it is not UTF-8.

msgmerge's fuzzy matching fills a new message with the translation of a similar one ("Number:"
with the translation of "Number"); the translation check then has to catch it. Without it a new
string is simply empty until someone translates it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), "tests/*/importing/corpus/*"]
        return super().handle(*args, **options)
