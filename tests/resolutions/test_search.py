"""``?q=`` finds text whatever the spelling: ی/ي, ک/ك, Persian/Arabic/ASCII digits, ZWNJ or space.

Runs on the test database of the run: SQLite by default, PostgreSQL with ``DATABASE_URL``.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Value

from meetings.models import Meeting
from resolutions.models import Resolution
from resolutions.search import REPLACEMENTS, CompactKey, compact_key
from tests.resolutions.factories import make_resolution, make_session

URL = "/g/meydan/resolutions/"


@pytest.fixture
def variant_resolutions(demo_group):
    session = make_session(demo_group, 14, Meeting.Status.PUBLISHED)
    return {
        "arabic_letters": make_resolution(session, 1, text="تهيه آيين‌نامه مالي و معاملاتي توسط كميته"),
        "digits": make_resolution(session, 2, text="ارسال گزارش تا ۱۵ مهر ۱۳۹۱ به دبیرخانه"),
        "zwnj": make_resolution(session, 3, text="جمع‌آوری اطلاعات سازمان‌های عضو"),
        "no_space": make_resolution(session, 4, text="هماهنگی سازمانهای همکار در استانها"),
        "arabic_digits": make_resolution(session, 5, text="تشکیل ٣ کارگروه فرعی"),
    }


def found(client, query: str) -> set[int]:
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    return {r.pk for r, _involvement in response.context["rows"]}


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("آیین‌نامه مالی", "arabic_letters"),
        ("آيين نامه مالي", "arabic_letters"),
        ("آییننامه", "arabic_letters"),
        ("کمیته", "arabic_letters"),
        ("15 مهر 1391", "digits"),
        ("۱۵ مهر ۱۳۹۱", "digits"),
        ("١٥ مهر", "digits"),
        ("سازمان های عضو", "zwnj"),
        ("سازمانهای عضو", "zwnj"),
        ("جمع آوری", "zwnj"),
        ("سازمان‌های همکار", "no_space"),
        ("سازمان های همکار", "no_space"),
        ("3 کارگروه", "arabic_digits"),
        ("۳ کارگروه", "arabic_digits"),
    ],
)
def test_variant_spellings_find_the_same_text(clients, variant_resolutions, query, key):
    assert variant_resolutions[key].pk in found(clients["staff"], query)


def test_a_phrase_needs_its_words_in_order(clients, variant_resolutions):
    assert variant_resolutions["zwnj"].pk not in found(clients["staff"], "عضو سازمان‌های")
    assert found(clients["staff"], "واژه‌ای که نیست") == set()


def test_search_covers_the_responsible_party(clients, session12):
    legal = {r.pk for r in Resolution.objects.filter(meeting=session12, number=1)}
    assert legal <= found(clients["tehran"], "كميته حقوقي")
    isfahan_8 = Resolution.objects.get(meeting=session12, number=8).pk
    assert isfahan_8 in found(clients["tehran"], "شهرداري اصفهان")


def test_search_never_reaches_resolutions_the_member_may_not_see(clients, demo_group):
    session = make_session(demo_group, 14, Meeting.Status.HELD)
    hidden = make_resolution(session, 1, text="متن پنهان پیش‌نویس")
    assert hidden.pk not in found(clients["tehran"], "متن پنهان")
    assert hidden.pk in found(clients["staff"], "متن پنهان")


def test_an_empty_or_blank_query_filters_nothing(clients):
    assert len(found(clients["staff"], "   ")) == 8
    assert len(found(clients["staff"], "\u200c")) == 8


def test_the_database_computes_the_same_key_as_python(session12):
    """Every character of the table, and a mixed sentence, through the database in use."""
    samples = ["".join(REPLACEMENTS), "كميته‌ي ١٢ ۱۲ 12 ISO\u200f\tHSEQ أإؤۀة ـ سلامُ", "Plain ASCII Text"]
    for sample in samples:
        value = (
            Meeting.objects.filter(pk=session12.pk)
            .annotate(key=CompactKey(Value(sample)))
            .values_list("key", flat=True)
            .get()
        )
        assert value == compact_key(sample), connection.vendor


def test_compact_key_unifies_the_spellings():
    assert compact_key("سازمان‌های ميادين ۱۲") == compact_key("سازمانهای میادین 12") == "سازمانهایمیادین12"
    assert compact_key("كـميته") == "کمیته"
