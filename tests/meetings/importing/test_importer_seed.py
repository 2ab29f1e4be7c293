"""The seed minutes (12th session, Shiraz 1391) read by the importer equal the hand-checked demo facts."""

import pytest

from meetings import demo_facts
from meetings.demo import SEED_MINUTES
from meetings.importing import parse_minutes
from tests import seed_facts
from tests.meetings.importing.conftest import demo_index, organization_id

FACTS = seed_facts.SESSION


@pytest.fixture(scope="module")
def minutes():
    return parse_minutes(SEED_MINUTES.read_text(encoding="utf-8"), organizations=demo_index())


def ids(keys):
    return [organization_id(key) for key in keys]


def test_the_seed_fixture_is_the_real_minutes_unchanged():
    """The repository's copy of the 12th session's minutes, byte for byte as they were handed over."""
    import hashlib

    digest = hashlib.sha256(SEED_MINUTES.read_bytes()).hexdigest()
    assert digest == "932354b813b3d6cb4e41d6fff5c6815197b1d148c8ea9a5e8fc8e994e009f286"


def test_the_session(minutes):
    assert minutes.session_number == FACTS["number"] == 12
    assert minutes.host.organization_id == organization_id(FACTS["host"])
    assert minutes.city == FACTS["city"]
    assert [d.jalali for d in minutes.dates] == FACTS["days"]
    assert [d.iso for d in minutes.dates] == ["2012-06-20", "2012-06-21"]
    assert minutes.start_time == FACTS["start_time"]
    assert minutes.sittings == FACTS["sittings"]
    assert minutes.opening_programme == FACTS["opening_programme"]
    assert minutes.proceedings == FACTS["proceedings"]


def test_the_four_speakers(minutes):
    people = demo_facts.PEOPLE
    assert len(minutes.speeches) == len(FACTS["speeches"]) == 4
    for speech, fact in zip(minutes.speeches, FACTS["speeches"], strict=True):
        person = people[fact["speaker"]]
        assert speech.last_name == person["last_name"]
        assert (speech.honorific, speech.title) == (person["honorific"], person["title"])
        assert speech.position == fact["position"]
        assert speech.occasion == fact["occasion"]
        assert speech.summary == fact["summary"]
        if person["organization"]:
            assert speech.organization.organization_id == organization_id(person["organization"])
        else:
            assert speech.organization is None and speech.is_group_secretary


def test_the_four_committees_with_exact_lead_and_collaborators(minutes):
    assert len(minutes.committees) == 4
    for committee, fact in zip(minutes.committees, FACTS["committees"], strict=True):
        assert committee.name == fact["name"]
        assert committee.lead.organization_id == organization_id(fact["lead"])
        assert [c.organization_id for c in committee.collaborators] == ids(fact["collaborators"])
        assert committee.mandate == fact["mandate"]


def test_all_eight_resolutions(minutes):
    assert [r.number for r in minutes.resolutions] == list(range(1, 9))
    for resolution, fact in zip(minutes.resolutions, FACTS["resolutions"], strict=True):
        assert resolution.verb == fact["verb"]
        assert resolution.text == fact["text"]
        responsible = fact["responsible"]
        assert resolution.responsible.kind == responsible["kind"]
        if "committee" in responsible:
            assert resolution.responsible.committee == responsible["committee"]
        if "organization" in responsible:
            assert resolution.responsible.organization.organization_id == organization_id(
                responsible["organization"]
            )
        assert [c.organization_id for c in resolution.collaborators] == ids(fact["collaborators"])
        expected = fact["deadline"]
        if expected is None:
            assert resolution.deadline is None
        else:
            deadline = resolution.deadline
            assert (deadline.text, deadline.jalali, deadline.iso, deadline.next_meeting) == (
                expected["text"],
                expected["jalali"],
                expected["iso"],
                expected["next_meeting"],
            )
        assert resolution.deliverable == fact["deliverable"]
        assert resolution.schedules_next_session == ("schedules_session" in fact)


def test_resolution_1_is_due_by_the_end_of_shahrivar_1391_the_13th_session(minutes):
    deadline = minutes.resolutions[0].deadline
    assert (deadline.jalali, deadline.iso, deadline.next_meeting) == ("1391/06/31", "2012-09-21", True)


def test_the_next_session(minutes):
    fact = FACTS["next_session"]
    announced = minutes.next_session
    assert announced.number == fact["number"] == 13
    assert announced.host.organization_id == organization_id(fact["host"])
    assert announced.city == fact["city"]
    assert announced.date.jalali == fact["approximate_date"]
    assert announced.date_text == fact["date_note"]
    assert announced.resolution_number == 8


def test_no_unexplained_leftovers(minutes):
    assert minutes.not_understood == []
    assert minutes.unknown_organizations == []
    assert minutes.notes == []
    assert minutes.headings == ["« صور تجلسه »"]
    text_lines = SEED_MINUTES.read_text(encoding="utf-8").split("\n")
    placed = {number for number, line in enumerate(text_lines, start=1) if line.strip()}
    assert placed == set(minutes.line_kinds)


def test_what_was_guessed_is_marked(minutes):
    # "در این شهر" is the host's city; "آن سازمان" is Isfahan; the two typos in a position were undone.
    assert minutes.guesses
    assert minutes.next_session.guesses
    assert minutes.speeches[0].guesses
    assert minutes.resolutions[7].responsible.guesses
    assert all(ref.guess for ref in minutes.committees[0].collaborators)  # matched by city name
    assert not minutes.committees[0].lead.guess  # "سازمان میادین تهران" is the short name on record
