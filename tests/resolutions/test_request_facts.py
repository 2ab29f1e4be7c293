"""An information request's facts have kinds — number, date, choice, text, file — and the answers
are kept, shown and exported as those kinds: Isfahan's «27» reads «۲۷» beside Tehran's «۴۲», and
the Excel column sums."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from resolutions.models import InformationAnswer, InformationRequest
from resolutions.request_facts import Fact, FactKind, clean_facts, parse_number, show_number
from tests.forms_helper import fact_rows
from tests.meetings.pdf_text import contains_in_order, pdf_text, words
from tests.resolutions.factories import isfahan, pdf_upload, tehran

REQUESTS = "/g/meydan/requests/"
ASKED = (
    ("شمار غرفه‌ها", "number", ""),
    ("تاریخ آمار", "date", ""),
    ("وضع سردخانه", "choice", "فعال، نیمه‌فعال، تعطیل"),
    ("توضیح", "text", ""),
    ("نقشه بازار", "file", ""),
)


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("27", Decimal(27)),
        ("۲۷", Decimal(27)),
        ("٢٧", Decimal(27)),
        ("۳٫۵", Decimal("3.5")),
        ("3/5", Decimal("3.5")),
        ("۱۲٬۵۰۰", Decimal(12500)),
        ("1,250,000", Decimal(1250000)),
        ("-4", Decimal(-4)),
    ],
)
def test_a_number_is_read_as_people_type_it(typed, number):
    assert parse_number(typed) == number


@pytest.mark.parametrize("typed", ["بیست", "12ab", "nan", "Infinity", "1" * 19])
def test_what_is_not_a_number_is_refused_in_persian(typed):
    with pytest.raises(ValidationError) as raised:
        parse_number(typed)
    assert any("عدد" in message for message in raised.value.messages)


def test_a_number_reads_in_persian_digits_with_persian_separators():
    assert show_number("12500.5") == "۱۲٬۵۰۰٫۵"
    assert show_number("27") == "۲۷"


def test_a_choice_needs_two_choices_and_a_label_is_asked_once():
    with pytest.raises(ValidationError, match="بین ۲ تا ۲۰"):
        clean_facts([Fact("وضع", FactKind.CHOICE, ("فعال",))])
    with pytest.raises(ValidationError, match="دو بار"):
        clean_facts([Fact("شمار غرفه‌ها", FactKind.NUMBER), Fact("شمار غرفه ها")])
    assert clean_facts(["برچسب", Fact("وضع", FactKind.CHOICE, ("الف", "ب", "الف"))]) == [
        Fact("برچسب"),
        Fact("وضع", FactKind.CHOICE, ("الف", "ب")),
    ]
    assert Fact.from_stored("برچسب قدیمی") == Fact("برچسب قدیمی", FactKind.TEXT)


@pytest.fixture
def census(clients, demo_group):
    data = {
        "title": "سرشماری غرفه‌ها",
        "question": "آمار غرفه‌ها را بفرستید.",
        **fact_rows(*ASKED),
        "deadline": "۱۴۰۹/۰۱/۳۰",
        "recipients": [tehran().pk, isfahan().pk],
    }
    assert clients["staff"].post(REQUESTS + "new/", data).status_code == 302
    return InformationRequest.objects.get(title="سرشماری غرفه‌ها")


def _answer(client, census, **facts):
    data = {"text": "پاسخ"}
    for index, value in facts.items():
        data[index] = value
    return client.post(census.get_absolute_url() + "answer/", data)


def test_staff_ask_facts_of_each_kind(census):
    assert census.facts == [
        Fact("شمار غرفه‌ها", FactKind.NUMBER),
        Fact("تاریخ آمار", FactKind.DATE),
        Fact("وضع سردخانه", FactKind.CHOICE, ("فعال", "نیمه‌فعال", "تعطیل")),
        Fact("توضیح", FactKind.TEXT),
        Fact("نقشه بازار", FactKind.FILE),
    ]


def test_a_choice_without_choices_is_refused_beside_the_facts_and_nothing_typed_is_lost(clients, demo_group):
    data = {
        "title": "نظرخواهی",
        "question": "نظر خود را بگویید.",
        **fact_rows(("موافقت", "choice", "")),
        "deadline": "۱۴۰۹/۰۱/۳۰",
        "recipients": [tehran().pk],
    }
    response = clients["staff"].post(REQUESTS + "new/", data)
    page = response.content.decode()
    assert response.status_code == 400 and 'id="facts-errors"' in page
    assert "«موافقت» گزینه‌هایی دارد" in page and 'value="نظرخواهی"' in page and 'value="موافقت"' in page
    assert not InformationRequest.objects.filter(title="نظرخواهی").exists()


def test_answers_are_stored_as_their_kinds_and_read_in_persian(clients, census, private_media):
    response = _answer(
        clients["isfahan"],
        census,
        fact_0="27",
        fact_1="1405/9/15",
        fact_2="نیمه‌فعال",
        fact_3="سردخانه در دست تعمیر است",
        fact_4=pdf_upload("نقشه.pdf"),
    )
    assert response.status_code == 302
    assert _answer(clients["tehran"], census, fact_0="۴۲", fact_2="فعال").status_code == 302
    answer = InformationAnswer.objects.get(request=census, organization=isfahan())
    assert answer.values["شمار غرفه‌ها"] == "27" and answer.values["تاریخ آمار"] == "2026-12-06"
    assert answer.values["وضع سردخانه"] == "نیمه‌فعال" and answer.values["نقشه بازار"]["name"] == "نقشه.pdf"
    page = clients["staff"].get(census.get_absolute_url()).content.decode()
    assert "۲۷" in page and "۴۲" in page and "۱۵ آذر ۱۴۰۵" in page
    assert ">27<" not in page
    download = census.get_absolute_url() + f"answers/{answer.pk}/facts/4/"
    assert clients["staff"].get(download).status_code == 200
    assert clients["isfahan"].get(download).status_code == 200
    assert clients["tehran"].get(download).status_code == 404
    # Changing the answer without sending the file again keeps the file answered before.
    assert _answer(clients["isfahan"], census, fact_0="۲۸").status_code == 302
    answer.refresh_from_db()
    assert answer.values["شمار غرفه‌ها"] == "28" and answer.values["نقشه بازار"]["name"] == "نقشه.pdf"


def test_a_wrong_number_or_choice_is_said_beside_the_fact_and_the_answer_stays(clients, census):
    response = _answer(clients["tehran"], census, fact_0="بیست و هفت", fact_2="نامعلوم", fact_3="توضیح تهران")
    page = response.content.decode()
    assert response.status_code == 400
    assert "عدد بنویسید" in page and "یکی از گزینه‌ها" in page
    assert 'value="بیست و هفت"' in page and 'value="توضیح تهران"' in page
    assert not InformationAnswer.objects.filter(request=census).exists()


def test_an_answer_refused_by_the_action_leaves_no_file_behind(
    demo_group, secretary, isfahan_user, private_media
):
    """The file is asked before the number: the number is checked before the file is written."""
    from resolutions import actions
    from secretariat.access import access_for

    request, _delivery = actions.ask_for_information(
        access_for(secretary, demo_group),
        title="نقشه و شمار",
        question="نقشه بازار و شمار غرفه‌ها",
        deadline=datetime.date(2030, 1, 1),
        recipients=[isfahan()],
        fields=[Fact("نقشه بازار", FactKind.FILE), Fact("شمار غرفه‌ها", FactKind.NUMBER)],
    )
    with pytest.raises(ValidationError):
        actions.answer_information(
            access_for(isfahan_user, demo_group),
            request,
            text="پاسخ",
            values={"نقشه بازار": pdf_upload("نقشه.pdf"), "شمار غرفه‌ها": "بیست"},
        )
    assert not list((private_media / "requests").rglob("*.pdf"))


def test_the_excel_column_of_a_number_sums_and_a_date_is_a_date(clients, census):
    _answer(clients["isfahan"], census, fact_0="27", fact_1="۱۴۰۵/۰۹/۱۵")
    _answer(clients["tehran"], census, fact_0="۴۲", fact_1="۱۴۰۵/۰۹/۱۶")
    sheet = load_workbook(
        BytesIO(clients["staff"].get(census.get_absolute_url() + "answers.xlsx").content)
    ).active
    numbers = [sheet.cell(row=row, column=2).value for row in (2, 3)]
    dates = [sheet.cell(row=row, column=3).value for row in (2, 3)]
    assert sorted(numbers) == [27, 42] and sum(numbers) == 69
    assert sorted(date.date() for date in dates) == [datetime.date(2026, 12, 6), datetime.date(2026, 12, 7)]
    assert sheet.cell(row=2, column=3).number_format.startswith("[$-fa-IR,16]")


def test_the_booklet_reads_the_facts_in_persian(clients, census, private_media):
    _answer(clients["isfahan"], census, fact_0="27", fact_1="۱۴۰۵/۰۹/۱۵", fact_2="تعطیل")
    clients["staff"].post(census.get_absolute_url() + "compile/", {"order": [isfahan().pk]})
    pdf = b"".join(clients["staff"].get(census.get_absolute_url() + "booklet.pdf").streaming_content)
    text = words(pdf_text(pdf))
    assert contains_in_order(text, words("شمار غرفه‌ها ۲۷ تاریخ آمار ۱۵ آذر ۱۴۰۵ وضع سردخانه تعطیل"))
    assert "27" not in text
