"""Organizations named in running text: the known ones found in the index, the others proposed
for staff to confirm, lists of them ("سازمانهای تهران، قم و رشت")."""

from __future__ import annotations

import re

from meetings.importing.organizations import BODY_WORDS, words
from meetings.importing.patterns import (
    ANAPHORA,
    PLURAL_ORGANIZATIONS,
    TERMINATORS,
)
from meetings.importing.state import ParserState
from meetings.importing.structure import (
    OrganizationRef,
)


class OrganizationReading(ParserState):
    """A mixin of the parser (``parser.Parser``): it reads into ``self.result`` and shares the
    parser's state (``self.section``, ``self.items``…)."""

    # -- organizations in running text -----------------------------------------------------------

    def take_organization(
        self,
        text: str,
        start: int,
        *,
        member: bool = False,
        line: int = 0,
        last: OrganizationRef | None = None,
    ) -> tuple[OrganizationRef | None, int]:
        """The organization named at ``text[start:]``, and where its name ends."""
        rest = text[start:]
        leading = len(rest) - len(rest.lstrip(" ،,"))
        anaphora = ANAPHORA.match(rest[leading:])
        if anaphora and last is not None:
            ref = OrganizationRef(
                text=anaphora.group(),
                organization_id=last.organization_id,
                name=last.name,
                how="variant" if last.is_known else "unknown",
                key=last.key,
            )
            return ref, start + leading + anaphora.end()
        tokens = list(re.finditer(r"[\w\u200c]+", rest))[:10]
        for size in range(len(tokens), 0, -1):
            last_word = tokens[size - 1].group()
            if last_word in TERMINATORS:
                continue
            phrase = rest[tokens[0].start() : tokens[size - 1].end()]
            if re.search(r"[،,؛.:()]", phrase):
                continue
            known = self.index.match(phrase)
            if known:
                return known, start + tokens[size - 1].end()
        return self.propose_at(rest, tokens, start, member=member, line=line)

    def propose_at(
        self, rest: str, tokens: list[re.Match], start: int, *, member: bool, line: int
    ) -> tuple[OrganizationRef | None, int]:
        """Not a known organization: a body word or a city starts a name worth proposing."""
        if not tokens:
            return None, start
        first = words(tokens[0].group())
        if not ((first and first[0] in BODY_WORDS) or self.index.is_city(tokens[0].group())):
            return None, start
        taken: list[re.Match] = []
        for token in tokens[:6]:
            between = rest[taken[-1].end() : token.start()] if taken else ""
            if re.search(r"[،,؛.:()]", between) or (taken and token.group() in TERMINATORS):
                break
            taken.append(token)
            if self.index.is_city(token.group()) and len(taken) > 1:
                break
            if len(taken) == 1 and self.index.is_city(token.group()):
                break
        phrase = rest[taken[0].start() : taken[-1].end()]
        return self.unknown(phrase, member=member, line=line), start + taken[-1].end()

    def take_list(self, text: str, start: int, *, line: int) -> tuple[list[OrganizationRef], int]:
        """A list of organizations: "سازمانهای کرج ، مشهد ، تبریز و رشت"."""
        plural = PLURAL_ORGANIZATIONS.match(text, start)
        if plural:
            start = plural.end()
        refs: list[OrganizationRef] = []
        position = start
        while True:
            ref, end = self.take_organization(text, position, member=True, line=line)
            if ref is None:
                break
            refs.append(ref)
            position = end
            separator = re.match(r"\s*(?:[،,]\s*(?:و\s+)?|و\s+)", text[position:])
            if not separator:
                break
            following, _end = self.take_organization(text, position + separator.end(), member=True, line=0)
            if following is None:
                break
            position += separator.end()
        return refs, position

    def unknown(self, text: str, *, member: bool, line: int) -> OrganizationRef:
        proposal = self.index.propose(text, member=member)
        existing = self.proposals.get(proposal.key)
        if existing is None:
            self.proposals[proposal.key] = existing = proposal
        if line and line not in existing.lines:
            existing.lines.append(line)
        return OrganizationRef(text=proposal.text, name=existing.name, how="unknown", key=existing.key)
