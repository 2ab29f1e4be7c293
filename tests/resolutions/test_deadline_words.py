"""A deadline written out follows Persian punctuation: the comma sits against the word before it."""

import datetime

from django.utils import translation

from resolutions.display import deadline_words


def test_a_date_the_next_session_and_the_quoted_words_in_one_phrase():
    with translation.override("fa"):
        words = deadline_words(
            datetime.date(2012, 10, 6),
            wording="حداکثر تا پایان شهریور",
            next_session=True,
        )
    assert words == "۱۵ مهر ۱۳۹۱، تا نشست آینده («حداکثر تا پایان شهریور»)"
    assert " ،" not in words and " )" not in words


def test_the_next_session_with_its_date_and_no_deadline_date():
    with translation.override("fa"):
        words = deadline_words(None, next_session=True, next_session_when="اواخر شهریور ۹۱")
    assert words == "تا نشست آینده (اواخر شهریور ۹۱)"


def test_the_minutes_write_each_deadline_without_a_space_before_its_comma(clients, session12):
    html = clients["tehran"].get("/g/meydan/sessions/12/").content.decode()
    deadlines = [part.split("</li>")[0] for part in html.split('<span class="label">مهلت:</span>')[1:]]
    assert deadlines and all(" ،" not in deadline for deadline in deadlines)
    assert any("۱۳۹۱، تا نشست" in deadline for deadline in deadlines)
