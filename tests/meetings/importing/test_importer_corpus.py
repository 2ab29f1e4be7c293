"""The corpus (corpus/minutes/*.txt): minutes in the shapes Iranian secretariats write, each with the
facts a careful reader takes from it (the .json beside it). The importer must get 95% of them.

What each expected key means is in corpus/README.md; a key left out is not scored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from meetings.importing import parse_minutes, read_document
from meetings.importing.structure import MinutesImport, Resolution
from secretariat.persian import search_key
from tests.meetings.importing.conftest import demo_index
from tests.meetings.importing.scoring import CORPUS, Score, load_expected

TEXTS = sorted((CORPUS / "minutes").glob("*.txt"))


def same(text: str | None) -> str:
    """Text compared as a reader sees it: ی/ک, digits, spaces and ZWNJ do not matter."""
    return re.sub(r"\s+", "", search_key(text or ""))


def responsible_of(resolution: Resolution) -> str | None:
    responsible = resolution.responsible
    if responsible.kind in ("secretariat", "secretary"):
        return responsible.kind
    if responsible.kind == "committee":
        return "committee:" + same(responsible.committee)
    if responsible.kind == "organization":
        return same(responsible.text)
    return None


def expected_responsible(value: str | None) -> str | None:
    if value is None or value in ("secretariat", "secretary"):
        return value
    if value.startswith("committee:"):
        return "committee:" + same(value.removeprefix("committee:"))
    return same(value)


def deadline_of(resolution: Resolution) -> str | None:
    deadline = resolution.deadline
    if deadline is None:
        return None
    if deadline.jalali:
        return deadline.jalali
    return "flag" if deadline.flags or deadline.next_meeting else "undated and unmarked"


def score_session(score: Score, name: str, expected: dict, minutes: MinutesImport) -> None:
    found = {
        "shape": minutes.shape,
        "session_number": minutes.session_number,
        "dates": [day.jalali for day in minutes.dates],
        "weekday": same(minutes.weekday),
        "reference_date": minutes.reference_date.jalali if minutes.reference_date else None,
        "reference_date_source": minutes.reference_date_source,
        "letter_date": minutes.letter_date.jalali if minutes.letter_date else None,
        "start_time": minutes.start_time,
        "end_time": minutes.end_time,
        "chair": same(minutes.chair),
        "working_group_text": same(minutes.working_group_text),
        "signatories": [same(line) for line in minutes.signatories],
        "agenda": [same(item.title) for item in minutes.agenda],
    }
    for status in ("present", "absent", "guest"):
        people = [a for a in minutes.attendees if a.status == status]
        found[status] = [
            [same(a.name), same(a.reason)] if status == "absent" else same(a.name) for a in people
        ]
    for key, value in expected.items():
        if key in ("resolutions", "next_session"):
            continue
        if key in ("weekday", "chair", "working_group_text"):
            value = same(value)
        elif key in ("agenda", "present", "guest", "signatories"):
            value = [same(item) for item in value]
        elif key == "absent":
            value = [[same(name), same(reason)] for name, reason in value]
        score.check(f"{name} {key}", value, found[key])


def score_resolutions(score: Score, name: str, expected: list[dict], minutes: MinutesImport) -> None:
    score.check(f"{name} resolution count", len(expected), len(minutes.resolutions))
    for position, fact in enumerate(expected):
        resolution = minutes.resolutions[position] if position < len(minutes.resolutions) else None
        where = f"{name} resolution {fact['number']}"
        score.check(f"{where} number", fact["number"], resolution.number if resolution else None)
        if resolution is None:
            for key in ("responsible", "deadline", "schedules_next_session", "items"):
                if key in fact:
                    score.check(f"{where} {key}", fact[key], "missing")
            continue
        if "responsible" in fact:
            score.check(
                f"{where} responsible", expected_responsible(fact["responsible"]), responsible_of(resolution)
            )
        if "deadline" in fact:
            score.check(f"{where} deadline", fact["deadline"], deadline_of(resolution))
        if "schedules_next_session" in fact:
            score.check(
                f"{where} schedules", fact["schedules_next_session"], resolution.schedules_next_session
            )
        if "items" in fact:
            score.check(f"{where} items", fact["items"], len(resolution.items))


def score_next_session(score: Score, name: str, expected: dict, minutes: MinutesImport) -> None:
    announced = minutes.next_session
    if "number" in expected:
        score.check(
            f"{name} next session number", expected["number"], announced.number if announced else None
        )
    if "date" in expected:
        found = announced.date.jalali if announced and announced.date else None
        score.check(f"{name} next session date", expected["date"], found)


def read(path: Path) -> MinutesImport:
    document = read_document(path.read_bytes(), path.name)
    return parse_minutes(document.text, organizations=demo_index())


def score_file(path: Path) -> Score:
    expected = load_expected(path.with_suffix(".json"))
    minutes = read(path)
    score = Score()
    score_session(score, path.stem, expected, minutes)
    score_resolutions(score, path.stem, expected.get("resolutions", []), minutes)
    if "next_session" in expected:
        score_next_session(score, path.stem, expected["next_session"], minutes)
    return score


def test_the_corpus_has_twenty_minutes_in_every_shape():
    assert len(TEXTS) >= 20
    shapes = {load_expected(path.with_suffix(".json"))["shape"] for path in TEXTS}
    assert shapes >= {"prose", "header_form", "heading", "decision_letter"}


def test_the_corpus_score(capsys):
    total = Score()
    lines = []
    for path in TEXTS:
        score = score_file(path)
        lines.append(f"  {path.stem}: {score.matched}/{score.expected}")
        total.expected += score.expected
        total.matched += score.matched
        total.misses += score.misses
    with capsys.disabled():
        print("\n" + "\n".join(lines) + "\n" + total.report("minutes corpus"))
    total.assert_no_new_misses("minutes corpus")


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.stem)
def test_every_corpus_text_is_read_without_losing_a_line(path):
    minutes = read(path)
    text = read_document(path.read_bytes(), path.name).text
    written = {number for number, line in enumerate(text.split("\n"), start=1) if line.strip()}
    assert written <= set(minutes.line_kinds)
