"""``makemessages`` without fuzzy matching: a new string starts untranslated, never with a guess.

msgmerge's fuzzy matching fills a new message with the translation of a similar one ("Number:"
with the translation of "Number"); the translation check then has to catch it. Without it a new
string is simply empty until someone translates it.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
