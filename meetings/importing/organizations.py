"""Matching organization names as minutes write them to known organizations.

Minutes name the same organization many ways: "سازمان میادین و ساماندهی مشاغل شهرداری تهران",
"سازمان میادین تهران", "سازمان ميادين تهران" (Arabic letters), "سازمان میدان‌های تهران", a typo
("میداین"), or just the city in a list ("سازمانهای کرج ، مشهد و رشت"). Names are compared as sets
of *distinctive* words: the words that the group's member organizations share ("سازمان",
"میادین", "شهرداری"...) say nothing about which one is meant and are left out, so
"سازمان اصفهان" and the full name of Isfahan's organization both come down to {اصفهان}.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from meetings.importing.structure import OrganizationRef, ProposedOrganization
from secretariat.models import Organization
from secretariat.persian import search_key

# Spelling variants and typos seen in minutes, by normalized word.
WORD_VARIANTS = {
    "میداین": "میادین",
    "میدان": "میادین",
    "میادبن": "میادین",
    "مسئول": "مسوول",
    "مسؤول": "مسوول",
    "آئین": "آیین",
    "رییس": "رئیس",
}
# Words written apart or together: joined before comparing.
COMPOUNDS = {("کار", "گروه"), ("دبیر", "خانه"), ("کلان", "شهر"), ("مدیر", "عامل"), ("بهره", "برداری")}
STOPWORDS = {"و", "در", "از", "به", "با", "برای", "را", "که", "این", "آن", "شهر", "محترم", "کل", "کشور"}
# Words naming a kind of body: a name with one the organization's own name lacks is another body
# ("شورای اسلامی شهر شیراز" is not Shiraz's market organization).
BODY_WORDS = {
    "سازمان",
    "شورای",
    "شورا",
    "کمیته",
    "شهرداری",
    "استانداری",
    "فرمانداری",
    "دانشگاه",
    "اداره",
    "وزارت",
    "شرکت",
    "اتحادیه",
    "بانک",
    "بنیاد",
    "مرکز",
    "دفتر",
    "معاونت",
    "مجلس",
    "انجمن",
    "دادگستری",
    "دادستانی",
    "پلیس",
    "نیروی",
    "جهاد",
    "اتاق",
    "کارگروه",
    "دبیرخانه",
    "هیئت",
    "هیات",
}
# The metropolises and provincial capitals, so that a city written alone in a list can be
# proposed as that city's organization even before the organization exists here.
IRANIAN_CITIES = {
    "تهران", "مشهد", "اصفهان", "کرج", "شیراز", "تبریز", "قم", "اهواز", "کرمانشاه", "ارومیه", "رشت",
    "زاهدان", "همدان", "کرمان", "یزد", "اردبیل", "بندرعباس", "اراک", "زنجان", "سنندج", "قزوین",
    "خرم آباد", "گرگان", "ساری", "بجنورد", "بوشهر", "بیرجند", "ایلام", "شهرکرد", "یاسوج", "سمنان",
    "کاشان", "دزفول", "آمل", "بابل", "نیشابور", "سبزوار", "اسلامشهر", "پاکدشت", "شهریار",
}  # fmt: skip


def words(text: str) -> list[str]:
    """Comparable words: normalized spelling, compounds joined, plural suffixes and typos undone."""
    key = re.sub(r"[^\w\s]", " ", search_key(text))
    joined: list[str] = []
    for word in key.split():
        if joined and word in ("ها", "های", "هایی"):
            joined[-1] += word
        else:
            joined.append(word)
    result: list[str] = []
    for word in joined:
        for suffix in ("هایی", "های", "ها"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        if result and (result[-1], word) in COMPOUNDS:
            result[-1] += word
        else:
            result.append(word)
    return [WORD_VARIANTS.get(word, word) for word in result]


def strict_key(text: str) -> str:
    """The spelling as written, but for ی/ک, digits, spaces and ZWNJ."""
    return re.sub(r"[\s\u200c]+", "", search_key(text))


def compact_key(text: str) -> str:
    return "".join(words(text))


@dataclass(frozen=True)
class KnownOrganization:
    """What the matcher needs of an organization."""

    id: int
    name: str
    short_name: str = ""
    city: str = ""
    is_member: bool = False


@dataclass(frozen=True)
class _Alias:
    organization: KnownOrganization
    text: str
    compact: str
    distinctive: frozenset[str]
    all_words: frozenset[str]
    is_city: bool


class OrganizationIndex:
    """Known organizations of a working group, searchable by any way the minutes name them."""

    def __init__(self, organizations: Iterable[KnownOrganization], *, group_name: str = "") -> None:
        self.organizations = list(organizations)
        members = [o for o in self.organizations if o.is_member]
        counts = Counter(word for o in members for word in set(words(o.name)) | set(words(o.short_name)))
        threshold = max(3, (len(members) + 1) // 2)
        self.generic = {word for word, count in counts.items() if count >= threshold} | {"سازمان"}
        self.group_words = set(words(group_name))
        self.cities = {search_key(city) for city in IRANIAN_CITIES} | {
            search_key(o.city) for o in self.organizations if o.city
        }
        self.aliases: list[_Alias] = []
        for organization in self.organizations:
            for text, is_city in ((organization.name, False), (organization.short_name, False),
                                  (organization.city, True)):  # fmt: skip
                if not text:
                    continue
                all_words = frozenset(words(text))
                self.aliases.append(
                    _Alias(organization, text, compact_key(text), self.distinctive(text), all_words, is_city)
                )
        self._by_compact = {alias.compact: alias for alias in self.aliases if not alias.is_city}
        self._by_spelling = {strict_key(alias.text): alias for alias in self.aliases if not alias.is_city}

    @classmethod
    def for_group(cls, group) -> OrganizationIndex:
        """Every organization, those of ``group`` marked as members: two queries."""
        member_ids = set(group.memberships.values_list("organization_id", flat=True)) if group else set()
        organizations = [
            KnownOrganization(o.pk, o.name, o.short_name, o.city, o.pk in member_ids)
            for o in Organization.objects.only("pk", "name", "short_name", "city")
        ]
        return cls(organizations, group_name=group.name if group else "")

    def distinctive(self, text: str) -> frozenset[str]:
        return frozenset(w for w in words(text) if w not in self.generic and w not in STOPWORDS)

    def _acceptable(self, alias: _Alias, mention_words: list[str]) -> bool:
        """A mention naming another kind of body (a council, a university) is not this organization."""
        head = next((word for word in mention_words if word in BODY_WORDS), None)
        if head is None or head in self.generic:
            return True
        return head in set(words(alias.organization.name)) | set(words(alias.organization.short_name))

    def match(self, text: str) -> OrganizationRef | None:
        """The organization ``text`` names as a whole (no extra words), or None."""
        key = compact_key(text)
        if not key:
            return None
        exact = self._by_spelling.get(strict_key(text))
        if exact:
            return self._ref(text, exact.organization, "exact")
        variant = self._by_compact.get(key)
        if variant:
            return self._ref(text, variant.organization, "variant")
        mention = self.distinctive(text)
        if not mention:
            return None
        mention_words = words(text)
        candidates = [
            alias
            for alias in self.aliases
            if mention <= alias.distinctive and alias.distinctive and self._acceptable(alias, mention_words)
        ]
        return self._best(text, candidates, mention, prefer_small=True)

    def find_within(self, text: str) -> OrganizationRef | None:
        """The organization most fully named somewhere inside a longer phrase (a speaker's position)."""
        mention = self.distinctive(text)
        if not mention:
            return None
        mention_words = words(text)
        candidates = [
            alias
            for alias in self.aliases
            if alias.distinctive and alias.distinctive <= mention and self._acceptable(alias, mention_words)
        ]
        return self._best(text, candidates, mention, prefer_small=False)

    def _best(
        self, text: str, candidates: list[_Alias], mention: frozenset[str], *, prefer_small: bool
    ) -> OrganizationRef | None:
        if not candidates:
            return None
        by_organization: dict[int, _Alias] = {}
        for alias in candidates:
            current = by_organization.get(alias.organization.id)
            if current is None or len(alias.distinctive) > len(current.distinctive):
                by_organization[alias.organization.id] = alias

        def rank(alias: _Alias) -> tuple:
            overlap = len(alias.distinctive & mention)
            extra = len(alias.distinctive - mention)
            return (overlap, -extra if prefer_small else 0, alias.organization.is_member, not alias.is_city)

        ranked = sorted(by_organization.values(), key=rank, reverse=True)
        if len(ranked) > 1 and rank(ranked[0]) == rank(ranked[1]):
            return None  # two organizations fit equally well: let staff decide
        best = ranked[0]
        how = "city" if best.is_city or mention <= {search_key(best.organization.city)} else "variant"
        return self._ref(text, best.organization, how)

    @staticmethod
    def _ref(text: str, organization: KnownOrganization, how: str) -> OrganizationRef:
        return OrganizationRef(
            text=text.strip(), organization_id=organization.id, name=organization.name, how=how
        )

    def is_city(self, text: str) -> bool:
        return search_key(text) in self.cities or search_key(text).replace(" ", "") in {
            c.replace(" ", "") for c in self.cities
        }

    def city_in(self, text: str) -> str:
        """A known city named in ``text``, as written there."""
        key = search_key(text)
        for city in sorted(self.cities, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(city)}(?!\w)", key):
                return city
        return ""

    def names_group(self, text: str) -> bool:
        """Whether ``text`` names the working group itself ("کارگروه تخصصی ...")."""
        mention = set(words(text))
        group = {"کارگروه", "گروه", "تخصصی"}
        rest = mention - group - {"دبیر", "رئیس", "نایب", "عضو", "محترم", "این"}
        return bool(mention & group) and (not rest or len(mention & self.group_words) >= 2)

    def propose(self, text: str, *, member: bool) -> ProposedOrganization:
        """A new organization for a name nobody knows: a bare city follows the members' naming pattern."""
        cleaned = re.sub(r"\s+", " ", text).strip(" ،,.:؛")
        city = self.city_in(cleaned)
        name, short_name = cleaned, ""
        if (city and compact_key(cleaned) == compact_key(city)) or self.distinctive(cleaned) == {city}:
            pattern = next(
                (o for o in self.organizations if o.is_member and o.city and o.city in o.name), None
            )
            if pattern:
                name = pattern.name.replace(pattern.city, city)
                short_name = (
                    pattern.short_name.replace(pattern.city, city)
                    if pattern.city in pattern.short_name
                    else ""
                )
            member = True
        return ProposedOrganization(
            key=compact_key(cleaned) or cleaned,
            text=cleaned,
            name=name,
            short_name=short_name,
            city=city,
            member=member,
        )
