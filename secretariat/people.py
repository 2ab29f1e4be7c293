"""People by name: the one rule that says who a typed name is.

A name comes typed in a reply ("دکتر مریم احمدی"), read from legacy minutes, or chosen in the
editor. Its honorific ("آقای", "خانم") and title ("مهندس", "دکتر") are kept in their own fields,
never inside the name. A person is the same person when they belong to the same organization and
their first and last names read the same once normalized (ی/ي, ک/ك, ZWNJ and spaces, diacritics);
a name with no first name matches a last name only when one person has it. Someone of the same
organization with the same last name but another first name is a likely duplicate, shown before a
new person is created.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from secretariat.models import Organization, Person
from secretariat.persian import normalize_text, search_key

_SPACE = r"[\s\u200c]*"
_HONORIFIC = re.compile(
    r"^(?P<honorific>جناب" + _SPACE + r"آقای|سرکار" + _SPACE + r"خانم|جناب|آقای|آقا|خانم)(?!\w)"
)
_TITLE = re.compile(r"^(?P<title>مهندس|دکتر|مهندس" + _SPACE + r"دکتر)(?!\w)")
TITLES = {"مهندس": Person.Title.ENGINEER, "دکتر": Person.Title.DOCTOR}


@dataclass
class NameParts:
    """A person's name in the parts a ``Person`` keeps."""

    honorific: str = ""  # Person.Honorific
    title: str = ""  # Person.Title
    first_name: str = ""
    last_name: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


def split_name(text: str) -> NameParts:
    """ "آقای مهندس علی جعفری" → mr, eng, "علی", "جعفری"; a single word is the last name."""
    parts = NameParts()
    rest = normalize_text(text).strip()
    if honorific := _HONORIFIC.match(rest):
        parts.honorific = (
            Person.Honorific.MS if "خانم" in honorific.group("honorific") else Person.Honorific.MR
        )
        rest = rest[honorific.end() :].strip()
    while title := _TITLE.match(rest):
        for word, value in TITLES.items():
            if word in title.group("title"):
                parts.title = parts.title or value
        rest = rest[title.end() :].strip()
    words = rest.split()
    if len(words) > 1:
        parts.first_name, parts.last_name = words[0], " ".join(words[1:])
    else:
        parts.last_name = rest
    return parts


def _key(text: str) -> str:
    return search_key(text).replace(" ", "")


def find_person(organization: Organization | None, parts: NameParts) -> Person | None:
    """The one person of ``organization`` this name is, or ``None`` (nobody, or more than one)."""
    people = [
        p
        for p in Person.objects.filter(organization=organization)
        if _key(p.last_name) == _key(parts.last_name)
    ]
    if parts.first_name:
        same = [p for p in people if _key(p.first_name) == _key(parts.first_name)]
        unnamed = [p for p in people if not p.first_name]
        people = same or unnamed
    return people[0] if len(people) == 1 else None


def likely_duplicates(organization: Organization | None, parts: NameParts) -> list[Person]:
    """People of ``organization`` with the same last name whom this name does not match for sure:
    to be shown before a new person is created."""
    if find_person(organization, parts) is not None:
        return []
    return [
        p
        for p in Person.objects.filter(organization=organization)
        if _key(p.last_name) == _key(parts.last_name)
    ]
