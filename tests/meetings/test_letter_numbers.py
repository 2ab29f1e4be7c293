"""Invitation letters numbered as the secretariat's correspondence register numbers them: by the
group's pattern (prefix, Jalali year, running number) or typed from the register at issue time."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.models import Invitation
from secretariat import actions as core_actions
from secretariat.letter_numbers import format_letter_number, validate_pattern
from secretariat.persian import to_jalali, to_persian_digits
from tests.meetings.pdf_text import contains_in_order, pdf_text, words
from tests.meetings.test_planning import PAGE, accept_all, post


@pytest.fixture
def agenda_ready(upcoming):
    """Session 14, planned, its agenda accepted: ready for its invitation."""
    accept_all(upcoming)
    return upcoming


def test_a_pattern_names_known_placeholders_and_tells_letters_apart():
    validate_pattern("د/{سال}/{ردیف}")
    validate_pattern("{session}/{issue}")
    with pytest.raises(ValidationError, match="ناشناخته"):
        validate_pattern("د/{ماه}/{ردیف}")
    with pytest.raises(ValidationError, match="ردیف"):
        validate_pattern("د/{سال}")
    assert format_letter_number("د/{سال}/{ردیف}", year=1405, register=7, session=14, issue=1) == "د/1405/7"


def test_the_groups_pattern_numbers_the_letters_with_the_registers_running_number(
    clients, operator, demo_group, agenda_ready
):
    upcoming = agenda_ready
    core_actions.save_working_group(operator, demo_group, {"letter_number_pattern": "د/{سال}/{ردیف}"})
    year = to_jalali(timezone.localdate()).year
    page = clients["staff"].get(PAGE.format(14)).content.decode()
    assert f'placeholder="{to_persian_digits(f"د/{year}/1")}"' in page
    response = post(clients["staff"], 14, "invitation/", follow=True)
    assert to_persian_digits(f"دعوتنامه د/{year}/1 صادر شد") in response.content.decode()
    upcoming.venue = "تالار شهر"
    upcoming.save(update_fields=["venue"])
    post(clients["staff"], 14, "invitation/")
    numbers = list(
        Invitation.objects.filter(meeting=upcoming)
        .order_by("sequence")
        .values_list("letter_number", flat=True)
    )
    assert numbers == [f"د/{year}/1", f"د/{year}/2"]
    pdf = Invitation.objects.get(meeting=upcoming, sequence=2).pdf.open("rb").read()
    assert contains_in_order(words(pdf_text(pdf)), words(to_persian_digits(f"شماره د/{year}/2")))


def test_a_number_typed_from_the_register_is_taken_and_a_used_one_refused_beside_the_field(
    clients, agenda_ready
):
    upcoming = agenda_ready
    assert post(clients["staff"], 14, "invitation/", {"letter_number": "۱۲۷/د/۱۴۰۵"}).status_code == 302
    assert Invitation.objects.get(meeting=upcoming).letter_number == "127/د/1405"
    upcoming.venue = "تالار شهر"
    upcoming.save(update_fields=["venue"])
    response = post(clients["staff"], 14, "invitation/", {"letter_number": "127/د/1405"})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="letter-number-error"' in page
    assert "شماره ۱۲۷/د/۱۴۰۵ پیش‌تر دعوتنامه چهاردهمین نشست است" in page
    assert 'value="127/د/1405"' in page
    assert Invitation.objects.filter(meeting=upcoming).count() == 1
