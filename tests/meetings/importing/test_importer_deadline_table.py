"""The deadline phrase table (corpus/deadline_phrases.tsv): each phrase, in a sentence, resolved from its reference date."""

from __future__ import annotations

import pytest

from meetings.importing.deadlines import find_deadline
from meetings.importing.structure import Deadline
from meetings.importing.text import clean_text
from secretariat.persian import parse_jalali_date
from tests.meetings.importing.scoring import CORPUS, Score


def phrases() -> list[tuple[str, str, str]]:
    rows = []
    for line in (CORPUS / "deadline_phrases.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            reference, phrase, expected = line.split("\t")
            rows.append((reference, phrase, expected))
    return rows


def outcome(deadline: Deadline | None) -> str:
    """The resolved Jalali date, "flag" for a deadline found with no date but marked, or what went wrong."""
    if deadline is None:
        return "no deadline"
    if deadline.jalali:
        return deadline.jalali
    if deadline.flags or deadline.next_meeting:
        return "flag"
    return "undated and unmarked"


def resolve(reference: str, phrase: str) -> str:
    sentence = clean_text(f"مقرر شد دبیرخانه گزارش را {phrase} ارسال نماید.")
    return outcome(find_deadline(sentence, session_date=parse_jalali_date(reference), session_number=7))


def test_the_table_has_at_least_sixty_phrases_of_every_kind():
    rows = phrases()
    assert len(rows) >= 60
    assert sum(expected == "flag" for _ref, _phrase, expected in rows) >= 8


def test_the_phrase_table_score(capsys):
    score = Score()
    for reference, phrase, expected in phrases():
        score.check(f"{phrase} (from {reference})", expected, resolve(reference, phrase))
    with capsys.disabled():
        print("\n" + score.report("deadline phrases"))
    score.assert_no_new_misses("deadline phrases")


@pytest.mark.parametrize(
    "phrase",
    [
        "ظرف یک‌ماه",
        "ظرف یکماه",
        "ظرف یک ماه",
        "ظرف ۱ ماه",
        "ظرف 1 ماه",
        "ظرف ١ ماه",
        "حداکثر یک ماه پس از ابلاغ",
    ],
)
def test_one_month_however_it_is_written(phrase):
    assert resolve("1402/03/15", phrase) == "1402/04/15"
