"""The minutes parser on texts written in the styles secretariats actually use (not only the seed)."""

import pytest

from meetings.importing import ImportTextError, parse_minutes
from meetings.importing.text import MAX_TEXT_CHARS
from secretariat.persian import localize_digits
from tests.growth import assert_linear
from tests.meetings.importing.conftest import organization_id

HEADER = "دوازدهمین نشست کارگروه در تاریخ ۳۱ خرداد ۱۳۹۱ در شیراز برگزار شد.\n\n"


# -- numbering styles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second",
    [
        ("۱) ", "۲) "),
        ("1- ", "2- "),
        ("1 - ", "2 - "),
        ("1. ", "2. "),
        ("۱ـ ", "۲ـ "),
        ("(1) ", "(2) "),
    ],
    ids=["persian-paren", "dash", "spaced-dash", "dot", "tatweel", "parenthesized"],
)
def test_numbered_resolutions_in_every_numbering_style(parse, first, second):
    minutes = parse(
        HEADER
        + f"{first}مقرر شد سازمان میادین تهران گزارش را ارسال نماید.\n"
        + f"{second}مصوب گردید دبیرخانه صورتجلسه را ابلاغ کند.\n"
    )
    assert [r.number for r in minutes.resolutions] == [1, 2]
    assert [r.verb for r in minutes.resolutions] == ["مقرر شد", "مصوب گردید"]
    assert minutes.resolutions[0].label == first.strip()
    assert minutes.not_understood == []


def test_lettered_items_are_numbered_in_order_and_marked_as_a_guess(parse):
    minutes = parse(
        HEADER + "الف- مقرر شد دبیرخانه گزارش تهیه کند.\nب- مقرر شد سازمان میادین قم اقدام نماید.\n"
    )
    assert [(r.number, r.label) for r in minutes.resolutions] == [(1, "الف-"), (2, "ب-")]
    assert all(r.guesses for r in minutes.resolutions)


def test_bullets_are_numbered_in_order(parse):
    minutes = parse(HEADER + "مصوبات:\n• سازمان میادین کرج گزارش بدهد.\n- دبیرخانه پیگیری کند.\n")
    assert [r.number for r in minutes.resolutions] == [1, 2]
    assert minutes.resolutions[0].responsible.organization.organization_id == organization_id("karaj")
    assert minutes.resolutions[1].responsible.kind == "secretariat"
    assert minutes.resolutions[0].verb == ""
    assert len(minutes.resolutions[0].guesses) == 2  # numbered by position, and no decision verb


def test_nested_items_stay_with_their_resolution(parse):
    minutes = parse(
        HEADER
        + "1- مقرر شد موارد زیر انجام شود:\n"
        + "1-1- سازمان میادین تهران طرح را تهیه کند.\n"
        + "1-2- سازمان میادین مشهد نظر دهد.\n"
        + "2- مقرر شد دبیرخانه پیگیری نماید.\n"
    )
    assert [r.number for r in minutes.resolutions] == [1, 2]
    assert minutes.resolutions[0].items == [
        "1-1- سازمان میادین تهران طرح را تهیه کند.",
        "1-2- سازمان میادین مشهد نظر دهد.",
    ]
    assert "1-2- سازمان میادین مشهد" in minutes.resolutions[0].text
    assert minutes.not_understood == []


def test_a_repeated_number_is_renumbered_and_marked(parse):
    minutes = parse(HEADER + "1- مقرر شد الف.\n1- مقرر شد ب.\n")
    assert [r.number for r in minutes.resolutions] == [1, 2]
    assert minutes.resolutions[1].guesses


def test_unnumbered_paragraphs_that_open_with_a_decision_verb_are_resolutions(parse):
    minutes = parse(HEADER + "مقرر شد دبیرخانه گزارش را ارسال کند.\n\nمصوب شد نشست بعد در قم باشد.\n")
    assert [r.number for r in minutes.resolutions] == [1, 2]


def test_hard_wrapped_lines_join_their_paragraph(parse):
    long_line = "۱) مقرر شد سازمان میادین تهران با همکاری سازمانهای کرج و قم گزارش جامعی از وضعیت بازارها"
    minutes = parse(HEADER + long_line + "\nتهیه و به دبیرخانه ارسال نماید.\n۲) مقرر شد دبیرخانه اقدام کند.")
    assert len(minutes.resolutions) == 2
    assert minutes.resolutions[0].text.endswith("به دبیرخانه ارسال نماید.")
    assert minutes.line_kinds[4] == "resolution"


# -- decision verbs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb",
    ["مصوب شد", "مصوب گردید", "مقرر شد", "مقرر گردید", "مقرر می‌گردد", "تصویب شد", "تاکید شد", "قرار شد"],
)
def test_a_leading_decision_verb_is_taken_out_of_the_text(parse, verb):
    minutes = parse(HEADER + f"1- {verb} سازمان میادین اصفهان گزارش دهد.\n")
    resolution = minutes.resolutions[0]
    assert resolution.verb == verb.replace("\u200c", " ")
    assert resolution.text == "سازمان میادین اصفهان گزارش دهد."


@pytest.mark.parametrize(
    "verb", ["تصویب نمود", "موافقت نمود", "موافقت گردید", "مورد موافقت قرار گرفت", "به تصویب رسید"]
)
def test_a_closing_decision_verb_stays_in_the_text(parse, verb):
    minutes = parse(HEADER + f"1- کارگروه با پیشنهاد سازمان میادین رشت {verb}.\n")
    resolution = minutes.resolutions[0]
    assert resolution.verb == verb
    assert resolution.text.endswith(f"{verb}.")


def test_a_numbered_item_without_verb_and_section_is_not_understood(parse):
    minutes = parse(HEADER + "1- بررسی وضعیت بازارها\n")
    assert minutes.resolutions == []
    assert minutes.not_understood[0].text == "1- بررسی وضعیت بازارها"
    assert len(minutes.notes) == 1  # the number and date were found; no resolutions were


# -- responsible parties, collaborators and committees -----------------------------------------


@pytest.mark.parametrize(
    "sentence, key",
    [
        ("با مسوولیت سازمان میادین تبریز طرح تهیه شود.", "tabriz"),
        ("با مسئولیت سازمان میادین و ساماندهی مشاغل شهرداری کرمانشاه طرح تهیه شود.", "kermanshah"),
        ("توسط سازمان میادین اهواز طرح تهیه شود.", "ahvaz"),
        ("سازمان میادین زاهدان موظف است طرح را تهیه کند.", "zahedan"),
        ("سازمان میادین همدان مکلف است طرح را تهیه کند.", "hamedan"),
    ],
    ids=["ba-masooliat", "ba-masooliat-full-name", "tavasot", "movazaf", "mokallaf"],
)
def test_responsible_organization_phrases(parse, sentence, key):
    responsible = parse(HEADER + "1- مقرر شد " + sentence).resolutions[0].responsible
    assert responsible.kind == "organization"
    assert responsible.organization.organization_id == organization_id(key)
    assert responsible.guesses == []


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("توسط دبیرخانه گزارش تهیه شود.", "secretariat"),
        ("دبیر خانه موظف است گزارش تهیه کند.", "secretariat"),
        ("دبیر کارگروه موظف است گزارش تهیه کند.", "secretary"),
        ("توسط دبیر کارگروه از مدیران دعوت شود.", "secretary"),
    ],
)
def test_the_secretariat_and_the_secretary_as_responsible(parse, sentence, kind):
    assert parse(HEADER + "1- مقرر شد " + sentence).resolutions[0].responsible.kind == kind


def test_collaborators_in_order_after_a_responsible_organization(parse):
    resolution = parse(
        HEADER + "1- مقرر شد با مسوولیت سازمان میادین قم و با همکاری سازمانهای رشت، اهواز و کرج طرح تهیه شود."
    ).resolutions[0]
    assert resolution.responsible.organization.organization_id == organization_id("qom")
    assert [c.organization_id for c in resolution.collaborators] == [
        organization_id("rasht"),
        organization_id("ahvaz"),
        organization_id("karaj"),
    ]
    assert [c.text for c in resolution.collaborators] == ["رشت", "اهواز", "کرج"]


def test_a_committee_with_its_lead_collaborators_and_mandate(parse):
    minutes = parse(
        HEADER
        + "1- مقرر شد کمیته فنی با مسوولیت سازمان میادین کرج و همکاری سازمان‌های تبریز ، همدان و قم "
        + "تشکیل و نسبت به تدوین استاندارد غرفه‌ها اقدام نماید.\n"
    )
    committee = minutes.committees[0]
    assert committee.name == "کمیته فنی"
    assert committee.lead.organization_id == organization_id("karaj")
    assert [c.organization_id for c in committee.collaborators] == [
        organization_id("tabriz"),
        organization_id("hamedan"),
        organization_id("qom"),
    ]
    assert committee.mandate == "نسبت به تدوین استاندارد غرفه‌ها اقدام نماید"
    resolution = minutes.resolutions[0]
    assert (resolution.responsible.kind, resolution.responsible.committee) == ("committee", "کمیته فنی")
    assert [c.organization_id for c in resolution.collaborators] == [
        c.organization_id for c in committee.collaborators
    ]


def test_a_committee_named_as_responsible_without_being_formed(parse):
    resolution = parse(HEADER + "1- مقرر شد کمیته حقوقی موظف است پیش‌نویس را تهیه کند.").resolutions[0]
    assert (resolution.responsible.kind, resolution.responsible.committee) == ("committee", "کمیته حقوقی")


def test_an_unknown_organization_is_proposed_and_a_city_follows_the_members_naming(parse):
    minutes = parse(
        HEADER
        + "1- مقرر شد با مسوولیت سازمان میادین تهران و همکاری سازمانهای ارومیه و دانشگاه شیراز طرح تهیه شود."
    )
    resolution = minutes.resolutions[0]
    assert [c.is_known for c in resolution.collaborators] == [False, False]
    proposals = {p.text: p for p in minutes.unknown_organizations}
    assert proposals["ارومیه"].name == "سازمان میادین و ساماندهی مشاغل شهرداری ارومیه"
    assert proposals["ارومیه"].city == "ارومیه" and proposals["ارومیه"].member
    assert proposals["دانشگاه شیراز"].name == "دانشگاه شیراز"
    assert proposals["دانشگاه شیراز"].lines == [3]


# -- the session -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, number",
    [
        ("دوازدهمین نشست کارگروه در تاریخ ۳۱ خرداد ۱۳۹۱ برگزار شد.", 12),
        ("جلسه شماره 66 کارگروه در تاریخ 30/5/97 برگزار شد.", 66),
        ("نشست بیست و سوم کارگروه مورخ 1381/02/25 برگزار شد.", 23),
        ("صد و یکمین جلسه کارگروه در تاریخ ۱۴۰۱-۰۳-25 تشکیل شد.", 101),
    ],
)
def test_the_session_number_in_words_or_digits(parse, sentence, number):
    assert parse(sentence).session_number == number


@pytest.mark.parametrize(
    "sentence, jalali, iso",
    [
        (
            "نشست در تاریخهای ۳۱ خرداد و ۱ تیر ماه ۱۳۹۱ برگزار شد.",
            ["1391/03/31", "1391/04/01"],
            ["2012-06-20", "2012-06-21"],
        ),
        ("جلسه شماره 66 مورخ 30/5/97 برگزار شد.", ["1397/05/30"], ["2018-08-21"]),
        ("جلسه در تاریخ 1381/02/25 تشکیل شد.", ["1381/02/25"], ["2002-05-15"]),
        ("جلسه در تاریخ ۱۴۰۱-۰۳-25 تشکیل شد.", ["1401/03/25"], ["2022-06-15"]),
        (
            "نشست در روزهای ۵ و ۶ مهر ۱۳۹۱ برگزار شد.",
            ["1391/07/05", "1391/07/06"],
            ["2012-09-26", "2012-09-27"],
        ),
    ],
)
def test_session_dates_in_every_format(parse, sentence, jalali, iso):
    minutes = parse(sentence)
    assert [d.jalali for d in minutes.dates] == jalali
    assert [d.iso for d in minutes.dates] == iso


def test_a_two_digit_year_is_marked_as_a_guess(parse):
    minutes = parse("جلسه شماره 66 مورخ 30/5/97 برگزار شد.")
    assert minutes.dates[0].guesses


def test_header_fields_minutes(parse):
    minutes = parse(
        "بسمه تعالی\n"
        "صورتجلسه\n"
        "جلسه شماره: ۶۶     تاریخ: ۱۳۹۷/۰۵/۳۰     ساعت شروع: ۱۰     ساعت پایان: ۱۲:۳۰\n"
        "محل برگزاری: سازمان میادین تهران\n"
        "دستور جلسه:\n"
        "1- بررسی گزارش کمیته حقوقی\n"
        "2- تعیین زمان نشست بعدی\n"
        "مصوبات:\n"
        "1- گزارش کمیته حقوقی ارائه شد و مقرر شد تا پایان شهریور تکمیل گردد.\n"
        "2- جلسه آینده در تاریخ ۲۵ مهر ۱۳۹۷ به میزبانی سازمان میادین کرج برگزار شود.\n"
    )
    assert minutes.session_number == 66
    assert [d.jalali for d in minutes.dates] == ["1397/05/30"]
    assert (minutes.start_time, minutes.end_time) == ("10:00", "12:30")
    assert minutes.host.organization_id == organization_id("tehran")
    assert [(a.number, a.title) for a in minutes.agenda] == [
        (1, "بررسی گزارش کمیته حقوقی"),
        (2, "تعیین زمان نشست بعدی"),
    ]
    assert [r.number for r in minutes.resolutions] == [1, 2]
    assert minutes.resolutions[0].deadline.jalali == "1397/06/31"
    assert minutes.next_session.number == 67
    assert minutes.next_session.host.organization_id == organization_id("karaj")
    assert minutes.next_session.date.jalali == "1397/07/25"
    assert minutes.resolutions[1].schedules_next_session
    assert minutes.not_understood == []


def test_start_and_end_time_opening_programme_and_sittings(parse):
    minutes = parse(
        HEADER
        + "جلسه در ساعت ۹ و ۳۰ دقیقه صبح با تلاوت آیاتی از قرآن کریم آغاز شد.\n\n"
        + "دستور کار جلسه در دو نوبت صبح و بعدازظهر مطرح و به شرح ذیل تصویب شد:\n\n"
        + "1- مقرر شد دبیرخانه گزارش دهد.\n\n"
        + "جلسه در ساعت ۲ بعدازظهر با ذکر صلوات پایان یافت.\n"
    )
    assert (minutes.start_time, minutes.end_time) == ("09:30", "14:00")
    assert minutes.opening_programme == "تلاوت آیاتی از قرآن کریم"
    assert minutes.sittings == ["morning", "afternoon"]
    assert minutes.not_understood == []


def test_speeches_with_honorific_title_name_position_and_summary(parse):
    minutes = parse(
        HEADER
        + "در مراسم افتتاحیه : ابتدا سرکار خانم دکتر مریم احمدی، معاون سازمان میادین قم گفتند : بازارها رونق دارند. "
        + "سپس آقای رضایی عضو شورای اسلامی شهر شیراز با اشاره به کمبود بودجه خواستار همکاری شدند.\n"
    )
    first, second = minutes.speeches
    assert (first.honorific, first.title, first.first_name, first.last_name) == ("ms", "dr", "مریم", "احمدی")
    assert first.position == "معاون سازمان میادین قم"
    assert first.organization.organization_id == organization_id("qom")
    assert first.summary == "بازارها رونق دارند."
    assert first.occasion == second.occasion == "مراسم افتتاحیه"
    assert (second.honorific, second.last_name) == ("mr", "رضایی")
    assert second.organization.organization_id == organization_id("shiraz_council")
    assert second.summary.startswith("با اشاره به کمبود بودجه")


def test_a_mention_of_a_person_inside_a_speech_does_not_start_a_new_speech(parse):
    minutes = parse(
        HEADER + "جناب آقای کریمی دبیر کارگروه گفتند : از جناب آقای دبیری برای میزبانی تشکر می‌کنیم.\n"
    )
    assert len(minutes.speeches) == 1
    assert minutes.speeches[0].is_group_secretary
    assert "جناب آقای دبیری" in minutes.speeches[0].summary


# -- malformed input ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\n  \t"])
def test_an_empty_text_is_refused_with_a_message(text):
    with pytest.raises(ImportTextError) as error:
        parse_minutes(text)
    assert str(error.value)


def test_a_text_with_no_resolutions_says_so_and_lists_what_it_did_not_understand(parse):
    minutes = parse("این متن یک نامه اداری است و صورتجلسه نیست.\n\nبا تشکر")
    assert minutes.resolutions == []
    assert len(minutes.not_understood) == 2
    assert len(minutes.notes) == 3  # no number, no date, no resolutions


def test_a_one_megabyte_text_is_refused_with_a_clear_message(parse):
    text = ("۱) مقرر شد دبیرخانه گزارش را ارسال کند.\n" * 30000)[: 1024 * 1024]
    assert len(text) > MAX_TEXT_CHARS
    with pytest.raises(ImportTextError) as error:
        parse(text)
    assert localize_digits(f"{MAX_TEXT_CHARS:,}") in str(error.value)
    assert localize_digits(f"{len(text):,}") in str(error.value)


def test_a_long_text_within_the_limit_is_read_whole_and_in_linear_time(parse):
    block = HEADER + "".join(
        f"{n}- مقرر شد سازمان میادین تهران و همکاری سازمانهای قم و رشت اقدام کند.\n" for n in range(1, 200)
    )
    minutes = parse((block * 20)[: MAX_TEXT_CHARS - 10])
    assert len(minutes.resolutions) > 1000

    def reading(blocks: int):
        text = block * blocks
        return lambda: parse(text)

    assert_linear(reading, 2)


@pytest.mark.parametrize(
    "unit",
    ["جناب آقای ", "1- ", "سازمان ", "مقرر شد ", "کمیته با مسوولیت ", "۳۱ خرداد ", "(", "کلمه "],
)
def test_pathological_repetitions_are_read_in_linear_time(parse, unit):
    def reading(size: int):
        text = unit * (size // len(unit))
        return lambda: parse(text)

    assert_linear(reading, MAX_TEXT_CHARS // 16)


def test_mangled_minutes_never_crash(parse):
    import random

    from meetings.demo import SEED_MINUTES

    seed = SEED_MINUTES.read_text(encoding="utf-8")
    words = seed.split()
    rng = random.Random(1391)
    for _ in range(150):
        lines = seed.split("\n")
        rng.shuffle(lines)
        for text in (
            "\n".join(lines),
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 200))),
            "".join(
                rng.choice("۱۲3-).:،( \nجلسهنشستمقرر شدآقایسازمانکمیته با مسوولیت همکاری") for _ in range(500)
            ),
        ):
            try:
                minutes = parse(text)
            except ImportTextError:
                continue  # an empty text is refused with a message, which is fine
            # Every line of the text is placed somewhere or listed as not understood.
            written = {number for number, line in enumerate(text.split("\n"), start=1) if line.strip(" *#")}
            assert written <= set(minutes.line_kinds)


@pytest.mark.parametrize(
    ("text", "number"),
    [("صورتجلسه همایش شماره ۵", 5), ("دوازدهمین همایش کارگروه", 12), ("نشست‌ دوازدهم", 12)],
)
def test_every_reader_knows_the_same_words_for_a_session(text, number):
    """The session words are one pattern (``importing.patterns``): «همایش» numbers a session too."""
    from meetings.importing.numbers import find_session_number

    assert find_session_number(text)[0] == number
