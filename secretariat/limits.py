"""How long a typed value may be: one table for the forms and for what the importer calls unusually
long.

A one-line value (a venue, a name, a position) is printed in headings, tables and letters: a form
refuses one longer than its limit, beside the field, with the limit stated there too. A value
already stored that is longer (an archive imported whole) is kept as it is until someone changes
it. Paragraphs (a resolution's text, a speech) have a generous limit of their own. The PDFs break
long words anywhere (``static/css/pdf.css``), so a long value costs layout time in proportion.
"""

from __future__ import annotations

# One-line fields by name; any other one-line field takes ``LINE``.
ONE_LINE = {
    "first_name": 100,
    "last_name": 100,
    "short_name": 100,
    "city": 100,
    "verb": 60,
    "name": 300,
    "position": 300,
    "speaker_position": 300,
    "attendee_position": 300,
    "absence_reason": 300,
    "deadline_text": 300,
    "occasion": 200,
    "date_note": 200,
    "letter_number": 50,
    "venue": 500,
}
LINE = 500
PARAGRAPH = 20_000

# What the importer calls a name, a city...: the same limits, by the kind of value it read.
IMPORTED = {
    "name": ONE_LINE["first_name"] + ONE_LINE["last_name"],
    "city": ONE_LINE["city"],
    "venue": ONE_LINE["venue"],
    "position": ONE_LINE["position"],
    "verb": ONE_LINE["verb"],
    "deadline": ONE_LINE["deadline_text"],
}


def one_line(name: str) -> int:
    return ONE_LINE.get(name, LINE)
