"""Scoring the importer against hand-written expectations: matching facts / expected facts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
# The facts the importer is known to get wrong today, one line each as ``Score`` words them, by
# table: a new miss fails (a regression), and so does a miss that went away (take it off the list).
KNOWN_MISSES: dict[str, frozenset[str]] = {
    "minutes corpus": frozenset(),
    "deadline phrases": frozenset(),
}


@dataclass
class Score:
    """Facts checked, facts right, and what was wrong (printed when the score is too low)."""

    expected: int = 0
    matched: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, where: str, expected: object, found: object) -> None:
        self.expected += 1
        if expected == found:
            self.matched += 1
        else:
            self.misses.append(f"{where}: expected {expected!r}, found {found!r}")

    @property
    def ratio(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    def assert_no_new_misses(self, title: str) -> None:
        """Exactly the known misses of ``title``'s table: none new, none mended without saying so."""
        misses, known = set(self.misses), KNOWN_MISSES[title]
        new, mended = sorted(misses - known), sorted(known - misses)
        assert not new and not mended, f"{self.report(title)}\nnew: {new}\nmended: {mended}"

    def report(self, title: str) -> str:
        lines = [f"{title}: {self.matched}/{self.expected} facts = {self.ratio:.1%}"]
        return "\n".join(lines + [f"  miss {miss}" for miss in self.misses])


def load_expected(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
